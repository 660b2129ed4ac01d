package sshserve

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	gossh "golang.org/x/crypto/ssh"
)

func TestFiftySessionsAtOnceAllGetTheFirstScreenAndTheServerStaysResponsive(t *testing.T) {
	// All 50 dial in the same millisecond, harder than any room does; the
	// default startup cap, sized by max-sessions, lets every one in.
	ts := startServer(t, nil)
	const n = 50
	terms := make([]*sshtest.Term, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := sshtest.Dial(ts.addr, "room", gossh.PublicKeys(ts.key))
			if err != nil {
				errs <- err
				return
			}
			t.Cleanup(func() { c.Close() })
			term, err := sshtest.Open(c, 100, 30, nil)
			if err == nil {
				err = term.WaitFor("No steps yet", wait)
			}
			terms[i] = term
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// Still responsive with all of them open: one types and gets an
	// answer, and one more is turned away at once rather than left hanging.
	must(t, terms[0].Send("?"))
	must(t, terms[0].WaitFor("any key closes", wait))
	must(t, terms[0].Send("q")) // closes the help
	extra := ts.open(t, nil)
	must(t, extra.WaitFor("funnelscope is full (50 sessions open)", wait))
	for _, term := range terms {
		must(t, term.Send("q"))
	}
	for _, term := range terms {
		if ended, _ := term.WaitEnd(wait); !ended {
			t.Fatal("a session did not end on q")
		}
	}
}

func TestMaxSessionsTurnsTheNextSessionAwayPolitely(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessions, c.newModel = 2, probe })
	a, b := ts.open(t, nil), ts.open(t, nil)
	must(t, a.WaitFor("probe", wait))
	must(t, b.WaitFor("probe", wait))
	extra := ts.open(t, nil)
	if ended, _ := extra.WaitEnd(wait); !ended {
		t.Fatal("a third session was let in with --max-sessions 2")
	}
	if !strings.Contains(extra.Screen(), "funnelscope is full (2 sessions open)") {
		t.Errorf("the extra session saw %q", extra.Screen())
	}
	must(t, a.Send("q"))
	if ended, _ := a.WaitEnd(wait); !ended {
		t.Fatal("q did not end a session")
	}
	again := ts.open(t, nil) // a freed slot is usable
	must(t, again.WaitFor("probe", wait))
}

func TestAnIdleSessionIsClosedWithAMessageButTypingKeepsItOpen(t *testing.T) {
	const idle = 1500 * time.Millisecond
	ts := startServer(t, func(c *Config) { c.IdleTimeout, c.newModel = idle, probe })
	sleepy, busy := ts.open(t, nil), ts.open(t, nil)
	must(t, sleepy.WaitFor("probe", wait))
	must(t, busy.WaitFor("probe", wait))
	stopTyping := make(chan struct{})
	go func() { // keys every idle/5 keep busy alive
		tk := time.NewTicker(idle / 5)
		defer tk.Stop()
		for {
			select {
			case <-stopTyping:
				return
			case <-tk.C:
				if busy.Send("x") != nil {
					return // the session has ended: the checks below say whether too early
				}
			}
		}
	}()
	ended, _ := sleepy.WaitEnd(wait)
	close(stopTyping)
	if !ended {
		t.Fatal("the idle session was not closed")
	}
	must(t, sleepy.WaitFor("without input", wait))
	select {
	case <-busy.Ended():
		t.Fatal("a session with input was closed as idle")
	default:
	}
	waitUntil(t, "the idle log line", func() bool { return strings.Contains(ts.logs.String(), "outcome=\"idle timeout\"") })
}

func TestABurstOfConnectionsFromOneAddressIsRateLimited(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.RateBurst, c.RateEvery = 3, time.Hour })
	for i := 0; i < 3; i++ {
		ts.dial(t)
	}
	if c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(ts.key)); err == nil {
		c.Close()
		t.Fatal("a fourth connection within the burst of 3 got in")
	}
	waitUntil(t, "the refusal in the log", func() bool { return strings.Contains(ts.logs.String(), "rate limit") })
}

func TestTheRateLimiterRefillsOverTime(t *testing.T) {
	now := time.Unix(0, 0)
	r := newRateLimiter(2, time.Second)
	r.now = func() time.Time { return now }
	addr := fakeAddr("10.0.0.1:5000")
	other := fakeAddr("10.0.0.2:5000")
	steps := []struct {
		advance time.Duration
		addr    fakeAddr
		want    bool
	}{
		{0, addr, true}, {0, addr, true}, {0, addr, false}, // burst of 2
		{0, other, true},                         // per address
		{500 * time.Millisecond, addr, false},    // half a token
		{500 * time.Millisecond, addr, true},     // one whole token
		{0, addr, false},                         //
		{time.Hour, addr, true}, {0, addr, true}, // refilled up to the burst only
		{0, addr, false},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := r.allow(s.addr); got != s.want {
			t.Fatalf("step %d: allow = %v, want %v", i, got, s.want)
		}
	}
}

type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }

func TestAConnectionMayHaveMaxChannelsOpenAndNoMore(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxChannels = 3 })
	c := ts.dial(t)
	open := make([]*gossh.Session, 3)
	for i := range open {
		s, err := c.NewSession()
		if err != nil {
			t.Fatalf("channel %d of 3 refused: %v", i+1, err)
		}
		open[i] = s
	}
	if s, err := c.NewSession(); err == nil {
		s.Close()
		t.Fatal("a fourth channel opened with --max-channels 3")
	} else if !strings.Contains(err.Error(), "resource shortage") {
		t.Errorf("err = %v, want a resource shortage", err)
	}
	open[0].Close()
	waitUntil(t, "a channel to open after one closed", func() bool {
		s, err := c.NewSession()
		if err == nil {
			s.Close()
		}
		return err == nil
	})
	waitUntil(t, "the refusal in the log", func() bool { return strings.Contains(ts.logs.String(), "--max-channels") })
}

