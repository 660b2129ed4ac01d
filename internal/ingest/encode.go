package ingest

import (
	"context"
	"slices"
	"strings"

	"github.com/funnelscope/funnelscope/internal/store"
)

// encoder maps event strings to dictionary ids, assigning new ids itself so
// that parsing and encoding run beside the database writer without asking
// it, and drops events whose dedup key is already stored or seen.
type encoder struct {
	dict    [store.NumDicts]map[string]int64
	next    [store.NumDicts]int64
	added   []store.DictEntry // new strings since the last take
	stored  []int64           // dedup keys in the store, ascending
	fresh   keySet            // dedup keys of the file being imported
	pairs   []store.PropPair
	arena   []byte
	scratch []byte
	// seenImport is the newest import this encoder's state reflects.
	seenImport int64
	// lastKeys caches the key ids of the previous event by position: most
	// events of a file carry the same property keys.
	lastKeys []keyID
}

type keyID struct {
	key string
	id  int64
}

// loadEncoder reads the store's dictionaries and dedup keys inside tx, which
// holds the write lock, so nothing can change them until it ends.
func loadEncoder(ctx context.Context, tx *store.ImportTx) (*encoder, error) {
	e := &encoder{}
	var err error
	if e.seenImport, err = tx.PreviousImport(ctx); err != nil {
		return nil, err
	}
	if e.stored, err = tx.DedupKeys(ctx); err != nil {
		return nil, err
	}
	for k := store.DictKind(0); k < store.NumDicts; k++ {
		m := map[string]int64{}
		var max int64
		err := tx.LoadDict(ctx, k, func(id int64, v string) {
			m[v] = id
			if id > max {
				max = id
			}
		})
		if err != nil {
			return nil, err
		}
		e.dict[k], e.next[k] = m, max+1
	}
	return e, nil
}

func (e *encoder) id(k store.DictKind, s string) int64 {
	if id, ok := e.dict[k][s]; ok {
		return id
	}
	s = strings.Clone(s) // readers' strings alias their buffers
	id := e.next[k]
	e.next[k]++
	e.dict[k][s] = id
	e.added = append(e.added, store.DictEntry{Kind: k, ID: id, Value: s})
	return id
}

// keyID is id(DictKeys, key) with a cache by property position.
func (e *encoder) keyID(pos int, key string) int64 {
	if pos < len(e.lastKeys) && e.lastKeys[pos].key == key {
		return e.lastKeys[pos].id
	}
	id := e.id(store.DictKeys, key)
	if pos < 256 {
		for len(e.lastKeys) <= pos {
			e.lastKeys = append(e.lastKeys, keyID{})
		}
		e.lastKeys[pos] = keyID{strings.Clone(key), id}
	}
	return id
}

// takeAdded returns the dictionary strings added since the last call.
func (e *encoder) takeAdded() []store.DictEntry {
	a := e.added
	e.added = nil
	return a
}

// isDup reports whether key was stored or already seen in this file, and
// remembers it otherwise.
func (e *encoder) isDup(key int64) bool {
	if _, ok := slices.BinarySearch(e.stored, key); ok {
		return true
	}
	return !e.fresh.add(key)
}

// commitKeys returns this file's keys sorted, for the store, and folds them
// into the stored set for the next file.
func (e *encoder) commitKeys() []int64 {
	keys := e.fresh.keys()
	slices.Sort(keys)
	e.stored = store.MergeSorted(e.stored, keys)
	e.fresh = keySet{}
	return keys
}

// sortProps sorts ev's properties by key and, where a key appears twice,
// keeps the later value.
func sortProps(ev *Event) {
	slices.SortStableFunc(ev.Props, func(a, b Prop) int { return strings.Compare(a.Key, b.Key) })
	ps := ev.Props[:0]
	for i, p := range ev.Props {
		if i+1 < len(ev.Props) && ev.Props[i+1].Key == p.Key {
			continue
		}
		ps = append(ps, p)
	}
	ev.Props = ps
}

// encode turns ev into a row; ok is false when ev is a duplicate. ev's
// properties must be sorted (sortProps).
func (e *encoder) encode(ev *Event) (row store.Row, ok bool) {
	key := DedupKey(ev)
	if e.isDup(key) {
		return row, false
	}
	row = store.Row{
		User:  e.id(store.DictUsers, ev.User),
		Name:  e.id(store.DictNames, ev.Name),
		Time:  ev.Time,
		Dedup: key,
	}
	if ev.Session != "" {
		row.Session = e.id(store.DictSessions, ev.Session)
	}
	if len(ev.Props) > 0 {
		e.pairs = e.pairs[:0]
		for i, p := range ev.Props {
			e.pairs = append(e.pairs, store.PropPair{Key: e.keyID(i, p.Key), Value: e.id(store.DictValues, p.Value)})
		}
		slices.SortFunc(e.pairs, func(a, b store.PropPair) int { return int(a.Key - b.Key) })
		e.scratch = store.AppendProps(e.scratch[:0], e.pairs)
		row.Props = e.alloc(e.scratch)
	}
	return row, true
}

// alloc copies b into the current arena. Rows hand their blobs to the
// writer goroutine, so a batch's arena is never reused: newArena starts a fresh one.
func (e *encoder) alloc(b []byte) []byte {
	if cap(e.arena)-len(e.arena) < len(b) {
		e.arena = make([]byte, 0, max(64<<10, len(b)))
	}
	start := len(e.arena)
	e.arena = append(e.arena, b...)
	return e.arena[start:len(e.arena):len(e.arena)]
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// DedupKey is the 64-bit FNV-1a hash that identifies an event: of its
// insert id when the export gives one, else of user, name, time, session
// and the properties (which must be sorted by key). The session counts
// because two rows that differ only there are two events (REES46 has such
// a pair), though design.md section 3 lists only the other fields. Fields are separated by bytes
// that cannot occur in them, so ("ab","c") and ("a","bc") differ.
func DedupKey(ev *Event) int64 {
	h := uint64(fnvOffset)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= fnvPrime
		}
		h ^= 0xff
		h *= fnvPrime
	}
	if ev.InsertID != "" {
		add("id")
		add(ev.InsertID)
		return int64(h)
	}
	add("ev")
	add(ev.User)
	add(ev.Name)
	add(ev.Session)
	for i := 0; i < 8; i++ {
		h ^= uint64(byte(ev.Time >> (8 * i)))
		h *= fnvPrime
	}
	for _, p := range ev.Props {
		add(p.Key)
		add(p.Value)
	}
	return int64(h)
}
