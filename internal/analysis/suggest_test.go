package analysis

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/snapshot"
)

func TestSuggestFunnelEndsAtTheConversionAndFollowsTheUsualOrder(t *testing.T) {
	// Four users browse, three add to cart, two order; the newsletter
	// signup (a weaker conversion word) is no goal, and "help", done only
	// after ordering, is no step.
	evs := journeys(func(i int) []string {
		names := []string{"home", "browse"}
		if i < 3 {
			names = append(names, "addToCart")
		}
		if i < 2 {
			names = append(names, "Order Completed", "help")
		}
		return append(names, "newsletter_signup")
	})
	got, err := SuggestFunnel(logOf(evs))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"home", "browse", "addToCart", "Order Completed"}
	if !slices.Equal(got, want) {
		t.Errorf("suggested %q, want %q", got, want)
	}
}

func TestSuggestFunnelFallsBackToTheRarestEventThatEndsSessions(t *testing.T) {
	// No conversion word: "done" (one user) and "exit" (three) both end
	// their sessions, so the rarer "done" is the goal.
	evs := journeys(func(i int) []string {
		if i < 1 {
			return []string{"start", "step", "done"}
		}
		return []string{"start", "step", "exit"}
	})
	got, err := SuggestFunnel(logOf(evs))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"start", "step", "done"}; !slices.Equal(got, want) {
		t.Errorf("suggested %q, want %q", got, want)
	}
}

// journeys gives each of four users, a to d, the events names(i) names
// for the i-th, in that order, in one session.
func journeys(names func(i int) []string) []ev {
	var evs []ev
	for i, u := range []string{"a", "b", "c", "d"} {
		for k, n := range names(i) {
			evs = append(evs, ev{u, n, int64(100*i + k)})
		}
	}
	return evs
}

func TestSuggestFunnelIsNilWithoutAGoalOrAStepBeforeIt(t *testing.T) {
	for name, evs := range map[string][]ev{
		"no events":              nil,
		"nothing ends a session": {{"a", "x", 0}, {"a", "y", 1}, {"a", "x", 2}, {"a", "y", 3}, {"a", "z", 4}, {"a", "z", 5}, {"a", "y", 6}},
		"purchase comes first":   {{"a", "purchase", 0}, {"a", "view", 1}},
	} {
		got, err := SuggestFunnel(logOf(evs))
		if err != nil || got != nil {
			t.Errorf("%s: suggested %q (%v), want nothing", name, got, err)
		}
	}
}

func TestNameMatchesWordsNotSubstrings(t *testing.T) {
	for _, c := range []struct {
		name string
		pat  []string
		want bool
	}{
		{"purchase", []string{"purchase"}, true},
		{"Purchased", []string{"purchase"}, true},
		{"orderCompleted", []string{"order"}, true},
		{"checkout_completed", []string{"checkout", "complete"}, true},
		{"Sign Up", []string{"sign", "up"}, true},
		{"leaderboard_view", []string{"lead"}, false},
		{"reorder", []string{"order"}, false},
		{"checkout_started", []string{"checkout", "complete"}, false},
	} {
		if got := nameMatches(c.name, c.pat); got != c.want {
			t.Errorf("nameMatches(%q, %q) = %v, want %v", c.name, c.pat, got, c.want)
		}
	}
}

func TestSuggestFunnelOnTheWorkshopSampleIsItsCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 users")
	}
	got, err := SuggestFunnel(workshop())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("suggested %q", got)
	if len(got) < 2 || len(got) > 5 || got[len(got)-1] != "purchase" || !slices.Contains(got, "add_to_cart") {
		t.Errorf("suggested %q, want 2 to 5 steps ending at purchase through add_to_cart", got)
	}
}

func TestSuggestFunnelOnREES46IsViewCartPurchase(t *testing.T) {
	l := rees46Log(t, "../../../shared/data/rees46-multicategory-2019oct-head/2019-Oct-head.csv")
	got, err := SuggestFunnel(l)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"view", "cart", "purchase"}; !slices.Equal(got, want) {
		t.Errorf("suggested %q, want %q", got, want)
	}
}

// rees46Log reads the event time, type and user of a REES46 CSV (skips
// the test when the file is absent, as in a fresh clone).
func rees46Log(t *testing.T, path string) *snapshot.Log {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var evs []ev
	for _, r := range rows[1:] {
		at, err := time.Parse("2006-01-02 15:04:05 MST", r[0])
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev{r[7], r[1], at.Unix() / 60})
	}
	// Events of one minute keep the file's order, which is by time.
	return logOf(evs)
}

// BenchmarkSuggestFunnel measures the suggestion on benchLog, sessions
// included: the first call on a log computes them, as the explorer's does.
func BenchmarkSuggestFunnel(b *testing.B) {
	l := benchLog()
	for b.Loop() {
		if _, err := SuggestFunnel(l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(l.NumEvents()), "events")
}
