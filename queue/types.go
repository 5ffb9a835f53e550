// Package queue is cuifu's domain: orders, buyers and the shift log's events, the
// clock, the playbook's rules and the ranking engine. It is pure Go with no I/O, so every
// rule can be tested at any instant and a past shift can be ranked again exactly.
package queue

import (
	"fmt"
	"strings"
)

// Platform is the shop platform an order came from. Orders are keyed by (Platform, ID).
type Platform uint8

// The platforms cuifu knows. PlatformDemo marks orders made up by the demo generator.
const (
	PlatformUnknown Platform = iota
	PlatformTaobao
	PlatformJD
	PlatformPDD
	PlatformDouyin
	PlatformShopify
	PlatformDemo
)

var platformNames = [...]string{"unknown", "taobao", "jd", "pdd", "douyin", "shopify", "demo"}

// String returns the platform's stable lower-case name, as stored and printed.
func (p Platform) String() string {
	if int(p) < len(platformNames) {
		return platformNames[p]
	}
	return "unknown"
}

// ParsePlatform reads a platform name as String writes it.
func ParsePlatform(s string) (Platform, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, n := range platformNames {
		if n == s && i != 0 {
			return Platform(i), nil
		}
	}
	return PlatformUnknown, fmt.Errorf("unknown platform %q (want taobao, jd, pdd, douyin, shopify)", s)
}

// Channel is how a buyer is contacted.
type Channel uint8

// The channels. ChannelNone means the buyer must not be contacted at all.
const (
	ChannelNone Channel = iota
	ChannelIM
	ChannelSMS
	ChannelPhone
)

var channelNames = [...]string{"none", "im", "sms", "phone"}

// String returns the channel's stable name: none, im, sms or phone.
func (c Channel) String() string {
	if int(c) < len(channelNames) {
		return channelNames[c]
	}
	return "none"
}

// ParseChannel reads im, sms or phone.
func ParseChannel(s string) (Channel, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "im":
		return ChannelIM, nil
	case "sms":
		return ChannelSMS, nil
	case "phone":
		return ChannelPhone, nil
	}
	return ChannelNone, fmt.Errorf("unknown channel %q (want im, sms or phone)", s)
}

// Status is an order's payment state. Statuses only move forward: Unpaid → Paid → Closed
// is not a path (a paid order stays paid), but Unpaid → Closed is.
type Status uint8

// The order statuses.
const (
	StatusUnpaid Status = iota
	StatusPaid
	StatusClosed
)

var statusNames = [...]string{"unpaid", "paid", "closed"}

// String returns unpaid, paid or closed.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unpaid"
}

// ParseStatus reads a status as String writes it.
func ParseStatus(s string) (Status, error) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), nil
		}
	}
	return StatusUnpaid, fmt.Errorf("unknown status %q", s)
}

// Advance returns the status an order has after an import reports next, given that it
// has cur now. Statuses never move backwards: an older export cannot un-pay or reopen an
// order, and a paid order does not become "closed unpaid".
func (cur Status) Advance(next Status) Status {
	if cur == StatusUnpaid {
		return next
	}
	return cur
}

// Result is what happened on a contact attempt, or the buyer's response. It is one byte so
// that a million orders' contact summaries stay small; its text form (String, ParseResult)
// is what the command line, the store and JSON use.
type Result uint8

// Contact attempt results, then buyer responses (the spec's list, stable on the command line).
// ResultNone is the zero value: no result recorded.
const (
	ResultNone Result = iota
	ResultSent
	ResultNoAnswer
	ResultBusy
	ResultWrongNumber
	ResultReplied
	ResultPromised
	ResultDeclined
	ResultClaimedPaid
	ResultDoNotContact
	ResultInvalid
	ResultDuplicate
)

var resultNames = [...]string{"", "sent", "no_answer", "busy", "wrong_number", "replied",
	"promised", "declined", "claimed_paid", "do_not_contact", "invalid", "duplicate"}

// Results lists every result in the order the command line documents them.
var Results = []Result{
	ResultSent, ResultNoAnswer, ResultBusy, ResultWrongNumber, ResultReplied,
	ResultPromised, ResultDeclined, ResultClaimedPaid, ResultDoNotContact,
	ResultInvalid, ResultDuplicate,
}

// String returns the result's stable name ("" for ResultNone).
func (r Result) String() string {
	if int(r) < len(resultNames) {
		return resultNames[r]
	}
	return ""
}

// MarshalText writes the result's name, so JSON shows "sent" rather than a number.
func (r Result) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a name as MarshalText writes it; "" is ResultNone.
func (r *Result) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = ResultNone
		return nil
	}
	v, err := ParseResult(string(b))
	*r = v
	return err
}

