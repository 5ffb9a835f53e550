package scripts

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"cuifu/queue"
)

var update = flag.Bool("update", false, "rewrite the golden renders")

// goldenOrder is a fixed order of the golden renders.
type goldenOrder struct {
	name     string
	platform queue.Platform
	title    string
	amount   queue.Fen
	paid     int32 // the buyer's earlier paid orders: > 0 is a returning buyer
	receiver string
	phase    queue.Phase
	now      string
	back     time.Duration // how long before now the order was placed
	closesIn time.Duration // when the order closes; 0 = the configured deadline
	averse   bool          // a call-averse category
	missed   bool          // the last touch was an unanswered call
	deposit  queue.Fen     // > 0: a presale balance order with this deposit paid (balanceSale's window)
}

// balanceSale is the golden balance orders' presale: the balance window from 2026-11-10
// 20:00 to 2026-11-11 22:00.
var balanceSale = queue.SaleConfig{Name: "双11预售", Start: "2026-10-24 20:00", End: "2026-11-10 20:00",
	BalanceStart: "2026-11-10 20:00", BalanceEnd: "2026-11-11 22:00"}

// goldenOrders cover the platforms, a first-time and a returning buyer, a low-ticket and a
// big-ticket order, and the phases of the sale calendar (the sale price ends 2026-11-12 00:00).
var goldenOrders = []goldenOrder{
	{"taobao first-time big-ticket, frenzy", queue.PlatformTaobao, "【聚划算】法式多门冰箱 505升", 459900, 0, "王小明", queue.PhaseFrenzy, "2026-11-11T00:40:00+08:00", 30 * time.Minute, 0, false, false, 0},
	{"jd returning big-ticket, rational", queue.PlatformJD, "一级能效变频冷暖空调 1.5匹", 299900, 3, "李**", queue.PhaseRational, "2026-11-11T15:00:00+08:00", 2 * time.Hour, 0, false, false, 0},
	{"pdd first-time low-ticket, late", queue.PlatformPDD, "原木抽纸 24包整箱", 4990, 0, "", queue.PhaseLate, "2026-11-11T21:30:00+08:00", 2 * time.Hour, 0, false, false, 0},
	{"douyin returning low-ticket, day after", queue.PlatformDouyin, "丝绒哑光口红 三支装", 8900, 1, "tel:18600004599", queue.PhaseDayAfter, "2026-11-12T10:00:00+08:00", 14 * time.Hour, 0, false, false, 0},
	{"taobao first-time mid-ticket, ordinary", queue.PlatformTaobao, "2024新款现货包邮羊毛裤女加厚", 29900, 0, "赵*", queue.PhaseOrdinary, "2026-11-20T15:00:00+08:00", 2 * time.Hour, 0, false, false, 0},
	{"pdd returning mid-ticket, presale", queue.PlatformPDD, "全棉四件套 1.8米床", 39900, 2, "陈静", queue.PhasePreSale, "2026-11-11T10:00:00+08:00", 12 * time.Hour, 0, false, false, 0},
	{"taobao balance order at the opening of its window, ordinary", queue.PlatformTaobao, "预售 北欧布艺沙发 三人位", 400000, 0, "王小明", queue.PhaseOrdinary, "2026-11-10T20:30:00+08:00", 274*time.Hour + 30*time.Minute, 0, false, false, 100000},
	{"taobao balance order 40 minutes before its window ends, presale", queue.PlatformTaobao, "预售 北欧布艺沙发 三人位", 400000, 0, "王小明", queue.PhasePreSale, "2026-11-11T21:20:00+08:00", 299*time.Hour + 20*time.Minute, 0, false, false, 100000},
	{"taobao first-time call-averse, closing in 40 minutes after a missed call, ordinary", queue.PlatformTaobao, "羊毛双面呢外套 女款", 69900, 0, "周*", queue.PhaseOrdinary, "2026-11-20T15:00:00+08:00", 71 * time.Hour, 40 * time.Minute, true, true, 0},
	{"taobao first-time call-averse jewellery, rational", queue.PlatformTaobao, "925银项链 锁骨链 礼盒装", 39900, 0, "孙*", queue.PhaseRational, "2026-11-11T15:00:00+08:00", 2 * time.Hour, 0, true, false, 0},
}

