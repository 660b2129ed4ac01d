package chengine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/engine"
)

// catalog is what the header and pickers ask on every frame, read once.
type catalog struct {
	summary engine.Summary
	noIDs   int                // events without an export session id
	events  []engine.NameCount // most frequent first, ties in import order
	// names and keys are in order of first import (smallest seq): the
	// dictionary order of a local store, which the streamed snapshots
	// reuse so that ties between ids break as they do locally.
	names, keys []string
	sortedKeys  []string // Keys' answer
	hasName     map[string]bool
	hasKey      map[string]bool
}

// catalogQueries are the catalog's three reads: each fills fields of
// its own, so they run at once (on 10 M events the users' count alone
// takes seconds).
var catalogQueries = []struct {
	what, sql string
	row       func(*catalog, *rowReader) error
}{
	{"summary", "SELECT count(), uniqExact(user), min(time_us), max(time_us), countIf(session = '') FROM events FORMAT RowBinary",
		(*catalog).readSummary},
	{"event names", "SELECT name, count(), min(seq) AS s FROM events GROUP BY name ORDER BY s FORMAT RowBinary",
		(*catalog).readName},
	{"property keys", "SELECT k, min(seq) AS s FROM events ARRAY JOIN prop_keys AS k GROUP BY k ORDER BY s, k FORMAT RowBinary",
		(*catalog).readKey},
}

func readCatalog(ctx context.Context, q Querier) (*catalog, error) {
	c := &catalog{hasName: map[string]bool{}, hasKey: map[string]bool{}}
	errs := make([]error, len(catalogQueries))
	var wg sync.WaitGroup
	for i, cq := range catalogQueries {
		wg.Go(func() {
			if err := rows(ctx, q, cq.sql, func(r *rowReader) error { return cq.row(c, r) }); err != nil {
				errs[i] = fmt.Errorf("%s: %w", cq.what, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Stable over import order, as engine.Local breaks ties.
	sort.SliceStable(c.events, func(i, j int) bool { return c.events[i].Count > c.events[j].Count })
	c.sortedKeys = slices.Sorted(slices.Values(c.keys))
	return c, nil
}

// readSummary reads count, users, first and last time, and events
// without a session id: five 64-bit numbers.
func (c *catalog) readSummary(r *rowReader) error {
	var v [5]uint64
	if err := r.uint64s(v[:]); err != nil {
		return err
	}
	c.summary = engine.Summary{Events: int(v[0]), Users: int(v[1]), First: int64(v[2]), Last: int64(v[3])}
	c.noIDs = int(v[4])
	return nil
}

func (c *catalog) readName(r *rowReader) error {
	name, err := r.string()
	if err != nil {
		return err
	}
	n, err := r.uint64()
	if err != nil {
		return err
	}
	if _, err := r.uint64(); err != nil {
		return err
	}
	c.names = append(c.names, name)
	c.hasName[name] = true
	c.events = append(c.events, engine.NameCount{Name: name, Count: int(n)})
	return nil
}

func (c *catalog) readKey(r *rowReader) error {
	key, err := r.string()
	if err != nil {
		return err
	}
	if _, err := r.uint64(); err != nil {
		return err
	}
	c.keys = append(c.keys, key)
	c.hasKey[key] = true
	return nil
}

// Summary implements engine.Catalog.
func (e *Engine) Summary() engine.Summary { return e.cat.summary }

// Events implements engine.Catalog; the caller must not modify the slice.
func (e *Engine) Events() []engine.NameCount { return e.cat.events }

// Keys implements engine.Catalog, alphabetically; the caller must not
// modify the slice.
func (e *Engine) Keys() []string { return e.cat.sortedKeys }

// HasEvent implements engine.Catalog.
func (e *Engine) HasEvent(name string) bool { return e.cat.hasName[name] }

// HasKey implements engine.Catalog.
func (e *Engine) HasKey(key string) bool { return e.cat.hasKey[key] }

// Values implements engine.Catalog: one GROUP BY over the key's values.
func (e *Engine) Values(ctx context.Context, key string) ([]engine.NameCount, error) {
	if !e.HasKey(key) {
		return nil, fmt.Errorf("no property %q", key)
	}
	sql := fmt.Sprintf("SELECT v, count() AS c FROM events ARRAY JOIN prop_keys AS k, prop_values AS v"+
		" WHERE has(prop_keys, %[1]s) AND k = %[1]s AND v != '' GROUP BY v ORDER BY c DESC, v FORMAT RowBinary", clickhouse.Quote(key))
	var out []engine.NameCount
	err := rows(ctx, e.q, sql, func(r *rowReader) error {
		v, err := r.string()
		if err != nil {
			return err
		}
		n, err := r.uint64()
		out = append(out, engine.NameCount{Name: v, Count: int(n)})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("values of %s: %w", key, err)
	}
	return out, nil
}
