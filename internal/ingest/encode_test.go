package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/propblob"
	"github.com/funnelscope/funnelscope/internal/store"
)

// removeIdxRef is removeIdx as first written: each property tested against
// every index.
func removeIdxRef(ev *Event, idx [numRoles]int) {
	out := ev.Props[:0]
	for i, p := range ev.Props {
		drop := false
		for _, k := range idx {
			if k == i {
				drop = true
			}
		}
		if !drop {
			out = append(out, p)
		}
	}
	ev.Props = out
}

func randomProps(r *rand.Rand, n int, keys string) []Prop {
	ps := make([]Prop, n)
	for i := range ps {
		ps[i] = Prop{Key: string(keys[r.IntN(len(keys))]), Value: string(rune('0' + i))}
	}
	return ps
}

func TestRemoveIdxDropsTheSamePropertiesAsTheReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		props := randomProps(r, r.IntN(9), "abcdefgh")
		var idx [numRoles]int
		for i := range idx {
			idx[i] = r.IntN(len(props)+2) - 1 // -1, any index, one past the end, repeats
		}
		got, want := Event{Props: slices.Clone(props)}, Event{Props: slices.Clone(props)}
		removeIdx(&got, idx)
		removeIdxRef(&want, idx)
		if !slices.Equal(got.Props, want.Props) {
			t.Fatalf("props %v idx %v: got %v, want %v", props, idx, got.Props, want.Props)
		}
	}
}

func TestSortPropsOrdersByKeyAndKeepsTheLaterValueOfAKeyGivenTwice(t *testing.T) {
	cases := []struct {
		name     string
		in, want []Prop
	}{
		{"out of order", []Prop{{"b", "1"}, {"a", "2"}}, []Prop{{"a", "2"}, {"b", "1"}}},
		{"a key twice", []Prop{{"b", "1"}, {"a", "2"}, {"b", "3"}}, []Prop{{"a", "2"}, {"b", "3"}}},
		{"sorted, a key twice", []Prop{{"a", "1"}, {"a", "2"}}, []Prop{{"a", "2"}}},
	}
	for _, c := range cases {
		for name, sort := range map[string]func(*Event){"sortProps": sortProps, "sortPropsAlways": sortPropsAlways} {
			ev := Event{Props: slices.Clone(c.in)}
			sort(&ev)
			if !slices.Equal(ev.Props, c.want) {
				t.Errorf("%s, %s: %v, want %v", c.name, name, ev.Props, c.want)
			}
		}
	}
}

// TestSortPropsMatchesTheReferenceSortedOrNot checks the already-sorted
// shortcut against sorting every time.
func TestSortPropsMatchesTheReferenceSortedOrNot(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 20000 {
		props := randomProps(r, r.IntN(9), "abcdefgh")
		if i%2 == 0 { // half already in order, some with a key twice
			slices.SortStableFunc(props, func(a, b Prop) int { return strings.Compare(a.Key, b.Key) })
		}
		got, want := Event{Props: slices.Clone(props)}, Event{Props: slices.Clone(props)}
		sortProps(&got)
		sortPropsAlways(&want)
		if !slices.Equal(got.Props, want.Props) {
			t.Fatalf("props %v: got %v, want %v", props, got.Props, want.Props)
		}
	}
}

func newTestEncoder() *encoder {
	e := &encoder{}
	for k := range e.dict {
		e.dict[k] = map[string]int64{}
		e.next[k].Store(1)
	}
	return e
}

// TestEncoderCachesGiveTheDictionaryIDs encodes random events whose strings
// alias one reused buffer, as readers' do, and checks every id of every row
// against the dictionaries: a cache that kept an aliased string, or an id
// for the wrong string, would show.
func TestEncoderCachesGiveTheDictionaryIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	e := newTestEncoder()
	buf := make([]byte, 0, 8192) // never outgrown, so every string aliases it
	pick := func(prefix string, n int) string {
		start := len(buf)
		buf = append(buf, prefix...)
		buf = append(buf, byte('a'+r.IntN(n)))
		if r.IntN(50) == 0 { // now and then a value too long to cache
			buf = append(buf, strings.Repeat("x", maxCached)...)
		}
		return alias(buf[start:])
	}
	for i := range 50000 {
		buf = buf[:0]
		ev := Event{User: pick("u", 3), Name: pick("n", 2), Time: int64(i)}
		if r.IntN(4) > 0 {
			ev.Session = pick("s", 3)
		}
		for k := range r.IntN(6) {
			if r.IntN(3) > 0 {
				ev.Props = append(ev.Props, Prop{Key: pick(string(rune('a'+k)), 1+r.IntN(2)), Value: pick("v", 3)})
			}
		}
		sortProps(&ev)
		want := Event{User: strings.Clone(ev.User), Name: strings.Clone(ev.Name), Session: strings.Clone(ev.Session)}
		for _, p := range ev.Props {
			want.Props = append(want.Props, Prop{strings.Clone(p.Key), strings.Clone(p.Value)})
		}
		row := e.encode(&ev)
		for j := range buf { // the reader moves on
			buf[j] = '#'
		}
		if row.User != e.dict[store.DictUsers][want.User] || row.Name != e.dict[store.DictNames][want.Name] {
			t.Fatalf("event %d: user/name ids %d/%d, dictionary says %d/%d", i, row.User, row.Name,
				e.dict[store.DictUsers][want.User], e.dict[store.DictNames][want.Name])
		}
		if want.Session != "" && row.Session != e.dict[store.DictSessions][want.Session] {
			t.Fatalf("event %d: session id %d, dictionary says %d", i, row.Session, e.dict[store.DictSessions][want.Session])
		}
		var wantPairs []propblob.Pair
		for _, p := range want.Props {
			wantPairs = append(wantPairs, propblob.Pair{Key: e.dict[store.DictKeys][p.Key], Value: e.dict[store.DictValues][p.Value]})
		}
		slices.SortFunc(wantPairs, func(a, b propblob.Pair) int { return int(a.Key - b.Key) })
		got, err := propblob.Decode(nil, row.Props)
		if err != nil || !slices.Equal(got, wantPairs) {
			t.Fatalf("event %d %+v: props %v (%v), want %v", i, want, got, err, wantPairs)
		}
	}
	for k, m := range e.dict {
		for s := range m {
			if strings.Contains(s, "#") {
				t.Fatalf("dictionary %d holds %q, a string the reader overwrote", k, s)
			}
		}
	}
}
