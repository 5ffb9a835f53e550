package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every style of the workstation, for a dark or a light terminal.
type Styles struct {
	Header, HeaderDim, Title   lipgloss.Style
	Selected, Row, Dim, New    lipgloss.Style
	Due, Upcoming, Blocked     lipgloss.Style
	Label, Value, Script, Warn lipgloss.Style
	OK, Rule, Menu             lipgloss.Style
	Help                       help.Styles
}

// NewStyles returns the styles for a dark (or light) background.
func NewStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	fg := ld(lipgloss.Color("#1a1a1a"), lipgloss.Color("#e8e8e8"))
	dim := ld(lipgloss.Color("#7a7a7a"), lipgloss.Color("#8a8a8a"))
	accent := ld(lipgloss.Color("#b3261e"), lipgloss.Color("#ff8a80"))
	return Styles{
		Header:    lipgloss.NewStyle().Bold(true).Foreground(fg),
		HeaderDim: lipgloss.NewStyle().Foreground(dim),
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Selected:  lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#ffffff"), lipgloss.Color("#000000"))).Background(ld(lipgloss.Color("#3b5bdb"), lipgloss.Color("#91a7ff"))),
		Row:       lipgloss.NewStyle().Foreground(fg),
		Dim:       lipgloss.NewStyle().Foreground(dim),
		New:       lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#2b8a3e"), lipgloss.Color("#8ce99a"))),
		Due:       lipgloss.NewStyle().Bold(true).Foreground(accent),
		Upcoming:  lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#b35c00"), lipgloss.Color("#ffd43b"))),
		Blocked:   lipgloss.NewStyle().Foreground(dim),
		Label:     lipgloss.NewStyle().Foreground(dim),
		Value:     lipgloss.NewStyle().Foreground(fg),
		Script:    lipgloss.NewStyle().Foreground(fg),
		Warn:      lipgloss.NewStyle().Bold(true).Foreground(accent),
		OK:        lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#2b8a3e"), lipgloss.Color("#8ce99a"))),
		Rule:      lipgloss.NewStyle().Foreground(dim),
		Menu:      lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#1864ab"), lipgloss.Color("#74c0fc"))),
		Help:      help.DefaultStyles(dark),
	}
}
