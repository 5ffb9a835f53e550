package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// TestDetailHeaderShowsNoRawEscapesOrPhones: an export's nick with a screen clear, an OSC 52
// clipboard write and colour codes reaches the detail pane escaped, and a buyer known only
// by phone (an old store's tel: nick) is shown masked.
func TestDetailHeaderShowsNoRawEscapesOrPhones(t *testing.T) {
	cfg := queue.DefaultConfig()
	st := NewStyles(true)
	for _, b := range []queue.Buyer{
		{Nick: "evil\x1b[2J\x1b]52;c;aGk=\a\x1b[31m红", Phone: "13912345678"},
		{Nick: "tel:13912345678", Phone: "13912345678"},
	} {
		snap := &queue.Snapshot{Buyers: []queue.Buyer{b}, Orders: []queue.Order{{ID: "1", Title: "羽绒服\x1b[5m", Amount: 100, Created: shopNow.Unix(), Platform: queue.PlatformDouyin, Agent: -1}}}
		p := &detailPane{w: 100, h: 10, st: &st, lang: queue.LangZH, snap: snap, cfg: &cfg, now: shopNow, row: &queue.Row{},
			detail: &data.Detail{Receiver: "丁小明", Phone: "13912345678"}}
		view := p.View()
		for _, bad := range []string{"\x1b[2J", "\x1b]52", "\a", "\x1b[31m红", "\x1b[5m", "13912345678"} {
			if strings.Contains(view, bad) {
				t.Errorf("nick %q: the detail pane shows %q:\n%q", b.Nick, bad, view)
			}
		}
	}
}

// TestFilterTakesShopifyIDsWithOrWithoutHash: the merchant's #1001 and a bare 1001 both find
// the Shopify order #1001, and an order an older store keeps as 1001.
func TestFilterTakesShopifyIDsWithOrWithoutHash(t *testing.T) {
	s := &queue.Snapshot{Buyers: []queue.Buyer{{Nick: "amy@example.com"}},
		Orders: []queue.Order{{ID: "#1001", Platform: queue.PlatformShopify}, {ID: "1001", Platform: queue.PlatformShopify}, {ID: "7007", Platform: queue.PlatformTaobao}}}
	for _, text := range []string{"#1001", "1001"} {
		if got := filterOrders(s, text); !got[0] || !got[1] || got[2] {
			t.Errorf("filter %q matches %v", text, got)
		}
	}
}

// TestWorkstationShowsNoRawEscapes: an operator name and a buyer's nick with a screen clear,
// an OSC 52 clipboard write and colour codes reach the workstation's screen escaped.
func TestWorkstationShowsNoRawEscapes(t *testing.T) {
	st := &fakeStore{snap: testSnapshot()}
	for i := range st.snap.Buyers { // whichever order is selected, its buyer is hostile
		st.snap.Buyers[i].Nick = "evil\x1b[2J\x1b]52;c;aGk=\a\x1b[31m红"
	}
	m := New(Options{Store: st, Config: testConfig(), Clock: queue.FixedClock{T: shopNow},
		Operator: "小美\x1b[2J\x1b[31m", Session: "s1", Lang: queue.LangZH})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
	settle(m, cmd)
	view := m.View().Content
	for _, bad := range []string{"\x1b[2J", "\x1b]52", "\a", "\x1b[31m红", "\x1b[31m\x1b"} {
		if strings.Contains(view, bad) {
			t.Errorf("the screen carries %q", bad)
		}
	}
}

// filterOrders runs a list job's filter over every order of s and says which it shows.
func filterOrders(s *queue.Snapshot, text string) []bool {
	rows := make([]queue.Row, len(s.Orders))
	for i := range rows {
		rows[i].Order = int32(i)
	}
	msg := listJob{snap: s, rows: rows, filter: strings.ToLower(text)}.run().(listedMsg)
	got := make([]bool, len(s.Orders))
	for _, r := range msg.shown {
		got[r.Order] = true
	}
	return got
}

