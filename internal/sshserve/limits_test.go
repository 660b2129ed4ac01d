package sshserve

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	gossh "golang.org/x/crypto/ssh"
)

func TestFiftySessionsAtOnceAllGetTheFirstScreenAndTheServerStaysResponsive(t *testing.T) {
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
