package scripts

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cuifu/queue"
)

//go:embed rules/*.txt
var rules embed.FS

// Phrase is a phrase no script may say, and why.
type Phrase struct {
	Text   string
	Reason Reason
}

// Claim is a promise a script may make only when the shop's facts hold it.
type Claim struct {
	Pattern string // as written in rules/claims.txt: … stands for up to eight characters
	Fact    string // the fact that covers it; "" when none does
	Reason  Reason
	re      *regexp.Regexp
}

// Find returns the text of the claim in t, or "".
func (c *Claim) Find(t string) string { return c.re.FindString(t) }

// PlatformWord is a word that names what only some platforms have (待付款, 花呗, 千牛): a
// script said on another platform must not use it.
type PlatformWord struct {
	Text      string
	Platforms []queue.Platform // where it holds
	Reason    Reason
}

// Forbidden, Claims and PlatformWords are read from rules/: the data a 客服主管 keeps, not
// code.
var (
	Forbidden     = mustPhrases()
	Claims        = mustClaims()
	PlatformWords = mustPlatformWords()
)

// ShopPlatforms are the platforms a script without platform: is said on.
var ShopPlatforms = []queue.Platform{queue.PlatformTaobao, queue.PlatformJD, queue.PlatformPDD, queue.PlatformDouyin, queue.PlatformShopify}

func mustPlatformWords() []PlatformWord {
	lines, err := ruleLines("platforms.txt", 4)
	if err != nil {
		panic(err)
	}
	out := make([]PlatformWord, len(lines))
	for i, f := range lines {
		out[i] = PlatformWord{Text: f[0], Reason: Reason{ZH: f[2], EN: f[3]}}
		for _, name := range splitList(f[1]) {
			p, err := queue.ParsePlatform(name)
			if err != nil {
				panic(fmt.Sprintf("rules/platforms.txt: %q: %v", f[0], err))
			}
			out[i].Platforms = append(out[i].Platforms, p)
		}
	}
	return out
}

// wrongPlatform returns the first platform the script may be said on that the word's
// platforms lack, and whether there is one.
func (w *PlatformWord) wrongPlatform(s *Script) (queue.Platform, bool) {
	on := s.Platforms
	if len(on) == 0 {
		on = ShopPlatforms
	}
	for _, p := range on {
		if !slices.Contains(w.Platforms, p) {
			return p, true
		}
	}
	return queue.PlatformUnknown, false
}

// ruleLines returns the fields of each rule line of rules/name, split at |.
func ruleLines(name string, fields int) ([][]string, error) {
	b, err := rules.ReadFile("rules/" + name)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != fields {
			return nil, fmt.Errorf("rules/%s:%d: want %d fields split by |", name, n+1, fields)
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		out = append(out, f)
	}
	return out, nil
}

func mustPhrases() []Phrase {
	lines, err := ruleLines("forbidden.txt", 3)
	if err != nil {
		panic(err)
	}
	out := make([]Phrase, len(lines))
	for i, f := range lines {
		out[i] = Phrase{Text: f[0], Reason: Reason{ZH: f[1], EN: f[2]}}
	}
	return out
}

func mustClaims() []Claim {
	lines, err := ruleLines("claims.txt", 4)
	if err != nil {
		panic(err)
	}
	out := make([]Claim, len(lines))
	for i, f := range lines {
		fact := f[1]
		if fact == "-" {
			fact = ""
		} else if !slices.Contains(queue.FactNames, fact) {
			panic(fmt.Sprintf("rules/claims.txt: %q: unknown fact %q", f[0], fact))
		}
		parts := strings.Split(f[0], "…")
		for j := range parts {
			parts[j] = regexp.QuoteMeta(parts[j])
		}
		out[i] = Claim{Pattern: f[0], Fact: fact, Reason: Reason{ZH: f[2], EN: f[3]}, re: regexp.MustCompile(strings.Join(parts, ".{0,8}?"))}
	}
	return out
}

// varReason is why a fact variable claims its fact.
var varReason = Reason{ZH: "这个变量就是店铺的这项事实", EN: "the variable is the shop's fact"}

// varFacts are the variables whose value is a shop fact: a script that uses one claims it.
var varFacts = map[string]string{"cutoff": "cutoff", "gift": "gift", "coupon": "coupon", "returns": "returns"}

// claimsIn returns the facts a text claims (its claim patterns and fact variables), each with
// the words that claim it; a claim no fact covers has fact "".
func claimsIn(t string) []foundClaim {
	var out []foundClaim
	for i := range Claims {
		if w := Claims[i].Find(t); w != "" {
			out = append(out, foundClaim{&Claims[i], w})
		}
	}
	for v, fact := range varFacts {
		if strings.Contains(t, "{"+v+"}") {
			out = append(out, foundClaim{&Claim{Pattern: "{" + v + "}", Fact: fact, Reason: varReason}, "{" + v + "}"})
		}
	}
	slices.SortFunc(out, func(a, b foundClaim) int { return strings.Compare(a.words, b.words) })
	return out
}

// foundClaim is a claim found in a text: the rule and the words that matched it.
type foundClaim struct {
	*Claim
	words string
}
