package app

import (
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
	if got := byWheel.m.View(); got == before || got != byKeys.m.View() {
		t.Errorf("three turns of the wheel drew:\n%s\nthree downs drew:\n%s", got, byKeys.m.View())
	}
}
