package queue

import (
	"strings"
	"testing"
)

func TestSMSSignature(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "", false},
		{"本店", "", false},
		{"【本店】", "", false},
		{"店铺名", "", false},
		{"XXX", "", false},
		{"小美家居", "【小美家居】", true},
		{"【小美家居】", "【小美家居】", true},
		{"  小美家居 ", "【小美家居】", true},
		{"[小美家居]", "【小美家居】", true},
		{"［小美家居］", "【小美家居】", true},
		{"〔小美家居】", "【小美家居】", true},
		{"[本店]", "", false},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		c.Shop.Signature = tt.in
		got, ok := c.SMSSignature()
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q: %q %v, want %q %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	c := DefaultConfig()
	if _, ok := c.SMSSignature(); ok {
		t.Fatal("the default config has a signature: every SMS would go out as a placeholder")
	}
	// A bracket the shop wrote around it is the shop's own; one inside is refused at load.
	if _, err := ParseConfig([]byte("[shop]\nsignature = \"[小美家居]\"\n")); err != nil {
		t.Errorf("[小美家居]: %v", err)
	}
	if _, err := ParseConfig([]byte("[shop]\nsignature = \"小美【家居】\"\n")); err == nil || !strings.Contains(err.Error(), "shop.signature") {
		t.Errorf("小美【家居】: %v, want a refusal naming shop.signature", err)
	}
}

func TestRegisterByPlatform(t *testing.T) {
	c := DefaultConfig()
	for p, want := range map[Platform]string{PlatformTaobao: "亲", PlatformPDD: "亲", PlatformDouyin: "亲", PlatformJD: "您", PlatformShopify: "您"} {
		if got := c.Register(p); got != want {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}
	c.Shop.Register = "您"
	if got := c.Register(PlatformTaobao); got != "您" {
		t.Errorf("a flagship store on Taobao: %q", got)
	}
}

func TestFactsAreOffByDefault(t *testing.T) {
	c := DefaultConfig()
	for _, name := range FactNames {
		if c.Facts.Holds(name, false) || c.Facts.Holds(name, true) {
			t.Errorf("fact %s holds by default", name)
		}
	}
	c.Facts.CutOff = "17:00"
	if !c.Facts.Holds("cutoff", false) || c.Facts.Holds("cutoff", true) {
		t.Error("a cut-off must hold on ordinary days and not on a sale day unless the shop says so")
	}
	c.Facts.CutOffOnSaleDay = true
	if !c.Facts.Holds("cutoff", true) {
		t.Error("cutoff_on_sale_day is ignored")
	}
	all := Facts{FreeShipping: true, Install: true, DoorDelivery: true, Inspect: true, Returns: true, Insurance: true,
		Gift: "收纳袋", CutOff: "17:00", Stock: StockAtOrder, ShipsInOrder: true, PayLater: true, Coupon: "满300减30", PriceChange: true}
	for _, name := range FactNames {
		if all.Holds(name, false) != (name != "stock_at_payment") {
			t.Errorf("fact %s with every fact on: %v", name, all.Holds(name, false))
		}
	}
	if all.Stock = StockAtPayment; !all.Holds("stock_at_payment", false) || all.Holds("stock_at_order", false) {
		t.Error("the stock mode is read wrong")
	}
	if c.Facts.Holds("no_such_fact", false) {
		t.Error("an unknown fact holds")
	}
}

func TestShopWordsAreChecked(t *testing.T) {
	tests := []struct{ toml, msg string }{
		{"[shop]\nregister = \"哥\"\n", "shop.register"},
		{"[facts]\nstock = \"later\"\n", "facts.stock"},
		{"[facts]\ncutoff = \"5pm\"\n", "facts.cutoff"},
		{"[shop]\nsignature = \"一二三四五六七八九十一二三四五六七八九十一\"\n", "shop.signature"},
	}
	for _, tt := range tests {
		if _, err := ParseConfig([]byte(tt.toml)); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%q: %v, want an error about %s", tt.toml, err, tt.msg)
		}
	}
	c, err := ParseConfig([]byte("[shop]\nsignature = \"小美家居\"\nregister = \"您\"\n[facts]\ngift = \"收纳袋\"\ncutoff = \"16:30\"\nstock = \"order\"\n"))
	if err != nil || !c.Facts.Holds("gift", false) || !c.Facts.Holds("stock_at_order", false) || c.Register(PlatformPDD) != "您" {
		t.Fatalf("%v %+v", err, c.Facts)
	}
}

// TestCouponFits: the coupon's threshold comes from its own words, and an order below it
// cannot use the coupon.
func TestCouponFits(t *testing.T) {
	for _, c := range []struct {
		coupon string
		amount Fen
		want   bool
	}{
		{"满300减30", 28790, false},
		{"满300减30", 29999, false},
		{"满300减30", 30000, true},
		{"每满200元减20", 19999, false},
		{"每满200元减20", 45000, true},
		{"满99.5减10", 9949, false},
		{"满99.5减10", 9950, true},
		{"无门槛减5元", 100, true},
		{"", 100, true},
	} {
		f := Facts{Coupon: c.coupon}
		if got := f.CouponFits(c.amount); got != c.want {
			t.Errorf("%q on %d fen: %v, want %v", c.coupon, c.amount, got, c.want)
		}
	}
}
