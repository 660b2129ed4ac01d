package sshserve

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/ui/common"
)

// Config is what a server needs; zero limits take the defaults below.
type Config struct {
	Addr           string // host:port to listen on
	HostKeyPath    string // ed25519 key, created with mode 0600 when missing
	AuthorizedKeys string // OpenSSH authorized_keys file; re-read when it changes
	AllowAnyKey    bool   // workshop mode: any public key is let in
	MaxSessions    int
	IdleTimeout    time.Duration // no key, mouse or resize for this long ends a session

	// RateBurst connections per address at once, refilled one per RateEvery.
	RateBurst int
	RateEvery time.Duration

	DBName string
	Engine engine.Engine       // answers every session; loaded once, shared
	Saved  common.SavedFunnels // saved funnels; nil turns them off

	Logger *slog.Logger

	// newModel replaces the TUI in tests.
	newModel func(r *lipgloss.Renderer, noColor bool, out io.Writer) tea.Model
}

// Defaults for the zero values of Config.
const (
	DefaultMaxSessions = 50
	DefaultIdleTimeout = 30 * time.Minute
	DefaultRateEvery   = time.Second
	// handshakeTimeout bounds how long a connection may take to log in
	// and open its session, so silent sockets cannot pile up.
	handshakeTimeout = 30 * time.Second
)

// CheckAccess says whether a server with these settings may start: it
// needs an authorized_keys file, or workshop mode, and not both. Callers
// check it before loading a snapshot, which may take seconds.
func CheckAccess(authorizedKeys string, allowAnyKey bool) error {
	if authorizedKeys == "" && !allowAnyKey {
		return errors.New("no --authorized-keys file: pass one (OpenSSH format, e.g. ~/.ssh/authorized_keys), " +
			"or --allow-any-key to let anyone who reaches the port in (workshop mode)")
	}
	if authorizedKeys != "" && allowAnyKey {
		return errors.New("--authorized-keys and --allow-any-key exclude each other: pick one")
	}
	return nil
}

func (c *Config) check() error {
	if err := CheckAccess(c.AuthorizedKeys, c.AllowAnyKey); err != nil {
		return err
	}
	if c.Engine == nil && c.newModel == nil {
		return errors.New("sshserve: no engine to serve")
	}
	if c.HostKeyPath == "" {
		return errors.New("sshserve: no host key path")
	}
	if c.MaxSessions < 0 || c.IdleTimeout < 0 || c.RateBurst < 0 || c.RateEvery < 0 {
		return fmt.Errorf("limits must not be negative (max sessions %d, idle timeout %s)", c.MaxSessions, c.IdleTimeout)
	}
	if c.MaxSessions == 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.RateBurst == 0 {
		// A workshop room behind one NAT address connects all at once.
		c.RateBurst = c.MaxSessions + 10
	}
	if c.RateEvery == 0 {
		c.RateEvery = DefaultRateEvery
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return nil
}
