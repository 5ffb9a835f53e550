package serve

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
	"cuifu/ui"
)

const (
	keyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBzQ0pq8GNx6t1l9FZyY0q5XxMZT2cqRn4M0mZk6Xx4a a@pc1"
	keyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqfJ8rD8wU0V0a1lZpBB0qg2Yb1RkQyQm4s9mQ2bqvL"
)

func TestParseKeys(t *testing.T) {
	ks, err := ParseKeys(strings.NewReader("# the team\n\n小美 " + keyA + "\n阿强:supervisor:en " + keyB + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 2 {
		t.Fatalf("got %d keys, want 2", len(ks))
	}
	if ks[0].Name != "小美" || ks[0].Role != Specialist || ks[0].HasLang {
		t.Errorf("first key = %+v", ks[0])
	}
	if ks[1].Name != "阿强" || ks[1].Role != Supervisor || !ks[1].HasLang || ks[1].Lang != queue.LangEN {
		t.Errorf("second key = %+v", ks[1])
	}
	if k, ok := ks.Find(ks[1].Public); !ok || k.Name != "阿强" {
		t.Errorf("Find(second) = %+v, %v", k, ok)
	}
}

func TestParseKeysRefusesBadLines(t *testing.T) {
	for name, line := range map[string]string{
		"no key":        "小美",
		"bad role":      "小美:boss " + keyA,
		"bad language":  "小美::fr " + keyA,
		"bad key":       "小美 ssh-ed25519 notbase64",
		"empty name":    ":supervisor " + keyA,
		"control chars": "小\x1b[2J美 " + keyA,
		"listed twice":  "小美 " + keyA + "\n阿强 " + keyA,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseKeys(strings.NewReader(line + "\n"))
			if err == nil {
				t.Fatalf("%q was accepted", line)
			}
			if !strings.Contains(err.Error(), "line ") {
				t.Errorf("error %q does not name the line", err)
			}
			if strings.ContainsRune(err.Error(), 0x1b) {
				t.Errorf("error %q carries a raw escape", err)
			}
		})
	}
}

func TestLangOfLocale(t *testing.T) {
	for _, c := range []struct {
		v    string
		want queue.Lang
		ok   bool
	}{
		{"zh_CN.UTF-8", queue.LangZH, true},
		{"en_US.UTF-8", queue.LangEN, true},
		{"C.UTF-8", queue.LangZH, false},
		{"", queue.LangZH, false},
	} {
		if got, ok := langOfLocale(c.v); got != c.want || ok != c.ok {
			t.Errorf("langOfLocale(%q) = %v, %v; want %v, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

// fakeSession records what the hub sends it.
type fakeSession struct {
	mu   sync.Mutex
	msgs []tea.Msg
	quit bool
}

func (f *fakeSession) Send(m tea.Msg) { f.mu.Lock(); f.msgs = append(f.msgs, m); f.mu.Unlock() }
func (f *fakeSession) Quit()          { f.mu.Lock(); f.quit = true; f.mu.Unlock() }
func (f *fakeSession) changed() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, m := range f.msgs {
		if _, ok := m.(ui.StoreChangedMsg); ok {
			n++
		}
	}
	return n
}

// failingStore fails every write when fail is set; reads are not used here.
type failingStore struct {
	ui.Store
	fail bool
}

func (s failingStore) Append(_ context.Context, e queue.Event) (queue.Event, error) {
	if s.fail {
		return e, errors.New("refused")
	}
	return e, nil
}

func (s failingStore) Claim(ctx context.Context, e queue.Event) (queue.Event, error) {
	return s.Append(ctx, e)
}

func (s failingStore) Revoke(ctx context.Context, e queue.Event, _ *queue.RosterConfig) (queue.Event, error) {
	return s.Append(ctx, e)
}

func waitChanged(t *testing.T, f *fakeSession, want int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for f.changed() != want {
		if time.Now().After(deadline) {
			t.Fatalf("session got %d change notices, want %d", f.changed(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A write through one session's store (a contact, a claim, an undo) reaches every session on
// the hub at once; a refused write reaches none, and a session that left hears nothing more.
func TestHubAnnouncesWrites(t *testing.T) {
	h := newHub()
	a, b := &fakeSession{}, &fakeSession{}
	h.join(a)
	h.join(b)
	s := h.store(failingStore{})
	if _, err := s.Append(context.Background(), queue.Event{}); err != nil {
		t.Fatal(err)
	}
	waitChanged(t, a, 1)
	waitChanged(t, b, 1)
	if _, err := s.Claim(context.Background(), queue.Event{}); err != nil {
		t.Fatal(err)
	}
	waitChanged(t, b, 2)
	if _, err := s.Revoke(context.Background(), queue.Event{}, nil); err != nil { // an undo
		t.Fatal(err)
	}
	waitChanged(t, a, 3)
	h.leave(a)
	if _, err := h.store(failingStore{fail: true}).Append(context.Background(), queue.Event{}); err == nil {
		t.Fatal("the failing write succeeded")
	}
	if _, err := s.Append(context.Background(), queue.Event{}); err != nil {
		t.Fatal(err)
	}
	waitChanged(t, b, 4)
	time.Sleep(20 * time.Millisecond)
	if n := a.changed(); n != 3 {
		t.Errorf("a session that left got %d notices, want the 3 from before it left", n)
	}
	if n := h.quitAll(); n != 1 {
		t.Errorf("quitAll told %d sessions, want 1", n)
	}
}

// The board's roster lists who is connected, longest first, with the order each is on, and
// forgets a session that left.
func TestHubRoster(t *testing.T) {
	h := newHub()
	t0 := time.Date(2026, 11, 11, 9, 0, 0, 0, time.UTC)
	h.arrive("s2", Key{Name: "阿强", Role: Supervisor}, t0.Add(time.Minute))
	h.arrive("s1", Key{Name: "小美"}, t0)
	h.on("s1", queue.OrderKey{Platform: queue.PlatformTaobao, ID: "123"}, true)
	h.on("gone", queue.OrderKey{ID: "x"}, true) // a session that never arrived changes nothing
	r := h.roster()
	if len(r) != 2 || r[0].key.Name != "小美" || r[1].key.Name != "阿强" {
		t.Fatalf("roster = %+v", r)
	}
	if !r[0].hasOrder || r[0].order.ID != "123" || r[1].hasOrder {
		t.Errorf("orders on the roster = %+v", r)
	}
	h.depart("s1")
	if r := h.roster(); len(r) != 1 || r[0].id != "s2" {
		t.Errorf("after s1 left: %+v", r)
	}
}
