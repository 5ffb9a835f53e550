// Command cuifu is a terminal workstation for e-commerce payment-reminder specialists
// (催付专员): a live queue of unpaid orders ranked by urgency, the channel and the polite
// words for each, and a durable shift log for supervisors and payroll.
//
// main parses the command line, opens the store and calls one package function per command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // the shop's zone must resolve on Windows and minimal systems too

	"github.com/spf13/pflag"

	"cuifu/queue"
	"cuifu/ui/cli"
	"cuifu/ui/serve"
)

// exitUsage is the exit status for a bad command line.
const exitUsage = 2

const usage = `cuifu — 催付工作台 / payment-reminder workstation

Usage:
  cuifu [global flags]                    the workstation on the store
  cuifu demo [--orders N] [--seed S]      a live sale-day demo in a fresh store
  cuifu import [--platform auto|taobao|jd|pdd|douyin|shopify] FILE...
  cuifu gen --platform P --orders N [--unpaid FRACTION] [--presale FRACTION] [--seed S] -o FILE
                                          a synthetic export in the platform's real format
  cuifu queue [--limit N] [--format table|csv|json]
  cuifu contact ORDER --channel im|sms|phone --result R [--reason X] [--until TIME] [--note T] [--force]
                                          prints the event's number (已记录 #N); --force logs
                                          over a colleague's claim, as an override
  cuifu claim ORDER / cuifu release ORDER take or give back the lease on an order, as m does
  cuifu revoke EVENT --reason R           take back event #N by logging a revoke (another's
                                          needs an --operator in [roster] supervisors)
  cuifu replay [--date D] [--operator NAME] [--plain]
  cuifu export payroll [--from D] [--to D] [-o FILE]
  cuifu report [--from D] [--to D] [--by script|channel|phase|segment|operator|hour] [--format table|csv|json]
                                          recovery and lift against the holdout
  cuifu serve [--listen ADDR] [--host-key PATH] [--keys FILE]
                                          the team server: each specialist connects with ssh
  cuifu scripts check [DIR]               lint script files (default: the built-in ones)
  cuifu config init                       write the default config, commented
  cuifu block BUYER|PHONE --reason R      put a buyer on the blacklist (logged)
  cuifu block --file F [--reason R]       a CSV or TXT list: nick or phone, optional reason
  cuifu unblock BUYER|PHONE --reason R    take a buyer off the blacklist (logged)

Results (R): sent, no_answer, busy, wrong_number, replied, promised, declined,
             claimed_paid, do_not_contact, invalid, duplicate

Exit status: 0 done, 1 error, 2 bad command line, 3 refused by the store (a colleague's
claim, an event that may not be revoked): nothing was logged.

Global flags:
  --db PATH          the store (default: user data dir cuifu/cuifu.db; env CUIFU_DB)
  --operator NAME    who is working (env CUIFU_OPERATOR; default: the OS user)
  --now TIME         freeze the clock (RFC 3339), for replays, tests and demos
  --config PATH      the config file (default: user config dir cuifu/config.toml)
  --lang zh|en       the language of the words shown (default zh)
`

// globals are the flags valid on every command.
type globals struct {
	db, operator, now, config, lang string
}

// register adds the global flags to fs. The values already parsed are the defaults, so
// registering them again on a command's flag set keeps what came before the command.
func (g *globals) register(fs *pflag.FlagSet) {
	if g.lang == "" {
		g.lang = "zh"
	}
	fs.StringVar(&g.db, "db", g.db, "the store")
	fs.StringVar(&g.operator, "operator", g.operator, "who is working")
	fs.StringVar(&g.now, "now", g.now, "freeze the clock (RFC 3339)")
	fs.StringVar(&g.config, "config", g.config, "the config file")
	fs.StringVar(&g.lang, "lang", g.lang, "zh or en")
}

