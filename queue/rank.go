package queue

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"weak"
)

// The ranking lives in small files, one concern each, with its table test beside it:
//
//	rank.go   this driver: the evaluation of each order into a row, on every core
//	row.go    the ranked row and how its small facts are packed
//	sort.go   the sort key and the parallel radix sort of the rows
//	block.go  why an order may not be contacted (the blocked section)
//	due.go    when an order becomes due: waves, cooldown, callbacks, quiet and meal hours
//	score.go  the urgency of a due order
//	owner.go  who chases the order
//	channel.go which channel to use
//	aftercall.go the SMS soon after an unanswered call
//	group.go  one buyer, one conversation: a lead and the orders grouped under it

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
	free  []uint32 // per buyer: when their daily cap frees up (daycap.go), when the config has one
	freed []int32  // the buyers whose entry of free the last ranking set
	lead  []uint64 // per buyer: their lead word, when tmp is too short (see leadScratch)
	parts []part   // each worker's share of the evaluation
	// scattered makes the ranking group every buyer's orders as if they lay apart (the way
	// for a snapshot not laid out), so tests can hold the two ways to one result.
	scattered bool
	inRuns    bool // the last ranking grouped each buyer's orders where they lie (groupRun)
	// apart is the last snapshot whose buyers' orders were found apart: its next rankings
	// group them the general way from the start.
	apart weak.Pointer[Snapshot]
	// Due, Upcoming, Blocked and Grouped count the rows of each section after the last Rank.
	Due, Upcoming, Blocked, Grouped int
}

// Rank evaluates every order at in.Now and returns the rows in display order: due rows by
// urgency, each buyer's other orders grouped under their lead (see group.go), upcoming rows
// by due time, blocked rows last. The slice is reused by the next call.
//
// A million orders must rank in a few tens of milliseconds, so the work is laid out for the
// machine: orders are evaluated on every core into rows and 64-bit sort keys, counting the
// keys' digits on the way; a laid out snapshot's buyers come in step with their orders, so
// each buyer's facts are made as their run of orders starts and their orders are grouped
// under the lead as it ends, in the core's cache; and the keys are radix sorted on every core
// too. A snapshot in another order is ranked the general way: the buyers' facts go into a
// dense byte array first, and their orders are grouped after the evaluation (group.go).
func (r *Ranker) Rank(in Input) []Row {
	// A snapshot is laid out (layout.go) as the store hands it out, and its buyers are
	// grouped where their orders lie; one that turns out not to be is ranked again the
	// general way, and so are its next rankings.
	scattered := r.scattered || r.apart == weak.Make(in.Snap)
	if rows, ok := r.rank(in, scattered); ok {
		return rows
	}
	r.apart = weak.Make(in.Snap)
	rows, _ := r.rank(in, true)
	return rows
}

