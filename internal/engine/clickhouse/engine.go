// Package chengine answers analysis specs from a ClickHouse server (the
// engine.Engine behind --engine clickhouse://...), with the numbers that
// docs/semantics.md defines. ClickHouse keeps, filters and orders the
// events; which analyses it computes in SQL and which it streams to the
// analysis package is written in docs/semantics.md, "On ClickHouse".
package chengine

import (
	"context"
	"fmt"
	"io"

	"github.com/funnelscope/funnelscope/internal/engine"
)

// Querier runs one SQL statement on a ClickHouse server (HTTP interface)
// and streams the response body; a cancelled ctx must stop the request.
// The caller closes the body.
type Querier interface {
	Query(ctx context.Context, sql string) (io.ReadCloser, error)
}

// Engine is the engine.Engine over the events table (clickhouse.Table,
// whose columns the queries name) of the database that q reaches. It
// is safe for concurrent use: after Open it holds only the catalog, which
// never changes, and every analysis makes its own requests.
type Engine struct {
	q   Querier
	cat *catalog
	// partEvents bounds the events an analysis that merges exactly over
	// users (paths) streams at once (passes.go).
	partEvents int
}

// Open reads the catalog (sizes, event names, property keys) once, so
// that the header's questions are answered at once afterwards.
func Open(ctx context.Context, q Querier) (*Engine, error) {
	cat, err := readCatalog(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("read the ClickHouse catalog: %w", err)
	}
	return &Engine{q: q, cat: cat, partEvents: partEvents}, nil
}

// rows runs sql (which must ask for FORMAT RowBinary) and calls row once
// per row with a reader positioned at it.
func rows(ctx context.Context, q Querier, sql string, row func(*rowReader) error) error {
	body, err := q.Query(ctx, sql)
	if err != nil {
		return err
	}
	defer func() { _ = body.Close() }() // a read error is the one to report
	rr := newRowReader(body)
	for {
		more, err := rr.more()
		if err != nil {
			return fmt.Errorf("read the answer: %w", err)
		}
		if !more {
			return ctx.Err()
		}
		if err := row(rr); err != nil {
			return err
		}
	}
}

var _ engine.Engine = (*Engine)(nil)
