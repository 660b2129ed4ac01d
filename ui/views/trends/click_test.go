package trends

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestAClickSelectsThePeriodUnderIt(t *testing.T) {
	m, update := open(t, shop, 120, 50)
	m.View() // the table's height is set as it is drawn
	rows := m.list.Window()
	if len(rows) < 2 {
		t.Fatalf("%d rows of the table on screen:\n%s", len(rows), m.View())
	}
	want := rows[0]
	text := strings.TrimSpace(m.tableRows[want])
	y := uitest.LineOf(m.View(), text, 0)
	update(uitest.Click(y))
	if got := m.list.Selected(); got != want {
		t.Errorf("a click on line %d (%s) selected row %d, want %d:\n%s", y, text, got, want, m.View())
	}
}
