// Package picker is a fuzzy-filtered list to choose one item from (event
// names with counts, property keys, values). Typing filters; enter picks;
// esc cancels.
package picker

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/textsafe"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Item is one choice. Value is what the caller gets back (Label when empty).
// Labels are shown with their control characters escaped, and filtering
// matches what is shown; Value stays the real name.
type Item struct {
	Label, Detail, Value string
}

func (it Item) value() string {
	if it.Value != "" {
		return it.Value
	}
	return it.Label
}

// Result is what a finished pick returns.
type Result struct {
	Value     string
	Cancelled bool
}

// Model is a picker.
type Model struct {
	th       *theme.Theme
	title    string
	items    []Item
	labels   []string // the items' labels as shown (textsafe.Display)
	shown    []int    // indexes into items, best match first
	cursor   int
	offset   int
	input    textinput.Model
	width    int
	height   int
	FreeText bool // enter on no match returns the typed text
	// Hint is a footer line of the caller's own keys ("ctrl+r rename"),
	// under the picker's.
	Hint string
}

// New returns a focused picker.
func New(th *theme.Theme, title string, items []Item) Model {
	in := textinput.New()
	in.Prompt = "filter: "
	in.Placeholder = "type to filter"
	// A static cursor: no blink ticks, so no redraws while idle (cheap
	// over SSH with a room full of sessions).
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	labels := make([]string, len(items))
	for i, it := range items {
		labels[i] = textsafe.Display(it.Label)
	}
	m := Model{th: th, title: title, items: items, labels: labels, input: in, width: 50, height: 12}
	m.refilter()
	return m
}

// NewIn returns a focused picker sized for a view of w x h (see FitIn).
func NewIn(th *theme.Theme, title string, items []Item, w, h int) Model {
	m := New(th, title, items)
	m.FitIn(w, h)
	return m
}

// SetSize sets the picker's outer box.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(20, w), max(6, h)
	m.input.Width = m.width - 12
}

// FitIn sizes the picker for a view of w x h that it covers: at most 60
// columns, leaving two each side on narrower views, and two lines fewer
// than the view.
func (m *Model) FitIn(w, h int) { m.SetSize(min(60, w-4), h-2) }

// Filter is the text typed so far.
func (m Model) Filter() string { return m.input.Value() }

// Shown lists the labels currently matching, best first.
func (m Model) Shown() []string {
	out := make([]string, len(m.shown))
	for i, ix := range m.shown {
		out[i] = m.labels[ix]
	}
	return out
}

// Update handles a message; a non-nil Result ends the pick.
func (m Model) Update(msg tea.Msg) (Model, *Result, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil, nil
	}
	switch {
	case key.Matches(k, keys.Back):
		return m, &Result{Cancelled: true}, nil
	case k.Type == tea.KeyEnter:
		if len(m.shown) > 0 {
			return m, &Result{Value: m.items[m.shown[m.cursor]].value()}, nil
		}
		if m.FreeText && m.input.Value() != "" {
			return m, &Result{Value: m.input.Value()}, nil
		}
		return m, nil, nil
	case k.Type == tea.KeyUp || k.String() == "ctrl+p":
		m.move(-1)
		return m, nil, nil
	case k.Type == tea.KeyDown || k.String() == "ctrl+n":
		m.move(1)
		return m, nil, nil
	case k.Type == tea.KeyPgUp:
		m.move(-m.rows())
		return m, nil, nil
	case k.Type == tea.KeyPgDown:
		m.move(m.rows())
		return m, nil, nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.refilter()
	}
	return m, nil, cmd
}

func (m *Model) move(d int) {
	if len(m.shown) == 0 {
		return
	}
	m.cursor = min(max(m.cursor+d, 0), len(m.shown)-1)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.rows() {
		m.offset = m.cursor - m.rows() + 1
	}
}

func (m Model) rows() int {
	if m.Hint != "" {
		return max(1, m.height-6)
	}
	return max(1, m.height-5)
}

// Current is the value of the highlighted item; false when none matches.
func (m Model) Current() (string, bool) {
	if len(m.shown) == 0 {
		return "", false
	}
	return m.items[m.shown[m.cursor]].value(), true
}

// refilter ranks items: exact prefix, then substring, then in-order
// letters (fuzzy); the caller's order (most frequent first) breaks ties.
func (m *Model) refilter() {
	q := strings.ToLower(m.input.Value())
	var tiers [3][]int
	for i, label := range m.labels {
		l := strings.ToLower(label)
		switch {
		case strings.HasPrefix(l, q):
			tiers[0] = append(tiers[0], i)
		case strings.Contains(l, q):
			tiers[1] = append(tiers[1], i)
		case subsequence(l, q):
			tiers[2] = append(tiers[2], i)
		}
	}
	m.shown = append(append(tiers[0], tiers[1]...), tiers[2]...)
	m.cursor, m.offset = 0, 0
}

func subsequence(s, q string) bool {
	for _, r := range q {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(string(r)):]
	}
	return true
}

// View renders the picker as a bordered box.
func (m Model) View() string {
	var b strings.Builder
	b.WriteString(m.th.Title.Render(textsafe.Display(m.title)) + "\n")
	b.WriteString(m.input.View() + "\n")
	inner := m.width - 4
	end := min(len(m.shown), m.offset+m.rows())
	for i := m.offset; i < end; i++ {
		it := m.items[m.shown[i]]
		label := truncate(m.labels[m.shown[i]], inner-len(it.Detail)-3)
		pad := max(1, inner-2-lipgloss.Width(label)-lipgloss.Width(it.Detail))
		line := label + strings.Repeat(" ", pad) + m.th.Dim.Render(it.Detail)
		if i == m.cursor {
			b.WriteString(m.th.Selected.Render("> "+label+strings.Repeat(" ", pad)+it.Detail) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(m.shown) == 0 {
		msg := "no match"
		if m.FreeText {
			msg = "no match: enter uses the text as typed"
		}
		b.WriteString(m.th.Dim.Render(truncate(msg, inner)) + "\n")
	}
	b.WriteString(m.th.Dim.Render(m.footer(inner)))
	if m.Hint != "" {
		b.WriteString("\n" + m.th.Dim.Render(truncate(m.Hint, inner)))
	}
	return m.th.Overlay.Width(m.width - 2).Render(b.String())
}

// footer is the count of items shown and the keys that fit in width
// columns, whole, the most needed first: cut in the middle, "esc canc…"
// said nothing at 80 columns.
func (m Model) footer(width int) string {
	count := fmt.Sprintf("%d of %d", len(m.shown), len(m.items))
	if f := common.FitPieces([]string{count, "enter pick", "esc cancel", "↑↓ move"}, "  ", width); f != "" {
		return f
	}
	return truncate(count, width)
}

// truncate is common.Cut keeping at least one character before the "…".
func truncate(s string, n int) string { return common.Cut(s, max(2, n)) }
