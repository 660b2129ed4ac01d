package main

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
)

func newInfoCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "info",
		Short: "Summarise the database: events, users, names, time range and imports",
		Example: `  funnelscope info
  funnelscope info --format json | jq .events`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := report.CheckFormat(format, "table", "json"); err != nil {
				return err
			}
			st, err := g.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			return writeInfo(cmd, st, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table|json")
	return cmd
}

// infoJSON is the shape of `info --format json`.
type infoJSON struct {
	Database   string       `json:"database"`
	Events     int64        `json:"events"`
	Users      int64        `json:"users"`
	EventNames int64        `json:"event_names"`
	First      string       `json:"first"`
	Last       string       `json:"last"`
	Imports    []importJSON `json:"imports"`
}

type importJSON struct {
	ID         int64  `json:"id"`
	File       string `json:"file"`
	Format     string `json:"format"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256"`
	RowsRead   int64  `json:"rows_read"`
	Imported   int64  `json:"imported"`
	Duplicates int64  `json:"duplicates"`
	Rejected   int64  `json:"rejected"`
	Skipped    int64  `json:"skipped"`
	Started    string `json:"started"`
	Finished   string `json:"finished"`
}

func rfc3339(us int64) string {
	if us == 0 {
		return ""
	}
	return time.UnixMicro(us).UTC().Format(time.RFC3339)
}

func writeInfo(cmd *cobra.Command, st *store.Store, format string) error {
	ctx := cmd.Context()
	sm, err := st.Summary(ctx)
	if err != nil {
		return err
	}
	imps, err := st.Imports(ctx)
	if err != nil {
		return err
	}
	out := infoJSON{Database: st.Path(), Events: sm.Events, Users: sm.Users, EventNames: sm.EventNames,
		First: rfc3339(sm.First), Last: rfc3339(sm.Last), Imports: []importJSON{}}
	for _, im := range imps {
		out.Imports = append(out.Imports, importJSON{im.ID, im.File, im.Format, im.Size, im.SHA256, im.RowsRead,
			im.Imported, im.Duplicates, im.Rejected, im.Skipped, im.Started.Format(time.RFC3339),
			im.Finished.Format(time.RFC3339)})
	}
	w := cmd.OutOrStdout()
	if format == "json" {
		return report.JSON(w, out)
	}
	return writeInfoText(w, out)
}

func writeInfoText(w io.Writer, in infoJSON) error {
	fmt.Fprintf(w, "database     %s\nevents       %d\nusers        %d\nevent names  %d\n",
		in.Database, in.Events, in.Users, in.EventNames)
	if in.Events > 0 {
		fmt.Fprintf(w, "from         %s\nto           %s\n", in.First, in.Last)
	}
	if len(in.Imports) == 0 {
		fmt.Fprintln(w, "\nno imports yet: funnelscope import FILE")
		return nil
	}
	fmt.Fprintln(w)
	t := report.Table{Headers: []string{"#", "file", "format", "read", "imported", "duplicate", "rejected", "finished"},
		RightAlign: []bool{true, false, false, true, true, true, true, false}}
	for _, im := range in.Imports {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(im.ID, 10), im.File, im.Format,
			strconv.FormatInt(im.RowsRead, 10), strconv.FormatInt(im.Imported, 10),
			strconv.FormatInt(im.Duplicates, 10), strconv.FormatInt(im.Rejected, 10), im.Finished})
	}
	return t.Write(w, "table")
}
