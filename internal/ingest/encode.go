package ingest

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/funnelscope/funnelscope/internal/propblob"
	"github.com/funnelscope/funnelscope/internal/store"
)

// encoder maps event strings to dictionary ids, assigning new ids itself so
// that parsing and encoding run beside the database writer without asking
// it. Duplicates go through: the store removes them at the end of the file
// (store.ImportTx.RemoveDuplicates), so no key is held in memory here.
type encoder struct {
	dict [store.NumDicts]map[string]int64 // the dictionaries held whole
	// The dictionaries that grow with the data (users, sessions) are held
	// as a cache and a filter instead (dictcache.go).
	cache [store.NumDicts]*genCache
	known [store.NumDicts]*knownSet
	// next is the next free id; the writer takes ids too (allocate).
	next    [store.NumDicts]atomic.Int64
	added   []store.DictEntry // new strings since the last take
	pending []pendingRef      // strings for the writer to look up, since the last take
	// pendingIdx finds a string already in pending, per dictionary.
	pendingIdx [store.NumDicts]map[string]int64
	pairs      []propblob.Pair
	arena      []byte
	scratch    []byte
	// seenImport is the newest import this encoder's state reflects.
	seenImport int64
	// Most events of a file carry the same property keys, and often the
	// same user, session and values as the event before: comparing with the
	// previous event's string is cheaper than hashing it into a large map. The dictionaries only ever grow while
	// the encoder lives, so a cached id stays right.
	lastKeys              []lastID // by property position
	lastVals              []lastID // by key id
	lastUser, lastSession lastID
}

// pendingRef is a string the encoder may have given an id before but no
// longer holds: the writer looks it up (resolvePending). A row refers to
// the i-th pending string by the id -(i+1).
type pendingRef struct {
	kind store.DictKind
	s    string
}

// boundedDict tells which dictionaries are not held whole.
func boundedDict(k store.DictKind) bool { return k == store.DictUsers || k == store.DictSessions }

// lastID is a string seen last and its id. The string is kept as a copy in
// a reused buffer: readers' strings alias theirs, and cloning on every
// change would allocate once per event where values vary.
type lastID struct {
	b  []byte
	id int64
	ok bool
}

// maxCached bounds the strings lastID keeps, so one huge value does not
// pin its size in a buffer for the rest of the import.
const maxCached = 256

// maxCachedProps bounds the property positions, and key ids, that get a
// cache: enough for any export's fields, not one per id of a runaway key set.
const maxCachedProps = 1024

// loadEncoder reads the store's dictionaries inside tx, which holds the
// write lock, so nothing can change them until it ends.
func loadEncoder(ctx context.Context, tx *store.ImportTx) (*encoder, error) {
	e := &encoder{}
	var err error
	if e.seenImport, err = tx.PreviousImport(ctx); err != nil {
		return nil, err
	}
	for k := store.DictKind(0); k < store.NumDicts; k++ {
		m := map[string]int64{}
		var top int64
		add := func(id int64, v string) { m[v] = id }
		if boundedDict(k) {
			e.cache[k], e.known[k], m = &genCache{}, newKnownSet(), nil
			add = func(_ int64, v string) { e.known[k].add(v) }
		}
		err := tx.LoadDict(ctx, k, func(id int64, v string) {
			add(id, v)
			top = max(top, id)
		})
		if err != nil {
			return nil, err
		}
		e.dict[k] = m
		e.next[k].Store(top + 1)
	}
	return e, nil
}

// allocate hands out the next id of dictionary k; the writer calls it
// while the parser runs.
func (e *encoder) allocate(k store.DictKind) int64 { return e.next[k].Add(1) - 1 }

func (e *encoder) id(k store.DictKind, s string) int64 {
	if e.cache[k] != nil {
		return e.boundedID(k, s)
	}
	if id, ok := e.dict[k][s]; ok {
		return id
	}
	s = strings.Clone(s) // readers' strings alias their buffers
	id := e.allocate(k)
	e.dict[k][s] = id
	e.added = append(e.added, store.DictEntry{Kind: k, ID: id, Value: s})
	return id
}

