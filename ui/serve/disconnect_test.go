package serve

import (
	"os"
	"strings"
	"testing"
	"time"

	"charm.land/log/v2"
)

// TestADroppedSessionLogsNoError: a specialist who closes the connection ends their session
// quietly. The server logs that they left, and the SSH library logs no error: a closed
// connection is how a shift ends, not a failure for the host's log.
func TestADroppedSessionLogsNoError(t *testing.T) {
	var lib syncLog // the SSH library's own log, which the server does not own
	log.SetOutput(&lib)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	c, _, ended, served, _ := oneSession(t)
	c.Close()
	<-ended
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(served.String(), " disconnected from "); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server never saw the session end; its log:\n%s", served)
		}
	}
	if s := lib.String(); strings.Contains(s, "error") || strings.Contains(s, "ERRO") {
		t.Fatalf("a dropped connection logged an error:\n%s", s)
	}
}