// rank is Rank, grouping each buyer's orders where they lie unless scattered. It reports
// false, with the rows unfinished, when a buyer's orders were found apart that way.
func (r *Ranker) rank(in Input, scattered bool) ([]Row, bool) {
	n := len(in.Snap.Orders)
	r.eval = resize(r.eval, n)
	r.out = resize(r.out, n)
	r.keys = resize(r.keys, n)
	r.tmp = resize(r.tmp, n)
	r.parts = resize(r.parts, workersFor(n))
	ev, cfg := newEvaluator(in), in.Config
	idxBits := max(bits.Len(uint(n)), 1)

	orders := in.Snap.Orders
	// The general way reads the buyers' facts from a dense array made first, and groups
	// their orders with a word per buyer (see group). Grouped where they lie, a buyer's
	// facts are made when their run of orders starts, in step with the orders.
	var leads []uint64
	var groups atomic.Bool // some buyer has several open orders
	if scattered {
		r.facts = resize(r.facts, len(in.Snap.Buyers))
		ev.facts = r.facts
		leads = r.leadScratch(len(in.Snap.Buyers))
		parallel(len(in.Snap.Buyers), func(lo, hi int) {
			if ev.buyerFacts(leads, lo, hi) {
				groups.Store(true)
			}
		})
	}
	if ev.dayFree, r.freed = dayCaps(in.Snap, cfg.Caps.PerBuyerDay, ev.now, r.free, r.freed); ev.dayFree != nil {
		r.free = ev.dayFree
	}
	perBuyer := cfg.Caps.PerBuyer > 0
	cap := uint64(max(cfg.Caps.PerBuyer, 0))
	splitParts(r.parts, orders)
	eachPart(r.parts, func(w, lo, hi int) {
		p := &r.parts[w]
		*p = part{from: lo, to: hi, whole: true}
		if scattered {
			r.evaluateApart(ev, p, idxBits, perBuyer)
		} else {
			r.evaluateRuns(ev, p, idxBits, cap)
		}
	})
	if !scattered {
		for i := range r.parts {
			if r.parts[i].groups {
				groups.Store(true)
			}
		}
	}
	inRuns := false // every buyer's orders were grouped where they lie (groupRun)
	defer func() { r.inRuns = inRuns }()
	switch {
	case !groups.Load():
	case scattered:
		r.noteLeads(leads, cap)
		r.group(ev, leads, idxBits)
	case !allWhole(r.parts):
		return nil, false // some groups were made in runs, the facts in step: start anew
	default:
		inRuns = true
	}
	r.Due, r.Upcoming, r.Blocked, r.Grouped = 0, 0, 0, 0
	for i := range r.parts {
		c := &r.parts[i].sections
		r.Due, r.Upcoming, r.Blocked = r.Due+c[SectionDue], r.Upcoming+c[SectionUpcoming], r.Blocked+c[SectionBlocked]
		r.Grouped += c[SectionGrouped]
	}
	sortRows(r.keys, r.tmp, idxBits, r.parts, r.eval, r.out, !scattered)
	if r.Grouped > 0 && scattered {
		placeGroups(r.out, r.eval, r.Due, r.Grouped, r.tmp, r.keys, len(r.parts), func(o int32, score uint32) uint64 {
			return ev.sortKey(SectionDue, score, orders[o].Created)
		})
	}
	return r.out, true
}

// evaluateApart evaluates the orders of part p the general way: it lists, at the start of
// the part's place in out (free until the sort), the rows of buyers with several open orders
// that their lead and group come from (see group), and sets such a row's Order to 1 + its
// buyer until the sort (the key holds the row's index).
func (r *Ranker) evaluateApart(ev *evaluator, p *part, idxBits int, perBuyer bool) {
	orders := ev.orders
	for i := p.from; i < p.to; i++ {
		b := orders[i].Buyer
		f := ev.facts[b]
		row := &r.eval[i]
		sec, _ := r.place(ev, p, row, i, f, idxBits)
		row.Order = b2i32(f&factGroup != 0) * (b + 1)
		if f&factGroup != 0 && (sec <= SectionUpcoming || perBuyer) {
			var touches uint8
			if perBuyer {
				touches = orders[i].Contact.Touches
			}
			r.out[p.from+p.grouping] = Row{Order: int32(i), v: uint32(touches)}
			p.grouping++
		}
	}
}

// evaluateRuns evaluates the orders of part p of a laid out snapshot: each buyer's facts are
// made as their run of orders starts, and a buyer with several open orders is grouped as the
// run ends (groupRun), while its rows are in the core's cache. The run's least key is kept on
// the way: due keys sort first, so it is the buyer's lead when it is due.
func (r *Ranker) evaluateRuns(ev *evaluator, p *part, idxBits int, cap uint64) {
	orders := ev.orders
	runB, runFrom, least := int32(-1), p.from, ^uint64(0)
	var f uint8
	for i := p.from; i < p.to; i++ {
		if b := orders[i].Buyer; b != runB {
			if f&factGroup != 0 {
				p.whole = r.groupRun(ev, p, runB, runFrom, i, least, cap, idxBits) && p.whole
				p.groups = true
			}
			runB, runFrom, least = b, i, ^uint64(0)
			f = ev.buyerFact(int(b))
		}
		_, k := r.place(ev, p, &r.eval[i], i, f, idxBits)
		least = min(least, k)
	}
	if f&factGroup != 0 {
		p.whole = r.groupRun(ev, p, runB, runFrom, p.to, least, cap, idxBits) && p.whole
		p.groups = true
	}
}