// allFacts is a shop that offers everything.
var allFacts = queue.Facts{FreeShipping: true, Install: true, DoorDelivery: true, Inspect: true, Returns: true,
	ReturnsExcept: "定制商品除外", Insurance: true, Gift: "收纳袋", CutOff: "17:00", CutOffOnSaleDay: true,
	Stock: queue.StockAtOrder, ShipsInOrder: true, PayLater: true, Coupon: "满300减30", PriceChange: true}

// TestGoldenRenders renders every built-in script for fixed orders across platforms,
// segments and phases, once with the default facts and once with every fact on, and
// compares with testdata/renders.golden. A script the advisor would not suggest for the
// order is listed with why, so the file shows what each shop would see.
func TestGoldenRenders(t *testing.T) {
	lib := Default()
	var b strings.Builder
	for _, facts := range []struct {
		name string
		f    queue.Facts
	}{{"default facts", queue.Facts{}}, {"every fact on", allFacts}} {
		for _, g := range goldenOrders {
			cfg := queue.DefaultConfig()
			cfg.Shop.Name, cfg.Shop.Signature, cfg.Facts = "小美家居", "小美家居", facts.f
			cfg.Sales = []queue.SaleConfig{balanceSale}
			now, err := time.Parse(time.RFC3339, g.now)
			if err != nil {
				t.Fatal(err)
			}
			created := now.Add(-g.back)
			if ph, _ := cfg.OrderPhase(created, now); ph != g.phase {
				t.Fatalf("%s: the order is in phase %v", g.name, ph)
			}
			o := &queue.Order{ID: "3515313147329357901", Platform: g.platform, Title: g.title, Amount: g.amount,
				Created: created.Unix()}
			if g.closesIn > 0 {
				o.Deadline = now.Add(g.closesIn).Unix()
			}
			if g.averse {
				o.Flags |= queue.FlagCallAverse
			}
			if g.deposit > 0 {
				o.Flags, o.Deposit = o.Flags|queue.FlagBalance, int32(g.deposit)
			}
			if g.missed {
				o.Contact = queue.ContactState{LastAt: now.Add(-time.Hour).Unix(), LastChannel: queue.ChannelPhone, LastResult: queue.ResultNoAnswer, Touches: 2}
			}
			buyer := &queue.Buyer{Nick: "tb66861826", Phone: "13800001234", Paid: g.paid, Cushions: 1}
			fmt.Fprintf(&b, "## %s · %s\n", facts.name, g.name)
			for i := range lib.Scripts {
				s := &lib.Scripts[i]
				r := Request{Order: o, Buyer: buyer, Receiver: g.receiver, Channel: s.Channel, SMSKind: s.SMS,
					Phase: g.phase, Config: &cfg, Now: now, Reason: strings.TrimPrefix(s.Kind, "followup:")}
				if sale, on := cfg.SaleAt(now); on {
					r.SaleEnds = sale.End
				}
				if _, ok := s.fits(&r, segmentsOf(&r)); !ok {
					fmt.Fprintf(&b, "[%s] not suggested\n", s.ID)
					continue
				}
				langs := []queue.Lang{queue.LangZH}
				if g.platform == queue.PlatformJD {
					langs = append(langs, queue.LangEN)
				}
				for _, lang := range langs {
					r.Lang = lang
					cushion := lib.nextCushion(buyer)
					sg := render(s, &r, varsFor(&r, lib, cushion), cushion)
					b.WriteString("[" + s.ID + "]")
					if sg.SMSParts > 0 {
						fmt.Fprintf(&b, " %s sms, %d part(s)", sg.SMS, sg.SMSParts)
					}
					b.WriteString("\n" + sg.Text + "\n")
					if strings.Contains(sg.Text, "{") || strings.Contains(sg.Text, "tb66861826") {
						t.Errorf("%s: unfilled variable or nickname: %q", s.ID, sg.Text)
					}
				}
			}
		}
	}
	for i := range lib.Scripts {
		id := "[" + lib.Scripts[i].ID + "]"
		if !strings.Contains(b.String(), id+"\n") && !strings.Contains(b.String(), id+" notification") && !strings.Contains(b.String(), id+" marketing") {
			t.Errorf("%s is rendered for none of the golden orders: add an order it fits", lib.Scripts[i].ID)
		}
	}
	path := filepath.Join("testdata", "renders.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./scripts -update writes it)", err)
	}
	if b.String() != string(want) {
		t.Fatalf("renders differ from %s; run with -update after checking the words", path)
	}
}

