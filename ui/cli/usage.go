package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"cuifu/queue"
	"cuifu/queue/words"
)

// ExitUsage is the exit status of a bad command line.
const ExitUsage = 2

// UsageError is a bad command line: a code of the words' CLIUsage table and its facts.
// Exit prints it in the user's language, with the usage, and exits ExitUsage.
type UsageError struct {
	Code string
	Args []any // a choices argument is a list, joined in the language's words
}

// The usage errors; each comment lists the code's arguments.
const (
	usageUnknownCommand = "unknown_command" // the command
	usageUnexpectedArg  = "unexpected_arg"  // the command, the argument
	usageOneOrder       = "one_order"       // the command
	usageOneEvent       = "one_event"       // the command
	usageNeedReason     = "need_reason"     // the command
	usageNeedFile       = "need_file"       // the command
	usageNeedTarget     = "need_target"     // the command
	usageOnlyConfig     = "only_config"     // the command
	usageOnlyScripts    = "only_scripts"    // the command
	usageOnlyExport     = "only_export"     // the command
	usageChoice         = "choice"          // the command, the flag, the value, the choices
	usageNegative       = "negative"        // the command, the flag
	usageMinOne         = "min_one"         // the command, the flag
	usageShare          = "share"           // the command, the flag
	usagePresale        = "presale_taobao"  // the command
	usageTime           = "time"            // the command, the flag, the value, an example
	usageNow            = "now"             // the value, an example
	usageLang           = "lang"            // the value, the choices
	usageEvent          = "event"           // the command, the value
	usageFlagUnknown    = "flag_unknown"    // the flag as typed
	usageFlagNoValue    = "flag_no_value"   // the flag
	usageFlagValue      = "flag_value"      // the flag, the value
	usageFlagSyntax     = "flag_syntax"     // the argument
)

// choices is a usage error's list of the values a flag takes.
type choices []string

func usage(code string, args ...any) error { return UsageError{Code: code, Args: args} }

// Error is the English text, for logs and tests.
func (e UsageError) Error() string { return e.Text(words.EN) }

// Text says what is wrong with the command line in the language l.
func (e UsageError) Text(l queue.Lang) string {
	w := words.For(l)
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = a
		if c, ok := a.(choices); ok && len(c) > 1 {
			args[i] = fmt.Sprintf(w.CLIOr, strings.Join(c[:len(c)-1], w.ListSep), c[len(c)-1])
		} else if ok {
			args[i] = strings.Join(c, "")
		}
	}
	return fmt.Sprintf(w.CLIUsage[e.Code], args...)
}

// noArgs refuses arguments to a command that takes none.
func noArgs(cmd string, args []string) error {
	if len(args) > 0 {
		if cmd == "" {
			cmd = "work"
		}
		return usage(usageUnexpectedArg, cmd, args[0])
	}
	return nil
}

// UnknownCommand refuses a command the command line does not have.
func UnknownCommand(name string) error { return usage(usageUnknownCommand, name) }

// FlagError turns pflag's error into a usage error in the words' codes; --help passes.
func FlagError(err error) error {
	var (
		unknown *pflag.NotExistError
		noValue *pflag.ValueRequiredError
		value   *pflag.InvalidValueError
		syntax  *pflag.InvalidSyntaxError
	)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		return err
	case errors.As(err, &unknown):
		if unknown.GetSpecifiedShortnames() != "" {
			return usage(usageFlagUnknown, "-"+unknown.GetSpecifiedName())
		}
		return usage(usageFlagUnknown, "--"+unknown.GetSpecifiedName())
	case errors.As(err, &noValue):
		return usage(usageFlagNoValue, "--"+noValue.GetFlag().Name)
	case errors.As(err, &value):
		return usage(usageFlagValue, "--"+value.GetFlag().Name, value.GetValue())
	case errors.As(err, &syntax):
		return usage(usageFlagSyntax, syntax.GetSpecifiedFlag())
	}
	return usage(usageFlagSyntax, err.Error())
}

// Exit prints err, if any, in the language the global flags name, and returns the exit
// status: 0, ExitUsage with the usage after a bad command line, an ExitError's code, or 1.
// --help prints the usage and exits 0.
func (g *Globals) Exit(err error, stdout, stderr io.Writer) int {
	var ue UsageError
	var ex ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		lang, _ := queue.ParseLang(g.Lang)
		fmt.Fprintf(stderr, "cuifu: %s\n\n%s", ue.Text(lang), Usage)
		return ExitUsage
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(stdout, Usage)
		return 0
	}
	fmt.Fprintf(stderr, "cuifu: %v\n", err)
	if errors.As(err, &ex) {
		return ex.Code
	}
	return 1
}

// The values the choice flags take, as the command line spells them.
func channelChoices() choices {
	return choices{queue.ChannelIM.String(), queue.ChannelSMS.String(), queue.ChannelPhone.String()}
}

func resultChoices() choices {
	var c choices
	for _, r := range queue.Results {
		c = append(c, r.String())
	}
	return c
}

func platformChoices() choices {
	var c choices
	for p := queue.PlatformTaobao; p <= queue.PlatformShopify; p++ {
		c = append(c, p.String())
	}
	return c
}

func byChoices() choices {
	var c choices
	for b := queue.ByScript; b < queue.ByAll; b++ {
		c = append(c, b.String())
	}
	return c
}

var formatChoices = choices{"table", "csv", "json"}
