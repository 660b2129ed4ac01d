package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/ui/app"
	"github.com/spf13/cobra"
)

func newOpenCmd() *cobra.Command {
	f := &importFlags{}
	var v *viewFlags
	cmd := &cobra.Command{
		Use:   "open [flags] FILE...",
		Short: "Import files into a database cached for that set of files, and explore it",
		Long: `Import the files into a database of their own in <user cache dir>/funnelscope/open/
(import progress shows in the explorer), then open the explorer on it. The database
is keyed by the files' paths, sizes and modification times: opening the same files
again is instant, and a changed file is imported afresh. The import flags apply.
When a file is not event data the command fails and caches nothing.

` + explorerKeysHelp,
		Example: `  funnelscope open events.csv
  funnelscope open ga4-export-*.ndjson.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			opts, err := f.options()
			if err != nil {
				return err
			}
			path, err := openCachePath(files, opts)
			if err != nil {
				return err
			}
			if _, err := os.Stat(path + ".complete"); err == nil {
				return runTUI(cmd, path, nil, nil, v)
			}
			// A previous attempt may have stopped halfway: start afresh.
			if err := store.Remove(path); err != nil {
				return err
			}
			return importAndExplore(cmd, path, files, opts, v)
		},
	}
	f.register(cmd.Flags())
	v = registerView(cmd)
	return cmd
}

// importAndExplore imports the files into a new database at path inside
// the explorer's loading screen. The cache keeps complete databases only:
// when the import does not complete (a file refused, a quit halfway) the
// database goes, and a refused file makes the command fail.
func importAndExplore(cmd *cobra.Command, path string, files []string, opts ingest.Options, v *viewFlags) error {
	done := path + ".complete"
	imported := make(chan error, 1) // the import's outcome, once it has one
	load := importInto(files, opts, done)
	err := runTUI(cmd, path, func(ctx context.Context, st *store.Store, report func(app.Progress)) error {
		err := load(ctx, st, report)
		imported <- err
		return err
	}, nil, v)
	if _, statErr := os.Stat(done); statErr != nil {
		if rmErr := store.Remove(path); rmErr != nil && err == nil {
			err = fmt.Errorf("remove the unfinished %s: %w", path, rmErr)
		}
	}
	select {
	case ierr := <-imported:
		if err == nil && ierr != nil && !errors.Is(ierr, context.Canceled) {
			err = ierr // shown in the explorer, gone with its screen: say it again
		}
	default: // quit before the import ended
	}
	return err
}

// openCachePath names the database of a set of files and import options.
func openCachePath(files []string, opts ingest.Options) (string, error) {
	h := sha256.New()
	for _, name := range files {
		abs, err := filepath.Abs(name)
		if err != nil {
			return "", err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return "", fmt.Errorf("open %s: %w", name, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", abs, fi.Size(), fi.ModTime().UnixNano())
	}
	fmt.Fprintf(h, "%+v", opts)
	dir, err := cacheDir("open")
	if err != nil {
		return "", err
	}
	base := strings.TrimSuffix(filepath.Base(files[0]), filepath.Ext(files[0]))
	return filepath.Join(dir, fmt.Sprintf("%s-%s.db", base, hex.EncodeToString(h.Sum(nil))[:12])), nil
}

// importInto imports the files inside the explorer's loading screen and
// marks the database complete when every file went in.
func importInto(files []string, opts ingest.Options, done string) func(context.Context, *store.Store, func(app.Progress)) error {
	return func(ctx context.Context, st *store.Store, report func(app.Progress)) error {
		im := &ingest.Importer{Store: st, Options: opts}
		for i, file := range files {
			stage := fmt.Sprintf("importing %s (%d of %d)", filepath.Base(file), i+1, len(files))
			report(app.Progress{Stage: stage})
			im.Progress = func(p ingest.Progress) {
				report(app.Progress{Stage: stage, Done: p.BytesRead, Total: p.Total})
			}
			res, err := im.ImportFile(ctx, file)
			if err != nil {
				return err
			}
			if res.Failed() {
				why := ""
				if len(res.Errors) > 0 {
					why = "; first: " + res.Errors[0].Error()
				}
				return fmt.Errorf("%s: every row was rejected%s", file, why)
			}
		}
		return os.WriteFile(done, nil, 0o644)
	}
}
