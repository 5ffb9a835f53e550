// Package scripts is cuifu's 话术: the message scripts a specialist sends, the 衬垫 cushions
// that open polite questions, the choice of script for an order, and the rendering of a
// script with the order's data. The defaults are embedded; a user directory adds scripts or
// overrides them by id. The package is pure: it reads only the files it is given.
package scripts

import (
	"bufio"
	"embed"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"cuifu/queue"
)

//go:embed library/*.txt
var library embed.FS

// Script is one script of the library.
type Script struct {
	ID        string
	Channel   queue.Channel
	Kind      string           // positive, negative, followup:<reason>, phone-guide
	Segments  []string         // all must hold; empty = every buyer
	Phases    []string         // one must hold; empty = every phase
	Platforms []queue.Platform // one must hold; empty = every platform
	Needs     []string         // shop facts (queue.FactNames) that must all hold
	SMS       queue.SMSKind    // an SMS script's kind; a marketing SMS ends with the opt-out line
	Closing   bool             // for an order that closes within the hour: one short line
	AfterCall bool             // for an order whose last touch was an unanswered call
	ZH, EN    string           // the text; for a phone guide, empty
	Steps     []Step           // the phone guide's steps, in order
	File      string           // where it was read, for messages
	Line      int              // the [id] line
	ZHLine    int              // the zh line (or the first step), for messages about the words
	smsSet    bool             // the script said its SMS kind
}

// Step is one step of a phone call guide.
type Step struct {
	Name   string // listen, understand, suggest, remind
	ZH, EN string
}

// Cushion is a polite opening of a question.
type Cushion struct{ ZH, EN string }

// Library is a set of scripts and cushions.
type Library struct {
	Scripts  []Script
	Cushions []Cushion
}

// Default returns the built-in library.
func Default() *Library {
	l, probs := parseFS(library, "library", true)
	if len(probs) > 0 {
		panic("the built-in scripts are broken: " + probs[0].String())
	}
	return l
}

// Load returns the built-in library with the scripts of dir added, a script of dir replacing
// the built-in one with the same id. Problems in dir's files are reported, and the scripts
// they concern are left out.
func Load(dir string) (*Library, []Problem, error) {
	l := Default()
	if dir == "" {
		return l, nil, nil
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, err
	}
	user, probs := parseFS(os.DirFS(dir), ".", false)
	for _, s := range user.Scripts {
		s.File = path.Join(dir, s.File)
		if i := slices.IndexFunc(l.Scripts, func(d Script) bool { return d.ID == s.ID }); i >= 0 {
			l.Scripts[i] = s
		} else {
			l.Scripts = append(l.Scripts, s)
		}
	}
	l.Cushions = append(l.Cushions, user.Cushions...)
	for i := range probs {
		probs[i].File = path.Join(dir, probs[i].File)
	}
	return l, probs, nil
}

// parseFS reads every .txt file of dir in fsys. The built-in library must carry every
// script's English text too; a shop's own folder need not.
func parseFS(fsys fs.FS, dir string, builtin bool) (*Library, []Problem) {
	l := &Library{}
	var probs []Problem
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return l, []Problem{{File: dir, Code: "read", Args: []any{err.Error()}}}
	}
	slices.Sort(names)
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: name, Code: "read", Args: []any{err.Error()}})
			continue
		}
		probs = append(probs, parseFile(l, path.Base(name), string(b), builtin)...)
	}
	return l, probs
}

// parseFile reads one script file: blocks opened by a [id] line (or [cushion]), then
// "key: value" lines. Lines starting with # are comments.
func parseFile(l *Library, name, text string, builtin bool) []Problem {
	var probs []Problem
	bad := func(line int, script string, f *finding) {
		probs = append(probs, Problem{File: name, Line: line, Script: script, Code: f.code, Args: f.args})
	}
	if !utf8.ValidString(text) {
		bad(1, "", find("not_utf8"))
		return probs
	}
	var cur *Script
	var cush *Cushion
	var cushLine int
	broken := false // inside a block whose [ line is unclosed: its lines are its own, and left out
	flush := func() {
		if cur != nil {
			if f := cur.check(builtin); f != nil {
				bad(cur.Line, cur.ID, f)
			} else {
				l.Scripts = append(l.Scripts, *cur)
			}
		}
		if cush != nil {
			if cush.ZH == "" || (builtin && cush.EN == "") {
				code := "cushion_zh"
				if builtin {
					code = "cushion_zh_en"
				}
				bad(cushLine, "", find(code))
			} else {
				l.Cushions = append(l.Cushions, *cush)
			}
		}
		cur, cush = nil, nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			flush()
			if broken = !strings.HasSuffix(line, "]"); broken {
				bad(n, "", find("unclosed_header", line))
				continue
			}
			id := strings.TrimSpace(line[1 : len(line)-1])
			if id == "cushion" {
				cush, cushLine = &Cushion{}, n
			} else if id == "" {
				bad(n, "", find("empty_id"))
			} else {
				cur = &Script{ID: id, File: name, Line: n}
			}
			continue
		}
		if broken {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			bad(n, curID(cur), find("want_key_value", line))
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case cush != nil:
			switch key {
			case "zh":
				cush.ZH = val
			case "en":
				cush.EN = val
			default:
				bad(n, "", find("unknown_cushion_key", key))
			}
		case cur != nil:
			if (key == "zh" || strings.HasPrefix(key, "step.")) && cur.ZHLine == 0 {
				cur.ZHLine = n
			}
			if f := cur.set(key, val); f != nil {
				bad(n, cur.ID, f)
			}
			for _, f := range checkVars(val) {
				bad(n, cur.ID, f)
			}
		default:
			bad(n, "", find("outside_block", line))
		}
	}
	flush()
	return probs
}

