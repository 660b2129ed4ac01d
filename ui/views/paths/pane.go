package paths

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
)

// group says whose counts a pane shows.
type group int

const (
	all group = iota
	converters
	nonConverters
)

// Column widths: "100.0%" and a header such as "%parent".
const (
	pctW   = 7
	minNm  = 12
	maxBar = 24
)

// cols is the layout of one pane's rows.
type cols struct {
	name, users, bar int
	goal             bool // a "%goal" column: converters among the node's users
}

func (m *Model) layout(w int, g group) cols {
	c := cols{users: max(5, len(common.Count(m.result().Users)))}
	c.goal = g == all && m.result().Converters != nil
	rest := w - 2 - (c.users + 1) - 2*(pctW+1)
	if c.goal {
		rest -= pctW + 1
	}
	// Names take what the longest one in the tree needs, so that the
	// numbers stay next to them on wide terminals and the columns do not
	// move as nodes open; the bar gets what is left. Only when names do
	// not fit anyway does the bar keep a share of its own.
	c.name = min(rest, m.tree.need+1)
	switch b := min(16, (rest-20)/2); {
	case rest-c.name-1 >= 2: // two columns still show 16 steps of share
		c.bar = min(maxBar, rest-c.name-1)
	case b >= 4:
		c.bar, c.name = b, rest-b-1
	}
	c.name = max(minNm, c.name)
	return c
}

// pane renders the column headers and n rows of the tree from the scroll
// offset, with the counts of group g.
func (m *Model) pane(w, n int, g group) string {
	th := m.ctx.Theme
	c := m.layout(w, g)
	head := "  " + common.Fit("event", c.name) + " " + lpad("users", c.users) + " " + lpad("%parent", pctW) + " " + lpad("%all", pctW)
	if c.goal {
		head += " " + lpad("%goal", pctW)
	}
	lines := []string{th.Dim.Render(head)}
	t := &m.tree
	t.list.SetHeight(n)
	sel := t.list.Selected()
	for _, i := range t.list.Window() {
		lines = append(lines, m.rowLine(t.rows[i], c, g, i == sel))
	}
	if shown := t.list.Len(); shown > n {
		// Say where the window is, on the headers line, so nothing moves.
		off, _ := t.list.Hidden()
		pos := fmt.Sprintf(" %d-%d/%d", off+1, min(shown, off+n), shown)
		if lipgloss.Width(head)+lipgloss.Width(pos) <= w {
			lines[0] = th.Dim.Render(head + pos)
		}
	}
	return strings.Join(lines, "\n")
}

// count is the users of g through the node with key k, and through its
// parent.
func (m *Model) count(r row, g group) (n, parent int) {
	switch g {
	case converters:
		return m.result().conv[r.key], m.groupParent(r, m.result().conv, m.result().Converters.Users)
	case nonConverters:
		return m.result().non[r.key], m.groupParent(r, m.result().non, m.result().NonConverters.Users)
	}
	return r.count, r.parent
}

func (m *Model) groupParent(r row, counts map[string]int, users int) int {
	if r.level == 0 {
		return users
	}
	return counts[parentKey(r.key)]
}

func (m *Model) rowLine(r row, c cols, g group, selected bool) string {
	th := m.ctx.Theme
	glyph := "·"
	switch {
	case r.open:
		glyph = "▾"
	case r.kids:
		glyph = "▸"
	}
	cur := "  "
	if selected {
		cur = "› "
	}
	label := common.Fit(strings.Repeat("  ", r.level)+glyph+" "+common.Name(r.name), c.name)
	n, parent := m.count(r, g)
	var root int
	switch g {
	case converters:
		root = m.result().Converters.Users
	case nonConverters:
		root = m.result().NonConverters.Users
	default:
		root = m.result().Users
	}
	nums := " " + lpad(common.Count(n), c.users) + " " + lpad(pct(n, parent), pctW) + " " + lpad(pct(n, root), pctW)
	if c.goal {
		nums += " " + lpad(pct(m.result().conv[r.key], n), pctW)
	}
	if n == 0 {
		// The other group has users here, this one none: keep the row so
		// that panes line up, but quiet.
		nums = common.Fit(" "+lpad("–", c.users), lipgloss.Width(nums))
	}
	if selected {
		return th.Selected.Render(cur+label+nums) + m.bar(n, parent, c.bar)
	}
	return cur + label + nums + m.bar(n, parent, c.bar)
}

// bar draws share n/of in w columns with eighth blocks; a whole bar (the
// anchor, an only child) says nothing and is left out.
func (m *Model) bar(n, of, w int) string {
	if w <= 0 || of <= 0 || n <= 0 || n == of {
		return ""
	}
	eighths := int(float64(8*w)*float64(n)/float64(of) + 0.5)
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return " " + m.ctx.Theme.Bar.Render(s)
}

func pct(n, of int) string {
	if of <= 0 {
		return "–"
	}
	return report.PercentOf(n, of)
}

func lpad(s string, n int) string {
	return strings.Repeat(" ", max(0, n-lipgloss.Width(s))) + s
}
