package app

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/muesli/termenv"
)

// hostile are names an export can carry, from anyone holding a site's
// public write key: a clipboard write, a window title, a screen clear, a
// faked row, C1 CSI, DEL, a right-to-left override, invalid UTF-8.
var hostile = []string{"\x1b]52;c;aGk=\x07", "\x1b]0;T\x07", "\x1b[2J", "a\r\nb", "\u009b2J", "d\x7f", "\u202Egnp", "\xffx", "\x1b[31mred"}

const hostileKey = "utm\x1b]0;K\x07"

// hostileEngine is an engine over users who each do the hostile events in
// order, some stopping early, with a hostile property key and values.
func hostileEngine(t *testing.T) engine.Engine {
	log, err := datasettest.FromEvents(func(add func(*ingest.Event) error) error {
		for u := range 60 {
			for i, name := range hostile[:len(hostile)-u%3] {
				ev := ingest.Event{User: fmt.Sprintf("u%d\x1b[2J", u), Name: name, Time: int64(1_788_000_000+u*86_400+i*60) * 1e6,
					Props: []ingest.Prop{{Key: hostileKey, Value: hostile[(u+i)%len(hostile)]}}}
				if err := add(&ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return engine.NewLocal(log)
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// checkFrame fails t when the frame holds anything that drives a terminal
// other than SGR styles and newlines.
func checkFrame(t *testing.T, what, frame string) {
	t.Helper()
	rest := sgr.ReplaceAllString(frame, "")
	if i := strings.IndexFunc(rest, func(r rune) bool {
		return r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || unicode.Is(unicode.Bidi_Control, r)
	}); i >= 0 || !utf8.ValidString(rest) {
		t.Errorf("%s: a raw control in the frame at %d:\n%q", what, i, frame)
	}
}

func TestNoControlFromTheDataReachesTheTerminal(t *testing.T) {
	shown := driveEveryScreen(t, termenv.TrueColor, checkFrame) // styles on: they must pass, and only they
	for _, want := range []string{`\x1b]52;c;aGk=\x07`, `\x1b]0;T\x07`, `\x1b[2J`, `a\r\nb`, `\u009b2J`, `d\x7f`, `\u202egnp`, `\xffx`, `utm\x1b]0;K\x07`, `\x1b[31mred`} {
		if !strings.Contains(shown, want) {
			t.Errorf("%q is never shown escaped", want)
		}
	}
}

// Without colours the explorer itself writes no ESC at all, so any ESC on
// screen would come from the data: a name that is itself a style sequence
// must be shown escaped too, not obeyed.
func TestNotEvenAStyleSequenceFromTheDataIsObeyed(t *testing.T) {
	driveEveryScreen(t, termenv.Ascii, func(t *testing.T, what, frame string) {
		t.Helper()
		if i := strings.IndexByte(frame, 0x1b); i >= 0 {
			t.Errorf("%s: an ESC from the data at %d:\n%q", what, i, frame)
		}
	})
}

// driveEveryScreen opens every tab, picker and overlay on hostile data at
// colour profile p, hands each frame to check, and returns them all.
func driveEveryScreen(t *testing.T, p termenv.Profile, check func(t *testing.T, what, frame string)) string {
	eng := hostileEngine(t)
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(p)
	var names []spec.Step
	for _, n := range hostile[:3] {
		names = append(names, spec.Step{Name: n})
	}
	h := newHarness(t, Options{Renderer: r, Steps: names,
		Load: func(context.Context, func(Progress)) (engine.Engine, error) { return eng, nil }})
	shown := ""
	for _, c := range []struct{ what, keys string }{
		{"the funnel", "1"},
		{"the event picker", "a"},
		{"a step added from the picker", "<enter>"},
		{"the breakdown's property picker", "2p"},
		{"the breakdown", "<enter>"},
		{"the paths", "3"},
		{"the paths' anchor picker", "a"},
		{"the paths from a picked anchor", "<enter>"},
		{"the drivers' goal picker", "4G"},
		{"the drivers", "<enter>"},
		{"the trends", "5"},
		{"the attribution's touch picker", "6"},
		{"the attribution", "<enter>"},
		{"the attribution's goal picker", "G"},
		{"the attribution of a picked goal", "<enter>"},
		{"the events' goal picker", "7G"},
		{"the events", "<enter>"},
		{"the global filter's values", "gutm<enter>"},
		{"the header with the filter", "<enter>1"},
		{"the command", "y"},
	} {
		h.typ(c.keys)
		frame := h.m.View()
		check(t, c.what, frame)
		shown += frame
		if c.what == "the command" {
			h.typ("<esc>")
		}
	}
	return shown
}

func TestExportsOfHostileNamesHoldNoRawControl(t *testing.T) {
	eng := hostileEngine(t)
	h := newHarness(t, Options{Steps: []spec.Step{{Name: hostile[0]}, {Name: hostile[3]}},
		Load: func(context.Context, func(Progress)) (engine.Engine, error) { return eng, nil }})
	h.typ("2p<enter>3<enter>4G<enter>56<enter>7G<enter>")
	for _, v := range h.m.Views() {
		for _, format := range []string{"csv", "md"} {
			out, err := v.Export(format)
			if err != nil {
				t.Fatalf("%s: %v", v.Title(), err)
			}
			if strings.ContainsAny(out, "\x1b\x07\r\x7f\u009b\u202e") || !utf8.ValidString(out) {
				t.Errorf("%s as %s: raw controls in %q", v.Title(), format, out)
			}
		}
	}
}

// The command y shows and copies names the shell reads back byte for
// byte, with no raw control on screen.
func TestTheCommandOfHostileStepsGivesTheRealNamesBack(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	eng := hostileEngine(t)
	var want []spec.Step
	for _, n := range hostile {
		want = append(want, spec.Step{Name: n})
	}
	h := newHarness(t, Options{Steps: want,
		Load: func(context.Context, func(Progress)) (engine.Engine, error) { return eng, nil }})
	line := h.m.Views()[0].Command()
	script := `funnelscope() { while [ $# -gt 0 ]; do [ "$1" = --steps ] && printf %s "$2"; shift; done; }; ` + line
	out, err := exec.Command(bash, "-c", script).Output()
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	got, err := spec.ParseSteps(string(out))
	if err != nil {
		t.Fatalf("--steps %q from %s: %v", out, line, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bash read the steps %q\nfrom %s\nwant %q", got, line, want)
	}
	h.typ("y")
	checkFrame(t, "the command overlay", h.m.View())
}
