package exports

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"cuifu/queue"
)

// formats holds the platforms' real export headers (column names only), for the writers.
//
//go:embed formats/*.csv
var formats embed.FS

// Writer writes orders in a platform's real export format, quirks and encoding included:
// Taobao, JD and PDD files are GB18030; Taobao guards order numbers as ="…" and prefixes
// phones with an apostrophe; PDD amounts carry a trailing tab; Douyin amounts have
// thousands separators; JD, Douyin and Shopify write one line per product.
type Writer struct {
	p      queue.Platform
	loc    *time.Location
	cols   []string // trimmed column names, in file order
	buf    *bufio.Writer
	closer io.Closer // the encoder, when there is one
	fields []string
}

// headerFile names each platform's header in formats/.
var headerFile = map[queue.Platform]string{
	queue.PlatformTaobao:  "taobao_2019_header.csv",
	queue.PlatformJD:      "jd_pop_header.csv",
	queue.PlatformPDD:     "pdd_header.csv",
	queue.PlatformDouyin:  "douyin_header.csv",
	queue.PlatformShopify: "shopify_orders_header.csv",
}

// GB18030 reports whether the platform writes its exports in GB18030 (the others in UTF-8).
func GB18030(p queue.Platform) bool {
	return p == queue.PlatformTaobao || p == queue.PlatformJD || p == queue.PlatformPDD
}

// HasUnpaidStatus reports whether the platform's exports are known to show unpaid orders. JD
// and PDD exports are payment history only: no public file shows an unpaid status word.
func HasUnpaidStatus(p queue.Platform) bool {
	return p != queue.PlatformJD && p != queue.PlatformPDD
}

// NewWriter starts an export of platform p on w and writes its header line. Times are
// written in loc (Shopify with its offset).
func NewWriter(w io.Writer, p queue.Platform, loc *time.Location) (*Writer, error) {
	name, ok := headerFile[p]
	if !ok {
		return nil, fmt.Errorf("no export format for %s", p)
	}
	head, err := formats.ReadFile("formats/" + name)
	if err != nil {
		return nil, err
	}
	gw := &Writer{p: p, loc: loc}
	if GB18030(p) {
		enc := transform.NewWriter(w, simplifiedchinese.GB18030.NewEncoder())
		gw.buf, gw.closer = bufio.NewWriterSize(enc, 256<<10), enc
	} else {
		gw.buf = bufio.NewWriterSize(w, 256<<10)
		if p == queue.PlatformDouyin {
			gw.buf.WriteString("\ufeff") // Douyin's files open in Excel: a BOM marks them UTF-8
		}
	}
	line := strings.TrimRight(string(head), "\r\n")
	gw.buf.WriteString(line)
	gw.buf.WriteString("\r\n")
	for _, c := range strings.Split(line, ",") {
		gw.cols = append(gw.cols, strings.TrimSpace(strings.Trim(c, `"`)))
	}
	gw.fields = make([]string, len(gw.cols))
	return gw, nil
}

// Write writes one order: one line, or one line per product on the platforms that do so.
func (w *Writer) Write(r *Record) error {
	lines := 1
	if w.p == queue.PlatformJD || w.p == queue.PlatformDouyin || w.p == queue.PlatformShopify {
		lines = max(len(r.Items), 1)
	}
	for i := 0; i < lines; i++ {
		for c, name := range w.cols {
			w.fields[c] = w.value(r, i, name)
		}
		w.writeLine()
	}
	return nil
}

// Close flushes the file (and the encoder).
func (w *Writer) Close() error {
	if err := w.buf.Flush(); err != nil {
		return err
	}
	if w.closer != nil {
		return w.closer.Close()
	}
	return nil
}

// writeLine writes the fields the way the platform's files do: Taobao quotes every field
// but its ="…" guards and empty ones; the others quote only what needs it.
func (w *Writer) writeLine() {
	for i, f := range w.fields {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		switch {
		case f == "" || strings.HasPrefix(f, `="`):
			w.buf.WriteString(f)
		case w.p == queue.PlatformTaobao || strings.ContainsAny(f, ",\"\r\n\t"):
			w.buf.WriteByte('"')
			w.buf.WriteString(strings.ReplaceAll(f, `"`, `""`))
			w.buf.WriteByte('"')
		default:
			w.buf.WriteString(f)
		}
	}
	w.buf.WriteString("\r\n")
}

