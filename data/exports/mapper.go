package exports

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"cuifu/queue"
)

// field is one thing a mapper reads from an export row.
type field int

const (
	fID          field = iota
	fBuyer             // the buyer's account on the platform
	fPhone             // mobile
	fPhone2            // landline or second phone, used when fPhone is empty
	fReceiver          // receiver's name
	fTitle             // product title (per line on multi-line exports)
	fQty               // quantity (per line on multi-line exports)
	fPrice             // unit price
	fSKU               // merchant's product code
	fAmount            // what the buyer pays or paid
	fAmount2           // the asked amount, used when fAmount is zero (unpaid Taobao orders)
	fShipping          // shipping charged
	fCreated           // when the order was placed
	fPaidAt            // when it was paid
	fStatus            // the platform's status word
	fNote              // buyer's message
	fNote2             // seller's note
	fCancel            // why it closed
	fAgent             // the reception agent, when the export has a column for it
	fCancelAt          // when it was cancelled (Shopify)
	fStage             // a presale order's stage (分阶段订单信息)
	fDepositID         // the privilege deposit order a presale order came with (特权订金订单id)
	fDepositRank       // the buyer's place among the deposits paid (定金排名)
	nFields
)

// layout describes one export format: which columns hold what, and the platform's own rules.
type layout struct {
	platform queue.Platform
	kind     string                // the export's code in messages (Kind.Code): "taobao", "taobao_items", …
	names    [nFields][]string     // column names per field, aliases in order of preference
	required []field               // the file is refused without these columns
	grouped  bool                  // one line per product: lines sharing an id are one order
	digits   bool                  // order ids are all digits
	items    bool                  // an item-detail file: records carry items only
	fix      func(*Record, *cells) // platform rules applied after the common mapping
}

// layouts are the exports cuifu reads, in detection order.
var layouts = []*layout{taobaoDetail, taobaoList, jdPOP, pddOrders, douyinOrders, shopifyOrders}

// signatures recognise each export by columns only it has ("a|b" = either).
var signatures = map[*layout][]string{
	taobaoDetail:  {"订单编号", "标题", "购买数量"},
	taobaoList:    {"订单编号|订单号|主订单编号", "买家会员名", "订单状态"},
	jdPOP:         {"订单号", "商品ID", "下单帐号"},
	pddOrders:     {"订单成交时间", "用户实付金额(元)"},
	douyinOrders:  {"主订单编号", "子订单编号"},
	shopifyOrders: {"Name", "Financial Status", "Created at"},
}

// DefaultStatusMap returns the built-in status words of each platform's export. The config
// can add or override words; nothing is guessed for words not listed. JD and PDD exports
// show no unpaid word in any known file: they are payment history until the config says
// otherwise.
func DefaultStatusMap() map[queue.Platform]map[string]queue.Status {
	const u, p, c = queue.StatusUnpaid, queue.StatusPaid, queue.StatusClosed
	return map[queue.Platform]map[string]queue.Status{
		queue.PlatformTaobao: {
			"等待买家付款":       u,
			"买家已付款，等待卖家发货": p, "买家已付款,等待卖家发货": p, "卖家部分发货": p,
			"卖家已发货，等待买家确认": p, "卖家已发货,等待买家确认": p, "交易成功": p,
			"交易关闭": c,
		},
		queue.PlatformJD: {
			"等待出库": p, "等待发货": p, "等待确认收货": p, "已出库": p, "完成": p, "已完成": p,
			"(删除)锁定": c, "锁定": c, "已取消": c, "取消": c,
		},
		queue.PlatformPDD: {
			"待发货": p, "已发货，待签收": p, "已发货,待签收": p, "已发货，待收货": p, "已发货,待收货": p,
			"已签收": p, "已收货": p, "交易成功": p,
			"已取消": c, "交易关闭": c,
		},
		queue.PlatformDouyin: {
			"待支付": u,
			"待发货": p, "备货中": p, "部分发货": p, "已发货": p, "已完成": p,
			"已关闭": c, "已取消": c,
		},
		queue.PlatformShopify: {
			"pending":    u,
			"authorized": p, "partially_paid": p, "paid": p, "partially_refunded": p, "refunded": p,
			"voided": c, "expired": c,
		},
	}
}

