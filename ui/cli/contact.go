package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// ContactOptions are the `cuifu contact` arguments.
type ContactOptions struct {
	Order    string // order number, or platform:number when the number is on several platforms
	Channel  queue.Channel
	Result   queue.Result
	Reason   string
	Until    time.Time // callback for a promise; zero = next day, same time
	Note     string
	ScriptID string
	Force    bool // log over another specialist's live claim (logged as an override)
}

// ExitRefused is the exit status of a command the store refused (a claimed order, an event
// that may not be revoked): nothing was logged.
const ExitRefused = 3

// Contact logs an attempt or an outcome without the TUI. It records what happened even
// when it breaks a rule: the warning goes to standard error and into the event for the
// audit, and the exit status stays 0. A contact on an order another specialist has claimed
// is refused (exit 3) unless Force. The event is durable before Contact returns, and its id
// is printed (已记录 #N) for `cuifu revoke`.
func Contact(ctx context.Context, env *Env, o ContactOptions) error {
	if o.Result == queue.ResultDeclined {
		if o.Reason == "" {
			return ExitError{Code: 2, Err: failure(env.Lang, "decline_reason", "contact", strings.Join(queue.DeclineReasons, ", "))}
		}
		if !slices.Contains(queue.DeclineReasons, o.Reason) {
			return ExitError{Code: 2, Err: failure(env.Lang, "unknown_decline", "contact", o.Reason, strings.Join(queue.DeclineReasons, ", "))}
		}
	}
	if o.Result == queue.ResultPromised && o.Reason != "" && o.Reason != queue.CallbackAnyone {
		return ExitError{Code: 2, Err: failure(env.Lang, "promise_reason", "contact", queue.CallbackAnyone)}
	}
	now := env.Clock.Now()
	if o.Result == queue.ResultPromised && !o.Until.IsZero() && !o.Until.After(now) {
		// A callback is only ever later: the store would keep the promise and drop its time.
		loc := env.Config.Location
		return ExitError{Code: 2, Err: failure(env.Lang, "promise_past", "contact",
			o.Until.In(loc).Format("01-02 15:04"), now.In(loc).Format("01-02 15:04"))}
	}
	key, err := env.findOrder(ctx, o.Order)
	if err != nil {
		return env.refused(err, "")
	}
	ord, buyer, err := env.Store.OrderState(ctx, key, env.Operator)
	if err != nil {
		return err
	}
	var contacts []uint32 // the buyer's contacts, which only the daily cap counts
	if env.Config.Caps.PerBuyerDay > 0 {
		if contacts, err = env.Store.DayContacts(ctx, key); err != nil {
			return err
		}
	}
	breaks := env.Config.Breaks(&ord, &buyer, contacts, 0, o.Channel, o.Result, now) // env.Operator is OrderState's 0
	if w := env.Config.Roster.ColleagueWindow.Seconds(); w > 0 {
		if _, ok, err := env.Store.ColleagueTouch(ctx, key, env.Operator, now.Unix()-w); err != nil {
			return err
		} else if ok {
			breaks = append(breaks, queue.BreakColleague)
		}
	}
	e := queue.Event{
		UID:      data.NewUID(),
		At:       now.Unix(),
		Operator: env.Operator,
		Session:  env.Session,
		Kind:     queue.EventContact,
		Order:    key,
		Channel:  o.Channel,
		Result:   o.Result,
		Reason:   o.Reason,
		Note:     o.Note,
		ScriptID: o.ScriptID,
		Warning:  queue.JoinBreaks(breaks),
		Force:    o.Force,
	}
	if o.Result == queue.ResultPromised {
		e.Until = now.Add(24 * time.Hour).Unix()
		if !o.Until.IsZero() {
			e.Until = o.Until.Unix()
		}
	}
	saved, err := env.Store.Append(ctx, e)
	if err != nil {
		return env.refused(err, words.For(env.Lang).CLIForceHint)
	}
	w := words.For(env.Lang)
	for _, b := range queue.BreakLabels(breaks, env.Lang) {
		fmt.Fprintf(env.Stderr, "%s: %s\n", w.CLIWarning, b)
	}
	if saved.Override != "" {
		fmt.Fprintf(env.Stderr, "%s: %s\n", w.CLIWarning, fmt.Sprintf(w.CLIOverride, saved.Override))
	}
	fmt.Fprintf(env.Stdout, "%s #%d %s %s %s\n", w.CLILogged, saved.ID, key, o.Channel.Label(env.Lang), o.Result.Label(env.Lang))
	return nil
}

// findOrder resolves what the user typed to one order. An order the store does not have
// is a CodeNoOrder refusal; a number on several platforms is answered in env's language.
func (env *Env) findOrder(ctx context.Context, id string) (queue.OrderKey, error) {
	keys, err := env.Store.Find(ctx, id)
	if err != nil {
		return queue.OrderKey{}, err
	}
	switch len(keys) {
	case 0:
		return queue.OrderKey{}, &data.Refusal{Code: data.CodeNoOrder, Order: queue.OrderKey{ID: id}}
	case 1:
		return keys[0], nil
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.String()
	}
	return queue.OrderKey{}, fmt.Errorf(words.For(env.Lang).CLIAmbiguousOrder, queue.ShortField(id), strings.Join(names, ", "))
}
