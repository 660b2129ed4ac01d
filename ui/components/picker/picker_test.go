package picker

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/ui/theme"
	"github.com/muesli/termenv"
)

func plainTheme() *theme.Theme {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	return theme.New(r, true)
}

var events = []Item{{Label: "page_view", Detail: "900"}, {Label: "view_item", Detail: "500"},
	{Label: "add_to_cart", Detail: "200"}, {Label: "purchase", Detail: "50"}, {Label: "video_play", Detail: "40"}}

func typed(m Model, s string) (Model, *Result) {
	var r *Result
	for _, ch := range s {
		var k tea.KeyMsg
		switch ch {
		case '\n':
			k = tea.KeyMsg{Type: tea.KeyEnter}
		case '\x1b':
			k = tea.KeyMsg{Type: tea.KeyEsc}
		case '↓':
			k = tea.KeyMsg{Type: tea.KeyDown}
		default:
			k = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{ch}}
		}
		m, r, _ = m.Update(k)
		if r != nil {
			return m, r
		}
	}
	return m, r
}

func TestFilterRanksPrefixThenSubstringThenScatteredLetters(t *testing.T) {
	cases := []struct{ filter, want string }{
		{"", "page_view,view_item,add_to_cart,purchase,video_play"},
		{"v", "view_item,video_play,page_view"},
		{"view", "view_item,page_view"},
		{"pe", "page_view,purchase"},
		{"zzz", ""},
	}
	for _, c := range cases {
		m, _ := typed(New(plainTheme(), "t", events), c.filter)
		if got := strings.Join(m.Shown(), ","); got != c.want {
			t.Errorf("%q: %s, want %s", c.filter, got, c.want)
		}
	}
}

func TestEnterPicksTheHighlightedItemEscCancelsFreeTextWhenAllowed(t *testing.T) {
	cases := []struct {
		keys     string
		free     bool
		want     string
		cancel   bool
		finished bool
	}{
		{"view\n", false, "view_item", false, true},
		{"view↓\n", false, "page_view", false, true},
		{"\x1b", false, "", true, true},
		{"nothing\n", false, "", false, false},
		{"nothing\n", true, "nothing", false, true},
	}
	for _, c := range cases {
		m := New(plainTheme(), "t", events)
		m.FreeText = c.free
		_, r := typed(m, c.keys)
		if (r != nil) != c.finished {
			t.Fatalf("%q: finished %v, want %v", c.keys, r != nil, c.finished)
		}
		if r != nil && (r.Value != c.want || r.Cancelled != c.cancel) {
			t.Errorf("%q: %+v, want %q cancelled %v", c.keys, *r, c.want, c.cancel)
		}
	}
}

func TestTheBoxFitsItsSizeAndScrollsToTheCursor(t *testing.T) {
	var many []Item
	for i := range 50 {
		many = append(many, Item{Label: strings.Repeat("x", i%40) + "event", Detail: "1"})
	}
	m := New(plainTheme(), "Pick", many)
	m.SetSize(40, 12)
	m, _ = typed(m, strings.Repeat("↓", 30))
	v := m.View()
	if h := lipgloss.Height(v); h > 12 {
		t.Errorf("%d lines in a 12-line box", h)
	}
	for _, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 40 {
			t.Errorf("line %d wide: %q", w, l)
		}
	}
	if !strings.Contains(v, "> ") {
		t.Error("the cursor scrolled out of view")
	}
}

func TestTheFooterShowsWholeKeysTheMostNeededFirst(t *testing.T) {
	cases := []struct {
		width      int
		want, lose string
	}{
		{60, "enter pick  esc cancel  ↑↓ move", ""},
		{40, "enter pick  esc cancel", "move"},
		{26, "enter pick", "esc"},
	}
	for _, c := range cases {
		m := New(plainTheme(), "Pick", events)
		m.SetSize(c.width, 12)
		lines := strings.Split(m.View(), "\n")
		footer := lines[len(lines)-2] // above the bottom border
		if !strings.Contains(footer, c.want) || strings.Contains(footer, "…") ||
			(c.lose != "" && strings.Contains(footer, c.lose)) {
			t.Errorf("at %d columns the footer is %q: want %q whole, without %q", c.width, footer, c.want, c.lose)
		}
	}
}

func TestInAViewThePickerKeepsAMarginAndAtMostSixtyColumns(t *testing.T) {
	cases := []struct{ w, h, wantW, wantH int }{
		{120, 40, 60, 38}, // wide: 60 columns
		{50, 20, 46, 18},  // narrow: two columns each side
		{10, 5, 20, 6},    // tiny: SetSize's minimum
	}
	for _, c := range cases {
		m := NewIn(plainTheme(), "Pick", events, c.w, c.h)
		if m.width != c.wantW || m.height != c.wantH {
			t.Errorf("in %dx%d: box %dx%d, want %dx%d", c.w, c.h, m.width, m.height, c.wantW, c.wantH)
		}
		var s Model
		s.FitIn(c.w, c.h)
		if s.width != m.width || s.height != m.height {
			t.Errorf("in %dx%d: FitIn gives %dx%d, NewIn %dx%d", c.w, c.h, s.width, s.height, m.width, m.height)
		}
	}
}

func TestItemsFromTheDataAreShownEscapedAndPickedByTheirRealName(t *testing.T) {
	hostile := "\x1b]0;T\x07sign\r\nup\u202E"
	items := []Item{{Label: "page_view", Detail: "900"}, {Label: hostile, Detail: "7"}}
	m := New(plainTheme(), "Values of \x1b[2Jkey", items)
	m.SetSize(80, 12)
	view := m.View()
	if strings.ContainsAny(view, "\x1b\x07\r\u202e") {
		t.Errorf("raw controls in the picker:\n%q", view)
	}
	if !strings.Contains(view, `\x1b]0;T\x07sign\r\nup\u202e`) || !strings.Contains(view, `Values of \x1b[2Jkey`) {
		t.Errorf("the name or the title is not shown escaped:\n%s", view)
	}
	_, r := typed(m, `\r\nup`+"\n")
	if r == nil || r.Value != hostile {
		t.Errorf("typing what is shown picked %+v, want the real name %q", r, hostile)
	}
}