// TestWorkstationNeverShowsAnEmail: customers known only by an e-mail (Shopify) are shown on
// the workstation's queue, in its detail pane and by the copy-the-buyer key by a neutral id
// or the customer's name, never by the address, masked or not; the e-mail stays their
// identity.
func TestWorkstationNeverShowsAnEmail(t *testing.T) {
	st := &fakeStore{snap: testSnapshot()}
	for i := range st.snap.Buyers {
		st.snap.Buyers[i].Nick = fmt.Sprintf("customer%d@example.com", i)
	}
	for i := range st.snap.Orders {
		st.snap.Orders[i].Platform = queue.PlatformShopify
	}
	for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
		m := New(Options{Store: st, Config: testConfig(), Clock: queue.FixedClock{T: shopNow}, Operator: "小美", Session: "s1", Lang: lang})
		m.Init()
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
		_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
		settle(m, cmd)
		views := []string{m.View().Content}
		m.Update(tea.KeyPressMsg{Code: 'Y', Text: "Y"}) // copy the buyer: the answer names them
		views = append(views, m.View().Content)
		if copied, _, _ := strings.Cut(m.wd.Copied, "%s"); !strings.Contains(views[1], copied) {
			t.Fatalf("%v: Y did not copy the buyer:\n%s", lang, views[1])
		}
		for i, v := range views {
			if strings.Contains(v, "@") || strings.Contains(v, "example.com") {
				t.Errorf("%v, view %d shows an e-mail:\n%s", lang, i, v)
			}
		}
	}
	snap := &queue.Snapshot{Buyers: []queue.Buyer{{Nick: "amy@example.com"}}, Orders: []queue.Order{{ID: "#1001", Amount: 100, Created: shopNow.Unix(), Platform: queue.PlatformShopify, Agent: -1}}}
	cfg := queue.DefaultConfig()
	s := NewStyles(true)
	for _, receiver := range []string{"Amy Lee", ""} {
		p := &detailPane{w: 100, h: 10, st: &s, lang: queue.LangZH, snap: snap, cfg: &cfg, now: shopNow, row: &queue.Row{},
			detail: &data.Detail{Receiver: receiver}}
		view := p.View()
		want := "Amy Lee"
		if receiver == "" {
			want = "顾客" + queue.BuyerTag("amy@example.com")
		}
		if strings.Contains(view, "@") || !strings.Contains(view, want) || strings.Count(view, "Amy Lee") > 1 {
			t.Errorf("receiver %q: the detail pane does not show %q once, and no e-mail:\n%s", receiver, want, view)
		}
	}
}

// TestRevealOfNothingIsNotLogged: v on a buyer whose phone came masked (139****5678) or
// empty logs no reveal and says so; with a full phone, or a full phone written in the
// buyer's message, the reveal is logged, and so it is before the order's detail is read
// (its texts are not known yet).
func TestRevealOfNothingIsNotLogged(t *testing.T) {
	for _, tt := range []struct {
		name   string
		order  int // of testSnapshot
		detail *data.Detail
		logged bool
	}{
		{"masked", 1, &data.Detail{Phone: "139****5678"}, false},
		{"empty", 3, &data.Detail{Phone: ""}, false},
		{"masked, a contact's note masked too", 1, &data.Detail{Phone: "139****5678",
			History: []queue.Event{{ID: 1, Kind: queue.EventContact, Note: "买家说打 139****5678"}}}, false},
		{"full", 0, &data.Detail{Phone: "13800001234"}, true},
		{"masked, a full phone in the message", 1, &data.Detail{Phone: "139****5678", Note: "联系我 13912345678"}, true},
		{"masked, an e-mail in a contact's note", 3, &data.Detail{History: []queue.Event{{ID: 1, Kind: queue.EventContact,
			Note: "邮箱 foo.bar@qq.com"}}}, true},
		{"detail not read yet", 1, nil, true},
	} {
		for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
			m, st := newTest(t, 100, 30, lang)
			k := m.snap.Orders[tt.order].Key()
			for i := 0; m.selected != k; i++ {
				if i > len(m.snap.Orders) {
					t.Fatalf("%s: order %d not in the list", tt.name, tt.order)
				}
				settle(m, press(m, "j")...)
			}
			if tt.detail != nil {
				m.Update(detailMsg{key: k, d: *tt.detail})
			} else {
				m.detail, m.detailKey = nil, queue.OrderKey{}
			}
			settle(m, press(m, "v")...)
			reveals := 0
			for _, e := range st.events {
				if e.Kind == queue.EventReveal {
					reveals++
				}
			}
			said := strings.Contains(screen(m), fmt.Sprintf(words.For(lang).NothingToReveal, k.ID))
			if tt.logged && (reveals != 1 || said || !m.revealed[k]) {
				t.Errorf("%s %v: %d reveals logged, revealed %v, said nothing to reveal %v; want one", tt.name, lang, reveals, m.revealed[k], said)
			}
			if !tt.logged && (reveals != 0 || !said || m.revealed[k]) {
				t.Errorf("%s %v: %d reveals logged, revealed %v, said nothing to reveal %v; want none, said:\n%s", tt.name, lang, reveals, m.revealed[k], said, screen(m))
			}
		}
	}
}
