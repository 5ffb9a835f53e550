package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"cuifu/queue"
	"cuifu/ui/serve"
)

// Each command of the command line is a value with three methods, which main's command
// table names: Flags binds its flags, Check checks what the command line gave it (a
// UsageError, before anything is opened or read) and Run carries it out.

// NoArgs is the Check of a command that takes no arguments.
func NoArgs(cmd string) func(args []string) error {
	return func(args []string) error { return noArgs(cmd, args) }
}

// DemoCmd is `cuifu demo`.
type DemoCmd struct{ o DemoOptions }

// Flags binds the demo's flags.
func (c *DemoCmd) Flags(fs *pflag.FlagSet) {
	fs.IntVar(&c.o.Orders, "orders", 1500, "how many orders the sale day has")
	fs.Int64Var(&c.o.Seed, "seed", 1111, "the generator's seed: the same seed makes the same day")
}

// Check refuses arguments and a demo of no orders.
func (c *DemoCmd) Check(args []string) error {
	if err := noArgs("demo", args); err != nil {
		return err
	}
	if c.o.Orders < 1 {
		return usage(usageMinOne, "demo", "--orders")
	}
	return nil
}

// Run makes the demo store (--db, else $CUIFU_DB_DEMO, else demo.db in the user cache dir)
// and opens the workstation on it.
func (c *DemoCmd) Run(ctx context.Context, env *Env) error {
	c.o.Path = env.Globals.DB
	if c.o.Path == "" {
		c.o.Path = os.Getenv("CUIFU_DB_DEMO")
	}
	if c.o.Path == "" {
		c.o.Path = filepath.Join(cacheDir(), "cuifu", "demo.db")
	}
	return Demo(ctx, env, c.o)
}

// QueueCmd is `cuifu queue`.
type QueueCmd struct{ o QueueOptions }

// Flags binds the queue's flags.
func (c *QueueCmd) Flags(fs *pflag.FlagSet) {
	fs.IntVar(&c.o.Limit, "limit", 0, "at most N rows (0 = all)")
	fs.StringVar(&c.o.Format, "format", "table", "table, csv or json")
}

// Check refuses arguments, an unknown format and a negative limit.
func (c *QueueCmd) Check(args []string) error {
	if err := noArgs("queue", args); err != nil {
		return err
	}
	if err := checkFormat("queue", c.o.Format); err != nil {
		return err
	}
	if c.o.Limit < 0 {
		return usage(usageNegative, "queue", "--limit")
	}
	return nil
}

// Run prints the queue.
func (c *QueueCmd) Run(ctx context.Context, env *Env) error { return Queue(ctx, env, c.o) }

// checkFormat refuses an output format other than table, csv and json.
func checkFormat(cmd, format string) error {
	switch format {
	case "table", "csv", "json":
		return nil
	}
	return usage(usageChoice, cmd, "--format", format, formatChoices)
}

// ContactCmd is `cuifu contact`.
type ContactCmd struct {
	o                      ContactOptions
	channel, result, until string
}

// Flags binds the contact's flags.
func (c *ContactCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.channel, "channel", "", "im, sms or phone")
	fs.StringVar(&c.result, "result", "", "what happened")
	fs.StringVar(&c.o.Reason, "reason", "", "why the buyer declined (service, payment, cheaper, product, other), opted out (complaint), or for a promise: anyone (anyone may call back)")
	fs.StringVar(&c.until, "until", "", "callback time for a promise (RFC 3339; default: next day, same time)")
	fs.StringVar(&c.o.Note, "note", "", "a free note")
	fs.StringVar(&c.o.ScriptID, "script", "", "the id of the script used")
	fs.BoolVar(&c.o.Force, "force", false, "log over another specialist's claim (logged as an override)")
}

// Check reads the order, the channel, the result and the callback time.
func (c *ContactCmd) Check(args []string) error {
	if len(args) != 1 {
		return usage(usageOneOrder, "contact")
	}
	c.o.Order = args[0]
	var err error
	if c.o.Channel, err = queue.ParseChannel(c.channel); err != nil {
		return usage(usageChoice, "contact", "--channel", c.channel, channelChoices())
	}
	if c.o.Result, err = queue.ParseResult(c.result); err != nil {
		return usage(usageChoice, "contact", "--result", c.result, resultChoices())
	}
	if c.until != "" {
		if c.o.Until, err = time.Parse(time.RFC3339, c.until); err != nil {
			return usage(usageTime, "contact", "--until", c.until, "2026-11-12T10:00:00+08:00")
		}
	}
	return nil
}

// Run logs the contact.
func (c *ContactCmd) Run(ctx context.Context, env *Env) error { return Contact(ctx, env, c.o) }

// ClaimCmd is `cuifu claim` and, with Release, `cuifu release`.
type ClaimCmd struct {
	Release bool
	order   string
}

// Check takes the one order.
func (c *ClaimCmd) Check(args []string) error {
	if len(args) != 1 {
		return usage(usageOneOrder, c.name())
	}
	c.order = args[0]
	return nil
}

