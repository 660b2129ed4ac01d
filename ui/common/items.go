package common

import (
	"fmt"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/components/picker"
)

// EventItems lists event names, most frequent first, with their counts.
func EventItems(c *Context) []picker.Item {
	counts := c.Log.NameCounts()
	ids := make([]int, 0, len(c.Log.Names))
	for id := 1; id < len(c.Log.Names); id++ {
		ids = append(ids, id)
	}
	sort.SliceStable(ids, func(i, j int) bool { return counts[ids[i]] > counts[ids[j]] })
	items := make([]picker.Item, len(ids))
	for i, id := range ids {
		items[i] = picker.Item{Label: c.Log.Names[id], Detail: Count(counts[id])}
	}
	return items
}

// KeyItems lists the property keys, alphabetically.
func KeyItems(c *Context) []picker.Item {
	ks := append([]string(nil), c.Log.Keys[1:]...)
	sort.Strings(ks)
	items := make([]picker.Item, len(ks))
	for i, k := range ks {
		items[i] = picker.Item{Label: k}
	}
	return items
}

// ValuesMsg brings the values of a property key, most frequent first, to
// the view (For) that asked. They are read off the UI goroutine because
// the first read of a key decodes a whole column.
type ValuesMsg struct {
	For, Key string
	Items    []picker.Item
	Err      error
}

// ValueItems reads the values of key as a command answering ValuesMsg.
func ValueItems(c *Context, requester, key string) tea.Cmd {
	l := c.Log
	return func() tea.Msg {
		id, ok := l.KeyID(key)
		if !ok {
			return ValuesMsg{For: requester, Key: key, Err: fmt.Errorf("no property %q", key)}
		}
		ids, counts, err := l.TopValues(id)
		items := make([]picker.Item, len(ids))
		for i, v := range ids {
			items[i] = picker.Item{Label: l.Values[v], Detail: Count(counts[i])}
		}
		return ValuesMsg{For: requester, Key: key, Items: items, Err: err}
	}
}

// ValueHint is the title of a value picker for key.
func ValueHint(key string) string {
	return key + " = ?   (!v not equal, ~v contains)"
}

// ParseValue reads a picked or typed value: "!v" means not equal, "~v"
// contains, anything else equal.
func ParseValue(key, v string) spec.Cond {
	switch {
	case strings.HasPrefix(v, "!") && len(v) > 1:
		return spec.Cond{Key: key, Op: spec.Ne, Value: v[1:]}
	case strings.HasPrefix(v, "~") && len(v) > 1:
		return spec.Cond{Key: key, Op: spec.Contains, Value: v[1:]}
	}
	return spec.Cond{Key: key, Op: spec.Eq, Value: v}
}
