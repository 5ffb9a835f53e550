package queue

import "time"

// SMSKind is which of the two kinds of SMS a message is. Every SMS script says which it is,
// and the two have different hours and rules.
type SMSKind uint8

// The SMS kinds.
const (
	// SMSNotification (通知) is an order reminder with no offer. It may go out 08:00–22:00
	// and must not carry the opt-out line.
	SMSNotification SMSKind = iota
	// SMSMarketing (营销) carries an offer: a discount, coupon, gift or price countdown. It
	// may go out 08:00–20:00 and must end with 拒收请回复R.
	SMSMarketing
)

var smsKindNames = [...]string{"notification", "marketing"}

// String returns the kind's stable name: notification or marketing (script files, JSON).
func (k SMSKind) String() string {
	if int(k) < len(smsKindNames) {
		return smsKindNames[k]
	}
	return "notification"
}

// ParseSMSKind reads a kind's name as String writes it.
func ParseSMSKind(s string) (SMSKind, bool) {
	for i, n := range smsKindNames {
		if n == s {
			return SMSKind(i), true
		}
	}
	return SMSNotification, false
}

// OfferAt reports whether the shop runs a real offer at t, which is what a marketing SMS
// needs: a sale whose price is on, a gift, or a coupon this order's amount can use.
func (c *Config) OfferAt(t time.Time, amount Fen) bool {
	if c.Facts.Gift != "" || (c.Facts.Coupon != "" && c.Facts.CouponFits(amount)) {
		return true
	}
	_, on := c.SaleAt(t)
	return on
}
