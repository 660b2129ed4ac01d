package app

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/funnelscope/funnelscope/ui/uitest"
	"github.com/funnelscope/funnelscope/ui/views/breakdown"
	"github.com/funnelscope/funnelscope/ui/views/drivers"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
)

// clickAt clicks screen line y at column x and returns that line's text.
func (h *harness) clickAt(x, y int) string {
	line := strings.Split(ansi.Strip(h.m.View()), "\n")[y]
	uitest.Exec(h.update, func() tea.Msg {
		return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
	})
	return line
}

func TestAClickSelectsTheRowUnderItInEachList(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	if line := h.clickAt(4, 5); h.m.Views()[0].(*funnel.Model).Cursor() != 2 || !strings.Contains(line, "3 begin_checkout") {
		t.Errorf("a click on %q selected step %d", line, h.m.Views()[0].(*funnel.Model).Cursor()+1)
	}
	h.typ("2")
	bd := h.m.Views()[h.m.Active()].(*breakdown.Model)
	line := h.clickAt(2, 6)
	if segs := bd.Segments(); len(segs) < 2 || !strings.Contains(line, segs[1].Value) {
		t.Fatalf("the bars are not where the click lands: %q", line)
	}
	h.typ("<enter>")
	if !strings.Contains(h.m.View(), "segment device="+bd.Segments()[1].Value) {
		t.Errorf("enter after the click did not drill into the clicked segment:\n%s", h.m.View())
	}
	h.typ("<esc>3")
	before := h.m.View()
	if line := h.clickAt(4, 6); strings.TrimSpace(line) == "" || h.m.View() == before {
		t.Errorf("a click on the paths tree's %q changed nothing", line)
	}
	h.typ("4")
	dr := h.m.Views()[h.m.Active()].(*drivers.Model)
	if line := h.clickAt(4, 6); dr.Selected() == "" || !strings.Contains(line, dr.Selected()) {
		t.Errorf("a click on %q selected driver %q", line, dr.Selected())
	}
}
