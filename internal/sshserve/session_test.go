package sshserve

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	gossh "golang.org/x/crypto/ssh"
)

func TestASessionWithoutAPTYGetsOneClearLine(t *testing.T) {
	ts := startServer(t, nil)
	term, err := sshtest.Open(ts.dial(t), 0, 0, nil)
	must(t, err)
	ended, err := term.WaitEnd(wait)
	if !ended {
		t.Fatal("a session without a PTY stayed open")
	}
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if got := strings.TrimSpace(term.Screen()); strings.Count(got, "\n") != 0 || !strings.Contains(got, "needs a terminal") {
		t.Errorf("message %q, want one line saying a terminal is needed", got)
	}
}

func TestEachSessionFollowsItsOwnWindowSizeAndNoColor(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.newModel = probe })
	plain := ts.open(t, map[string]string{"NO_COLOR": "1"})
	colour := ts.open(t, nil)
	must(t, plain.WaitFor("probe size=100x30 nocolor=true", wait))
	must(t, colour.WaitFor("probe size=100x30 nocolor=false", wait))
	must(t, plain.Session.WindowChange(20, 70))
	must(t, plain.WaitFor("probe size=70x20", wait))
	must(t, plain.Session.WindowChange(25, 90)) // a second resize must arrive too
	must(t, plain.WaitFor("probe size=90x25", wait))
	if strings.Contains(colour.Screen(), "size=70x20") {
		t.Error("one session's resize reached another")
	}
}

func TestAPanicInOneSessionEndsThatSessionOnly(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.newModel = probe })
	bystander := ts.open(t, nil)
	victim := ts.open(t, nil)
	must(t, bystander.WaitFor("probe size", wait))
	must(t, victim.WaitFor("probe size", wait))
	must(t, victim.Send("p"))
	if ended, _ := victim.WaitEnd(wait); !ended {
		t.Fatal("the panicking session is still open")
	}
	must(t, victim.WaitFor("internal error", wait))
	must(t, bystander.Send("q"))
	if ended, err := bystander.WaitEnd(wait); !ended || err != nil {
		t.Fatalf("the other session: ended=%v err=%v, want it alive until q", ended, err)
	}
	after := ts.open(t, nil) // and the server still serves
	must(t, after.WaitFor("probe size", wait))
	waitUntil(t, "the crash in the log", func() bool { return strings.Contains(ts.logs.String(), "panic caught") })
}

func TestShutdownTellsOpenSessionsStopsAcceptingAndReturnsInTime(t *testing.T) {
	ts := startServer(t, nil)
	a, b := ts.open(t, nil), ts.open(t, nil)
	must(t, a.WaitFor("No steps yet", wait))
	must(t, b.WaitFor("No steps yet", wait))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for _, term := range []*sshtest.Term{a, b} {
		if ended, _ := term.WaitEnd(wait); !ended {
			t.Fatal("a session outlived the shutdown")
		}
		must(t, term.WaitFor("shutting down", wait))
	}
	select {
	case err := <-ts.served:
		if err != nil {
			t.Fatalf("Serve after Shutdown: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return after Shutdown")
	}
	if c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(ts.key)); err == nil {
		c.Close()
		t.Fatal("a connection was accepted after shutdown")
	}
}

func TestAHugeTerminalIsClampedBeforeTheExplorerSeesIt(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.newModel = probe })
	term, err := sshtest.Open(ts.dial(t), 10000, 6000, nil)
	must(t, err)
	must(t, term.WaitFor("probe size=500x200", wait))
	must(t, term.Session.WindowChange(6000, 10000))
	must(t, term.Session.WindowChange(150, 9000)) // only the width too wide
	must(t, term.WaitFor("probe size=500x150", wait))
	if s := term.Screen(); strings.Contains(s, "10000") || strings.Contains(s, "x6000") {
		t.Errorf("the explorer saw an unclamped size:\n%s", s)
	}
	waitUntil(t, "the clamp in the log", func() bool { return strings.Contains(ts.logs.String(), "asked=10000x6000") })
	if n := strings.Count(ts.logs.String(), "terminal size clamped"); n != 1 {
		t.Errorf("the clamp was logged %d times, want once per connection", n)
	}
}

// closedWithin reports whether c's connection ends within wait.
func closedWithin(c *gossh.Client) bool {
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(wait):
		return false
	}
}

func TestARefusedCommandClosesTheConnectionAndNoChannelOpensAfterIt(t *testing.T) {
	// The pre-session timer is an hour, so only the refusal can close it.
	ts := startServer(t, func(c *Config) { c.preSession = time.Hour })
	c := ts.dial(t)
	sess, err := c.NewSession()
	must(t, err)
	out, _ := sess.CombinedOutput("cat /etc/passwd")
	if !strings.Contains(string(out), "explorer only") {
		t.Fatalf("the command got %q, want the refusal", out)
	}
	opened := 0
	for range 20 {
		if s, err := c.NewSession(); err == nil {
			opened++
			s.Close()
		}
	}
	if opened > 0 {
		t.Errorf("%d channels opened after the refusal", opened)
	}
	if !closedWithin(c) {
		t.Fatal("the connection stayed open after the refusal")
	}
}

func TestARefusedSubsystemClosesTheConnection(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.preSession = time.Hour })
	c := ts.dial(t)
	sess, err := c.NewSession()
	must(t, err)
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was granted")
	}
	if !closedWithin(c) {
		t.Fatal("the connection stayed open after the refusal")
	}
	waitUntil(t, "the refusal in the log", func() bool { return strings.Contains(ts.logs.String(), "subsystem=sftp") })
}

func TestAConnectionIsClosedOnceItsExplorerHasEnded(t *testing.T) {
	// Long enough to log in and start the probe on a loaded machine.
	ts := startServer(t, func(c *Config) { c.newModel, c.preSession = probe, 5*time.Second })
	c := ts.dial(t)
	term, err := sshtest.Open(c, 100, 30, nil)
	must(t, err)
	must(t, term.WaitFor("probe size", wait))
	must(t, term.Send("q"))
	if ended, _ := term.WaitEnd(wait); !ended {
		t.Fatal("q did not end the session")
	}
	if !closedWithin(c) { // the client keeps it open: the server must not
		t.Fatal("a connection without an explorer stayed open")
	}
}

func TestARefusalBesideARunningExplorerClosesTheConnectionOnlyWhenTheExplorerEnds(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.newModel, c.preSession = probe, time.Hour })
	c := ts.dial(t)
	term, err := sshtest.Open(c, 100, 30, nil)
	must(t, err)
	must(t, term.WaitFor("probe size=100x30", wait))
	sess, err := c.NewSession()
	must(t, err)
	if out, _ := sess.CombinedOutput("ls"); !strings.Contains(string(out), "explorer only") {
		t.Fatalf("the command got %q, want the refusal", out)
	}
	if s, err := c.NewSession(); err == nil {
		s.Close()
		t.Error("a channel opened after the refusal")
	}
	time.Sleep(2 * refusalGrace) // past the grace a connection without an explorer gets
	must(t, term.Session.WindowChange(20, 70))
	must(t, term.WaitFor("probe size=70x20", wait))
	must(t, term.Send("q"))
	if !closedWithin(c) {
		t.Fatal("the connection stayed open after its explorer ended")
	}
}