// place evaluates order i, with its buyer's facts f, into row, and gives it its sort key
// (with i below idxBits), counted in part p.
func (r *Ranker) place(ev *evaluator, p *part, row *Row, i int, f uint8, idxBits int) (Section, uint64) {
	ev.evaluateTo(row, int32(i), f)
	sec := Section(row.bits >> rowSection & 3) // not row.Section(): it copies the row whole
	k := ev.sortKey(sec, row.v, ev.orders[i].Created)<<idxBits | uint64(i)
	r.keys[i] = k
	p.count(k >> idxBits)
	p.sections[sec]++
	return sec, k
}

// RankInto is Rank with the rows written into out's memory (grown when it is too short)
// instead of the Ranker's own: the Ranker's buffers are only scratch then, so one Ranker can
// serve many lists that each keep their rows.
func (r *Ranker) RankInto(in Input, out []Row) []Row {
	r.out = out
	rows := r.Rank(in)
	r.out = nil
	return rows
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
	onEach(workers, func(w int) { f(w, min(w*chunk, n), min((w+1)*chunk, n)) })
}

// onEach runs f(w) for each worker w in [0, workers), all at once (inline for one).
func onEach(workers int, f func(w int)) {
	if workers <= 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}

// splitParts gives each worker its share of the orders: about as many each, every share
// starting where a buyer's run of orders starts, so no run is split between two workers (see
// groupRun). A run longer than a share is a snapshot not laid out, and may be split.
func splitParts(parts []part, orders []Order) {
	n, w := len(orders), len(parts)
	from := 0
	for k := range parts {
		to := n
		if k < w-1 {
			to = max(from, n*(k+1)/w)
			for end := min(to+maxRun, n); to > 0 && to < end && orders[to].Buyer == orders[to-1].Buyer; to++ {
			}
		}
		parts[k].from, parts[k].to = from, to
		from = to
	}
}

// maxRun bounds how far splitParts looks for the start of a run: a buyer's open orders are
// counted to 255 (Buyer.Open), and a longer run is never grouped where it lies.
const maxRun = 256

// eachPart runs f on each worker w's share [lo, hi) of the orders (splitParts), all at once.
func eachPart(parts []part, f func(w, lo, hi int)) {
	onEach(len(parts), func(w int) { f(w, parts[w].from, parts[w].to) })
}

// wholeRun reports whether a run of n orders of buyer b, one after another in the snapshot,
// is all of the buyer's orders (Buyer.Open counts them: CountOpen and Merge keep it).
func (ev *evaluator) wholeRun(b int32, n int) bool {
	return n < 255 && int(ev.in.Snap.Buyers[b].Open) == n
}

// evaluator holds what is the same for every order of one ranking.
type evaluator struct {
	in   Input
	cfg  *Config
	zone zone
	now  int64
	// [dayFrom, dayFrom+dayLen) are the unix seconds of now's local day.
	dayFrom   int64
	dayLen    uint64
	agents    []int32 // who chases each reception agent's orders (ownerTable)
	facts     []uint8
	phones    []bool
	hold      []bool     // holdout membership by buyer; nil = no holdout
	roster    []int32    // the specialists on shift, as snapshot operator indexes (-1 = not in it)
	offShift  []bool     // by snapshot operator index: off shift now; nil = no shifts
	opens     *openTimes // when each channel is open around now
	t         timing     // the timing settings in seconds
	smsWindow int64      // the buyer's rolling SMS window in seconds
	sms       bool       // the shop has a registered SMS signature
	// giftOffer: the shop gives a gift, an offer to every order. coupon: it has a coupon,
	// an offer to the orders of at least couponFloor. Otherwise the sales' prices are the offer.
	giftOffer, coupon bool
	couponFloor       Fen
	sales             []span
	balances          []span   // the calendar's balance windows (尾款), by start
	dayFree           []uint32 // per buyer: when their daily cap frees up; nil = no daily cap

	// What the rules read of the input and the config for every order, at hand.
	orders  []Order
	me      int32
	farFrom Fen // a new buyer's order from this amount is far above the usual (SuspectConfig.farFrom)
}

