package sshserve

import (
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// connState is what the server keeps of one connection: the timer that
// drops it while no explorer runs in it, its open channels and explorers,
// and whether a refusal is closing it.
type connState struct {
	timer     *time.Timer   // closes the connection
	timeout   time.Duration // the timer's, while no explorer runs
	leaveOnce sync.Once     // counts the connection out of the startup gate
	leave     func()

	mu          sync.Mutex
	channels    int
	tuis        int
	closing     bool // after a refusal
	capLogged   bool
	clampLogged bool
}

const connStateKey ctxKey = "funnelscope-conn"

// newConnState starts the timer that closes conn unless an explorer
// starts within timeout; leave is called once, at login or close.
func newConnState(conn net.Conn, timeout time.Duration, leave func()) *connState {
	c := &connState{timeout: timeout, leave: leave}
	c.timer = time.AfterFunc(timeout, func() { _ = conn.Close() }) // too slow: dropped, whatever Close says
	return c
}

// stateOf is the connection's state; connections that did not go through
// accept (none in practice) get a fresh one that closes nothing, so no
// handler can panic on a missing value.
func stateOf(ctx ssh.Context) *connState {
	if c, ok := ctx.Value(connStateKey).(*connState); ok {
		return c
	}
	return &connState{leave: func() {}}
}

// leaveGate counts the connection out of the startup gate, once: at
// login, or at close for one that never logged in.
func (c *connState) leaveGate() { c.leaveOnce.Do(c.leave) }

// openChannel counts a channel in unless max are open or the connection
// is closing; first says whether this is the first refusal, to log once.
func (c *connState) openChannel(limit int) (ok, first bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing || c.channels >= limit {
		first = !c.capLogged
		c.capLogged = true
		return false, first
	}
	c.channels++
	return true, false
}

func (c *connState) closeChannel() {
	c.mu.Lock()
	c.channels--
	c.mu.Unlock()
}

// tuiStarted stops the timer: a connection running an explorer may stay
// as long as the explorer does (the idle timeout ends that).
func (c *connState) tuiStarted() {
	c.mu.Lock()
	c.tuis++
	c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
}

// tuiEnded arms the timer again when the last explorer ends, so a client
// cannot keep an empty connection open; after a refusal, for refusalGrace.
func (c *connState) tuiEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tuis--
	if c.tuis > 0 || c.timer == nil {
		return
	}
	if c.closing {
		c.timer.Reset(refusalGrace)
	} else {
		c.timer.Reset(c.timeout)
	}
}

// closeSoon refuses every further channel and closes the connection after
// refusalGrace, the time a client needs to read the refusal and leave by
// itself; an explorer already running on it is not cut short, the
// connection closes when it ends.
func (c *connState) closeSoon() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closing = true
	if c.tuis == 0 && c.timer != nil {
		c.timer.Reset(refusalGrace)
	}
}

// firstClamp says whether this is the connection's first clamped size,
// to log once.
func (c *connState) firstClamp() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	first := !c.clampLogged
	c.clampLogged = true
	return first
}

// trackedConn leaves the startup gate when closed.
type trackedConn struct {
	net.Conn
	state *connState
}

func (t *trackedConn) Close() error {
	t.state.leaveGate()
	return t.Conn.Close()
}
