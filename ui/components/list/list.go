// Package list is the one scrollable, filterable list behind every table
// of the TUI (drivers, segments, credit, periods, paths, steps): it owns
// the cursor, the scroll window and a "/" filter over the caller's rows,
// and says which rows to draw. The caller keeps its rows and draws each
// one itself, since only it knows its columns. It computes nothing.
package list

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Model is a cursor and window over rows. The zero value has no rows;
// New gives it a theme and the filter input.
type Model struct {
	th     *theme.Theme
	labels []string // per row: the text the filter matches
	shown  []int    // rows matching the filter, in the caller's order
	cursor int      // position in shown
	offset int      // position in shown of the first row drawn
	height int      // rows drawn at once

	input     textinput.Model
	filtering bool // the filter input has the keyboard
}

// New returns an empty list drawn with th.
func New(th *theme.Theme) Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Cursor.SetMode(cursor.CursorStatic) // no blink: no redraws while idle
	return Model{th: th, input: in, height: 1}
}

// SetRows replaces the rows; labels[i] is what the filter matches for row
// i. The cursor stays on the row with the same label when there is one,
// else it goes to the first row.
func (m *Model) SetRows(labels []string) {
	sel := ""
	if r := m.Selected(); r >= 0 {
		sel = m.labels[r]
	}
	m.labels = labels
	m.refilter()
	m.cursor = 0
	for i, r := range m.shown {
		if sel != "" && labels[r] == sel {
			m.cursor = i
			break
		}
	}
	m.scroll()
}

// SetHeight sets how many rows are drawn at once (1 at the least).
func (m *Model) SetHeight(h int) {
	m.height = max(1, h)
	m.scroll()
}

// Height is how many rows are drawn at once.
func (m *Model) Height() int { return m.height }

// Select puts the cursor on row (an index into the caller's rows) when
// the filter shows it.
func (m *Model) Select(row int) {
	for i, r := range m.shown {
		if r == row {
			m.cursor = i
			m.scroll()
			return
		}
	}
}

// Selected is the row under the cursor, or -1 when no row is shown.
func (m *Model) Selected() int {
	if m.cursor < len(m.shown) {
		return m.shown[m.cursor]
	}
	return -1
}

// Window lists the rows to draw, top to bottom.
func (m *Model) Window() []int {
	end := min(len(m.shown), m.offset+m.height)
	return m.shown[min(m.offset, end):end]
}

// Hidden counts the rows the filter shows that are scrolled out of the
// window, above it and below it.
func (m *Model) Hidden() (above, below int) {
	return m.offset, max(0, len(m.shown)-m.offset-m.height)
}

// Len is the number of rows the filter shows.
func (m *Model) Len() int { return len(m.shown) }

// Total is the number of rows, shown or not.
func (m *Model) Total() int { return len(m.labels) }

// Filtering is true while the filter input has the keyboard: the view
// must treat every key as text (report it as capturing).
func (m *Model) Filtering() bool { return m.filtering }

// Filter is the filter text ("" when every row is shown).
func (m *Model) Filter() string { return m.input.Value() }

// Keys are the list's bindings, for help.
func Keys() []key.Binding {
	return []key.Binding{keys.Up, keys.Down, keys.PgUp, keys.PgDown, keys.Home, keys.End, keys.Filter}
}

// Update handles a key: movement, "/" to filter, and while filtering,
// the text (enter keeps the filter and gives the keys back, esc clears
// it). handled is false for keys the list leaves to the view.
func (m *Model) Update(k tea.KeyMsg) (handled bool, cmd tea.Cmd) {
	if m.filtering {
		return true, m.typeFilter(k)
	}
	switch {
	case key.Matches(k, keys.Up):
		m.Move(-1)
	case key.Matches(k, keys.Down):
		m.Move(1)
	case key.Matches(k, keys.PgUp):
		m.Move(-m.height)
	case key.Matches(k, keys.PgDown):
		m.Move(m.height)
	case key.Matches(k, keys.Home):
		m.Move(-len(m.shown))
	case key.Matches(k, keys.End):
		m.Move(len(m.shown))
	case key.Matches(k, keys.Filter):
		m.filtering = true
		return true, m.input.Focus()
	case key.Matches(k, keys.Back) && m.Filter() != "":
		m.clearFilter()
	default:
		return false, nil
	}
	return true, nil
}

func (m *Model) typeFilter(k tea.KeyMsg) tea.Cmd {
	switch k.Type {
	case tea.KeyEnter:
		m.filtering = false
		m.input.Blur()
		return nil
	case tea.KeyEsc:
		m.clearFilter()
		return nil
	case tea.KeyUp:
		m.Move(-1)
		return nil
	case tea.KeyDown:
		m.Move(1)
		return nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	if m.input.Value() != before {
		sel := m.Selected()
		m.refilter()
		m.cursor = 0
		m.Select(sel)
		m.scroll()
	}
	return cmd
}

func (m *Model) clearFilter() {
	sel := m.Selected()
	m.filtering = false
	m.input.Blur()
	m.input.SetValue("")
	m.refilter()
	m.Select(sel)
	m.scroll()
}

// Move shifts the cursor by d rows, within the rows shown, and scrolls it
// into the window.
func (m *Model) Move(d int) {
	m.cursor = min(max(0, m.cursor+d), max(0, len(m.shown)-1))
	m.scroll()
}

func (m *Model) scroll() {
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.height {
		m.offset = m.cursor - m.height + 1
	}
	m.offset = max(0, min(m.offset, len(m.shown)-m.height))
}

// refilter keeps the rows whose label holds the filter text, ignoring
// case, in the caller's order.
func (m *Model) refilter() {
	q := strings.ToLower(m.input.Value())
	m.shown = m.shown[:0]
	for i, l := range m.labels {
		if q == "" || strings.Contains(strings.ToLower(l), q) {
			m.shown = append(m.shown, i)
		}
	}
}

// WithFooter is lines, the rows the caller drew, then the Footer when
// there is one: a list's drawing ends with it.
func (m *Model) WithFooter(lines []string) []string {
	if f := m.Footer(); f != "" {
		return append(lines, f)
	}
	return lines
}

// Footer is one line saying what the window does not show and how to get
// there: "rows 11–20 of 75 · ↑↓ pgup/pgdn · / filter", the filter being
// typed, or "" when every row is in view and nothing is filtered.
func (m *Model) Footer() string {
	above, below := m.Hidden()
	filtered := m.Filter() != ""
	switch {
	case m.filtering:
		return m.input.View() + m.th.Dim.Render(fmt.Sprintf("   %d of %d · enter keeps · esc clears", len(m.shown), len(m.labels)))
	case above == 0 && below == 0 && !filtered:
		return ""
	}
	var parts []string
	if filtered {
		parts = append(parts, fmt.Sprintf("filter %q: %d of %d · esc clears", m.Filter(), len(m.shown), len(m.labels)))
	}
	if above > 0 || below > 0 {
		first := m.offset + 1
		last := min(len(m.shown), m.offset+m.height)
		parts = append(parts, fmt.Sprintf("rows %d–%d of %d · ↑↓ pgup/pgdn", first, last, len(m.shown)))
	}
	if !filtered {
		parts = append(parts, "/ filter")
	}
	return m.th.Dim.Render(strings.Join(parts, " · "))
}
