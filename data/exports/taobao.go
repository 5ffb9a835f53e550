package exports

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cuifu/queue"
)

// DefaultStatusMap returns the built-in status words of each platform's export. The config
// can add or override words; nothing is guessed for words not listed.
func DefaultStatusMap() map[queue.Platform]map[string]queue.Status {
	return map[queue.Platform]map[string]queue.Status{
		queue.PlatformTaobao: {
			"等待买家付款":       queue.StatusUnpaid,
			"买家已付款，等待卖家发货": queue.StatusPaid,
			"买家已付款,等待卖家发货": queue.StatusPaid,
			"卖家部分发货":       queue.StatusPaid,
			"卖家已发货，等待买家确认": queue.StatusPaid,
			"卖家已发货,等待买家确认": queue.StatusPaid,
			"交易成功":         queue.StatusPaid,
			"交易关闭":         queue.StatusClosed,
		},
	}
}

// mapper turns one export row into a record.
type mapper interface {
	platform() queue.Platform
	row(rec []string, line int) (Record, string)
}

// signatures recognise each platform's export by columns only it has.
var signatures = []struct {
	p    queue.Platform
	cols []string
}{
	{queue.PlatformTaobao, []string{"订单编号|主订单编号", "买家会员名", "订单状态"}},
	{queue.PlatformJD, []string{"订单号", "商品ID", "下单帐号"}},
	{queue.PlatformPDD, []string{"订单成交时间", "用户实付金额(元)"}},
	{queue.PlatformDouyin, []string{"主订单编号", "子订单编号"}},
	{queue.PlatformShopify, []string{"Name", "Financial Status", "Created at"}},
}

// expectedColumns names the key columns of every platform, for the refusal message.
func expectedColumns() string {
	var parts []string
	for _, s := range signatures {
		parts = append(parts, s.p.String()+" ("+strings.ReplaceAll(strings.Join(s.cols, ", "), "|", "/")+")")
	}
	return strings.Join(parts, "; ")
}

// hasCols reports whether the header has every column of a signature ("a|b" = either).
func hasCols(cols []string, want []string) bool {
	for _, w := range want {
		if !slices.ContainsFunc(strings.Split(w, "|"), func(a string) bool { return slices.Contains(cols, a) }) {
			return false
		}
	}
	return true
}

// mapperFor picks the mapper for a header, or refuses the file.
func mapperFor(name string, cols []string, opt Options) (mapper, error) {
	p := opt.Platform
	if p == queue.PlatformUnknown {
		for _, s := range signatures {
			if hasCols(cols, s.cols) {
				p = s.p
				break
			}
		}
	}
	statuses := DefaultStatusMap()[p]
	if over := opt.StatusMap[p]; len(over) > 0 {
		statuses = maps(statuses, over)
	}
	switch p {
	case queue.PlatformTaobao:
		return newTaobao(name, cols, opt, statuses)
	case queue.PlatformUnknown:
		return nil, &FileError{name, "no recognisable header (its columns: " + short(cols) + ")"}
	}
	return nil, &FileError{name, fmt.Sprintf("this is a %s export; cuifu imports Taobao/Tmall exports so far", p)}
}

