package ui

// Rect is a region of the screen.
type Rect struct{ X, Y, W, H int }

// Layout is where each part of the screen goes.
type Layout struct {
	Header, Queue, Detail, Status, Help Rect
	// Menu is where an open menu too wide for the status line goes, wrapped: over the
	// status line and the help, and the panes' last lines when it needs more (H 0: none).
	Menu       Rect
	TooSmall   bool
	SideBySide bool
}

// Smallest usable screen: a row shows its reasons, and the detail pane its advice and a
// line of the script. Below it the screen says so instead of drawing a cut-off layout.
const (
	MinWidth  = 60
	MinHeight = 16
)

// minBody is how many lines of the panes a menu leaves on screen when it needs more lines
// than the status line and the help: the queue's header and its first rows.
const minBody = 4

// layout splits a w×h screen with helpH lines of help and an open menu that needs menuH
// lines of its own (0: none, or it fits on the status line). Wide screens put the detail
// beside the queue; others stack it below. Below MinWidth×MinHeight the screen says it is
// too small.
func layout(w, h, helpH, menuH int) Layout {
	if w < MinWidth || h < MinHeight {
		return Layout{TooSmall: true}
	}
	helpH = max(min(helpH, h-2-1-3), 1) // the queue keeps at least three lines
	l := Layout{Header: Rect{0, 0, w, 2}}
	full := h - 2 - 1 - helpH // header, status line, help
	l.Status = Rect{0, h - helpH - 1, w, 1}
	l.Help = Rect{0, h - helpH, w, helpH}
	body := full
	if menuH > 0 {
		// A wrapped menu takes the status line's and the help's lines, and what more it needs
		// from the panes (down to minBody), which are drawn shorter: drawn over, the detail
		// pane lost its last lines (the script's end) instead of what gives way first.
		has := 1 + helpH
		n := min(max(menuH, has), has+max(full-minBody, 0))
		body -= n - has
		l.Menu = Rect{0, h - n, w, n}
	}
	if w >= 120 {
		qw := w * 11 / 20
		l.SideBySide = true
		l.Queue = Rect{0, 2, qw, body}
		l.Detail = Rect{qw + 1, 2, w - qw - 1, body}
		return l
	}
	qh := min(max(full*9/20, 3), body) // the queue keeps its lines while the detail has some
	l.Queue = Rect{0, 2, w, qh}
	l.Detail = Rect{0, 2 + qh, w, body - qh}
	return l
}