// span is the unix seconds [from, to).
type span struct{ from, to int64 }

// offerAt reports whether the shop runs a real offer at t for an order of this amount (as
// Config.OfferAt).
func (ev *evaluator) offerAt(t int64, amount Fen) bool {
	if ev.giftOffer || (ev.coupon && amount >= ev.couponFloor) {
		return true
	}
	for _, s := range ev.sales {
		if t >= s.from && t < s.to {
			return true
		}
	}
	return false
}

// Buyer facts: what the rules need of a buyer, one byte each so a million buyers fit in the
// cache.
const (
	factPhoneOK uint8 = 1 << iota
	factReturning
	factOptedOut
	factSMSToday
	factHoldout // in the holdout: never contacted
	factSuspect // suspicious: never a phone call (the buyer's many open orders, none paid; an order's own reasons add it in evaluateTo)
	factBlacklisted
	factGroup // more than one open order: the ranking groups them under a lead
)

func newEvaluator(in Input) *evaluator {
	cfg := in.Config
	now := in.Now.Unix()
	z := newZone(cfg.Location, in.Now)
	ev := &evaluator{in: in, cfg: cfg, zone: z, now: now, smsWindow: cfg.Caps.SMSWindow.Seconds(), phones: in.Snap.phones(), hold: in.Snap.holdouts(&cfg.Holdout),
		t: cfg.Timing.secs()}
	ev.dayFrom, ev.dayLen = dayBounds(z, now)
	ev.roster = cfg.Roster.rotation(in.Snap.Operators, in.Now, cfg.Location)
	if len(cfg.Roster.Shifts) > 0 {
		ev.offShift = make([]bool, len(in.Snap.Operators))
		for i, name := range in.Snap.Operators {
			ev.offShift[i] = !cfg.Roster.OnShift(name, in.Now, cfg.Location)
		}
	}
	_, ev.sms = cfg.SMSSignature()
	ev.giftOffer = cfg.Facts.Gift != ""
	ev.coupon, ev.couponFloor = cfg.Facts.Coupon != "", cfg.Facts.couponFloor()
	ev.sales = cfg.saleSpans(in.Now)
	ev.balances = cfg.balanceSpans(in.Now)
	ev.t.remind = cfg.Presale.Remind.Seconds()
	ev.opens = newOpenTimes(cfg, in.Now, ev.sales)
	ev.orders, ev.me = in.Snap.Orders, in.Me
	ev.agents = ev.ownerTable(len(in.Snap.Operators))
	ev.farFrom = cfg.Suspect.farFrom(in.Snap.Usual)
	return ev
}

// buyerFacts fills the facts of buyers [lo, hi), and starts the lead word (see noteLeads) of
// each of them that has several open orders (no touches, no lead): the others' words are
// never read. It reports whether there was such a buyer.
func (ev *evaluator) buyerFacts(leads []uint64, lo, hi int) bool {
	group := false
	for b := lo; b < hi; b++ {
		f := ev.buyerFact(b)
		if f&factGroup != 0 {
			leads[b] = leadNone
			group = true
		}
		ev.facts[b] = f
	}
	return group
}

