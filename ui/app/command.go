package app

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// showCommand opens the command overlay and copies the command, on one
// line, to the clipboard.
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
// when pasted; nil when the view shows a placeholder, not a command.
func (m *Model) commandWords() []string {
	words, err := spec.ParseCommandLine(m.views[m.active].Command())
	if err != nil || len(words) < 2 {
		return nil
	}
	if m.opts.DBArg != "" {
		words = slices.Concat(words[:2], []string{"--db", m.opts.DBArg}, words[2:])
	}
	return words
}

// commandText is the command as the overlay shows it: lines of at most
// width columns that paste as the one command (see spec.WrapCommandLine).
func (m *Model) commandText(width int) string {
	if w := m.commandWords(); w != nil {
		return strings.Join(spec.WrapCommandLine(w, width), "\n")
	}
	return m.views[m.active].Command()
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
