package main_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/tmuxtest"
)

// What y shows, pasted into a shell, computes the funnel on screen: it
// names the demo's database, and its lines break only where the shell
// lets them.
func TestTheCommandYShowsRunsWhenPastedInTmux(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	_, env := cacheEnv(t)
	s := tmuxtest.Start(t, 80, 24, env, binPath+" demo --users 3000")
	s.WaitFor("first screen", "1 Funnel", "4 purchase")
	s.Keys("y")
	pasted := boxed(s.WaitFor("command", "The same view as a command", "any key closes"))
	script := `funnelscope() { "$BIN" "$@"; }` + "\n" + pasted
	cmd := exec.Command(bash, "-c", script)
	cmd.Env = append(os.Environ(), append(env, "BIN="+binPath)...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"name": "purchase"`) {
		t.Errorf("pasted\n%s\nit gave %v:\n%s", pasted, err, out)
	}
	if !strings.Contains(pasted, "--db") {
		t.Errorf("no --db in\n%s", pasted)
	}
}

// boxed is the text of the overlay box on scr after its blank line and
// before the next, without the border and padding.
func boxed(scr string) string {
	var lines []string
	for _, l := range strings.Split(scr, "\n") {
		l = strings.TrimRight(strings.TrimSuffix(strings.TrimRight(l, " "), "│"), " ")
		if _, l, ok := strings.Cut(l, "│ "); ok && strings.HasPrefix(strings.TrimSpace(l), "funnelscope") || len(lines) > 0 {
			if !ok || strings.TrimSpace(l) == "" {
				break
			}
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
