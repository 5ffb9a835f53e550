package queue

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Facts are what the shop really offers. A script may claim only what is here, and every
// fact is off or empty by default: a shop that configures nothing promises nothing. A chat
// line is evidence in a 违背承诺 dispute, so a wrong default would cost the shop money.
type Facts struct {
	FreeShipping    bool   `toml:"free_shipping"`      // 包邮
	Install         bool   `toml:"install"`            // 免费安装
	DoorDelivery    bool   `toml:"door_delivery"`      // 送货上门
	Inspect         bool   `toml:"inspect"`            // 签收前可以验货
	Returns         bool   `toml:"returns"`            // 七天无理由退换
	ReturnsExcept   string `toml:"returns_except"`     // its exclusions, e.g. "定制商品除外"
	Insurance       bool   `toml:"insurance"`          // 运费险
	Gift            string `toml:"gift"`               // the gift's name; "" = no gift
	CutOff          string `toml:"cutoff"`             // "17:00": paid before it ships the same day; "" = none
	CutOffOnSaleDay bool   `toml:"cutoff_on_sale_day"` // the cut-off holds on a sale day too
	Stock           string `toml:"stock"`              // "order" (拍下减库存), "payment" (付款减库存) or "" (unknown)
	ShipsInOrder    bool   `toml:"ships_in_order"`     // orders ship in payment order (pay early, ship early)
	PayLater        bool   `toml:"pay_later"`          // 先用后付 is open to buyers
	Coupon          string `toml:"coupon"`             // a coupon a specialist may offer, e.g. "满300减30"; "" = none
	PriceChange     bool   `toml:"price_change"`       // a specialist may change the price (改价)
}

// FactNames are the names a script's needs: line may use, in the order the config lists them.
// stock_at_order and stock_at_payment read the stock mode.
var FactNames = []string{"free_shipping", "install", "door_delivery", "inspect", "returns", "insurance",
	"gift", "cutoff", "stock_at_order", "stock_at_payment", "ships_in_order", "pay_later", "coupon", "price_change"}

// Holds reports whether the named fact is true for the shop. On a sale day (saleDay) the
// same-day cut-off holds only when the shop says it does: the sale's backlog breaks it.
// An unknown name never holds.
func (f *Facts) Holds(name string, saleDay bool) bool {
	switch name {
	case "gift":
		return strings.TrimSpace(f.Gift) != ""
	case "coupon":
		return strings.TrimSpace(f.Coupon) != ""
	case "cutoff":
		return f.CutOff != "" && (!saleDay || f.CutOffOnSaleDay)
	case "stock_at_order", "stock_at_payment":
		return f.Stock == strings.TrimPrefix(name, "stock_at_")
	}
	if i := slices.Index(flagFacts, name); i >= 0 {
		return f.flags()[i]
	}
	return false
}

// couponFloor finds a coupon's threshold in its own words: 满300减30, 每满200元减20.
var couponFloor = regexp.MustCompile(`满\s*(\d{1,7})(?:\.(\d{1,2}))?`)

// CouponFits reports whether the shop's coupon can be used on an order of this amount. The
// threshold is read from the coupon's own words (满300减30), so a script never offers a buyer
// a coupon their order cannot use; a coupon with no threshold fits every order.
func (f *Facts) CouponFits(amount Fen) bool { return amount >= f.couponFloor() }

// couponFloor is the least amount the coupon can be used on: 0 when its words name none.
func (f *Facts) couponFloor() Fen {
	m := couponFloor.FindStringSubmatch(f.Coupon)
	if m == nil {
		return 0
	}
	yuan, _ := strconv.ParseInt(m[1], 10, 64)
	floor := Fen(yuan * 100)
	if m[2] != "" {
		cents, _ := strconv.ParseInt((m[2] + "0")[:2], 10, 64)
		floor += Fen(cents)
	}
	return floor
}