func (c *ClaimCmd) name() string {
	if c.Release {
		return "release"
	}
	return "claim"
}

// Run claims or releases the order.
func (c *ClaimCmd) Run(ctx context.Context, env *Env) error {
	if c.Release {
		return Release(ctx, env, c.order)
	}
	return Claim(ctx, env, c.order)
}

// RevokeCmd is `cuifu revoke`.
type RevokeCmd struct {
	reason string
	id     int64
}

// Flags binds --reason.
func (c *RevokeCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.reason, "reason", "", "why the event is taken back")
}

// Check reads the event's number and wants a reason.
func (c *RevokeCmd) Check(args []string) error {
	if len(args) != 1 {
		return usage(usageOneEvent, "revoke")
	}
	var err error
	if c.id, err = ParseEventID(args[0]); err != nil {
		return usage(usageEvent, "revoke", args[0])
	}
	if strings.TrimSpace(c.reason) == "" {
		return usage(usageNeedReason, "revoke")
	}
	return nil
}

// Run revokes the event.
func (c *RevokeCmd) Run(ctx context.Context, env *Env) error { return Revoke(ctx, env, c.id, c.reason) }

// ConfigCmd is `cuifu config init`.
type ConfigCmd struct{ force bool }

// Flags binds --force.
func (c *ConfigCmd) Flags(fs *pflag.FlagSet) {
	fs.BoolVar(&c.force, "force", false, "overwrite an existing config file")
}

// Check wants the one subcommand, init.
func (c *ConfigCmd) Check(args []string) error {
	if len(args) != 1 || args[0] != "init" {
		return usage(usageOnlyConfig, "config")
	}
	return nil
}

// Run writes the default config to the config path.
func (c *ConfigCmd) Run(_ context.Context, env *Env) error {
	return ConfigInit(env.Globals.ConfigPath(), c.force, env.Lang, env.Stdout)
}

// ImportCmd is `cuifu import`.
type ImportCmd struct {
	o        ImportOptions
	platform string
}

// Flags binds --platform.
func (c *ImportCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.platform, "platform", "auto", "auto, taobao, jd, pdd, douyin or shopify")
}

// Check wants a file and reads the platform.
func (c *ImportCmd) Check(args []string) error {
	if len(args) == 0 {
		return usage(usageNeedFile, "import")
	}
	if c.platform != "auto" {
		p, err := queue.ParsePlatform(c.platform)
		if err != nil {
			return usage(usageChoice, "import", "--platform", c.platform, append(choices{"auto"}, platformChoices()...))
		}
		c.o.Platform = p
	}
	c.o.Files = args
	return nil
}

// Run imports the files.
func (c *ImportCmd) Run(ctx context.Context, env *Env) error { return Import(ctx, env, c.o) }

// GenCmd is `cuifu gen`.
type GenCmd struct {
	o        GenOptions
	platform string
	fs       *pflag.FlagSet // to tell a given --unpaid from the default
}

// Flags binds the generator's flags.
func (c *GenCmd) Flags(fs *pflag.FlagSet) {
	c.fs = fs
	fs.StringVar(&c.platform, "platform", "", "taobao, jd, pdd, douyin or shopify")
	fs.IntVar(&c.o.Orders, "orders", 1000, "how many orders")
	fs.Float64Var(&c.o.Unpaid, "unpaid", -1, "share of unpaid orders, 0 to 1 (default 0.2; 0 for JD and PDD)")
	fs.Int64Var(&c.o.Seed, "seed", 1, "the generator's seed")
	fs.Float64Var(&c.o.Presale, "presale", 0, "share of the unpaid orders that are presale orders, 0 to 1 (Taobao only)")
	fs.StringVarP(&c.o.Out, "output", "o", "", "write to FILE (default: standard output)")
}

// Check reads the platform and checks the counts and shares.
func (c *GenCmd) Check(args []string) error {
	if err := noArgs("gen", args); err != nil {
		return err
	}
	p, err := queue.ParsePlatform(c.platform)
	if err != nil || p == queue.PlatformDemo {
		return usage(usageChoice, "gen", "--platform", c.platform, platformChoices())
	}
	c.o.Platform = p
	switch {
	case c.o.Orders < 1:
		return usage(usageMinOne, "gen", "--orders")
	case c.fs.Changed("unpaid") && (c.o.Unpaid < 0 || c.o.Unpaid > 1):
		return usage(usageShare, "gen", "--unpaid")
	case !(c.o.Presale >= 0 && c.o.Presale <= 1):
		return usage(usageShare, "gen", "--presale")
	case c.o.Presale > 0 && p != queue.PlatformTaobao:
		return usage(usagePresale, "gen")
	}
	return nil
}

// Run writes the export.
func (c *GenCmd) Run(_ context.Context, env *Env) error { return Gen(env, c.o) }

// ServeCmd is `cuifu serve`.
type ServeCmd struct{ o ServeOptions }

