package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// refSessionSplit is the brute-force split of docs/semantics.md ("First
// session or later"): per user, the first kept event, and the first
// event matching the last step at the earliest end of a complete chain;
// same session or not, and the later ones' delays, median by sorting.
func refSessionSplit(t *testing.T, l *snapshot.Log, f spec.Funnel) SessionSplit {
	t.Helper()
	e, err := compileFunnel(l, f)
	if err != nil {
		t.Fatal(err)
	}
	sess := l.Sessions(f.SessionGap) // <= 0: the default gap
	var out SessionSplit
	var later []int64
	for user := 0; user < l.NumUsers(); user++ {
		var evs []refEvent
		var idx []int
		first := -1
		for i := int(l.Offsets[user]); i < int(l.Offsets[user+1]); i++ {
			if first < 0 && e.keep.keep(i) {
				first = i
			}
			if m := e.match.mask(l, i); m != 0 && e.keep.keep(i) {
				evs, idx = append(evs, refEvent{l.Time[i], m}), append(idx, i)
			}
		}
		_, _, done := refChains(evs, e.k, e.window, e.exTo)
		if done == none {
			continue
		}
		end := -1
		for n, ev := range evs {
			if end < 0 && ev.t == done && ev.mask&(1<<(e.k-1)) != 0 {
				end = idx[n]
			}
		}
		if sess[first] == sess[end] {
			out.First++
		} else {
			later = append(later, l.Time[end]-l.Time[first])
		}
	}
	out.Later = len(later)
	if len(later) > 0 {
		slices.Sort(later)
		out.LaterMedianSecs = float64(later[(len(later)+1)/2-1]) / 1e6
	}
	return out
}

func TestSessionSplitMatchesTheBruteForceReference(t *testing.T) {
	onBothPaths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 17))
		for trial := 0; trial < 2000; trial++ {
			// Times from 0 to 110 µs and a gap of 20 or 40 µs: sessions split
			// on inactivity as well as on the export's session ids.
			l := randomLog(r, 6, 8)
			f := randomFunnel(r)
			f.SessionGap = int64(20 * (1 + r.IntN(2)))
			got, err := Funnel(l, f)
			if err != nil {
				t.Fatal(err)
			}
			want := refSessionSplit(t, l, f)
			if got.Sessions == nil || *got.Sessions != want {
				t.Fatalf("trial %d: split %+v, reference %+v\nfunnel %+v", trial, got.Sessions, want, f)
			}
			if got.Sessions.First+got.Sessions.Later != got.Steps[len(got.Steps)-1].Count {
				t.Fatalf("trial %d: split %+v does not add up to the %d converters", trial, got.Sessions, got.Steps[len(got.Steps)-1].Count)
			}
		}
	})
}

func TestSessionSplitIsLeftOutWhereItMeansNothing(t *testing.T) {
	l := randomLog(rand.New(rand.NewPCG(1, 2)), 6, 8)
	for _, f := range []spec.Funnel{
		{Steps: steps("a", "b"), Order: spec.AnyOrder},
		{Steps: steps("a", "b"), Count: spec.Sessions},
	} {
		got, err := Funnel(l, f)
		if err != nil {
			t.Fatal(err)
		}
		if got.Sessions != nil {
			t.Errorf("%+v: split %+v, want none", f, got.Sessions)
		}
	}
}

func TestMostSampleBuyersComeBackLater(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 users")
	}
	const day = 24 * 3600
	// The checkout funnel reaches every buyer, so its split is the sample's:
	// 76% of first purchases in a later session than the first visit.
	f := spec.Funnel{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase")}
	got, err := Funnel(workshop(), f)
	if err != nil {
		t.Fatal(err)
	}
	s := got.Sessions
	t.Logf("%+v: later %.3f, median %.2f days", s, s.LaterShare(), s.LaterMedianSecs/day)
	// The sample's 2.4-day median is over every buyer; the later ones alone
	// wait longer.
	if s.LaterShare() < 0.72 || s.LaterShare() > 0.8 || s.LaterMedianSecs < 3*day || s.LaterMedianSecs > 6*day {
		t.Errorf("%.3f of the buyers buy after their first session (want 0.72-0.80), the median %.2f days later (want 3-6)",
			s.LaterShare(), s.LaterMedianSecs/day)
	}
}
