package main

import (
	"context"
	"strconv"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
)

func newEventsCmd(g *globals) *cobra.Command {
	return storeCommand(&cobra.Command{
		Use:     "events",
		Short:   "List every event name with its count and users, most frequent first",
		Example: "  funnelscope events\n  funnelscope events --format csv > events.csv",
	}, g, func(ctx context.Context, st *store.Store) ([]store.EventCount, error) { return st.EventCounts(ctx) }, eventsView)
}

// eventJSON is one row of `events --format json`.
type eventJSON struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
	Users int64  `json:"users"`
}

var eventsView = view[[]store.EventCount]{
	json: func(counts []store.EventCount) any {
		rows := make([]eventJSON, len(counts))
		for i, c := range counts {
			rows[i] = eventJSON{c.Name, c.Count, c.Users}
		}
		return rows
	},
	table: plain(func(counts []store.EventCount) report.Table {
		t := report.Table{Headers: []string{"name", "count", "users"}, RightAlign: []bool{false, true, true}}
		for _, c := range counts {
			t.Rows = append(t.Rows, []string{c.Name, strconv.FormatInt(c.Count, 10), strconv.FormatInt(c.Users, 10)})
		}
		return t
	}),
}
