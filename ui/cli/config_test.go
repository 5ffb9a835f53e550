package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cuifu/queue"
)

// TestConfigErrorNamesFileAndKey loads a config file with a negative cooldown: the error
// names the file and the key.
func TestConfigErrorNamesFileAndKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cuifu.toml")
	if err := os.WriteFile(path, []byte("[timing]\ncooldown = \"-1h\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(path, true, queue.LangEN)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "timing.cooldown") {
		t.Fatalf("error %v, want one naming %s and timing.cooldown", err, path)
	}
}

// TestConfigErrorsInTheUsersWords: each setting a config file can get wrong is said in the
// user's language, with the file, the line the setting is on and the key: in Chinese no
// English words but the key, its value and the examples of how to write it.
func TestConfigErrorsInTheUsersWords(t *testing.T) {
	tests := []struct {
		file    string
		line    int
		key, zh string
		en      string
	}{
		{"[timing]\ncooldown = \"-1h\"\n", 2, "timing.cooldown", "不能是负的", "cannot be negative"},
		{"[timing]\ndeadline = \"0s\"\n", 2, "timing.deadline", "必须大于零", "more than zero"},
		{"[timing]\ngrace = \"banana\"\n", 2, "timing.grace", "不是时长", "not a duration"},
		{"[timing]\n\ngrace = 5\n", 3, "timing.grace", "不是时长", "not a duration"},
		{"[timing]\ncooldown = \"1h\n", 2, "timing.cooldown", "读不懂", "cannot be read"},
		{"[shop\nname = \"x\"\n", 2, "", "读不懂", "cannot be read"},
		{"[shop]\nregister = \"x\"\n", 2, "shop.register", "应是", "want"},
		{"[shop]\ntime_zone = \"Mars/Base\"\n", 2, "shop.time_zone", "时区", "time zone"},
		{"[shop]\nsignature = \"小美【家居】\"\n", 2, "shop.signature", "括号", "brackets"},
		{"[timing]\nquiet = [\"00:00-24:00\"]\n", 2, "timing.quiet", "覆盖了全天", "covers the whole day"},
		{"[windows]\nphone = [\"09:00-09:00\"]\n", 2, "windows.phone", "起止相同", "starts where it ends"},
		{"[windows]\nim = [\"9-10\"]\n", 2, "windows.im", "不是时段", "not a window"},
		{"[windows]\nsms_marketing = [\"07:00-21:00\"]\n", 2, "windows.sms_marketing", "营销短信", "marketing SMS"},
		{"[facts]\nstock = \"maybe\"\n", 2, "facts.stock", "拍下减库存", "when ordered"},
		{"[facts]\ncutoff = \"5pm\"\n", 2, "facts.cutoff", "17:00", "17:00"},
		{"[timing]\nbogus = 1\n", 2, "timing.bogus", "不认识的设置", "unknown setting"},
		{"[shop]\ncut_off = \"17:00\"\n", 2, "shop.cut_off", "已改名", "has moved"},
		{"[timing]\ngrace = \"40m\"\nfirst_wave = \"30m\"\n", 3, "timing.first_wave", "不能早于", "must not come before"},
		{"[value]\nlow_ticket_fen = 900000\nhigh_ticket_fen = 1000\n", 2, "value.low_ticket_fen", "低客单", "cannot be both"},
		{"[caps]\nper_order = 0\n", 2, "caps.per_order", "至少是 1", "at least 1"},
		{"[[sale]]\nname = \"x\"\nstart = \"2027-01-21\"\nend = \"2027-01-20\"\n", 4, "sale[1].end", "不晚于", "is not after"},
		{"[[sale]]\nname = \"x\"\nstart = \"2027-01-20\"\nend = \"2027-01-21\"\n[[sale]]\nname = \"y\"\nstart = \"01-20\"\nend = \"2027-01-21\"\n", 7, "sale[2].start", "2026-11-11 20:00", "2026-11-11 20:00"},
		{"[[sale]]\nstart = \"2027-01-20\"\nend = \"2027-01-21\"\n", 1, "sale[1].name", "没写", "is missing"},
		{"[shop]\nsale_day = \"11-11\"\n", 2, "shop.sale_day", "日期", "write a day"},
		{"[[roster.shift]]\noperator = \"小美\"\nstart = \"09:00\"\nend = \"18:00\"\ndays = [\"monday\"]\n", 5, "roster.shift[1].days", "星期", "want mon"},
		{"[status.jd]\n\"x\" = \"maybe\"\n", 1, "status.jd", "之一", "want unpaid"},
		{"[holdout]\nshare = 0.9\n", 2, "holdout.share", "比例", "a share from 0 to 0.5"},
		{"[suspect]\nopen_orders = 300\n", 2, "suspect.open_orders", "关闭", "(off)"},
		{"[weights]\nfirst_wave = 10\n", 2, "weights.first_wave", "新单", "a fresh order"},
		{"[report]\nsms_part_fen = -1\n", 2, "report.sms_part_fen", "金额以分计", "an amount in fen"},
	}
	// What may stay Latin in a Chinese error: the key and values the file holds, and the
	// examples of how to write them.
	allowed := regexp.MustCompile(`(\w+, )+\w+|\[[a-z_]+\] [a-z_]+|[a-z_]+( \+ [a-z_/0-9]+)+|[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)+|"[^"]*"|\d+[hms](\d+[hms])*|Asia/Shanghai|toml`)
	word := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "bad.toml")
		if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			l    queue.Lang
			want string
		}{{queue.LangZH, tt.zh}, {queue.LangEN, tt.en}} {
			_, err := LoadConfig(path, true, c.l)
			if err == nil {
				t.Fatalf("%q: no error", tt.file)
			}
			msg := err.Error()
			place := map[queue.Lang]string{queue.LangZH: path + " 第 %d 行", queue.LangEN: path + ", line %d"}[c.l]
			if !strings.Contains(msg, fmt.Sprintf(place, tt.line)) ||
				!strings.Contains(msg, tt.key) || !strings.Contains(msg, c.want) {
				t.Errorf("%q (%v): %q, want line %d, %q and %q", tt.file, c.l, msg, tt.line, tt.key, c.want)
			}
			if c.l == queue.LangZH {
				if w := word.FindString(allowed.ReplaceAllString(strings.ReplaceAll(msg, path, ""), "")); w != "" {
					t.Errorf("%q: English %q in the Chinese error %q", tt.file, w, msg)
				}
			}
		}
	}
}
