package snapshot

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
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

// bruteForce is, per user, the indexes of name's events.
func bruteForce(l *Log, name int32) map[int32][]int32 {
	out := map[int32][]int32{}
	for u := 0; u < l.NumUsers(); u++ {
		for i := l.Offsets[u]; i < l.Offsets[u+1]; i++ {
			if l.Name[i] == name {
				out[int32(u)] = append(out[int32(u)], i)
			}
		}
	}
	return out
}

func TestACursorFromAnyUserReadsExactlyTheEventsOfItsNameFromThere(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 9))
	for _, users := range []int{0, 1, 63, 64, 65, 1000} {
		l := postingsLog(r, users)
		for name := int32(1); name <= 3; name++ {
			want, p := bruteForce(l, name), l.Postings(name)
			if p.Events() != l.NameCounts()[name] {
				t.Fatalf("%d users, name %d: %d postings, %d events", users, name, p.Events(), l.NameCounts()[name])
			}
			for from := int32(0); from <= int32(users); from += 1 + int32(r.IntN(40)) {
				got := map[int32][]int32{}
				for c := l.Seek(p, from); c.User() >= 0; {
					u := c.User()
					if u < from {
						t.Fatalf("seek %d landed on user %d", from, u)
					}
					switch r.IntN(3) {
					case 0:
						idx, times := c.Take(nil, nil)
						checkTimes(t, l, idx, times)
						got[u] = idx
					case 1:
						idx, times := scattered(l, c)
						checkTimes(t, l, idx, times)
						got[u] = idx
					default: // skipped, then read elsewhere
						c.Skip()
						got[u] = want[u]
					}
				}
				for u, idx := range want {
					if u >= from && !slices.Equal(got[u], idx) {
						t.Fatalf("%d users, name %d, from %d: user %d has %v, want %v", users, name, from, u, got[u], idx)
					}
				}
				for u := range got {
					if _, ok := want[u]; !ok {
						t.Fatalf("%d users, name %d, from %d: user %d has no such event but was listed", users, name, from, u)
					}
				}
			}
		}
	}
}

// scattered reads the cursor's user through Scatter: the events whose
// bits it set, in offset order, with the times and tags it put there.
func scattered(l *Log, c *Cursor) (idx []int32, times []int64) {
	a := l.Offsets[c.User()]
	span := int(l.Offsets[c.User()+1] - a)
	ts, tags, present := make([]int64, span), make([]uint64, span), make([]uint64, (span+63)/64)
	c.Scatter(ts, tags, 7, present)
	for j := range span {
		if present[j/64]&(1<<(j%64)) != 0 && tags[j] == 7 {
			idx, times = append(idx, a+int32(j)), append(times, ts[j])
		}
	}
	return idx, times
}

func TestSkipToJumpsOverUsersWithoutLosingTheOneItLandsOn(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	l := postingsLog(r, 3000)
	p := l.Postings(2)
	want := bruteForce(l, 2)
	c := l.Seek(p, 0)
	for target := int32(0); c.User() >= 0; target += 1 + int32(r.IntN(300)) {
		c.SkipTo(target)
		u := c.User()
		if u < 0 {
			break
		}
		for v := target; v < u; v++ {
			if len(want[v]) > 0 {
				t.Fatalf("SkipTo(%d) passed user %d, who has the name", target, v)
			}
		}
		if got, _ := c.Take(nil, nil); !slices.Equal(got, want[u]) {
			t.Fatalf("after SkipTo(%d): user %d has %v, want %v", target, u, got, want[u])
		}
		target = u
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

func TestPostingsOfARepeatedNameAreBuiltOnce(t *testing.T) {
	l := postingsLog(rand.New(rand.NewPCG(1, 1)), 10)
	first, again := l.Postings(1), l.Postings(1)
	if first != again {
		t.Fatal("the postings of one name were built twice")
	}
}

func TestPostingsBuiltTogetherAreThoseBuiltOneByOne(t *testing.T) {
	together := postingsLog(rand.New(rand.NewPCG(9, 9)), 500)
	alone := postingsLog(rand.New(rand.NewPCG(9, 9)), 500)
	all := together.PostingsOf([]int32{3, 1, 3, 2})
	for i, name := range []int32{3, 1, 3, 2} {
		if one := alone.Postings(name); !slices.Equal(all[i].data, one.data) || !slices.Equal(all[i].skipUser, one.skipUser) {
			t.Fatalf("name %d: built with others differs from built alone", name)
		}
	}
	if all[0] != all[2] {
		t.Fatal("a name asked twice got two postings")
	}
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
	for name := int32(1); name <= 3; name++ {
		want := bruteForce(l, name)
		for c, n := l.Seek(l.Postings(name), 0), 0; c.User() >= 0; n++ {
			u := c.User()
			if first := c.First(); first != want[u][0] {
				t.Fatalf("name %d, user %d: first event %d, want %d", name, u, first, want[u][0])
			}
			var idx []int32
			var times []int64
			if n%2 == 0 {
				idx, times = c.Take(nil, nil)
			} else {
				idx, times = scattered(l, c)
			}
			checkTimes(t, l, idx, times)
			if !slices.Equal(idx, want[u]) {
				t.Fatalf("name %d, user %d: %v, want %v", name, u, idx, want[u])
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
