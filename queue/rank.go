package queue

import (
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Section is where a row stands in the queue: due first, then upcoming, then blocked.
type Section uint8

// The sections, in display order.
const (
	SectionDue Section = iota
	SectionUpcoming
	SectionBlocked
)

var sectionNames = [...]string{"due", "upcoming", "blocked"}

// String returns due, upcoming or blocked (the `queue --format json` status).
func (s Section) String() string { return sectionNames[s] }

// Block says why an order may not be contacted now or any more.
type Block uint8

// The block reasons. BlockNone means the order is not blocked.
const (
	BlockNone     Block = iota
	BlockOptedOut       // the buyer opted out or complained: none of their orders
	BlockOutcome        // an outcome ended contact (claimed paid, invalid, duplicate)
	BlockCap            // the order's contact cap is reached
	BlockClaimed        // another specialist holds the claim lease
	BlockExpired        // past its close deadline
	BlockGaveUp         // followed up for the configured days, the buyer never answered
	BlockCallback       // another specialist's callback: theirs until an hour after it is due
)

// Why is a bit set of the reasons behind a row's rank, turned into words by Explain.
type Why uint32

// The reasons.
const (
	WhyHighTicket Why = 1 << iota
	WhyLowTicket
	WhyNewBuyer
	WhyReturning
	WhyFirstWave
	WhySecondWave
	WhyRetry
	WhyClosingSoon
	WhyPeak
	WhyCallAverse
	WhyFlash
	WhyCallback
	WhySnoozed
	WhyQuiet
	WhyMeal
	WhyGrace
	WhyCooldown
	WhyMine
	WhyDeclined
	WhyDuplicate
	WhyDoubleShipping
)

// Row is one ranked order. Rows are 16 bytes and hold no strings: text is made only for the
// rows on screen (Explain), so ranking a million orders allocates nothing per order and the
// ranked queue stays small. The small facts are packed; read them with the methods.
type Row struct {
	Order int32 // index into Snapshot.Orders
	Why   Why
	v     uint32 // due: the score; upcoming: NextAt as unsigned unix seconds (good until 2106)
	owner int16
	bits  uint16 // section, channel, rule, block and wave (see the row* shifts)
}

// Where each small fact sits in Row.bits.
const (
	rowSection = 0  // 2 bits
	rowChannel = 2  // 2 bits
	rowRule    = 4  // 3 bits
	rowBlock   = 7  // 3 bits
	rowWave    = 10 // 2 bits
)

// Compile-time checks that every value fits its bits.
const (
	_ uint = 3 - uint(SectionBlocked)
	_ uint = 3 - uint(ChannelPhone)
	_ uint = 7 - uint(RuleSMSSpent)
	_ uint = 7 - uint(BlockCallback)
	_ uint = 3 - uint(WaveRetry)
)

func (r Row) field(shift, width uint) uint16 { return r.bits >> shift & (1<<width - 1) }

// Section is where the row stands: due, upcoming or blocked.
func (r Row) Section() Section { return Section(r.field(rowSection, 2)) }

// Channel is the suggested channel.
func (r Row) Channel() Channel { return Channel(r.field(rowChannel, 2)) }

// Rule is the channel rule that chose Channel.
func (r Row) Rule() ChannelRule { return ChannelRule(r.field(rowRule, 3)) }

// Block says why a blocked row may not be contacted (BlockNone otherwise).
func (r Row) Block() Block { return Block(r.field(rowBlock, 3)) }

// Wave is the round of contact the order is in.
func (r Row) Wave() Wave { return Wave(r.field(rowWave, 2)) }

// Score is the urgency of a due row, higher first; 0 for other rows.
func (r Row) Score() int32 {
	if r.Section() != SectionDue {
		return 0
	}
	return int32(r.v)
}

// NextAt is when an upcoming row becomes due (unix seconds); 0 for other rows.
func (r Row) NextAt() int64 {
	if r.Section() != SectionUpcoming {
		return 0
	}
	return int64(r.v)
}

// Owner is who chases the order: the reception agent, the roster's specialist of its hour,
// or -1 (an index into Snapshot.Operators).
func (r Row) Owner() int32 { return int32(r.owner) }

// Input is everything a ranking depends on. The ranking is a pure function of it.
type Input struct {
	Snap   *Snapshot
	Config *Config
	Now    time.Time
	Me     int32 // the viewing operator's index in Snap.Operators; -1 = nobody in particular
}

// Ranker ranks snapshots, reusing its buffers between calls so a live re-rank each second
// does not churn memory. It is not safe for concurrent use.
type Ranker struct {
	eval  []Row    // rows by snapshot index
	out   []Row    // rows in display order
	keys  []uint64 // sort keys (see sortKey) with the row's index below them
	tmp   []uint64 // radix sort scratch
	facts []uint8  // per-buyer facts of this ranking (buyerFact bits)
	parts []part   // each worker's share of the evaluation
	// Due, Upcoming and Blocked count the rows of each section after the last Rank.
	Due, Upcoming, Blocked int
}

// part is what one worker learns while it evaluates its contiguous part of the orders: how
// many rows fall in each section, and how many keys have each value of each sort digit.
type part struct {
	sections [3]int
	hist     [keyDigits][digitBuckets]int
}

// count counts the digits of sort key k (without its index).
func (p *part) count(k uint64) {
	p.hist[0][k&(digitBuckets-1)]++
	p.hist[1][k>>digitBits&(digitBuckets-1)]++
}

// Rank evaluates every order at in.Now and returns the rows in display order: due rows by
// urgency, upcoming rows by due time, blocked rows last. The slice is reused by the next call.
//
// A million orders must rank in a few tens of milliseconds, so the work is laid out for the
// machine: buyers' facts go into a dense byte array first, orders are evaluated on every core
// into rows and 64-bit sort keys (counting the keys' digits on the way), and the keys are
// radix sorted on every core too.
func (r *Ranker) Rank(in Input) []Row {
	n := len(in.Snap.Orders)
	r.eval = resize(r.eval, n)
	r.out = resize(r.out, n)
	r.keys = resize(r.keys, n)
	r.tmp = resize(r.tmp, n)
	r.facts = resize(r.facts, len(in.Snap.Buyers))
	r.parts = resize(r.parts, workersFor(n))
	ev := newEvaluator(in, r.facts)
	idxBits := max(bits.Len(uint(n)), 1)

	parallel(len(in.Snap.Buyers), ev.buyerFacts)
	orders := in.Snap.Orders
	eachChunk(n, len(r.parts), func(w, lo, hi int) {
		p := &r.parts[w]
		*p = part{}
		for i := lo; i < hi; i++ {
			row := ev.evaluate(int32(i))
			r.eval[i] = row
			k := ev.sortKey(row, orders[i].Created)
			r.keys[i] = k<<idxBits | uint64(i)
			p.count(k)
			p.sections[row.Section()]++
		}
	})
	r.Due, r.Upcoming, r.Blocked = 0, 0, 0
	for i := range r.parts {
		c := &r.parts[i].sections
		r.Due, r.Upcoming, r.Blocked = r.Due+c[SectionDue], r.Upcoming+c[SectionUpcoming], r.Blocked+c[SectionBlocked]
	}
	sortRows(r.keys, r.tmp, idxBits, r.parts, r.eval, r.out)
	return r.out
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// workersFor returns how many cores to split n items over: small inputs run inline.
func workersFor(n int) int {
	if n < 20000 {
		return 1
	}
	return max(runtime.GOMAXPROCS(0), 1)
}

// parallel runs f over [0, n) split into one chunk per core. Small inputs run inline.
func parallel(n int, f func(lo, hi int)) {
	eachChunk(n, workersFor(n), func(_, lo, hi int) { f(lo, hi) })
}

// eachChunk runs f on each worker w's contiguous part [lo, hi) of [0, n), all at once.
func eachChunk(n, workers int, f func(w, lo, hi int)) {
	if workers <= 1 {
		f(0, 0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := min(w*chunk, n), min((w+1)*chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w, lo, hi)
		}()
	}
	wg.Wait()
}

// The sort key (see sortKey) is two digits of a radix sort: the section, then the section's
// measure. Two passes over a million keys cost less than three; 12-bit digits keep each
// pass's buckets in the core's cache.
const (
	digitBits    = 12
	digitBuckets = 1 << digitBits
	keyDigits    = 2
	measureBits  = keyDigits*digitBits - 2 // below the section's 2 bits
)

// maxScore bounds the urgency points a due row can have. Scores stay well below it (about
// 2,200 at most); the bound keeps the sort key short.
const maxScore = 1<<12 - 1

// A due row's measure tells older orders from newer among equal scores in dueAgeUnit steps,
// dueAgeBits of them: 1,024 five-minute steps cover 85 hours, past the default 72-hour
// deadline.
const (
	dueAgeBits = measureBits - 12
	dueAgeUnit = 300
)

// sortKey packs a row's place into keyDigits digits: the section, then the section's
// measure. Due rows: more urgency points first, older orders first among equals. Upcoming
// rows: sooner due time first (to the second, 48 days ahead). Blocked rows: newer orders
// first (to the minute). Equal keys keep the snapshot's (deterministic) order because the
// radix sort is stable.
func (ev *evaluator) sortKey(row Row, created int64) uint64 {
	const limit = 1<<measureBits - 1
	var m int64
	sec := row.Section()
	switch sec {
	case SectionDue:
		inv := int64(maxScore - min(int64(row.v), maxScore))
		age := min(max(ev.now-created, 0)/dueAgeUnit, 1<<dueAgeBits-1)
		m = inv<<dueAgeBits | (1<<dueAgeBits - 1 - age)
	case SectionUpcoming:
		m = int64(row.v) - ev.now
	default:
		m = (ev.now - created) / 60
	}
	m = min(max(m, 0), limit)
	return uint64(sec)<<measureBits | uint64(m)
}

// sortRows puts the rows of eval into out in the order of their keys (one per row, with the
// row's index in the low lo bits). It is an LSD radix sort of the key's digits above lo that
// skips a digit every key shares. The sort is stable, so bits below lo keep the order the
// keys came in: the index is already in order and need not be sorted. The last pass moves
// the rows themselves, so no separate gather is needed.
//
// Each pass runs on every core: each worker counts its own contiguous part of the keys,
// and the counts give every worker its own places in each bucket, in worker order, so the
// result is the same as one stable pass. parts holds each worker's counts of the keys as
// they come in (Rank makes them while it evaluates), so the first pass needs no counting of
// its own. keys, tmp and parts' counts are all overwritten.
func sortRows(keys, tmp []uint64, lo int, parts []part, eval, out []Row) {
	n := len(keys)
	if n == 0 {
		return
	}
	mask := uint64(1)<<lo - 1
	var passes []int
	for d := 0; d < keyDigits; d++ {
		b := (keys[0] >> (lo + d*digitBits)) & (digitBuckets - 1)
		same := 0
		for w := range parts {
			same += parts[w].hist[d][b]
		}
		if same != n {
			passes = append(passes, d)
		}
	}
	if len(passes) == 0 { // already in order
		parallel(n, func(lo0, hi int) {
			for i := lo0; i < hi; i++ {
				out[i] = eval[keys[i]&mask]
			}
		})
		return
	}
	workers := len(parts)
	src, dst := keys, tmp
	for p, d := range passes {
		shift := uint(lo + d*digitBits)
		if p > 0 { // the counts from Rank are of the keys in their first order only
			eachChunk(n, workers, func(w, lo0, hi int) {
				h := &parts[w].hist[d]
				*h = [digitBuckets]int{}
				for _, k := range src[lo0:hi] {
					h[(k>>shift)&(digitBuckets-1)]++
				}
			})
		}
		sum := 0
		for b := 0; b < digitBuckets; b++ {
			for w := range parts {
				c := parts[w].hist[d][b]
				parts[w].hist[d][b] = sum
				sum += c
			}
		}
		last := p == len(passes)-1
		eachChunk(n, workers, func(w, lo0, hi int) {
			h := &parts[w].hist[d]
			if last {
				for _, k := range src[lo0:hi] {
					b := (k >> shift) & (digitBuckets - 1)
					out[h[b]] = eval[k&mask]
					h[b]++
				}
				return
			}
			for _, k := range src[lo0:hi] {
				b := (k >> shift) & (digitBuckets - 1)
				dst[h[b]] = k
				h[b]++
			}
		})
		src, dst = dst, src
	}
}

// evaluator holds what is the same for every order of one ranking.
type evaluator struct {
	in     Input
	cfg    *Config
	zone   zone
	now    int64
	today  int32
	peak   bool
	facts  []uint8
	phones []bool
	roster []int32 // the roster's specialists as snapshot operator indexes (-1 = not in it)
	quiet  *windows
	meals  *windows
	t      timing // the timing settings in seconds
}

// noWindows is the empty window list: nothing is held back.
var noWindows windows

// callbackHold is how long after a promised callback falls due it stays its specialist's;
// after that anyone may make the call, so no buyer is forgotten.
const callbackHold = 3600

// owner returns who chases the order: the reception agent named by the export (谁接待谁催付),
// or for a silent order the roster's specialist of the hour it was placed in, or -1.
func (ev *evaluator) owner(o *Order) int32 {
	if o.Agent >= 0 || len(ev.roster) == 0 {
		return o.Agent
	}
	hour := floorDiv(o.Created+ev.zone.off, 3600)
	return ev.roster[floorMod(hour, int64(len(ev.roster)))]
}

// Buyer facts: what the rules need of a buyer, one byte each so a million buyers fit in the
// cache.
const (
	factPhoneOK uint8 = 1 << iota
	factReturning
	factOptedOut
	factSMSToday
)

func newEvaluator(in Input, facts []uint8) *evaluator {
	cfg := in.Config
	now := in.Now.Unix()
	z := newZone(cfg.Location, in.Now)
	ev := &evaluator{in: in, cfg: cfg, zone: z, now: now, today: z.day(now), facts: facts, phones: in.Snap.phones(),
		quiet: newWindows(cfg.Timing.Quiet), meals: newWindows(cfg.Timing.Meals), t: cfg.Timing.secs()}
	for _, name := range cfg.Roster.Operators {
		ev.roster = append(ev.roster, int32(slices.Index(in.Snap.Operators, name)))
	}
	ph := cfg.PhaseAt(in.Now)
	ev.peak = ph != PhaseOrdinary && ph != PhaseDayAfter && inAny(cfg.Timing.Peaks, z.minute(now))
	return ev
}

func (ev *evaluator) buyerFacts(lo, hi int) {
	for i := lo; i < hi; i++ {
		ev.facts[i] = facts(&ev.in.Snap.Buyers[i], ev.phones[i], ev.today)
	}
}

func factsOf(b *Buyer, today int32) uint8 { return facts(b, PhoneUsable(b.Phone), today) }

func facts(b *Buyer, phoneOK bool, today int32) uint8 {
	var f uint8
	if phoneOK {
		f |= factPhoneOK
	}
	if b.Returning() {
		f |= factReturning
	}
	if b.OptedOut {
		f |= factOptedOut
	}
	if b.SMSDay == today && today != 0 {
		f |= factSMSToday
	}
	return f
}

func inAny(ws []Window, m int32) bool {
	for _, w := range ws {
		if w.Contains(m) {
			return true
		}
	}
	return false
}

// Deadline returns the order's close deadline: the export's, or the configured default.
func (c *Config) Deadline(o *Order) int64 {
	t := c.Timing.secs()
	return t.deadlineOf(o)
}

// timing is TimingConfig in whole seconds, worked out once per ranking instead of once per
// order.
type timing struct {
	grace, firstWave, secondWave, cooldown, deadline, flashDeadline int64
	giveUp                                                          int64 // 0 = never give up
}

func (t *TimingConfig) secs() timing {
	return timing{grace: t.Grace.Seconds(), firstWave: t.FirstWave.Seconds(), secondWave: t.SecondWave.Seconds(),
		cooldown: t.Cooldown.Seconds(), deadline: t.Deadline.Seconds(), flashDeadline: t.FlashDeadline.Seconds(),
		giveUp: int64(max(t.HighTicketDays, 0)) * 86400}
}

// deadlineOf returns the order's close deadline: the export's, or the configured default.
func (t *timing) deadlineOf(o *Order) int64 {
	if o.Deadline != 0 {
		return o.Deadline
	}
	if o.Flags&FlagFlash != 0 {
		return o.Created + t.flashDeadline
	}
	return o.Created + t.deadline
}

// Cap returns the most contacts the order may get.
func (c *Config) Cap(o *Order) int {
	if o.Amount < c.Value.LowTicket {
		return c.Caps.PerLowTicketOrder
	}
	return c.Caps.PerOrder
}

func (ev *evaluator) evaluate(i int32) Row {
	cfg := ev.cfg
	o := &ev.in.Snap.Orders[i]
	f := ev.facts[o.Buyer]
	c := &o.Contact
	row := Row{Order: i}

	// The segment reasons come first: they explain every section. The yes/no facts become
	// bits without branches: random orders make branches on them mispredict.
	switch {
	case o.Amount >= cfg.Value.HighTicket:
		row.Why |= WhyHighTicket
	case o.Amount < cfg.Value.LowTicket:
		row.Why |= WhyLowTicket
	}
	returning := Why(f&factReturning) / Why(factReturning) // 1 or 0
	row.Why |= returning*WhyReturning | (1-returning)*WhyNewBuyer
	row.Why |= Why(o.Flags&FlagCallAverse)/Why(FlagCallAverse)*WhyCallAverse |
		Why(o.Flags&FlagFlash)/Why(FlagFlash)*WhyFlash |
		Why(o.Flags&FlagDuplicate)/Why(FlagDuplicate)*WhyDuplicate |
		Why(o.Flags&FlagDoubleShipping)/Why(FlagDoubleShipping)*WhyDoubleShipping
	owner := ev.owner(o)
	row.owner = int16(owner) // operator indexes are small: a shop has tens of specialists
	if ev.in.Me >= 0 && (owner == ev.in.Me || (c.ClaimBy == ev.in.Me && c.ClaimUntil > ev.now)) {
		row.Why |= WhyMine
	}

	deadline := ev.t.deadlineOf(o)
	wave := ev.wave(o)
	ch, rule := cfg.chooseChannel(o, f, wave)
	row.bits = uint16(wave)<<rowWave | uint16(ch)<<rowChannel | uint16(rule)<<rowRule
	if blk := ev.block(o, f, deadline); blk != BlockNone {
		row.bits |= uint16(SectionBlocked)<<rowSection | uint16(blk)<<rowBlock
		return row
	}
	switch wave {
	case WaveFirst:
		row.Why |= WhyFirstWave
	case WaveSecond:
		row.Why |= WhySecondWave
	default:
		row.Why |= WhyRetry
	}
	if c.LastResult == ResultDeclined {
		row.Why |= WhyDeclined
	}

	due, why := ev.dueAt(o, deadline, wave, ch)
	row.Why |= why
	if deadline-ev.now < 6*3600 {
		row.Why |= WhyClosingSoon
	}
	if due > ev.now {
		row.bits |= uint16(SectionUpcoming) << rowSection
		row.v = uint32(min(due, math.MaxUint32))
		return row
	}
	row.bits |= uint16(SectionDue) << rowSection
	row.v = uint32(ev.score(o, deadline, row))
	if ev.peak {
		row.Why |= WhyPeak
	}
	return row
}

// block returns why the order may not be contacted, or BlockNone.
func (ev *evaluator) block(o *Order, f uint8, deadline int64) Block {
	c := &o.Contact
	switch {
	case f&factOptedOut != 0:
		return BlockOptedOut
	case c.Closed:
		return BlockOutcome
	case int(c.Touches) >= ev.cfg.Cap(o):
		return BlockCap
	case c.ClaimBy >= 0 && c.ClaimBy != ev.in.Me && c.ClaimUntil > ev.now:
		return BlockClaimed
	case c.CallbackOwner > 0 && c.CallbackOwner-1 != ev.in.Me && c.LastResult == ResultPromised && ev.now < c.Until+callbackHold:
		return BlockCallback
	case ev.now >= deadline:
		return BlockExpired
	case c.Touches > 0 && !c.Answered && ev.t.giveUp > 0 && ev.now-o.Created >= ev.t.giveUp:
		return BlockGaveUp
	}
	return BlockNone
}

// wave returns the round of contact the order is in.
func (ev *evaluator) wave(o *Order) Wave {
	c := &o.Contact
	switch {
	case c.Touches == 0:
		return WaveFirst
	case c.Touches == 1 && !c.Answered && c.LastChannel == ChannelIM &&
		ev.zone.day(c.LastAt) == ev.today:
		return WaveSecond
	}
	return WaveRetry
}

// dueAt returns when the order becomes due, after the grace period, the waves, the
// cooldown, callbacks and the quiet and meal windows, with the reasons that moved it.
func (ev *evaluator) dueAt(o *Order, deadline int64, w Wave, ch Channel) (int64, Why) {
	t := &ev.t
	c := &o.Contact
	var why Why
	var due int64
	switch w {
	case WaveFirst:
		due = o.Created + t.firstWave
		// An order that closes before its first wave is worth a word as soon as the
		// grace period is over.
		if deadline-t.firstWave < due {
			due = deadline - t.firstWave
		}
	case WaveSecond:
		due = max(o.Created+t.secondWave, c.LastAt+t.cooldown)
	default:
		due = nextSameClock(o.Created, c.LastAt+t.cooldown)
	}
	if grace := o.Created + t.grace; due < grace {
		due = grace
		if ev.now < grace {
			why |= WhyGrace
		}
	}
	if c.Touches > 0 && c.LastAt+t.cooldown > due {
		due = c.LastAt + t.cooldown
		if ev.now < due {
			why |= WhyCooldown
		}
	}
	switch {
	case c.Until != 0 && c.LastResult == ResultPromised:
		// The buyer named the time: the callback keeps it, whatever the waves say.
		due = c.Until
		why |= WhyCallback
	case c.Until > due:
		due = c.Until
		why |= WhySnoozed
	}
	// Quiet hours are absolute. Meal times hold back what interrupts a meal (a call, a text
	// message) and give way to a deadline that would pass; a chat message waits in the app.
	meals := ev.meals
	if ch == ChannelIM {
		meals = &noWindows
	}
	// A due time already past is checked at now: an overdue order still waits out the night.
	for {
		moved := false
		at := max(due, ev.now)
		if end, ok := ev.zone.windowEnd(ev.quiet, at); ok {
			due, moved = end, true
			if ev.now < due {
				why |= WhyQuiet
			}
		}
		if end, ok := ev.zone.windowEnd(meals, at); ok && end < deadline {
			due, moved = end, true
			if ev.now < due {
				why |= WhyMeal
			}
		}
		if !moved {
			break
		}
	}
	return due, why
}

// nextSameClock returns the first instant at or after `after` that has the same clock time
// as created (whole days later): the next-day retry.
func nextSameClock(created, after int64) int64 {
	if after <= created {
		return created + 86400
	}
	days := (after - created + 86399) / 86400
	return created + days*86400
}

// windowEnd reports whether unix time t falls in one of the windows (in loc), and if so
// the first moment after that window.
func windowEnd(ws []Window, t int64, loc *time.Location) (int64, bool) {
	m := MinuteOfDay(t, loc)
	for _, w := range ws {
		if !w.Contains(m) || w.Start == w.End {
			continue
		}
		lt := time.Unix(t, 0).In(loc)
		y, mo, d := lt.Date()
		end := time.Date(y, mo, d, int(w.End/60), int(w.End%60), 0, 0, loc)
		if !end.After(lt) {
			end = time.Date(y, mo, d+1, int(w.End/60), int(w.End%60), 0, 0, loc)
		}
		return end.Unix(), true
	}
	return 0, false
}

// score is the urgency of a due order: the close deadline dominates, then the value, then
// how fresh the wave is. It is an integer so the ranking is exact and fast.
func (ev *evaluator) score(o *Order, deadline int64, row Row) int32 {
	left := deadline - ev.now
	if left < 0 {
		left = 0
	}
	// 1000 at the deadline, 500 with an hour left, ~13 at 72 hours.
	s := int64(1000 * 3600 / uint64(left+3600))
	// Value: about 40 points per doubling of the amount in yuan.
	s += int64(40 * bits.Len64(uint64(max(o.Amount, 0)/100)))
	switch row.Wave() {
	case WaveFirst:
		s += 100 // fresh orders convert best
	case WaveSecond:
		s += 60
	default:
		s += 30
	}
	if row.Rule() == RuleNewHighValue {
		s += 50
	}
	if ev.peak {
		s += 80
	}
	if o.Contact.Until != 0 && o.Contact.LastResult == ResultPromised {
		s += 120 // a promised callback is a date with the buyer
	}
	if row.Why&WhyMine != 0 {
		s += 40 // 谁接待谁催付: the owner's own orders first
	}
	return int32(s)
}

// Quiet reports whether t falls in the shop's quiet hours, when nobody is contacted.
func (c *Config) Quiet(t time.Time) bool {
	return inAny(c.Timing.Quiet, MinuteOfDay(t.Unix(), c.Location))
}