// ResultNamed returns the result whose String is name exactly ("" is ResultNone), as the
// store keeps it. It allocates nothing, so a million stored rows read fast.
func ResultNamed(name string) (Result, bool) {
	for i, n := range resultNames {
		if n == name {
			return Result(i), true
		}
	}
	return ResultNone, false
}

// ParseResult reads a result name as typed on the command line.
func ParseResult(s string) (Result, error) {
	if r, ok := ResultNamed(strings.ToLower(strings.TrimSpace(s))); ok && r != ResultNone {
		return r, nil
	}
	names := make([]string, len(Results))
	for i, r := range Results {
		names[i] = r.String()
	}
	return ResultNone, fmt.Errorf("unknown result %q (want one of %s)", s, strings.Join(names, ", "))
}

// Closes reports whether the result ends all contact with the order (it leaves the queue's
// due and upcoming sections for good).
func (r Result) Closes() bool {
	switch r {
	case ResultClaimedPaid, ResultDoNotContact, ResultInvalid, ResultDuplicate:
		return true
	}
	return false
}

// Answered reports whether the buyer responded (so the order is no longer "unanswered").
func (r Result) Answered() bool {
	switch r {
	case ResultReplied, ResultPromised, ResultDeclined, ResultClaimedPaid, ResultDoNotContact:
		return true
	}
	return false
}

// Decline reasons, with the seeds' shares of real cases.
const (
	ReasonService = "service" // service concern, 45%
	ReasonPayment = "payment" // payment problem, 20%: offer to help change the payment method
	ReasonCheaper = "cheaper" // found it cheaper, 15%: argue value, not price
	ReasonProduct = "product" // found a better product, 15%
	ReasonOther   = "other"   // 5%
)

// ReasonComplaint is the reason of an opt-out that is a complaint: payroll counts it
// against the specialist, and it blocks the buyer as any opt-out does.
const ReasonComplaint = "complaint"

// ReasonClaimedPaid is the reason of a group touch whose contact was a claim of payment
// (GroupTouch): a reply for the buyer's other orders, and still the outcome its attempt's
// group touch is answered by (Joins), as on the lead.
const ReasonClaimedPaid = "claimed_paid"

// DeclineReasons lists the decline reasons in the order of their share.
var DeclineReasons = []string{ReasonService, ReasonPayment, ReasonCheaper, ReasonProduct, ReasonOther}

// EventKind is the kind of an entry in the append-only shift log.
type EventKind string

// The shift log's event kinds.
const (
	EventContact EventKind = "contact" // an attempt or an outcome (Result says which)
	EventClaim   EventKind = "claim"
	EventRelease EventKind = "release"
	EventSnooze  EventKind = "snooze"
	EventReveal  EventKind = "reveal" // a full phone number was shown: audit
	EventImport  EventKind = "import"
	EventRevoke  EventKind = "revoke" // takes back an earlier event (Revokes names it); nothing is deleted
)

// Revocable reports whether an event of kind k can be revoked: contacts, snoozes, claims
// and releases (not imports, reveals, blocks or revokes).
func (k EventKind) Revocable() bool {
	switch k {
	case EventContact, EventSnooze, EventClaim, EventRelease:
		return true
	}
	return false
}

// OrderKey names one order: orders are unique by platform and platform order number.
type OrderKey struct {
	Platform Platform
	ID       string
}

// String returns "platform:id".
func (k OrderKey) String() string { return k.Platform.String() + ":" + k.ID }

// Event is one entry of the shift log. Events are appended, never changed. Times are
// unix seconds (UTC); the shop's zone is applied when they are shown.
type Event struct {
	ID       int64  // assigned by the store
	UID      string // made by the caller before sending: the store logs one event per UID, so a retry never logs twice
	At       int64
	Operator string
	Session  string
	Kind     EventKind
	Order    OrderKey // zero for events not about one order (imports)
	Channel  Channel
	Result   Result
	Reason   string
	Until    int64  // callback, snooze or claim-lease end
	Note     string // free text; for imports, the summary
	ScriptID string // the script the specialist used, when known
	Warning  string // rule breaks recorded for the audit, as Break codes (JoinBreaks)
	Revokes  int64  // for EventRevoke: the id of the event taken back
	Override string // whose live claim this event went over, when it was forced (Force)
	Logged   int64  // the store's own clock when it logged the event, unix seconds (set by the store)
	// RevokedBy is the id of the revoke that took this event back (0 = none), as the store
	// read it; nothing is deleted from the log.
	RevokedBy int64
	// Force asks the store to log a contact or snooze over another specialist's live claim.
	// It is not stored: Override records whose claim it was.
	Force bool
}
