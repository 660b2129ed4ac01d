package main

import (
	"strconv"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/spf13/cobra"
)

func newEventsCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "events",
		Short:   "List every event name with its count and users, most frequent first",
		Example: "  funnelscope events\n  funnelscope events --format csv > events.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := report.CheckFormat(format, report.Formats...); err != nil {
				return err
			}
			st, err := g.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			counts, err := st.EventCounts(cmd.Context())
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if format == "json" {
				type row struct {
					Name  string `json:"name"`
					Count int64  `json:"count"`
					Users int64  `json:"users"`
				}
				rows := make([]row, len(counts))
				for i, c := range counts {
					rows[i] = row{c.Name, c.Count, c.Users}
				}
				return report.JSON(w, rows)
			}
			t := report.Table{Headers: []string{"name", "count", "users"}, RightAlign: []bool{false, true, true}}
			for _, c := range counts {
				t.Rows = append(t.Rows, []string{c.Name, strconv.FormatInt(c.Count, 10), strconv.FormatInt(c.Users, 10)})
			}
			return t.Write(w, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table|json|csv|md")
	return cmd
}
