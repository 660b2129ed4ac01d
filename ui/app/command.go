package app

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// showCommand opens the command overlay and copies the analysis command,
// on one line, to the clipboard.
func (m *Model) showCommand() tea.Cmd {
	m.overlay = commandOverlay
	text := m.views[m.active].Command()
	if w := m.commandWords(); w != nil {
		text = spec.CommandLine(w[1], w[2:])
	}
	return m.copy(text)
}

// commandWords are the words of the active view's command with the
// database it reads (--db as the user gave it), so that the command works
// when pasted; nil when the view shows a placeholder, not a command. It
// reads back the view's string because that string is the view's whole
// contract (common.View.Command is also its job key and, with no spec,
// its hint); spec.ParseCommandLine's tests pin the round trip.
func (m *Model) commandWords() []string {
	words, err := spec.ParseCommandLine(m.views[m.active].Command())
	if err != nil || len(words) < 2 {
		return nil
	}
	return slices.Concat(words[:2], m.dbWords(), words[2:])
}

// dbWords name the database in a command: --db as the user gave it, but
// never a password (an engine URL's is replaced by $FUNNELSCOPE_ENGINE).
func (m *Model) dbWords() []string {
	if m.opts.DBArg == "" {
		return nil
	}
	return []string{"--db", withoutPassword(m.opts.DBArg)}
}

// withoutPassword is arg with the password of a URL replaced by the name
// of the variable that holds it. An engine URL arrives redacted
// (clickhouse.DSN.Redacted), but a password given by --engine reads there
// as ***; a pasted command names the variable instead.
func withoutPassword(arg string) string {
	u, err := url.Parse(arg)
	if err != nil || u.User == nil {
		return arg
	}
	if _, ok := u.User.Password(); !ok {
		return arg
	}
	u.User = url.UserPassword(u.User.Username(), "$FUNNELSCOPE_ENGINE")
	s, _ := url.PathUnescape(u.String()) // the $ reads as typed
	return s
}

// UICommand is the words of the ui command that reopens the view, as y
// shows it: the funnel's flags, --tab and the tab's options
// (common.Stateful), which the ui command parses back into State().
func (m *Model) UICommand() []string {
	st := m.State()
	f := st.Funnel
	f.By = "" // the breakdown's property is the breakdown tab's --by
	args := spec.FunnelArgs(f)
	if len(f.Steps) == 0 {
		args = args[2:] // no --steps: only the filters and dates apply
	}
	words := slices.Concat([]string{"funnelscope", "ui"}, m.dbWords(), args, []string{"--tab", st.Tab})
	opts := st.Views[st.Tab]
	for _, k := range slices.Sorted(maps.Keys(opts)) {
		words = append(words, "--"+k, opts[k])
	}
	return words
}

// commandText is what the overlay shows: the analysis command, then the
// ui command that reopens the view, each in lines of at most width
// columns that paste as the one command (see report.WrapCommandLine). When
// both do not fit the screen's height, the ui command gives way to a line
// that says so: half a command would not paste.
func (m *Model) commandText(width int) string {
	analysis := m.views[m.active].Command()
	if w := m.commandWords(); w != nil {
		analysis = strings.Join(report.WrapCommandLine(w, width), "\n")
	}
	ui := report.WrapCommandLine(m.UICommand(), width)
	// The box's border and padding, its title, "any key closes", the
	// blank lines between, and the label.
	room := m.h - chrome - m.th.Overlay.GetVerticalFrameSize() - 6
	label := "Reopen this view in the explorer:"
	if strings.Count(analysis, "\n")+1+len(ui) > room {
		return analysis + "\n\n" + m.th.Dim.Render(fmt.Sprintf("%s %d lines more than this screen has room for (a taller terminal shows them)", label, len(ui)))
	}
	return analysis + "\n\n" + m.th.Dim.Render(label) + "\n" + strings.Join(ui, "\n")
}

// copy puts text on the terminal's clipboard with OSC 52, which works
// locally and over SSH alike (where the terminal supports it).
func (m *Model) copy(text string) tea.Cmd {
	out := m.opts.Output
	return func() tea.Msg {
		fmt.Fprint(out, osc52.New(text).String())
		return nil
	}
}
