package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cuifu/data"
	"cuifu/data/demo"
	"cuifu/queue"
	"cuifu/scripts"
	"cuifu/ui"
)

// syncLog is the server's log, read by the test while the server writes it.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *syncLog) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// userKey is a specialist's key pair: its keys-file line and its signer.
type userKey struct {
	line   string
	signer gossh.Signer
}

func newUserKey(t *testing.T, who string) userKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spub, _ := gossh.NewPublicKey(pub)
	signer, _ := gossh.NewSignerFromKey(priv)
	return userKey{line: who + " " + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(spub))), signer: signer}
}

func dial(addr string, k userKey) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(k.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
}

// openShell opens a session with a terminal on c, as ssh -t does: out is what the session
// prints, and ended closes when it ends.
func openShell(t *testing.T, c *gossh.Client) (out *syncLog, ended chan struct{}) {
	t.Helper()
	_, out, ended = openTerminal(t, c)
	return out, ended
}

// openTerminal is openShell with the keyboard: what is written to in is typed in the session.
func openTerminal(t *testing.T, c *gossh.Client) (in io.Writer, out *syncLog, ended chan struct{}) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out = &syncLog{}
	sess.Stdout = out
	if in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	ended = make(chan struct{})
	go func() { sess.Wait(); close(ended) }()
	return in, out, ended
}

// testServer serves a store of 20 demo orders on a loopback port until the test ends, with
// the keys of opt (set by the caller) and a log the test can read. stop ends it early.
func testServer(t *testing.T, opt Options) (addr string, log *syncLog, stop func()) {
	t.Helper()
	addr, log, stop, _ = testServerDB(t, opt)
	return addr, log, stop
}

// testServerDB is testServer that also says where its store is, for another process's
// writes.
func testServerDB(t *testing.T, opt Options) (addr string, log *syncLog, stop func(), db string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	cfg := queue.DefaultConfig()
	if err := cfg.Resolve(); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, cfg.Location)
	db = filepath.Join(dir, "team.db")
	st, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st.SetLocation(cfg.Location)
	if _, err := st.Upsert(ctx, demo.Generate(20, 1, now, cfg.Location)); err != nil {
		t.Fatal(err)
	}
	log = &syncLog{}
	ready := make(chan net.Addr, 1)
	served := make(chan error, 1)
	opt.Listen, opt.HostKey, opt.Log, opt.Ready = "127.0.0.1:0", filepath.Join(dir, "host_key"), log, func(a net.Addr) { ready <- a }
	opt.Work = ui.Options{Store: st, Advisor: scripts.Default(), Config: &cfg, Clock: queue.FixedClock{T: now}}
	go func() { served <- Serve(ctx, opt) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-served; st.Close() }) }
	t.Cleanup(stop)
	return (<-ready).String(), log, stop, db
}

// The keys file is read again when it changes: a new specialist's key gets in without a
// restart; a file with a bad line is logged with the line's number and the keys in use stay;
// a removed key gets in no more, while its session already open stays.
func TestKeysFileIsReadAgain(t *testing.T) {
	dir := t.TempDir()
	a, b := newUserKey(t, "小美"), newUserKey(t, "新人")
	path := filepath.Join(dir, "keys.txt")
	write := func(lines ...string) {
		t.Helper()
		// Written aside and renamed in, as an editor saves: the server never reads half a file.
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	write("# the team", a.line)
	keys, err := ReadKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	addr, log, _ := testServer(t, Options{Keys: keys, KeysFile: path, KeysEvery: 20 * time.Millisecond})
	reloads := func() int { return strings.Count(log.String(), " reloaded:") }
	waitLog := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 5 s; the log:\n%s", what, log)
			}
		}
	}

	if c, err := dial(addr, b); err == nil {
		c.Close()
		t.Fatal("a key not in the file got in")
	}
	open, err := dial(addr, a)
	if err != nil {
		t.Fatalf("a listed key was refused: %v", err)
	}
	defer open.Close()
	_, ended := openShell(t, open)

	write("# the team", a.line, b.line)
	waitLog("the new key's reload", func() bool { return reloads() == 1 })
	if !strings.Contains(log.String(), "2 keys (1 new, 0 removed)") {
		t.Errorf("the reload is not logged with what changed:\n%s", log)
	}
	c, err := dial(addr, b)
	if err != nil {
		t.Fatalf("the key added to the file is refused: %v", err)
	}
	c.Close()

	write("# the team", "小美:boss "+strings.SplitN(a.line, " ", 2)[1], b.line)
	waitLog("the bad file's error", func() bool { return strings.Contains(log.String(), "not reloaded") })
	if l := log.String(); !strings.Contains(l, "line 2") || !strings.Contains(l, "the 2 keys in use stay") {
		t.Errorf("the bad file's error does not name its line and the keys kept:\n%s", l)
	}
	for _, k := range []userKey{a, b} {
		c, err := dial(addr, k)
		if err != nil {
			t.Fatalf("after a bad keys file a key in use was refused: %v", err)
		}
		c.Close()
	}

	write("# the team", b.line)
	waitLog("the removal's reload", func() bool { return reloads() == 2 })
	if c, err := dial(addr, a); err == nil {
		c.Close()
		t.Fatal("a key removed from the file still gets in")
	}
	select {
	case <-ended:
		t.Errorf("the session of the removed key, open before, ended:\n%s", log)
	case <-time.After(500 * time.Millisecond):
	}
}

// oneSession serves 小美 alone (testServer) and opens her session, once the workstation has
// drawn: c is her connection, out and ended her session's (openShell), log and stop the
// server's.
func oneSession(t *testing.T) (c *gossh.Client, out *syncLog, ended chan struct{}, log *syncLog, stop func()) {
	t.Helper()
	a := newUserKey(t, "小美")
	keys, err := ParseKeys(strings.NewReader(a.line))
	if err != nil {
		t.Fatal(err)
	}
	addr, log, stop := testServer(t, Options{Keys: keys})
	if c, err = dial(addr, a); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	out, ended = openShell(t, c)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "待催"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the workstation did not draw; the log:\n%s", log)
		}
	}
	return c, out, ended, log, stop
}
