package cli

import (
	"bytes"
	"testing"

	"cuifu/queue"
)

// TestWaitNoticeSaysTheWriteWaits: a command whose write waits on another process's import
// says so on its error output (not a terminal here: a line of its own), once.
func TestWaitNoticeSaysTheWriteWaits(t *testing.T) {
	for _, tc := range []struct {
		l    queue.Lang
		want string
	}{{queue.LangZH, "等待导入完成…\n"}, {queue.LangEN, "waiting for the import to finish…\n"}} {
		var b bytes.Buffer
		f := waitNotice(&b, tc.l)
		f(true)
		f(false)
		if b.String() != tc.want {
			t.Errorf("%v: %q, want %q", tc.l, b.String(), tc.want)
		}
	}
}
