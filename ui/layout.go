package ui

// Rect is a region of the screen.
type Rect struct{ X, Y, W, H int }

// Layout is where each part of the screen goes.
type Layout struct {
	Header, Queue, Detail, Status, Help Rect
	TooSmall                            bool
	SideBySide                          bool
}

// Smallest usable screen: a row shows its reasons, and the detail pane its advice and a
// line of the script. Below it the screen says so instead of drawing a cut-off layout.
const (
	MinWidth  = 60
	MinHeight = 16
)

// layout splits a w×h screen with helpH lines of help. Wide screens put the detail beside
// the queue; others stack it below. Below MinWidth×MinHeight the screen says it is too small.
func layout(w, h, helpH int) Layout {
	if w < MinWidth || h < MinHeight {
		return Layout{TooSmall: true}
	}
	helpH = max(min(helpH, h-2-1-3), 1) // the queue keeps at least three lines
	l := Layout{Header: Rect{0, 0, w, 2}}
	body := h - 2 - 1 - helpH // header, status line, help
	l.Status = Rect{0, h - helpH - 1, w, 1}
	l.Help = Rect{0, h - helpH, w, helpH}
	if w >= 120 {
		qw := w * 11 / 20
		l.SideBySide = true
		l.Queue = Rect{0, 2, qw, body}
		l.Detail = Rect{qw + 1, 2, w - qw - 1, body}
		return l
	}
	qh := max(body*9/20, 3)
	l.Queue = Rect{0, 2, w, qh}
	l.Detail = Rect{0, 2 + qh, w, body - qh}
	return l
}