// set assigns one key of a script block, or says what is wrong with it.
func (s *Script) set(key, val string) *finding {
	switch {
	case key == "channel":
		ch, err := queue.ParseChannel(val)
		if err != nil {
			return find("unknown_channel", val)
		}
		s.Channel = ch
	case key == "kind":
		s.Kind = val
	case key == "segment":
		s.Segments = splitList(val)
		for _, seg := range s.Segments {
			if !slices.Contains(Segments, seg) {
				return find("unknown_segment", seg, strings.Join(Segments, ", "))
			}
		}
	case key == "phase":
		s.Phases = splitList(val)
		for _, p := range s.Phases {
			if _, ok := queue.ParsePhase(p); !ok {
				return find("unknown_phase", p)
			}
		}
	case key == "platform":
		s.Platforms = nil
		for _, name := range splitList(val) {
			p, err := queue.ParsePlatform(name)
			if err != nil {
				return find("unknown_platform", name)
			}
			s.Platforms = append(s.Platforms, p)
		}
	case key == "needs":
		s.Needs = splitList(val)
		for _, f := range s.Needs {
			if !slices.Contains(queue.FactNames, f) {
				return find("unknown_fact", f, strings.Join(queue.FactNames, ", "))
			}
		}
	case key == "sms":
		k, ok := queue.ParseSMSKind(val)
		if !ok {
			return find("sms_value")
		}
		s.SMS, s.smsSet = k, true
	case key == "marketing": // the older spelling of sms:, still read in a shop's folder
		switch val {
		case "yes":
			s.SMS, s.smsSet = queue.SMSMarketing, true
		case "no":
			s.SMS, s.smsSet = queue.SMSNotification, true
		default:
			return find("marketing_value")
		}
	case key == "after":
		if val != "missed_call" {
			return find("after_value")
		}
		s.AfterCall = true
	case key == "closing":
		if val != "yes" && val != "no" {
			return find("closing_value")
		}
		s.Closing = val == "yes"
	case key == "zh":
		s.ZH = val
	case key == "en":
		s.EN = val
	case strings.HasPrefix(key, "step."), strings.HasPrefix(key, "en."):
		lang, name, _ := strings.Cut(key, ".")
		i := slices.IndexFunc(s.Steps, func(st Step) bool { return st.Name == name })
		if i < 0 {
			s.Steps = append(s.Steps, Step{Name: name})
			i = len(s.Steps) - 1
		}
		if lang == "step" {
			s.Steps[i].ZH = val
		} else {
			s.Steps[i].EN = val
		}
	default:
		return find("unknown_key", key)
	}
	return nil
}

// check says what makes a whole script unusable, or "". The built-in library must carry
// the English text of every script; a shop's own folder may be Chinese only.
func (s *Script) check(builtin bool) *finding {
	switch {
	case s.Channel == queue.ChannelNone:
		return find("no_channel")
	case s.Channel == queue.ChannelSMS && !s.smsSet:
		return find("sms_kind")
	case s.Channel != queue.ChannelSMS && s.smsSet:
		return find("sms_not_sms")
	case s.Kind == "phone-guide":
		if len(s.Steps) == 0 {
			return find("no_steps")
		}
		for _, st := range s.Steps {
			switch {
			case st.ZH == "":
				return find("step_zh", st.Name)
			case builtin && st.EN == "":
				return find("step_zh_en", st.Name)
			}
		}
	case s.ZH == "":
		return find("needs_zh")
	case builtin && s.EN == "":
		return find("needs_en")
	}
	return nil
}

// curID is the id of the script being read, or "".
func curID(s *Script) string {
	if s == nil {
		return ""
	}
	return s.ID
}

func splitList(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, strings.TrimSpace(f))
	}
	return out
}
