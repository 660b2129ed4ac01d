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
	MaxChannels    int           // channels open at once on one connection (OpenSSH's MaxSessions)
	MaxStartups    StartupLimit  // connections not logged in yet, all addresses together
	IdleTimeout    time.Duration // no key, mouse or resize for this long ends a session

	// RateBurst connections per address at once, refilled one per RateEvery.
	RateBurst int
	RateEvery time.Duration

	DBName string
	DBArg  string              // the database as the operator named it, for the command y shows
	Engine engine.Engine       // answers every session; loaded once, shared
	Saved  common.SavedFunnels // saved funnels; nil turns them off
	// Suggest starts each session on the funnel the data suggests, as
	// the local explorer does (off: an empty funnel).
	Suggest bool

	Logger *slog.Logger

	// newModel replaces the TUI in tests.
	newModel func(r *lipgloss.Renderer, noColor bool, out io.Writer) tea.Model
	// preSession replaces preSessionTimeout in tests.
	preSession time.Duration
}

// Defaults for the zero values of Config.
const (
	DefaultMaxSessions = 50
	DefaultMaxChannels = 10 // OpenSSH's MaxSessions
	DefaultIdleTimeout = 30 * time.Minute
	DefaultRateEvery   = time.Second
	// preSessionTimeout bounds how long a connection may stay without a
	// running explorer (logging in, or after its explorer ended), so
	// silent sockets cannot pile up.
	preSessionTimeout = 30 * time.Second
	// refusalGrace is how long a refused client has to read why and
	// leave before its connection is closed.
	refusalGrace = time.Second
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
	if c.MaxSessions < 0 || c.MaxChannels < 0 || c.IdleTimeout < 0 || c.RateBurst < 0 || c.RateEvery < 0 {
		return fmt.Errorf("limits must not be negative (max sessions %d, max channels %d, idle timeout %s)",
			c.MaxSessions, c.MaxChannels, c.IdleTimeout)
	}
	c.defaults()
	if err := c.MaxStartups.check(); err != nil {
		return fmt.Errorf("max startups %w", err)
	}
	return nil
}

// defaults fills in the zero values.
func (c *Config) defaults() {
	if c.MaxSessions == 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.MaxChannels == 0 {
		c.MaxChannels = DefaultMaxChannels
	}
	if c.MaxStartups == (StartupLimit{}) {
		c.MaxStartups = StartupLimitFor(c.MaxSessions)
	}
	if c.preSession == 0 {
		c.preSession = preSessionTimeout
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
}
