package funnel

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/components/bigtext"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestPresenterModeShowsBigFiguresAndThickBarsWithoutStatistics(t *testing.T) {
	ctx := uitest.Context(t)
	ctx.Presenter = true
	m := New(ctx, uitest.Shop)
	uitest.Open(m, 80, 20, uitest.Shop) // 80x24 less the app's header, tabs and status
	res := m.Result()
	v := m.View()
	uitest.CheckFits(t, v, 80, 20, "presenter")
	steps := res.Steps
	hot := res.WeakestStep()
	figures := []string{report.Percent(steps[len(steps)-1].ConvFromStart), report.Percent(1 - steps[hot].ConvFromPrev)}
	for _, f := range figures {
		for _, row := range strings.Split(bigtext.Render(f), "\n") {
			if !strings.Contains(v, row) {
				t.Errorf("the headline %s lacks its row %q:\n%s", f, row, v)
			}
		}
	}
	if !strings.Contains(v, "drop off at "+steps[hot-1].Name) {
		t.Errorf("the biggest drop-off is not named:\n%s", v)
	}
	// Each bar is two rows tall: its row of blocks shows twice per step.
	second := 0 // lines holding nothing but a bar
	for _, l := range strings.Split(v, "\n") {
		if l := strings.TrimSpace(l); l != "" && strings.Trim(l, "█") == "" {
			second++
		}
	}
	if second != len(steps) {
		t.Errorf("%d second rows of bars, want %d:\n%s", second, len(steps), v)
	}
	for _, no := range []string{"CI", "p=", "computed in", "p90"} {
		if strings.Contains(v, no) {
			t.Errorf("presenter mode shows %q:\n%s", no, v)
		}
	}
}
