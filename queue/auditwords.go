package queue

// flagBreaks are the breaks that say what an audit flag says, in flagBits' order ("" for a
// flag no logged break repeats): a contact that carries the break shows it once.
var flagBreaks = [...]Break{"", BreakQuiet, BreakOverCap, ""}

// AuditWords names every rule break a replayed contact shows, in the user's language: the
// breaks it was logged with (its Warning, the warnings the specialist saw), then the audit's
// flags f that they do not already say, each once.
func AuditWords(e *Event, f Flag, l Lang) []string {
	var out []string
	seen := map[Break]bool{}
	for _, b := range ParseBreaks(e.Warning) {
		if !seen[b] {
			seen[b] = true
			out = append(out, Sanitize(b.Label(l))) // a code this version does not know is shown as stored
		}
	}
	for i, bit := range flagBits {
		if f&bit != 0 && (flagBreaks[i] == "" || !seen[flagBreaks[i]]) {
			out = append(out, FlagWords(bit, l)...)
		}
	}
	return out
}
