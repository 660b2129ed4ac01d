package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/sample"
	"github.com/spf13/cobra"
)

type sampleFlags struct {
	users       int
	seed        int64
	out, format string
}

func newSampleCmd(g *globals) *cobra.Command {
	f := &sampleFlags{}
	cmd := &cobra.Command{
		Use:   "sample",
		Short: "Generate the deterministic workshop dataset into the database, or as an export file",
		Long: `Generate the workshop dataset: a seeded, realistic micro-conversion journey log (ad clicks,
landing pages, video plays, pricing views, newsletter sign-ups, add to cart, checkout,
purchase) with insights planted to be found (see the README). The same --seed always
gives the same events.

Without --out the events go into the database (--db). With --out they are written as an
export in one of the supported formats instead, to try the importers.`,
		Example: `  funnelscope sample                               # 20,000 users into ./funnelscope.db
  funnelscope sample --users 2000 --seed 7 --db small.db
  funnelscope sample --out sample.ndjson --format mixpanel
  funnelscope import sample.ndjson`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSample(cmd, g, f) },
	}
	fl := cmd.Flags()
	fl.IntVar(&f.users, "users", 20000, "number of users to generate")
	fl.Int64Var(&f.seed, "seed", 1, "random seed: the same seed gives the same data")
	fl.StringVar(&f.out, "out", "", "write an export file instead of filling the database")
	fl.StringVar(&f.format, "format", "csv", "export format with --out: "+strings.Join(sample.Formats(), "|")+
		" (default: ndjson for a .ndjson or .jsonl name, else csv)")
	return cmd
}

func runSample(cmd *cobra.Command, g *globals, f *sampleFlags) (err error) {
	if f.users < 1 {
		return fmt.Errorf("--users must be at least 1")
	}
	cfg := sample.Config{Users: f.users, Seed: f.seed}
	if f.out != "" {
		format := f.format
		if !cmd.Flags().Changed("format") {
			format = formatOfName(f.out)
		}
		return writeSampleFile(f.out, format, cfg)
	}
	st, err := g.open()
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	res, err := loadSample(cmd.Context(), st, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sample: %d users, imported %d events (duplicate %d) into %s in %.2fs\n",
		f.users, res.Imported, res.Duplicates, st.Path(), res.Duration.Seconds())
	return refreshSnapshot(cmd, st, res.Imported, false)
}

// formatOfName is the export format an --out name asks for when --format
// is not given: NDJSON for .ndjson and .jsonl, else CSV. Writing CSV into
// x.ndjson surprised people, though the import detects it either way.
func formatOfName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ndjson", ".jsonl":
		return "ndjson"
	}
	return "csv"
}

// loadSample generates the sample cfg into st.
func loadSample(ctx context.Context, st *store.Store, cfg sample.Config) (ingest.Result, error) {
	im := &ingest.Importer{Store: st}
	return im.ImportEvents(ctx, sampleName(cfg), func(emit func(*ingest.Event) error) error {
		return sample.Generate(cfg, emit)
	})
}

// sampleName is the file name the import of the sample cfg records.
func sampleName(cfg sample.Config) string {
	return fmt.Sprintf("sample(users=%d,seed=%d)", cfg.Users, cfg.Seed)
}

// writeSampleFile writes through a temporary file renamed at the end, so an
// interrupted run never leaves half an export behind.
func writeSampleFile(path, format string, cfg sample.Config) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sample-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	n, err := sample.Write(w, format, cfg)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sample: wrote %d events as %s to %s\n", n, format, path)
	return nil
}