// buyerFact returns the facts of buyer b.
//
// The buyers' yes/no fields are random, so each becomes its bit by arithmetic, not by a
// branch that would mispredict about as often as not.
func (ev *evaluator) buyerFact(b int) uint8 {
	buyer := &ev.in.Snap.Buyers[b]
	f := facts(buyer, ev.phones[b], ev.now, ev.smsWindow) | b2u(ev.cfg.Suspect.manyUnpaid(int(buyer.Open), int(buyer.Paid)))*factSuspect |
		b2u(buyer.Open > 1)*factGroup
	if ev.hold != nil && ev.hold[b] {
		f |= factHoldout
	}
	return f
}

// b2i32 is 1 for true and 0 for false, without a branch.
func b2i32(b bool) int32 { return int32(b2u(b)) }

// b2u is 1 for true and 0 for false, without a branch.
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func factsOf(b *Buyer, now, smsWindow int64) uint8 {
	return facts(b, PhoneUsable(b.Phone), now, smsWindow)
}

func facts(b *Buyer, phoneOK bool, now, smsWindow int64) uint8 {
	return b2u(phoneOK)*factPhoneOK | b2u(b.Returning())*factReturning | b2u(b.OptedOut)*factOptedOut |
		b2u(b.Blacklisted)*factBlacklisted | b2u(smsSpent(b, now, smsWindow))*factSMSToday
}

func inAny(ws []Window, m int32) bool {
	for _, w := range ws {
		if w.Contains(m) {
			return true
		}
	}
	return false
}

// waveWhy is the reason of each wave.
var waveWhy = [...]Why{WaveFirst: WhyFirstWave, WaveSecond: WhySecondWave, WaveRetry: WhyRetry, WaveLate: WhyLateFirst}

// set writes each of the row's fields: one store each, where a whole Row would be made in
// memory and copied (see evaluateTo).
func (r *Row) set(order int32, why Why, v uint32, owner int16, bits uint16) {
	r.Order, r.Why, r.v, r.owner, r.bits = order, why, v, owner, bits
}

// evaluate returns the row of order i.
func (ev *evaluator) evaluate(i int32) Row {
	var row Row
	ev.evaluateTo(&row, i, ev.buyerFact(int(ev.orders[i].Buyer)))
	return row
}

