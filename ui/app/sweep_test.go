package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
	"github.com/funnelscope/funnelscope/ui/views/attribution"
	"github.com/funnelscope/funnelscope/ui/views/breakdown"
	"github.com/funnelscope/funnelscope/ui/views/drivers"
	"github.com/funnelscope/funnelscope/ui/views/events"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
	"github.com/funnelscope/funnelscope/ui/views/paths"
	"github.com/funnelscope/funnelscope/ui/views/trends"
)

// sweepSizes are the terminals the sweep draws every tab at: the smallest
// supported, a wide but short one, and two large ones.
var sweepSizes = [][2]int{{80, 24}, {120, 24}, {160, 50}, {200, 60}}

// longName is a 60-character name whose first four characters (p, two
// digits, _) tell it apart: cut names still say which row they are.
func longName(p byte, i int) string {
	s := fmt.Sprintf("%c%02d_", p, i) + strings.Repeat("a_rather_long_name_", 4)
	return s[:60]
}

// longNamesEngine answers from a log whose event names and touch values
// are 60 characters: user u does events 0..u%30 in order, one a minute,
// on day u%20, touched by one of 25 sources.
func longNamesEngine(t testing.TB) engine.Engine {
	t.Helper()
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	l, err := datasettest.FromEvents(func(add func(*ingest.Event) error) error {
		for u := range 90 {
			day := start.Add(time.Duration(u%20) * 24 * time.Hour)
			props := []ingest.Prop{{Key: "utm_source", Value: longName('s', u%25)}, {Key: "device", Value: longName('d', u%13)}}
			for i := range u%30 + 1 {
				e := &ingest.Event{User: fmt.Sprint("user", u), Name: longName('e', i),
					Time: day.Add(time.Duration(i) * time.Minute).UnixMicro(), Props: props}
				if err := add(e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return engine.NewLocal(l)
}

// footer is the list footer that says rows are out of the window, or
// the paths pane's position on its headers line ("1-9/20").
var footer = regexp.MustCompile(`rows \d+–\d+ of \d+| \d+-\d+/\d+`)

// rowKeys are patterns of the texts that tell the rows of v's table
// apart: each must be on screen unless the list footer says rows are out
// of the window.
// known is false for the views it cannot read rows from (the paths tree).
func rowKeys(v common.View) (keys []string, known bool) {
	var out []string
	switch v := v.(type) {
	case *funnel.Model:
		for _, s := range v.Funnel().Steps {
			out = append(out, s.Name)
		}
	case *breakdown.Model:
		for _, s := range v.Segments() {
			out = append(out, s.Value)
		}
	case *drivers.Model:
		for _, d := range v.Drivers() {
			out = append(out, d.Event)
		}
	case *events.Model:
		if r := v.Result(); r != nil {
			for _, e := range r.Events {
				out = append(out, e.Event)
			}
		}
	case *attribution.Model:
		if r := v.Result(); r != nil {
			for _, c := range r.Credits {
				if !c.None {
					out = append(out, c.Touch)
				}
			}
		}
	case *paths.Model:
		// Names repeat in a tree: a row is its name, then its users.
		var rows []string
		for _, r := range v.Rows() {
			name := r.Name
			if len(name) == 60 {
				name = name[:4]
			}
			rows = append(rows, regexp.QuoteMeta(name)+`[^\n]*? `+regexp.QuoteMeta(r.Users)+` `)
		}
		return rows, true
	case *trends.Model:
		if r := v.Result(); r != nil {
			for _, p := range r.Periods {
				out = append(out, p.Start.Format(time.DateOnly))
			}
		}
	default:
		return nil, false
	}
	for i, k := range out {
		if len(k) == 60 { // a long name: its prefix tells it apart
			k = k[:4]
		}
		out[i] = regexp.QuoteMeta(k)
	}
	return out, true
}

// checkRows fails t when a row of v is missing from frame and no footer
// says so. It returns how many rows it knows v has.
func checkRows(t *testing.T, v common.View, frame string) int {
	t.Helper()
	keys, known := rowKeys(v)
	if !known {
		return -1
	}
	if footer.MatchString(frame) {
		return len(keys)
	}
	for _, k := range keys {
		if !regexp.MustCompile(k).MatchString(frame) {
			t.Errorf("row %q is not on screen and no footer says rows are hidden:\n%s", k, frame)
		}
	}
	return len(keys)
}

// checkHistogram fails t when the funnel's time-to-convert histogram for
// the selected step drops buckets without merging them into a "≥ X" bar,
// or is missing from frame without a word about it.
func checkHistogram(t *testing.T, f *funnel.Model, frame string) {
	t.Helper()
	res := f.Result()
	if res == nil || f.Cursor() <= 0 {
		t.Fatalf("no step after the first is selected (cursor %d)", f.Cursor())
	}
	buckets := res.Steps[f.Cursor()].Histogram
	if !strings.Contains(frame, "Time to convert") {
		t.Errorf("the histogram of %d buckets is not on screen:\n%s", len(buckets), frame)
		return
	}
	if strings.Contains(frame, "≥ ") {
		return
	}
	for _, b := range buckets {
		if l := report.DurationSpan(b.From, b.To); !strings.Contains(frame, l) {
			t.Errorf("bucket %q is dropped without a ≥ bucket:\n%s", l, frame)
		}
	}
}

// TestTheHistogramShowsEveryBucketOrMergesTheTail selects the funnel's
// last step, whose time-to-convert histogram the funnel view draws under
// its table, at every size of the sweep.
func TestTheHistogramShowsEveryBucketOrMergesTheTail(t *testing.T) {
	for _, size := range sweepSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHarness(t, Options{Steps: uitest.Shop})
			h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			h.typ("1" + strings.Repeat("j", len(uitest.Shop)-1))
			frame := h.m.View()
			uitest.CheckFits(t, frame, size[0], size[1], "last step selected")
			checkHistogram(t, h.m.Views()[0].(*funnel.Model), frame)
		})
	}
}

func TestEveryTabFitsEveryTerminalAndMarksWhatItHides(t *testing.T) {
	data := []struct {
		name  string
		load  func(t testing.TB) engine.Engine
		steps []spec.Step
	}{
		{"sample", func(t testing.TB) engine.Engine { return uitest.Engine(t) }, uitest.Shop},
		{"long names", longNamesEngine, steps(longName('e', 0), longName('e', 1), longName('e', 2), longName('e', 29))},
	}
	rows := map[string]int{} // the most rows each screen had: a sweep over empty tables checks nothing
	for _, d := range data {
		eng := d.load(t)
		load := func(context.Context, func(Progress)) (engine.Engine, error) { return eng, nil }
		for _, size := range sweepSizes {
			h := newHarness(t, Options{Steps: d.steps, Load: load})
			h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			for _, sc := range sweepScreens(h) {
				t.Run(fmt.Sprintf("%s/%s/%dx%d", d.name, sc.name, size[0], size[1]), func(t *testing.T) {
					h.typ(sc.keys)
					frame := h.m.View()
					uitest.CheckFits(t, frame, size[0], size[1], "")
					if n := checkRows(t, h.m.Views()[h.m.Active()], frame); n >= 0 {
						rows[sc.name] = max(rows[sc.name], n)
					}
					if sc.want != "" && !strings.Contains(frame, sc.want) {
						t.Errorf("the screen lacks %q:\n%s", sc.want, frame)
					}
					h.typ(sc.undo)
				})
			}
		}
	}
	for name, n := range rows {
		if n == 0 {
			t.Errorf("%s had no rows at any size: the sweep checked nothing there", name)
		}
	}
}

// sweepScreen is one screen of the sweep: the keys that show it, what it
// must say, and the keys that leave it as the next screen expects.
type sweepScreen struct {
	name, keys, want, undo string
}

// sweepScreens are every tab, every tab in presenter mode, the paths
// tree of the most frequent event with nodes opened (more rows than
// the screen holds), the trends
// lines per step and per segment, the drop-out paths of step 2 and, on
// data the tour knows, the tour's first scene (last: it changes the
// funnel).
func sweepScreens(h *harness) []sweepScreen {
	var out []sweepScreen
	for tab, v := range h.m.Views() {
		out = append(out, sweepScreen{name: v.Title(), keys: fmt.Sprint(tab + 1)})
	}
	for tab, v := range h.m.Views() {
		out = append(out, sweepScreen{name: "presenter " + v.Title(), keys: fmt.Sprintf("P%d", tab+1), want: presenterNote, undo: "P"})
	}
	out = append(out,
		sweepScreen{name: "paths opened", keys: "3a" + h.m.ctx.Engine.Events()[0].Name + "<enter>" + strings.Repeat("<down><right>", 8)},
		sweepScreen{name: "trends per step", keys: "5l", want: "l lines: per step", undo: "ll"},
		sweepScreen{name: "trends per segment", keys: "5ll", want: "l lines: per device", undo: "l"},
		sweepScreen{name: "drop-out paths", keys: "1kkkj<enter>", want: "Dropped at step 2", undo: "<esc>"})
	if h.m.onSample() {
		out = append(out, sweepScreen{name: "tour", keys: "]", want: "tour 1/"})
	}
	return out
}
