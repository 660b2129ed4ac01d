package drivers

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestPresenterModeHidesPValuesIntervalsStarsAndTimings(t *testing.T) {
	m, update, _ := harness(t, 160, 50)
	uitest.Run(update, uitest.Activate{})
	uitest.CheckPresenter(t, m, m.ctx, 160, 50, []string{"95% CI", "***", "to goal", " p "},
		[]string{"CI", "*", "to goal", " p ", "p=", "p<", "significant", "Median"})
}
