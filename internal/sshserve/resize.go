package sshserve

import (
	"time"

	"github.com/charmbracelet/ssh"
	"golang.org/x/term"
)

// resizingSession hands the Bubble Tea middleware window sizes read from
// the PTY itself. With ssh.AllocatePty the SSH library's own goroutine and
// the middleware both read the session's one window-change channel, so
// each resize reaches only one of them; the library's always resizes the
// PTY, so polling the PTY size sees every change.
type resizingSession struct {
	ssh.Session
	winch chan ssh.Window
}

func (r resizingSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	p, _, ok := r.Session.Pty()
	return p, r.winch, ok
}

const resizePoll = 200 * time.Millisecond

// withResizes wraps sess; stop ends the polling.
func withResizes(sess ssh.Session) (ssh.Session, func()) {
	pty, _, ok := sess.Pty()
	if !ok || pty.Slave == nil {
		return sess, func() {}
	}
	r := resizingSession{Session: sess, winch: make(chan ssh.Window, 1)}
	// Through SyscallConn, not Fd: the SSH library closes the PTY when the
	// client goes, and Control is safe against that close.
	rc, err := pty.Slave.SyscallConn()
	if err != nil {
		return sess, func() {}
	}
	done := make(chan struct{})
	go func() {
		defer func() { recover() }() //nolint:errcheck // the panic is dropped on purpose: never let a session's helper end the server
		w, h := pty.Window.Width, pty.Window.Height
		tk := time.NewTicker(resizePoll)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-sess.Context().Done():
				return
			case <-tk.C:
			}
			var nw, nh int
			var err error
			if cerr := rc.Control(func(fd uintptr) { nw, nh, err = term.GetSize(int(fd)) }); cerr != nil {
				return
			}
			if err != nil || (nw == w && nh == h) {
				continue
			}
			w, h = nw, nh
			select {
			case <-r.winch: // an unread older size: replace it
			default:
			}
			r.winch <- ssh.Window{Width: w, Height: h}
		}
	}()
	return r, func() { close(done) }
}
