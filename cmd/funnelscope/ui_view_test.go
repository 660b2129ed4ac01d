package main

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/explorerstate"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
	"github.com/funnelscope/funnelscope/ui/app"
	"github.com/funnelscope/funnelscope/ui/uitest"
	"github.com/muesli/termenv"
)

// parseView parses args with the ui command's flags and applies them to
// base, as the command does before opening the explorer.
func parseView(t *testing.T, base explorerstate.State, args ...string) (explorerstate.State, error) {
	t.Helper()
	cmd, v := uiCommand(&globals{})
	cmd.Flags().String("db", "", "") // root's persistent flag
	if err := cmd.ParseFlags(args); err != nil {
		return base, err
	}
	st := base.Clone()
	return st, v.apply(&st)
}

func TestTheUIFlagsNameTheViewToOpenOn(t *testing.T) {
	for _, c := range []struct {
		args []string
		tab  string
		opts map[string]string // the tab's options
		n    int               // funnel steps
	}{
		{[]string{"--steps", "view_item,purchase", "--tab", "breakdown", "--by", "device"}, "breakdown", map[string]string{"by": "device"}, 2},
		{[]string{"--tab", "attribution", "--goal", "purchase", "--touch", "utm_source", "--model", "first"}, "attribution",
			map[string]string{"goal": "purchase", "touch": "utm_source", "model": "first"}, 0},
		{[]string{"--steps", "a,b,c", "--tab", "paths", "--anchor", "b", "--direction", "backward", "--after-step", "1"}, "paths",
			map[string]string{"anchor": "b", "direction": "backward", "after-step": "1"}, 3},
		{[]string{"--tab", "trends", "--interval", "day"}, "trends", map[string]string{"interval": "day"}, 0},
		{[]string{"--tab", "trends", "--lines", "steps"}, "trends", map[string]string{"lines": "steps"}, 0},
		{[]string{"--tab", "trends", "--by", "device"}, "trends", map[string]string{"lines": "segments", "by": "device"}, 0},
		{nil, "", nil, 0},
	} {
		st, err := parseView(t, explorerstate.State{}, c.args...)
		if err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if st.Tab != c.tab || !maps.Equal(st.Views[c.tab], c.opts) || len(st.Funnel.Steps) != c.n {
			t.Errorf("%q: tab %q options %v steps %d, want %q %v %d", c.args, st.Tab, st.Views[c.tab], len(st.Funnel.Steps), c.tab, c.opts, c.n)
		}
	}
}

func TestUIFlagsThatCannotApplyAreRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--tab", "funnels"},
		{"--tab", "funnel", "--model", "first"},
		{"--model", "first"}, // the first tab takes no model
		{"--tab", "trends", "--interval", "month"},
		{"--tab", "trends", "--lines", "users"},
		{"--tab", "breakdown", "--lines", "steps"},
		{"--tab", "paths", "--direction", "sideways"},
		{"--tab", "drivers", "--goal", "purchase[value"},
		{"--window", "1d"}, // a window of which funnel?
		{"--steps", "a,b", "--order", "random"},
	} {
		if _, err := parseView(t, explorerstate.State{}, args...); err == nil {
			t.Errorf("%q was accepted", args)
		}
	}
}

func TestUIFlagsWinOverTheStoredStateWithoutWipingIt(t *testing.T) {
	stored := explorerstate.State{Funnel: spec.Funnel{Steps: uitest.Shop, Window: spec.DefaultWindow}, Tab: "paths",
		Views: map[string]map[string]string{"breakdown": {"by": "country"}, "attribution": {"model": "linear"}}}
	st, err := parseView(t, stored, "--tab", "attribution", "--touch", "utm_source", "--from", "2026-09-10")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"model": "linear", "touch": "utm_source"}
	if st.Tab != "attribution" || !maps.Equal(st.Views["attribution"], want) || len(st.Funnel.Steps) != 4 ||
		st.Funnel.From == 0 || st.Views["breakdown"]["by"] != "country" {
		t.Errorf("state %+v: the flags did not win, or the stored state was lost", st)
	}
	if stored.Views["attribution"]["touch"] != "" {
		t.Error("applying the flags changed the stored state it started from")
	}
}

// explorerWith is the explorer on the test sample, loaded, opened on st.
func explorerWith(t *testing.T, st explorerstate.State) *app.Model {
	t.Helper()
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	l := uitest.Engine(t)
	m := app.New(app.Options{DBName: "test.db", DBArg: "/data/shop.db", State: st, Renderer: r, Output: &strings.Builder{},
		Load: func(context.Context, func(app.Progress)) (engine.Engine, error) { return l, nil }})
	update := func(msg tea.Msg) tea.Cmd { _, cmd := m.Update(msg); return cmd }
	update(tea.WindowSizeMsg{Width: 120, Height: 40})
	uitest.Exec(update, m.Init())
	return m
}

