// Package sshtest is a scripted SSH client for the server's tests: it
// logs in, asks for a PTY and waits for text on the screen. It plays the
// part of a terminal just enough to answer the colour queries at start.
package sshtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// NewKey returns a fresh ed25519 signer and its authorized_keys line.
func NewKey() (gossh.Signer, []byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, nil, err
	}
	return s, gossh.MarshalAuthorizedKey(s.PublicKey()), nil
}

// AuthorizedKey writes a fresh key's line to dir/authorized_keys, the file
// a server under test is told to trust, and returns the key and the path.
func AuthorizedKey(dir string) (gossh.Signer, string, error) {
	key, line, err := NewKey()
	if err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(path, line, 0o600); err != nil {
		return nil, "", err
	}
	return key, path, nil
}

// DialStranger logs in to addr as guest with a fresh key that no server
// trusts: only a server in workshop mode (any key) lets it in.
func DialStranger(addr string) (*gossh.Client, error) {
	key, _, err := NewKey()
	if err != nil {
		return nil, err
	}
	return Dial(addr, "guest", gossh.PublicKeys(key))
}

// Dial logs in to addr as user with the given methods.
func Dial(addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user, Auth: auth, Timeout: 20 * time.Second,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
}

// Term is one interactive session.
type Term struct {
	Session *gossh.Session
	stdin   io.WriteCloser

	mu      sync.Mutex
	out     bytes.Buffer
	changed chan struct{} // closed and replaced at every read
	ended   chan struct{}
	err     error // how the session ended
}

// Open starts a shell session on c with a w×h xterm PTY and env set.
func Open(c *gossh.Client, w, h int, env map[string]string) (*Term, error) {
	s, err := c.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	for k, v := range env {
		if err := s.Setenv(k, v); err != nil {
			return nil, fmt.Errorf("setenv %s: %w", k, err)
		}
	}
	if w > 0 {
		if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
			return nil, fmt.Errorf("request pty: %w", err)
		}
	}
	return start(s)
}

func start(s *gossh.Session) (*Term, error) {
	t := &Term{Session: s, changed: make(chan struct{}), ended: make(chan struct{})}
	var err error
	if t.stdin, err = s.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := s.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := s.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.Shell(); err != nil {
		return nil, fmt.Errorf("shell: %w", err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); t.read(stdout) }()
	go func() { defer wg.Done(); t.read(stderr) }()
	go func() {
		err := s.Wait()
		wg.Wait()
		t.mu.Lock()
		t.err = err
		t.mu.Unlock()
		close(t.ended)
	}()
	return t, nil
}

// answer replies to a terminal query. A reply the server cannot get any
// more (the session is ending) is not the test's concern.
func (t *Term) answer(s string) { _, _ = t.stdin.Write([]byte(s)) }

// read copies r into the screen log, answering the background colour and
// device attribute queries as a terminal would, so the server need not
// wait for them to time out.
func (t *Term) read(r io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if bytes.Contains(chunk, []byte("\x1b]11;?")) {
				t.answer("\x1b]11;rgb:1c1c/1c1c/1c1c\x07")
			}
			if bytes.Contains(chunk, []byte("\x1b[c")) {
				t.answer("\x1b[?62;22c")
			}
			t.mu.Lock()
			t.out.Write(chunk)
			close(t.changed)
			t.changed = make(chan struct{})
			t.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// Screen is everything received so far, without escape sequences.
func (t *Term) Screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return ansi.Strip(t.out.String())
}

// WaitFor waits until text has been received (after ansi.Strip).
func (t *Term) WaitFor(text string, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		t.mu.Lock()
		ok := strings.Contains(ansi.Strip(t.out.String()), text)
		ch := t.changed
		t.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-t.ended:
			if strings.Contains(t.Screen(), text) {
				return nil
			}
			return fmt.Errorf("session ended without showing %q; screen:\n%s", text, t.Screen())
		case <-deadline.C:
			return fmt.Errorf("no %q after %s; screen:\n%s", text, timeout, t.Screen())
		}
	}
}

// Send types s.
func (t *Term) Send(s string) error {
	_, err := io.WriteString(t.stdin, s)
	return err
}

// WaitEnd waits for the server to end the session and returns how it
// ended (an *ssh.ExitError carries the exit status).
func (t *Term) WaitEnd(timeout time.Duration) (ended bool, err error) {
	select {
	case <-t.ended:
		t.mu.Lock()
		defer t.mu.Unlock()
		return true, t.err
	case <-time.After(timeout):
		return false, nil
	}
}

// Ended is closed when the session is over.
func (t *Term) Ended() <-chan struct{} { return t.ended }
