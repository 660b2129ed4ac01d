// Package snapshot is the columnar in-memory event log every analysis runs
// on: events sorted by (user, time, import order), per-user offsets,
// dictionary-encoded names and lazily decoded property columns. It is
// read-only once built and safe to share between goroutines. It does no
// I/O: the dataset package fills it from the store and caches it there.
// The order of events and the sessions are those of docs/semantics.md,
// section 1 ("The event model").
package snapshot

import (
	"fmt"
	"sort"
	"sync"

	"github.com/funnelscope/funnelscope/internal/propblob"
)

// DefaultSessionGap ends a session after 30 minutes without events, unless
// the export gave session ids.
const DefaultSessionGap int64 = 30 * 60 * 1e6

// Log is the event log of one store.
type Log struct {
	Users  []string // user index -> external id
	Names  []string // name id -> event name (index 0 is unused)
	Keys   []string // property key id -> key
	Values []string // property value id -> value

	// Offsets has len(Users)+1 entries: user u's events are [Offsets[u], Offsets[u+1]).
	Offsets []int32
	Name    []int32 // per event: name id
	Time    []int64 // per event: µs since the epoch, UTC
	Session []int32 // per event: export session id, 0 when none

	props propStore

	nameIndex map[string]int32
	keyIndex  map[string]int32

	// Known from the moment the log exists, so that asking takes no lock:
	// the TUI header asks for the range on every frame.
	first, last int64 // Range's answer
	nameCount   []int // NameCounts' answer

	// Lazy caches, each behind its own cells (see lazy): decoding one
	// property column must keep nobody else waiting.
	propCols lazy[int32, *Column]
	postMu   sync.Mutex     // guards posts, built a set of names at a time
	posts    []*Postings    // most recently asked first
	sessOnce func() []int32 // Sessions(DefaultSessionGap)
}

// Empty is a log without events (a database nothing was imported into).
func Empty() *Log {
	var b Builder
	return b.Build([]string{""}, []string{""}, []string{""}, []string{""})
}

// NumEvents is the number of events.
func (l *Log) NumEvents() int { return len(l.Time) }

// NumUsers is the number of users.
func (l *Log) NumUsers() int { return len(l.Users) }

// NameID returns the id of an event name, or 0 and false when no event has it.
func (l *Log) NameID(name string) (int32, bool) {
	id, ok := l.nameIndex[name]
	return id, ok
}

// KeyID returns the id of a property key, or 0 and false.
func (l *Log) KeyID(key string) (int32, bool) {
	id, ok := l.keyIndex[key]
	return id, ok
}

// Range returns the first and last event time (0, 0 when empty).
func (l *Log) Range() (first, last int64) { return l.first, l.last }

// finish derives what every log knows from its columns: the dictionary
// indexes, the time range and the name counts. Build and Decode call it
// last. It fails when an event's name id is not in the dictionary.
func (l *Log) finish() error {
	l.nameIndex = make(map[string]int32, len(l.Names))
	for i, n := range l.Names {
		if i > 0 {
			l.nameIndex[n] = int32(i)
		}
	}
	l.keyIndex = make(map[string]int32, len(l.Keys))
	for i, k := range l.Keys {
		if i > 0 {
			l.keyIndex[k] = int32(i)
		}
	}
	l.first, l.last = span(l.Offsets, l.Time)
	// Counting checks the ids too: a corrupt cache fails here, not in an
	// analysis, and without a pass of its own over the events.
	l.nameCount = make([]int, len(l.Names))
	for _, n := range l.Name {
		if uint32(n) >= uint32(len(l.nameCount)) {
			return fmt.Errorf("event name id %d of %d names", n, len(l.Names))
		}
		l.nameCount[n]++
	}
	l.sessOnce = sync.OnceValue(func() []int32 { return l.sessions(DefaultSessionGap) })
	return nil
}

