package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/engine"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/tmuxtest"
)

// TestAPanicRestoresTheTerminal runs the explorer in tmux (this test binary
// re-executed as the child) with a computation that panics once the screen
// is drawn, as a bug in an analysis would, and checks that the terminal
// comes back: main screen, echo on, the panic reported, a failing exit.
func TestAPanicRestoresTheTerminal(t *testing.T) {
	if os.Getenv("FUNNELSCOPE_PANIC_CHILD") == "1" {
		runPanickingExplorer()
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := fmt.Sprintf("%s -test.run '^TestAPanicRestoresTheTerminal$'; echo EXIT=$?; "+
		"stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/TTY:/'; sleep 60", exe)
	s := tmuxtest.Start(t, 100, 30, []string{"FUNNELSCOPE_PANIC_CHILD=1", "TERM=xterm-256color"}, cmd)
	scr := s.WaitFor("the panic", "EXIT=", "TTY:")
	if strings.Contains(scr, "EXIT=0") {
		t.Errorf("the child exited 0 after a panic:\n%s", scr)
	}
	if !strings.Contains(scr, "TTY:echo") {
		t.Errorf("echo was not turned back on:\n%s", scr)
	}
	if strings.Contains(scr, "ctrl+c quits") {
		t.Errorf("the explorer's screen is still up:\n%s", scr)
	}
	if !strings.Contains(strings.ToLower(scr), "panic") {
		t.Errorf("the panic was not reported:\n%s", scr)
	}
}

func runPanickingExplorer() {
	m := New(Options{DBName: "panic.db", Local: true,
		Load: func(context.Context, func(Progress)) (engine.Engine, error) {
			time.Sleep(500 * time.Millisecond) // let the loading screen draw first
			panic("an analysis bug")
		}})
	_, err := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion()).Run()
	if err != nil {
		fmt.Println("explorer:", err)
		os.Exit(3)
	}
	os.Exit(0)
}
