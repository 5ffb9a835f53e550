package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/queue/words"
	"cuifu/ui"
)

// TestAWriteWaitingOnAnImportSaysSo: while another process imports, a contact logged in a
// session waits for the import's write lock. The single workstation says 等待导入完成 after
// a second; a team session said nothing at all: with a 200,000-row import the status line
// stayed empty for 25 s after a s, until 已记录 came. Every session now hears that writes
// wait, and the contact is logged once the import is through.
func TestAWriteWaitingOnAnImportSaysSo(t *testing.T) {
	a := newUserKey(t, "小美")
	keys, err := ParseKeys(strings.NewReader(a.line))
	if err != nil {
		t.Fatal(err)
	}
	addr, log, _, db := testServerDB(t, Options{Keys: keys})
	c, err := dial(addr, a)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	in, out, _ := openTerminal(t, c)
	waitFor := func(what string, within time.Duration) {
		t.Helper()
		for deadline := time.Now().Add(within); !strings.Contains(out.String(), what); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the session never said %q; the log:\n%s", what, log)
			}
		}
	}
	waitFor("待催", 10*time.Second)

	ctx := context.Background()
	other, err := data.Open(ctx, db) // another process, importing
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	im, err := other.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	held := true
	defer func() {
		if held {
			im.Rollback()
		}
	}()
	if _, err := in.Write([]byte("a")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the menu opens
	if _, err := in.Write([]byte("s")); err != nil {
		t.Fatal(err)
	}
	waitFor(words.For(words.ZH).WaitImport, 6*time.Second)
	held = false
	if err := im.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitFor("已记录", 15*time.Second)
}

// TestHubSaysWhileAnyWriteWaits: two sessions' writes wait on one import; each session
// hears once that writes wait, and that they are through only when the last one is.
func TestHubSaysWhileAnyWriteWaits(t *testing.T) {
	h := newHub()
	a := &fakeSession{}
	h.join(a)
	heard := func() []ui.StoreWaitMsg {
		time.Sleep(20 * time.Millisecond) // each notice is sent on its own goroutine
		a.mu.Lock()
		defer a.mu.Unlock()
		var out []ui.StoreWaitMsg
		for _, m := range a.msgs {
			if w, ok := m.(ui.StoreWaitMsg); ok {
				out = append(out, w)
			}
		}
		return out
	}
	h.waiting(true)
	h.waiting(true)
	h.waiting(false)
	if got := heard(); len(got) != 1 || !got[0] {
		t.Fatalf("with one write still waiting the session heard %v, want [true]", got)
	}
	h.waiting(false)
	h.waiting(false) // a stray one changes nothing
	if got := heard(); len(got) != 2 || got[1] {
		t.Fatalf("once no write waits the session heard %v, want [true false]", got)
	}
}
