package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"cuifu/data/demo"
	"cuifu/data/exports"
	"cuifu/queue"
)

// GenOptions are the `cuifu gen` arguments.
type GenOptions struct {
	Platform queue.Platform
	Orders   int
	Unpaid   float64 // share of unpaid orders; negative = the default (20%, or 0 where the platform has no unpaid status)
	Seed     int64
	Presale  float64 // share of the unpaid orders that are presale orders (Taobao only)
	Out      string  // "-" or "" = standard output
}

// DefaultUnpaid is the realistic share of unpaid orders in a sale-day export.
const DefaultUnpaid = 0.2

// Gen writes a synthetic export in the platform's real format: header, quirks and encoding.
// Every buyer in it is made up. JD and PDD exports show no unpaid status, so their files are
// payment history only; asking them for unpaid orders is an error.
func Gen(env *Env, o GenOptions) error {
	if o.Unpaid < 0 {
		o.Unpaid = DefaultUnpaid
		if !exports.HasUnpaidStatus(o.Platform) {
			o.Unpaid = 0
		}
	} else if o.Unpaid > 0 && !exports.HasUnpaidStatus(o.Platform) {
		return ExitError{Code: 2, Err: failure(env.Lang, "gen_no_unpaid", "gen", o.Platform.Label(env.Lang))}
	}
	if ext := strings.ToLower(filepath.Ext(o.Out)); ext == ".xlsx" || ext == ".xls" {
		// cuifu import takes a file by its name: a CSV named .xlsx is refused there.
		return ExitError{Code: 2, Err: failure(env.Lang, "gen_csv_only", "gen", filepath.Base(o.Out), ".csv")}
	}
	var out io.Writer = env.Stdout
	var f *os.File
	if o.Out != "" && o.Out != "-" {
		var err error
		if f, err = createOut(env.Lang, o.Out, 0o666); err != nil {
			return err
		}
		defer f.Close()
		out = f
	}
	w, err := exports.NewWriter(out, o.Platform, env.Config.Location)
	if err != nil {
		return err
	}
	err = demo.Export(demo.ExportOptions{Orders: o.Orders, Unpaid: o.Unpaid, Seed: o.Seed, Now: env.Clock.Now(),
		Loc: env.Config.Location, Items: true, Presale: o.Presale}, w.Write)
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if f != nil {
		return f.Close()
	}
	return nil
}
