package list

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func rows(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("row%02d", i)
	}
	return out
}

func press(m *Model, keys string) {
	for _, k := range uitest.Keys(keys) {
		m.Update(k)
	}
}

func TestTheWindowFollowsTheCursorAndTheFooterSaysWhatIsHidden(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows(rows(10))
	m.SetHeight(4)
	if got := m.Window(); !reflect.DeepEqual(got, []int{0, 1, 2, 3}) {
		t.Fatalf("first window %v", got)
	}
	if f := m.Footer(); !strings.Contains(f, "rows 1–4 of 10") {
		t.Errorf("footer %q does not say which rows show", f)
	}
	press(&m, "<down><down><down><down><down>")
	if m.Selected() != 5 || !reflect.DeepEqual(m.Window(), []int{2, 3, 4, 5}) {
		t.Errorf("after 5 downs: selected %d, window %v", m.Selected(), m.Window())
	}
	press(&m, "<pgdown><pgdown>")
	if above, below := m.Hidden(); m.Selected() != 9 || above != 6 || below != 0 {
		t.Errorf("after paging to the end: selected %d, hidden %d above %d below", m.Selected(), above, below)
	}
	press(&m, "<pgup><pgup><pgup>")
	if m.Selected() != 0 || m.Window()[0] != 0 {
		t.Errorf("after paging back: selected %d, window %v", m.Selected(), m.Window())
	}
}

func TestEverythingInViewNeedsNoFooter(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows(rows(3))
	m.SetHeight(5)
	if f := m.Footer(); f != "" {
		t.Errorf("footer %q, want none", f)
	}
}

func TestTheFilterKeepsMatchingRowsAndEscBringsBackAll(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows([]string{"google", "tiktok", "newsletter", "Google Ads"})
	m.SetHeight(10)
	press(&m, "/goo")
	if !m.Filtering() || !reflect.DeepEqual(m.Window(), []int{0, 3}) {
		t.Fatalf("filtering %v, window %v: want rows 0 and 3", m.Filtering(), m.Window())
	}
	press(&m, "<enter>")
	if m.Filtering() || m.Filter() != "goo" || m.Len() != 2 {
		t.Fatalf("enter should keep the filter and give keys back: filtering %v, filter %q", m.Filtering(), m.Filter())
	}
	if f := m.Footer(); !strings.Contains(f, `filter "goo": 2 of 4`) {
		t.Errorf("footer %q does not name the filter", f)
	}
	press(&m, "<down>")
	if m.Selected() != 3 {
		t.Errorf("down within the filter selected row %d, want 3", m.Selected())
	}
	if handled, _ := m.Update(tea.KeyMsg{Type: tea.KeyEsc}); !handled || m.Len() != 4 || m.Selected() != 3 {
		t.Errorf("esc: handled %v, %d rows, selected %d (want all 4, still on row 3)", handled, m.Len(), m.Selected())
	}
	if handled, _ := m.Update(tea.KeyMsg{Type: tea.KeyEsc}); handled {
		t.Error("esc without a filter should be left to the view")
	}
}

func TestNewRowsKeepTheCursorOnTheSameLabel(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows([]string{"a", "b", "c"})
	m.SetHeight(2)
	press(&m, "<down><down>")
	m.SetRows([]string{"c", "a", "b"})
	if m.Selected() != 0 {
		t.Errorf("selected row %d, want 0 (c moved there)", m.Selected())
	}
	m.SetRows([]string{"x", "y"})
	if m.Selected() != 0 {
		t.Errorf("a vanished label should select the first row, got %d", m.Selected())
	}
	m.SetRows(nil)
	if m.Selected() != -1 || len(m.Window()) != 0 {
		t.Errorf("no rows: selected %d, window %v", m.Selected(), m.Window())
	}
}

func TestKeysTheListDoesNotUseAreLeftToTheView(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows(rows(3))
	for _, k := range uitest.Keys("p+G<enter>") {
		if handled, _ := m.Update(k); handled {
			t.Errorf("key %q was taken by the list", k.String())
		}
	}
}

func wheel(b tea.MouseButton) tea.MouseMsg {
	return tea.MouseMsg{Action: tea.MouseActionPress, Button: b}
}

func TestTheMouseWheelAndHomeEndMoveTheCursorAndScroll(t *testing.T) {
	tests := []struct {
		name     string
		keys     string
		wheel    []tea.MouseButton
		selected int
		first    int // first row of the window
	}{
		{"five turns down scroll the window", "", []tea.MouseButton{
			tea.MouseButtonWheelDown, tea.MouseButtonWheelDown, tea.MouseButtonWheelDown,
			tea.MouseButtonWheelDown, tea.MouseButtonWheelDown}, 5, 2},
		{"a turn up after end goes back one row", "<end>", []tea.MouseButton{tea.MouseButtonWheelUp}, 8, 6},
		{"end goes to the last row", "<end>", nil, 9, 6},
		{"home goes back to the first row", "<end><home>", nil, 0, 0},
		{"sideways turns and clicks move nothing", "", []tea.MouseButton{
			tea.MouseButtonWheelLeft, tea.MouseButtonWheelRight, tea.MouseButtonLeft}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(uitest.Theme())
			m.SetRows(rows(10))
			m.SetHeight(4)
			press(&m, tt.keys)
			for _, b := range tt.wheel {
				if k, ok := WheelKey(wheel(b)); ok { // as listview hands the wheel on
					m.Update(k)
				}
			}
			if m.Selected() != tt.selected || m.Window()[0] != tt.first {
				t.Errorf("selected %d, window from %d; want %d from %d", m.Selected(), m.Window()[0], tt.selected, tt.first)
			}
		})
	}
}

func TestOnlyTheWheelIsTakenAsAKey(t *testing.T) {
	if _, ok := WheelKey(tea.MouseMsg{Action: tea.MouseActionRelease, Button: tea.MouseButtonWheelDown}); ok {
		t.Error("a wheel release was taken as a key")
	}
	if k, ok := WheelKey(wheel(tea.MouseButtonWheelDown)); !ok || k.Type != tea.KeyDown {
		t.Errorf("wheel down is %v %v, want down", k, ok)
	}
}

func TestWithFooterEndsTheRowsWithTheFooterOnlyWhenThereIsOne(t *testing.T) {
	m := New(uitest.Theme())
	m.SetRows([]string{"a", "b", "c"})
	m.Fit(5)
	if got := m.WithFooter([]string{"a", "b", "c"}); len(got) != 3 {
		t.Errorf("every row in view: %q, want the rows alone", got)
	}
	m.Fit(2)
	if got := m.WithFooter([]string{"a"}); len(got) != 2 || got[1] != m.Footer() {
		t.Errorf("rows scrolled out: %q, want the rows then %q", got, m.Footer())
	}
}
