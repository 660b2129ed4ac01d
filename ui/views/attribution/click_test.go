package attribution

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestAClickSelectsTheTouchValueUnderIt(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	credits := m.Result().Credits
	want := credits[len(credits)-1].Touch
	y := uitest.LineOf(m.View(), "  "+want+" ", 0)
	update(uitest.Click(y))
	if got := credits[m.list.Selected()].Touch; got != want {
		t.Errorf("a click on line %d (%s) selected %s:\n%s", y, want, got, m.View())
	}
}
