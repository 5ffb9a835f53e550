package scripts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltInScriptsPassTheLinter(t *testing.T) {
	probs, err := Check("")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
}

// TestLintRules runs one failing fixture per rule and checks the rule's message and line.
func TestLintRules(t *testing.T) {
	tests := []struct {
		dir  string
		line int
		msg  string
	}{
		{"template", 4, "a { without its }"},
		{"unknownvar", 4, "unknown variable {customer}"},
		{"forbidden", 4, `forbidden phrase "您还要吗"`},
		{"nag", 4, `forbidden phrase "可以下单哦"`},
		{"thin", 4, "too thin"},
		{"smslong", 5, "messages (at most 2"},
		{"smsoptout", 5, "must end with 拒收请回复R"},
		{"smsnotice", 5, "must not contain 拒收请回复R"},
		{"lateship", 4, "promises early shipping"},
		{"coverage", 0, "no script for sms in the frenzy phase"},
		{"duplicate", 7, "id already used"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "lint", tt.dir)
			probs, err := Check(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range probs {
				if strings.Contains(p.Msg, tt.msg) && p.Line == tt.line {
					if tt.line > 0 && !strings.HasPrefix(p.String(), filepath.Join(dir, "scripts.txt")+":") {
						t.Fatalf("problem not named file:line: %s", p)
					}
					return
				}
			}
			t.Fatalf("no %q at line %d; got:\n%v", tt.msg, tt.line, probs)
		})
	}
}

func TestUserDirectoryOverridesAndAdds(t *testing.T) {
	dir := t.TempDir()
	text := "[im.care]\nchannel: im\nkind: positive\nzh: {buyer}您好，这是我们店自己改过的话术，「{item}」还为您留着，付款遇到问题随时找我。\nen: Hello {buyer}, our own words: \"{item}\" is still held for you.\n\n" +
		"[im.extra]\nchannel: im\nkind: negative\nzh: {buyer}您好，「{item}」还给您留着，请问是哪一点让您还在犹豫？说说看，我帮您参谋。\nen: Hello {buyer}, what makes you hesitate about \"{item}\"?\n"
	if err := os.WriteFile(filepath.Join(dir, "shop.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, probs, err := Load(dir)
	if err != nil || len(probs) > 0 {
		t.Fatalf("load: %v %v", probs, err)
	}
	n := len(Default().Scripts)
	if len(lib.Scripts) != n+1 {
		t.Fatalf("%d scripts, want %d (one replaced, one added)", len(lib.Scripts), n+1)
	}
	for _, s := range lib.Scripts {
		if s.ID == "im.care" && !strings.Contains(s.ZH, "自己改过") {
			t.Fatal("the user's im.care did not replace the built-in one")
		}
	}
}
