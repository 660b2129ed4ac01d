package attribution

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestPresenterModeShowsTheCreditsWithoutTimings(t *testing.T) {
	m, update := harness(t, 160, 50)
	uitest.Run(update, uitest.Activate{})
	v := uitest.CheckPresenter(t, m, m.ctx, 160, 50, []string{"ms"}, []string{"CI", "p=", "p<", "ms", "±"})
	if !strings.Contains(v, "tiktok") {
		t.Errorf("presenter mode lost the touches:\n%s", v)
	}
}
