package data

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"cuifu/data/demo"
	"cuifu/data/exports"
	"cuifu/queue"
)

// importN is the size of the import benchmark's export (env CUIFU_IMPORT_N; default
// 1,000,000 rows, the budget's size).
func importN() int { return envInt("CUIFU_IMPORT_N", 1_000_000) }

// benchExport writes (once per size, kept in CUIFU_BENCH_DIR when set) a Taobao export of n
// orders in GB18030, as `cuifu gen` does, and its UTF-8 conversion for the sqlite3 baseline.
func benchExport(b *testing.B, n int) (gbPath, utf8Path string) {
	dir := os.Getenv("CUIFU_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	gbPath = filepath.Join(dir, "taobao-"+strconv.Itoa(n)+".csv")
	utf8Path = filepath.Join(dir, "taobao-"+strconv.Itoa(n)+".utf8.csv")
	if _, err := os.Stat(utf8Path); err == nil {
		return gbPath, utf8Path
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	f, err := os.Create(gbPath)
	if err != nil {
		b.Fatal(err)
	}
	w, err := exports.NewWriter(f, queue.PlatformTaobao, loc)
	if err != nil {
		b.Fatal(err)
	}
	err = demo.Export(demo.ExportOptions{Orders: n, Unpaid: 0.2, Seed: 1, Now: time.Date(2026, 11, 11, 15, 0, 0, 0, loc), Loc: loc}, w.Write)
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	in, err := os.Open(gbPath)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(utf8Path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	if _, err := io.Copy(bw, transform.NewReader(in, simplifiedchinese.GB18030.NewDecoder())); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return gbPath, utf8Path
}

// BenchmarkImport imports a million-row Taobao export (GB18030) into a new store, and, in
// the same run, has the sqlite3 CLI .import the same rows (already UTF-8) into a WAL table
// keyed on the order number: the budget says cuifu must be no slower.
//
//	go test ./data -run '^$' -bench Import -benchtime 1x
func BenchmarkImport(b *testing.B) {
	gbPath, utf8Path := benchExport(b, importN())
	b.Run("cuifu", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			s, err := Open(ctx, filepath.Join(b.TempDir(), "import.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			rep, err := s.ImportFile(ctx, ImportRequest{Path: gbPath})
			if err != nil {
				b.Fatal(err)
			}
			// Closing checkpoints the WAL into the store, as the sqlite3 CLI does when it
			// exits: both timings include it.
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if rep.Summary.New != importN() {
				b.Fatalf("%+v", rep.Summary)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(importN())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("sqlite3", func(b *testing.B) {
		if _, err := exec.LookPath("sqlite3"); err != nil {
			b.Skip("no sqlite3 CLI")
		}
		head, err := firstLine(utf8Path)
		if err != nil {
			b.Fatal(err)
		}
		var cols []string
		for i, c := range strings.Split(head, ",") {
			name := strings.Trim(strings.TrimSpace(c), `"`)
			if i == 0 {
				cols = append(cols, fmt.Sprintf("%q TEXT PRIMARY KEY", name))
			} else {
				cols = append(cols, fmt.Sprintf("%q TEXT", name))
			}
		}
		script := "PRAGMA journal_mode=WAL;\nCREATE TABLE orders (" + strings.Join(cols, ", ") + ");\n.import --csv --skip 1 " + utf8Path + " orders\n"
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := filepath.Join(b.TempDir(), "baseline.db")
			cmd := exec.Command("sqlite3", db)
			cmd.Stdin = strings.NewReader(script)
			b.StartTimer()
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
			b.StopTimer()
			if n := countRows(b, db); n != importN() {
				b.Fatalf("sqlite3 imported %d rows", n)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(importN())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}

func countRows(b *testing.B, path string) int {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
