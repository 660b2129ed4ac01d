package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/saved"
	"github.com/funnelscope/funnelscope/internal/sshserve"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
)

type serveFlags struct {
	listen, hostKey, authorizedKeys string
	allowAnyKey, allowSave          bool
	maxSessions, maxChannels        int
	maxStartups                     string
	idleTimeout                     time.Duration
}

// shutdownGrace is how long open sessions get to end after SIGTERM.
const shutdownGrace = 4 * time.Second

func newServeCmd(g *globals) *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the explorer over SSH, read-only, to teammates or a workshop room",
		Long: `Serve the explorer over SSH: ssh -p 2222 HOST lands straight in funnelscope on --db.

The database is opened read-only and loaded once; every session shares that snapshot
and gets its own explorer, sized and coloured for its own terminal. Sessions cannot
import or change events; saving named funnels is off unless --allow-save.

Only public keys are accepted, listed in an OpenSSH authorized_keys file (re-read when
it changes; while it is missing nobody gets in). Its from=, expiry-time=, restrict and
no-pty options are enforced; a line with any other option (command=, permitopen=, ...)
is skipped and logged. As sshd, the server refuses to start when others can write the
authorized_keys file or read the host key. Without --authorized-keys the server refuses
to start, unless --allow-any-key lets in anyone who can reach it (workshop mode).`,
		Example: `  funnelscope serve --db team.db --authorized-keys ~/.ssh/authorized_keys
  funnelscope serve --db workshop.db --listen 0.0.0.0:2222 --allow-any-key --max-sessions 60
  ssh -p 2222 analytics.example`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, g, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:2222", "address to listen on (0.0.0.0:2222 for every interface)")
	fl.StringVar(&f.hostKey, "host-key", "", "ed25519 host key, created if missing (default: in the user config directory)")
	fl.StringVar(&f.authorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys file of the keys allowed in")
	fl.BoolVar(&f.allowAnyKey, "allow-any-key", false, "let in any public key (workshop mode; anyone who can reach the port gets in)")
	fl.BoolVar(&f.allowSave, "allow-save", false, "let sessions save named funnels into --db (events are never written)")
	fl.IntVar(&f.maxSessions, "max-sessions", sshserve.DefaultMaxSessions, "sessions open at once; the next one is turned away politely")
	fl.IntVar(&f.maxChannels, "max-channels", sshserve.DefaultMaxChannels, "channels one connection may have open at once (OpenSSH's MaxSessions)")
	fl.StringVar(&f.maxStartups, "max-startups", "",
		"connections not logged in yet, as OpenSSH's MaxStartups begin:rate:full: from begin on, drop rate% of new ones, rising to all at full\n(default max(10, max-sessions):30:max(100, 2 x max-sessions), so a room can connect at once)")
	fl.DurationVar(&f.idleTimeout, "idle-timeout", sshserve.DefaultIdleTimeout, "close a session after this long without input")
	registerEngine(cmd, g)
	return cmd
}

