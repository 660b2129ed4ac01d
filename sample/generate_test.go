package sample

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/ingest"
)

// collect returns every event Generate produces for cfg.
func collect(t testing.TB, cfg Config) []*ingest.Event {
	t.Helper()
	var out []*ingest.Event
	if err := Generate(cfg, func(ev *ingest.Event) error {
		out = append(out, ev)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// dump renders events as text, every field, for byte comparisons.
func dump(events []*ingest.Event) []byte {
	var b bytes.Buffer
	for _, ev := range events {
		fmt.Fprintf(&b, "%s|%s|%d|%s|%s", ev.User, ev.Name, ev.Time, ev.Session, ev.InsertID)
		for _, p := range ev.Props {
			fmt.Fprintf(&b, "|%s=%s", p.Key, p.Value)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestGenerateIsDeterministic(t *testing.T) {
	base := Config{Users: 500, Seed: 7}
	cases := []struct {
		name string
		a, b Config
		same bool
	}{
		{"the same config gives the same events", base, base, true},
		{"the zero config is the workshop default", Config{Users: 300},
			Config{Users: 300, Start: DefaultStart, Days: DefaultDays}, true},
		{"another seed gives other events", base, Config{Users: 500, Seed: 8}, false},
		{"another start gives other events", base, Config{Users: 500, Seed: 7, Start: DefaultStart.AddDate(0, 1, 0)}, false},
		{"a smaller sample is a prefix of a larger one", Config{Users: 200, Seed: 7}, base, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := dump(collect(t, c.a)), dump(collect(t, c.b))
			if c.a.Users < c.b.Users { // compare the first users only
				b = b[:min(len(a), len(b))]
			}
			if got := bytes.Equal(a, b); got != c.same {
				t.Errorf("equal = %v, want %v", got, c.same)
			}
		})
	}
}

// TestGenerateEventsAreWellFormed checks the invariants every consumer
// relies on, over several windows, including a short one and an odd start.
func TestGenerateEventsAreWellFormed(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
	}{
		{"the workshop default", Config{Users: 3000, Seed: 1}},
		{"a one-day window", Config{Users: 500, Seed: 2, Days: 1}},
		{"a start that is not a whole millisecond, outside UTC", Config{Users: 500, Seed: 3,
			Start: time.Date(2026, 1, 1, 9, 30, 0, 123456789, time.FixedZone("X", -5*3600)), Days: 10}},
	}
	keys := PropKeys()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, _ := c.cfg.normalised()
			lo, hi := cfg.Start.UnixMicro(), cfg.Start.AddDate(0, 0, cfg.Days).UnixMicro()
			events := collect(t, c.cfg)
			ids := map[string]bool{}
			users := 0
			var prev *ingest.Event
			sessionEnd := map[string]int64{}
			for _, ev := range events {
				newUser := prev == nil || prev.User != ev.User
				if newUser {
					users++
					if want := fmt.Sprintf("u%07d", users); ev.User != want {
						t.Fatalf("user %d is %q, want %q", users, ev.User, want)
					}
					clear(sessionEnd)
				} else if ev.Time < prev.Time {
					t.Fatalf("%s: %s at %d before the previous event at %d", ev.User, ev.Name, ev.Time, prev.Time)
				}
				if ev.Time < lo || ev.Time >= hi {
					t.Fatalf("%s: time %d outside [%d, %d)", ev.InsertID, ev.Time, lo, hi)
				}
				if ev.Time%1000 != 0 {
					t.Fatalf("%s: time %d is not a whole millisecond", ev.InsertID, ev.Time)
				}
				if ids[ev.InsertID] {
					t.Fatalf("insert id %s twice", ev.InsertID)
				}
				ids[ev.InsertID] = true
				if !strings.HasPrefix(ev.Session, "s"+ev.User+"-") || !strings.HasPrefix(ev.InsertID, "e"+ev.User+"-") {
					t.Fatalf("session %q or insert id %q not of user %s", ev.Session, ev.InsertID, ev.User)
				}
				// Sessions are contiguous and 30 minutes apart.
				if !newUser && prev.Session != ev.Session {
					if _, seen := sessionEnd[ev.Session]; seen {
						t.Fatalf("%s: session %s resumes", ev.InsertID, ev.Session)
					}
					if gap := ev.Time - prev.Time; gap < 30*minute {
						t.Fatalf("%s: session %s starts %v after the previous one", ev.InsertID, ev.Session, time.Duration(gap)*time.Microsecond)
					}
				}
				sessionEnd[ev.Session] = ev.Time
				if !slices.IsSortedFunc(ev.Props, func(a, b ingest.Prop) int { return strings.Compare(a.Key, b.Key) }) {
					t.Fatalf("%s: props not sorted: %v", ev.InsertID, ev.Props)
				}
				for i, p := range ev.Props {
					if !slices.Contains(keys, p.Key) || p.Value == "" || (i > 0 && ev.Props[i-1].Key == p.Key) {
						t.Fatalf("%s: bad property %q=%q", ev.InsertID, p.Key, p.Value)
					}
				}
				for _, k := range []string{"device", "country", "variant"} {
					if _, ok := ev.Prop(k); !ok {
						t.Fatalf("%s: no %s", ev.InsertID, k)
					}
				}
				if !slices.Contains(EventNames, ev.Name) {
					t.Fatalf("%s: unknown event %q", ev.InsertID, ev.Name)
				}
				prev = ev
			}
			if users != c.cfg.Users {
				t.Errorf("%d users, want %d", users, c.cfg.Users)
			}
		})
	}
}

// TestGenerateJourneysAreCoherent checks the shape of the journeys:
// ad clicks only in paid sessions and followed by a landing page, campaign
// properties constant over a session, session counts in 1..6.
func TestGenerateJourneysAreCoherent(t *testing.T) {
	events := collect(t, Config{Users: 3000, Seed: 4})
	paid := map[string]bool{"cpc": true, "paid_social": true}
	sessions := map[string]int{} // user -> sessions
	var prev *ingest.Event
	sessionMedium := ""
	for _, ev := range events {
		medium, _ := ev.Prop("utm_medium")
		newSession := prev == nil || prev.Session != ev.Session
		if newSession {
			sessions[ev.User]++
			sessionMedium = medium
			if ev.Name != "ad_click" && ev.Name != "page_view" {
				t.Fatalf("%s: session starts with %s", ev.InsertID, ev.Name)
			}
		} else if medium != sessionMedium {
			t.Fatalf("%s: utm_medium %q inside a %q session", ev.InsertID, medium, sessionMedium)
		}
		if ev.Name == "ad_click" && (!newSession || !paid[medium]) {
			t.Fatalf("%s: ad_click in a %q session (first event: %v)", ev.InsertID, medium, newSession)
		}
		if prev != nil && prev.Name == "ad_click" && ev.Name != "landing_page_view" {
			t.Fatalf("%s: ad_click followed by %s", ev.InsertID, ev.Name)
		}
		if ev.Name == "purchase" {
			for _, k := range []string{"value", "currency", "order_id"} {
				if _, ok := ev.Prop(k); !ok {
					t.Fatalf("%s: purchase without %s", ev.InsertID, k)
				}
			}
		}
		prev = ev
	}
	counts := map[int]int{}
	for _, n := range sessions {
		if n < 1 || n > maxSessions {
			t.Fatalf("a user has %d sessions", n)
		}
		counts[n]++
	}
	if counts[1] <= counts[2] || counts[2] <= counts[6] || counts[6] == 0 {
		t.Errorf("session counts are not heavy-tailed: %v", counts)
	}
	perUser := float64(len(events)) / 3000
	if perUser < 10 || perUser > 20 {
		t.Errorf("%.1f events per user, want 10 to 20", perUser)
	}
	if est := float64(EstimateEvents(3000)); est < 0.95*float64(len(events)) || est > 1.05*float64(len(events)) {
		t.Errorf("EstimateEvents(3000) = %v, generated %d", est, len(events))
	}
}

func TestGenerateStopsAtEmitsError(t *testing.T) {
	stop := fmt.Errorf("stop")
	n := 0
	err := Generate(Config{Users: 100}, func(*ingest.Event) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Errorf("err %v after %d events, want stop after 10", err, n)
	}
}

func TestGenerateRefusesBadConfigs(t *testing.T) {
	for _, cfg := range []Config{{Users: -1}, {Days: -1}, {Users: 10_000_000}} {
		if err := Generate(cfg, func(*ingest.Event) error { return nil }); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	events := 0
	for b.Loop() {
		if err := Generate(Config{Users: 10_000, Seed: 1}, func(*ingest.Event) error {
			events++
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// TestSortPropsMatchesEventSortProps compares the allocation-free sort
// with ingest's reference on shuffled property lists.
func TestSortPropsMatchesEventSortProps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := PropKeys()
	for range 1000 {
		n := r.IntN(len(keys) + 1)
		props := make([]ingest.Prop, n)
		for i, j := range r.Perm(len(keys))[:n] {
			props[i] = ingest.Prop{Key: keys[j], Value: strconv.Itoa(i)}
		}
		want := &ingest.Event{Props: slices.Clone(props)}
		want.SortProps()
		sortProps(props)
		if !slices.Equal(props, want.Props) {
			t.Fatalf("sortProps gave %v, want %v", props, want.Props)
		}
	}
}
