package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigErrorNamesFileAndKey loads a config file with a negative cooldown: the error
// names the file and the key.
func TestConfigErrorNamesFileAndKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cuifu.toml")
	if err := os.WriteFile(path, []byte("[timing]\ncooldown = \"-1h\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(path, true)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "timing.cooldown") {
		t.Fatalf("error %v, want one naming %s and timing.cooldown", err, path)
	}
}
