package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
)

func newInfoCmd(g *globals) *cobra.Command {
	return storeCommand(&cobra.Command{
		Use:   "info",
		Short: "Summarise the database: events, users, names, time range and imports",
		Long: `Summarise the database: its events, users, event names and time range, then one row
per import. The table on a terminal shows both; JSON (the default when piped) holds
every field; CSV and Markdown are the imports table.`,
		Example: `  funnelscope info
  funnelscope info | jq .events
  funnelscope info --format csv > imports.csv`,
	}, g, readInfo, infoView)
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

// readInfo reads the summary and the imports of st.
func readInfo(ctx context.Context, st *store.Store) (infoJSON, error) {
	sm, err := st.Summary(ctx)
	if err != nil {
		return infoJSON{}, err
	}
	imps, err := st.Imports(ctx)
	if err != nil {
		return infoJSON{}, err
	}
	out := infoJSON{Database: st.Path(), Events: sm.Events, Users: sm.Users, EventNames: sm.EventNames,
		First: rfc3339(sm.First), Last: rfc3339(sm.Last), Imports: []importJSON{}}
	for _, im := range imps {
		out.Imports = append(out.Imports, importJSON{im.ID, im.File, im.Format, im.Size, im.SHA256, im.RowsRead,
			im.Imported, im.Duplicates, im.Rejected, im.Skipped, im.Started.Format(time.RFC3339),
			im.Finished.Format(time.RFC3339)})
	}
	return out, nil
}

var infoView = view[infoJSON]{
	json:    func(in infoJSON) any { return in },
	heading: infoHeading,
	table:   plain(importsTable),
}

// infoHeading is the summary, and when nothing was imported yet, how to.
func infoHeading(in infoJSON) string {
	var b strings.Builder
	fmt.Fprintf(&b, "database     %s\nevents       %d\nusers        %d\nevent names  %d\n",
		in.Database, in.Events, in.Users, in.EventNames)
	if in.Events > 0 {
		fmt.Fprintf(&b, "from         %s\nto           %s\n", in.First, in.Last)
	}
	if len(in.Imports) == 0 {
		b.WriteString("\nno imports yet: funnelscope import FILE\n")
	}
	return b.String()
}

func importsTable(in infoJSON) report.Table {
	t := report.Table{Headers: []string{"#", "file", "format", "read", "imported", "duplicate", "rejected", "finished"},
		RightAlign: []bool{true, false, false, true, true, true, true, false}}
	for _, im := range in.Imports {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(im.ID, 10), im.File, im.Format,
			strconv.FormatInt(im.RowsRead, 10), strconv.FormatInt(im.Imported, 10),
			strconv.FormatInt(im.Duplicates, 10), strconv.FormatInt(im.Rejected, 10), im.Finished})
	}
	return t
}
