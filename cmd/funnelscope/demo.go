package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/sample"
	"github.com/spf13/cobra"
)

func newDemoCmd(g *globals) *cobra.Command {
	var users int
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open the workshop sample (created in your cache directory on first use)",
		Long: `Open the workshop sample dataset. On first use it is generated into
<user cache dir>/funnelscope/ (about a second); afterwards it opens at once.
The README lists the insights planted in it for a workshop to find.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := demoPath(users, seed)
			if err != nil {
				return err
			}
			if _, err := os.Stat(path); err != nil {
				if err := buildDemo(cmd, path, sample.Config{Users: users, Seed: seed}); err != nil {
					return err
				}
			}
			return runTUI(cmd, path, nil)
		},
	}
	cmd.Flags().IntVar(&users, "users", 20000, "users in the sample")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed of the sample")
	return cmd
}

func demoPath(users int, seed int64) (string, error) {
	dir, err := cacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, fmt.Sprintf("demo-u%d-s%d.db", users, seed)), nil
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
	if _, err = loadSample(cmd, st, cfg); err == nil {
		err = refreshSnapshot(cmd, st, true)
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
