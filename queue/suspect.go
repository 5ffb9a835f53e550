package queue

import (
	"math"
	"slices"
	"strings"
)

// SuspectConfig is the `[suspect]` section: what makes an order look fake or malicious, so
// it is never met with a phone call (IM is suggested instead).
type SuspectConfig struct {
	// OpenOrders: a buyer with this many open orders and no payment ever is suspicious
	// (0 = off).
	OpenOrders int `toml:"open_orders"`
	// AmountTimes: an order from a new buyer at this many times the shop's usual amount (the
	// median open order) or more is suspicious (0 = off).
	AmountTimes int `toml:"amount_times"`
}

// DefaultSuspect is the check as the spec asks for it: five open orders and none paid, or
// ten times the usual amount from a new account.
var DefaultSuspect = SuspectConfig{OpenOrders: 5, AmountTimes: 10}

// check validates the settings.
func (c *SuspectConfig) check() error {
	if c.OpenOrders < 0 || c.OpenOrders > 255 {
		return configErr("off_to", "suspect.open_orders", c.OpenOrders, 255)
	}
	if c.AmountTimes < 0 || c.AmountTimes > 1000 {
		return configErr("off_to", "suspect.amount_times", c.AmountTimes, 1000)
	}
	return nil
}

// Suspicion is a bit set of the reasons an order looks fake or malicious.
type Suspicion uint8

// The reasons.
const (
	SuspectManyUnpaid Suspicion = 1 << iota // many open orders, no payment ever
	SuspectFarAbove                         // far above the shop's usual amount, from a new account
	SuspectReceiver                         // a masked receiver who does not match the buyer
)

// SuspectInput is what the suspicious-order check looks at.
type SuspectInput struct {
	Open     int // the buyer's open orders
	Paid     int // the buyer's paid orders
	Amount   Fen // this order's amount
	Usual    Fen // the shop's usual order amount (0 = unknown)
	Receiver string
	Known    string // the buyer's name as known from their other orders ("" = unknown)
}

// Check returns why the order looks suspicious (0 = it does not).
func (c *SuspectConfig) Check(in SuspectInput) Suspicion {
	var s Suspicion
	if c.manyUnpaid(in.Open, in.Paid) {
		s |= SuspectManyUnpaid
	}
	if in.Paid == 0 && c.farAbove(in.Amount, in.Usual) {
		s |= SuspectFarAbove
	}
	if ReceiverMismatch(in.Receiver, in.Known) {
		s |= SuspectReceiver
	}
	return s
}

func (c *SuspectConfig) manyUnpaid(open, paid int) bool {
	return c.OpenOrders > 0 && open >= c.OpenOrders && paid == 0
}

func (c *SuspectConfig) farAbove(amount, usual Fen) bool { return amount >= c.farFrom(usual) }

// farFrom is the amount from which an order is far above the shop's usual one: never, when
// the check is off or nothing is usual yet.
func (c *SuspectConfig) farFrom(usual Fen) Fen {
	if c.AmountTimes <= 0 || usual <= 0 {
		return math.MaxInt64
	}
	return usual * Fen(c.AmountTimes)
}

// ReceiverMasks are the characters a platform masks a receiver's name with (丁**, 丁＊＊).
const ReceiverMasks = "*＊"

// ReceiverKnown reports whether a receiver names the buyer: it is not empty and not masked.
// The store takes the latest such receiver of a buyer's orders as the name ReceiverMismatch
// checks the buyer's masked receivers against.
func ReceiverKnown(receiver string) bool {
	r := strings.TrimSpace(receiver)
	return r != "" && !strings.ContainsAny(r, ReceiverMasks)
}

// ReceiverMismatch reports whether a masked receiver (丁**, 1******6198) cannot be the buyer
// known as known: a character the mask leaves visible differs from the known name at its
// place, or the lengths differ. An unmasked receiver, or an unknown buyer, never mismatches.
func ReceiverMismatch(receiver, known string) bool {
	if !ReceiverKnown(known) || !strings.ContainsAny(receiver, ReceiverMasks) {
		return false
	}
	r, k := []rune(strings.TrimSpace(receiver)), []rune(strings.TrimSpace(known))
	if len(r) != len(k) {
		return true
	}
	for i := range r {
		if !isMask(r[i]) && r[i] != k[i] {
			return true
		}
	}
	return false
}

func isMask(r rune) bool { return strings.ContainsRune(ReceiverMasks, r) }

// usualSample bounds how many orders the shop's usual amount is taken from.
const usualSample = 4096

// usualAmount returns the median amount of a spread sample of the orders: what the shop's
// orders usually come to. It is deterministic for a given snapshot.
func usualAmount(orders []Order) Fen {
	if len(orders) == 0 {
		return 0
	}
	step := max(len(orders)/usualSample, 1)
	sample := make([]Fen, 0, min(len(orders), usualSample+1))
	for i := 0; i < len(orders); i += step {
		sample = append(sample, orders[i].Amount)
	}
	slices.Sort(sample)
	return sample[len(sample)/2]
}