func TestMaxChannelsIsTenUnlessSet(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.dial(t)
	for i := range 10 {
		if _, err := c.NewSession(); err != nil {
			t.Fatalf("channel %d of 10 refused: %v", i+1, err)
		}
	}
	if _, err := c.NewSession(); err == nil {
		t.Fatal("an eleventh channel opened")
	}
}

// silent opens a TCP connection that never logs in and waits for the
// server's SSH banner on it: false when the server dropped it instead.
func silent(t *testing.T, addr string) (net.Conn, bool) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	must(t, err)
	t.Cleanup(func() { c.Close() })
	must(t, c.SetReadDeadline(time.Now().Add(wait)))
	banner := make([]byte, 4)
	_, err = io.ReadFull(c, banner)
	return c, err == nil && string(banner) == "SSH-"
}

func TestConnectionsNotLoggedInArePastMaxStartupsDropped(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxStartups = StartupLimit{Begin: 2, Rate: 100, Full: 2} })
	ts.dial(t) // logged in: no longer counted
	ts.dial(t)
	first, ok1 := silent(t, ts.addr)
	_, ok2 := silent(t, ts.addr)
	if !ok1 || !ok2 {
		t.Fatal("the first two silent connections got no banner")
	}
	if _, ok := silent(t, ts.addr); ok {
		t.Fatal("a third connection not logged in was served with max startups 2")
	}
	if c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(ts.key)); err == nil {
		c.Close()
		t.Fatal("a login got through past max startups")
	}
	first.Close()
	waitUntil(t, "a login once a silent connection left", func() bool {
		c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(ts.key))
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	waitUntil(t, "the drop in the log", func() bool { return strings.Contains(ts.logs.String(), "--max-startups") })
}

func TestTheStartupGateDropsMoreOftenAsConnectionsPileUp(t *testing.T) {
	l := DefaultStartupLimit // 10:30:100
	for _, tc := range []struct{ pending, want int }{
		{0, 0}, {9, 0}, {10, 30}, {55, 65}, {99, 99}, {100, 100}, {5000, 100},
	} {
		if got := l.dropChance(tc.pending); got != tc.want {
			t.Errorf("drop chance with %d pending = %d%%, want %d%%", tc.pending, got, tc.want)
		}
	}
	g := newStartupGate(StartupLimit{Begin: 1, Rate: 30, Full: 3})
	for _, tc := range []struct {
		roll int
		want bool
	}{
		{0, true},               // 0 pending: never dropped
		{29, false}, {30, true}, // 1 pending: 30%
		{64, false}, {65, true}, // 2 pending: 65%
		{99, false}, {99, false}, // 3 pending: full
	} {
		g.roll = func() int { return tc.roll }
		if ok, _ := g.admit(); ok != tc.want {
			t.Fatalf("roll %d with %d pending: admitted %v, want %v", tc.roll, g.pending, ok, tc.want)
		}
	}
	g.leave()
	if ok, _ := g.admit(); !ok {
		t.Error("a connection that left did not make room")
	}
}

func TestMaxStartupsReadsAsInSshdConfig(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    StartupLimit
		wantErr bool
	}{
		{"10:30:100", StartupLimit{10, 30, 100}, false},
		{"20", StartupLimit{20, 100, 20}, false},
		{"10:30", StartupLimit{}, true},
		{"10:0:100", StartupLimit{}, true},
		{"10:101:100", StartupLimit{}, true},
		{"100:30:10", StartupLimit{}, true},
		{"0", StartupLimit{}, true},
		{"ten", StartupLimit{}, true},
	} {
		got, err := ParseStartupLimit(tc.in)
		if (err != nil) != tc.wantErr || (err == nil && got != tc.want) {
			t.Errorf("ParseStartupLimit(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestADroppedConnectionGivesItsRateTokenBack(t *testing.T) {
	r := newRateLimiter(1, time.Hour)
	addr := fakeAddr("10.0.0.1:5000")
	if !r.allow(addr) || r.allow(addr) {
		t.Fatal("a burst of 1 did not allow exactly one connection")
	}
	r.refund(addr)
	if !r.allow(addr) {
		t.Error("the refunded token was not there for the retry")
	}
	r.refund(addr)
	r.refund(addr) // never past the burst
	if !r.allow(addr) || r.allow(addr) {
		t.Error("refunds filled the bucket past its burst")
	}
}

func TestTheDefaultStartupCapLetsAWholeRoomLogInAtOnce(t *testing.T) {
	cases := []struct {
		sessions   int
		begin, end int
	}{{1, 10, 100}, {50, 50, 100}, {200, 200, 400}}
	for _, c := range cases {
		l := StartupLimitFor(c.sessions)
		if l.Begin != c.begin || l.Full != c.end || l.Rate != DefaultStartupLimit.Rate {
			t.Errorf("%d sessions: %s, want %d:%d:%d", c.sessions, l, c.begin, DefaultStartupLimit.Rate, c.end)
		}
		if l.dropChance(c.sessions-1) != 0 {
			t.Errorf("%d sessions: a room of %d logging in at once risks a drop", c.sessions, c.sessions)
		}
	}
	cfg := Config{AllowAnyKey: true, HostKeyPath: "k", MaxSessions: 80, Engine: engine.NewLocal(sampleSnapshot(t))}
	if err := cfg.check(); err != nil || cfg.MaxStartups != StartupLimitFor(80) {
		t.Errorf("a zero MaxStartups became %s (%v), want %s", cfg.MaxStartups, err, StartupLimitFor(80))
	}
}
