// Package dataset opens the in-memory snapshot of a store: from the
// store's blob cache when it is current, else by scanning the events once
// and caching the result. It is the only place that joins store and
// snapshot; analyses see only the snapshot.
package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
)

// Open returns the snapshot of st. A stale cache is rebuilt as the import
// rebuilds it (Refresh), in memory that does not grow with the events,
// when st may write it (a read-only store refreshes the cache of a
// database this process may write: see store.Store.CacheWritable), and the
// log is opened from it; otherwise the log is built through temporary
// files (buildTemp). When only writing the cache fails (a full disk), the
// built snapshot is returned with a *CacheError: the snapshot is sound,
// and the next open builds it again.
func Open(ctx context.Context, st *store.Store) (*snapshot.Log, error) {
	log, err := fromCache(ctx, st)
	if err != nil || log != nil {
		return log, err
	}
	if !st.CacheWritable() {
		return buildTemp(ctx, st)
	}
	cerr := Refresh(ctx, st)
	if ce := (*CacheError)(nil); cerr != nil && !errors.As(cerr, &ce) {
		return nil, cerr
	}
	if cerr == nil {
		if log, err = fromCache(ctx, st); err != nil || log != nil {
			return log, err
		}
		// An import committed since the refresh began: its cache is stale.
	}
	if log, err = buildTemp(ctx, st); err != nil {
		return nil, err
	}
	return log, cerr
}

// CacheError is Open's report that the snapshot was built but could not
// be cached.
type CacheError struct{ Err error }

func (e *CacheError) Error() string { return "cache the analysis snapshot: " + e.Err.Error() }

func (e *CacheError) Unwrap() error { return e.Err }

// Load returns the snapshot of st without ever writing to it (serve):
// from the cache when it is current, else by scanning the events through
// temporary files (slower, and nothing is cached). cached says which; a stale cache is refreshed by
// any command that uses Open on a database it may write (import, analyses).
func Load(ctx context.Context, st *store.Store) (log *snapshot.Log, cached bool, err error) {
	log, err = fromCache(ctx, st)
	if err != nil || log != nil {
		return log, log != nil, err
	}
	log, err = buildTemp(ctx, st)
	return log, false, err
}

// fromCache decodes the cached snapshot of st's current generation; the
// log is nil when there is no current cache, or one that fails to decode.
// Properties are read from the cache on first use, so st must stay open as
// long as the log is used.
func fromCache(ctx context.Context, st *store.Store) (*snapshot.Log, error) {
	gen, err := st.Generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	cols, ok, err := st.LoadSnapshotCache(ctx, gen, snapshot.CacheVersion, snapshot.CoreColumns)
	if err != nil {
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	if !ok {
		return nil, nil
	}
	log, err := snapshot.DecodeStream(cols, func(read func(snapshot.PropBlobs) error) error {
		ok, err := st.StreamSnapshotCache(context.Background(), gen, snapshot.CacheVersion,
			[]string{snapshot.ColPropOffsets, snapshot.ColPropData}, func(r map[string]*io.SectionReader) error {
				off, data := r[snapshot.ColPropOffsets], r[snapshot.ColPropData]
				return read(snapshot.PropBlobs{Offsets: off, Data: data, OffsetsLen: off.Size(), DataLen: data.Size()})
			})
		if err == nil && !ok {
			err = fmt.Errorf("snapshot cache changed while open: reopen the database")
		}
		return err
	})
	if err != nil {
		// The cache is a copy anyone who may write the file can craft:
		// one that does not decode is stale, and the events rebuild it.
		slog.Warn("snapshot cache rejected; rebuilding it from the events", "db", st.Path(), "err", err)
		return nil, nil
	}
	return log, nil
}

// Build scans every event of st into a new snapshot in memory, ignoring
// the cache: the reference the streamed builds are tested against. Its
// memory grows with the events (~1.5 GB at 10 M).
func Build(ctx context.Context, st *store.Store) (*snapshot.Log, error) {
	var dicts [store.NumDicts][]string
	for k := store.DictKind(0); k < store.NumDicts; k++ {
		d, err := st.DictStrings(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("build snapshot: %w", err)
		}
		dicts[k] = d
	}
	var b snapshot.Builder
	users, names := int64(len(dicts[store.DictUsers])), int64(len(dicts[store.DictNames]))
	err := st.ScanEvents(ctx, func(ev *store.StoredEvent) error {
		// Builder panics on an id outside its dictionary, and the file
		// may have been crafted.
		if ev.User < 0 || ev.User >= users || ev.Name < 0 || ev.Name >= names {
			return fmt.Errorf("event %d: user id %d of %d, name id %d of %d: the database is corrupt",
				ev.Seq, ev.User, users, ev.Name, names)
		}
		b.Add(int32(ev.User), int32(ev.Name), ev.Time, int32(ev.Session), ev.Props)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build snapshot: %w", err)
	}
	return b.Build(dicts[store.DictUsers], dicts[store.DictNames], dicts[store.DictKeys], dicts[store.DictValues]), nil
}