// boundedID is id for a dictionary not held whole: from the cache, else
// new when the filter has never seen s, else a pending reference.
func (e *encoder) boundedID(k store.DictKind, s string) int64 {
	if id, ok := e.cache[k].get(s); ok {
		return id
	}
	if ref, ok := e.pendingIdx[k][s]; ok {
		return ref
	}
	s = strings.Clone(s)
	if e.known[k].mayHave(s) {
		e.pending = append(e.pending, pendingRef{k, s})
		ref := -int64(len(e.pending))
		if e.pendingIdx[k] == nil {
			e.pendingIdx[k] = map[string]int64{}
		}
		e.pendingIdx[k][s] = ref
		return ref
	}
	id := e.allocate(k)
	e.known[k].add(s)
	e.cache[k].put(s, id)
	e.added = append(e.added, store.DictEntry{Kind: k, ID: id, Value: s})
	return id
}

// cachedID is id(k, s), answered from c when s is the string c last saw.
func (e *encoder) cachedID(c *lastID, k store.DictKind, s string) int64 {
	if c.ok && string(c.b) == s {
		return c.id
	}
	id := e.id(k, s)
	if len(s) <= maxCached && id > 0 { // not a pending reference, which lasts one batch
		c.b, c.id, c.ok = append(c.b[:0], s...), id, true
	}
	return id
}

// propIDs returns the key and value ids of the property at position pos.
// Keys are cached by position, values by key: a field missing from one
// event shifts the positions of the others, not their values.
func (e *encoder) propIDs(pos int, p Prop) (key, value int64) {
	if pos < maxCachedProps {
		for len(e.lastKeys) <= pos {
			e.lastKeys = append(e.lastKeys, lastID{})
		}
		key = e.cachedID(&e.lastKeys[pos], store.DictKeys, p.Key)
	} else {
		key = e.id(store.DictKeys, p.Key)
	}
	if key < maxCachedProps {
		for int64(len(e.lastVals)) <= key {
			e.lastVals = append(e.lastVals, lastID{})
		}
		return key, e.cachedID(&e.lastVals[key], store.DictValues, p.Value)
	}
	return key, e.id(store.DictValues, p.Value)
}

// takeAdded returns the dictionary strings added, and the strings left
// for the writer to look up, since the last call.
func (e *encoder) takeAdded() ([]store.DictEntry, []pendingRef) {
	a, p := e.added, e.pending
	e.added, e.pending = nil, nil
	for k := range e.pendingIdx {
		e.pendingIdx[k] = nil
	}
	return a, p
}

// sortProps sorts ev's properties by key and, where a key appears twice,
// keeps the later value.
func sortProps(ev *Event) {
	// Exports usually list fields in the same order, often sorted already:
	// then there is nothing to sort and no key twice.
	sorted := true
	for i := 1; i < len(ev.Props); i++ {
		if ev.Props[i-1].Key >= ev.Props[i].Key {
			sorted = false
			break
		}
	}
	if !sorted {
		sortPropsAlways(ev)
	}
}

// sortPropsAlways is sortProps without its already-sorted shortcut.
func sortPropsAlways(ev *Event) {
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

// encode turns ev into a row. ev's properties must be sorted (sortProps).
func (e *encoder) encode(ev *Event) store.Row {
	row := store.Row{
		User:  e.cachedID(&e.lastUser, store.DictUsers, ev.User),
		Name:  e.id(store.DictNames, ev.Name),
		Time:  ev.Time,
		Dedup: DedupKey(ev),
	}
	if ev.Session != "" {
		row.Session = e.cachedID(&e.lastSession, store.DictSessions, ev.Session)
	}
	if len(ev.Props) > 0 {
		e.pairs = e.pairs[:0]
		for i, p := range ev.Props {
			k, v := e.propIDs(i, p)
			e.pairs = append(e.pairs, propblob.Pair{Key: k, Value: v})
		}
		propblob.Sort(e.pairs)
		e.scratch = propblob.Append(e.scratch[:0], e.pairs)
		row.Props = e.alloc(e.scratch)
	}
	return row
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
// and the properties (which must be sorted by key), as docs/semantics.md
// section 1 says. The session counts because two rows that differ only
// there are two events (REES46 has such a pair). Fields are separated by
// bytes that cannot occur in them, so ("ab","c") and ("a","bc") differ.
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
