package app

import (
	"regexp"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestTheWheelScrollsTheVisibleViewAsTheArrowsDo(t *testing.T) {
	open := func() *harness {
		h := newHarness(t, Options{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase")})
		h.typ("4") // Drivers: a list longer than the screen
		return h
	}
	byWheel, byKeys := open(), open()
	before := byWheel.m.View()
	for range 3 {
		uitest.Run(byWheel.update, tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	}
	byKeys.typ("<down><down><down>")
	// The two harnesses computed apart: their timings may differ.
	if got := untimed(byWheel.m.View()); got == untimed(before) || got != untimed(byKeys.m.View()) {
		t.Errorf("three turns of the wheel drew:\n%s\nthree downs drew:\n%s", got, byKeys.m.View())
	}
}

// timing is a job's "in 2ms" or "in <1ms", or what is left of it where
// a title too long for the width is cut ("in 1…", "in …").
var timing = regexp.MustCompile(`in (<?[0-9.]+(µs|ms|s)|<?[0-9.]*…)`)

// padding is the blanks a line is padded with to the frame's width: a
// timing cut or left out leaves more of them.
var padding = regexp.MustCompile(` +(\n|$)`)

// untimed is frame with its timings left out.
func untimed(frame string) string {
	return padding.ReplaceAllString(timing.ReplaceAllString(frame, "in …"), "$1")
}