// item returns the order's i-th product line (a made-up one from its title if it has none).
func item(r *Record, i int) Item {
	if i < len(r.Items) {
		return r.Items[i]
	}
	return Item{Title: r.Title, Quantity: 1, Price: r.Amount}
}

// value is one cell of order r's line i under the column name.
func (w *Writer) value(r *Record, i int, name string) string {
	switch w.p {
	case queue.PlatformTaobao:
		return w.taobao(r, name)
	case queue.PlatformJD:
		return w.jd(r, i, name)
	case queue.PlatformPDD:
		return w.pdd(r, name)
	case queue.PlatformDouyin:
		return w.douyin(r, i, name)
	case queue.PlatformShopify:
		return w.shopify(r, i, name)
	}
	return ""
}

func (w *Writer) date(t int64, layout string) string {
	if t == 0 {
		return ""
	}
	return time.Unix(t, 0).In(w.loc).Format(layout)
}

func yuan(f queue.Fen) string { return f.Yuan() }

// yuanSep writes thousands separators, as Douyin does: 1,299.00.
func yuanSep(f queue.Fen) string {
	s := f.Yuan()
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		dot = len(s)
	}
	var b strings.Builder
	for i, c := range s[:dot] {
		if i > 0 && (dot-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + s[dot:]
}

func totalQty(r *Record) int {
	n := 0
	for _, it := range r.Items {
		n += it.Quantity
	}
	return max(n, 1)
}

// statusWord is the platform's word for a status.
func statusWord(s queue.Status, unpaid, paid, closed string) string {
	switch s {
	case queue.StatusPaid:
		return paid
	case queue.StatusClosed:
		return closed
	}
	return unpaid
}

const cnDate = "2006-01-02 15:04:05"

// stageWords are the step names Taobao's 分阶段订单信息 shows for each presale stage.
var stageWords = [...]string{queue.StageDepositUnpaid: "定金未付尾款未付", queue.StageBalanceUnpaid: "定金已付尾款未付",
	queue.StagePaid: "定金和尾款都付"}

func (w *Writer) taobao(r *Record, name string) string {
	switch name {
	case "订单编号":
		return `="` + r.ID + `"`
	case "买家会员名":
		return r.Buyer
	case "买家应付货款", "总金额":
		if r.Stage == queue.StageBalanceUnpaid {
			return yuan(r.Amount + r.Deposit - r.Shipping) // the deposit paid and the balance due
		}
		return yuan(r.Amount - r.Shipping)
	case "买家应付邮费":
		return yuan(r.Shipping)
	case "买家实际支付金额":
		switch {
		case r.Status == queue.StatusPaid:
			return yuan(r.Amount)
		case r.Stage == queue.StageBalanceUnpaid:
			return yuan(r.Deposit)
		}
		return "0.00"
	case "分阶段订单信息":
		return stageWords[r.Stage]
	case "订单状态":
		return statusWord(r.Status, "等待买家付款", "买家已付款，等待卖家发货", "交易关闭")
	case "订单关闭原因":
		if r.Status == queue.StatusClosed {
			return "买家未付款"
		}
		return ""
	case "收货人姓名":
		return r.Receiver
	case "联系手机":
		if r.Phone == "" {
			return ""
		}
		return "'" + r.Phone
	case "订单创建时间":
		return w.date(r.Created, cnDate)
	case "订单付款时间":
		return w.date(r.PaidAt, cnDate)
	case "宝贝标题":
		return r.Title
	case "宝贝种类":
		return strconv.Itoa(max(len(r.Items), 1))
	case "宝贝总数量":
		return strconv.Itoa(totalQty(r))
	case "订单备注":
		return r.Note
	case "店铺名称":
		return "cuifu演示店"
	case "是否手机订单":
		return "手机订单"
	}
	return ""
}

func (w *Writer) jd(r *Record, i int, name string) string {
	it := item(r, i)
	switch name {
	case "订单号":
		return r.ID
	case "商品ID":
		return strconv.Itoa(100000 + len(it.Title)*97 + i)
	case "商品名称":
		return it.Title
	case "订购数量":
		return strconv.Itoa(it.Quantity)
	case "下单时间":
		return w.date(r.Created, cnDate)
	case "京东价":
		return yuan(it.Price)
	case "订单金额", "应付金额", "结算金额":
		return yuan(r.Amount) // repeats on every line of the order
	case "订单状态":
		if r.Status == queue.StatusClosed {
			return "(删除)锁定"
		}
		return "等待出库"
	case "下单帐号":
		return r.Buyer
	case "客户姓名":
		return r.Receiver
	case "联系电话":
		return r.Phone
	case "订单备注":
		return r.Note
	case "运费金额":
		return yuan(r.Shipping)
	case "付款确认时间":
		return w.date(r.PaidAt, cnDate)
	case "货号":
		return it.SKU
	}
	return ""
}

func (w *Writer) pdd(r *Record, name string) string {
	switch name {
	case "订单成交时间":
		return w.date(r.Created, cnDate)
	case "商品":
		return r.Title
	case "订单号":
		return r.ID
	case "订单状态":
		if r.Status == queue.StatusClosed {
			return "已取消"
		}
		return "待发货"
	case "商品总价(元)":
		return yuan(r.Amount-r.Shipping) + "\t"
	case "邮费(元)":
		return yuan(r.Shipping) + "\t"
	case "用户实付金额(元)", "商家实收金额(元)":
		return yuan(r.Amount) + "\t"
	case "商品数量(件)":
		return strconv.Itoa(totalQty(r))
	case "商家备注":
		return r.Note
	}
	return ""
}

func (w *Writer) douyin(r *Record, i int, name string) string {
	it := item(r, i)
	switch name {
	case "主订单编号":
		return r.ID
	case "子订单编号":
		return r.ID + strconv.Itoa(i+1)
	case "选购商品":
		return it.Title
	case "商品数量":
		return strconv.Itoa(it.Quantity)
	case "商家编码":
		return it.SKU
	case "商品单价":
		return yuanSep(it.Price)
	case "订单应付金额":
		return yuanSep(r.Amount)
	case "运费":
		return yuanSep(r.Shipping)
	case "收件人":
		return r.Receiver
	case "收件人手机":
		return r.Phone
	case "订单提交时间":
		return w.date(r.Created, cnDate)
	case "支付完成时间":
		return w.date(r.PaidAt, cnDate)
	case "订单状态":
		return statusWord(r.Status, "待支付", "待发货", "已关闭")
	case "取消原因":
		if r.Status == queue.StatusClosed {
			return "超时未支付"
		}
		return ""
	case "商家备注":
		return r.Note
	}
	return ""
}

const shopifyDate = "2006-01-02 15:04:05 -0700"

func (w *Writer) shopify(r *Record, i int, name string) string {
	it := item(r, i)
	switch name {
	case "Name":
		return "#" + strings.TrimPrefix(r.ID, "#") // the order as the merchant sees it
	case "Lineitem quantity":
		return strconv.Itoa(it.Quantity)
	case "Lineitem name":
		return it.Title
	case "Lineitem price":
		return yuan(it.Price)
	case "Lineitem sku":
		return it.SKU
	}
	if i > 0 {
		return "" // only an order's first line carries the order's fields
	}
	switch name {
	case "Email":
		if r.Buyer == "" {
			return "" // a customer without an e-mail: the phone names them
		}
		return r.Buyer + "@example.com"
	case "Financial Status":
		return statusWord(r.Status, "pending", "paid", "voided")
	case "Paid at":
		return w.date(r.PaidAt, shopifyDate)
	case "Currency":
		return "CNY"
	case "Subtotal":
		return yuan(r.Amount - r.Shipping)
	case "Shipping":
		return yuan(r.Shipping)
	case "Total":
		return yuan(r.Amount)
	case "Created at":
		return w.date(r.Created, shopifyDate)
	case "Billing Name", "Shipping Name":
		return r.Receiver
	case "Phone", "Shipping Phone":
		return r.Phone
	case "Notes":
		return r.Note
	}
	return ""
}
