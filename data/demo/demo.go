// Package demo makes up a realistic sale day for `cuifu demo`: a shop's orders over the last
// day, a third of them unpaid, across categories from furniture to tissues, with first-time
// and returning buyers and masked phones; and, while the demo runs, new orders arriving and
// some paying. It is deterministic for a seed. Every buyer, phone and name is invented.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// product is one line of the made-up catalogue.
type product struct {
	title    string
	min, max queue.Fen
}

// catalogue holds the shop's goods by price band, with the share of orders each band gets.
var catalogue = []struct {
	share    int
	products []product
}{
	{14, []product{ // furniture and appliances: high ticket
		{"北欧布艺沙发 三人位 可拆洗", 189900, 599900},
		{"实木床 1.8米 橡木主卧双人床", 259900, 899900},
		{"岩板餐桌 一桌六椅", 169900, 459900},
		{"一级能效变频冷暖空调 1.5匹", 239900, 459900},
		{"十公斤滚筒洗衣机 洗烘一体", 199900, 399900},
		{"法式多门冰箱 505升", 349900, 1199900},
	}},
	{30, []product{ // apparel, jewellery and beauty: buyers dislike calls
		{"法式碎花连衣裙 夏季新款", 15900, 39900},
		{"羊毛双面呢外套 女款", 49900, 129900},
		{"925银项链 锁骨链 礼盒装", 19900, 59900},
		{"珍珠耳环 小众设计", 8900, 25900},
		{"丝绒哑光口红 三支装", 12900, 29900},
		{"玻尿酸补水面膜 30片", 9900, 19900},
		{"修护精华护肤套装", 39900, 99900},
	}},
	{26, []product{ // mid-price home goods
		{"乳胶枕 一对装 护颈", 19900, 39900},
		{"全棉四件套 1.8米床", 29900, 69900},
		{"不粘锅炒锅 家用", 15900, 45900},
		{"空气炸锅 5升大容量", 29900, 59900},
		{"儿童学习台灯 护眼", 12900, 29900},
	}},
	{30, []product{ // everyday goods: low ticket
		{"原木抽纸 24包整箱", 3990, 6990},
		{"每日坚果礼盒 1.5kg", 6990, 9990},
		{"洗衣液 10斤装 薰衣草", 4590, 8990},
		{"厨房湿巾 80抽×6包", 1990, 3990},
		{"保温杯 316不锈钢", 5990, 9900},
	}},
}

