package snapshot

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// postingsLog is a log of users with 0 to 5 events of names 1 to 3, many
// users without some names, so blocks and gaps between users are real.
func postingsLog(r *rand.Rand, users int) *Log {
	var b Builder
	userNames := []string{""}
	for u := 1; u <= users; u++ {
		userNames = append(userNames, fmt.Sprintf("u%d", u))
		for range r.IntN(6) {
			b.Add(int32(u), int32(1+r.IntN(3)), int64(r.IntN(1000)), 0, nil)
		}
	}
	return b.Build(userNames, []string{"", "a", "b", "c"}, []string{""}, []string{""})
}

// posting is one event of a user in a set's postings: its index and slot.
type posting struct {
	idx  int32
	slot uint64
}

// bruteForce is, per user, the events whose name is in names, in index
// order, each with its name's position in names.
func bruteForce(l *Log, names []int32) map[int32][]posting {
	out := map[int32][]posting{}
	for u := 0; u < l.NumUsers(); u++ {
		for i := l.Offsets[u]; i < l.Offsets[u+1]; i++ {
			if s := slices.Index(names, l.Name[i]); s >= 0 {
				out[int32(u)] = append(out[int32(u)], posting{i, uint64(s)})
			}
		}
	}
	return out
}

// nameSets are the sets the tests read: one name, two, all three in an
// order other than the ids'.
var nameSets = [][]int32{{1}, {2}, {2, 3}, {3, 1}, {3, 1, 2}}

// identity tags each event with its slot.
var identity = func() *Tags {
	var t Tags
	for s := range t.Words {
		t.Words[s] = uint64(s)
	}
	return &t
}()

// taken reads the cursor's user through Take, checking the times and the
// slot set the header announced.
func taken(t *testing.T, l *Log, c *Cursor) []posting {
	t.Helper()
	slots := c.Slots()
	idx, times, tags := c.Take(nil, nil, nil, identity)
	checkTimes(t, l, idx, times)
	var got []posting
	var seen uint64
	for n, i := range idx {
		got, seen = append(got, posting{i, tags[n]}), seen|1<<tags[n]
	}
	if seen != slots {
		t.Fatalf("the group announced slots %b and holds %b", slots, seen)
	}
	return got
}

// inParts runs test on postings built in one part, then in three: the
// parts of a parallel build end in short blocks, joined.
func inParts(t *testing.T, test func(t *testing.T)) {
	for _, parts := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d parts", parts), func(t *testing.T) {
			defer func(old, procs int) { postingsPartEvents = old; runtime.GOMAXPROCS(procs) }(postingsPartEvents, runtime.GOMAXPROCS(parts))
			postingsPartEvents = 50
			if parts == 1 {
				postingsPartEvents = 1 << 30
			}
			test(t)
		})
	}
}

func TestACursorFromAnyUserReadsExactlyTheEventsOfItsNamesFromThere(t *testing.T) {
	inParts(t, cursorFromAnyUser)
}

func cursorFromAnyUser(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 9))
	for _, users := range []int{0, 1, 63, 64, 65, 1000} {
		l := postingsLog(r, users)
		for _, names := range nameSets {
			want, p := bruteForce(l, names), l.PostingsOf(names)
			events := 0
			for _, n := range names {
				events += l.NameCounts()[n]
			}
			if p.Events() != events {
				t.Fatalf("%d users, names %v: %d postings, %d events", users, names, p.Events(), events)
			}
			for from := int32(0); from <= int32(users); from += 1 + int32(r.IntN(40)) {
				got := map[int32][]posting{}
				for c := l.Seek(p, from); c.User() >= 0; {
					u := c.User()
					if u < from {
						t.Fatalf("seek %d landed on user %d", from, u)
					}
					if c.Count() != len(want[u]) || c.First() != want[u][0].idx {
						t.Fatalf("names %v, user %d: %d events from %d, want %v", names, u, c.Count(), c.First(), want[u])
					}
					if r.IntN(3) > 0 {
						got[u] = taken(t, l, c)
					} else { // skipped, then read elsewhere
						c.Skip()
						got[u] = want[u]
					}
				}
				for u, ps := range want {
					if u >= from && !slices.Equal(got[u], ps) {
						t.Fatalf("%d users, names %v, from %d: user %d has %v, want %v", users, names, from, u, got[u], ps)
					}
				}
				for u := range got {
					if _, ok := want[u]; !ok {
						t.Fatalf("%d users, names %v, from %d: user %d has no such event but was listed", users, names, from, u)
					}
				}
			}
		}
	}
}