func TestFollowUpForTheDeclineReason(t *testing.T) {
	for _, reason := range queue.DeclineReasons {
		r := request(queue.ChannelIM, nil)
		r.Reason = reason
		sg := Default().Suggest(r)
		if len(sg) == 0 || sg[0].Kind != "followup:"+reason {
			t.Errorf("%s: first suggestion %v", reason, sg)
		}
	}
}

func TestPhaseScriptsComeFirst(t *testing.T) {
	r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Amount = 29900 })
	r.Phase = queue.PhaseDayAfter
	sg := Default().Suggest(r)
	if sg[0].ID != "im.dayafter.kept" || !strings.Contains(sg[0].Text, "大促") {
		t.Fatalf("day after the sale: first script %s", sg[0].ID)
	}
}

// TestEnglishScriptsSayNoChinese renders every built-in script in English with the default
// config (the shop's name left unset), with every fact off and on, for each golden order's
// phase and kind: with the data fields (the item's title, the receiver, the facts' values) in
// Latin letters, no Han character may be left in the words.
func TestEnglishScriptsSayNoChinese(t *testing.T) {
	lib := Default()
	latin := allFacts
	latin.Gift, latin.Coupon, latin.ReturnsExcept = "a storage bag", "30 off 300", "made-to-measure goods excepted"
	for _, facts := range []queue.Facts{{}, latin} {
		for _, g := range goldenOrders {
			cfg := queue.DefaultConfig()
			cfg.Facts = facts
			now, err := time.Parse(time.RFC3339, g.now)
			if err != nil {
				t.Fatal(err)
			}
			o := &queue.Order{ID: "1", Platform: g.platform, Title: "Wool coat", Amount: g.amount, Created: now.Add(-g.back).Unix()}
			if g.deposit > 0 {
				o.Flags, o.Deposit = o.Flags|queue.FlagBalance, int32(g.deposit)
			}
			buyer := &queue.Buyer{Nick: "tb66861826", Paid: g.paid, Open: 2}
			for i := range lib.Scripts {
				s := &lib.Scripts[i]
				r := Request{Order: o, Buyer: buyer, Receiver: "Emily Chen", Channel: s.Channel, SMSKind: s.SMS,
					Phase: g.phase, Config: &cfg, Now: now, Lang: queue.LangEN, Reason: strings.TrimPrefix(s.Kind, "followup:")}
				if sale, on := cfg.SaleAt(now); on {
					r.SaleEnds = sale.End
				}
				cushion := lib.nextCushion(buyer)
				text := render(s, &r, varsFor(&r, lib, cushion), cushion).Text
				if strings.ContainsFunc(text, func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
					t.Errorf("%s (%s): Chinese in the English words: %q", s.ID, g.name, text)
				}
			}
		}
	}
}

// TestKeptForYouOnlyWithStockAtOrder: with stock deducted at payment no suggestion, for any
// golden order on any channel, says the item is held for the buyer; with stock taken when
// ordered the day after the sale does (im.dayafter.held).
func TestKeptForYouOnlyWithStockAtOrder(t *testing.T) {
	lib := Default()
	for _, stock := range []string{queue.StockAtPayment, queue.StockAtOrder} {
		held := false
		for _, g := range goldenOrders {
			cfg := queue.DefaultConfig()
			cfg.Shop.Signature, cfg.Facts.Stock = "小美家居", stock
			now, err := time.Parse(time.RFC3339, g.now)
			if err != nil {
				t.Fatal(err)
			}
			o := &queue.Order{ID: "1", Platform: g.platform, Title: g.title, Amount: g.amount, Created: now.Add(-g.back).Unix()}
			for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone} {
				for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
					r := Request{Order: o, Buyer: &queue.Buyer{Paid: g.paid}, Channel: ch, Phase: g.phase, Config: &cfg, Now: now, Lang: lang}
					for _, sg := range lib.Suggest(r) {
						says := strings.Contains(sg.Text, "留着") || strings.Contains(sg.Text, "held for you")
						if says && stock == queue.StockAtPayment {
							t.Errorf("stock at payment: %s (%s) says it is held: %q", sg.ID, g.name, sg.Text)
						}
						held = held || (says && sg.ID == "im.dayafter.held")
					}
				}
			}
		}
		if stock == queue.StockAtOrder && !held {
			t.Error("stock taken when ordered: the day after, im.dayafter.held is never suggested")
		}
	}
}
