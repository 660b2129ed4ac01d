package sshserve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	"github.com/funnelscope/funnelscope/sample"
	gossh "golang.org/x/crypto/ssh"
)

// wait is generous: the tests must not be flaky on a loaded machine.
const wait = 30 * time.Second

var (
	sampleOnce sync.Once
	sampleLog  *snapshot.Log
	sampleErr  error
)

func sampleSnapshot(t *testing.T) *snapshot.Log {
	sampleOnce.Do(func() { sampleLog, sampleErr = datasettest.Sample(sample.Config{Users: 300, Seed: 1}) })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleLog
}

// lockedBuffer collects the server's log lines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type testServer struct {
	*Server
	addr   string
	key    gossh.Signer // listed in the authorized keys
	keys   string       // the authorized_keys path
	logs   *lockedBuffer
	served chan error
}

// startServer serves the sample on a free port with one authorized key;
// edit adjusts the config first.
func startServer(t *testing.T, edit func(*Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	key, keys, err := sshtest.AuthorizedKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	cfg := Config{
		Addr: "127.0.0.1:0", HostKeyPath: filepath.Join(dir, "host_key"), AuthorizedKeys: keys,
		DBName: "sample.db", Engine: engine.NewLocal(sampleSnapshot(t)),
		Logger: slog.New(slog.NewTextHandler(io.MultiWriter(logs, testWriter{t}), nil)),
	}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, addr: ln.Addr().String(), key: key, keys: keys, logs: logs, served: make(chan error, 1)}
	go func() { ts.served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return ts
}

// testWriter sends server logs to the test log, shown on failure.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("server: %s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}

func (ts *testServer) dial(t *testing.T) *gossh.Client {
	t.Helper()
	c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(ts.key))
	if err != nil {
		t.Fatalf("authorized key refused: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// open logs in with the authorized key and starts a 100×30 PTY session.
func (ts *testServer) open(t *testing.T, env map[string]string) *sshtest.Term {
	t.Helper()
	term, err := sshtest.Open(ts.dial(t), 100, 30, env)
	if err != nil {
		t.Fatal(err)
	}
	return term
}

// addKey appends a fresh key's line, after opts when not empty, to the
// server's authorized keys and returns the key.
func (ts *testServer) addKey(t *testing.T, opts string) gossh.Signer {
	t.Helper()
	key, line, err := sshtest.NewKey()
	must(t, err)
	if opts != "" {
		line = append([]byte(opts+" "), line...)
	}
	f, err := os.OpenFile(ts.keys, os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.Write(line)
	must(t, errors.Join(err, f.Close()))
	return key
}

// canLogIn says whether key gets past authentication.
func (ts *testServer) canLogIn(key gossh.Signer) bool {
	c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(key))
	if err == nil {
		c.Close()
	}
	return err == nil
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// waitUntil polls cond, for server state that has no event to wait on.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// probeModel is a tiny TUI for the tests that need to see what the
// server hands a model: it shows its size and colour setting, panics on
// p and quits on q.
type probeModel struct {
	w, h    int
	noColor bool
	r       *lipgloss.Renderer
}

func probe(r *lipgloss.Renderer, noColor bool, _ io.Writer) tea.Model {
	return probeModel{noColor: noColor, r: r}
}

func (m probeModel) Init() tea.Cmd { return nil }

func (m probeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "p":
			panic("probe asked to panic")
		case "q":
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m probeModel) View() string {
	return fmt.Sprintf("probe size=%dx%d nocolor=%v", m.w, m.h, m.noColor)
}
