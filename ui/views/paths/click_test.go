package paths

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestAClickSelectsANodeInEitherSplitPane(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 40}} { // side by side, one over the other
		m, update := newView(t, size[0], size[1])
		uitest.Type(update, "Gadd_to_cart<enter>v")
		if !m.split || m.result().Converters == nil {
			t.Fatal("no split panes")
		}
		want, name := uniqueRow(m)
		if want < 0 {
			t.Fatalf("%dx%d: no row with a name of its own after the first:\n%s", size[0], size[1], m.View())
		}
		// Side by side the first pane's line is the row's; one over the
		// other, the second pane's (the name's second line) is too.
		nth := 0
		if size[0] < sideBySide {
			nth = 1
		}
		y := uitest.LineOf(m.View(), " "+name+" ", nth)
		if y < 0 {
			t.Fatalf("%dx%d: %q is not on screen:\n%s", size[0], size[1], name, m.View())
		}
		update(uitest.Click(y))
		if got := m.tree.list.Selected(); got != want {
			t.Errorf("%dx%d: a click on line %d (%s) selected row %d, want %d:\n%s", size[0], size[1], y, name, got, want, m.View())
		}
	}
}

// uniqueRow is a row of the window after the first whose name no other
// row has, so that the screen line holding it is that row's; -1 if none.
func uniqueRow(m *Model) (int, string) {
	seen := map[string]int{}
	for _, r := range m.tree.rows {
		seen[r.name]++
	}
	for _, i := range m.tree.list.Window()[1:] {
		if n := m.tree.rows[i].name; seen[n] == 1 {
			return i, n
		}
	}
	return -1, ""
}
