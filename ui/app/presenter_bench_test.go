package app

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// BenchmarkPresenterView draws the funnel screen in presenter mode at
// 200x60; fresh forces the view to draw again (a width it has not drawn
// at) rather than return the screen it keeps.
func BenchmarkPresenterView(b *testing.B) {
	for _, fresh := range []bool{false, true} {
		name := "kept"
		if fresh {
			name = "fresh"
		}
		b.Run(name, func(b *testing.B) {
			h := benchHarness(b)
			h.update(tea.WindowSizeMsg{Width: 200, Height: 60})
			uitest.Type(h.update, "P")
			w := 200
			for b.Loop() {
				if fresh {
					w = 399 - w // 200, 199, 200, ...
					h.update(tea.WindowSizeMsg{Width: w, Height: 60})
				}
				_ = h.m.View()
			}
		})
	}
}
