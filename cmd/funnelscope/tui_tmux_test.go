package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a real terminal (tmux), the way a
// person does: keys in, screen out.
type tmuxSession struct {
	t      *testing.T
	socket string
}

// newTmux starts command in a detached w x h tmux session on a private
// server socket. Without tmux the test is skipped, unless
// FUNNELSCOPE_REQUIRE_TMUX is set (CI sets it, so it cannot pass by skipping).
func newTmux(t *testing.T, w, h int, env []string, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("FUNNELSCOPE_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is required (FUNNELSCOPE_REQUIRE_TMUX) but not installed")
		}
		t.Skip("tmux not installed")
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("fs-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	args := []string{"new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, command)
	s.run(args...)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p") }

// keys sends literal text, or a tmux key name when key is one (Enter, Tab...).
func (s *tmuxSession) keys(keys ...string) {
	for _, k := range keys {
		if len(k) > 1 && (k[0] >= 'A' && k[0] <= 'Z') && !strings.Contains(k, "_") {
			s.run("send-keys", k)
		} else {
			s.run("send-keys", "-l", k)
		}
	}
}

// waitFor polls the screen until every want shows (generous deadline:
// CI machines are slow), failing with the last screen.
func (s *tmuxSession) waitFor(what string, wants ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		scr := s.screen()
		ok := true
		for _, w := range wants {
			if !strings.Contains(scr, w) {
				ok = false
				break
			}
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

func TestTUIBuildAFunnelByKeysThenBreakItDownInTmux(t *testing.T) {
	cache := t.TempDir()
	env := []string{"XDG_CACHE_HOME=" + cache, "HOME=" + cache, "TERM=xterm-256color", "NO_COLOR="}
	// The shell prints the exit status once the explorer has restored the
	// terminal, and keeps the pane open for the last capture.
	s := newTmux(t, 100, 30, env, binPath+" demo --users 3000; echo EXIT=$?; sleep 60")
	s.waitFor("first screen", "1 Funnel", "2 Breakdown", "No steps yet", "3,000 users")

	s.keys("a", "view_it")
	s.waitFor("event picker", "Add a step", "view_item")
	s.keys("Enter", "a", "add_to_c", "Enter", "a", "purchas", "Enter")
	scr := s.waitFor("3-step funnel", "1 view_item", "2 add_to_cart", "3 purchase", "◀ biggest", "from start")
	if !strings.Contains(scr, "100.0%") {
		t.Errorf("the funnel shows no conversion:\n%s", scr)
	}

	s.keys("2")
	s.waitFor("breakdown", "device", "mobile", "desktop")

	s.keys("q")
	scr = s.waitFor("quit", "EXIT=")
	if !strings.Contains(scr, "EXIT=0") {
		t.Errorf("exit status:\n%s", scr)
	}
	// The alternate screen is gone: the explorer's tabs are no longer drawn.
	if strings.Contains(scr, "2 Breakdown") {
		t.Errorf("the terminal was not restored:\n%s", scr)
	}
}

func TestOpenImportsInsideTheExplorerAndReopensFromItsCache(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "shop.csv")
	fsOK(t, filepath.Join(dir, "unused.db"), "sample", "--users", "400", "--out", csv, "--format", "csv")
	cache := t.TempDir()
	env := []string{"XDG_CACHE_HOME=" + cache, "HOME=" + cache, "TERM=xterm-256color"}
	for round := 1; round <= 2; round++ {
		s := newTmux(t, 100, 30, env, binPath+" open "+csv+"; echo EXIT=$?; sleep 60")
		s.waitFor(fmt.Sprintf("round %d", round), "shop-", "400 users", "1 Funnel")
		s.keys("q")
		if scr := s.waitFor("quit", "EXIT="); !strings.Contains(scr, "EXIT=0") {
			t.Fatalf("round %d:\n%s", round, scr)
		}
	}
	dbs, _ := filepath.Glob(filepath.Join(cache, "funnelscope", "open", "shop-*.db"))
	done, _ := filepath.Glob(filepath.Join(cache, "funnelscope", "open", "shop-*.db.complete"))
	if len(dbs) != 1 || len(done) != 1 {
		t.Fatalf("cache holds %v and %v, want one database marked complete", dbs, done)
	}
	// The second round imported nothing: one import in the database.
	var got struct {
		Imports []json.RawMessage `json:"imports"`
	}
	if err := json.Unmarshal([]byte(fsOK(t, dbs[0], "info", "--format", "json").stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Imports) != 1 {
		t.Errorf("%d imports in the cached database, want 1", len(got.Imports))
	}
}

func TestTheExplorerOnAMissingDatabaseSaysHowToImportAndCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db")
	s := newTmux(t, 100, 30, nil, binPath+" --db "+db+"; echo EXIT=$?; sleep 60")
	s.waitFor("empty screen", "no events yet", "import events.csv", "funnelscope demo")
	s.keys("q")
	if scr := s.waitFor("quit", "EXIT="); !strings.Contains(scr, "EXIT=0") {
		t.Fatalf("exit:\n%s", scr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("looking created %v", entries)
	}
}

func TestTheExplorerRefusesAPipe(t *testing.T) {
	r := fs(t, filepath.Join(t.TempDir(), "x.db"), "ui")
	if r.code == 0 || !strings.Contains(r.stderr, "needs a terminal") {
		t.Fatalf("ui without a terminal:\n%s", r)
	}
}
