package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cuifu/data/exports"
)

// TestTruncatedFileLeavesTheStoreUnchanged: a file cut short in its last row (an Excel
// ="… guard with no closing quote and no line end, or a cut right after a comma) is refused
// whole, and the store keeps what it had; the same rows with a complete last row and no
// line end import.
func TestTruncatedFileLeavesTheStoreUnchanged(t *testing.T) {
	s, _ := tempStore(t)
	h, err := os.ReadFile(filepath.Join("exports", "formats", "taobao_2019_header.csv"))
	if err != nil {
		t.Fatal(err)
	}
	head := strings.TrimRight(string(h), "\r\n")
	n := len(strings.Split(head, ","))
	row := func(id string) string {
		f := make([]string, n)
		f[0], f[1], f[12], f[19] = `="`+id+`"`, "小鹿", "等待买家付款", "2026-11-11 00:05:09"
		return strings.Join(f, ",")
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	orders := func() int {
		var c int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	body := head + "\n" + row("1001") + "\n" + row("1002") + "\n"
	if _, err := s.ImportFile(ctx, ImportRequest{Path: write("first.csv", body)}); err != nil || orders() != 2 {
		t.Fatalf("the first file: %d orders, %v", orders(), err)
	}
	for _, tail := range []string{`="35153131`, `="3515313100",`} {
		cut := write("cut.csv", head+"\n"+row("1003")+"\n"+row("1004")+"\n"+tail)
		_, err := s.ImportFile(ctx, ImportRequest{Path: cut})
		var fe *exports.FileError
		if !errors.As(err, &fe) || fe.Code != exports.CodeCutRow || orders() != 2 {
			t.Fatalf("cut with %q: %d orders, error %v; want the file refused and 2 orders", tail, orders(), err)
		}
	}
	if _, err := s.ImportFile(ctx, ImportRequest{Path: write("whole.csv", head+"\n"+row("1003")+"\n"+row("1004"))}); err != nil || orders() != 4 {
		t.Fatalf("a complete last row without a line end: %d orders, %v", orders(), err)
	}
}
