package sshserve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Server serves the TUI over SSH. Build it with New, run it with Serve,
// stop it with Shutdown.
type Server struct {
	cfg     Config
	log     *slog.Logger
	srv     *ssh.Server
	keys    *authorizedKeys // nil in workshop mode (any key)
	limiter *rateLimiter
	gate    *startupGate

	// HostKeyFingerprint is the SHA256 fingerprint clients will be shown.
	HostKeyFingerprint string
	// HostKeyCreated is true when New generated the host key.
	HostKeyCreated bool

	mu       sync.Mutex
	closing  bool
	sessions map[*tuiSession]struct{}
	running  sync.WaitGroup // session handlers
}

type ctxKey string

// New checks cfg, loads or creates the host key and reads the authorized
// keys; it does not listen yet.
func New(cfg Config) (*Server, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	signer, created, err := HostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, log: cfg.Logger,
		limiter:            newRateLimiter(cfg.RateBurst, cfg.RateEvery),
		gate:               newStartupGate(cfg.MaxStartups),
		sessions:           map[*tuiSession]struct{}{},
		HostKeyFingerprint: gossh.FingerprintSHA256(signer.PublicKey()),
		HostKeyCreated:     created,
	}
	if cfg.AuthorizedKeys != "" {
		if s.keys, err = newAuthorizedKeys(cfg.AuthorizedKeys, cfg.Logger); err != nil {
			return nil, fmt.Errorf("%w (the file lists the public keys allowed in, one a line, as in ~/.ssh/authorized_keys)", err)
		}
	}
	s.srv, err = wish.NewServer(
		wish.WithAddress(cfg.Addr),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		// A real PTY: the emulated one waits for the client's first key
		// before the program draws anything.
		ssh.AllocatePty(),
		// Only public keys: with no password or keyboard-interactive
		// handler those methods are never offered.
		wish.WithPublicKeyAuth(s.authorize),
		ssh.WrapConn(s.accept),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	s.srv.Handler = s.handle
	s.guard()
	s.srv.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.log.Info("connection failed", "addr", c.RemoteAddr().String(), "err", err)
	}
	return s, nil
}

// AuthorizedKeyCount is how many keys are allowed in now (0 in workshop mode).
func (s *Server) AuthorizedKeyCount() int {
	if s.keys == nil {
		return 0
	}
	return s.keys.count()
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("serve ssh on %s: %w", ln.Addr(), err)
}

// Shutdown stops accepting, tells every open session the server is going
// away, waits for them until ctx ends, then drops what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	open := make([]*tuiSession, 0, len(s.sessions))
	for t := range s.sessions {
		open = append(open, t)
	}
	s.mu.Unlock()
	stopped := make(chan struct{})
	go func() {
		// Closes the listeners at once, then waits for connections. Its
		// error is ctx's (reported below) or ErrServerClosed from the
		// Close below.
		_ = s.srv.Shutdown(ctx)
		close(stopped)
	}()
	for _, t := range open {
		t.end(endShutdown)
	}
	done := make(chan struct{})
	go func() { s.running.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("shutdown: %d sessions still open: %w", s.openSessions(), ctx.Err())
	}
	// Sessions have ended; clients that keep their connection open are
	// dropped rather than waited for. The listeners are closed already,
	// so Close's error would be theirs, closed twice.
	_ = s.srv.Close()
	<-stopped
	return err
}

func (s *Server) openSessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// track registers a session unless MaxSessions are open (full) or the
// server is shutting down; the map is the one count of open sessions.
func (s *Server) track(t *tuiSession) (full, closing bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sessions) >= s.cfg.MaxSessions {
		return true, false
	}
	if s.closing {
		return false, true
	}
	s.sessions[t] = struct{}{}
	return false, false
}

func (s *Server) untrack(t *tuiSession) {
	s.mu.Lock()
	delete(s.sessions, t)
	s.mu.Unlock()
}

// guard installs the checks the SSH library calls between the
// handshake and a session: login, channels, PTYs and subsystems.
func (s *Server) guard() {
	s.srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	s.srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if err == nil { // logged in: no longer a startup
				stateOf(ctx).leaveGate()
			}
		}}
	}
	// As sshd: restrict or no-pty refuses the PTY; the session says why.
	s.srv.PtyCallback = func(ctx ssh.Context, _ ssh.Pty) bool {
		_, no := noPTY(ctx.Permissions())
		return !no
	}
	s.srv.SessionRequestCallback = func(sess ssh.Session, kind string) bool {
		if kind != "subsystem" {
			return true
		}
		s.log.Info("refused: subsystem", "user", sess.User(), "addr", sess.RemoteAddr().String(), "subsystem", sess.Subsystem())
		stateOf(sess.Context()).closeSoon()
		return false
	}
}

// accept runs before the SSH handshake: it applies the per-address rate
// limit and the startup gate, and bounds the time a connection may spend
// without a running explorer.
func (s *Server) accept(ctx ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		return nil
	}
	if !s.limiter.allow(c.RemoteAddr()) {
		s.log.Warn("connection refused: rate limit", "addr", c.RemoteAddr().String())
		return nil
	}
	if ok, pending := s.gate.admit(); !ok {
		s.limiter.refund(c.RemoteAddr())
		s.log.Warn("connection dropped: too many not logged in yet (--max-startups)", "addr", c.RemoteAddr().String(),
			"pending", pending, "max_startups", s.cfg.MaxStartups.String())
		return nil
	}
	tc := &trackedConn{Conn: c}
	tc.state = newConnState(tc, s.cfg.preSession, s.gate.leave)
	ctx.SetValue(connStateKey, tc.state)
	return tc
}

// authorize lets key in when it is listed, on a line whose options admit
// this address now; a line's restrict or no-pty travels with the login.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.keys == nil {
		return true
	}
	rule, why := s.keys.allows(key, remoteIP(ctx.RemoteAddr()))
	if why != "" {
		s.log.Info("key refused", "user", ctx.User(), "key", gossh.FingerprintSHA256(key), "addr", ctx.RemoteAddr().String(), "why", why)
		return false
	}
	if rule.noPTY {
		markNoPTY(ctx.Permissions(), rule.line)
	}
	return true
}