// span returns the earliest and latest time (0, 0 when there are none).
// Each user's events are sorted by time, so only their first and last
// events need reading.
func span(offsets []int32, time []int64) (first, last int64) {
	seen := false
	for u := 0; u+1 < len(offsets); u++ {
		a, b := offsets[u], offsets[u+1]
		if a >= b {
			continue
		}
		if !seen || time[a] < first {
			first = time[a]
		}
		if !seen || time[b-1] > last {
			last = time[b-1]
		}
		seen = true
	}
	return first, last
}

// Column returns the value of property key for every event (value id 0
// where the event lacks it), decoding the column on first use.
func (l *Log) Column(key int32) (*Column, error) {
	return l.propCols.get(key, func() (*Column, error) {
		b := newColumnBuilder(len(l.Time), len(l.Values))
		err := l.props.each(len(l.Time), func(i int, blob []byte) error {
			v := propblob.Find(blob, key)
			// Readers index Values by these ids; a crafted cache or
			// database fails here rather than in one of them.
			if uint32(v) >= uint32(len(l.Values)) {
				return fmt.Errorf("event %d: property value id %d of %d values", i, v, len(l.Values))
			}
			b.add(v)
			return nil
		})
		if err != nil {
			return nil, err
		}
		return b.column(), nil
	})
}

// Prop is Column as a plain slice of value ids, made anew on each call:
// for tests and one-off readers, not for analyses.
func (l *Log) Prop(key int32) ([]int32, error) {
	c, err := l.Column(key)
	if err != nil {
		return nil, err
	}
	return c.Ints(), nil
}

// TopValues returns the value ids of key ordered by how many events carry
// them, most first, with their counts.
func (l *Log) TopValues(key int32) (ids []int32, counts []int, err error) {
	col, err := l.Column(key)
	if err != nil {
		return nil, nil, err
	}
	n := make([]int, len(l.Values))
	for i := range col.Len() {
		n[col.At(i)]++
	}
	for v := 1; v < len(n); v++ {
		if n[v] > 0 {
			ids = append(ids, int32(v))
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if n[ids[i]] != n[ids[j]] {
			return n[ids[i]] > n[ids[j]]
		}
		return l.Values[ids[i]] < l.Values[ids[j]]
	})
	for _, v := range ids {
		counts = append(counts, n[v])
	}
	return ids, counts, nil
}

// Sessions returns, per event, a session number: events with the same
// export session id share one (even when another session's events come
// between them); events without an id start a new session at the user's
// first event or after more than gap µs of inactivity. Numbers are unique
// across users. A gap <= 0 (a spec that names none) means
// DefaultSessionGap, whose result is cached.
func (l *Log) Sessions(gap int64) []int32 {
	// Other gaps are not kept: each answer is a column as long as the log
	// and gaps are user input, so a long-running server would keep growing.
	if gap <= 0 || gap == DefaultSessionGap {
		return l.sessOnce()
	}
	return l.sessions(gap)
}

func (l *Log) sessions(gap int64) []int32 {
	out := make([]int32, len(l.Time))
	var cur int32
	byID := map[int32]int32{}
	for u := 0; u < len(l.Users); u++ {
		lo, hi := int(l.Offsets[u]), int(l.Offsets[u+1])
		clear(byID)
		gapSess, lastNoID := int32(0), int64(0)
		for i := lo; i < hi; i++ {
			if id := l.Session[i]; id != 0 {
				n, ok := byID[id]
				if !ok {
					cur++
					n = cur
					byID[id] = n
				}
				out[i] = n
				continue
			}
			if gapSess == 0 || l.Time[i]-lastNoID > gap {
				cur++
				gapSess = cur
			}
			out[i], lastNoID = gapSess, l.Time[i]
		}
	}
	return out
}

// NameCounts returns, per name id, how many events carry it (index 0 is
// unused). The caller must not modify the slice.
func (l *Log) NameCounts() []int { return l.nameCount }
