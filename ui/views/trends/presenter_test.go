package trends

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestPresenterModeNamesTheBandWithoutItsStatisticsOrTimings(t *testing.T) {
	m, _ := open(t, shop, 160, 50)
	v := uitest.CheckPresenter(t, m, m.ctx, 160, 50, []string{"mean ± 2 sd", "  band", "computed in", "the band "},
		[]string{"mean ± 2 sd", "sd", "computed in", "the band ", "  band"})
	if !strings.Contains(v, "usual range") {
		t.Errorf("presenter mode's legend does not name the band:\n%s", v)
	}
}
