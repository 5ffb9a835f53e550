// Command cuifu is a terminal workstation for e-commerce payment-reminder specialists
// (催付专员): a live queue of unpaid orders ranked by urgency, the channel and the polite
// words for each, and a durable shift log for supervisors and payroll.
//
// main is the command table: each command's name, its flags, what it needs before it runs
// and what it runs. Package ui/cli carries the commands out.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
	_ "time/tzdata" // the shop's zone must resolve on Windows and minimal systems too

	"github.com/spf13/pflag"

	"cuifu/ui/cli"
)

// command is one row of the command table.
type command struct {
	name  string
	flags func(*pflag.FlagSet)                  // binds the command's own flags; nil: none
	check func(args []string) error             // checks the arguments before anything is opened
	needs cli.Needs                             // what is built before run: the flags, the config, the store
	run   func(context.Context, *cli.Env) error // carries the command out
}

// commands is the command line (SPEC "Command line"); each call gives fresh flag values.
func commands() []command {
	var (
		demo    cli.DemoCmd
		queue   cli.QueueCmd
		contact cli.ContactCmd
		claim   cli.ClaimCmd
		release = cli.ClaimCmd{Release: true}
		revoke  cli.RevokeCmd
		config  cli.ConfigCmd
		imp     cli.ImportCmd
		gen     cli.GenCmd
		serve   cli.ServeCmd
		replay  cli.ReplayCmd
		export  cli.ExportCmd
		report  cli.ReportCmd
		scripts cli.ScriptsCmd
		block   cli.BlockCmd
		unblock = cli.BlockCmd{Unblock: true}
	)
	return []command{
		{"", nil, cli.NoArgs(""), cli.NeedsStore, cli.Work},
		{"work", nil, cli.NoArgs("work"), cli.NeedsStore, cli.Work},
		{"demo", demo.Flags, demo.Check, cli.NeedsConfig, demo.Run},
		{"queue", queue.Flags, queue.Check, cli.NeedsStore, queue.Run},
		{"contact", contact.Flags, contact.Check, cli.NeedsStore, contact.Run},
		{"claim", nil, claim.Check, cli.NeedsStore, claim.Run},
		{"release", nil, release.Check, cli.NeedsStore, release.Run},
		{"revoke", revoke.Flags, revoke.Check, cli.NeedsStore, revoke.Run},
		{"config", config.Flags, config.Check, cli.NeedsFlags, config.Run},
		{"import", imp.Flags, imp.Check, cli.NeedsStore, imp.Run},
		{"gen", gen.Flags, gen.Check, cli.NeedsConfig, gen.Run},
		{"serve", serve.Flags, serve.Check, cli.NeedsStore, serve.Run},
		{"replay", replay.Flags, replay.Check, cli.NeedsStore, replay.Run},
		{"export", export.Flags, export.Check, cli.NeedsStore, export.Run},
		{"report", report.Flags, report.Check, cli.NeedsStore, report.Run},
		{"scripts", nil, scripts.Check, cli.NeedsFlags, scripts.Run},
		{"block", block.Flags, block.Check, cli.NeedsStore, block.Run},
		{"unblock", unblock.Flags, unblock.Check, cli.NeedsStore, unblock.Run},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var g cli.Globals
	return g.Exit(dispatch(ctx, &g, args, stdout, stderr), stdout, stderr)
}

// dispatch is the one runner: it parses the global flags (they may stand before the command
// or among its own flags), finds the command, parses and checks its flags and arguments,
// builds what it needs, runs it and closes the store.
func dispatch(ctx context.Context, g *cli.Globals, args []string, stdout, stderr io.Writer) error {
	head := newFlagSet("cuifu")
	g.Register(head)
	head.SetInterspersed(false)
	if err := head.Parse(args); err != nil {
		return cli.FlagError(err)
	}
	rest, name := head.Args(), ""
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	if name == "help" {
		fmt.Fprint(stdout, cli.Usage)
		return nil
	}
	cmds := commands()
	i := slices.IndexFunc(cmds, func(c command) bool { return c.name == name })
	if i < 0 {
		return cli.UnknownCommand(name)
	}
	c, fs := cmds[i], newFlagSet(name)
	g.Register(fs)
	if c.flags != nil {
		c.flags(fs)
	}
	if err := fs.Parse(rest); err != nil {
		return cli.FlagError(err)
	}
	if err := c.check(fs.Args()); err != nil {
		return err
	}
	env, err := g.Env(ctx, c.needs, stdout, stderr)
	if err != nil {
		return err
	}
	defer env.Close()
	return c.run(ctx, env)
}

func newFlagSet(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints the one usage text
	fs.Usage = func() {}
	return fs
}
