package scripts

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"cuifu/queue"
)

// itemShortMax is the most characters of a title a script quotes: a 40-character title with
// 【聚划算】 tags and specs does not read in a chat line.
const itemShortMax = 12

// latinShortMax is the same for a title in Latin letters, whose words are shorter to read
// than as many Chinese characters: "Merino Wool Coat".
const latinShortMax = 24

var (
	// itemTags are bracketed tags and notes: 【聚划算】, [现货], （赠运费险）, 「新品」.
	itemTags = regexp.MustCompile(`【[^】]*】|\[[^\]]*\]|（[^）]*）|\([^)]*\)|「[^」]*」|《[^》]*》`)
	// itemYear is a season's model year: 2024新款, 2025年秋冬款.
	itemYear = regexp.MustCompile(`20\d\d年?(春夏|秋冬|夏季|冬季|春季|秋季)?新?款`)
	// itemSelling are selling and stock words sellers pack into titles. They are not the
	// item, and some of them (包邮, 当天发) are claims a script may make only from the facts.
	// A longer word comes before the shorter one it contains.
	itemSelling = strings.NewReplacer(spaced("新款", "爆款", "热卖", "特价", "限时", "秒杀", "清仓", "促销", "抢购", "直降", "预售",
		"现货速发", "现货", "速发", "顺丰包邮", "全国包邮", "包邮", "官方旗舰店", "旗舰店", "官方正品", "正品", "官方", "厂家直销",
		"买一送一", "送运费险", "运费险", "七天无理由", "免费安装", "包安装", "送货上门", "当天发货", "当天发", "24小时发货", "48小时发货")...)
)

// spaced pairs each word with a space, for a strings.Replacer that blanks them out.
func spaced(words ...string) []string {
	out := make([]string, 0, 2*len(words))
	for _, w := range words {
		out = append(out, w, " ")
	}
	return out
}

// ItemShort returns a title as a script quotes it: without 【…】 tags, selling and stock
// words and specs, and cut to a readable length. "【聚划算】法式碎花连衣裙 夏季新款" is
// "法式碎花连衣裙". A title is untrusted: control codes are removed (written out or not, as
// the store may hold them escaped) and phones and e-mails masked before anything else. It returns "" for a title with nothing left.
func ItemShort(title string) string {
	t := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return ' ' // an invisible format character (a zero-width space) splits words
		}
		return r
	}, queue.Plain(title))
	t = queue.MaskText(t)
	if strings.ContainsAny(t, "【[（(「《") { // most titles have no tags: skip the regexp
		t = itemTags.ReplaceAllString(t, " ")
	}
	if strings.Contains(t, "20") {
		t = itemYear.ReplaceAllString(t, " ")
	}
	t = itemSelling.Replace(t)
	words := strings.FieldsFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("/|,，、+", r)
	})
	if len(words) == 0 {
		return ""
	}
	if !strings.ContainsFunc(words[0], isHan) {
		return latinShort(words)
	}
	out := words[0]
	// A short name reads better with the word right after it (儿童 学习台灯), unless that
	// word is a spec (保温杯 316不锈钢, 实木床 1.8米).
	if len(words) > 1 && utf8.RuneCountInString(out) < 4 && !strings.ContainsFunc(words[1], unicode.IsDigit) &&
		utf8.RuneCountInString(out+words[1]) <= itemShortMax {
		out += words[1]
	}
	if r := []rune(out); len(r) > itemShortMax {
		out = string(r[:itemShortMax]) + "…"
	}
	return out
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// latinShort quotes a title in Latin letters by its first words, up to a spec (a word with a
// digit), a dash or a Chinese word: "Merino Wool Coat - Navy / M" is "Merino Wool Coat".
// Cutting it at its first space, as a Chinese title is, left "Merino".
func latinShort(words []string) string {
	out := words[0]
	for _, w := range words[1:] {
		if w == "-" || strings.ContainsFunc(w, unicode.IsDigit) || strings.ContainsFunc(w, isHan) ||
			utf8.RuneCountInString(out)+1+utf8.RuneCountInString(w) > latinShortMax {
			break
		}
		out += " " + w
	}
	if r := []rune(out); len(r) > latinShortMax {
		out = string(r[:latinShortMax]) + "…"
	}
	return out
}
