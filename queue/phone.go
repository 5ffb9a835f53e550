package queue

import "strings"

// NormalizePhone strips what exports wrap phones in: spaces, a leading apostrophe, an
// Excel ="…" guard, a +86 or 86 prefix and dashes. Masked phones keep their asterisks.
func NormalizePhone(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "'")
	if strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = s[2 : len(s)-1]
	}
	s = phoneNoise.Replace(s)
	if strings.HasPrefix(s, "+86") {
		s = s[3:]
	} else if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	return s
}

var phoneNoise = strings.NewReplacer(" ", "", "-", "", "\t", "")

// PhoneMasked reports whether the phone is masked by the platform (1******6198) and so
// cannot be called or texted.
func PhoneMasked(s string) bool { return strings.ContainsAny(s, "*＊") }

// PhoneUsable reports whether the phone can be called or texted: present and not masked.
func PhoneUsable(s string) bool {
	// The ranking asks this for every order: plain digit strings answer without allocating.
	plain := len(s) >= 7
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= '0' && s[i] <= '9'
	}
	if plain {
		return true
	}
	s = NormalizePhone(s)
	if s == "" || PhoneMasked(s) {
		return false
	}
	digits := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
		digits++
	}
	return digits >= 7
}

// MaskPhone hides the middle of a phone number, as shown everywhere by default:
// 13812341234 → 138****1234. Already masked or short numbers are masked as well as they can be.
func MaskPhone(s string) string {
	s = NormalizePhone(s)
	if s == "" {
		return ""
	}
	if PhoneMasked(s) {
		return s
	}
	r := []rune(s)
	switch {
	case len(r) >= 11:
		return string(r[:3]) + "****" + string(r[len(r)-4:])
	case len(r) > 4:
		return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
	default:
		return strings.Repeat("*", len(r))
	}
}
