package queue

import (
	"maps"
	"math"
	"slices"
)

// OrderFlags are the yes/no facts about an order, packed to keep the in-memory queue small.
type OrderFlags uint8

// The order flags.
const (
	FlagFlash            OrderFlags = 1 << iota // flash-sale / 聚划算 style order: short default deadline
	FlagCallAverse                              // its category's buyers dislike calls (keyword rule on titles)
	FlagDuplicate                               // likely duplicate of another order of the same buyer
	FlagDoubleShipping                          // shipping charged again on an order placed minutes after another
	FlagShipping                                // the order charges shipping (for the double-shipping check)
	FlagReceiverMismatch                        // a masked receiver who does not match the buyer (suspicious)
	FlagBalance                                 // a presale order whose deposit is paid: Amount is the balance (尾款) due
)

// An order's deposit is at most DefaultMaxOrder, and Order.Deposit holds it.
const _ uint = math.MaxInt32 - uint(DefaultMaxOrder)

// Order is one unpaid order as the queue holds it in memory. It is deliberately compact
// (no item lists, no addresses): a million of them must rank in milliseconds. The detail
// pane asks the store for the rest of an order when it is selected.
type Order struct {
	ID       string // the platform's order number
	Title    string // a short item summary, for display and the script's {item}
	Amount   Fen    // what the buyer is asked to pay
	Created  int64  // unix seconds
	Deadline int64  // unix seconds when the platform closes it; 0 = use the configured default
	Buyer    int32  // index into Snapshot.Buyers
	Agent    int32  // owning specialist: index into Snapshot.Operators, -1 = unassigned
	Platform Platform
	Flags    OrderFlags
	Items    uint16 // ItemsSignature of its items; 0 = not known (beside Flags, in what was padding)
	// Deposit is the deposit (定金) a balance order's buyer paid, in fen; it fits the
	// struct's padding (an order costs at most DefaultMaxOrder, which fits an int32).
	Deposit int32

	Contact ContactState // what the shift log says about contacting this order
}

// ContactState is the summary of an order's contact history that the rules need. The store
// derives it from the event log; an appended event updates it in place.
type ContactState struct {
	LastAt int64 // last touch, unix seconds; 0 = never touched
	Until  int64 // snoozed or called back until then (unix seconds); 0 = none
	// ClaimUntil is the claim lease's end (unix seconds, good until 2106): four bytes, so
	// LastBy costs the order none.
	ClaimUntil uint32
	ClaimBy    int32 // index into Snapshot.Operators of the lease holder; -1 = none
	// CallbackOwner is 1 + the index in Snapshot.Operators of the specialist whose callback a
	// promise set; 0 means anyone may call back (the zero value is safe: nobody's).
	CallbackOwner int32
	// LastBy is 1 + the index in Snapshot.Operators of the specialist who logged the last
	// touch; 0 = not known. Only the same specialist's outcome joins that touch (Joins).
	LastBy      int32
	Touches     uint8   // contacts made: an outcome that joins its attempt adds none (Joins)
	Tried       uint8   // bit set of channels tried (1 << Channel)
	LastChannel Channel // channel of the last touch
	LastResult  Result
	Answered    bool // the buyer responded at some point
	Closed      bool // an outcome ended contact (claimed paid, opted out, invalid, duplicate)
	// FirstAgo is how many minutes before the last touch the first one was (see FirstAt).
	// Last, after the six bytes above, it takes the struct's padding (40 bytes either way),
	// where a time of its own would cost the order 8 bytes.
	FirstAgo uint16
}

// Key returns the order's identity.
func (o *Order) Key() OrderKey { return OrderKey{Platform: o.Platform, ID: o.ID} }

// Buyer is what the queue knows of a buyer, shared by all of the buyer's orders.
type Buyer struct {
	Nick      string // platform nick name, shown to the specialist
	Phone     string // as imported: full, masked (138****1234) or empty
	Paid      int32  // orders this buyer paid before (returning buyer when > 0)
	SMSAt     uint32 // unix seconds of their last SMS (good until 2106)
	Cushions  uint32 // bit set of cushion ids already used with this buyer
	OptedOut  bool   // do-not-contact: no contact on any of their orders
	Complaint bool   // the buyer complained (also means opted out)
	// Blacklisted: the shop's blacklist names the buyer's nick or phone (Snapshot.Blacklist
	// says why); none of their orders is contacted.
	Blacklisted bool
	// Open counts the buyer's orders in the snapshot (at most 255): MarkDuplicates and Merge
	// keep it, CountOpen makes it.
	Open uint8
}

