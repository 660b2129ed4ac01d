package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/sample"
	"github.com/spf13/cobra"
)

// demoFunnel is the sample's checkout, which the demo opens on computed:
// a workshop's first screen shows an answer, not an empty funnel.
var demoFunnel = []spec.Step{{Name: "view_item"}, {Name: "add_to_cart"}, {Name: "begin_checkout"}, {Name: "purchase"}}

func newDemoCmd(g *globals) *cobra.Command {
	var users int
	var seed int64
	var v *viewFlags
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open the workshop sample (created in your cache directory on first use)",
		Long: `Open the workshop sample dataset. On first use it is generated into
<user cache dir>/funnelscope/ (about a second); afterwards it opens at once.
The README lists the insights planted in it for a workshop to find.

With --db FILE the sample is generated into FILE instead (to serve it to a room
afterwards, say), when FILE does not exist yet; a FILE that holds the same sample
opens at once, and one that holds anything else is refused, never changed.

` + explorerKeysHelp,
		Example: `  funnelscope demo
  funnelscope demo --db workshop.db     # then: funnelscope serve --db workshop.db --allow-any-key`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg := sample.Config{Users: users, Seed: seed}
			path, err := demoPath(cmd, g, cfg)
			if err != nil {
				return err
			}
			// Generating takes a while: not for a pipe that cannot show it.
			if err := needTerminal(); err != nil {
				return err
			}
			if _, err := os.Stat(path); err != nil {
				if err := buildDemo(cmd, path, cfg); err != nil {
					return err
				}
			}
			return runTUI(cmd, path, nil, demoFunnel, v)
		},
	}
	cmd.Flags().IntVar(&users, "users", 20000, "users in the sample")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed of the sample")
	v = registerView(cmd)
	return cmd
}

// demoPath is the database of the sample cfg: --db when given on the
// command line (FUNNELSCOPE_DB names the everyday database, not a demo),
// else one in the cache directory per sample.
func demoPath(cmd *cobra.Command, g *globals, cfg sample.Config) (string, error) {
	if !cmd.Flags().Changed("db") {
		dir, err := cacheDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(dir, fmt.Sprintf("demo-u%d-s%d.db", cfg.Users, cfg.Seed)), nil
	}
	if _, err := os.Stat(g.db); errors.Is(err, fs.ErrNotExist) {
		return g.db, nil // generated on the way in
	}
	return g.db, checkHoldsSample(cmd, g.db, cfg)
}

// checkHoldsSample refuses a database holding anything but the sample cfg:
// demo must not open (or be mistaken for) someone's real events.
func checkHoldsSample(cmd *cobra.Command, path string, cfg sample.Config) error {
	st, err := openStore(path, store.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("demo --db %s: %w", path, err)
	}
	defer func() { _ = st.Close() }() // read-only: a failed close loses nothing
	imps, err := st.Imports(cmd.Context())
	if err != nil {
		return fmt.Errorf("demo --db %s: %w", path, err)
	}
	if len(imps) != 1 || imps[0].File != sampleName(cfg) {
		return fmt.Errorf("demo --db %s: the file exists and does not hold the sample of %d users, seed %d; "+
			"name a new file to generate it there, or explore this one with funnelscope --db %s", path, cfg.Users, cfg.Seed, path)
	}
	return nil
}

// cacheDir is <user cache dir>/funnelscope[/sub...], created if missing
// (the temporary directory stands in when there is no cache dir).
func cacheDir(sub ...string) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(append([]string{dir, "funnelscope"}, sub...)...)
	return dir, os.MkdirAll(dir, 0o755)
}

// buildDemo generates the sample into a temporary database and renames it
// into place, so an interrupted first run is simply redone next time.
func buildDemo(cmd *cobra.Command, path string, cfg sample.Config) error {
	tmp := path + ".building"
	if err := store.Remove(tmp); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "demo: generating the workshop sample (%d users) into %s ...\n", cfg.Users, path)
	st, err := store.Open(tmp)
	if err != nil {
		return err
	}
	res, err := loadSample(cmd.Context(), st, cfg)
	if err == nil {
		err = refreshSnapshot(cmd, st, res.Imported, true)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// Closing checkpoints the WAL; should one remain, it moves along.
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(tmp + suffix); err == nil {
			if err := os.Rename(tmp+suffix, path+suffix); err != nil {
				return err
			}
		}
	}
	return os.Rename(tmp, path)
}
