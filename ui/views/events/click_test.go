package events

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestAClickSelectsTheEventUnderIt(t *testing.T) {
	m, update := open(t, uitest.Shop, 120, 40)
	y := uitest.LineOf(m.View(), " video_play ", 0)
	update(uitest.Click(y))
	if got := m.Selected(); got != "video_play" {
		t.Errorf("a click on line %d (video_play) selected %q:\n%s", y, got, m.View())
	}
}
