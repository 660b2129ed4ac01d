package store

import (
	"container/heap"
	"context"
	"encoding/binary"
	"fmt"
	"io"
)

// Dedup without the keys in memory (docs/semantics.md, "Dedup key"): every
// row is inserted, its (key, seq) spilled in sorted runs (keySpill), and
// RemoveDuplicates merges the runs with the stored keys of earlier imports
// (each import's sorted blob in import_keys, read in pieces) and deletes
// the rows that lose. Memory is a run plus a buffer per source, whatever
// the size of the file or the store. Measured against the alternative of
// probing a SQLite index on the keys (a B-tree insert per row, random over
// the whole key space): that costs more than the whole import does today
// once the index outgrows the page cache, where a merge reads each stored
// key once, in order.

// RemoveDuplicates deletes the rows of this import whose dedup key is
// stored already, or came earlier in it (a smaller seq), records the keys
// of the rows kept as this import's, and returns how many rows it deleted.
// It is called once, after the last InsertEvents.
func (t *ImportTx) RemoveDuplicates(ctx context.Context) (removed int64, err error) {
	runs, err := t.keys.readers()
	if err != nil {
		return 0, err
	}
	stored, closeStored, err := t.storedKeys()
	if err != nil {
		return 0, err
	}
	defer closeStored()
	kept := &keySpill{dir: spillDir(t.s.path)}
	defer kept.close()
	if err := kept.create(); err != nil {
		return 0, err
	}
	// The losers' seqs come in key order: they are sorted before the
	// deletes, which then walk the table in order and, where a whole
	// stretch of the file was a duplicate (a file imported twice), take
	// it in one statement.
	dups := &keySpill{dir: spillDir(t.s.path)}
	defer dups.close()
	var nKept int64
	err = mergePairs(append(stored, runs...), func(p keySeq, first bool) error {
		switch {
		case p.seq == 0: // a stored key
		case first:
			nKept++
			return kept.writeKey(p.key)
		default:
			return dups.add(p.seq, 0)
		}
		return nil
	})
	closeStored()
	if err == nil {
		removed, err = t.deleteSeqs(ctx, dups)
	}
	if err == nil {
		err = t.recordKeys(kept, nKept)
	}
	if err != nil {
		return 0, fmt.Errorf("remove duplicates: %w", err)
	}
	return removed, nil
}

// deleteSeqs deletes the rows whose seqs dups holds (as keys), in order.
func (t *ImportTx) deleteSeqs(ctx context.Context, dups *keySpill) (int64, error) {
	runs, err := dups.readers()
	if err != nil {
		return 0, err
	}
	del := &seqDeleter{t: t, lo: 1} // empty: hi < lo
	err = mergePairs(runs, func(p keySeq, _ bool) error { return del.add(ctx, p.key) })
	if err == nil {
		err = del.flush()
	}
	return del.n, err
}

// writeKey appends one key of the output (the sorted keys kept).
func (s *keySpill) writeKey(k int64) error {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(k))
	_, err := s.w.Write(b[:])
	return err
}

