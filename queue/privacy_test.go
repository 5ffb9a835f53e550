package queue

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMaskText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"请打13912345679", "请打139****5679"},
		{"电话 139-1234-5679 晚上", "电话 139****5679 晚上"},
		{"+86 139 1234 5670", "139****5670"},
		{"＋86 139 1234 5670", "139****5670"},
		{"8613912345670", "139****5670"},
		{"0086-139-1234-5670", "139****5670"},
		{"139 1234 5674", "139****5674"},
		{"１３９１２３４５６７８", "139****5678"},
		{"１３９－１２３４－５６７８号", "139****5678号"},
		{"座机 010-12345678", "座机 010****5678"},
		{"(0755) 1234 5678", "(075****5678"},
		{"订单 123 13912345678", "订单 123 139****5678"},
		{"tel:13912345678", "tel:139****5678"},
		{"amy.lee@example.com 留言", "a***(" + emailTag("amy.lee@example.com") + ")@example.com 留言"},
		{"13912345678@qq.com", "139****5***(" + emailTag("5678@qq.com") + ")@qq.com"},
		// Not phones: order numbers, amounts, dates, masked phones.
		{"订单351531314732935791", "订单351531314732935791"},
		{"¥1,299.00 2026-11-11 10:00", "¥1,299.00 2026-11-11 10:00"},
		{"1******6198", "1******6198"},
		{"12345678901", "12345678901"},
		{"", ""},
		{"@ a@ @b", "@ a@ @b"},
	}
	for _, tt := range tests {
		if got := MaskText(tt.in); got != tt.want {
			t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"evil\x1b[2J\x1b]52;c;aGk=\a", `evil\x1b[2J\x1b]52;c;aGk=\x07`},
		{"\x1b[31m红\x1b[0m", `\x1b[31m红\x1b[0m`},
		{"小美\n10:00:00  小王  伪造", "小美 10:00:00  小王  伪造"},
		{"a\u202ecba", `a\u202ecba`},
		{"\u009b2J", `\u009b2J`},
		{"bad\xffbyte", "bad\ufffdbyte"},
		{"普通 text", "普通 text"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// The byte-level check agrees with the rune-level one on every character it looks at.
	for r := rune(0); r < 0x3000; r++ {
		if got := needsSanitize("a" + string(r) + "b"); got != unsafeRune(r) {
			t.Errorf("needsSanitize(%U) = %v, want %v", r, got, unsafeRune(r))
		}
	}
	long := strings.Repeat("列", 1000)
	if got := ShortField(long); utf8.RuneCountInString(got) != FieldLimit || !strings.HasSuffix(got, "…") {
		t.Errorf("ShortField of 1000 characters: %d characters", utf8.RuneCountInString(got))
	}
	if got := ShortField("短"); got != "短" {
		t.Errorf("ShortField cut a short value: %q", got)
	}
}

// TestCustomersKnownByEmailAreToldApartByNeutralIDs: a customer known only by an e-mail is
// shown by a neutral id, never by the address, masked or not; two customers whose addresses
// mask alike (tom@ and tim@) get two ids; one mailbox written in two cases is one customer;
// masking a masked address changes nothing.
func TestCustomersKnownByEmailAreToldApartByNeutralIDs(t *testing.T) {
	show := func(nick string, l Lang) string { return ShowBuyer(PlatformShopify, &Buyer{Nick: nick}, "", l) }
	tom, tim := show("tom@example.com", LangZH), show("tim@example.com", LangZH)
	if tom == tim {
		t.Errorf("tom@ and tim@ are both shown %q", tom)
	}
	for _, s := range []string{tom, tim, show("tom@example.com", LangEN)} {
		if strings.ContainsAny(s, "@*") || strings.Contains(s, "example") || strings.Contains(s, "t***") {
			t.Errorf("shown %q: an e-mail, or a piece of one", s)
		}
	}
	if got := show("Tom@Example.com ", LangZH); got != tom {
		t.Errorf("Tom@Example.com is shown %q, another customer than tom@example.com (%q)", got, tom)
	}
	for _, in := range []string{"tom@example.com", "写信给 amy.lee@example.com 或 13912345678@qq.com"} {
		if once := MaskText(in); MaskText(once) != once {
			t.Errorf("MaskText(MaskText(%q)) = %q, not %q", in, MaskText(once), once)
		}
	}
}

func TestShowBuyer(t *testing.T) {
	tests := []struct {
		name     string
		p        Platform
		b        Buyer
		receiver string
		want     string
	}{
		{"account name", PlatformTaobao, Buyer{Nick: "小鹿乱撞", Phone: "13912345678"}, "丁小明", "小鹿乱撞"},
		{"account name with a phone inside", PlatformTaobao, Buyer{Nick: "tb13912345678"}, "", "tb139****5678"},
		{"douyin, receiver known", PlatformDouyin, Buyer{Nick: "tel:4f2a9c0d11e2b3a4", Phone: "13912345678"}, "丁小明", "丁**"},
		{"douyin, no receiver", PlatformDouyin, Buyer{Nick: "tel:4f2a9c0d11e2b3a4", Phone: "13912345678"}, "", "顾客" + BuyerTag("tel:4f2a9c0d11e2b3a4")},
		{"an old store's tel: nick", PlatformDouyin, Buyer{Nick: "tel:13912345678", Phone: "13912345678"}, "", "顾客" + BuyerTag("tel:13912345678")},
		{"pdd, nothing known", PlatformPDD, Buyer{Nick: "#2011110001"}, "", ""},
		{"douyin, no account, no phone: the receiver in the identity", PlatformDouyin, Buyer{Nick: OrderBuyer("3515313147003006516", "丁小明")}, "", "丁**"},
		{"douyin, masked phone: the receiver first", PlatformDouyin, Buyer{Nick: OrderBuyer("3515313147003006516", "丁**"), Phone: "186****4095"}, "", "丁**"},
		{"the order's receiver beats the identity's", PlatformDouyin, Buyer{Nick: OrderBuyer("1", "丁小明")}, "王五", "王*"},
		{"an order id with a space, no receiver", PlatformShopify, Buyer{Nick: OrderBuyer("SO 1001", ""), Phone: "13912345678"}, "", "顾客" + BuyerTag("#SO 1001")},
		{"no account, a masked phone", PlatformDouyin, Buyer{Nick: "#3515313147003006516", Phone: "186****4095"}, "", "顾客" + BuyerTag("#3515313147003006516")},
		{"shopify, customer name", PlatformShopify, Buyer{Nick: "amy@example.com"}, "Amy Lee", "Amy Lee"},
		{"shopify, e-mail only", PlatformShopify, Buyer{Nick: "amy@example.com"}, "", "顾客" + BuyerTag("amy@example.com")},
		{"shopify, an e-mail for a name", PlatformShopify, Buyer{Nick: "amy@example.com"}, "amy@example.com", "顾客" + BuyerTag("amy@example.com")},
		{"shopify, a phone for a name", PlatformShopify, Buyer{Nick: "amy@example.com"}, "13912345678", "顾客" + BuyerTag("amy@example.com")},
		{"shopify, a blank receiver", PlatformShopify, Buyer{Nick: "amy@example.com"}, " ", "顾客" + BuyerTag("amy@example.com")},
		{"an account name that is an e-mail", PlatformTaobao, Buyer{Nick: "amy@example.com", Phone: "13912345678"}, "", "顾客" + BuyerTag("amy@example.com")},
		{"escape codes", PlatformTaobao, Buyer{Nick: "evil\x1b[2J"}, "", `evil\x1b[2J`},
	}
	for _, tt := range tests {
		if got := ShowBuyer(tt.p, &tt.b, tt.receiver, LangZH); got != tt.want {
			t.Errorf("%s: ShowBuyer = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// FuzzMaskText: whatever the text around it, a mobile number written with separators, a
// country code or full-width digits is masked, and the text around it is masked as it is
// alone (the masker looks only at the phone's own groups). It never breaks UTF-8.
func FuzzMaskText(f *testing.F) {
	f.Add("备注", "13912345678")
	f.Add("+86 ", "139 1234 5678")
	f.Add("（", "１３９－１２３４－５６７８")
	f.Add("座机", "010-12345678")
	f.Add("a@", "b.cn")
	f.Fuzz(func(t *testing.T, text, phone string) {
		got := MaskText(text)
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("MaskText(%q) = %q: invalid UTF-8", text, got)
		}
		digits := []byte("13912345678")
		for i, c := range []byte(phone) {
			if i < 9 {
				digits[2+i] = '0' + c%10
			}
		}
		d := string(digits)
		for _, form := range []string{d, d[:3] + "-" + d[3:7] + "-" + d[7:], "+86 " + d[:3] + " " + d[3:7] + " " + d[7:],
			"0086-" + d, fullWidth(d)} {
			// 。 is no separator: the phone's groups stand apart from the text's.
			in := text + "。" + form + "。" + text
			if out, want := MaskText(in), got+"。"+MaskPhone(d)+"。"+got; out != want {
				t.Fatalf("MaskText(%q) = %q, want %q", in, out, want)
			}
		}
	})
}

func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r - '0' + '０')
	}
	return b.String()
}

// normalizeDigits keeps only digits (full-width ones turned to ASCII), to look for a phone
// however it was written.
func normalizeDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if d, ok := digitOf(r); ok {
			b.WriteByte(d)
		}
	}
	return b.String()
}

