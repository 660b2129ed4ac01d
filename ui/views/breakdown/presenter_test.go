package breakdown

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestPresenterModeHidesIntervalsPValuesAndTimingsAndDoublesTheBars(t *testing.T) {
	m, _ := open(t, shop, 160, 50)
	v := uitest.CheckPresenter(t, m, m.ctx, 160, 50, []string{"95% CI", "p=", "median", "computed in"},
		[]string{"CI", "p=", "p<", "median", "computed in", "*"})
	if bar := "███"; strings.Count(v, bar) < 2*len(m.Segments()) {
		t.Errorf("presenter mode should draw each of the %d segments' bars two rows tall:\n%s", len(m.Segments()), v)
	}
}
