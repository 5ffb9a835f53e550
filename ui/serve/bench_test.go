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
	"runtime"
	"slices"
	"strconv"
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

// benchClient is one specialist's OpenSSH-like client, in process: a PTY session whose
// output is watched for the first bytes after each key.
type benchClient struct {
	in   io.Writer
	mu   sync.Mutex
	last time.Time // when output last arrived
	n    int64     // bytes received
	seen bool      // the queue's header has been drawn
}

func (c *benchClient) read(r io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			c.last, c.n = time.Now(), c.n+int64(n)
			c.seen = c.seen || bytes.Contains(buf[:n], []byte("待催"))
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// quiet waits until no output has arrived for d.
func (c *benchClient) quiet(d time.Duration) {
	for {
		c.mu.Lock()
		since := time.Since(c.last)
		c.mu.Unlock()
		if since >= d {
			return
		}
		time.Sleep(d - since)
	}
}

// keyToFrame sends a key and returns how long the first bytes of the new frame took.
func (c *benchClient) keyToFrame(k string) time.Duration {
	c.mu.Lock()
	before := c.n
	c.mu.Unlock()
	start := time.Now()
	if _, err := io.WriteString(c.in, k); err != nil {
		return time.Hour
	}
	for {
		c.mu.Lock()
		n, at := c.n, c.last
		c.mu.Unlock()
		if n > before {
			return at.Sub(start)
		}
		if time.Since(start) > 5*time.Second {
			return time.Hour
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// BenchmarkTeamSessions serves a 100,000-order store to 20 sessions on loopback, each its
// own specialist (three of them own orders of the export), so no ranking can be shared. It
// reports the median time from a key to the first bytes of its frame at each client, with
// all 20 pressing keys at once (frame-ms); the live heap after collection each session
// beyond the first costs (heap-MB/extra-session: the shared queue is in the first's figure,
// heap-MB/one-session, and in no other), and rss-MB/extra-session for the whole process.
// Each run ends its server and sessions before the next starts, so no run measures
// another's memory.
//
//	go test ./ui/serve -run '^$' -bench TeamSessions -benchtime 5x
func BenchmarkTeamSessions(b *testing.B) {
	const orders, sessions = 100_000, 20
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := b.TempDir()
	cfg := queue.DefaultConfig()
	if err := cfg.Resolve(); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, cfg.Location)
	db := filepath.Join(dir, "team.db")
	st, err := data.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	st.SetLocation(cfg.Location)
	if _, err := st.Upsert(ctx, demo.Generate(orders, 1, now, cfg.Location)); err != nil {
		b.Fatal(err)
	}
	// Closing waits for the snapshot file the import saves in the background, so the
	// memory measured below is the sessions', not the import's.
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if st, err = data.Open(ctx, db); err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	st.SetLocation(cfg.Location)
	var keys Keys
	var signers []gossh.Signer
	for i := range sessions {
		pub, priv, _ := ed25519.GenerateKey(rand.Reader)
		spub, _ := gossh.NewPublicKey(pub)
		signer, _ := gossh.NewSignerFromKey(priv)
		name := "专员" + strconv.Itoa(i+1)
		if i < 3 {
			name = []string{"小美", "阿杰", "婷婷"}[i] // the export's reception agents
		}
		keys, signers = append(keys, Key{Name: name, Public: spub}), append(signers, signer)
	}
	ready := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, Options{
			Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "host_key"),
			Keys:  keys,
			Work:  ui.Options{Store: st, Advisor: scripts.Default(), Config: &cfg, Clock: queue.FixedClock{T: now}},
			Ready: func(a net.Addr) { ready <- a },
		})
	}()
	addr := (<-ready).String()
	var conns []*gossh.Client
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		cancel()
		<-served // the sessions and the shared queue are gone before the next run
	}()
	connect := func(signer gossh.Signer) *benchClient {
		conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "bench", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		conns = append(conns, conn)
		s, err := conn.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
			b.Fatal(err)
		}
		in, _ := s.StdinPipe()
		out, _ := s.StdoutPipe()
		c := &benchClient{in: in, last: time.Now()}
		go c.read(out)
		if err := s.Shell(); err != nil {
			b.Fatal(err)
		}
		// The first frame with the queue comes after the snapshot loads.
		deadline := time.Now().Add(time.Minute)
		for {
			c.mu.Lock()
			seen := c.seen
			c.mu.Unlock()
			if seen {
				break
			}
			if time.Now().After(deadline) {
				b.Fatal("the queue never showed")
			}
			time.Sleep(10 * time.Millisecond)
		}
		c.quiet(300 * time.Millisecond)
		return c
	}
	var clients []*benchClient
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	// Memory is measured when the sessions are settled: a second with no output means no
	// load, tally or detail is still on its way (their memory is a query's, not a session's).
	settled := func() (uint64, int64) {
		for _, c := range clients {
			c.quiet(time.Second)
		}
		return heap(), rss()
	}
	clients = append(clients, connect(signers[0]))
	one, oneRSS := settled()
	for len(clients) < sessions {
		clients = append(clients, connect(signers[len(clients)]))
	}
	all, allRSS := settled()
	var lat []time.Duration
	var mu sync.Mutex
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		for _, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := "j"
				if i%2 == 1 {
					k = "k"
				}
				d := c.keyToFrame(k)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}()
		}
		wg.Wait()
		for _, c := range clients {
			c.quiet(100 * time.Millisecond)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "frame-ms")
	b.ReportMetric(float64(one)/(1<<20), "heap-MB/one-session")
	b.ReportMetric(float64(int64(all)-int64(one))/float64(sessions-1)/(1<<20), "heap-MB/extra-session")
	b.ReportMetric(float64(allRSS-oneRSS)/float64(sessions-1)/(1<<20), "rss-MB/extra-session")
}

// rss is the process's resident memory in bytes (Linux; 0 elsewhere), which also counts
// what the Go heap does not: the memory-mapped snapshot file and the SSH buffers.
func rss() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
