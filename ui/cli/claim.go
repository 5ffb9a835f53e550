package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/ui"
)

// Claim takes the lease on an order for env's operator, as the workstation's m does: for
// [roster] claim_lease of the store's clock. Another specialist's live claim refuses it
// (exit 3).
func Claim(ctx context.Context, env *Env, order string) error {
	lease := env.Config.Roster.ClaimLease.D()
	saved, err := env.orderEvent(ctx, order, queue.Event{Kind: queue.EventClaim, Until: env.Clock.Now().Add(lease).Unix()})
	if err != nil {
		return env.refused(err, "")
	}
	w := words.For(env.Lang)
	fmt.Fprintf(env.Stdout, "%s #%d %s (%s %s)\n", w.CLIClaimed, saved.ID, saved.Order, w.CLILease, queue.Minutes(int64(lease.Seconds()), env.Lang))
	return nil
}

// Release gives back env's operator's claim on an order, as m does on a claimed order.
// Another specialist's live claim is theirs to release (exit 3).
func Release(ctx context.Context, env *Env, order string) error {
	saved, err := env.orderEvent(ctx, order, queue.Event{Kind: queue.EventRelease})
	if err != nil {
		return env.refused(err, "")
	}
	fmt.Fprintf(env.Stdout, "%s #%d %s\n", words.For(env.Lang).CLIReleased, saved.ID, saved.Order)
	return nil
}

// orderEvent logs e, of env's operator and session at env's clock, on the order typed.
func (env *Env) orderEvent(ctx context.Context, order string, e queue.Event) (queue.Event, error) {
	key, err := env.findOrder(ctx, order)
	if err != nil {
		return queue.Event{}, err
	}
	e.UID, e.At, e.Operator, e.Session, e.Order = data.NewUID(), env.Clock.Now().Unix(), env.Operator, env.Session, key
	return env.Store.Append(ctx, e)
}

// ParseEventID reads an event id as `cuifu contact` prints it: "#12" or "12".
func ParseEventID(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("event %q: want the number that contact prints, like #12", s)
	}
	return n, nil
}

// Revoke takes back event id by logging a revoke with reason: nothing is deleted, and the
// order and its buyer are as if the event had never been logged (an opt-out too). Another
// specialist's event needs an operator listed in [roster] supervisors (exit 3).
func Revoke(ctx context.Context, env *Env, id int64, reason string) error {
	saved, err := env.Store.Revoke(ctx, queue.Event{UID: data.NewUID(), At: env.Clock.Now().Unix(), Operator: env.Operator,
		Session: env.Session, Revokes: id, Reason: reason}, &env.Config.Roster)
	if err != nil {
		return env.refused(err, "")
	}
	w := words.For(env.Lang)
	fmt.Fprintf(env.Stdout, "%s #%d (%s #%d %s)\n", w.CLIRevoked, id, w.CLILoggedAs, saved.ID, saved.Order)
	return nil
}

// refused turns a store refusal into its words and exit status 3 (1 for an order or an
// event the store does not have: an error, not a refusal), with hint after a refusal over a claim; other errors pass through.
func (env *Env) refused(err error, hint string) error {
	text, ok := ui.RefusalText(err, env.Lang, env.Config.Location, env.Clock.Now())
	if !ok {
		return err
	}
	r, _ := data.RefusalOf(err)
	if hint != "" && r.Code == data.CodeClaimed {
		text += words.For(env.Lang).CLIHintSep + hint
	}
	code := ExitRefused
	if r.Code == data.CodeNoOrder || r.Code == data.CodeNoEvent {
		code = 1
	}
	return ExitError{Code: code, Err: errors.New(text)}
}
