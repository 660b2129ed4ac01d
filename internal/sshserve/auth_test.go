package sshserve

import (
	"errors"
	"os"
	"path/filepath"
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

func TestFromAndExpiryTimeDecideWhoGetsIn(t *testing.T) {
	ts := startServer(t, nil)
	cases := []struct {
		opts string
		want bool
	}{
		{`from="10.0.0.1"`, false},
		{`from="127.0.0.1"`, true},
		{`from="127.0.0.0/8"`, true},
		{`from="127.0.0.*,!127.0.0.1"`, false},
		{`expiry-time="20200101"`, false},
		{`expiry-time="20991231Z"`, true},
		{`from="127.0.0.1",expiry-time="20200101"`, false},
	}
	for _, tc := range cases {
		t.Run(tc.opts, func(t *testing.T) {
			if got := ts.canLogIn(ts.addKey(t, tc.opts)); got != tc.want {
				t.Errorf("logged in from 127.0.0.1: %v, want %v", got, tc.want)
			}
		})
	}
	logs := ts.logs.String()
	for _, want := range []string{"from= does not match 127.0.0.1", "expiry-time 2020-01-01"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack the reason %q", want)
		}
	}
}

func TestAKeyListedTwiceGetsInByAnyLineThatAdmitsIt(t *testing.T) {
	ts := startServer(t, nil)
	key, line, err := sshtest.NewKey()
	must(t, err)
	content := `from="10.0.0.1" ` + string(line) + string(line)
	must(t, os.WriteFile(ts.keys, []byte(content), 0o600))
	if !ts.canLogIn(key) {
		t.Fatal("the second line, without from=, did not let the key in")
	}
}

func TestARestrictedKeyGetsNoTerminalSoNoExplorerAndIsToldWhy(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.newModel = probe })
	restricted := ts.addKey(t, "restrict")
	c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(restricted))
	must(t, err)
	defer c.Close()
	sess, err := c.NewSession()
	must(t, err)
	if err := sess.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err == nil {
		t.Fatal("a restrict key was given a PTY")
	}
	var out strings.Builder
	sess.Stdout, sess.Stderr = &out, &out
	must(t, sess.Shell())
	var ee *gossh.ExitError
	if err := sess.Wait(); !errors.As(err, &ee) || ee.ExitStatus() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if !strings.Contains(out.String(), "may not open a terminal") || strings.Contains(out.String(), "probe") {
		t.Errorf("the restricted key saw %q, want a refusal and no explorer", out.String())
	}
	waitUntil(t, "the reason in the log", func() bool { return strings.Contains(ts.logs.String(), "restrict or no-pty") })

	withPTY := ts.addKey(t, "restrict,pty")
	c2, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(withPTY))
	must(t, err)
	defer c2.Close()
	term, err := sshtest.Open(c2, 100, 30, nil)
	must(t, err)
	must(t, term.WaitFor("probe size=100x30", wait))
}

func TestALineWithAnOptionSshdWouldEnforceButWeCannotIsSkippedLoudly(t *testing.T) {
	ts := startServer(t, nil)
	for _, opts := range []string{`command="/usr/bin/date"`, `permitopen="localhost:5432"`, "cert-authority"} {
		if ts.canLogIn(ts.addKey(t, opts)) {
			t.Errorf("a key with %s got in", opts)
		}
	}
	logs := ts.logs.String()
	for _, want := range []string{"level=ERROR", "LINE SKIPPED", `option \"command=\\\"/usr/bin/date\\\"\" is not supported`, "permitopen"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	if !ts.canLogIn(ts.key) {
		t.Error("the skipped lines locked out the other keys")
	}
}

func TestDeletingTheAuthorizedKeysFileLetsNobodyInUntilItIsBack(t *testing.T) {
	ts := startServer(t, nil)
	saved, err := os.ReadFile(ts.keys)
	must(t, err)
	if !ts.canLogIn(ts.key) {
		t.Fatal("the listed key is refused")
	}
	must(t, os.Remove(ts.keys))
	if ts.canLogIn(ts.key) {
		t.Fatal("a key still got in after the authorized keys file was deleted")
	}
	waitUntil(t, "the lock-out in the log", func() bool { return strings.Contains(ts.logs.String(), "NOBODY is let in") })
	must(t, os.WriteFile(ts.keys, saved, 0o600))
	if !ts.canLogIn(ts.key) {
		t.Fatal("the key is still refused after the file came back")
	}
}

func TestAuthorizedKeysOthersCouldWriteLetNobodyIn(t *testing.T) {
	ts := startServer(t, nil)
	must(t, os.Chmod(ts.keys, 0o666))
	if ts.canLogIn(ts.key) {
		t.Fatal("a key got in from a world-writable authorized keys file")
	}
	must(t, os.Chmod(ts.keys, 0o600))
	if !ts.canLogIn(ts.key) {
		t.Fatal("the key is still refused after chmod 600")
	}
}

func TestTheServerRefusesToStartWithKeyFilesOthersCanChange(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, dir, keys, hostKey string)
		want    string
	}{
		{"world-writable authorized keys", func(t *testing.T, _, keys, _ string) { must(t, os.Chmod(keys, 0o666)) }, "chmod go-w "},
		{"group-writable authorized keys", func(t *testing.T, _, keys, _ string) { must(t, os.Chmod(keys, 0o620)) }, "chmod go-w "},
		{"authorized keys in a world-writable directory", func(t *testing.T, dir, _, _ string) { must(t, os.Chmod(dir, 0o777)) }, "chmod go-w " + "DIR"},
		{"group-readable host key", func(t *testing.T, _, _, hostKey string) { must(t, os.Chmod(hostKey, 0o640)) }, "chmod 600 "},
		{"world-readable host key", func(t *testing.T, _, _, hostKey string) { must(t, os.Chmod(hostKey, 0o604)) }, "chmod 600 "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			_, keys, err := sshtest.AuthorizedKey(dir)
			must(t, err)
			hostKey := filepath.Join(dir, "host_key")
			_, _, err = HostKey(hostKey)
			must(t, err)
			tc.prepare(t, dir, keys, hostKey)
			_, err = New(Config{HostKeyPath: hostKey, AuthorizedKeys: keys, Engine: engine.NewLocal(sampleSnapshot(t))})
			want := strings.ReplaceAll(tc.want, "DIR", dir)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v, want a refusal saying %q", err, want)
			}
		})
	}
}
