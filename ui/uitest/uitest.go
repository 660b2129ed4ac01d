// Package uitest gives the TUI's tests a context on the workshop sample
// and helpers to drive models with keys.
package uitest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/spinner"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/sample"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/theme"
	"github.com/muesli/termenv"
)

// Users is the size of the test sample: big enough for the planted
// insights, small enough to build in a fraction of a second.
const Users = 3000

// Shop is the checkout funnel of the sample that the views' tests build.
var Shop = []spec.Step{{Name: "view_item"}, {Name: "add_to_cart"}, {Name: "begin_checkout"}, {Name: "purchase"}}

var log = sync.OnceValues(func() (*snapshot.Log, error) {
	return datasettest.Sample(sample.Config{Users: Users, Seed: 1})
})

var eng = sync.OnceValue(func() *engine.Local {
	l, err := log()
	if err != nil {
		return nil
	}
	return engine.NewLocal(l)
})

// Engine is the engine over the shared test sample.
func Engine(t testing.TB) *engine.Local {
	t.Helper()
	Log(t) // fails t when the sample cannot be built
	return eng()
}

// Log is the shared test sample (read-only).
func Log(t testing.TB) *snapshot.Log {
	t.Helper()
	l, err := log()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Context is a session context on the test sample with a colourless
// theme, so rendered views compare as plain text.
func Context(t testing.TB) *common.Context {
	return &common.Context{Engine: Engine(t), Theme: Theme(), Local: true}
}

// Theme is a colourless theme, so that rendered components compare as
// plain text.
func Theme() *theme.Theme {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	return theme.New(r, true)
}

// Activate stands for the app showing a view: an update function from
// Update calls the view's Activate on it.
type Activate struct{}

// Update is the update function of v as the app drives it: Activate
// calls v.Activate, any other message goes to v.Update.
func Update(v common.View) func(tea.Msg) tea.Cmd {
	return func(msg tea.Msg) tea.Cmd {
		if _, ok := msg.(Activate); ok {
			return v.Activate()
		}
		_, cmd := v.Update(msg)
		return cmd
	}
}

// Open does to v what the app does before showing it: sizes it to w x h,
// announces the funnel of steps (in the default window) and activates
// it, running every command. It returns v's update function.
func Open(v common.View, w, h int, steps []spec.Step) func(tea.Msg) tea.Cmd {
	v.SetSize(w, h)
	update := Update(v)
	Run(update, common.FunnelMsg{Funnel: spec.Funnel{Steps: steps, Window: spec.DefaultWindow}})
	Run(update, Activate{})
	return update
}

// Opener is the opening most view tests start with: open builds a view
// with newView on a test Context and Opens it at w x h with the funnel of
// steps, returning the view and its update function.
func Opener[V common.View](newView func(*common.Context) V) (open func(t testing.TB, steps []spec.Step, w, h int) (V, func(tea.Msg) tea.Cmd)) {
	return func(t testing.TB, steps []spec.Step, w, h int) (V, func(tea.Msg) tea.Cmd) {
		t.Helper()
		v := newView(Context(t))
		return v, Open(v, w, h, steps)
	}
}

// CheckFits fails t when the view v drawn in a w x h box has more than h
// lines or a line wider than w; state says what v shows ("" for nothing).
func CheckFits(t testing.TB, v string, w, h int, state string) {
	t.Helper()
	at := fmt.Sprintf("%dx%d", w, h)
	if state != "" {
		at += " " + state
	}
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Errorf("%s: %d lines:\n%s", at, len(lines), v)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%s: line %d is %d wide: %q", at, i, lw, l)
		}
	}
}

// Keys turns a string into key messages: each rune is one key, and names
// in angle brackets are special keys: <enter>, <esc>, <tab>, <up>, <down>,
// <left>, <right>, <backspace>, <shift+tab>, <pgdown>, <pgup>, <home>,
// <end>, <space>.
func Keys(s string) []tea.KeyMsg {
	special := map[string]tea.KeyType{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"backspace": tea.KeyBackspace, "shift+tab": tea.KeyShiftTab, "pgdown": tea.KeyPgDown,
		"pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd, "space": tea.KeySpace}
	var out []tea.KeyMsg
	for len(s) > 0 {
		if s[0] == '<' {
			if j := strings.IndexByte(s, '>'); j > 0 {
				if kt, ok := special[s[1:j]]; ok {
					out = append(out, tea.KeyMsg{Type: kt})
					s = s[j+1:]
					continue
				}
			}
		}
		r, n := utf8.DecodeRuneInString(s)
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		s = s[n:]
	}
	return out
}

// Exec runs cmd and feeds what it produces through Run.
func Exec(update func(tea.Msg) tea.Cmd, cmd tea.Cmd) {
	for _, m := range drain(cmd) {
		Run(update, m)
	}
}

// Type feeds every key of s (see Keys) through Run.
func Type(update func(tea.Msg) tea.Cmd, s string) {
	for _, k := range Keys(s) {
		Run(update, k)
	}
}

// TypeCaptured types s into update and stops t unless v then captures
// the keyboard (s opened a picker or started a filter, what says which):
// the keys a test types next must reach that, not the view's bindings.
func TypeCaptured(t testing.TB, update func(tea.Msg) tea.Cmd, v interface{ Capturing() bool }, s, what string) {
	t.Helper()
	Type(update, s)
	if !v.Capturing() {
		t.Fatalf("typing %q should %s", s, what)
	}
}

// Run feeds msg to update and then every message its commands produce,
// in order, until none is left: commands run synchronously, so results
// arrive at once. Spinner ticks are dropped so the loop ends.
func Run(update func(tea.Msg) tea.Cmd, msg tea.Msg) {
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0 && n < 10000; n++ {
		m := queue[0]
		queue = queue[1:]
		queue = append(queue, drain(update(m))...)
	}
}

// drain runs cmd and flattens batches into their messages, dropping the
// spinner's endless ticks and window-title commands.
func drain(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch msg := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, drain(c)...)
		}
		return out
	case nil:
		return nil
	}
	if _, tick := msg.(spinner.TickMsg); tick {
		return nil
	}
	return []tea.Msg{msg}
}

// CheckPresenter fails t unless v, drawn at w x h, shows every string of
// stats before presenter mode and none of hidden after ctx turns it on
// (and v is resized, as the app does when P toggles). It returns v's
// view in presenter mode.
func CheckPresenter(t testing.TB, v common.View, ctx *common.Context, w, h int, stats, hidden []string) string {
	t.Helper()
	before := v.View()
	for _, want := range stats {
		if !strings.Contains(before, want) {
			t.Fatalf("without presenter mode the view lacks %q, so hiding it proves nothing:\n%s", want, before)
		}
	}
	ctx.Presenter = true
	v.SetSize(w, h)
	after := v.View()
	for _, no := range hidden {
		if strings.Contains(after, no) {
			t.Errorf("presenter mode shows %q:\n%s", no, after)
		}
	}
	return after
}

// LineOf is the index of the nth line (from 0) of view v holding text,
// styles stripped; -1 when there is none.
func LineOf(v, text string, nth int) int {
	for i, l := range strings.Split(ansi.Strip(v), "\n") {
		if strings.Contains(l, text) {
			if nth == 0 {
				return i
			}
			nth--
		}
	}
	return -1
}

// Click is a left click on line y of a view's drawing.
func Click(y int) tea.MouseMsg {
	return tea.MouseMsg{X: 3, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}
