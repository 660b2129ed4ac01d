package main_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	"github.com/funnelscope/funnelscope/internal/store"
	gossh "golang.org/x/crypto/ssh"
)

const serveWait = 30 * time.Second

// server is a running funnelscope serve.
type server struct {
	cmd    *exec.Cmd
	addr   string
	key    gossh.Signer
	mu     sync.Mutex
	stderr bytes.Buffer
	exited chan struct{}
}

func (s *server) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

var listening = regexp.MustCompile(`serve: listening on (127\.0\.0\.1:\d+),`)

// startServe runs funnelscope --db db serve on a free port with one
// authorized key (unless args choose otherwise) and waits until it listens.
func startServe(t *testing.T, db string, args ...string) *server {
	t.Helper()
	dir := t.TempDir()
	key, keys, err := sshtest.AuthorizedKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(args) == 0 {
		args = []string{"--authorized-keys", keys}
	}
	args = append([]string{"--db", db, "serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key")}, args...)
	return runServer(t, command(t, nil, args...), key)
}

// runServer starts cmd, a funnelscope serve on a free port, and waits
// until it listens; key is the client key it trusts, if any.
func runServer(t *testing.T, cmd *exec.Cmd, key gossh.Signer) *server {
	t.Helper()
	s := &server{cmd: cmd, key: key, exited: make(chan struct{})}
	pipe, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			s.mu.Lock()
			s.stderr.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.exited
	})
	select {
	case s.addr = <-addr:
	case <-s.exited:
		t.Fatalf("serve exited before listening:\n%s", s.log())
	case <-time.After(serveWait):
		t.Fatalf("serve not listening after %s:\n%s", serveWait, s.log())
	}
	return s
}

func (s *server) open(t *testing.T) *sshtest.Term {
	t.Helper()
	c, err := sshtest.Dial(s.addr, "ada", gossh.PublicKeys(s.key))
	if err != nil {
		t.Fatalf("dial: %v\n%s", err, s.log())
	}
	t.Cleanup(func() { c.Close() })
	term, err := sshtest.Open(c, 100, 30, nil)
	if err != nil {
		t.Fatal(err)
	}
	return term
}

// saveAFunnel adds the first event as a step in term's explorer and asks
// to save the funnel as name.
func saveAFunnel(t *testing.T, term *sshtest.Term, name string) {
	t.Helper()
	must(t, term.Send("a"))
	must(t, term.WaitFor("Add a step", serveWait))
	must(t, term.Send("\r"))
	must(t, term.WaitFor("2 scroll_depth", serveWait)) // added after step 1 of the suggestion
	must(t, term.Send("s"))
	must(t, term.WaitFor("Save this funnel as", serveWait))
	must(t, term.Send(name+"\r"))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestServeLeavesTheDatabaseByteIdenticalAndEndsCleanlyOnSIGTERM(t *testing.T) {
	db := tempDB(t)
	fsOK(t, db, "sample", "--users", "2000")
	before, err := os.ReadFile(db)
	must(t, err)
	s := startServe(t, db)
	if !strings.Contains(s.log(), "from its cache") {
		t.Errorf("the snapshot was not read from the cache:\n%s", s.log())
	}

	term := s.open(t)
	must(t, term.WaitFor("27,028 events · 2,000 users", serveWait))
	saveAFunnel(t, term, "mine")
	must(t, term.WaitFor("saving is off on this server", serveWait))

	c, err := sshtest.Dial(s.addr, "ada", gossh.PublicKeys(s.key)) // a command instead of the explorer
	must(t, err)
	defer c.Close()
	sess, err := c.NewSession()
	must(t, err)
	out, _ := sess.CombinedOutput("import /etc/passwd")
	if !strings.Contains(string(out), "explorer only") {
		t.Errorf("a command got %q, want a refusal", out)
	}

	other := s.open(t)
	must(t, other.WaitFor("suggested from the data", serveWait))
	must(t, s.cmd.Process.Signal(syscall.SIGTERM))
	for _, tm := range []*sshtest.Term{term, other} {
		must(t, tm.WaitFor("the server is shutting down", serveWait))
	}
	select {
	case <-s.exited:
	case <-time.After(serveWait):
		t.Fatalf("serve still running after SIGTERM:\n%s", s.log())
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 || !strings.Contains(s.log(), "serve: stopped") {
		t.Fatalf("after SIGTERM: exit %d, want 0 and a clean stop:\n%s", code, s.log())
	}
	after, err := os.ReadFile(db)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Fatal("the database file changed while served")
	}
	for _, want := range []string{"msg=connect", "msg=disconnect", `outcome="server shutdown"`, `outcome="refused: command"`} {
		if !strings.Contains(s.log(), want) {
			t.Errorf("server log lacks %s:\n%s", want, s.log())
		}
	}
}

func TestServeRefusesToStartWithoutAuthorizedKeysUnlessInWorkshopMode(t *testing.T) {
	db := tempDB(t)
	fsOK(t, db, "sample", "--users", "200")
	r := fs(t, db, "serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "k"))
	if r.code == 0 || !strings.Contains(r.stderr, "--allow-any-key") {
		t.Fatalf("serve without --authorized-keys: want a refusal naming --allow-any-key, got\n%s", r)
	}
	s := startServe(t, db, "--allow-any-key")
	if !strings.Contains(s.log(), "WARNING: --allow-any-key: ANYONE") {
		t.Errorf("workshop mode was not announced loudly:\n%s", s.log())
	}
	c, err := sshtest.DialStranger(s.addr)
	if err != nil {
		t.Fatalf("workshop mode refused a key: %v", err)
	}
	c.Close()
}

func TestServeWithAllowSaveStoresNamedFunnelsAndNoEvents(t *testing.T) {
	db := tempDB(t)
	fsOK(t, db, "sample", "--users", "300")
	eventsBefore := fsOK(t, db, "info", "--format", "json").stdout
	s := startServe(t, db, "--allow-any-key", "--allow-save")
	if !strings.Contains(s.log(), "may save named funnels") {
		t.Errorf("--allow-save was not announced:\n%s", s.log())
	}
	term := s.open(t)
	must(t, term.WaitFor("suggested from the data", serveWait)) // serve starts on an answer, as ui
	saveAFunnel(t, term, "room funnel")
	must(t, term.WaitFor(`saved funnel "room funnel"`, serveWait))
	must(t, s.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-s.exited:
	case <-time.After(serveWait):
		t.Fatalf("serve still running after SIGTERM:\n%s", s.log())
	}
	st, err := store.Open(db)
	must(t, err)
	defer st.Close()
	views, err := st.Views(context.Background(), "funnel")
	must(t, err)
	if len(views) != 1 || views[0].Name != "room funnel" || !strings.Contains(string(views[0].Spec), "scroll_depth") {
		t.Fatalf("saved views %+v, want the one funnel saved over SSH", views)
	}
	if after := fsOK(t, db, "info", "--format", "json").stdout; after != eventsBefore {
		t.Errorf("the database summary changed:\nbefore %s\nafter  %s", eventsBefore, after)
	}
}
