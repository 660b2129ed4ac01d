package app

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/components/bigtext"
	"github.com/funnelscope/funnelscope/ui/uitest"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
)

func TestPresenterModeShowsTheHeadlineThreeRowsTallAt80x24(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	h.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.typ("P")
	res := h.m.Views()[0].(*funnel.Model).Result()
	conv := report.Percent(res.Steps[len(res.Steps)-1].ConvFromStart)
	v := h.m.View()
	for _, row := range strings.Split(bigtext.Render(conv), "\n") {
		if !strings.Contains(v, row) {
			t.Errorf("the headline %s lacks its row %q:\n%s", conv, row, v)
		}
	}
	if !strings.Contains(v, presenterNote) {
		t.Errorf("the status line does not say how to leave:\n%s", v)
	}
	h.typ("P")
	if v := h.m.View(); strings.Contains(v, bigtext.Render(conv)) || !strings.Contains(v, "95% CI") {
		t.Errorf("P again does not bring the table back:\n%s", v)
	}
}

func TestPresenterModeShowsNoIntervalPValueOrTimingInAnyView(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 50}} {
		h := newHarness(t, Options{Steps: uitest.Shop})
		h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		h.typ("P")
		for tab, v := range h.m.Views() {
			t.Run(fmt.Sprintf("%s at %dx%d", v.Title(), size[0], size[1]), func(t *testing.T) {
				h.typ(fmt.Sprint(tab + 1))
				screen := h.m.View()
				for _, no := range []string{"CI", "p=", "p<", "computed in", "in <1ms"} {
					if strings.Contains(screen, no) {
						t.Errorf("shows %q:\n%s", no, screen)
					}
				}
			})
		}
	}
}
