package sshserve

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// crashedLine tells a client whose session a panic ended.
const crashedLine = "funnelscope hit an internal error and closed this session; the server is still running."

// handle is the SSH handler of every session: one log line in, one out,
// and a recover so that nothing a session does can take the server down.
func (s *Server) handle(sess ssh.Session) {
	s.running.Add(1)
	defer s.running.Done()
	start := time.Now()
	key := ""
	if k := sess.PublicKey(); k != nil {
		key = gossh.FingerprintSHA256(k)
	}
	attrs := []any{"user", sess.User(), "key", key, "addr", sess.RemoteAddr().String()}
	s.log.Info("connect", attrs...)
	outcome := "panic"
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("session panic", append(attrs, "panic", r, "stack", string(debug.Stack()))...)
			say(sess, crashedLine)
		}
		s.log.Info("disconnect", append(attrs, "duration", time.Since(start).Round(time.Millisecond), "outcome", outcome)...)
	}()
	outcome = s.serveSession(sess)
}

// serveSession applies the checks that can refuse a session, then runs
// the TUI; it returns how the session ended, for the log.
func (s *Server) serveSession(sess ssh.Session) string {
	if len(sess.Command()) > 0 {
		return refuse(sess, "funnelscope serves the explorer only: connect without a command.", "refused: command")
	}
	if line, no := noPTY(sess.Context().Permissions()); no {
		return refuse(sess, "funnelscope: this key may not open a terminal (restrict or no-pty in its authorized_keys line), so it cannot open the explorer.",
			"refused: key has restrict or no-pty (authorized keys line "+line+"), no terminal")
	}
	if _, _, ok := sess.Pty(); !ok {
		return refuse(sess, "funnelscope needs a terminal: connect with ssh -t (and without -T).", "refused: no terminal")
	}
	t := &tuiSession{sess: sess}
	switch full, closing := s.track(t); {
	case full:
		return refuse(sess, fmt.Sprintf("funnelscope is full (%d sessions open): please try again in a few minutes.", s.cfg.MaxSessions),
			"refused: full")
	case closing:
		return refuse(sess, "funnelscope is shutting down: please try again later.", "refused: shutting down")
	}
	defer s.untrack(t)
	st := stateOf(sess.Context())
	st.tuiStarted()
	defer st.tuiEnded()
	return s.runTUI(t)
}

// refuse tells the client why in one line and ends the session with
// status 1. The connection is closed soon after: a refused client has
// nothing left to do, and must not open channel after channel instead.
func refuse(sess ssh.Session, line, outcome string) string {
	stateOf(sess.Context()).closeSoon() // first: no channel may slip in while the line is sent
	say(sess, line)
	return outcome
}

// say writes one line to the client and ends the session with status 1.
func say(sess ssh.Session, line string) {
	fmt.Fprint(sess.Stderr(), line+"\r\n")
	_ = sess.Exit(1) // fails only when the client has gone already
}
