package app

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Tabs come from the list of views (views.go): view i is tab i+1 and its
// number key, so adding a view adds its tab and key. Up to nine views get
// a number; tab and shift+tab reach every one.
const maxNumbered = 9

// tabKeys is the binding of the number keys: help shows it and key
// dispatches on it, so the two cannot disagree.
func (m *Model) tabKeys() key.Binding {
	n := min(len(m.views), maxNumbered)
	ks := make([]string, n)
	for i := range ks {
		ks[i] = fmt.Sprint(i + 1)
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(fmt.Sprintf("1-%d", n), "go to view"))
}

// tabLabels are the tabs' texts at this width. When "1 Funnel 2 Breakdown
// …" does not fit, every tab but the active one shrinks to its number
// and first letters, then to its number alone, so the active view's name
// always shows and every tab stays clickable.
func (m *Model) tabLabels() []string {
	full := make([]string, len(m.views))
	for i, v := range m.views {
		full[i] = fmt.Sprintf("%d %s", i+1, v.Title())
	}
	for _, keep := range []int{-1, 3, 0} {
		labels := make([]string, len(full))
		for i := range full {
			labels[i] = full[i]
			if keep >= 0 && i != m.active {
				labels[i] = shorten(i, m.views[i].Title(), keep)
			}
		}
		if m.tabsWidth(labels) <= m.w {
			return labels
		}
	}
	return full // nothing fits: the bar is cut at the edge
}

func shorten(i int, title string, letters int) string {
	if letters == 0 {
		return fmt.Sprint(i + 1)
	}
	r := []rune(title)
	return fmt.Sprintf("%d %s", i+1, string(r[:min(len(r), letters)]))
}

func (m *Model) tabsWidth(labels []string) int {
	w := 0
	for _, l := range labels {
		w += lipgloss.Width(m.th.Tab.Render(l))
	}
	return w
}

func (m *Model) tabs() string {
	var b strings.Builder
	for i, t := range m.tabLabels() {
		if i == m.active {
			b.WriteString(m.th.ActiveTab.Render(t))
		} else {
			b.WriteString(m.th.Tab.Render(t))
		}
	}
	return lipgloss.NewStyle().MaxWidth(m.w).Render(b.String())
}

// mouse switches views on a click in the tab bar (the second line).
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft || msg.Y < 1 {
		return nil
	}
	if msg.Y >= bodyTop {
		return m.clickView(msg)
	}
	x := 0
	for i, l := range m.tabLabels() {
		w := lipgloss.Width(m.th.Tab.Render(l))
		if msg.X >= x && msg.X < x+w {
			return m.switchTo(i)
		}
		x += w
	}
	return nil
}
