package list

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func click(y int) tea.MouseMsg {
	return tea.MouseMsg{X: 3, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}

func TestAClickSelectsTheRowUnderIt(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows([]string{"a", "b", "c", "d", "e", "f"})
	m.SetHeight(3)
	m.Move(4) // the window scrolls to rows 2..4 (c, d, e)
	tests := []struct {
		name string
		msg  tea.MouseMsg
		ok   bool
		want int
	}{
		{"a click on the window's first row", click(2), true, 2},
		{"a click on its last row", click(4), true, 4},
		{"a click above the rows", click(1), false, 4},
		{"a click below them", click(5), false, 4},
		{"a right click", tea.MouseMsg{Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonRight}, false, 4},
		{"a release", tea.MouseMsg{Y: 3, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft}, false, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m.Select(4)
			if ok := m.Click(tt.msg, 2); ok != tt.ok || m.Selected() != tt.want {
				t.Errorf("Click = %v, selected %d; want %v, %d", ok, m.Selected(), tt.ok, tt.want)
			}
		})
	}
}

func TestAClickFollowsTheFilter(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows([]string{"apple", "berry", "avocado"})
	m.SetHeight(5)
	for _, k := range uitest.Keys("/a<enter>") {
		m.Update(k)
	}
	if !m.Click(click(1), 0) || m.Selected() != 2 {
		t.Errorf("the second shown row is avocado (row 2), selected %d", m.Selected())
	}
}
