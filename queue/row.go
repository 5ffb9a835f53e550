package queue

// Section is where a row stands in the queue: due first, then upcoming, then blocked.
type Section uint8

// The sections, in display order.
const (
	SectionDue Section = iota
	SectionUpcoming
	SectionBlocked
	SectionGrouped // another order of a due buyer, chased with the lead that stands for them
)

var sectionNames = [...]string{"due", "upcoming", "blocked", "grouped"}

// String returns due, upcoming, blocked or grouped (the `queue --format json` status).
func (s Section) String() string { return sectionNames[s] }

// Block says why an order may not be contacted now or any more.
type Block uint8

// The block reasons. BlockNone means the order is not blocked.
const (
	BlockNone      Block = iota
	BlockOptedOut        // the buyer opted out or complained: none of their orders
	BlockOutcome         // an outcome ended contact (claimed paid, invalid, duplicate)
	BlockCap             // the order's contact cap is reached
	BlockClaimed         // another specialist holds the claim lease
	BlockExpired         // past its close deadline
	BlockGaveUp          // followed up for the configured days, the buyer never answered
	BlockCallback        // another specialist's callback: theirs until an hour after it is due
	BlockHoldout         // the buyer is in the holdout (对照组): never contacted, to measure lift
	BlockBlacklist       // the shop's blacklist names the buyer: none of their orders
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
	WhySuspectUnpaid // suspicious: many open orders, no payment ever
	WhySuspectAmount // suspicious: far above the shop's usual amount, from a new account
	WhyWindow        // waits for its channel's window to open
	WhyLateFirst     // nobody touched it in its first wave
	WhyBalance       // a presale order's balance (尾款), due inside its balance window
	WhyDayCap        // the buyer had their contacts of the rolling day ([caps] per_buyer_day)
	// WhySuspectReceiver: suspicious, the order's masked receiver does not match the buyer
	// (FlagReceiverMismatch).
	WhySuspectReceiver
)

// WhySuspect are the suspicious-order reasons: a row with any of them is never a call.
const WhySuspect = WhySuspectUnpaid | WhySuspectAmount | WhySuspectReceiver

// Row is one ranked order. Rows are 16 bytes and hold no strings: text is made only for the
// rows on screen (Explain), so ranking a million orders allocates nothing per order and the
// ranked queue stays small. The small facts are packed; read them with the methods.
type Row struct {
	Order int32 // index into Snapshot.Orders
	Why   Why
	v     uint32 // due: the score; upcoming: NextAt as unsigned unix seconds (good until 2106)
	owner int16
	bits  uint16 // section, channel, rule, block, wave and SMS kind (see the row* shifts)
}

// Where each small fact sits in Row.bits.
const (
	rowSection = 0  // 2 bits
	rowChannel = 2  // 2 bits
	rowRule    = 4  // 4 bits
	rowBlock   = 8  // 4 bits
	rowWave    = 12 // 2 bits
	rowSMSKind = 14 // 1 bit
)

// Compile-time checks that every value fits its bits.
const (
	_ uint = 3 - uint(SectionGrouped)
	_ uint = 3 - uint(ChannelPhone)
	_ uint = 15 - uint(ruleCount-1)
	_ uint = 15 - uint(BlockBlacklist)
	_ uint = 3 - uint(WaveRetry)
	_ uint = 1 - uint(SMSMarketing)
)

func (r Row) field(shift, width uint) uint16 { return r.bits >> shift & (1<<width - 1) }

// Section is where the row stands: due, upcoming or blocked.
func (r Row) Section() Section { return Section(r.field(rowSection, 2)) }

// Channel is the suggested channel.
func (r Row) Channel() Channel { return Channel(r.field(rowChannel, 2)) }

// Rule is the channel rule that chose Channel.
func (r Row) Rule() ChannelRule { return ChannelRule(r.field(rowRule, 4)) }

// Block says why a blocked row may not be contacted (BlockNone otherwise).
func (r Row) Block() Block { return Block(r.field(rowBlock, 4)) }

// Wave is the round of contact the order is in.
func (r Row) Wave() Wave { return Wave(r.field(rowWave, 2)) }

// SMSKind is the kind of SMS to send when Channel is ChannelSMS (SMSNotification otherwise).
func (r Row) SMSKind() SMSKind { return SMSKind(r.field(rowSMSKind, 1)) }

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