// Returning reports whether the buyer has paid this shop before.
func (b *Buyer) Returning() bool { return b.Paid > 0 }

// Snapshot is the compact, in-memory copy of the open orders that the queue ranks. SQLite is
// the source of truth; data builds a Snapshot and keeps it up to date.
//
// Buyers' phones are fixed for the life of a snapshot (the ranking caches whether each can be
// called or texted); a changed phone comes with a new snapshot.
type Snapshot struct {
	Orders    []Order
	Buyers    []Buyer
	Operators []string  // names; Order.Agent and ContactState.ClaimBy index into it
	Seq       int64     // the store's change sequence this snapshot reflects (see data.Store.Changes)
	Blacklist Blacklist // the shop's blacklist; ApplyBlacklist marks the buyers it names
	Usual     Fen       // the shop's usual order amount (the median open order), set by MarkDuplicates
	// Contacts holds, for each buyer contacted lately (by index in Buyers), the times of
	// their contacts, oldest first: every live contact on any of their orders (DayContact: a
	// group touch is the same contact again) since KeepContacts before the log's latest
	// contact. The per-buyer daily cap counts them (daycap.go), and only it: the store loads
	// them when the config sets the cap, and Merge updates the changed orders' buyers.
	Contacts DayContacts

	phoneOK []bool        // PhoneUsable of each buyer, filled by the first ranking
	holdout *holdoutCache // holdout membership of each buyer (see holdouts)
}

// phones returns whether each buyer's phone can be used, computing it once.
func (s *Snapshot) phones() []bool {
	if len(s.phoneOK) != len(s.Buyers) {
		ok := make([]bool, len(s.Buyers))
		parallel(len(s.Buyers), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				ok[i] = PhoneUsable(s.Buyers[i].Phone)
			}
		})
		s.phoneOK = ok
	}
	return s.phoneOK
}

// Clone returns a copy of the snapshot that shares nothing a change writes: the orders, the
// buyers, the operators, the blacklist, the buyers' contacts and the ranking's phone cache
// are copied (strings are never written, so they are shared). A queue that several
// workstations read at once is changed on a clone, which then replaces it; the original
// stays as it was for its readers.
func (s *Snapshot) Clone() *Snapshot {
	c := *s
	c.Orders = slices.Clone(s.Orders)
	c.Buyers = slices.Clone(s.Buyers)
	c.Operators = slices.Clone(s.Operators)
	c.Blacklist = maps.Clone(s.Blacklist)
	c.Contacts = s.Contacts.clone() // AddContact writes it in place
	c.phoneOK = slices.Clone(s.phoneOK)
	return &c
}

// Prepare fills the caches the ranking keeps on the snapshot (whose phones can be used,
// who is in the holdout), which the first ranking would otherwise fill. After it, rankings
// of the snapshot with cfg only read it, so several may run at once.
func (s *Snapshot) Prepare(cfg *Config) {
	s.phones()
	s.holdouts(&cfg.Holdout)
}

// LookupOperator returns the index of name in Operators, or -1; unlike OperatorIndex it
// never adds the name, so it only reads the snapshot.
func (s *Snapshot) LookupOperator(name string) int32 {
	if name == "" {
		return -1
	}
	return int32(slices.Index(s.Operators, name))
}

// Operator returns the name of operator i, or "" for an unassigned index.
func (s *Snapshot) Operator(i int32) string {
	if i < 0 || int(i) >= len(s.Operators) {
		return ""
	}
	return s.Operators[i]
}

// OperatorIndex returns the index of name, adding it when it is new.
func (s *Snapshot) OperatorIndex(name string) int32 {
	if name == "" {
		return -1
	}
	for i, n := range s.Operators {
		if n == name {
			return int32(i)
		}
	}
	s.Operators = append(s.Operators, name)
	return int32(len(s.Operators) - 1)
}
