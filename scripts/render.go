package scripts

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cuifu/queue"
)

// Segments are the buyer segments a script may be written for.
var Segments = []string{"first-time", "returning", "high-ticket", "low-ticket", "call-averse"}

// Variables are the names a script may use in braces.
var Variables = []string{"buyer", "item", "amount", "deadline", "shop", "cutoff", "hours", "cushion"}

// OptOut ends every marketing SMS; a notification must not carry it.
const OptOut = "拒收请回复R"

// Request is what a suggestion is made for.
type Request struct {
	Order   *queue.Order
	Buyer   *queue.Buyer
	Channel queue.Channel
	Config  *queue.Config
	Now     time.Time
	Lang    queue.Lang
	Reason  string // a decline reason, for a follow-up
}

// Suggestion is a rendered script, ready to copy.
type Suggestion struct {
	ID        string
	Channel   queue.Channel
	Kind      string
	Text      string   // the whole message (for SMS, with the signature)
	Steps     []string // a phone guide, one line a step ("倾听: …")
	SMSParts  int      // how many SMS the text takes; 0 for other channels
	CushionID int      // the cushion used, -1 for none
	Marketing bool
}

// segmentsOf returns the segments the order's buyer is in.
func segmentsOf(r *Request) map[string]bool {
	o, b, c := r.Order, r.Buyer, r.Config
	return map[string]bool{
		"first-time":  !b.Returning(),
		"returning":   b.Returning(),
		"high-ticket": o.Amount >= c.Value.HighTicket,
		"low-ticket":  o.Amount < c.Value.LowTicket,
		"call-averse": o.Flags&queue.FlagCallAverse != 0,
	}
}

// Suggest returns the scripts for the request, the best first and the alternatives after.
// A script written for more of the order's circumstances (segments, phase, decline reason)
// is better. It never returns an SMS that breaks the SMS rules.
func (l *Library) Suggest(r Request) []Suggestion {
	if r.Channel == queue.ChannelNone {
		return nil
	}
	segs := segmentsOf(&r)
	phase := r.Config.PhaseAt(r.Now).String()
	type cand struct {
		s     *Script
		score int
	}
	var cands []cand
	for i := range l.Scripts {
		s := &l.Scripts[i]
		if s.Channel != r.Channel {
			continue
		}
		score := 0
		ok := true
		for _, seg := range s.Segments {
			ok = ok && segs[seg]
			score += 2
		}
		// The phase changes what may be said (no early-shipping promise late at night, an
		// assumptive tone the day after), so it outweighs the segments; a follow-up answers
		// what the buyer said, so it outweighs everything.
		if len(s.Phases) > 0 {
			ok = ok && slices.Contains(s.Phases, phase)
			score += 5
		}
		if reason, isFollow := strings.CutPrefix(s.Kind, "followup:"); isFollow {
			ok = ok && reason == r.Reason
			score += 20
		}
		if ok {
			cands = append(cands, cand{s, score})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.score - a.score })
	cushion := l.nextCushion(r.Buyer)
	out := make([]Suggestion, 0, len(cands))
	for _, c := range cands {
		sg := l.render(c.s, &r, cushion)
		if r.Channel == queue.ChannelSMS && SMSBreaks(sg.Text, c.s.Marketing, r.Config.Shop.Name) != "" {
			continue
		}
		out = append(out, sg)
	}
	return out
}

// nextCushion returns the first cushion the buyer has not been given, so no buyer hears the
// same one twice. When a buyer has heard them all, they start over in order.
func (l *Library) nextCushion(b *queue.Buyer) int {
	n := len(l.Cushions)
	if n == 0 {
		return -1
	}
	for i := 0; i < n && i < 32; i++ {
		if b.Cushions&(1<<i) == 0 {
			return i
		}
	}
	return bits.OnesCount32(b.Cushions) % n
}

// render fills the script's variables from the order.
func (l *Library) render(s *Script, r *Request, cushion int) Suggestion {
	vars := varsFor(r, l, cushion)
	sg := Suggestion{ID: s.ID, Channel: s.Channel, Kind: s.Kind, CushionID: -1, Marketing: s.Marketing}
	uses := func(t string) {
		if strings.Contains(t, "{cushion}") {
			sg.CushionID = cushion
		}
	}
	if s.Kind == "phone-guide" {
		for _, st := range s.Steps {
			t := st.ZH
			if r.Lang == queue.LangEN {
				t = st.EN
			}
			uses(t)
			sg.Steps = append(sg.Steps, stepName(st.Name, r.Lang)+": "+fill(t, vars))
		}
		sg.Text = strings.Join(sg.Steps, "\n")
		return sg
	}
	t := s.ZH
	if r.Lang == queue.LangEN {
		t = s.EN
	}
	uses(t)
	sg.Text = fill(t, vars)
	if s.Channel == queue.ChannelSMS {
		sg.Text = Signature(r.Config.Shop.Name) + sg.Text
		sg.SMSParts = SMSParts(sg.Text)
	}
	return sg
}

