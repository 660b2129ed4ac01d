// Package tmuxtest drives a program in a real terminal (tmux) for
// end-to-end tests, the way a person does: keys in, screen out. It is
// imported only by tests.
package tmuxtest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Session is one tmux session on a private server socket.
type Session struct {
	t      testing.TB
	socket string
}

// Start runs command (a shell command line) in a detached w x h session.
// Without tmux the test is skipped, unless FUNNELSCOPE_REQUIRE_TMUX is set
// (CI sets it, so a test cannot pass by skipping).
func Start(t testing.TB, w, h int, env []string, command string) *Session {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("FUNNELSCOPE_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is required (FUNNELSCOPE_REQUIRE_TMUX) but not installed")
		}
		t.Skip("tmux not installed")
	}
	s := &Session{t: t, socket: fmt.Sprintf("fs-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	args := []string{"new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	s.run(append(args, command)...)
	// Teardown: a server that has gone already is what kill-server wants.
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *Session) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// Screen is the visible pane as text.
func (s *Session) Screen() string { return s.run("capture-pane", "-p") }

// Keys sends each key: a tmux key name when it is one (Enter, Escape,
// Tab, Up, ...: capitalised, no underscore), else the literal text.
func (s *Session) Keys(keys ...string) {
	for _, k := range keys {
		if len(k) > 1 && k[0] >= 'A' && k[0] <= 'Z' && !strings.Contains(k, "_") {
			s.run("send-keys", k)
		} else {
			s.run("send-keys", "-l", k)
		}
	}
}

// WaitFor polls the screen until every want shows (a generous deadline:
// CI machines are slow) and returns it, failing with the last screen.
func (s *Session) WaitFor(what string, wants ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		scr := s.Screen()
		ok := true
		for _, w := range wants {
			ok = ok && strings.Contains(scr, w)
		}
		if ok {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: screen never showed %q:\n%s", what, wants, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
