package picker

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/ui/common"
)

// EventItems lists event names, most frequent first, with their event
// counts, labelled: views show user counts beside them, and a bare number
// reads as one.
func EventItems(cat engine.Catalog) []Item {
	evs := cat.Events()
	items := make([]Item, len(evs))
	for i, e := range evs {
		items[i] = Item{Label: e.Name, Detail: common.Count(e.Count) + " events"}
	}
	return items
}

// KeyItems lists the property keys, alphabetically.
func KeyItems(cat engine.Catalog) []Item {
	ks := cat.Keys()
	items := make([]Item, len(ks))
	for i, k := range ks {
		items[i] = Item{Label: k}
	}
	return items
}

// ValuesMsg brings the values of a property key, most frequent first, to
// the view (For) that asked.
type ValuesMsg struct {
	For, Key string
	Items    []Item
	Err      error
}

// LoadValues reads the values of key off the UI goroutine (the first read
// of a key may decode a whole column) and answers with a ValuesMsg.
func LoadValues(cat engine.Catalog, requester, key string) tea.Cmd {
	return func() tea.Msg {
		vs, err := cat.Values(context.Background(), key)
		items := make([]Item, len(vs))
		for i, v := range vs {
			items[i] = Item{Label: v.Name, Detail: common.Count(v.Count)}
		}
		return ValuesMsg{For: requester, Key: key, Items: items, Err: err}
	}
}