// recordKeys stores the n keys written to kept as this import's blob,
// copied in pieces so it never sits in memory whole.
func (t *ImportTx) recordKeys(kept *keySpill, n int64) error {
	if err := kept.w.Flush(); err != nil {
		return err
	}
	if err := t.run(`INSERT INTO import_keys(import_id, keys) VALUES (?, zeroblob(?))`, t.importID, 8*n); err != nil {
		return fmt.Errorf("record dedup keys: %w", err)
	}
	if n == 0 {
		return nil
	}
	b, err := t.raw.openBlob("import_keys", "keys", t.importID, true)
	if err != nil {
		return err
	}
	defer b.close()
	buf := make([]byte, blobChunk)
	r := io.NewSectionReader(kept.f, 0, 8*n)
	for off := 0; ; {
		m, err := io.ReadFull(r, buf)
		if m > 0 {
			if err := b.writeAt(buf[:m], off); err != nil {
				return err
			}
			off += m
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// The stored keys' readers share storedBufTotal bytes of buffer, at least
// storedBufMin each: variables so that tests can read a few keys at a time.
var storedBufTotal, storedBufMin = 8 << 20, 4 << 10

// storedKeys opens a reader on every earlier import's keys; each yields
// seq 0, which no row has, so a stored key sorts before this import's.
func (t *ImportTx) storedKeys() ([]pairSource, func(), error) {
	ids, err := t.importKeyIDs()
	if err != nil {
		return nil, func() {}, err
	}
	per := max(storedBufMin, storedBufTotal/max(1, len(ids))) &^ 7
	var out []pairSource
	var blobs []*rawBlob
	closeAll := func() {
		for _, b := range blobs {
			b.close()
		}
		blobs = nil
	}
	for _, id := range ids {
		b, err := t.raw.openBlob("import_keys", "keys", id, false)
		if err != nil {
			closeAll()
			return nil, func() {}, fmt.Errorf("load dedup keys: %w", err)
		}
		blobs = append(blobs, b)
		out = append(out, &storedReader{b: b, buf: make([]byte, per)})
	}
	return out, closeAll, nil
}

// importKeyIDs lists the imports that recorded keys.
func (t *ImportTx) importKeyIDs() ([]int64, error) {
	st, err := t.raw.prepare(`SELECT import_id FROM import_keys ORDER BY import_id`)
	if err != nil {
		return nil, fmt.Errorf("load dedup keys: %w", err)
	}
	defer st.finalize()
	var ids []int64
	for {
		ok, err := st.step()
		if err != nil {
			return nil, fmt.Errorf("load dedup keys: %w", err)
		}
		if !ok {
			return ids, nil
		}
		ids = append(ids, st.int64(0))
	}
}

// storedReader reads one import's sorted keys from its blob, a buffer at a time.
type storedReader struct {
	b    *rawBlob
	buf  []byte // the whole buffer
	rest []byte // what is left of it to hand out
	off  int    // next blob offset to read
}

func (r *storedReader) next() (keySeq, bool, error) {
	if len(r.rest) == 0 {
		n := min(len(r.buf), r.b.size-r.off) &^ 7
		if n <= 0 {
			return keySeq{}, false, nil
		}
		r.rest = r.buf[:n]
		if err := r.b.readAt(r.rest, r.off); err != nil {
			return keySeq{}, false, err
		}
		r.off += n
	}
	k := int64(binary.LittleEndian.Uint64(r.rest))
	r.rest = r.rest[8:]
	return keySeq{key: k}, true, nil
}

// seqDeleter deletes rows by ascending seq: consecutive seqs as one
// range, the rest in batches.
type seqDeleter struct {
	t      *ImportTx
	lo, hi int64 // the range being gathered; empty when hi < lo
	seqs   []any // single seqs gathered
	n      int64
}

// minRange is the shortest run of seqs deleted as a range.
const minRange = 8

func (d *seqDeleter) add(ctx context.Context, seq int64) error {
	if d.hi >= d.lo && seq == d.hi+1 {
		d.hi = seq
		return nil
	}
	if err := d.endRange(ctx); err != nil {
		return err
	}
	d.lo, d.hi = seq, seq
	return nil
}

// endRange deletes the gathered range, or adds it to the singles when short.
func (d *seqDeleter) endRange(ctx context.Context) error {
	if d.hi < d.lo {
		return nil
	}
	lo, hi := d.lo, d.hi
	d.lo, d.hi = 1, 0
	if err := ctx.Err(); err != nil {
		return err
	}
	if hi-lo+1 >= minRange {
		if err := d.t.run(`DELETE FROM events WHERE seq BETWEEN ? AND ?`, lo, hi); err != nil {
			return fmt.Errorf("delete duplicates: %w", err)
		}
		d.n += hi - lo + 1
		return nil
	}
	for s := lo; s <= hi; s++ {
		d.seqs = append(d.seqs, s)
	}
	if len(d.seqs) >= eventBatch {
		return d.flushSingles()
	}
	return nil
}

// flush deletes everything gathered.
func (d *seqDeleter) flush() error {
	if err := d.endRange(context.Background()); err != nil {
		return err
	}
	return d.flushSingles()
}

func (d *seqDeleter) flushSingles() error {
	if len(d.seqs) == 0 {
		return nil
	}
	q := "DELETE FROM events WHERE seq IN " + placeholders(1, len(d.seqs))
	if err := d.t.run(q, d.seqs...); err != nil {
		return fmt.Errorf("delete duplicates: %w", err)
	}
	d.n += int64(len(d.seqs))
	d.seqs = d.seqs[:0]
	return nil
}

// mergePairs merges the ascending sources and calls fn on every pair in
// (key, seq) order, first telling whether it is the first of its key.
func mergePairs(srcs []pairSource, fn func(p keySeq, first bool) error) error {
	h := &pairHeap{}
	for _, s := range srcs {
		if err := h.pushNext(s); err != nil {
			return err
		}
	}
	var last keySeq
	started := false
	for h.Len() > 0 {
		top := (*h)[0]
		first := !started || top.p.key != last.key
		started, last = true, top.p
		if err := fn(top.p, first); err != nil {
			return err
		}
		p, ok, err := top.src.next()
		if err != nil {
			return err
		}
		if ok {
			(*h)[0].p = p
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

type pairItem struct {
	p   keySeq
	src pairSource
}

type pairHeap []pairItem

func (h pairHeap) Len() int           { return len(h) }
func (h pairHeap) Less(i, j int) bool { return compareKeySeq(h[i].p, h[j].p) < 0 }
func (h pairHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)        { *h = append(*h, x.(pairItem)) }
func (h *pairHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// pushNext adds src's first pair, if it has one.
func (h *pairHeap) pushNext(src pairSource) error {
	p, ok, err := src.next()
	if err != nil || !ok {
		return err
	}
	heap.Push(h, pairItem{p, src})
	return nil
}
