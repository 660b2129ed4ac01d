package breakdown

import (
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
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

func TestAClickOnAStepOfTheSegmentsTableSelectsItAndEnterDrillsIntoItsDropOuts(t *testing.T) {
	m, update := open(t, shop, 120, 40)
	seg := m.selected().Value
	y := uitest.LineOf(m.View(), "3  begin_checkout", 0)
	if y < 0 {
		t.Fatalf("no step table on screen:\n%s", m.View())
	}
	update(uitest.Click(y))
	if j, ok := m.pickedStep(); !ok || j != 2 {
		t.Fatalf("a click on line %d (step 3) picked step %d (%v)", y, j+1, ok)
	}
	drills, _ := typed(update, "<enter>")
	if len(drills) != 1 || drills[0].To != common.PathsView || drills[0].AfterStep != 2 || drills[0].Segment == nil ||
		*drills[0].Segment != (spec.Segment{Key: "device", Value: seg}) {
		t.Fatalf("enter on step 3 of %s asked for %+v", seg, drills)
	}
	drills, _ = typed(update, "<down><enter>")
	if len(drills) != 1 || drills[0].To != "Funnel" {
		t.Errorf("another segment selected, enter should drill into it, not the step: %+v", drills)
	}
}