func TestSkipToJumpsOverUsersWithoutLosingTheOneItLandsOn(t *testing.T) {
	inParts(t, skipToJumps)
}

func skipToJumps(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	l := postingsLog(r, 3000)
	for _, names := range nameSets {
		want := bruteForce(l, names)
		c := l.Seek(l.PostingsOf(names), 0)
		for target := int32(0); c.User() >= 0; target += 1 + int32(r.IntN(300)) {
			c.SkipTo(target)
			u := c.User()
			if u < 0 {
				break
			}
			for v := target; v < u; v++ {
				if len(want[v]) > 0 {
					t.Fatalf("names %v: SkipTo(%d) passed user %d, who has one", names, target, v)
				}
			}
			if got := taken(t, l, c); !slices.Equal(got, want[u]) {
				t.Fatalf("names %v: after SkipTo(%d): user %d has %v, want %v", names, target, u, got, want[u])
			}
			target = u
		}
	}
}

// checkTimes fails t unless times are the times of the events idx.
func checkTimes(t *testing.T, l *Log, idx []int32, times []int64) {
	t.Helper()
	for n, i := range idx {
		if times[n] != l.Time[i] {
			t.Fatalf("event %d: time %d, want %d", i, times[n], l.Time[i])
		}
	}
}

// thinned is the events of a user as Take with Thin keeps them: in a
// user of several slots, of each run of three or more events of slot
// thin, the first and the latest.
func thinned(ps []posting, thin uint64) []posting {
	slots := map[uint64]bool{}
	for _, p := range ps {
		slots[p.slot] = true
	}
	if len(slots) < 2 {
		return ps
	}
	var out []posting
	for _, p := range ps {
		if n := len(out); p.slot == thin && n >= 2 && out[n-1].slot == thin && out[n-2].slot == thin {
			out[n-1] = p
			continue
		}
		out = append(out, p)
	}
	return out
}

func TestThinningKeepsTheFirstAndLatestOfEachRunOfTheThinnedSlot(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	l := postingsLog(r, 2000)
	names := []int32{1, 2}
	want := bruteForce(l, names)
	tags := *identity
	tags.Thin, tags.Thinned = true, 0
	runs := 0
	for c := l.Seek(l.PostingsOf(names), 0); c.User() >= 0; {
		u := c.User()
		idx, times, got := c.Take([]int32{-1}, []int64{-1}, []uint64{9}, &tags) // after an earlier user's
		checkTimes(t, l, idx[1:], times[1:])
		var ps []posting
		for n := 1; n < len(idx); n++ {
			ps = append(ps, posting{idx[n], got[n]})
		}
		if th := thinned(want[u], 0); !slices.Equal(ps, th) {
			t.Fatalf("user %d: %v, want %v (from %v)", u, ps, th, want[u])
		} else if len(th) < len(want[u]) {
			runs++
		}
	}
	if runs == 0 {
		t.Fatal("no user had a run to thin: the test proves nothing")
	}
}