// mapper turns the rows of one file into records.
type mapper struct {
	*layout
	file     string
	opt      Options
	statuses map[string]queue.Status
	stages   map[string]queue.Stage // presale stage words by queue.StageKey
	at       [nFields]int           // column index per field; -1 when the file lacks it
	cols     []string
	// maxAmount is the most an order may cost (Options.MaxAmount or queue.DefaultMaxOrder).
	maxAmount queue.Fen
}

// hasCols reports whether the header has every column of a signature.
func hasCols(cols []string, want []string) bool {
	for _, w := range want {
		if !slices.ContainsFunc(strings.Split(w, "|"), func(a string) bool { return slices.Contains(cols, a) }) {
			return false
		}
	}
	return true
}

// mapperFor picks the layout for a header, or refuses the file. A forced platform still
// lets Taobao's detail file be told from its order list.
func mapperFor(name string, cols []string, opt Options) (*mapper, error) {
	var l *layout
	for _, c := range layouts {
		if (opt.Platform == queue.PlatformUnknown || opt.Platform == c.platform) && hasCols(cols, signatures[c]) {
			l = c
			break
		}
	}
	if l == nil && opt.Platform != queue.PlatformUnknown {
		for _, c := range layouts {
			if c.platform == opt.Platform && !c.items {
				l = c // forced: report the columns it lacks below
				break
			}
		}
	}
	if l == nil {
		return nil, &FileError{File: name, Code: CodeNoHeader, Args: []string{short(cols)}}
	}
	m := &mapper{layout: l, file: name, opt: opt, cols: cols, statuses: DefaultStatusMap()[l.platform], maxAmount: opt.MaxAmount}
	if m.maxAmount <= 0 {
		m.maxAmount = queue.DefaultMaxOrder
	}
	if over := opt.StatusMap[l.platform]; len(over) > 0 {
		m.statuses = maps.Clone(m.statuses)
		maps.Copy(m.statuses, over)
	}
	m.stages = DefaultStageWords()
	maps.Copy(m.stages, opt.StageMap)
	for f := range nFields {
		m.at[f] = columnIndex(cols, l.names[f]...)
	}
	var missing []string
	for _, f := range l.required {
		if m.at[f] < 0 {
			missing = append(missing, l.names[f][0])
		}
	}
	if len(missing) > 0 {
		return nil, &FileError{File: name, Code: CodeMissingCols, Args: []string{l.kind, strings.Join(missing, ", ")}}
	}
	return m, nil
}

func (m *mapper) platform() queue.Platform { return m.layout.platform }

func (m *mapper) grouped() bool { return m.layout.grouped }

// short names the first columns of a header for a refusal, each cut to queue.FieldLimit.
func short(cols []string) string {
	var out []string
	for i, c := range cols {
		if i == 6 {
			out = append(out, "…")
			break
		}
		out = append(out, queue.ShortField(c))
	}
	return strings.Join(out, ", ")
}

// columnIndex finds a column by any of its names, or -1.
func columnIndex(cols []string, names ...string) int {
	for _, n := range names {
		if i := slices.Index(cols, n); i >= 0 {
			return i
		}
	}
	return -1
}

// cells reads one row's values by field, cleaned of export guards, and keeps the first
// problem, named by its column.
type cells struct {
	m   *mapper
	rec []string
	bad *problem
}

// problem is why a row is skipped: a code and its facts.
type problem struct {
	code Code
	args []string
}

func bad(c Code, args ...string) *problem { return &problem{c, args} }

func (c *cells) str(f field) string {
	i := c.m.at[f]
	if i < 0 || i >= len(c.rec) {
		return ""
	}
	return clean(c.rec[i])
}

