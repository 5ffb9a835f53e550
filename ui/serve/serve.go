package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/ui"
)

// DefaultListen is where the server listens unless told otherwise.
const DefaultListen = ":2222"

// Options configure the server. The workstation options (store, advisor, config, clock,
// inbox) are shared by every session; each session fills in its own operator and language.
type Options struct {
	Listen  string // ADDR to listen on
	HostKey string // the host's private key; made on the first run
	Keys    Keys   // who may connect
	// KeysFile is where Keys were read from: it is read again when it changes (every
	// KeysEvery, DefaultKeysEvery when 0). "" keeps Keys as given.
	KeysFile  string
	KeysEvery time.Duration
	Lang      queue.Lang
	Work      ui.Options
	Log       io.Writer // connections, refusals and shutdown; never the store's contents
	// Replay loads today's replay, for the supervisors' board; nil leaves the board out.
	Replay func(ctx context.Context) (*ui.ReplayData, error)
	// Ready, when set, receives the listener's address once the server accepts connections.
	Ready func(addr net.Addr)
}

type ctxKey struct{}

// Server is a running team server.
type Server struct {
	opt     Options
	hub     *hub
	shared  *ui.Shared           // the one queue every session reads
	keys    atomic.Pointer[Keys] // who may connect now: the keys file's last good reading
	closing atomic.Bool
	logMu   sync.Mutex
}

// Serve listens and serves sessions until ctx ends, then tells every session, waits for them
// to close, and returns. The caller closes the store after it returns.
func Serve(ctx context.Context, opt Options) error {
	if opt.Listen == "" {
		opt.Listen = DefaultListen
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if err := ensureHostKey(opt.HostKey); err != nil {
		return err
	}
	s := &Server{opt: opt, hub: newHub(), shared: ui.NewShared(opt.Work.Store, opt.Work.Config)}
	s.keys.Store(&opt.Keys)
	if w, ok := opt.Work.Store.(ui.WaitNotifier); ok {
		// A write that waits on another process's import says so in every session.
		w.OnWait(s.hub.waiting)
		defer w.OnWait(nil)
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(opt.HostKey),
		wish.WithPublicKeyAuth(s.auth),
		wish.WithMiddleware(
			s.farewell,
			bubbletea.MiddlewareWithProgramHandler(s.program),
			s.needTerminal,
			s.logSession,
		),
	)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln, err := net.Listen("tcp", opt.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// One queue for every session, kept current by one look at the store for them all; it
	// stops after the sessions, before the caller closes the store.
	qctx, stopQueue := context.WithCancel(context.Background())
	queueDone := make(chan struct{})
	go func() {
		defer close(queueDone)
		s.shared.Run(qctx)
	}()
	defer func() {
		stopQueue()
		<-queueDone
	}()
	if opt.KeysFile != "" {
		kctx, stopKeys := context.WithCancel(ctx)
		defer stopKeys()
		go s.watchKeys(kctx)
	}
	s.logf("listening on %s (%d keys)", ln.Addr(), len(opt.Keys))
	if opt.Ready != nil {
		opt.Ready(ln.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.closing.Store(true)
	s.logf("shutting down: %d sessions told", s.hub.quitAll())
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		srv.Close()
	}
	<-done
	s.logf("stopped")
	return nil
}

// ensureHostKey makes the host key on the first run, readable by the owner only, and
// refuses a key that others can read.
func ensureHostKey(path string) error {
	if path == "" {
		return errors.New("serve: no host key path")
	}
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		// wish writes the key when it is missing; the mode is checked (and tightened) below.
		if _, err := wish.NewServer(wish.WithHostKeyPath(path)); err != nil {
			return fmt.Errorf("serve: host key %s: %w", path, err)
		}
		if err := os.Chmod(path, 0o600); err != nil {
			return fmt.Errorf("serve: host key %s: %w", path, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("serve: host key %s: %w", path, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("serve: host key %s can be read by others (mode %o): chmod 600 it", path, fi.Mode().Perm())
	}
	return nil
}

// auth lets in only the keys of the keys file, and logs every refusal.
func (s *Server) auth(ctx ssh.Context, key ssh.PublicKey) bool {
	k, ok := s.currentKeys().Find(key)
	if !ok {
		s.logf("refused key %s from %s (user %q)", fingerprint(key), ctx.RemoteAddr(), queue.Sanitize(ctx.User()))
		return false
	}
	ctx.SetValue(ctxKey{}, k)
	return true
}

// currentKeys are the keys that may connect now.
func (s *Server) currentKeys() Keys { return *s.keys.Load() }

// needTerminal turns away a session without a terminal with a message it can read.
func (s *Server) needTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, fmt.Sprintf(words.For(s.lang(sess)).ServeNoPTY, s.connectHint(sess)))
			return
		}
		next(sess)
	}
}

// connectHint is the command that connects to this server with a terminal.
func (s *Server) connectHint(sess ssh.Session) string {
	_, port, err := net.SplitHostPort(sess.LocalAddr().String())
	if err != nil {
		port = "2222"
	}
	return "ssh -t -p " + port + " HOST"
}

// logSession logs who connected and for how long.
func (s *Server) logSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		k, _ := sess.Context().Value(ctxKey{}).(Key)
		start := time.Now()
		s.logf("%s (%s) connected from %s", k.Name, k.Role, sess.RemoteAddr())
		next(sess)
		s.logf("%s disconnected from %s after %s", k.Name, sess.RemoteAddr(), time.Since(start).Round(time.Second))
	}
}