func TestTheUICommandOfEveryTabReopensItsView(t *testing.T) {
	where := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	for _, c := range []struct {
		tab  string
		opts map[string]string
	}{
		{"funnel", nil},
		{"breakdown", map[string]string{"by": "country"}},
		{"paths", map[string]string{"anchor": "add_to_cart", "goal": "purchase", "direction": "backward"}},
		{"paths", map[string]string{"after-step": "2"}},
		{"drivers", map[string]string{"goal": "begin_checkout"}},
		{"trends", map[string]string{"interval": "day"}},
		{"trends", map[string]string{"interval": "week", "lines": "steps"}},
		{"trends", map[string]string{"interval": "day", "lines": "segments", "by": "country"}},
		{"attribution", map[string]string{"goal": "purchase", "touch": "utm_source", "model": "first"}},
		{"events", map[string]string{"goal": "add_to_cart"}},
	} {
		st := explorerstate.State{Funnel: spec.Funnel{Steps: uitest.Shop, Window: 2 * spec.DefaultWindow, Where: where,
			Order: spec.AnyOrder, Segment: spec.Segment{Key: "country", Value: "DE"}, From: 1_788_220_800_000_000},
			Tab: c.tab, Views: map[string]map[string]string{c.tab: c.opts}}
		m := explorerWith(t, st)
		had := m.State()
		if had.Funnel.Segment.IsZero() || had.Funnel.From == 0 {
			t.Fatalf("%s: the explorer dropped the segment or the dates: %+v", c.tab, had.Funnel)
		}
		words := m.UICommand()
		if words[1] != "ui" || words[2] != "--db" || words[3] != "/data/shop.db" {
			t.Fatalf("%s: %q is not the ui command on the database", c.tab, words)
		}
		got, err := parseView(t, explorerstate.State{}, words[4:]...)
		if err != nil {
			t.Errorf("%s: %q: %v", c.tab, words, err)
			continue
		}
		a, _ := spec.MarshalSavedFunnel(had.Funnel)
		b, _ := spec.MarshalSavedFunnel(got.Funnel)
		if got.Tab != had.Tab || string(a) != string(b) || !maps.Equal(got.Views[c.tab], had.Views[c.tab]) {
			t.Errorf("%s: %q gives\n%+v\nwant the explorer's\n%+v", c.tab, words, got, had)
		}
		if len(c.opts) > 0 && !maps.Equal(had.Views[c.tab], c.opts) && c.tab != "attribution" {
			t.Errorf("%s: the explorer holds %v, opened on %v", c.tab, had.Views[c.tab], c.opts)
		}
	}
}

func TestTheStoredStateOpensTheExplorerUnderTheFlags(t *testing.T) {
	st := storetest.Temp(t)
	stored := explorerstate.State{Funnel: spec.Funnel{Steps: uitest.Shop}, Tab: "trends"}
	if err := explorerstate.Save(context.Background(), st, explorerstate.User(), stored); err != nil {
		t.Fatal(err)
	}
	cmd, v := uiCommand(&globals{})
	cmd.Flags().String("db", "", "")
	if err := cmd.ParseFlags([]string{"--tab", "paths"}); err != nil {
		t.Fatal(err)
	}
	var o app.Options
	if err := viewOptions(context.Background(), st, v, &o); err != nil {
		t.Fatal(err)
	}
	if o.State.Tab != "paths" || len(o.State.Funnel.Steps) != 4 || o.Suggest || o.StateStore == nil {
		t.Errorf("options %+v: want the stored funnel on the paths tab, kept in the writable database", o)
	}
}

func TestTheStateIsKeptOnlyInADatabaseThisUserMayWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if stateKeeper(path) == nil {
		t.Error("a writable database keeps no state")
	}
	if os.Geteuid() == 0 {
		t.Skip("root may write read-only files: the read-only cases need another user")
	}
	chmod(t, path, 0o444)
	if stateKeeper(path) != nil {
		t.Error("a read-only file would be written")
	}
	chmod(t, path, 0o644)
	chmod(t, dir, 0o555)
	defer chmod(t, dir, 0o755)
	if stateKeeper(path) != nil {
		t.Error("a database in a read-only directory would be written")
	}
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