// fail keeps the row's first problem, named by its column (its first fact). Both are cut
// to queue.FieldLimit characters, so a 50 MB field is not echoed back.
func (c *cells) fail(f field, code Code, args ...string) {
	if c.bad == nil {
		c.bad = bad(code, append([]string{queue.ShortField(c.m.cols[c.m.at[f]])}, args...)...)
	}
}

// fen reads an amount: 0 up to the most an order may cost, never a debt or a wrapped sum.
func (c *cells) fen(f field) queue.Fen {
	s := c.str(f)
	v, err := queue.ParseYuan(s)
	switch {
	case err != nil:
		c.fail(f, CodeNotAmount, quote(s))
	case v < 0 || v > c.m.maxAmount:
		c.fail(f, CodeAmountRange, quote(s), c.m.maxAmount.Yuan())
		v = 0
	}
	return v
}

// The years an order's dates may fall in: others are typing errors or damage, and would
// give deadlines in the year 10000.
const firstYear, lastYear = 2000, 2100

func (c *cells) date(f field) int64 {
	s := c.str(f)
	v, err := parseDate(s, c.m.opt.Location)
	if err != nil {
		c.fail(f, CodeNotDate, quote(s))
		return 0
	}
	if v != 0 {
		if y := time.Unix(v, 0).In(c.m.opt.Location).Year(); y < firstYear || y > lastYear {
			c.fail(f, CodeYearRange, quote(s), strconv.Itoa(firstYear), strconv.Itoa(lastYear))
			return 0
		}
	}
	return v
}

// quote quotes an export's value in a message: escaped and cut to queue.FieldLimit.
func quote(s string) string { return "\"" + queue.ShortField(s) + "\"" }

func (c *cells) count(f field) int {
	s := c.str(f)
	if s == "" {
		return 1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		c.fail(f, CodeNotQuantity, quote(s))
		return 1
	}
	return n
}

// agentNote finds a reception agent named in a note: 接待:小美 or 客服：小美.
var agentNote = regexp.MustCompile(`(?:接待|客服)[:：]\s*([\p{Han}A-Za-z0-9_]{1,12})`)

// maxID bounds an order id: anything longer is not one.
const maxID = 64