var (
	nickHeads = []string{"小鹿乱撞", "爱吃橘子的猫", "晴天娃娃", "阿狸", "甜甜圈", "大白兔", "星空下的鱼", "柠檬不酸", "木子李", "南风知我意",
		"悠悠球", "抹茶控", "小确幸", "月亮代表我的心", "胖虎", "吃土少女", "阳光男孩", "云朵朵", "奶茶续命", "橙子味汽水"}
	surnames   = []string{"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "林", "何"}
	agents     = []string{"小美", "阿杰", "婷婷"}
	phoneHeads = []string{"138", "139", "150", "158", "186", "188", "199", "177"}
)

// hourWeight is how busy each local hour of a sale day is: the midnight rush, a quiet night,
// then the day and the evening push.
var hourWeight = [24]int{50, 30, 4, 2, 1, 1, 2, 4, 10, 14, 15, 14, 12, 12, 18, 18, 15, 14, 14, 16, 24, 26, 28, 30}

// gen carries the generator's state.
type gen struct {
	rng    *rand.Rand
	loc    *time.Location
	nextID int64
	buyers []buyer
}

type buyer struct {
	nick, phone string
	returning   bool
}

func newGen(seed int64, loc *time.Location) *gen {
	return &gen{rng: rand.New(rand.NewPCG(uint64(seed), 0x6375696675)), loc: loc, nextID: 3515313147000000000 + seed%1000*1000000}
}

func (g *gen) phone() string {
	head := phoneHeads[g.rng.IntN(len(phoneHeads))]
	tail := fmt.Sprintf("%04d", g.rng.IntN(10000))
	switch r := g.rng.IntN(100); {
	case r < 30:
		return head + "****" + tail // masked by the platform
	case r < 35:
		return ""
	}
	// An invented number with a visible 0000 block, never a real subscriber's pattern.
	return head + "0000" + tail
}

func (g *gen) newBuyer() buyer {
	var nick string
	if g.rng.IntN(4) == 0 {
		nick = "tb" + strconv.Itoa(10000000+g.rng.IntN(90000000))
	} else {
		nick = nickHeads[g.rng.IntN(len(nickHeads))] + strconv.Itoa(g.rng.IntN(10000))
	}
	return buyer{nick: nick, phone: g.phone(), returning: g.rng.IntN(4) == 0}
}

func (g *gen) product() product {
	r := g.rng.IntN(100)
	for _, band := range catalogue {
		if r < band.share {
			return band.products[g.rng.IntN(len(band.products))]
		}
		r -= band.share
	}
	last := catalogue[len(catalogue)-1].products
	return last[0]
}

// price picks an amount in the product's range, ending like real prices do (…9 or …0).
func (g *gen) price(p product) queue.Fen {
	v := p.min + queue.Fen(g.rng.Int64N(int64(p.max-p.min)+1))
	return v/100*100 - queue.Fen(g.rng.IntN(2))*10
}

// order makes one order of buyer b placed at created.
func (g *gen) order(b buyer, created int64, status queue.Status) exports.Record {
	g.nextID += 1 + int64(g.rng.IntN(97))
	p := g.product()
	amount := g.price(p)
	r := exports.Record{
		Platform: queue.PlatformTaobao,
		ID:       strconv.FormatInt(g.nextID, 10),
		Buyer:    b.nick,
		Phone:    b.phone,
		Receiver: surnames[g.rng.IntN(len(surnames))] + []string{"*", "**"}[g.rng.IntN(2)],
		Title:    p.title,
		Items:    []exports.Item{{Title: p.title, Quantity: 1, Price: amount}},
		Amount:   amount,
		Created:  created,
		Status:   status,
	}
	if g.rng.IntN(100) < 35 {
		r.Agent = agents[g.rng.IntN(len(agents))]
		r.Note = "接待:" + r.Agent
	}
	if lt := time.Unix(created, 0).In(g.loc); lt.Hour() < 2 && g.rng.IntN(100) < 15 {
		r.Flash = true
		r.Title = "【聚划算】" + r.Title
	}
	switch status {
	case queue.StatusPaid:
		// Most buyers pay within minutes.
		r.PaidAt = created + int64(30+g.rng.IntN(600))
	case queue.StatusClosed:
		r.Note = "订单关闭原因:买家未付款"
	}
	return r
}

// createdAt draws an order time within the last 26 hours, weighted by the sale day's hours.
func (g *gen) createdAt(now time.Time) int64 {
	for {
		back := g.rng.Int64N(26 * 3600)
		t := now.Unix() - back
		h := time.Unix(t, 0).In(g.loc).Hour()
		if g.rng.IntN(50) < hourWeight[h] {
			return t
		}
	}
}

// Generate returns n orders of a sale day that ends at now, plus the earlier paid orders
// that make some buyers returning ones. The same (n, seed, now) gives the same day.
func Generate(n int, seed int64, now time.Time, loc *time.Location) []exports.Record {
	g := newGen(seed, loc)
	pool := max(n*85/100, 1)
	for i := 0; i < pool; i++ {
		g.buyers = append(g.buyers, g.newBuyer())
	}
	out := make([]exports.Record, 0, n+pool/4)
	// Returning buyers paid this shop in the weeks before.
	for _, b := range g.buyers {
		if b.returning {
			out = append(out, g.order(b, now.Unix()-int64(3+g.rng.IntN(60))*86400, queue.StatusPaid))
		}
	}
	for i := 0; i < n; i++ {
		b := g.buyers[g.rng.IntN(len(g.buyers))]
		created := g.createdAt(now)
		status := queue.StatusUnpaid
		age := now.Unix() - created
		switch r := g.rng.IntN(100); {
		case age < 600 && r < 60:
			// Fresh orders: most are still being paid.
		case r < 64:
			status = queue.StatusPaid
		case r < 67 && age > 6*3600:
			status = queue.StatusClosed
		}
		out = append(out, g.order(b, created, status))
	}
	return out
}

// Presale makes about a share of the unpaid orders of recs presale orders (as presale
// does), the same for the same seed: the demo's balance orders.
func Presale(recs []exports.Record, share float64, seed int64, now time.Time, loc *time.Location) {
	g := newGen(seed, loc)
	for i := range recs {
		if recs[i].Status == queue.StatusUnpaid && recs[i].Created <= now.Unix() && g.rng.Float64() < share {
			g.presale(&recs[i], now)
		}
	}
}

// BalanceSale is the demo's presale: deposits taken in the ten days before now's local
// day, the balance window that whole day.
func BalanceSale(now time.Time, loc *time.Location) queue.SaleConfig {
	day := now.In(loc)
	return queue.SaleConfig{Name: "双11预售", Start: day.AddDate(0, 0, -10).Format("2006-01-02"), End: day.AddDate(0, 0, -1).Format("2006-01-02"),
		BalanceStart: day.Format("2006-01-02"), BalanceEnd: day.Format("2006-01-02")}
}

// presale makes r a presale order placed one to ten days before now: its deposit (a fifth of
// the price, in whole yuan) paid and the balance due, or for one in seven neither paid.
// Presale goods ship free.
func (g *gen) presale(r *exports.Record, now time.Time) {
	r.Created = now.Unix() - int64(86400+g.rng.IntN(9*86400))
	r.Shipping = 0
	if g.rng.IntN(7) == 0 {
		r.Stage = queue.StageDepositUnpaid
		return
	}
	r.Stage = queue.StageBalanceUnpaid
	r.Deposit = max(r.Amount/5/100*100, 100)
	r.Amount -= r.Deposit
}

// Sim is the live part of the demo: orders keep arriving and some buyers pay.
type Sim struct {
	g    *gen
	open []exports.Record
}

// NewSim starts a simulation over the demo's orders (those unpaid are the ones that may pay).
func NewSim(seed int64, recs []exports.Record, loc *time.Location) *Sim {
	s := &Sim{g: newGen(seed^0x5eed, loc)}
	s.g.nextID = 3600000000000000000 + seed%1000*1000000
	for _, r := range recs {
		if r.Status == queue.StatusUnpaid {
			s.open = append(s.open, r)
		}
		s.g.buyers = append(s.g.buyers, buyer{nick: r.Buyer, phone: r.Phone})
	}
	return s
}

// Step advances the simulation to now: it returns the orders that just arrived and the
// ones that just got paid, ready to upsert.
func (s *Sim) Step(now time.Time) []exports.Record {
	var out []exports.Record
	for i := s.g.rng.IntN(3); i > 0; i-- {
		var b buyer
		if len(s.g.buyers) > 0 && s.g.rng.IntN(3) == 0 {
			b = s.g.buyers[s.g.rng.IntN(len(s.g.buyers))]
		} else {
			b = s.g.newBuyer()
		}
		r := s.g.order(b, now.Unix(), queue.StatusUnpaid)
		s.open = append(s.open, r)
		out = append(out, r)
	}
	if len(s.open) > 0 && s.g.rng.IntN(2) == 0 {
		i := s.g.rng.IntN(len(s.open))
		r := s.open[i]
		s.open[i] = s.open[len(s.open)-1]
		s.open = s.open[:len(s.open)-1]
		r.Status, r.PaidAt = queue.StatusPaid, now.Unix()
		out = append(out, r)
	}
	return out
}

// ExportOptions shape a synthetic export for `cuifu gen`.
type ExportOptions struct {
	Orders int     // how many orders
	Unpaid float64 // share of them still unpaid (0..1)
	Seed   int64
	Now    time.Time
	Loc    *time.Location
	Items  bool // some orders get two or three product lines, as multi-line exports show
	// Presale is the share of the unpaid orders that are presale orders (0..1), placed in the
	// days before now: most with the deposit paid and the balance due, some with neither.
	Presale float64
}

// Export streams made-up orders of a sale day that ends at now, one at a time, so a
// million-row export never sits in memory. The same options give the same orders.
func Export(o ExportOptions, yield func(*exports.Record) error) error {
	g := newGen(o.Seed, o.Loc)
	for i := 0; i < max(o.Orders*85/100, 1); i++ {
		g.buyers = append(g.buyers, g.newBuyer())
	}
	for i := 0; i < o.Orders; i++ {
		b := g.buyers[g.rng.IntN(len(g.buyers))]
		created := g.createdAt(o.Now)
		status := queue.StatusUnpaid
		if g.rng.Float64() >= o.Unpaid {
			status = queue.StatusPaid
			if g.rng.IntN(100) < 6 {
				status = queue.StatusClosed
			}
		}
		r := g.order(b, created, status)
		if r.PaidAt > o.Now.Unix() {
			r.PaidAt = o.Now.Unix()
		}
		if o.Items && g.rng.IntN(100) < 20 {
			for n := 1 + g.rng.IntN(2); n > 0; n-- {
				p := g.product()
				price := g.price(p)
				r.Items = append(r.Items, exports.Item{Title: p.title, Quantity: 1 + g.rng.IntN(2), Price: price})
			}
			r.Amount = 0
			for _, it := range r.Items {
				r.Amount += it.Price * queue.Fen(it.Quantity)
			}
		}
		if len(r.Items) > 0 {
			r.Items[0].SKU = "SKU-" + strconv.Itoa(1000+g.rng.IntN(9000))
		}
		if status == queue.StatusUnpaid && g.rng.Float64() < o.Presale {
			g.presale(&r, o.Now)
		}
		if err := yield(&r); err != nil {
			return err
		}
	}
	return nil
}
