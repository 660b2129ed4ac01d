package app

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestBelowSixtyByFifteenTheAppSaysHowBigToMakeTheTerminal(t *testing.T) {
	tests := []struct {
		w, h  int
		small bool
	}{
		{59, 24, true},
		{80, 14, true},
		{40, 10, true},
		{60, 15, false},
		{80, 24, false},
	}
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d", tt.w, tt.h), func(t *testing.T) {
			h.update(tea.WindowSizeMsg{Width: tt.w, Height: tt.h})
			v := h.m.View()
			want := fmt.Sprintf("(now %dx%d)", tt.w, tt.h)
			said := strings.Contains(strings.Join(strings.Fields(v), " "), "terminal too small: 80x24 or more "+want)
			if said != tt.small {
				t.Errorf("says the terminal is too small: %v, want %v:\n%s", said, tt.small, v)
			}
			uitest.CheckFits(t, v, tt.w, tt.h, "")
		})
	}
}
