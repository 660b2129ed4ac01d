package app

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// shortKeys are the keys of the status line: the ones a newcomer needs
// first (help, quit, switching views), then the view's own, then the
// rest, without the arrows and paging keys every list shares (the full
// help lists them). Only whole keys that fit m.help.Width are kept, so
// the line never ends in a "…" that cuts one; a key that does not fit
// gives way to a shorter one after it.
func (m *Model) shortKeys() []key.Binding {
	first := []key.Binding{keys.Help, keys.Quit, keys.NextTab}
	skip := map[string]bool{}
	for _, b := range append([]key.Binding{keys.Up, keys.Down, keys.PgUp, keys.PgDown, keys.Home, keys.End}, first...) {
		skip[b.Help().Key] = true
	}
	all := first
	if len(m.views) == 0 {
		all = []key.Binding{keys.Quit}
	}
	for _, b := range m.allKeys() {
		if !skip[b.Help().Key] {
			all = append(all, b)
		}
	}
	var out []key.Binding
	used := 0
	for _, b := range all {
		if !b.Enabled() {
			continue
		}
		w := m.shortKeyWidth(b, used > 0)
		if m.help.Width > 0 && used+w > m.help.Width {
			continue
		}
		out, used = append(out, b), used+w
	}
	return out
}

// shortKeyWidth is the width of b on the status line as help draws it,
// with the separator before it when it is not the first.
func (m *Model) shortKeyWidth(b key.Binding, sep bool) int {
	st := m.help.Styles
	w := lipgloss.Width(st.ShortKey.Inline(true).Render(b.Help().Key) + " " + st.ShortDesc.Inline(true).Render(b.Help().Desc))
	if sep {
		w += lipgloss.Width(st.ShortSeparator.Inline(true).Render(m.help.ShortSeparator))
	}
	return w
}
