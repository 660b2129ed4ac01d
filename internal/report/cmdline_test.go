package report

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// longWords is a command whose steps are wider than any screen.
func longWords() []string {
	var names []string
	for _, n := range []string{"landing_page_view", "view_item with a space", "add_to_cart", "it's checkout", "purchase\x1b[2J"} {
		names = append(names, n+strings.Repeat("_long_event_name", 3))
	}
	return []string{"funnelscope", "funnel", "--db", "/home/someone/.cache/funnelscope/open/export-0123456789ab.db",
		"--steps", strings.Join(names, ","), "--window", "30d", "--where", "country=Côte d'Ivoire", "--by", "device"}
}

func TestWrappedCommandLinesFitTheWidthAndBreakOnlyBetweenArguments(t *testing.T) {
	words := longWords()
	for _, width := range []int{30, 60, 74, 98, 400} {
		lines := WrapCommandLine(words, width)
		for _, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Errorf("width %d: line %q is %d wide", width, l, ansi.StringWidth(l))
			}
		}
		if got := bashWords(t, strings.Join(lines, "\n")); !slices.Equal(got, words) {
			t.Errorf("width %d: bash read\n%q\nfrom\n%s\nwant %q", width, got, strings.Join(lines, "\n"), words)
		}
	}
}

func TestAFlagStaysBesideItsValueWhenBothFit(t *testing.T) {
	lines := WrapCommandLine([]string{"funnelscope", "funnel", "--steps", "a,b", "--window", "30d", "--db", "x.db"}, 34)
	want := []string{`funnelscope funnel --steps a,b \`, `  --window 30d --db x.db`}
	if !slices.Equal(lines, want) {
		t.Errorf("lines %q, want %q", lines, want)
	}
}

func TestACommandThatFitsStaysOneLine(t *testing.T) {
	words := []string{"funnelscope", "funnel", "--steps", "a,b"}
	if lines := WrapCommandLine(words, 80); len(lines) != 1 || lines[0] != spec.CommandLine("funnel", words[2:]) {
		t.Errorf("lines %q", lines)
	}
}

// bashWords runs line in bash with funnelscope a function that prints
// its arguments, and returns the words bash passed it.
func bashWords(t *testing.T, line string) []string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script := `funnelscope() { printf '%s\0' funnelscope "$@"; }` + "\n" + line
	out, err := exec.Command(bash, "-c", script).Output()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, line)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}
