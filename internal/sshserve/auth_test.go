package sshserve

import (
	"os"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	gossh "golang.org/x/crypto/ssh"
)

func TestAnAuthorizedKeyGetsAPTYSessionShowingTheExplorerAndQEndsIt(t *testing.T) {
	ts := startServer(t, nil)
	term := ts.open(t, nil)
	must(t, term.WaitFor("sample.db · 4,237 events · 300 users", wait)) // the header
	must(t, term.WaitFor("1 Funnel", wait))
	must(t, term.WaitFor("No steps yet", wait))
	must(t, term.Send("q"))
	if ended, err := term.WaitEnd(wait); !ended || err != nil {
		t.Fatalf("q: ended=%v err=%v, want a clean end", ended, err)
	}
	waitUntil(t, "the disconnect log line", func() bool { return strings.Contains(ts.logs.String(), "msg=disconnect") })
	logs := ts.logs.String()
	fp := gossh.FingerprintSHA256(ts.key.PublicKey())
	for _, want := range []string{"msg=connect user=ada key=" + fp + " addr=127.0.0.1:", "outcome=quit", "duration="} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}

func TestUnknownKeysPasswordsAndKeyboardInteractiveAreRefused(t *testing.T) {
	ts := startServer(t, nil)
	stranger, _, err := sshtest.NewKey()
	must(t, err)
	asked := false
	for name, auth := range map[string]gossh.AuthMethod{
		"unknown key": gossh.PublicKeys(stranger),
		"password":    gossh.Password("hunter2"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			asked = true
			return []string{"hunter2"}, nil
		}),
	} {
		t.Run(name, func(t *testing.T) {
			c, err := sshtest.Dial(ts.addr, "mallory", auth)
			if err == nil {
				c.Close()
				t.Fatal("logged in")
			}
			if !strings.Contains(err.Error(), "unable to authenticate") {
				t.Fatalf("err = %v, want an authentication failure", err)
			}
		})
	}
	if asked {
		t.Error("the server offered keyboard-interactive")
	}
}

func TestAKeyAddedToTheAuthorizedKeysFileIsLetInWithoutARestart(t *testing.T) {
	ts := startServer(t, nil)
	newcomer, line, err := sshtest.NewKey()
	must(t, err)
	if c, err := sshtest.Dial(ts.addr, "bob", gossh.PublicKeys(newcomer)); err == nil {
		c.Close()
		t.Fatal("a key not in the file got in")
	}
	old, err := os.ReadFile(ts.keys)
	must(t, err)
	content := string(old) + "# bob, added later\nnot a key line\n" + string(line)
	must(t, os.WriteFile(ts.keys, []byte(content), 0o600))
	c, err := sshtest.Dial(ts.addr, "bob", gossh.PublicKeys(newcomer))
	if err != nil {
		t.Fatalf("a key added to the file is refused: %v", err)
	}
	c.Close()
	if _, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(ts.key)); err != nil {
		t.Fatalf("a bad line locked out the other keys: %v", err)
	}
}

func TestWorkshopModeLetsAnyKeyInButOnlyWhenAskedFor(t *testing.T) {
	if _, err := New(Config{HostKeyPath: t.TempDir() + "/k", Engine: engine.NewLocal(sampleSnapshot(t))}); err == nil ||
		!strings.Contains(err.Error(), "--allow-any-key") {
		t.Fatalf("no authorized keys and no --allow-any-key: err = %v, want a refusal naming --allow-any-key", err)
	}
	ts := startServer(t, func(c *Config) { c.AuthorizedKeys, c.AllowAnyKey = "", true })
	c, err := sshtest.DialStranger(ts.addr)
	if err != nil {
		t.Fatalf("workshop mode refused a key: %v", err)
	}
	c.Close()
	if c, err := sshtest.Dial(ts.addr, "guest", gossh.Password("x")); err == nil {
		c.Close()
		t.Fatal("workshop mode let a password in")
	}
}

func TestTheHostKeyIsCreatedPrivateOnceAndReused(t *testing.T) {
	path := t.TempDir() + "/sub/host_key"
	first, created, err := HostKey(path)
	must(t, err)
	if !created {
		t.Error("created = false for a new key")
	}
	fi, err := os.Stat(path)
	must(t, err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v, want 0600", fi.Mode().Perm())
	}
	if first.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("host key type %s, want ed25519", first.PublicKey().Type())
	}
	again, created, err := HostKey(path)
	must(t, err)
	if created || gossh.FingerprintSHA256(again.PublicKey()) != gossh.FingerprintSHA256(first.PublicKey()) {
		t.Error("the host key changed on the second start")
	}
}