// evaluateTo writes the row of order i to dst. The ranking has it write in place: a row
// returned by value is copied whole through memory after its fields were written one by
// one, and that load of 16 bytes from smaller stores stalls the core (a few nanoseconds,
// three times per order).
func (ev *evaluator) evaluateTo(dst *Row, i int32, f uint8) {
	cfg := ev.cfg
	o := &ev.orders[i]
	c := &o.Contact
	// The row's parts are plain variables until the end: a Row has too many fields for the
	// compiler to keep in registers, so a row changed field by field lives in memory.
	var why Why

	// The segment reasons come first: they explain every section. The yes/no facts become
	// bits without branches, here and below: random orders make branches on them mispredict,
	// and a mispredict costs more than the few instructions that replace it.
	switch {
	case o.Amount >= cfg.Value.HighTicket:
		why |= WhyHighTicket
	case o.Amount < cfg.Value.LowTicket:
		why |= WhyLowTicket
	}
	returning := Why(f&factReturning) / Why(factReturning) // 1 or 0
	why |= returning*WhyReturning | (1-returning)*WhyNewBuyer
	why |= Why(o.Flags&FlagCallAverse)/Why(FlagCallAverse)*WhyCallAverse |
		Why(o.Flags&FlagFlash)/Why(FlagFlash)*WhyFlash |
		Why(o.Flags&FlagDuplicate)/Why(FlagDuplicate)*WhyDuplicate |
		Why(o.Flags&FlagDoubleShipping)/Why(FlagDoubleShipping)*WhyDoubleShipping
	owner := ev.owner(o)
	owner16 := int16(owner) // operator indexes are small: a shop has tens of specialists
	me := ev.me
	mine := (b2u(owner == me) | b2u(c.ClaimBy == me)&b2u(int64(c.ClaimUntil) > ev.now)) & b2u(me >= 0)
	why |= Why(mine) * WhyMine

	why |= Why(f&factSuspect) / Why(factSuspect) * WhySuspectUnpaid
	far := b2u(f&factReturning == 0) & b2u(o.Amount >= ev.farFrom) // far above the usual, from a new buyer
	why |= Why(far) * WhySuspectAmount
	f |= far * factSuspect // for this order's channel
	// A masked receiver who does not match the buyer: the order's flag, read without a branch.
	mismatch := (o.Flags & FlagReceiverMismatch) / FlagReceiverMismatch // 1 or 0
	why |= Why(mismatch) * WhySuspectReceiver
	f |= uint8(mismatch) * factSuspect // for this order's channel

	deadline := ev.t.deadlineOf(o)
	wave := ev.wave(o)
	var bal *span // a balance order's window: its due times, deadline and wave come from it
	if o.Flags&FlagBalance != 0 {
		if w, ok := balanceWindowIn(ev.balances, o.Created); ok {
			bal, deadline, wave = &w, w.to, balanceWave(c, w)
			why |= WhyBalance
		}
	}
	ch, rule := cfg.chooseChannel(o, f, wave, ev.sms)
	if blk := ev.block(o, f, deadline, bal != nil); blk != BlockNone {
		bits := uint16(wave)<<rowWave | uint16(ch)<<rowChannel | uint16(rule)<<rowRule |
			uint16(SectionBlocked)<<rowSection | uint16(blk)<<rowBlock
		dst.set(i, why, 0, owner16, bits)
		return
	}
	why |= waveWhy[wave&3] | Why(b2u(c.LastResult == ResultDeclined))*WhyDeclined

	due, dueWhy := ev.dueAt(o, deadline, wave, ch, bal)
	if rule == RuleAfterCall && bal == nil { // a balance order's times are its window's
		if due, dueWhy, rule = ev.afterCall(o, deadline, due, dueWhy); rule == RuleAfterCall {
			why &^= WhyRetry // soon after the call, not the next day
		}
	}
	if ch == ChannelSMS && dueWhy&(WhyWindow|WhyQuiet) != 0 {
		// The SMS window is closed: a chat now, if IM is open sooner, instead of the wait.
		if due2, why2 := ev.dueAt(o, deadline, wave, ChannelIM, bal); due2 < due {
			ch, rule, due, dueWhy = ChannelIM, RuleSMSClosed, due2, why2
		}
	}
	if bal != nil && ch != ChannelIM && due >= deadline {
		// The channel opens only after the balance window ends: a chat, if IM opens sooner.
		if due2, why2 := ev.dueAt(o, deadline, wave, ChannelIM, bal); due2 < due {
			ch, rule, due, dueWhy = ChannelIM, RuleBalanceEnds, due2, why2
		}
	}
	if bal != nil && due > deadline {
		due = deadline // nothing is open before the window ends: the order expires then
	}
	why |= dueWhy
	bits := uint16(wave)<<rowWave | uint16(ch)<<rowChannel | uint16(rule)<<rowRule
	if deadline-ev.now < 6*3600 {
		why |= WhyClosingSoon
	}
	// A marketing SMS needs an offer and its own, narrower window; otherwise it is a
	// notification (no offer in the words).
	// After an unanswered call the SMS only says that the shop called.
	// A balance order's SMS is a notification: the balance is due, not an offer.
	if at := max(due, ev.now); ch == ChannelSMS && rule != RuleAfterCall && bal == nil && ev.offerAt(at, o.Amount) && ev.opens.open[openMarketing].has(at) {
		bits |= uint16(SMSMarketing) << rowSMSKind
	}
	if due > ev.now {
		bits |= uint16(SectionUpcoming) << rowSection
		dst.set(i, why, uint32(min(due, math.MaxUint32)), owner16, bits)
		return
	}
	bits |= uint16(SectionDue) << rowSection
	v := uint32(ev.scoreOf(o, deadline, why, wave, rule))
	dst.set(i, why, v, owner16, bits)
}
