package words

import (
	"fmt"
	"strconv"
	"strings"
)

// Format is fmt.Sprintf for the tables' texts, with plurals: a {one|many} group in format
// takes its first form when the number the verb before it prints is 1 (or -1), the second
// otherwise: "%d {order|orders}" prints "1 order" and "2 orders". A verb with an explicit
// index (%[2]d) counts as that argument. Chinese texts have no such groups.
func Format(format string, args ...any) string {
	if !strings.Contains(format, "|") {
		return fmt.Sprintf(format, args...)
	}
	var b strings.Builder
	next, last := 0, -1 // the argument the next verb takes; the one the last verb took
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch {
		case c == '%' && i+1 < len(format) && format[i+1] == '%':
			b.WriteString("%%")
			i++
			continue
		case c == '%':
			j := i + 1
			if j < len(format) && format[j] == '[' {
				if k := strings.IndexByte(format[j:], ']'); k > 0 {
					if n, err := strconv.Atoi(format[j+1 : j+k]); err == nil {
						next = n - 1
					}
				}
			}
			last = next
			next++
		case c == '{':
			k := strings.IndexByte(format[i:], '}')
			one, many, ok := strings.Cut(format[i+1:max(i+k, i+1)], "|")
			if k > 0 && ok && !strings.ContainsAny(one+many, "%{") {
				if last >= 0 && last < len(args) && isOne(args[last]) {
					b.WriteString(one)
				} else {
					b.WriteString(many)
				}
				i += k
				continue
			}
		}
		b.WriteByte(c)
	}
	return fmt.Sprintf(b.String(), args...)
}

// isOne reports whether a count is 1 or -1.
func isOne(a any) bool {
	switch v := a.(type) {
	case int:
		return v == 1 || v == -1
	case int64:
		return v == 1 || v == -1
	case int32:
		return v == 1 || v == -1
	case uint:
		return v == 1
	case uint64:
		return v == 1
	}
	return false
}
