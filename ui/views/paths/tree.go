package paths

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
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

// tree is the fold state of the result's tree: which nodes are open, the
// rows they make visible, the cursor and the scroll offset. Nodes are
// known by key, so the state survives a recompute that keeps them (a
// deeper tree, another goal, new filters).
type tree struct {
	res    *computed
	ident  string // what the open keys refer to: anchor, direction, mode
	open   map[string]bool
	rows   []row
	need   int // columns the widest label of the whole tree takes
	cursor int
	offset int
}

// load shows res (nil: nothing), keeping the folds and the cursor's node
// when res answers the same question as before.
func (t *tree) load(res *computed) {
	at := t.selected()
	t.res = res
	if res == nil {
		t.rows, t.cursor, t.offset = nil, 0, 0
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
	t.cursor, t.offset = 0, 0
	// The cursor stays on its node, or on the closest ancestor still shown.
	for k := at; k != ""; k = parentKey(k) {
		if i := t.find(k); i >= 0 {
			t.cursor = i
			break
		}
	}
}

// labelWidth is the widest label (indent, fold glyph, name) among ns and
// their descendants, ns being at level lvl.
func labelWidth(ns []analysis.PathNode, lvl int) int {
	w := lipgloss.Width("event")
	for _, n := range ns {
		w = max(w, 2*lvl+2+lipgloss.Width(n.Name), labelWidth(n.Children, lvl+1))
	}
	return w
}

// selected is the key of the node under the cursor ("" when empty).
func (t *tree) selected() string {
	if t.cursor < len(t.rows) {
		return t.rows[t.cursor].key
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

// move moves the cursor by d rows and scrolls so that it stays among the
// visible rows of a box n rows high.
func (t *tree) move(d, n int) {
	if len(t.rows) == 0 {
		return
	}
	t.cursor = min(max(t.cursor+d, 0), len(t.rows)-1)
	t.scroll(n)
}

func (t *tree) scroll(n int) {
	n = max(1, n)
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+n {
		t.offset = t.cursor - n + 1
	}
	t.offset = max(0, min(t.offset, len(t.rows)-n))
}

// expand opens the node under the cursor, or steps into an open one.
func (t *tree) expand(n int) {
	if t.cursor >= len(t.rows) {
		return
	}
	r := t.rows[t.cursor]
	switch {
	case !r.kids:
	case !r.open:
		t.open[r.key] = true
		t.flatten()
	default:
		t.cursor++ // an open node's first child is the next row
	}
	t.scroll(n)
}

// collapse closes the node under the cursor, or goes up to its parent.
func (t *tree) collapse(n int) {
	if t.cursor >= len(t.rows) {
		return
	}
	r := t.rows[t.cursor]
	if r.open {
		delete(t.open, r.key)
		t.flatten()
	} else if p := t.find(parentKey(r.key)); r.level > 0 && p >= 0 {
		t.cursor = p
	}
	t.scroll(n)
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
