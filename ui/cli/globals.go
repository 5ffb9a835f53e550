package cli

import (
	"context"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"cuifu/queue"
)

// Usage is the command line's help, printed by `cuifu help`, --help and after a usage error.
const Usage = `cuifu — 催付工作台 / payment-reminder workstation

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

// Needs says what a command needs built before it runs.
type Needs uint8

// What a command needs.
const (
	NeedsFlags  Needs = iota // the global flags alone: no config file is read
	NeedsConfig              // the config and the clock too
	NeedsStore               // the config, the clock and the open store
)

// Globals are the flags valid on every command, as given.
type Globals struct {
	DB, Operator, Now, Config, Lang string
}

// Register adds the global flags to fs. The values already parsed are the defaults, so
// registering them again on a command's flag set keeps what came before the command.
func (g *Globals) Register(fs *pflag.FlagSet) {
	if g.Lang == "" {
		g.Lang = "zh"
	}
	fs.StringVar(&g.DB, "db", g.DB, "the store")
	fs.StringVar(&g.Operator, "operator", g.Operator, "who is working")
	fs.StringVar(&g.Now, "now", g.Now, "freeze the clock (RFC 3339)")
	fs.StringVar(&g.Config, "config", g.Config, "the config file")
	fs.StringVar(&g.Lang, "lang", g.Lang, "zh or en")
}

// Env builds what a command needs: the language always; the config, clock and operator
// unless it needs the flags alone; and the open store when it needs it (the caller closes
// it with Env.Close).
func (g *Globals) Env(ctx context.Context, needs Needs, stdout, stderr io.Writer) (*Env, error) {
	lang, ok := queue.ParseLang(g.Lang)
	if !ok {
		return nil, usage(usageLang, g.Lang, choices{"zh", "en"})
	}
	env := &Env{Globals: *g, Lang: lang, Stdout: stdout, Stderr: stderr}
	if needs == NeedsFlags {
		return env, nil
	}
	env.Clock = queue.SystemClock{}
	if g.Now != "" {
		t, err := time.Parse(time.RFC3339, g.Now)
		if err != nil {
			return nil, usage(usageNow, g.Now, "2026-11-11T00:30:00+08:00")
		}
		env.Clock = queue.FixedClock{T: t}
	}
	cfg, err := LoadConfig(g.ConfigPath(), g.Config != "", lang)
	if err != nil {
		return nil, err
	}
	env.Config, env.Operator = cfg, g.OperatorName()
	if needs == NeedsStore {
		if err := env.OpenStore(ctx, g.DBPath()); err != nil {
			return nil, err
		}
	}
	return env, nil
}

// DBPath is the store: --db, else $CUIFU_DB, else cuifu/cuifu.db in the user data dir.
func (g *Globals) DBPath() string {
	if g.DB != "" {
		return g.DB
	}
	if p := os.Getenv("CUIFU_DB"); p != "" {
		return p
	}
	return filepath.Join(dataDir(), "cuifu", "cuifu.db")
}

// ConfigPath is the config file: --config, else cuifu/config.toml in the user config dir.
func (g *Globals) ConfigPath() string {
	if g.Config != "" {
		return g.Config
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "cuifu", "config.toml")
}

// OperatorName is who is working: --operator, else $CUIFU_OPERATOR, else the OS user.
func (g *Globals) OperatorName() string {
	if g.Operator != "" {
		return g.Operator
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
