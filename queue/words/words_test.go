package words

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"unicode"
)

// texts walks a table and calls f with each string's field path and text.
func texts(w *Words, f func(path, s string)) {
	v := reflect.ValueOf(w).Elem()
	for i := 0; i < v.NumField(); i++ {
		name, fv := v.Type().Field(i).Name, v.Field(i)
		switch fv.Kind() {
		case reflect.String:
			f(name, fv.String())
		case reflect.Slice:
			for j := 0; j < fv.Len(); j++ {
				f(name+"["+strconv.Itoa(j)+"]", fv.Index(j).String())
			}
		case reflect.Map:
			for _, k := range fv.MapKeys() {
				f(name+"["+k.String()+"]", fv.MapIndex(k).String())
			}
		}
	}
}

var verb = regexp.MustCompile(`%(\[[0-9]+\])?[-+# 0]*[0-9.]*[a-zA-Z%]`)

// verbs lists the distinct verbs of a format, sorted: with explicit indexes a language may
// use an argument twice or in another order.
func verbs(s string) []string {
	v := verb.FindAllString(s, -1)
	slices.Sort(v)
	return slices.Compact(v)
}

// TestTablesMatch: every text exists in both languages, none is empty (but the unused
// Block[0]), and a format takes the same verbs in both.
func TestTablesMatch(t *testing.T) {
	got := map[string]string{}
	texts(&zh, func(p, s string) { got[p] = s })
	n := 0
	texts(&en, func(p, s string) {
		n++
		z, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s is in en but not in zh", p)
		case p == "Block[0]":
			if s != "" || z != "" {
				t.Errorf("Block[0] is unused and must stay empty")
			}
		case s == "" || z == "":
			t.Errorf("%s is empty: zh %q en %q", p, z, s)
		case !slices.Equal(verbs(z), verbs(s)):
			t.Errorf("%s takes different verbs: zh %q en %q", p, z, s)
		}
	})
	if n != len(got) {
		t.Errorf("zh has %d texts, en %d", len(got), n)
	}
	for _, l := range []Lang{ZH, EN} {
		if w := For(l); len(w.SectionTag) != len(w.Section) {
			t.Errorf("%v: %d section tags for %d sections", l, len(w.SectionTag), len(w.Section))
		}
	}
	if zh.BigUnit <= 0 || en.BigUnit <= 0 {
		t.Error("BigUnit unset")
	}
}

// zhAllowed are the Latin words the Chinese UI keeps: channel and key names as printed
// on the keyboard or used by the trade.
// The names of file formats and encodings are kept too, as Excel and WPS show them.
var zhAllowed = map[string]bool{"IM": true, "SMS": true, "esc": true, "tab": true, "Shopify": true,
	"CSV": true, "TXT": true, "Excel": true, "xlsx": true, "UTF": true, "GB": true}

// TestNoMixedLanguages: no Chinese in the English table, and no English words (but
// zhAllowed, one-letter key names, command-line flags, config keys and script file keys) in the
// Chinese one.
func TestNoMixedLanguages(t *testing.T) {
	texts(&en, func(p, s string) {
		for _, r := range s {
			if unicode.Is(unicode.Han, r) {
				t.Errorf("en %s has Chinese: %q", p, s)
				break
			}
		}
	})
	word := regexp.MustCompile(`[A-Za-z]{2,}`)
	// A flag, a config key, a command, a script file's key with its value.
	flag := regexp.MustCompile(`--[a-z-]+|\[[a-z_]+\] [a-z_]+|cuifu [a-z]+( [a-z]+)?|` +
		`\b(zh|en|channel|kind|segment|phase|platform|needs|sms|marketing|after|closing):( [a-z_|]+)?`)
	texts(&zh, func(p, s string) {
		s = flag.ReplaceAllString(verb.ReplaceAllString(s, ""), "") // flags and keys are typed as they are
		for _, w := range word.FindAllString(s, -1) {
			if !zhAllowed[w] {
				t.Errorf("zh %s has the English word %q: %q", p, w, s)
			}
		}
	})
}