// flagFacts are the facts that are a plain yes or no, in the order flags returns them.
var flagFacts = []string{"free_shipping", "install", "door_delivery", "inspect", "returns", "insurance",
	"ships_in_order", "pay_later", "price_change"}

// flags returns the yes/no facts in the order of flagFacts.
func (f *Facts) flags() [9]bool {
	return [...]bool{f.FreeShipping, f.Install, f.DoorDelivery, f.Inspect, f.Returns, f.Insurance,
		f.ShipsInOrder, f.PayLater, f.PriceChange}
}

// The stock-deduction modes of Facts.Stock.
const (
	StockAtOrder   = "order"   // 拍下减库存: an unpaid order holds stock, and closes when stock sells out
	StockAtPayment = "payment" // 付款减库存: stock goes to whoever pays first
)

// check says what is wrong with the facts, or nil.
func (f *Facts) check() error {
	if f.CutOff != "" {
		if _, err := parseClock(f.CutOff); err != nil {
			return configErr("cutoff", "facts.cutoff", f.CutOff)
		}
	}
	if f.Stock != "" && f.Stock != StockAtOrder && f.Stock != StockAtPayment {
		return configErr("stock", "facts.stock", f.Stock, StockAtOrder, StockAtPayment)
	}
	return nil
}

// The registers a shop speaks in.
const (
	RegisterQin = "亲" // Taobao C shops, PDD, Douyin
	RegisterNin = "您" // flagship stores, JD
)

// Register returns how the shop addresses buyers of platform p: the configured register, or
// the platform's custom (亲 on Taobao, PDD and Douyin; 您 on JD and elsewhere).
func (c *Config) Register(p Platform) string {
	if c.Shop.Register != "" {
		return c.Shop.Register
	}
	switch p {
	case PlatformTaobao, PlatformPDD, PlatformDouyin, PlatformDemo:
		return RegisterQin
	}
	return RegisterNin
}

// placeholderSignatures are signatures no SMS gateway registers: a shop that left one of
// them in its config has no signature yet.
var placeholderSignatures = []string{"本店", "店铺", "店名", "店铺名", "店铺名称", "签名", "短信签名", "我的店", "我的店铺",
	"示例", "测试", "xx", "xxx", "xx店", "xxx店", "shop", "myshop", "my shop", "store", "test", "example"}

// SMSSignature returns the shop's registered SMS signature as 【签名】, and whether there is
// one. An empty signature or a placeholder (本店, 店铺名, xxx…) is none: no SMS may be sent.
func (c *Config) SMSSignature() (string, bool) {
	s := bareSignature(c.Shop.Signature)
	if s == "" || slices.Contains(placeholderSignatures, strings.ToLower(s)) {
		return "", false
	}
	return "【" + s + "】", true
}

// The brackets a shop may have written around its signature: cuifu writes 【】 itself.
const (
	signatureOpen  = "【[［〔〖"
	signatureClose = "】]］〕〗"
)

// bareSignature is the signature without the spaces and brackets the shop wrote around it:
// "[小美家居]", "【小美家居】" and "小美家居" are one signature.
func bareSignature(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimLeft(strings.TrimSpace(s), signatureOpen), signatureClose))
}

// checkWords says what is wrong with the shop's register and signature, or nil.
func (s *ShopConfig) checkWords() error {
	if s.Register != "" && s.Register != RegisterQin && s.Register != RegisterNin {
		return configErr("register", "shop.register", s.Register, RegisterQin, RegisterNin)
	}
	sig := bareSignature(s.Signature)
	if n := utf8.RuneCountInString(sig); n > 20 || strings.ContainsFunc(sig, unicode.IsControl) {
		return configErr("signature_long", "shop.signature", s.Signature, 20)
	}
	if strings.ContainsAny(sig, signatureOpen+signatureClose) {
		return configErr("signature_bracket", "shop.signature", s.Signature)
	}
	return nil
}
