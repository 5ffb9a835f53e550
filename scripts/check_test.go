package scripts

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
		{"template", 4, "brace_open"},
		{"unknownvar", 4, "unknown_var {customer}"},
		{"twovars", 4, "retired_var {buyer}"},
		{"twovars", 4, "unknown_var {nope}"}, // the second bad variable of the line too
		{"platformword", 4, "platform_word 花呗 jd"},
		{"platformword", 18, "platform_word 待付款 shopify"},
		{"forbidden", 4, "forbidden 您还要吗"},
		{"stillwant", 4, "forbidden 还要不要"},
		{"hurry", 4, "forbidden 赶快付款"},
		{"gone", 4, "forbidden 再不拍就没了"},
		{"barenudge", 4, "forbidden 可以下单了哦"},
		{"lowest", 4, "forbidden 保证全网最低价"},
		{"nag", 4, "forbidden 可以下单哦"},
		{"thin", 4, "thin"},
		{"priority", 4, "claim_uncovered 优先为您"},
		{"nextday", 4, "claim_uncovered 明天就能到"},
		{"claim", 4, "claim_needs 免费安装 install"},
		{"claim", 4, "claim_needs 包邮 free_shipping"},
		{"held", 4, "claim_needs 留着 stock_at_order"},
		{"cushionpush", 4, "cushion_push"},
		{"cushionnoq", 4, "cushion_no_question"},
		{"cushionliteral", 4, "cushion_push"}, // written out, not {cushion}
		{"cushionascii", 4, "cushion_push"},   // an ASCII ? ends the text
		{"smslong", 5, "sms_long"},
		{"smsoptout", 5, "sms_optout_missing 拒收请回复R"},
		{"smsnotice", 5, "sms_optout_notice 拒收请回复R"},
		{"smsdiscount", 5, "sms_offer 折"},
		{"smscoupon", 5, "sms_offer 券"},
		{"smslink", 5, "sms_offer https://"},
		{"lateship", 4, "early_shipping"},
		{"duplicate", 7, "duplicate_id"},
		{"depositrule", 4, "deposit_rule 定金不退"},
		{"depositrule", 12, "deposit_rule 定金不退"},
		{"depositlost", 6, "forbidden 定金就没了"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "lint", tt.dir)
			probs, err := Check(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range probs {
				if strings.Contains(p.String(), tt.msg) && p.Line == tt.line {
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

// TestHeldOnlyWhenStockIsTakenAtOrder: "kept for you" (留着) is true only of an item that
// deducts stock when ordered; a script that says it needs stock_at_order, and one that does
// is not flagged.
func TestHeldOnlyWhenStockIsTakenAtOrder(t *testing.T) {
	probs, err := Check(filepath.Join("testdata", "lint", "held"))
	if err != nil {
		t.Fatal(err)
	}
	var flagged []string
	for _, p := range probs {
		if p.Code == "claim_needs" {
			flagged = append(flagged, p.Script)
		}
	}
	if len(flagged) != 1 || flagged[0] != "im.held" {
		t.Fatalf("claim_needs on %v, want on im.held only; all: %v", flagged, probs)
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
		msgs = append(msgs, p.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"cover_channel im frenzy", "cover_channel sms ordinary",
		"cover_segment low-ticket", "cover_payment jd", "cover_gift"} {
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

// TestPlatformWordsOnlyWhereThePlatformHasThem: a script limited to the platforms that have
// its word passes; one that may go to any other is reported once, naming that platform.
func TestPlatformWordsOnlyWhereThePlatformHasThem(t *testing.T) {
	probs, err := Check(filepath.Join("testdata", "lint", "platformword"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		if p.Code == "platform_word" {
			got = append(got, fmt.Sprintln(append([]any{p.Script}, p.Args...)...))
		}
	}
	want := []string{"im.huabei 花呗 jd\n", "im.pending.jd 待付款 shopify\n"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCheckVarsReportsEveryProblem: every bad variable of a line is reported, not only the
// first, so `cuifu scripts check` shows a writer all of them at once.
func TestCheckVarsReportsEveryProblem(t *testing.T) {
	tests := []struct {
		line string
		want []string // codes and the variable, in order
	}{
		{"{hello}，您拍的「{item_short}」", nil},
		{"{buyer}您好，{nope}", []string{"retired_var {buyer}", "unknown_var {nope}"}},
		{"{nope}{customer}", []string{"unknown_var {nope}", "unknown_var {customer}"}},
		{"{item}还在，{hours}后关闭", []string{"retired_var {item}", "retired_var {hours}"}},
		{"{nope} 然后 {hello", []string{"unknown_var {nope}", "brace_open"}},
		{"{nope} 然后 hello}", []string{"unknown_var {nope}", "brace_close"}},
		{"a} {hello} b}", []string{"brace_close", "brace_close"}},
		{"{buyer {nope}", []string{"brace_open", "unknown_var {nope}"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range checkVars(tt.line) {
			s := f.code
			if len(f.args) > 0 {
				s += " " + fmt.Sprint(f.args[0])
			}
			got = append(got, s)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.line, got, tt.want)
		}
	}
}
