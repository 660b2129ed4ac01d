package app

import (
	"encoding/base64"
	"os/exec"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// longFunnel has steps whose names alone are wider than an 80-column
// screen, with spaces and quotes that the shell must be given quoted.
func longFunnel() []spec.Step {
	var out []spec.Step
	for _, n := range []string{"landing page view", "view_item", "add_to_cart", "it's checkout", "purchase"} {
		out = append(out, spec.Step{Name: n + strings.Repeat("_of_a_long_event_name", 3)})
	}
	return out
}

const dbArg = "/home/some one/.cache/funnelscope/open/export-0123456789ab.db"

func TestTheCommandOverlayPastesAsTheViewsCommandWithItsDatabase(t *testing.T) {
	for _, width := range []int{80, 120} {
		h := newHarness(t, Options{Steps: longFunnel(), DBArg: dbArg})
		h.update(tea.WindowSizeMsg{Width: width, Height: 24})
		want := bashArgs(t, h.m.Views()[0].Command())
		want = slices.Concat(want[:2], []string{"--db", dbArg}, want[2:])
		h.typ("y")
		frame := h.m.View()
		for _, l := range strings.Split(frame, "\n") {
			if ansi.StringWidth(l) > width {
				t.Errorf("width %d: a line %d wide: %q", width, ansi.StringWidth(l), l)
			}
		}
		shown := overlayCommand(t, frame)
		if got := bashArgs(t, shown); !slices.Equal(got, want) {
			t.Errorf("width %d: bash read\n%q\nfrom the overlay's\n%s\nwant %q", width, got, shown, want)
		}
		copied := copiedText(t, h.out.String())
		if got := bashArgs(t, copied); strings.Contains(copied, "\n") || !slices.Equal(got, want) {
			t.Errorf("width %d: bash read\n%q\nfrom the copied\n%s\nwant one line giving %q", width, got, copied, want)
		}
	}
}

// overlayCommand is the analysis command of the command overlay: its
// first block of lines.
func overlayCommand(t *testing.T, frame string) string {
	t.Helper()
	first, _, _ := strings.Cut(overlayText(t, frame), "Reopen this view in the explorer:")
	return strings.TrimSpace(first)
}

// overlayUICommand is the ui command of the command overlay: the lines
// after its label; "" when the overlay shows none.
func overlayUICommand(t *testing.T, frame string) string {
	t.Helper()
	_, ui, ok := strings.Cut(overlayText(t, frame), "Reopen this view in the explorer:\n")
	if !ok {
		return ""
	}
	return ui
}

// overlayText is the text between the command overlay's title and its
// "any key closes", without the box's border and padding.
func overlayText(t *testing.T, frame string) string {
	t.Helper()
	var lines []string
	in := false
	for _, l := range strings.Split(frame, "\n") {
		l = strings.TrimRight(strings.TrimSuffix(strings.TrimRight(l, " "), "│"), " ")
		_, l, boxed := strings.Cut(l, "│ ")
		switch {
		case !boxed:
		case strings.Contains(l, "The same view as a command"):
			in = true
		case strings.Contains(l, "any key closes"):
			return strings.TrimSpace(strings.Join(lines, "\n"))
		case in:
			lines = append(lines, l)
		}
	}
	t.Fatalf("no command overlay in\n%s", frame)
	return ""
}

// copiedText is what the last OSC 52 sequence in out puts on the clipboard.
func copiedText(t *testing.T, out string) string {
	t.Helper()
	i := strings.LastIndex(out, "\x1b]52;c;")
	if i < 0 {
		t.Fatalf("no OSC 52 copy in %q", out)
	}
	enc, _, _ := strings.Cut(out[i+len("\x1b]52;c;"):], "\x07")
	text, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatalf("OSC 52 %q: %v", enc, err)
	}
	return string(text)
}

// bashArgs runs text in bash (a syntax error fails the test) with
// funnelscope a function that records its arguments, and returns them
// after "funnelscope".
func bashArgs(t *testing.T, text string) []string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if out, err := exec.Command(bash, "-n", "-c", text).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v %s\n%s", err, out, text)
	}
	script := `funnelscope() { printf '%s\0' funnelscope "$@"; }` + "\n" + text
	out, err := exec.Command(bash, "-c", script).Output()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, text)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

func TestTheCommandOverlayShowsTheUICommandThatReopensTheView(t *testing.T) {
	st := shopState("breakdown", map[string]map[string]string{"breakdown": {"by": "device"}})
	h := newHarness(t, Options{DBArg: dbArg, State: st})
	h.typ("y")
	shown := overlayUICommand(t, h.m.View())
	if shown == "" {
		t.Fatalf("no ui command in\n%s", h.m.View())
	}
	got := bashArgs(t, shown)
	if want := h.m.UICommand(); !slices.Equal(got, want) {
		t.Errorf("bash read\n%q\nfrom the overlay's\n%s\nwant %q", got, shown, want)
	}
	for _, w := range [][]string{{"ui", "--db", dbArg}, {"--tab", "breakdown", "--by", "device"}} {
		if !strings.Contains(strings.Join(got, "\x00"), strings.Join(w, "\x00")) {
			t.Errorf("the ui command %q lacks %q", got, w)
		}
	}
	if copied := copiedText(t, h.out.String()); strings.Contains(copied, " ui ") {
		t.Errorf("the ui command was copied instead of the analysis command: %q", copied)
	}
}

func TestNoPasswordAppearsInACommand(t *testing.T) {
	for _, c := range []struct{ arg, want string }{
		{"clickhouse://ana:s3cret@db.example:9000/events", "clickhouse://ana:$FUNNELSCOPE_ENGINE@db.example:9000/events"},
		{"clickhouse://ana@db.example/events", "clickhouse://ana@db.example/events"},
		{"/data/team events.db", "/data/team events.db"},
	} {
		h := newHarness(t, Options{Steps: steps("view_item", "purchase"), DBArg: c.arg})
		words := h.m.UICommand()
		if strings.Contains(strings.Join(words, " "), "s3cret") || !slices.Contains(words, c.want) {
			t.Errorf("--db %q: the ui command is %q, want the database as %q", c.arg, words, c.want)
		}
	}
}
