package job

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/ui/common"
)

// compute runs f off the UI goroutine and answers with a common.ResultMsg.
// A panic in f is its answer's error, which the view shows: uncaught, it
// would end the program, and over SSH the session.
func compute(view string, gen int, f func() (any, error)) tea.Cmd {
	return func() tea.Msg {
		start := time.Now()
		v, err := caught(f)
		return common.ResultMsg{View: view, Gen: gen, Value: v, Err: err, Took: time.Since(start)}
	}
}

func caught(f func() (any, error)) (v any, err error) {
	defer engine.Catch(&err)
	return f()
}

// millis formats the time a computation took for a heading.
func millis(d time.Duration) string {
	if d < time.Millisecond {
		return "<1ms"
	}
	return d.Round(time.Millisecond).String()
}
