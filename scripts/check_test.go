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
		{"forbidden", 4, `forbidden phrase "您还要吗": asks whether they still want it`},
		{"stillwant", 4, `forbidden phrase "还要不要"`},
		{"hurry", 4, `forbidden phrase "赶快付款"`},
		{"gone", 4, `forbidden phrase "再不拍就没了"`},
		{"barenudge", 4, `forbidden phrase "可以下单了哦"`},
		{"lowest", 4, `forbidden phrase "保证全网最低价"`},
		{"nag", 4, `forbidden phrase "可以下单哦"`},
		{"thin", 4, "too thin"},
		{"priority", 4, `claims "优先为您", which no shop fact covers`},
		{"nextday", 4, `claims "明天就能到", which no shop fact covers`},
		{"claim", 4, `claims "免费安装" without needs: install`},
		{"claim", 4, `claims "包邮" without needs: free_shipping`},
		{"cushionpush", 4, "a cushion before a yes/no push"},
		{"cushionnoq", 4, "a cushion opens a real question"},
		{"cushionliteral", 4, "a cushion before a yes/no push"}, // written out, not {cushion}
		{"cushionascii", 4, "a cushion before a yes/no push"},   // an ASCII ? ends the text
		{"smslong", 5, "messages (at most 2"},
		{"smsoptout", 5, "must end with 拒收请回复R"},
		{"smsnotice", 5, "must not contain 拒收请回复R"},
		{"smsdiscount", 5, `a notification SMS carries an offer ("折`},
		{"smscoupon", 5, `a notification SMS carries an offer ("券")`},
		{"smslink", 5, `a notification SMS carries an offer ("https://")`},
		{"lateship", 4, "promises early shipping"},
		{"duplicate", 7, "id already used"},
		{"depositrule", 4, `says "定金不退", the platform's rule only for a Taobao/Tmall balance order`},
		{"depositrule", 12, `says "定金不退", the platform's rule only for a Taobao/Tmall balance order`},
		{"depositlost", 6, `forbidden phrase "定金就没了"`},
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
					if !strings.HasPrefix(p.String(), filepath.Join(dir, "scripts.txt")+":") {
						t.Fatalf("problem not named file:line: %s", p)
					}
					return
				}
			}
			t.Fatalf("no %q at line %d; got:\n%v", tt.msg, tt.line, probs)
		})
	}
}

// TestCoverage: the built-in library must cover every channel in every phase with a script a
// shop with no facts can use; a shop's folder is checked together with the built-in library,
// so a folder that adds one script (with no English) passes.
func TestCoverage(t *testing.T) {
	l := &Library{}
	parseFile(l, "x.txt", "[im.only]\nchannel: im\nkind: positive\nneeds: gift\nzh: {hello}，「{item_short}」付款送{gift}。\nen: hi", true)
	var msgs []string
	for _, p := range l.coverage() {
		msgs = append(msgs, p.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"no script for im in the frenzy phase", "no script for sms in the ordinary phase",
		"no script for the low-ticket segment", "no script for the payment follow-up on jd", "no script for a marketing SMS for a gift"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
	probs, err := Check(filepath.Join("testdata", "lint", "onescript"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("a folder adding one script: %s", p)
	}
}

func TestUserDirectoryOverridesAndAdds(t *testing.T) {
	dir := t.TempDir()
	text := "[im.care]\nchannel: im\nkind: positive\nzh: {hello}，这是我们店自己改过的话术，「{item_short}」还为您留着，付款遇到问题随时找我。\n\n" +
		"[im.extra]\nchannel: im\nkind: negative\nzh: {hello}，「{item_short}」还给您留着，请问是哪一点让您还在犹豫？说说看，我帮您参谋。\n"
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
