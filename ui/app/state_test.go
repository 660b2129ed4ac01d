package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/explorerstate"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// memStore records the states written.
type memStore struct {
	mu      sync.Mutex
	written []explorerstate.State
}

func (s *memStore) SaveState(_ context.Context, st explorerstate.State) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written = append(s.written, st)
	return nil
}

func (s *memStore) last(t *testing.T) explorerstate.State {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.written) == 0 {
		t.Fatal("no state was written")
	}
	return s.written[len(s.written)-1]
}

func shopState(tab string, views map[string]map[string]string) explorerstate.State {
	return explorerstate.State{Funnel: spec.Funnel{Steps: uitest.Shop, Window: spec.DefaultWindow}, Tab: tab, Views: views}
}

func TestTheExplorerOpensOnTheStateItIsGiven(t *testing.T) {
	want := shopState("breakdown", map[string]map[string]string{"breakdown": {"by": "country"}})
	want.Funnel.Where = []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	h := newHarness(t, Options{State: want})
	if got := h.m.Views()[h.m.Active()].Title(); got != "Breakdown" {
		t.Errorf("the visible view is %s, want Breakdown", got)
	}
	got := h.m.State()
	if len(got.Funnel.Steps) != 4 || len(got.Funnel.Where) != 1 || got.Views["breakdown"]["by"] != "country" {
		t.Errorf("State() = %+v, want %+v", got, want)
	}
	if v := h.m.View(); !strings.Contains(v, "country") {
		t.Errorf("the breakdown by country is not on screen:\n%s", v)
	}
}

func TestAStateNamingWhatTheDataLacksIsDroppedWithAStatusLine(t *testing.T) {
	st := shopState("drivers", map[string]map[string]string{"drivers": {"goal": "no_such_event"}})
	st.Funnel.Steps = append(st.Funnel.Steps, spec.Step{Name: "gone_event"})
	h := newHarness(t, Options{State: st, Steps: steps("view_item", "purchase")})
	got := h.m.State()
	if len(got.Funnel.Steps) != 2 || got.Views["drivers"]["goal"] != "" {
		t.Errorf("State() = %+v: the missing events were kept", got)
	}
	if !strings.Contains(h.m.status, "not restored") || !strings.Contains(h.m.status, "gone_event") ||
		!strings.Contains(h.m.status, "no_such_event") || !h.m.statusErr {
		t.Errorf("status %q does not say what was dropped", h.m.status)
	}
	if got.Tab != "drivers" {
		t.Errorf("tab %q: what the data has (the tab) should still be restored", got.Tab)
	}
}

func TestAChangeIsWrittenOnceTheKeysStop(t *testing.T) {
	defer func(d time.Duration) { stateDelay = d }(stateDelay)
	stateDelay = time.Millisecond
	s := &memStore{}
	h := newHarness(t, Options{Steps: uitest.Shop, StateStore: s})
	if len(s.written) != 0 {
		t.Fatalf("opening wrote %d states before any key", len(s.written))
	}
	h.typ("5")
	if got := s.last(t); got.Tab != "trends" || len(got.Funnel.Steps) != 4 {
		t.Errorf("written %+v, want the trends tab on the shop funnel", got)
	}
	n := len(s.written)
	h.typ("5") // no change
	if len(s.written) != n {
		t.Errorf("an unchanged state was written again")
	}
}

func TestAStaleTickWritesNothing(t *testing.T) {
	s := &memStore{}
	h := newHarness(t, Options{Steps: uitest.Shop, StateStore: s})
	h.m.keep = keeper{touched: true, written: h.m.State(), gen: 2, pending: true}
	if cmd := h.m.writeState(1); cmd != nil {
		t.Error("the tick of a change that a newer one replaced wrote")
	}
	if cmd := h.m.writeState(2); cmd == nil {
		t.Error("the latest change's tick did not write")
	}
}

func TestQuittingWritesAChangeStillWaiting(t *testing.T) {
	defer func(d time.Duration) { stateDelay = d }(stateDelay)
	stateDelay = time.Hour // never ticks within the test
	s := &memStore{}
	h := newHarness(t, Options{Steps: uitest.Shop, StateStore: s})
	h.m.keep.touched = true
	h.m.active = 2
	h.m.noteState() // the tick is dropped: only quitting can write
	if cmd := h.m.flushState(); cmd == nil {
		t.Fatal("quit has nothing to write")
	} else {
		cmd()
	}
	if got := s.last(t); got.Tab != "paths" {
		t.Errorf("written tab %q, want paths", got.Tab)
	}
}

func TestWithoutAStoreTheStateStaysInMemory(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop}) // serve, or a read-only database
	h.typ("2")
	if h.m.keep.pending || h.m.keep.gen != 0 {
		t.Errorf("a write was scheduled with nowhere to write: %+v", h.m.keep)
	}
	if h.m.State().Tab != "breakdown" {
		t.Errorf("the state in memory is %+v", h.m.State())
	}
}

func TestTheStatusLineShowsWholeKeysMostNeededFirst(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	for _, w := range []int{80, 120, 160, 200} {
		h.update(tea.WindowSizeMsg{Width: w, Height: 30})
		line := h.m.statusLine()
		if lipgloss.Width(line) > w || strings.Contains(line, "…") {
			t.Errorf("width %d: status line %q is cut", w, line)
		}
		if !strings.Contains(line, "? help • q quit • tab next view") {
			t.Errorf("width %d: status line %q does not start with help, quit and tab", w, line)
		}
	}
}

func TestTheTabNamesAreTheViewsInTheirOrder(t *testing.T) {
	h := newHarness(t, Options{})
	for i, v := range h.m.Views() {
		if i >= len(TabNames) || TabNames[i] != strings.ToLower(v.Title()) {
			t.Errorf("view %d is %s, TabNames has %q", i, v.Title(), TabNames)
		}
	}
	if len(TabNames) != len(h.m.Views()) {
		t.Errorf("%d tab names for %d views", len(TabNames), len(h.m.Views()))
	}
}

func TestASegmentOnAPropertyTheDataLacksDropsTheFunnel(t *testing.T) {
	st := shopState("funnel", nil)
	st.Funnel.Segment = spec.Segment{Key: "no_such_key", Value: "x"}
	h := newHarness(t, Options{State: st})
	if !h.m.State().Funnel.Segment.IsZero() || !strings.Contains(h.m.status, "no_such_key") {
		t.Errorf("segment kept (%+v) or not reported (%q)", h.m.State().Funnel.Segment, h.m.status)
	}
}

// BenchmarkNoteState is what every message costs once the user has
// acted: the state built and compared with the one last written.
func BenchmarkNoteState(b *testing.B) {
	h := benchHarness(b)
	h.m.opts.StateStore = &memStore{}
	h.m.keep.touched = true
	h.m.noteState()
	b.ResetTimer()
	for b.Loop() {
		h.m.noteState()
	}
}
