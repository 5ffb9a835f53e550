package ui

import (
	"strings"
	"testing"

	"cuifu/queue"
)

// TestNoScriptWhy: the detail pane says why a row has nothing to copy; for an SMS without a
// registered signature, that the signature is missing.
func TestNoScriptWhy(t *testing.T) {
	cfg := queue.DefaultConfig()
	cfg.Shop.Signature = "本店"
	if got := noScriptWhy(queue.ChannelSMS, &cfg, queue.LangZH); !strings.Contains(got, "未登记短信签名") {
		t.Errorf("a placeholder signature: %q", got)
	}
	cfg.Shop.Signature = "小美家居"
	if got := noScriptWhy(queue.ChannelSMS, &cfg, queue.LangEN); !strings.Contains(got, "no script fits") {
		t.Errorf("with a signature: %q", got)
	}
}
