package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/saved"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
	"github.com/funnelscope/funnelscope/ui/uitest"
	"github.com/muesli/termenv"
)

type harness struct {
	m    *Model
	out  bytes.Buffer
	quit bool
}

func newHarness(t *testing.T, o Options) *harness {
	h := &harness{}
	if o.Load == nil {
		l := uitest.Engine(t)
		o.Load = func(context.Context, func(Progress)) (engine.Engine, error) { return l, nil }
	}
	if o.Renderer == nil {
		o.Renderer = lipgloss.NewRenderer(nil)
		o.Renderer.SetColorProfile(termenv.Ascii)
	}
	o.Output, o.DBName = &h.out, "test.db"
	h.m = New(o)
	h.update(tea.WindowSizeMsg{Width: 120, Height: 40})
	uitest.Exec(h.update, h.m.Init())
	return h
}

func (h *harness) update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.QuitMsg); ok {
		h.quit = true
		return nil
	}
	_, cmd := h.m.Update(msg)
	return cmd
}

func (h *harness) typ(keys string) { uitest.Type(h.update, keys) }

func steps(names ...string) []spec.Step {
	var out []spec.Step
	for _, n := range names {
		out = append(out, spec.Step{Name: n})
	}
	return out
}

func TestTheFirstScreenShowsTheDataAndTheTabs(t *testing.T) {
	h := newHarness(t, Options{})
	v := h.m.View()
	for _, s := range []string{"test.db", "events", "3,000 users", "1 Funnel", "2 Breakdown", "6 Attribution", "? help"} {
		if !strings.Contains(v, s) {
			t.Errorf("first screen lacks %q:\n%s", s, v)
		}
	}
}

func TestTabsSwitchByTabNumberShiftTabAndMouse(t *testing.T) {
	h := newHarness(t, Options{})
	last := len(h.m.Views()) // tabs follow the list of views: no count here
	for _, c := range []struct {
		keys string
		want int
	}{{"<tab>", 1}, {"<tab>", 2}, {"<shift+tab>", 1}, {fmt.Sprint(last), last - 1}, {"<tab>", 0},
		{"<shift+tab>", last - 1}, {"4", 3}} {
		h.typ(c.keys)
		if h.m.Active() != c.want {
			t.Fatalf("after %s: view %d, want %d", c.keys, h.m.Active(), c.want)
		}
	}
	h.update(tea.MouseMsg{X: 12, Y: 1, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}) // "2 Breakdown"
	if h.m.Active() != 1 {
		t.Errorf("a click on the second tab shows view %d", h.m.Active())
	}
}

func TestGlobalFilterDatesAndResetReachTheFunnel(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	h.typ("gdevice<enter>mobile<enter>")
	if w := h.m.funnel.Where; len(w) != 1 || w[0] != (spec.Cond{Key: "device", Value: "mobile"}) {
		t.Fatalf("where %+v", w)
	}
	if !strings.Contains(h.m.View(), "where device=mobile") {
		t.Error("the header does not show the filter")
	}
	h.typ("D2026-09-01 2026-10-01<enter>")
	if h.m.funnel.From == 0 || h.m.funnel.To <= h.m.funnel.From {
		t.Fatalf("dates %d..%d", h.m.funnel.From, h.m.funnel.To)
	}
	h.typ("Dnot a date<enter>")
	if !h.m.statusErr || h.m.funnel.From == 0 {
		t.Errorf("a bad date: status %q, from %d", h.m.status, h.m.funnel.From)
	}
	h.typ("Ry")
	if len(h.m.funnel.Where) != 0 || h.m.funnel.From != 0 {
		t.Errorf("R left %+v", h.m.funnel)
	}
}

func TestSaveAndReopenAFunnel(t *testing.T) {
	st := storetest.Temp(t)
	h := newHarness(t, Options{Saved: saved.New(st), Steps: steps("view_item", "add_to_cart", "purchase")})
	h.typ("scheckout<enter>")
	if !strings.Contains(h.m.status, `saved funnel "checkout"`) {
		t.Fatalf("status %q", h.m.status)
	}
	h.typ("ddd") // remove every step
	if len(h.m.funnel.Steps) != 0 {
		t.Fatalf("steps left: %+v", h.m.funnel.Steps)
	}
	h.typ("Ocheck<enter>y") // y: discard the unsaved removals
	if got := len(h.m.funnel.Steps); got != 3 {
		t.Fatalf("reopened funnel has %d steps, want 3", got)
	}
}

func TestSavingIsRefusedWithoutAStore(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	h.typ("s")
	if !h.m.statusErr || !strings.Contains(h.m.status, "saving is off") || h.m.overlay != noOverlay {
		t.Errorf("status %q overlay %d", h.m.status, h.m.overlay)
	}
}

func TestExportWritesAFileLocallyAndCopiesOverSSH(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	h := newHarness(t, Options{Local: true, Steps: steps("view_item", "purchase")})
	h.typ("xmd<enter>")
	files, _ := filepath.Glob(filepath.Join(dir, "funnelscope-funnel-*.md"))
	if len(files) != 1 {
		t.Fatalf("exported files %v (status %q)", files, h.m.status)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), "| view_item |") {
		t.Errorf("export:\n%s", data)
	}
	remote := newHarness(t, Options{Local: false, Steps: steps("view_item", "purchase")})
	remote.typ("xcsv<enter>")
	if !strings.Contains(remote.out.String(), "\x1b]52;c;") || !strings.Contains(remote.m.status, "clipboard") {
		t.Errorf("over SSH: output %q status %q", remote.out.String(), remote.m.status)
	}
}