// farewell runs after a session's workstation has closed: on a shutdown it says why.
func (s *Server) farewell(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if s.closing.Load() {
			wish.Println(sess, words.For(s.lang(sess)).ServeShutdown)
		}
		next(sess)
	}
}

// program makes the session's own workstation: its operator from the key, its language from
// the key or the session's LANG, its size and colours from the session's terminal.
func (s *Server) program(sess ssh.Session) *tea.Program {
	k, ok := sess.Context().Value(ctxKey{}).(Key)
	if !ok {
		return nil
	}
	opt := s.opt.Work
	opt.Operator = k.Name
	opt.Lang = s.lang(sess)
	opt.Session = sessionID()
	opt.Store = s.hub.store(opt.Store)
	opt.Board = k.Role == Supervisor && s.opt.Replay != nil // the member opens it with ctrl+b
	opt.Shared = s.shared
	opt.Context = sess.Context()
	m := newMember(ui.New(opt), opt.Session, k, s.hub, opt, s.opt.Replay)
	// The server's signals are the server's: Serve marks the shutdown, tells each session why
	// and quits them. A program catching SIGTERM itself would quit first, without a word.
	// The session's context is the workstation's (its commands stop with it), not the
	// program's: the middleware quits the program when the session ends, and a program
	// killed by its context exits with an error, which the library logs for every connection
	// a specialist closes.
	p := tea.NewProgram(m, append(bubbletea.MakeOptions(sess), tea.WithoutSignalHandler())...)
	s.hub.join(p)
	s.hub.arrive(opt.Session, k, m.since)
	go func() {
		<-sess.Context().Done()
		s.hub.leave(p)
		s.hub.depart(opt.Session)
	}()
	return p
}

// lang is the session's language: the key's own, else the session's LANG, else the server's.
func (s *Server) lang(sess ssh.Session) queue.Lang {
	if k, ok := sess.Context().Value(ctxKey{}).(Key); ok && k.HasLang {
		return k.Lang
	}
	for _, e := range sess.Environ() {
		if v, ok := strings.CutPrefix(e, "LANG="); ok {
			if l, ok := langOfLocale(v); ok {
				return l
			}
		}
	}
	return s.opt.Lang
}

// langOfLocale reads a POSIX locale such as zh_CN.UTF-8 or en_US.UTF-8. C and POSIX say
// nothing about the language.
func langOfLocale(v string) (queue.Lang, bool) {
	switch {
	case strings.HasPrefix(v, "zh"):
		return queue.LangZH, true
	case strings.HasPrefix(v, "en"):
		return queue.LangEN, true
	}
	return queue.LangZH, false
}

func (s *Server) logf(format string, a ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opt.Log, "%s cuifu serve: %s\n", time.Now().Format(time.RFC3339), fmt.Sprintf(format, a...))
}

func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return "(none)"
	}
	return gossh.FingerprintSHA256(k)
}

func sessionID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "ssh-" + hex.EncodeToString(b[:])
}
