package queue

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"cuifu/queue/words"
)

// ConfigError is a setting the config file gets wrong, kept as a code of the words'
// ConfigError table and its facts, so it is said in the reader's language: the setting's
// key, its value as read, further facts (Args: the table's %[3]… on), and the line of the
// file the key is on (0 when unknown). Error gives the English words, for logs.
type ConfigError struct {
	Code       string
	Key, Value string
	Args       []any
	Line       int
}

// configErr is a ConfigError of code about key = value.
func configErr(code, key string, value any, args ...any) *ConfigError {
	v := ""
	if value != nil {
		v = fmt.Sprint(value)
	}
	return &ConfigError{Code: code, Key: key, Value: v, Args: args}
}

// Text says what is wrong in the language l (without the file and line: see ConfigErrorText).
func (e *ConfigError) Text(l Lang) string {
	f := words.For(l).ConfigError[e.Code]
	if !strings.Contains(f, "%") { // a text without facts (the file's syntax)
		return f
	}
	return words.Format(f, append([]any{e.Key, e.Value}, e.Args...)...)
}

func (e *ConfigError) Error() string { return e.Text(LangEN) }

// ConfigErrorText says in the language l what is wrong with the config file path: with its
// line when err is a ConfigError that knows it. An error that is not one (an unreadable
// file) keeps its own text.
func ConfigErrorText(l Lang, path string, err error) string {
	w := words.For(l)
	var ce *ConfigError
	if !errors.As(err, &ce) {
		return words.Format(w.ConfigIn, path, err.Error())
	}
	if ce.Line > 0 {
		return words.Format(w.ConfigAt, path, ce.Line, ce.Text(l))
	}
	return words.Format(w.ConfigIn, path, ce.Text(l))
}

// The prefixes of the settings' own parse errors, which the TOML decoder passes on as its
// message: they say which of the words' codes it is.
var (
	errDuration = errors.New("not a duration")
	errWindow   = errors.New("not a window")
)

// fromTOML turns the decoder's error into a ConfigError with the key and line it names.
func fromTOML(err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	ce := &ConfigError{Code: "toml", Key: pe.LastKey, Line: pe.Position.Line}
	if ce.Key == "" {
		ce.Code = "toml_syntax"
	}
	for code, e := range map[string]error{"duration": errDuration, "window": errWindow} {
		if rest, ok := strings.CutPrefix(pe.Message, e.Error()+" "); ok {
			ce.Code = code
			// The value, as the setting's parser quoted it: `not a window "9-10": …`.
			if q, err := strconv.QuotedPrefix(rest); err == nil {
				ce.Value, _ = strconv.Unquote(q)
			}
		}
	}
	return ce
}

// keyLine returns the line of the file b that sets key (table.name, as the errors name it:
// sale[2].start is the start of the second [[sale]]), else the line of the table key names,
// else of the table key is in (a setting left out), or 0: where a ConfigError is placed.
func keyLine(b []byte, key string) int {
	table, name := "", key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		table, name = key[:i], key[i+1:]
	}
	cur, header, in := "", 0, 0
	arrays := map[string]int{} // how many [[name]] tables so far
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 && strings.HasPrefix(line, "[") {
			line = strings.TrimSpace(line[:i])
		}
		if strings.HasPrefix(line, "[[") {
			base := strings.TrimSpace(strings.Trim(line, "[]"))
			arrays[base]++
			cur = fmt.Sprintf("%s[%d]", base, arrays[base])
		} else if strings.HasPrefix(line, "[") {
			cur = strings.TrimSpace(strings.Trim(line, "[]"))
		} else if k, _, ok := strings.Cut(line, "="); ok && cur == table && strings.Trim(strings.TrimSpace(k), `"`) == name {
			return n
		}
		if strings.HasPrefix(line, "[") && cur == key && header == 0 {
			header = n
		}
		if strings.HasPrefix(line, "[") && cur == table && in == 0 {
			in = n
		}
	}
	if header == 0 {
		return in
	}
	return header
}
