package main

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/spf13/cobra"
)

func newClickHouseCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "clickhouse",
		Short: "Set up a ClickHouse database for --engine, and copy a local one up",
		Long: `Commands for a ClickHouse server used as the analysis engine (--engine, or
FUNNELSCOPE_ENGINE, which is where a password belongs):

  funnelscope clickhouse init --engine clickhouse://user@host:8123/db [--cluster NAME]
  funnelscope clickhouse push --db local.db --engine clickhouse://user@host:8123/db

Import files straight into it with funnelscope import --engine ... FILE...`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newClickHouseInitCmd(g), newClickHousePushCmd(g))
	return cmd
}

func newClickHouseInitCmd(g *globals) *cobra.Command {
	var opts clickhouse.InitOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the events table (and the database) when missing",
		Long: `Create the database named by --engine and its events table (a MergeTree ordered
by user and time) when they do not exist. With --cluster, events is a Distributed
table over that cluster of the server's remote_servers, sharded by user, over a
table <db>_events in each shard's default database (created on the shards this
server hosts).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.openClient(cmd.Context())
			if err != nil {
				return err
			}
			if err := clickhouse.Init(cmd.Context(), c, opts); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: events table ready\n", c.Redacted())
			return nil
		},
	}
	registerEngine(cmd, g)
	cmd.Flags().StringVar(&opts.Cluster, "cluster", "", "make events a Distributed table over this cluster")
	cmd.Flags().StringVar(&opts.Table, "table", "", "name of the table to create (default events; a shard table on another server)")
	return cmd
}

func newClickHousePushCmd(g *globals) *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "push",
		Short: "Copy the events of --db into the ClickHouse database of --engine",
		Long: `Copy every event of the local database (--db) into the events table of --engine,
skipping those already there: pushing twice adds nothing. Run clickhouse init first.
A progress bar shows on a terminal unless --quiet.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			c, err := g.openClient(cmd.Context())
			if err != nil {
				return err
			}
			st, err := g.openExisting()
			if err != nil {
				return err
			}
			defer closeStore(st, &err)
			// No import heap limit here: the store's dictionaries are live
			// throughout and pass it on large stores, where collecting
			// nonstop made a 10 M event push 3x slower.
			im := &clickhouse.Importer{Client: c}
			bar := importBar(quiet, &im.Progress)
			res, err := im.Push(cmd.Context(), st)
			if bar != nil {
				bar.Done()
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "pushed %d events to %s (%d already there) in %.2fs\n",
				res.Imported, c.Redacted(), res.Duplicates, res.Duration.Seconds())
			return nil
		},
	}
	registerEngine(cmd, g)
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

// importToEngine is import --engine: each file into ClickHouse, with the
// local import's progress bar, reports and exit status.
func importToEngine(cmd *cobra.Command, g *globals, opts ingest.Options, quiet bool, files []string) error {
	c, err := g.openClient(cmd.Context())
	if err != nil {
		return err
	}
	// What the importer holds is bounded (staging batches, no keys), but
	// between collections the heap doubles, as in a local import.
	limitImportMemory()
	im := &clickhouse.Importer{Client: c, Options: opts}
	bar := importBar(quiet, &im.Progress)
	if failed, _ := importFiles(cmd.Context(), files, bar, im.ImportFile); failed > 0 {
		return exitCode(1)
	}
	return nil
}
