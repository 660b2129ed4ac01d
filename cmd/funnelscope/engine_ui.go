package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/saved"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/sshserve"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/ui/app"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/spf13/cobra"
)

// runEngineTUI is ui --engine: the explorer on ClickHouse. Saved funnels
// live in --db when it exists (written only to save one), else in memory
// for the session.
func runEngineTUI(cmd *cobra.Command, g *globals) (err error) {
	if err := needTerminal(); err != nil {
		return err
	}
	c, err := g.openClient(cmd.Context())
	if err != nil {
		return err
	}
	var sv common.SavedFunnels = newMemSaved()
	st, err := localBeside(g)
	if err != nil {
		return err
	}
	if st != nil {
		defer closeStore(st, &err)
		sv = savedOnDemand{saved.ReadOnly(st), g.db}
	}
	load := func(ctx context.Context, report func(app.Progress)) (engine.Engine, error) {
		report(app.Progress{Stage: "reading the catalog of " + c.Redacted()})
		return openClickHouseEngine(ctx, c)
	}
	return runExplorer(cmd, c.Redacted(), app.Options{Load: load, Saved: sv, Suggest: true})
}

// serveEngine is serve --engine: every session on ClickHouse, saved
// funnels from --db when it exists (as serve without --engine), else off.
func serveEngine(cmd *cobra.Command, g *globals, f *serveFlags, startups sshserve.StartupLimit) (err error) {
	c, err := g.openClient(cmd.Context())
	if err != nil {
		return err
	}
	start := time.Now()
	e, err := openClickHouseEngine(cmd.Context(), c)
	if err != nil {
		return err
	}
	sum := e.Summary()
	fmt.Fprintf(cmd.ErrOrStderr(), "serve: %s: %d events of %d users, catalog read in %.2fs\n",
		c.Redacted(), sum.Events, sum.Users, time.Since(start).Seconds())
	cfg := sshserve.Config{DBName: c.Database(), DBArg: c.Redacted(), Engine: e}
	st, err := localBeside(g)
	if err != nil || st == nil {
		return errors.Join(err, serveWith(cmd, f, startups, cfg))
	}
	defer func() { _ = st.Close() }() // read-only: a failed close loses nothing
	views, closeViews, err := serveViews(st, g.db, f.allowSave)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeViews()) }()
	cfg.Saved = views
	return serveWith(cmd, f, startups, cfg)
}

// localBeside opens --db read-only for what stays local beside a
// ClickHouse engine (saved funnels); nil when there is no such file.
func localBeside(g *globals) (*store.Store, error) {
	st, err := g.openExisting()
	var none noDatabaseError
	if errors.As(err, &none) {
		return nil, nil
	}
	return st, err
}

// memSaved keeps saved funnels in memory, for an explorer on ClickHouse
// with no local --db.
type memSaved struct {
	mu sync.Mutex
	m  map[string]memFunnel
}

type memFunnel struct {
	f       spec.Funnel
	updated time.Time
}

func newMemSaved() *memSaved { return &memSaved{m: map[string]memFunnel{}} }

// Save implements common.SavedFunnels.
func (s *memSaved) Save(_ context.Context, name string, f spec.Funnel) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[name] = memFunnel{f, time.Now()}
	return nil
}

// List implements common.SavedFunnels: by name.
func (s *memSaved) List(context.Context) ([]spec.SavedEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]spec.SavedEntry, 0, len(s.m))
	for name, v := range s.m {
		out = append(out, spec.SavedEntry{Name: name, Updated: v.updated})
	}
	slices.SortFunc(out, func(a, b spec.SavedEntry) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Load implements common.SavedFunnels.
func (s *memSaved) Load(_ context.Context, name string) (spec.Funnel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[name]
	if !ok {
		return spec.Funnel{}, fmt.Errorf("no saved funnel %q", name)
	}
	return v.f, nil
}

// Rename implements common.SavedFunnels.
func (s *memSaved) Rename(_ context.Context, from, to string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[from]
	if !ok {
		return fmt.Errorf("no saved funnel %q", from)
	}
	delete(s.m, from)
	s.m[to] = v
	return nil
}

// Delete implements common.SavedFunnels.
func (s *memSaved) Delete(_ context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, name)
	return nil
}
