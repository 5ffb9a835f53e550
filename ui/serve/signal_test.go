//go:build unix

package serve

import (
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"cuifu/queue/words"
)

// TestSessionsLeaveSignalsToTheServer: a SIGTERM or SIGINT to the server's process is the
// server's to handle, in its order: it marks the shutdown, tells each session why and closes
// them. Before, each session's program caught the signal too and quit on its own, racing the
// server, so a specialist's screen went blank with no word of why.
func TestSessionsLeaveSignalsToTheServer(t *testing.T) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT) // the test process lives on
	defer signal.Stop(sig)
	c, out, ended, log, stop := oneSession(t)

	for _, s := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		if err := syscall.Kill(os.Getpid(), s); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ended:
			t.Fatalf("the session quit on its own on %v; the log:\n%s", s, log)
		case <-time.After(700 * time.Millisecond):
		}
	}
	go stop() // what the server does on the signal it catches
	select {
	case <-ended:
		c.Close() // a client goes once its session ends, so the server stops at once
	case <-time.After(10 * time.Second):
		t.Fatalf("the server's shutdown did not end the session; the log:\n%s", log)
	}
	if want := words.For(words.ZH).ServeShutdown; !strings.Contains(out.String(), want) {
		t.Fatalf("the session was not told of the shutdown (%q)", want)
	}
}
