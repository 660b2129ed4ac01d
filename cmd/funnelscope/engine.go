package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/engine"
	chengine "github.com/funnelscope/funnelscope/internal/engine/clickhouse"
	"github.com/spf13/cobra"
)

// registerEngine declares --engine on cmd. The default, "", is the local
// --db; FUNNELSCOPE_ENGINE is read when the flag is not given, and is the
// way to pass a password (the flag shows in the process list).
func registerEngine(cmd *cobra.Command, g *globals) {
	cmd.Flags().StringVar(&g.engine, "engine", "",
		"analyse a ClickHouse database instead of --db: clickhouse://user@host:8123/db (env "+clickhouse.EnvEngine+
			", the place for a password)")
}

// engineDSN is the ClickHouse engine that --engine or FUNNELSCOPE_ENGINE
// names; ok is false for the local --db.
func (g *globals) engineDSN() (d clickhouse.DSN, ok bool, err error) {
	raw := g.engine
	if raw == "" && clickhouse.IsURL(g.db) {
		// The explorer's y names the engine it runs on as --db.
		raw = g.db
	}
	if raw == "" {
		return clickhouse.FromEnv()
	}
	d, err = clickhouse.ParseDSN(raw)
	if err != nil {
		return d, true, fmt.Errorf("--engine: %w", err)
	}
	return d, true, nil
}

// remote reports whether the command runs on ClickHouse.
func (g *globals) remote() bool {
	_, ok, _ := g.engineDSN()
	return ok
}

// openClient connects to the ClickHouse engine named by --engine.
func (g *globals) openClient(ctx context.Context) (*clickhouse.Client, error) {
	d, ok, err := g.engineDSN()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("no ClickHouse named: give --engine clickhouse://user@host:8123/db or set " + clickhouse.EnvEngine)
	}
	c := clickhouse.New(d)
	if err := c.Ping(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// openEngine returns the engine that answers the command's analyses: on
// ClickHouse when --engine or FUNNELSCOPE_ENGINE names one, else on the
// snapshot of --db, which must exist. closeEngine releases it (the local
// store).
func openEngine(ctx context.Context, g *globals) (e engine.Engine, closeEngine func() error, err error) {
	if g.remote() {
		c, err := g.openClient(ctx)
		if err != nil {
			return nil, nil, err
		}
		e, err := openClickHouseEngine(ctx, c)
		return e, func() error { return nil }, err
	}
	st, err := g.openExisting()
	if err != nil {
		return nil, nil, err
	}
	e, err = localEngine(ctx, st)
	if err != nil {
		_ = st.Close()
		return nil, nil, err
	}
	return e, st.Close, nil
}

// openClickHouseEngine is the analysis engine over c's events table.
func openClickHouseEngine(ctx context.Context, c *clickhouse.Client) (engine.Engine, error) {
	e, err := chengine.Open(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Redacted(), err)
	}
	return e, nil
}

// runOnEngine is runAnalysis on the engine openEngine opens: compute's
// result shown in the asked format.
func runOnEngine[R any](cmd *cobra.Command, g *globals, o *outputFlags,
	compute func(context.Context, engine.Engine) (R, error), v view[R]) (err error) {
	format, err := o.outputFormat()
	if err != nil {
		return err
	}
	e, closeEngine, err := openEngine(cmd.Context(), g)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeEngine()) }()
	r, err := compute(cmd.Context(), e)
	if err != nil {
		return err
	}
	return v.write(cmd.OutOrStdout(), format, r)
}