func TestCommandKeyShowsAndCopiesTheCommand(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	h.typ("y")
	if v := h.m.View(); !strings.Contains(v, "funnelscope funnel --steps view_item,purchase") {
		t.Errorf("command overlay:\n%s", v)
	}
	if !strings.Contains(h.out.String(), "\x1b]52;c;") {
		t.Error("no OSC 52 copy")
	}
	h.typ("q") // closes the overlay, does not quit
	if h.quit || h.m.overlay != noOverlay {
		t.Errorf("quit %v overlay %d", h.quit, h.m.overlay)
	}
	h.typ("q")
	if !h.quit {
		t.Error("q did not quit")
	}
}

func TestHelpListsEveryKeyOfTheView(t *testing.T) {
	h := newHarness(t, Options{})
	h.typ("?")
	v := h.m.View()
	for _, s := range []string{"add step", "step filter", "global filter", "export csv/md", "quit"} {
		if !strings.Contains(v, s) {
			t.Errorf("help lacks %q", s)
		}
	}
}

func TestEmptyDatabaseAndLoadErrorsSayWhatToDo(t *testing.T) {
	empty := newHarness(t, Options{Load: func(context.Context, func(Progress)) (engine.Engine, error) {
		return engine.NewLocal(snapshot.Empty()), nil
	}})
	if v := empty.m.View(); !strings.Contains(v, "funnelscope --db test.db import") {
		t.Errorf("empty database:\n%s", v)
	}
	failed := newHarness(t, Options{Load: func(context.Context, func(Progress)) (engine.Engine, error) {
		return nil, errors.New("disk on fire")
	}})
	if v := failed.m.View(); !strings.Contains(v, "disk on fire") {
		t.Errorf("load error:\n%s", v)
	}
}

func TestLoadingShowsProgress(t *testing.T) {
	m := New(Options{DBName: "big.db"})
	m.Update(progressMsg{Stage: "importing x.csv", Done: 50, Total: 200})
	if v := m.View(); !strings.Contains(v, "importing x.csv") || !strings.Contains(v, "25%") {
		t.Errorf("loading screen:\n%s", v)
	}
}

func TestTheScreenFitsFrom80x24Up(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {160, 50}} {
		h := newHarness(t, Options{Steps: steps("landing_page_view", "view_item", "add_to_cart", "begin_checkout", "purchase")})
		h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for tab := range h.m.Views() {
			h.typ(string(rune('1' + tab)))
			v := h.m.View()
			if got := lipgloss.Height(v); got > size[1] {
				t.Errorf("%dx%d tab %d: %d lines", size[0], size[1], tab+1, got)
			}
			for i, line := range strings.Split(v, "\n") {
				if w := lipgloss.Width(line); w > size[0] {
					t.Errorf("%dx%d tab %d line %d: %d wide", size[0], size[1], tab+1, i, w)
				}
			}
		}
	}
}

func TestANarrowHeaderKeepsTheFiltersWhole(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	h.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.typ("gdevice<enter>mobile<enter>gutm_source<enter>google<enter>")
	head := strings.Split(h.m.View(), "\n")[0]
	if !strings.Contains(head, "where device=mobile & utm_source=google") || lipgloss.Width(head) > 80 {
		t.Errorf("header %q", head)
	}
}

func TestKeysThatArriveTogetherAreEachHandled(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	uitest.Run(h.update, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ooo")})
	if h.m.funnel.Order != spec.AnyOrder {
		t.Errorf("three o's at once: order %v, want any (toggled three times)", h.m.funnel.Order)
	}
	// A picker opened on the way takes the rest as its filter.
	uitest.Run(h.update, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("aadd_to_c")})
	h.typ("<enter>")
	if n := len(h.m.funnel.Steps); n != 3 || h.m.funnel.Steps[1].Name != "add_to_cart" {
		t.Errorf("steps %+v, want add_to_cart added after the selected step 1", h.m.funnel.Steps)
	}
}

func TestTabsShrinkToNumbersWhenTheBarIsWiderThanTheTerminal(t *testing.T) {
	h := newHarness(t, Options{})
	full := h.m.tabs()
	for _, w := range []int{120, 70, 40, 30} {
		h.update(tea.WindowSizeMsg{Width: w, Height: 24})
		bar := h.m.tabs()
		if lipgloss.Width(bar) > w {
			t.Errorf("%d columns: the tab bar is %d wide: %q", w, lipgloss.Width(bar), bar)
		}
		if !strings.Contains(bar, "1 Funnel") {
			t.Errorf("%d columns: the active tab's name is gone: %q", w, bar)
		}
		for i := range h.m.Views() {
			if !strings.Contains(bar, fmt.Sprint(i+1)) {
				t.Errorf("%d columns: tab %d is gone: %q", w, i+1, bar)
			}
		}
	}
	if !strings.Contains(full, "Attribution") {
		t.Errorf("at 120 columns every name shows: %q", full)
	}
	// A click still lands on the tab drawn under it at the narrowest width.
	h.update(tea.WindowSizeMsg{Width: 30, Height: 24})
	labels, x := h.m.tabLabels(), 0
	for i := 0; i < 2; i++ {
		x += lipgloss.Width(h.m.th.Tab.Render(labels[i]))
	}
	h.update(tea.MouseMsg{X: x, Y: 1, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if h.m.Active() != 2 {
		t.Errorf("a click on the third narrow tab shows view %d", h.m.Active())
	}
}