func runServe(cmd *cobra.Command, g *globals, f *serveFlags) (err error) {
	if f.maxSessions < 1 || f.maxChannels < 1 || f.idleTimeout <= 0 {
		return fmt.Errorf("--max-sessions and --max-channels must be at least 1 and --idle-timeout positive")
	}
	startups := sshserve.StartupLimitFor(f.maxSessions)
	if f.maxStartups != "" {
		if startups, err = sshserve.ParseStartupLimit(f.maxStartups); err != nil {
			return fmt.Errorf("--max-startups: %w", err)
		}
	}
	if err := sshserve.CheckAccess(f.authorizedKeys, f.allowAnyKey); err != nil {
		return err
	}
	if f.hostKey == "" {
		p, err := sshserve.DefaultHostKeyPath()
		if err != nil {
			return err
		}
		f.hostKey = p
	}
	if g.remote() {
		return serveEngine(cmd, g, f, startups)
	}
	stderr := cmd.ErrOrStderr()
	ctx := cmd.Context()
	explorerGC() // the server holds a snapshot, as the explorer does
	st, err := g.openExisting()
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }() // read-only: a failed close loses nothing
	start := time.Now()
	log, cached, err := dataset.Load(ctx, st)
	if err != nil {
		return fmt.Errorf("load %s: %w", g.db, err)
	}
	how := "from its cache"
	if !cached {
		how = "by scanning the events (the cache is stale; an import, or an analysis command by a user who may write the database, refreshes it)"
	}
	fmt.Fprintf(stderr, "serve: loaded %d events of %d users %s in %.2fs\n",
		log.NumEvents(), log.NumUsers(), how, time.Since(start).Seconds())

	views, closeViews, err := serveViews(st, g.db, f.allowSave)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeViews()) }()
	return serveWith(cmd, f, startups, sshserve.Config{
		DBName: filepath.Base(g.db), DBArg: g.db, Engine: engine.NewLocal(log), Saved: views,
		Suggest: true}) // a first screen with an answer, as ui
}

// serveWith serves c (its data and saved funnels filled in) with the
// flags' limits until a signal.
func serveWith(cmd *cobra.Command, f *serveFlags, startups sshserve.StartupLimit, c sshserve.Config) error {
	stderr := cmd.ErrOrStderr()
	c.Addr, c.HostKeyPath, c.AuthorizedKeys, c.AllowAnyKey = f.listen, f.hostKey, f.authorizedKeys, f.allowAnyKey
	c.MaxSessions, c.MaxChannels, c.MaxStartups, c.IdleTimeout = f.maxSessions, f.maxChannels, startups, f.idleTimeout
	c.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := sshserve.New(c)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server running? pick another port with --listen)", f.listen, err)
	}
	announce(stderr, srv, f, ln.Addr().String())
	return serveUntilSignal(cmd.Context(), srv, ln, stderr)
}

// serveViews picks what sessions may do with saved funnels: read them
// always, write them only with --allow-save, through a second, writable
// handle that is narrowed to saved funnels.
func serveViews(ro *store.Store, path string, allowSave bool) (*saved.Funnels, func() error, error) {
	if !allowSave {
		return saved.ReadOnly(ro), func() error { return nil }, nil
	}
	rw, err := store.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--allow-save: %w", err)
	}
	return saved.New(rw), func() (err error) { closeStore(rw, &err); return err }, nil
}

func announce(w io.Writer, srv *sshserve.Server, f *serveFlags, addr string) {
	if srv.HostKeyCreated {
		fmt.Fprintf(w, "serve: created host key %s\n", f.hostKey)
	}
	fmt.Fprintf(w, "serve: host key %s (%s)\n", srv.HostKeyFingerprint, f.hostKey)
	if f.allowAnyKey {
		fmt.Fprintf(w, "serve: WARNING: --allow-any-key: ANYONE who can reach %s gets in with any key (workshop mode)\n", addr)
	} else {
		fmt.Fprintf(w, "serve: %d authorized keys from %s (re-read when it changes)\n", srv.AuthorizedKeyCount(), f.authorizedKeys)
	}
	if f.allowSave {
		fmt.Fprintln(w, "serve: sessions may save named funnels (--allow-save)")
	}
	host, port, _ := net.SplitHostPort(addr)
	fmt.Fprintf(w, "serve: listening on %s, up to %d sessions, idle timeout %s: ssh -p %s %s\n",
		addr, f.maxSessions, f.idleTimeout, port, host)
}

// serveUntilSignal serves until SIGINT or SIGTERM, then stops accepting,
// tells open sessions and exits within the grace period.
func serveUntilSignal(ctx context.Context, srv *sshserve.Server, ln net.Listener, w io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal kills at once
	fmt.Fprintln(w, "serve: shutting down: no new connections, telling open sessions")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-served; err == nil {
		err = serr
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "serve: stopped")
	return nil
}
