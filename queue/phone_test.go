package queue

import "testing"

func TestPhones(t *testing.T) {
	tests := []struct {
		in     string
		usable bool
		masked string
	}{
		{"13812341234", true, "138****1234"},
		{"'13925130165", true, "139****0165"},
		{`="13925130165"`, true, "139****0165"},
		{"+86 139-2513-0165", true, "139****0165"},
		{"1******6198", false, "1******6198"},
		{"138****1234", false, "138****1234"},
		{"", false, ""},
		{"n/a", false, "***"},
	}
	for _, tt := range tests {
		if got := PhoneUsable(tt.in); got != tt.usable {
			t.Errorf("PhoneUsable(%q) = %v", tt.in, got)
		}
		if got := MaskPhone(tt.in); got != tt.masked {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.masked)
		}
	}
}