// row maps one export row. A line that only continues an order (Shopify's further line
// items) comes back marked as a part, to be merged into the order's first line.
func (m *mapper) row(rec []string, line int) (Record, *problem) {
	c := &cells{m: m, rec: rec}
	r := Record{Platform: m.layout.platform, Line: line, ItemsOnly: m.items}
	r.ID = c.str(fID) // as the merchant sees it: Shopify's #1001 keeps its #
	if r.ID == "" {
		return r, bad(CodeNoID)
	}
	if len(r.ID) > maxID || strings.ContainsFunc(r.ID, func(c rune) bool { return unicode.IsControl(c) || unicode.IsSpace(c) }) {
		return r, bad(CodeBadID, quote(r.ID))
	}
	if m.digits && strings.ContainsFunc(r.ID, func(c rune) bool { return c < '0' || c > '9' }) {
		return r, bad(CodeIDNotNumber, quote(r.ID))
	}
	r.Title = c.str(fTitle)
	if m.grouped() && r.Title != "" {
		r.Items = []Item{{Title: r.Title, SKU: c.str(fSKU), Quantity: c.count(fQty), Price: c.fen(fPrice)}}
	}
	if m.items {
		return r, c.bad
	}
	word := c.str(fStatus)
	if word == "" && m.grouped() && c.str(fCreated) == "" {
		r.part = true // Shopify: only an order's first line carries the order's fields
		return r, c.bad
	}
	st, ok := m.statuses[word]
	if !ok {
		return r, bad(CodeUnknownStatus, quote(word), m.layout.platform.String())
	}
	if r.Created = c.date(fCreated); r.Created == 0 && c.bad == nil {
		c.bad = bad(CodeMissingValue, m.names[fCreated][0])
	}
	r.PaidAt = c.date(fPaidAt)
	// A closed order that had been paid was refunded: it stays in the payment history.
	if st == queue.StatusClosed && r.PaidAt != 0 {
		st = queue.StatusPaid
	}
	r.Status = st
	if r.Amount = c.fen(fAmount); r.Amount == 0 {
		r.Amount = c.fen(fAmount2) // an unpaid order shows what the buyer is asked to pay
	}
	r.Shipping = c.fen(fShipping)
	if r.Phone = queue.NormalizePhone(c.str(fPhone)); r.Phone == "" {
		r.Phone = queue.NormalizePhone(c.str(fPhone2))
	}
	r.Buyer = c.str(fBuyer)
	r.Receiver = c.str(fReceiver)
	r.Flash = strings.Contains(r.Title, "聚划算") || strings.Contains(r.Title, "秒杀")
	seller := c.str(fNote2)
	if r.Agent = c.str(fAgent); r.Agent == "" {
		if a := agentNote.FindStringSubmatch(seller); a != nil {
			r.Agent = a[1]
		}
	}
	r.Note = strings.Join(nonEmpty(c.str(fNote), seller, c.str(fCancel)), " / ")
	if !m.grouped() && r.Title != "" {
		q := c.count(fQty)
		r.Items = []Item{{Title: r.Title, Quantity: q, Price: r.Amount}}
		if q > 1 {
			r.Items[0].Price = (r.Amount - r.Shipping) / queue.Fen(q)
		}
	}
	if m.fix != nil {
		m.fix(&r, c)
	}
	if p := m.presale(&r, c); p != nil {
		return r, p
	}
	return r, c.bad
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func names(n ...string) []string { return n }

// taobaoList is the 已卖出的宝贝 order list, both the 2017 layout (46 columns) and the 2019+
// one (61 columns): columns are found by name, never by position.
var taobaoList = &layout{
	platform: queue.PlatformTaobao, kind: "taobao", digits: true,
	names: [nFields][]string{
		fID: names("订单编号", "订单号", "主订单编号"), fBuyer: names("买家会员名"),
		fPhone: names("联系手机"), fPhone2: names("联系电话"), fReceiver: names("收货人姓名"),
		fTitle: names("宝贝标题"), fAmount: names("买家实际支付金额", "买家实付金额"), fAmount2: names("总金额"),
		fShipping: names("买家应付邮费"), fCreated: names("订单创建时间"), fPaidAt: names("订单付款时间"),
		fStatus: names("订单状态"), fNote: names("买家留言"), fNote2: names("订单备注"), fCancel: names("订单关闭原因"),
		fStage: names("分阶段订单信息"), fDepositID: names("特权订金订单id", "特权定金订单id"), fDepositRank: names("定金排名"),
	},
	required: []field{fID, fStatus, fCreated},
}

// taobaoDetail is the matching ExportOrderDetailList: one row per item, for the items only.
var taobaoDetail = &layout{
	platform: queue.PlatformTaobao, kind: "taobao_items", digits: true, grouped: true, items: true,
	names: [nFields][]string{
		fID: names("订单编号", "订单号"), fTitle: names("标题"), fPrice: names("价格"), fQty: names("购买数量"),
		fSKU: names("商家编码", "外部系统编号"),
	},
	required: []field{fID, fTitle},
}

// jdPOP is JD's POP order export: one line per product, 订单金额 repeated on each.
var jdPOP = &layout{
	platform: queue.PlatformJD, kind: "jd", grouped: true,
	names: [nFields][]string{
		fID: names("订单号"), fBuyer: names("下单帐号", "下单账号"), fPhone: names("联系电话"), fReceiver: names("客户姓名"),
		fTitle: names("商品名称"), fQty: names("订购数量"), fPrice: names("京东价"), fSKU: names("货号"),
		fAmount: names("应付金额"), fAmount2: names("订单金额"), fShipping: names("运费金额"),
		fCreated: names("下单时间"), fPaidAt: names("付款确认时间"), fStatus: names("订单状态"),
		fNote: names("订单备注"), fNote2: names("商家备注"),
	},
	required: []field{fID, fStatus, fCreated},
}

// pddOrders is Pinduoduo's order export: one line per order, amounts with a trailing tab.
// It has no separate payment time: an order listed as paid was paid when it was placed.
var pddOrders = &layout{
	platform: queue.PlatformPDD, kind: "pdd",
	names: [nFields][]string{
		fID: names("订单号"), fTitle: names("商品"), fQty: names("商品数量(件)"),
		fAmount: names("用户实付金额(元)"), fAmount2: names("商品总价(元)"), fShipping: names("邮费(元)"),
		fCreated: names("订单成交时间"), fStatus: names("订单状态"), fNote2: names("商家备注"),
	},
	required: []field{fID, fStatus, fCreated},
	fix: func(r *Record, _ *cells) {
		if r.Status == queue.StatusPaid {
			r.PaidAt = r.Created
		}
	},
}

// douyinOrders is the 抖店 export: one line per sub-order under its 主订单编号; the order's
// payable amount repeats on each line.
var douyinOrders = &layout{
	platform: queue.PlatformDouyin, kind: "douyin", grouped: true,
	names: [nFields][]string{
		fID: names("主订单编号"), fPhone: names("收件人手机", "收件人手机号", "收件人电话"), fReceiver: names("收件人"),
		fTitle: names("选购商品", "商品名称"), fQty: names("商品数量"), fPrice: names("商品单价"), fSKU: names("商家编码"),
		fAmount: names("订单应付金额"), fShipping: names("运费"), fCreated: names("订单提交时间"),
		fPaidAt: names("支付完成时间"), fStatus: names("订单状态"), fNote: names("买家留言"), fNote2: names("商家备注"),
		fCancel: names("取消原因"),
	},
	required: []field{fID, fStatus, fCreated},
	fix:      buyerByPhone,
}

// buyerByPhone gives exports without a buyer account one made from the phone, so a
// returning buyer is still recognised: a digest of the number, never the number itself,
// because the identity is stored and compared as a name (queue.ShowBuyer shows such a
// buyer by the masked phone). A masked phone identifies nobody.
func buyerByPhone(r *Record, _ *cells) {
	if r.Buyer == "" && queue.PhoneUsable(r.Phone) {
		r.Buyer = PhoneIdentity(r.Phone)
	}
}

// PhoneIdentity is the buyer identity of an export that names buyers only by phone: "tel:"
// and 16 hex digits of the number's SHA-256 (a collision among a million buyers has odds
// of about 1 in 10^7).
func PhoneIdentity(phone string) string {
	sum := sha256.Sum256([]byte("cuifu buyer\x00" + queue.NormalizePhone(phone)))
	return "tel:" + hex.EncodeToString(sum[:8])
}

// shopifyOrders is Shopify's "Export orders": one line per line item, the order's fields on
// its first line only. The customer is their e-mail.
var shopifyOrders = &layout{
	platform: queue.PlatformShopify, kind: "shopify", grouped: true,
	names: [nFields][]string{
		fID: names("Name"), fBuyer: names("Email"), fPhone: names("Phone"), fPhone2: names("Shipping Phone", "Billing Phone"),
		fReceiver: names("Shipping Name", "Billing Name"), fTitle: names("Lineitem name"), fQty: names("Lineitem quantity"),
		fPrice: names("Lineitem price"), fSKU: names("Lineitem sku"), fAmount: names("Total"), fShipping: names("Shipping"),
		fCreated: names("Created at"), fPaidAt: names("Paid at"), fStatus: names("Financial Status"),
		fNote: names("Notes"), fAgent: names("Employee"), fCancelAt: names("Cancelled at"),
	},
	required: []field{fID, fStatus, fCreated},
	fix: func(r *Record, c *cells) {
		if r.Status == queue.StatusUnpaid && c.str(fCancelAt) != "" {
			r.Status = queue.StatusClosed // cancelled before anyone paid
		}
		buyerByPhone(r, c)
	},
}
