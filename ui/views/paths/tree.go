package paths

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/list"
)

// row is one visible node of the tree.
type row struct {
	key    string // names from the first level down, joined by sep
	name   string
	level  int // 0: the anchor (or the step dropped at)
	count  int // users of the whole group through this node
	parent int // users through its parent (the group's users at level 0)
	kids   bool
	open   bool
}

// tree is the fold state of the result's tree: which nodes are open and
// the rows they make visible, with the list that holds the cursor, the
// scroll window and the filter over those rows. Nodes are known by key
// (the list's labels too), so the state survives a recompute that keeps
// them (a deeper tree, another goal, new filters).
type tree struct {
	res   *computed
	ident string // what the open keys refer to: anchor, direction, mode
	open  map[string]bool
	rows  []row
	need  int // columns the widest label of the whole tree takes
	list  list.Model
}

// cursor is the row under the cursor (0 when there are no rows).
func (t *tree) cursor() int { return max(0, t.list.Selected()) }

// show hands the visible rows to the list, which keeps the cursor on the
// same node when it is still visible.
func (t *tree) show() {
	keys := make([]string, len(t.rows))
	for i, r := range t.rows {
		keys[i] = r.key
	}
	t.list.SetRows(keys)
}

// load shows res (nil: nothing), keeping the folds and the cursor's node
// when res answers the same question as before.
func (t *tree) load(res *computed) {
	at := t.selected()
	t.res = res
	t.list.SetRows(nil) // a new answer starts at the top...
	if res == nil {
		t.rows = nil
		return
	}
	ident := fmt.Sprint(res.Anchor, res.Direction, res.AfterStep)
	if ident != t.ident || t.open == nil {
		// A new question: open the first level so that the first answers
		// (what comes right after or before the anchor) show at once.
		t.ident, t.open, at = ident, map[string]bool{}, ""
		for _, n := range res.Tree.Children {
			t.open[n.Name] = true
		}
	}
	t.need = labelWidth(res.Tree.Children, 0)
	t.flatten()
	t.show()
	// ...unless its node, or the closest ancestor, is still shown.
	for k := at; k != ""; k = parentKey(k) {
		if i := t.find(k); i >= 0 {
			t.list.Select(i)
			break
		}
	}
}

// labelWidth is the widest label (indent, fold glyph, name) among ns and
// their descendants, ns being at level lvl.
func labelWidth(ns []analysis.PathNode, lvl int) int {
	w := lipgloss.Width("event")
	for _, n := range ns {
		w = max(w, 2*lvl+2+lipgloss.Width(common.Name(n.Name)), labelWidth(n.Children, lvl+1))
	}
	return w
}

// selected is the key of the node under the cursor ("" when empty).
func (t *tree) selected() string {
	if i := t.list.Selected(); i >= 0 && i < len(t.rows) {
		return t.rows[i].key
	}
	return ""
}

func (t *tree) find(key string) int {
	for i, r := range t.rows {
		if r.key == key {
			return i
		}
	}
	return -1
}

// flatten lists the visible rows: every node whose ancestors are open.
func (t *tree) flatten() {
	t.rows = t.rows[:0]
	if t.res == nil {
		return
	}
	var walk func(parent string, level, parentCount int, ns []analysis.PathNode)
	walk = func(parent string, level, parentCount int, ns []analysis.PathNode) {
		for _, n := range ns {
			k := nodeKey(parent, n.Name)
			open := t.open[k] && len(n.Children) > 0
			t.rows = append(t.rows, row{key: k, name: n.Name, level: level, count: n.Count,
				parent: parentCount, kids: len(n.Children) > 0, open: open})
			if open {
				walk(k, level+1, n.Count, n.Children)
			}
		}
	}
	walk("", 0, t.res.Users, t.res.Tree.Children)
}

// expand opens the node under the cursor, or steps into an open one.
func (t *tree) expand() {
	i := t.list.Selected()
	if i < 0 {
		return
	}
	r := t.rows[i]
	switch {
	case !r.kids:
	case !r.open:
		t.open[r.key] = true
		t.flatten()
		t.show()
	default:
		t.list.Move(1) // an open node's first child is the next row
	}
}

// collapse closes the node under the cursor, or goes up to its parent.
func (t *tree) collapse() {
	i := t.list.Selected()
	if i < 0 {
		return
	}
	r := t.rows[i]
	if r.open {
		delete(t.open, r.key)
		t.flatten()
		t.show()
	} else if p := t.find(parentKey(r.key)); r.level > 0 && p >= 0 {
		t.list.Select(p)
	}
}

// path is the node under the cursor as "a > b > c", in time order.
func (t *tree) path(backward bool) string {
	k := t.selected()
	if k == "" {
		return ""
	}
	names := strings.Split(k, sep)
	if backward {
		for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
			names[i], names[j] = names[j], names[i]
		}
	}
	return strings.Join(names, " › ")
}

// Rows are the tree's visible rows in display order (a folded node's
// children are not rows), each its name and its users as drawn: what a
// check of the screen looks for.
func (m *Model) Rows() []Row {
	out := make([]Row, len(m.tree.rows))
	for i, r := range m.tree.rows {
		out[i] = Row{Name: r.name, Users: common.Count(r.count)}
	}
	return out
}

// Row is one row of the tree as Rows gives it.
type Row struct{ Name, Users string }