var stepNames = map[string][2]string{
	"listen": {"倾听", "Listen"}, "understand": {"领会", "Understand"},
	"suggest": {"建议", "Suggest"}, "remind": {"催付", "Remind"},
}

func stepName(name string, l queue.Lang) string {
	if n, ok := stepNames[name]; ok {
		if l == queue.LangEN {
			return n[1]
		}
		return n[0]
	}
	return name
}

// varsFor gives every variable a value: a missing one falls back to words that still read
// well, never to an empty gap.
func varsFor(r *Request, l *Library, cushion int) map[string]string {
	o, b, c := r.Order, r.Buyer, r.Config
	en := r.Lang == queue.LangEN
	or := func(v, zh, env string) string {
		if strings.TrimSpace(v) != "" {
			return v
		}
		if en {
			return env
		}
		return zh
	}
	deadline := c.Deadline(o)
	left := deadline - r.Now.Unix()
	hours := max((left+3599)/3600, 1)
	dl := time.Unix(deadline, 0).In(c.Location)
	dls := dl.Format("1月2日 15:04")
	if en {
		dls = dl.Format("Jan 2 15:04")
	}
	cush := ""
	if cushion >= 0 && cushion < len(l.Cushions) {
		cush = l.Cushions[cushion].ZH
		if en {
			cush = l.Cushions[cushion].EN
		}
	}
	return map[string]string{
		"buyer":    or(b.Nick, "亲", "there"),
		"item":     or(o.Title, "您选的宝贝", "your item"),
		"amount":   o.Amount.Yuan(),
		"deadline": dls,
		"shop":     or(c.Shop.Name, "本店", "our shop"),
		"cutoff":   or(c.Facts.CutOff, "17:00", "17:00"),
		"hours":    strconv.FormatInt(hours, 10),
		"cushion":  or(cush, "请问", "May I ask"),
	}
}

// fill replaces {name} with its value.
func fill(t string, vars map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		name := t[i+1 : i+j]
		if v, ok := vars[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(t[i : i+j+1])
		}
		t = t[i+j+1:]
	}
}

// checkVars reports an unknown or unclosed variable in a script line, or "".
func checkVars(t string) string {
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			if strings.IndexByte(t, '}') >= 0 {
				return "a } without its {"
			}
			return ""
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return "a { without its }"
		}
		if name := t[i+1 : i+j]; !slices.Contains(Variables, name) {
			return fmt.Sprintf("unknown variable {%s} (want one of %s)", name, strings.Join(Variables, ", "))
		}
		t = t[i+j+1:]
	}
}

// Signature is the 【店铺名】 every SMS carries.
func Signature(shop string) string {
	if shop == "" {
		shop = "本店"
	}
	return "【" + shop + "】"
}

// SMSParts counts the messages an SMS text takes: up to 70 characters fit one; longer texts
// are sent in parts of 67.
func SMSParts(text string) int {
	n := utf8.RuneCountInString(text)
	switch {
	case n == 0:
		return 0
	case n <= 70:
		return 1
	}
	return (n + 66) / 67
}

// maxSMSParts is the most parts cuifu will suggest: a reminder longer than that is a letter.
const maxSMSParts = 2

// SMSBreaks says which SMS rule the full text breaks, or "".
func SMSBreaks(text string, marketing bool, shop string) string {
	switch {
	case !strings.HasPrefix(text, Signature(shop)):
		return "an SMS must start with the signature " + Signature(shop)
	case marketing && !strings.HasSuffix(text, OptOut):
		return "a marketing SMS must end with " + OptOut
	case !marketing && strings.Contains(text, OptOut):
		return "a notification SMS must not carry " + OptOut
	case SMSParts(text) > maxSMSParts:
		return fmt.Sprintf("%d characters take %d messages (at most %d)", utf8.RuneCountInString(text), SMSParts(text), maxSMSParts)
	}
	return ""
}
