package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Generation identifies the store's contents for caches: the id of the
// newest import (0 when empty). Imports only ever add, so an equal
// generation means equal events.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var g int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM imports`).Scan(&g)
	return g, err
}

// LoadSnapshotCache returns the named cached snapshot columns when they
// were built for generation gen with format version; ok is false when
// stale or absent.
func (s *Store) LoadSnapshotCache(ctx context.Context, gen int64, version int, names []string) (cols map[string][]byte, ok bool, err error) {
	if ok, err := s.cacheCurrent(ctx, gen, version); !ok || err != nil {
		return nil, false, err
	}
	// Read the blobs on one raw connection inside one read transaction, so
	// they are one consistent set. (A snapshot rewrite racing between the
	// generation check and here is not detected; rewrites happen only right
	// after imports, by the importing process.)
	raw, err := s.openRawReader()
	if err != nil {
		return nil, false, fmt.Errorf("snapshot cache: %w", err)
	}
	defer raw.close()
	err = raw.inReadTx(func() error {
		cols, err = readCacheBlobs(raw, names)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("snapshot cache: %w", err)
	}
	return cols, cols != nil, nil
}

// cacheCurrent reports whether the cached snapshot was built for
// generation gen with format version.
func (s *Store) cacheCurrent(ctx context.Context, gen int64, version int) (bool, error) {
	var builtFor int64
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT built_for, version FROM snapshot_meta WHERE id = 1`).Scan(&builtFor, &v)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		return false, nil // none yet, or a read-only file from before the cache existed
	}
	if err != nil {
		return false, fmt.Errorf("snapshot cache: %w", err)
	}
	return builtFor == gen && v == version, nil
}

// StreamSnapshotCache is LoadSnapshotCache that hands read a reader over
// each named column instead of the column whole: the property columns
// are read once per decoded key, and holding them whole would cost their
// size (163 MB at 10 M events) each time. The readers are valid during
// read only, all in one read transaction.
func (s *Store) StreamSnapshotCache(ctx context.Context, gen int64, version int, names []string,
	read func(map[string]*io.SectionReader) error) (ok bool, err error) {
	if ok, err := s.cacheCurrent(ctx, gen, version); !ok || err != nil {
		return false, err
	}
	raw, err := s.openRawReader()
	if err != nil {
		return false, fmt.Errorf("snapshot cache: %w", err)
	}
	defer raw.close()
	err = raw.inReadTx(func() error {
		rowids, err := cacheRowids(raw)
		if err != nil {
			return err
		}
		readers := map[string]*io.SectionReader{}
		for _, name := range names {
			blobs, err := openChunks(raw, rowids, name)
			defer closeBlobs(blobs)
			if err != nil || blobs == nil {
				return err
			}
			r := chunkedReaderAt(blobs)
			readers[name] = io.NewSectionReader(r, 0, r.size())
		}
		ok = true
		return read(readers)
	})
	if err != nil {
		return false, fmt.Errorf("snapshot cache: %w", err)
	}
	return ok, nil
}

// readCacheBlobs reads the named columns' blobs through raw, looking their
// rows up on raw too, so names and blobs come from one read transaction;
// nil when one is missing.
func readCacheBlobs(raw *rawConn, names []string) (map[string][]byte, error) {
	rowids, err := cacheRowids(raw)
	if err != nil {
		return nil, err
	}
	cols := map[string][]byte{}
	for _, name := range names {
		data, found, err := readChunks(raw, rowids, name)
		if err != nil || !found {
			return nil, err
		}
		cols[name] = data
	}
	return cols, nil
}

// readChunks reads column name's chunks whole, end to end.
func readChunks(raw *rawConn, rowids map[string]int64, name string) ([]byte, bool, error) {
	blobs, err := openChunks(raw, rowids, name)
	defer closeBlobs(blobs)
	if err != nil || blobs == nil {
		return nil, false, err
	}
	r := chunkedReaderAt(blobs)
	data := make([]byte, r.size())
	if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, fmt.Errorf("%s: %w", name, err)
	}
	return data, true, nil
}

// cacheRowids maps every cached column's name to its row.
func cacheRowids(raw *rawConn) (map[string]int64, error) {
	st, err := raw.prepare(`SELECT name, rowid FROM snapshot_cache`)
	if err != nil {
		return nil, err
	}
	defer st.finalize()
	rowids := map[string]int64{}
	for {
		ok, err := st.step()
		if err != nil {
			return nil, fmt.Errorf("list cached columns: %w", err)
		}
		if !ok {
			return rowids, nil
		}
		rowids[string(st.blob(0))] = st.int64(1) // a TEXT column's bytes
	}
}

// SaveSnapshotCache is SaveSnapshotCacheStream on columns held in memory,
// except that a store that may not write the cache (see CacheWritable)
// skips silently: the snapshot is then rebuilt per open.
func (s *Store) SaveSnapshotCache(ctx context.Context, gen int64, version int, cols map[string][]byte) error {
	if !s.CacheWritable() {
		return nil
	}
	stream := make([]CacheColumn, 0, len(cols))
	for _, name := range slices.Sorted(maps.Keys(cols)) {
		data := cols[name]
		stream = append(stream, CacheColumn{Name: name, Size: int64(len(data)), R: bytes.NewReader(data)})
	}
	return s.SaveSnapshotCacheStream(ctx, gen, version, stream)
}

// ScanEvents streams every event in import order (seq), the cheapest scan;
// the snapshot sorts in memory. It reads through the low-level binding:
// database/sql's per-row conversions made this 3-4x slower. ev.Props is a
// view valid only during fn.
func (s *Store) ScanEvents(ctx context.Context, fn func(*StoredEvent) error) error {
	raw, err := s.openRawReader()
	if err != nil {
		return fmt.Errorf("scan events: %w", err)
	}
	defer raw.close()
	st, err := raw.prepare(`SELECT seq, user_id, name_id, time_us, COALESCE(session_id, 0), props FROM events`)
	if err != nil {
		return fmt.Errorf("scan events: %w", err)
	}
	defer st.finalize()
	var ev StoredEvent
	for n := 0; ; n++ {
		if n%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		ok, err := st.step()
		if err != nil {
			return fmt.Errorf("scan events: %w", err)
		}
		if !ok {
			return nil
		}
		ev.Seq, ev.User, ev.Name, ev.Time, ev.Session = st.int64(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4)
		ev.Props = st.blob(5)
		if err := fn(&ev); err != nil {
			return err
		}
	}
}
