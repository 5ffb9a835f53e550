package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// PayrollOptions are the `cuifu export payroll` flags.
type PayrollOptions struct {
	From, To string // shop-local days, YYYY-MM-DD, both included; "" = today
	Out      string // the file; "" or "-" = standard output
}

// dayFlags name the flags a command's days came from, for its errors: --from and --to, or
// replay's one --date.
type dayFlags struct{ from, to string }

var (
	fromTo  = dayFlags{"--from", "--to"}
	oneDate = dayFlags{"--date", "--date"}
)

// dayRange reads the from and to days in the shop's zone and returns [start, end) in unix
// seconds. Missing days default to today. A day that does not read is named by its flag.
func dayRange(cfg *queue.Config, l queue.Lang, now time.Time, from, to string, flags dayFlags) (int64, int64, error) {
	today := now.In(cfg.Location).Format("2006-01-02")
	if from == "" {
		from = today
	}
	if to == "" {
		to = from
		if from < today {
			to = today
		}
	}
	f, err := time.ParseInLocation("2006-01-02", from, cfg.Location)
	if err != nil {
		return 0, 0, ExitError{Code: 2, Err: failure(l, "bad_day", flags.from, from)}
	}
	t, err := time.ParseInLocation("2006-01-02", to, cfg.Location)
	if err != nil {
		return 0, 0, ExitError{Code: 2, Err: failure(l, "bad_day", flags.to, to)}
	}
	if t.Before(f) {
		return 0, 0, ExitError{Code: 2, Err: failure(l, "day_order", to, from)}
	}
	return f.Unix(), t.AddDate(0, 0, 1).Unix(), nil
}

// DayStats computes the per-specialist, per-day numbers of [from, to) from the shift log and
// the payments, by the one attribution rule the tally, the replay and the report use too: a
// recovery counts on the day of the contact that earned it, so the payments and the touches
// that might take their credit are read to one look-back window past the last day, and the
// touches from queue.SameContact before the first, for the attempts the first day's
// outcomes may be part of.
func DayStats(ctx context.Context, s *data.Store, cfg *queue.Config, from, to int64) ([]queue.DayStats, error) {
	lookBack := cfg.Payroll.LookBack.Seconds()
	pays, err := s.Payments(ctx, from, to+lookBack)
	if err != nil {
		return nil, err
	}
	evs, err := s.Events(ctx, data.EventFilter{From: from - int64(queue.SameContact/time.Second), To: to + lookBack})
	if err != nil {
		return nil, err
	}
	rec := queue.Credited(evs, pays, lookBack, from, to)
	var inRange []queue.Event
	for _, e := range evs {
		if e.At < to {
			inRange = append(inRange, e)
		}
	}
	return queue.Stats(inRange, rec, from, cfg.Location)
}

// ExportPayroll writes the payroll CSV for the days asked.
func ExportPayroll(ctx context.Context, env *Env, o PayrollOptions) error {
	from, to, err := dayRange(&env.Config, env.Lang, env.Clock.Now(), o.From, o.To, fromTo)
	if err != nil {
		return err
	}
	rows, err := DayStats(ctx, env.Store, &env.Config, from, to)
	if err != nil {
		return err
	}
	if o.Out == "-" { // as for gen: - is standard output, not a file named -
		o.Out = ""
	}
	var w io.Writer = env.Stdout
	if o.Out != "" {
		f, err := createOut(env.Lang, o.Out, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := data.WritePayroll(w, words.For(env.Lang).CLIPayrollHead, rows, env.Config.Payroll, env.Lang); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && o.Out != "" {
		if err := f.Sync(); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, words.Format(words.For(env.Lang).CLIPayrollWrote, o.Out, len(rows)))
	}
	return nil
}

// createOut creates (or empties) the file an -o names, with perm. A file that cannot be
// made is said in the user's language, with the file: the folder is missing, it may not be
// written, or it is a folder.
func createOut(l queue.Lang, path string, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err == nil {
		return f, nil
	}
	w := words.For(l).CLIError
	var why string
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = w["write_no_dir"]
	case errors.Is(err, fs.ErrPermission):
		why = w["write_denied"]
	case errors.Is(err, syscall.EISDIR):
		why = w["write_is_dir"]
	case errors.As(err, &errno): // never the system's own English
		why = fmt.Sprintf(w["write_errno"], int(errno))
	default:
		why = queue.SafeText(err.Error())
	}
	return nil, failure(l, "write_file", queue.Sanitize(path), why)
}