// TestPlain: what a buyer is sent carries no control character and no escape of one,
// whether the text holds it raw or as the store keeps it (written out by Sanitize).
func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"超长标题\a丝绒哑光", "超长标题丝绒哑光"},
		{`超长标题\x07丝绒哑光`, "超长标题丝绒哑光"},
		{"\x1b[31m红\x1b[0m", "红"},
		{`\x1b[31m红\x1b[0m`, "红"},
		{"evil\x1b[2J\x1b]52;c;aGk=\a!", "evil!"},
		{`evil\x1b[2J\x1b]52;c;aGk=\x07!`, "evil!"},
		{"a\x1b]0;title\x1b\\b", "ab"},
		{"a\x1b(Bb", "ab"},
		{"尾\x1b", "尾"},
		{"ufffd\ufffd", "ufffd"},
		{"a\u202ecba", "acba"},
		{`a\u202ecba`, "acba"},
		{`\u009b2J`, "2J"},
		{"小美\n家居\t店", "小美 家居 店"},
		{"bad\xffbyte", "badbyte"},
		{`C:\xiaomei \u4e2d \x41 \`, `C:\xiaomei \u4e2d \x41 \`}, // a backslash before anything else is text
		{"普通 text", "普通 text"},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Plain(Sanitize(tt.in)); got != Plain(tt.in) {
			t.Errorf("Plain(Sanitize(%q)) = %q, want %q", tt.in, got, Plain(tt.in))
		}
	}
}
