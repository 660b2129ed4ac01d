package sshserve

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	gossh "golang.org/x/crypto/ssh"
)

func TestShutdownTellsOpenSessionsStopsAcceptingAndReturnsInTime(t *testing.T) {
	ts := startServer(t, nil)
	a, b := ts.open(t, nil), ts.open(t, nil)
	must(t, a.WaitFor("No steps yet", wait))
	must(t, b.WaitFor("No steps yet", wait))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for _, term := range []*sshtest.Term{a, b} {
		if ended, _ := term.WaitEnd(wait); !ended {
			t.Fatal("a session outlived the shutdown")
		}
		must(t, term.WaitFor("shutting down", wait))
	}
	select {
	case err := <-ts.served:
		if err != nil {
			t.Fatalf("Serve after Shutdown: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return after Shutdown")
	}
	if c, err := sshtest.Dial(ts.addr, "ada", gossh.PublicKeys(ts.key)); err == nil {
		c.Close()
		t.Fatal("a connection was accepted after shutdown")
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