// Flags binds the server's flags.
func (c *ServeCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.o.Listen, "listen", serve.DefaultListen, "the address to listen on")
	fs.StringVar(&c.o.HostKey, "host-key", "", "the host's private key, made on the first run (default beside the store)")
	fs.StringVar(&c.o.Keys, "keys", "", "the keys file: NAME[:ROLE] KEYTYPE BASE64 a line (default keys.txt beside the store)")
}

// Check refuses arguments.
func (c *ServeCmd) Check(args []string) error { return noArgs("serve", args) }

// Run serves until the context ends.
func (c *ServeCmd) Run(ctx context.Context, env *Env) error { return Serve(ctx, env, c.o) }

// ReplayCmd is `cuifu replay`.
type ReplayCmd struct{ o ReplayOptions }

// Flags binds the replay's flags.
func (c *ReplayCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.o.Date, "date", "", "the shift's day, YYYY-MM-DD (default today)")
	fs.BoolVar(&c.o.Plain, "plain", false, "print the timeline as text")
}

// Check refuses arguments.
func (c *ReplayCmd) Check(args []string) error { return noArgs("replay", args) }

// Run replays the shift. For a replay, --operator names whose shift to replay (the global
// flag says who works; a supervisor names the specialist to look at).
func (c *ReplayCmd) Run(ctx context.Context, env *Env) error {
	if env.Globals.Operator != "" {
		c.o.Operator = env.Operator
	}
	return Replay(ctx, env, c.o)
}

// ExportCmd is `cuifu export payroll`.
type ExportCmd struct{ o PayrollOptions }

// Flags binds the payroll's flags.
func (c *ExportCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.o.From, "from", "", "first day, YYYY-MM-DD (default today)")
	fs.StringVar(&c.o.To, "to", "", "last day, YYYY-MM-DD (default: --from, or today)")
	fs.StringVarP(&c.o.Out, "output", "o", "", "write to FILE instead of standard output")
}

// Check wants the one export, payroll.
func (c *ExportCmd) Check(args []string) error {
	if len(args) != 1 || args[0] != "payroll" {
		return usage(usageOnlyExport, "export")
	}
	return nil
}

// Run writes the payroll.
func (c *ExportCmd) Run(ctx context.Context, env *Env) error { return ExportPayroll(ctx, env, c.o) }

// ReportCmd is `cuifu report`.
type ReportCmd struct {
	o  ReportOptions
	by string
}

// Flags binds the report's flags.
func (c *ReportCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.o.From, "from", "", "first day, YYYY-MM-DD (default today)")
	fs.StringVar(&c.o.To, "to", "", "last day, YYYY-MM-DD (default: --from, or today)")
	fs.StringVar(&c.by, "by", "script", "script, channel, phase, segment, operator or hour")
	fs.StringVar(&c.o.Format, "format", "table", "table, csv or json")
}

// Check refuses arguments and reads the grouping and the format.
func (c *ReportCmd) Check(args []string) error {
	if err := noArgs("report", args); err != nil {
		return err
	}
	var err error
	if c.o.By, err = queue.ParseReportBy(c.by); err != nil {
		return usage(usageChoice, "report", "--by", c.by, byChoices())
	}
	return checkFormat("report", c.o.Format)
}

// Run prints the report.
func (c *ReportCmd) Run(ctx context.Context, env *Env) error { return Report(ctx, env, c.o) }

// ScriptsCmd is `cuifu scripts check [DIR]`.
type ScriptsCmd struct{ dir string }

// Check wants the one subcommand, check, and at most a directory.
func (c *ScriptsCmd) Check(args []string) error {
	if len(args) < 1 || args[0] != "check" || len(args) > 2 {
		return usage(usageOnlyScripts, "scripts")
	}
	if len(args) == 2 {
		c.dir = args[1]
	}
	return nil
}

// Run lints the scripts.
func (c *ScriptsCmd) Run(_ context.Context, env *Env) error {
	return ScriptsCheck(c.dir, env.Lang, env.Stdout)
}

// BlockCmd is `cuifu block` and, with Unblock, `cuifu unblock`.
type BlockCmd struct {
	Unblock bool
	o       BlockOptions
}

// Flags binds --reason and --file.
func (c *BlockCmd) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.o.Reason, "reason", "", "why (shown on the buyer's orders)")
	fs.StringVar(&c.o.File, "file", "", "a CSV or TXT list: one nick or phone per line, then an optional reason")
}

// Check wants targets or a file, and a reason with targets.
func (c *BlockCmd) Check(args []string) error {
	cmd := "block"
	if c.Unblock {
		cmd = "unblock"
	}
	c.o.Unblock, c.o.Targets = c.Unblock, args
	if len(args) == 0 && c.o.File == "" {
		return usage(usageNeedTarget, cmd)
	}
	if len(args) > 0 && c.o.Reason == "" {
		return usage(usageNeedReason, cmd)
	}
	return nil
}

// Run blocks or unblocks.
func (c *BlockCmd) Run(ctx context.Context, env *Env) error { return Block(ctx, env, c.o) }
