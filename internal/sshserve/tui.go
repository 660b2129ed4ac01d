package sshserve

import (
	"context"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/ui/app"
	"github.com/muesli/termenv"
)

// Why the server ended a session (empty: the user or the client did).
const (
	endIdle     = "idle"
	endShutdown = "shutdown"
)

// tuiSession is one running TUI: its program, once started, and whether
// the server asked it to end.
type tuiSession struct {
	sess      ssh.Session
	lastInput atomic.Int64 // unix nanoseconds of the last key, mouse or resize
	quitSeen  atomic.Bool  // the program got a tea.QuitMsg

	mu     sync.Mutex
	prog   *tea.Program
	reason string
}

// start records the program; false when the session was ended before.
func (t *tuiSession) start(p *tea.Program) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prog = p
	return t.reason == ""
}

// end asks the program to quit, remembering the first reason given.
func (t *tuiSession) end(reason string) {
	t.mu.Lock()
	if t.reason == "" {
		t.reason = reason
	}
	p := t.prog
	t.mu.Unlock()
	if p != nil {
		go p.Quit() // Send blocks until the event loop reads it, or the program ends
	}
}

func (t *tuiSession) endReason() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.reason
}

// filter sees every message before the model: input keeps the session
// alive, and a QuitMsg tells a normal end from a caught panic.
func (t *tuiSession) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg, tea.WindowSizeMsg:
		t.lastInput.Store(time.Now().UnixNano())
	case tea.QuitMsg:
		t.quitSeen.Store(true)
	}
	return msg
}

// watchIdle ends the session after idle without input; stop ends watching.
func (t *tuiSession) watchIdle(idle time.Duration) (stop func()) {
	t.lastInput.Store(time.Now().UnixNano())
	done := make(chan struct{})
	go func() {
		tm := time.NewTimer(idle)
		defer tm.Stop()
		for {
			select {
			case <-done:
				return
			case <-tm.C:
				left := idle - time.Since(time.Unix(0, t.lastInput.Load()))
				if left <= 0 {
					t.end(endIdle)
					return
				}
				tm.Reset(left)
			}
		}
	}()
	return func() { close(done) }
}

// runTUI runs the explorer in the session through wish's Bubble Tea
// middleware, which feeds resizes and quits the program when the client
// goes away.
func (s *Server) runTUI(t *tuiSession) string {
	sess := t.sess
	noColor := false
	for _, kv := range sess.Environ() {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			noColor = true // https://no-color.org: present and not empty
		}
	}
	pty, _, _ := sess.Pty()
	handler := func(sess ssh.Session) *tea.Program {
		r := bubbletea.MakeRenderer(sess) // the client's TERM and colours, not the server's
		// Through the PTY, not straight to the channel, so OSC 52 copies
		// stay in order with the frames instead of cutting into one.
		var out io.Writer = sess
		if pty.Slave != nil {
			out = pty.Slave
		}
		// No signal handler: SIGTERM is for the server, which ends the
		// sessions itself. With one, every program also caught it and, its
		// loop already ended by that shutdown, blocked forever sending the
		// quit, so shutdown waited out its grace and dropped the farewells.
		opts := append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithFilter(t.filter),
			tea.WithoutSignalHandler()}, bubbletea.MakeOptions(sess)...)
		p := tea.NewProgram(s.model(r, noColor, out), opts...)
		if !t.start(p) {
			return nil
		}
		return p
	}
	stopIdle := t.watchIdle(s.cfg.IdleTimeout)
	rs, stopResize := withResizes(sess)
	bubbletea.MiddlewareWithProgramHandler(handler, termenv.Ascii)(func(ssh.Session) {})(rs)
	stopResize()
	stopIdle()

	outcome := "quit"
	switch reason := t.endReason(); {
	case reason == endIdle:
		outcome = "idle timeout"
		farewell(pty, "funnelscope: session closed after "+s.cfg.IdleTimeout.String()+" without input.")
	case reason == endShutdown:
		outcome = "server shutdown"
		farewell(pty, "funnelscope: the server is shutting down. Bye!")
	case sess.Context().Err() != nil:
		outcome = "client left"
	case !t.quitSeen.Load():
		outcome = "crashed (panic caught)"
		farewell(pty, crashedLine)
	}
	return outcome
}

func (s *Server) model(r *lipgloss.Renderer, noColor bool, out io.Writer) tea.Model {
	if s.cfg.newModel != nil {
		return s.cfg.newModel(r, noColor, out)
	}
	e := s.cfg.Engine
	return app.New(app.Options{
		DBName: s.cfg.DBName, DBArg: s.cfg.DBArg,
		Load: func(context.Context, func(app.Progress)) (engine.Engine, error) {
			return e, nil // loaded once at start, shared by every session
		},
		Saved: s.cfg.Saved, Local: false, Renderer: r, NoColor: noColor, Output: out,
		// A session's state stays in memory (no StateStore): serve
		// writes nothing.
		Suggest: s.cfg.Suggest,
	})
}

// farewell writes a last line after the program has restored the screen.
// It goes through the PTY so it arrives after the program's last frame,
// and waits (briefly) for the PTY to be drained before the session closes.
func farewell(pty ssh.Pty, line string) {
	if pty.Slave == nil || pty.Master == nil {
		return
	}
	_, _ = pty.Slave.Write([]byte("\r\n" + line + "\r\n")) // a client gone already misses it: nothing to do
	drain(pty.Master, time.Second)
}