func maps(a, b map[string]queue.Status) map[string]queue.Status {
	out := make(map[string]queue.Status, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func short(cols []string) string {
	if len(cols) > 6 {
		return strings.Join(cols[:6], ", ") + ", …"
	}
	return strings.Join(cols, ", ")
}

// taobao maps the 已卖出的宝贝 order list, both the 2017 layout (46 columns) and the 2019+
// one (61 columns): columns are found by name, never by position.
type taobao struct {
	file     string
	opt      Options
	statuses map[string]queue.Status
	// column indexes; -1 when the export lacks the column
	id, buyer, paidAmt, total, goods, post, status, message, receiver, tel, mobile,
	created, paidAt, title, note, closeReason int
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

func newTaobao(file string, cols []string, opt Options, statuses map[string]queue.Status) (*taobao, error) {
	t := &taobao{file: file, opt: opt, statuses: statuses,
		id:          columnIndex(cols, "订单编号", "订单号", "主订单编号"),
		buyer:       columnIndex(cols, "买家会员名"),
		paidAmt:     columnIndex(cols, "买家实际支付金额", "买家实付金额"),
		total:       columnIndex(cols, "总金额"),
		goods:       columnIndex(cols, "买家应付货款"),
		post:        columnIndex(cols, "买家应付邮费"),
		status:      columnIndex(cols, "订单状态"),
		message:     columnIndex(cols, "买家留言"),
		receiver:    columnIndex(cols, "收货人姓名"),
		tel:         columnIndex(cols, "联系电话"),
		mobile:      columnIndex(cols, "联系手机"),
		created:     columnIndex(cols, "订单创建时间"),
		paidAt:      columnIndex(cols, "订单付款时间"),
		title:       columnIndex(cols, "宝贝标题"),
		note:        columnIndex(cols, "订单备注"),
		closeReason: columnIndex(cols, "订单关闭原因"),
	}
	var missing []string
	for name, i := range map[string]int{"订单编号": t.id, "订单状态": t.status, "订单创建时间": t.created} {
		if i < 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, &FileError{file, "a Taobao export without the column(s) " + strings.Join(missing, ", ")}
	}
	return t, nil
}

func (t *taobao) platform() queue.Platform { return queue.PlatformTaobao }

// agentNote finds a reception agent named in a note: 接待:小美 or 客服：小美.
var agentNote = regexp.MustCompile(`(?:接待|客服)[:：]\s*([\p{Han}A-Za-z0-9_]{1,12})`)

func (t *taobao) row(rec []string, line int) (Record, string) {
	get := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return clean(rec[i])
	}
	r := Record{Platform: queue.PlatformTaobao, Line: line}
	r.ID = get(t.id)
	if r.ID == "" {
		return r, "no order number"
	}
	for _, c := range r.ID {
		if c < '0' || c > '9' {
			return r, fmt.Sprintf("order number %q is not a number", r.ID)
		}
	}
	word := get(t.status)
	st, ok := t.statuses[word]
	if !ok {
		return r, fmt.Sprintf("unknown order status %q (add it to the config's status words)", word)
	}
	var err error
	if r.Created, err = parseDate(get(t.created), t.opt.Location); err != nil || r.Created == 0 {
		return r, "订单创建时间: " + errText(err, "missing")
	}
	if r.PaidAt, err = parseDate(get(t.paidAt), t.opt.Location); err != nil {
		return r, "订单付款时间: " + err.Error()
	}
	// A closed order that had been paid was refunded: it stays in the payment history.
	if st == queue.StatusClosed && r.PaidAt != 0 {
		st = queue.StatusPaid
	}
	r.Status = st
	paid, err := queue.ParseYuan(get(t.paidAmt))
	if err != nil {
		return r, "买家实际支付金额: " + err.Error()
	}
	total, err := queue.ParseYuan(get(t.total))
	if err != nil {
		return r, "总金额: " + err.Error()
	}
	r.Amount = paid
	if r.Amount == 0 {
		r.Amount = total // an unpaid order shows what the buyer is asked to pay
	}
	if r.Shipping, err = queue.ParseYuan(get(t.post)); err != nil {
		return r, "买家应付邮费: " + err.Error()
	}
	r.Buyer = get(t.buyer)
	r.Phone = queue.NormalizePhone(get(t.mobile))
	if r.Phone == "" {
		r.Phone = queue.NormalizePhone(get(t.tel))
	}
	r.Receiver = get(t.receiver)
	r.Title = get(t.title)
	r.Flash = strings.Contains(r.Title, "聚划算") || strings.Contains(r.Title, "秒杀")
	note := get(t.note)
	if m := agentNote.FindStringSubmatch(note); m != nil {
		r.Agent = m[1]
	}
	r.Note = strings.TrimSpace(strings.Join(nonEmpty(get(t.message), note, get(t.closeReason)), " / "))
	if r.Title != "" {
		r.Items = []Item{{Title: r.Title, Quantity: 1, Price: r.Amount}}
	}
	return r, ""
}

func errText(err error, otherwise string) string {
	if err != nil {
		return err.Error()
	}
	return otherwise
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
