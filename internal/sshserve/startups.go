package sshserve

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// StartupLimit caps connections that have not logged in yet, all
// addresses together, as OpenSSH's MaxStartups begin:rate:full does: from
// Begin such connections on, each new one is dropped with probability
// Rate%, rising linearly to 100% at Full. Random early drop keeps some
// room for real users while a flood of silent sockets is refused.
type StartupLimit struct{ Begin, Rate, Full int }

// DefaultStartupLimit is OpenSSH's default, 10:30:100: the floor of
// StartupLimitFor.
var DefaultStartupLimit = StartupLimit{Begin: 10, Rate: 30, Full: 100}

// StartupLimitFor is the default cap for a server of maxSessions sessions:
// OpenSSH's 10:30:100, widened so that a whole room can log in in the
// same second (a workshop's fifty laptops after "everyone, connect now"
// had a third of them dropped at 10:30:100) and still dropping a flood of
// silent sockets long before descriptors run out.
func StartupLimitFor(maxSessions int) StartupLimit {
	return StartupLimit{Begin: max(DefaultStartupLimit.Begin, maxSessions), Rate: DefaultStartupLimit.Rate,
		Full: max(DefaultStartupLimit.Full, 2*maxSessions)}
}

// ParseStartupLimit reads "begin:rate:full", or a single number N
// meaning N:100:N (drop everything past N), as sshd_config does.
func ParseStartupLimit(s string) (StartupLimit, error) {
	parts := strings.Split(s, ":")
	n := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return StartupLimit{}, fmt.Errorf("%q: want begin:rate:full, e.g. 10:30:100", s)
		}
		n[i] = v
	}
	var l StartupLimit
	switch len(n) {
	case 1:
		l = StartupLimit{Begin: n[0], Rate: 100, Full: n[0]}
	case 3:
		l = StartupLimit{Begin: n[0], Rate: n[1], Full: n[2]}
	default:
		return StartupLimit{}, fmt.Errorf("%q: want begin:rate:full, e.g. 10:30:100", s)
	}
	return l, l.check()
}

func (l StartupLimit) check() error {
	if l.Begin < 1 || l.Rate < 1 || l.Rate > 100 || l.Full < l.Begin {
		return fmt.Errorf("%s: want 1 <= begin <= full and a rate from 1 to 100", l)
	}
	return nil
}

func (l StartupLimit) String() string { return fmt.Sprintf("%d:%d:%d", l.Begin, l.Rate, l.Full) }

// dropChance is the percent chance that a new connection is dropped when
// n others have not logged in yet (sshd's should_drop_connection).
func (l StartupLimit) dropChance(n int) int {
	switch {
	case n < l.Begin:
		return 0
	case n >= l.Full:
		return 100
	}
	return l.Rate + (100-l.Rate)*(n-l.Begin)/(l.Full-l.Begin)
}

// startupGate counts the connections that have not logged in yet.
type startupGate struct {
	limit StartupLimit
	roll  func() int // uniform in [0, 100)

	mu      sync.Mutex
	pending int
}

func newStartupGate(l StartupLimit) *startupGate {
	// Not crypto/rand: the draw only spreads refusals, it guards no secret.
	return &startupGate{limit: l, roll: func() int { return rand.IntN(100) }}
}

// admit counts a new connection in, or says to drop it and how many
// were pending; leave, called once, counts it out.
func (g *startupGate) admit() (ok bool, pending int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.roll() < g.limit.dropChance(g.pending) {
		return false, g.pending
	}
	g.pending++
	return true, g.pending
}

func (g *startupGate) leave() {
	g.mu.Lock()
	g.pending--
	g.mu.Unlock()
}
