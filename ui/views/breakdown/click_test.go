package breakdown

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestAClickOnAMatrixRowOrATallBarSelectsItsSegment(t *testing.T) {
	m, update := open(t, shop, 80, 40)
	if m.besideBars() {
		t.Fatal("at 80 columns the matrix should sit under the bars")
	}
	last := m.Segments()[len(m.Segments())-1].Value
	// The segment's second line is its matrix row (the first, its bar).
	y := uitest.LineOf(m.View(), last+" ", 1)
	update(uitest.Click(y))
	if s := m.selected(); s == nil || s.Value != last {
		t.Errorf("a click on line %d, the matrix row of %s, selected %+v:\n%s", y, last, s, m.View())
	}
	m.ctx.Presenter = true
	m.SetSize(80, 40)
	first := m.Segments()[0].Value
	y = uitest.LineOf(m.View(), first+" ", 0) + 1 // the bar's second row
	update(uitest.Click(y))
	if s := m.selected(); s == nil || s.Value != first {
		t.Errorf("a click on line %d, the second row of %s's bar, selected %+v:\n%s", y, first, s, m.View())
	}
}