// usageError is a bad command line: it prints the usage and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "cuifu: %s\n\n%s", ue.msg, usage)
		return exitUsage
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "cuifu: %v\n", err)
	var ex cli.ExitError
	if errors.As(err, &ex) {
		return ex.Code
	}
	return 1
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var g globals
	// The global flags may stand before the command or among its own flags.
	head := newFlagSet("cuifu")
	g.register(head)
	head.SetInterspersed(false)
	if err := head.Parse(args); err != nil {
		return flagError(err)
	}
	rest := head.Args()
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	fs := newFlagSet(cmd)
	g.register(fs)
	// withStore opens the store the global flags name, runs the command on it and closes it.
	withStore := func(run func(env *cli.Env) error) error {
		env, err := g.env(ctx, stdout, stderr, "")
		if err != nil {
			return err
		}
		defer env.Close()
		return run(env)
	}
	var parsed []string
	parse := func() error {
		if err := fs.Parse(rest); err != nil {
			return flagError(err)
		}
		parsed = fs.Args()
		return nil
	}
	switch cmd {
	case "", "work":
		if err := parse(); err != nil {
			return err
		}
		if err := noArgs(cmd, parsed); err != nil {
			return err
		}
		return withStore(func(env *cli.Env) error { return cli.Work(ctx, env) })
	case "demo":
		var o cli.DemoOptions
		fs.IntVar(&o.Orders, "orders", 1500, "how many orders the sale day has")
		fs.Int64Var(&o.Seed, "seed", 1111, "the generator's seed: the same seed makes the same day")
		if err := parse(); err != nil {
			return err
		}
		if err := noArgs(cmd, parsed); err != nil {
			return err
		}
		if o.Orders < 1 {
			return usageError{"demo: --orders must be at least 1"}
		}
		db := g.db
		if db == "" {
			db = os.Getenv("CUIFU_DB_DEMO")
		}
		if db == "" {
			db = filepath.Join(cacheDir(), "cuifu", "demo.db")
		}
		o.Path = db
		env, err := g.envNoStore(stdout, stderr)
		if err != nil {
			return err
		}
		return cli.Demo(ctx, env, o)
	case "queue":
		var o cli.QueueOptions
		fs.IntVar(&o.Limit, "limit", 0, "at most N rows (0 = all)")
		fs.StringVar(&o.Format, "format", "table", "table, csv or json")
		if err := parse(); err != nil {
			return err
		}
		if err := noArgs(cmd, parsed); err != nil {
			return err
		}
		switch o.Format {
		case "table", "csv", "json":
		default:
			return usageError{fmt.Sprintf("queue: unknown --format %q (want table, csv or json)", o.Format)}
		}
		if o.Limit < 0 {
			return usageError{"queue: --limit must not be negative"}
		}
		return withStore(func(env *cli.Env) error { return cli.Queue(ctx, env, o) })
	case "contact":
		var o cli.ContactOptions
		var channel, result, until string
		fs.StringVar(&channel, "channel", "", "im, sms or phone")
		fs.StringVar(&result, "result", "", "what happened")
		fs.StringVar(&o.Reason, "reason", "", "why the buyer declined (service, payment, cheaper, product, other), opted out (complaint), or for a promise: anyone (anyone may call back)")
		fs.StringVar(&until, "until", "", "callback time for a promise (RFC 3339; default: next day, same time)")
		fs.StringVar(&o.Note, "note", "", "a free note")
		fs.StringVar(&o.ScriptID, "script", "", "the id of the script used")
		fs.BoolVar(&o.Force, "force", false, "log over another specialist's claim (logged as an override)")
		if err := parse(); err != nil {
			return err
		}
		if len(parsed) != 1 {
			return usageError{"contact: give exactly one ORDER"}
		}
		o.Order = parsed[0]
		var err error
		if o.Channel, err = queue.ParseChannel(channel); err != nil {
			return usageError{"contact: " + err.Error()}
		}
		if o.Result, err = queue.ParseResult(result); err != nil {
			return usageError{"contact: " + err.Error()}
		}
		if until != "" {
			t, err := time.Parse(time.RFC3339, until)
			if err != nil {
				return usageError{fmt.Sprintf("contact: --until %q: want RFC 3339, like 2026-11-12T10:00:00+08:00", until)}
			}
			o.Until = t
		}
		return withStore(func(env *cli.Env) error { return cli.Contact(ctx, env, o) })
	case "claim", "release":
		if err := parse(); err != nil {
			return err
		}
		if len(parsed) != 1 {
			return usageError{cmd + ": give exactly one ORDER"}
		}
		if cmd == "claim" {
			return withStore(func(env *cli.Env) error { return cli.Claim(ctx, env, parsed[0]) })
		}
		return withStore(func(env *cli.Env) error { return cli.Release(ctx, env, parsed[0]) })
	case "revoke":
		var reason string
		fs.StringVar(&reason, "reason", "", "why the event is taken back")
		if err := parse(); err != nil {
			return err
		}
		if len(parsed) != 1 {
			return usageError{"revoke: give exactly one EVENT (the #N that contact prints)"}
		}
		id, err := cli.ParseEventID(parsed[0])
		if err != nil {
			return usageError{"revoke: " + err.Error()}
		}
		if strings.TrimSpace(reason) == "" {
			return usageError{"revoke: give --reason R"}
		}
		return withStore(func(env *cli.Env) error { return cli.Revoke(ctx, env, id, reason) })
	case "config":
		var force bool
		fs.BoolVar(&force, "force", false, "overwrite an existing config file")
		if err := parse(); err != nil {
			return err
		}
		if len(parsed) != 1 || parsed[0] != "init" {
			return usageError{"config: the only subcommand is `config init`"}
		}
		return cli.ConfigInit(g.configPath(), force, stdout)
	case "import":
		var o cli.ImportOptions
		var platform string
		fs.StringVar(&platform, "platform", "auto", "auto, taobao, jd, pdd, douyin or shopify")
		if err := parse(); err != nil {
			return err
		}
		if len(parsed) == 0 {
			return usageError{"import: name at least one FILE"}
		}
		if platform != "auto" {
			p, err := queue.ParsePlatform(platform)
			if err != nil {
				return usageError{"import: " + err.Error()}
			}
			o.Platform = p
		}
		o.Files = parsed
		return withStore(func(env *cli.Env) error { return cli.Import(ctx, env, o) })
	case "gen":
		o := cli.GenOptions{Unpaid: -1}
		var platform string
		fs.StringVar(&platform, "platform", "", "taobao, jd, pdd, douyin or shopify")
		fs.IntVar(&o.Orders, "orders", 1000, "how many orders")
		fs.Float64Var(&o.Unpaid, "unpaid", -1, "share of unpaid orders, 0 to 1 (default 0.2; 0 for JD and PDD)")
		fs.Int64Var(&o.Seed, "seed", 1, "the generator's seed")
		fs.Float64Var(&o.Presale, "presale", 0, "share of the unpaid orders that are presale orders, 0 to 1 (Taobao only)")
		fs.StringVarP(&o.Out, "output", "o", "", "write to FILE (default: standard output)")
		if err := parse(); err != nil {
			return err
		}
		if err := noArgs(cmd, parsed); err != nil {
			return err
		}
		p, err := queue.ParsePlatform(platform)
		if err != nil || p == queue.PlatformDemo {
			return usageError{"gen: --platform: want taobao, jd, pdd, douyin or shopify"}
		}
		o.Platform = p
		if o.Orders < 1 {
			return usageError{"gen: --orders must be at least 1"}
		}
		if fs.Changed("unpaid") && (o.Unpaid < 0 || o.Unpaid > 1) {
			return usageError{"gen: --unpaid is a share from 0 to 1"}
		}
		if !(o.Presale >= 0 && o.Presale <= 1) {
			return usageError{"gen: --presale is a share from 0 to 1"}
		}
		if o.Presale > 0 && p != queue.PlatformTaobao {
			return usageError{"gen: --presale: only Taobao/Tmall exports show presale stages"}
		}
		env, err := g.envNoStore(stdout, stderr)
		if err != nil {
			return err
		}
		return cli.Gen(env, o)
	case "serve":
		var o cli.ServeOptions
		fs.StringVar(&o.Listen, "listen", serve.DefaultListen, "the address to listen on")
		fs.StringVar(&o.HostKey, "host-key", "", "the host's private key, made on the first run (default beside the store)")
		fs.StringVar(&o.Keys, "keys", "", "the keys file: NAME[:ROLE] KEYTYPE BASE64 a line (default keys.txt beside the store)")
		if err := parse(); err != nil {
			return err
		}
		if err := noArgs(cmd, parsed); err != nil {
			return err
		}
		return withStore(func(env *cli.Env) error { return cli.Serve(ctx, env, o) })
	case "replay":
		var o cli.ReplayOptions
		fs.StringVar(&o.Date, "date", "", "the shift's day, YYYY-MM-DD (default today)")
		fs.BoolVar(&o.Plain, "plain", false, "print the timeline as text")
		if err := parse(); err != nil {
			return err
		}
		// For a replay, --operator names whose shift to replay (the global flag says who
		// works; a supervisor names the specialist to look at).
		if fs.Changed("operator") || head.Changed("operator") {
			o.Operator = g.operator
		}
		if err := noArgs(cmd, parsed); err != nil {
			return err
		}
		return withStore(func(env *cli.Env) error { return cli.Replay(ctx, env, o) })
	case "export":
		var o cli.PayrollOptions
		fs.StringVar(&o.From, "from", "", "first day, YYYY-MM-DD (default today)")
		fs.StringVar(&o.To, "to", "", "last day, YYYY-MM-DD (default: --from, or today)")
		fs.StringVarP(&o.Out, "output", "o", "", "write to FILE instead of standard output")
		if err := parse(); err != nil {
			return err
		}
		if len(parsed) != 1 || parsed[0] != "payroll" {
			return usageError{"export: the only export is `export payroll`"}
		}
		return withStore(func(env *cli.Env) error { return cli.ExportPayroll(ctx, env, o) })
	case "report":
		var o cli.ReportOptions
		var by string
		fs.StringVar(&o.From, "from", "", "first day, YYYY-MM-DD (default today)")
		fs.StringVar(&o.To, "to", "", "last day, YYYY-MM-DD (default: --from, or today)")
		fs.StringVar(&by, "by", "script", "script, channel, phase, segment, operator or hour")
		fs.StringVar(&o.Format, "format", "table", "table, csv or json")
		if err := parse(); err != nil {
			return err
		}
		if err := noArgs(cmd, parsed); err != nil {
			return err
		}
		var err error
		if o.By, err = queue.ParseReportBy(by); err != nil {
			return usageError{"report: " + err.Error()}
		}
		switch o.Format {
		case "table", "csv", "json":
		default:
			return usageError{fmt.Sprintf("report: unknown --format %q (want table, csv or json)", o.Format)}
		}
		return withStore(func(env *cli.Env) error { return cli.Report(ctx, env, o) })
	case "scripts":
		if err := parse(); err != nil {
			return err
		}
		if len(parsed) < 1 || parsed[0] != "check" || len(parsed) > 2 {
			return usageError{"scripts: the only subcommand is `scripts check [DIR]`"}
		}
		dir := ""
		if len(parsed) == 2 {
			dir = parsed[1]
		}
		return cli.ScriptsCheck(dir, stdout)
	case "block", "unblock":
		o := cli.BlockOptions{Unblock: cmd == "unblock"}
		fs.StringVar(&o.Reason, "reason", "", "why (shown on the buyer's orders)")
		fs.StringVar(&o.File, "file", "", "a CSV or TXT list: one nick or phone per line, then an optional reason")
		if err := parse(); err != nil {
			return err
		}
		o.Targets = parsed
		if len(parsed) == 0 && o.File == "" {
			return usageError{cmd + ": name a BUYER or PHONE, or --file F"}
		}
		if len(parsed) > 0 && o.Reason == "" {
			return usageError{cmd + ": give --reason R"}
		}
		return withStore(func(env *cli.Env) error { return cli.Block(ctx, env, o) })
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

func newFlagSet(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints the one usage text
	fs.Usage = func() {}
	return fs
}

func flagError(err error) error {
	if errors.Is(err, pflag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}

func noArgs(cmd string, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", strings.TrimSpace("cuifu "+cmd), args[0])}
	}
	return nil
}

// env builds the command environment: config, clock, operator and the open store.
func (g *globals) env(ctx context.Context, stdout, stderr io.Writer, db string) (*cli.Env, error) {
	env, err := g.envNoStore(stdout, stderr)
	if err != nil {
		return nil, err
	}
	if db == "" {
		db = g.dbPath()
	}
	if err := env.OpenStore(ctx, db); err != nil {
		return nil, err
	}
	return env, nil
}

// envNoStore builds the environment without opening a store.
func (g *globals) envNoStore(stdout, stderr io.Writer) (*cli.Env, error) {
	lang, ok := queue.ParseLang(g.lang)
	if !ok {
		return nil, usageError{fmt.Sprintf("--lang %q: want zh or en", g.lang)}
	}
	var clock queue.Clock = queue.SystemClock{}
	if g.now != "" {
		t, err := time.Parse(time.RFC3339, g.now)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--now %q: want RFC 3339, like 2026-11-11T00:30:00+08:00", g.now)}
		}
		clock = queue.FixedClock{T: t}
	}
	cfg, err := cli.LoadConfig(g.configPath(), g.config != "")
	if err != nil {
		return nil, err
	}
	return &cli.Env{
		Config:   cfg,
		Clock:    clock,
		Operator: g.operatorName(),
		Lang:     lang,
		Stdout:   stdout,
		Stderr:   stderr,
	}, nil
}

func (g *globals) dbPath() string {
	if g.db != "" {
		return g.db
	}
	if p := os.Getenv("CUIFU_DB"); p != "" {
		return p
	}
	return filepath.Join(dataDir(), "cuifu", "cuifu.db")
}

func (g *globals) configPath() string {
	if g.config != "" {
		return g.config
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "cuifu", "config.toml")
}

func (g *globals) operatorName() string {
	if g.operator != "" {
		return g.operator
	}
	if n := os.Getenv("CUIFU_OPERATOR"); n != "" {
		return n
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		// Windows reports DOMAIN\name.
		return u.Username[strings.LastIndex(u.Username, `\`)+1:]
	}
	return "specialist"
}

// dataDir is the user data dir: XDG_DATA_HOME (~/.local/share) on Unix, %LocalAppData% on
// Windows, ~/Library/Application Support on macOS.
func dataDir() string {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d
		}
	case "darwin":
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, "Library", "Application Support")
		}
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return d
		}
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share")
		}
	}
	return "."
}

func cacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return d
	}
	return os.TempDir()
}