func TestTheSameNameSetIsBuiltOnceAndTheLeastRecentSetIsDropped(t *testing.T) {
	l := postingsLog(rand.New(rand.NewPCG(1, 1)), 10)
	first := l.PostingsOf([]int32{1, 2})
	if l.PostingsOf([]int32{1, 2}) != first {
		t.Fatal("the postings of one set were built twice")
	}
	if l.PostingsOf([]int32{2, 1}) == first {
		t.Fatal("another slot order got the same postings")
	}
	others := [][]int32{{1}, {2}, {3}, {1, 3}}
	for _, names := range others[:postingsKept-2] { // {1, 2} stays among the kept
		l.PostingsOf(names)
	}
	if l.PostingsOf([]int32{1, 2}) != first {
		t.Fatal("a set asked within the last few was rebuilt")
	}
	for _, names := range others {
		l.PostingsOf(names)
	}
	if len(l.posts) != postingsKept {
		t.Fatalf("%d sets kept, want %d", len(l.posts), postingsKept)
	}
	if l.PostingsOf([]int32{1, 2}) == first {
		t.Fatal("the least recently asked set was kept beyond the limit")
	}
}

func TestPostingsOfMoreNamesThanSlotsPanic(t *testing.T) {
	l := postingsLog(rand.New(rand.NewPCG(1, 2)), 10)
	defer func() {
		if recover() == nil {
			t.Fatal("65 names were accepted")
		}
	}()
	l.PostingsOf(make([]int32, MaxPostingsNames+1))
}

func TestUvarintReadsWhatAppendUvarintWroteOfEveryLengthAnywhere(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 12))
	var vals []uint64
	for bitsLen := range 65 {
		for range 20 {
			v := r.Uint64()
			if bitsLen < 64 {
				v &= 1<<bitsLen - 1
			}
			vals = append(vals, v, 1<<max(bitsLen, 1)-1)
		}
	}
	r.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
	var data []byte
	for _, v := range vals {
		data = binary.AppendUvarint(data, v)
	}
	// The last values sit within 8 bytes of the end, where the loop reads.
	pos := 0
	for i, want := range vals {
		got, next := uvarint(data, pos)
		if _, n := binary.Uvarint(data[pos:]); got != want || next != pos+n {
			t.Fatalf("value %d at byte %d: %d ending at %d, want %d ending at %d", i, pos, got, next, want, pos+n)
		}
		pos = next
	}
}

// TestACursorReadsIndexesAndTimesOfEveryByteWidth covers the fixed-width
// fields: time deltas of 0 to 8 bytes (equal times, then gaps up to the
// int64 range), users long enough for 2-byte index deltas, and the first
// event's time far from the log's first.
func TestACursorReadsIndexesAndTimesOfEveryByteWidth(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	var b Builder
	userNames := []string{""}
	for u := 1; u <= 300; u++ {
		userNames = append(userNames, fmt.Sprintf("u%d", u))
		gap := int64(1) << r.IntN(63) // this user's widest time delta
		n := 1 + r.IntN(8)
		if u%10 == 0 {
			n = 300 + r.IntN(400) // index deltas of two bytes
		}
		start := r.Int64N(1 << 62)
		for range n {
			b.Add(int32(u), int32(1+r.IntN(3)), start+r.Int64N(gap)/2, 0, nil)
		}
	}
	l := b.Build(userNames, []string{"", "a", "b", "c"}, []string{""}, []string{""})
	for _, names := range nameSets {
		want := bruteForce(l, names)
		for c := l.Seek(l.PostingsOf(names), 0); c.User() >= 0; {
			u := c.User()
			if first := c.First(); first != want[u][0].idx {
				t.Fatalf("names %v, user %d: first event %d, want %d", names, u, first, want[u][0].idx)
			}
			if got := taken(t, l, c); !slices.Equal(got, want[u]) {
				t.Fatalf("names %v, user %d: %v, want %v", names, u, got, want[u])
			}
		}
	}
}

func TestAFixedWidthFieldReadsBackWhatWasAppendedOfEveryWidth(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 7))
	var data []byte
	var vals []uint64
	var ws []int
	for range 500 {
		v := r.Uint64() >> r.IntN(65)
		vals, ws = append(vals, v), append(ws, width(v))
		data = appendFixed(data, v, width(v))
	}
	data = append(data, make([]byte, pad)...)
	pos := 0
	for i, v := range vals {
		if got := fixed(data, pos, mask(ws[i])); got != v {
			t.Fatalf("value %d: %d, want %d (width %d)", i, got, v, ws[i])
		}
		pos += ws[i]
	}
}
