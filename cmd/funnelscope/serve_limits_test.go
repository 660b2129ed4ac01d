package main_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/sshserve"
	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	gossh "golang.org/x/crypto/ssh"
)

// peakRSS is the most memory the process pid has held (VmHWM), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	must(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// addAStep opens a w×h session and adds the first event as a funnel step,
// which draws the funnel's bars and table at the session's size.
func addAStep(t *testing.T, s *server, w, h int) {
	t.Helper()
	c, err := sshtest.Dial(s.addr, "ada", gossh.PublicKeys(s.key))
	must(t, err)
	t.Cleanup(func() { c.Close() })
	term, err := sshtest.Open(c, w, h, nil)
	must(t, err)
	must(t, term.WaitFor("suggested from the data", serveWait)) // serve starts on an answer, as ui
	must(t, term.Send("a"))
	must(t, term.WaitFor("Add a step", serveWait))
	must(t, term.Send("\r"))
	must(t, term.WaitFor("computed in", serveWait))
}

func TestServeMemoryStaysBoundedWhenAClientAsksForAHugeTerminal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the server's memory from /proc")
	}
	s := startServe(t, sample2000(t))
	pid := s.cmd.Process.Pid
	addAStep(t, s, 100, 30)
	normal := peakRSS(t, pid)
	addAStep(t, s, 10000, 6000) // unclamped, this took the server from 38 MB to 700 MB
	huge := peakRSS(t, pid)
	t.Logf("server peak memory: %d MB after a 100x30 session, %d MB after a 10000x6000 one", normal>>20, huge>>20)
	// A 500x200 session costs a few MB more than a 100x30 one.
	if grew := huge - normal; grew > 64<<20 {
		t.Fatalf("a 10000x6000 session grew the server's peak memory by %d MB (from %d MB), want it clamped to a normal session's",
			grew>>20, normal>>20)
	}
}

// serveOrKill runs funnelscope --db db serve args, killing it after
// serveWait: a server that should have refused to start serves instead.
func serveOrKill(t *testing.T, db string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), serveWait)
	defer cancel()
	base := command(t, nil, append([]string{"--db", db, "serve", "--listen", "127.0.0.1:0"}, args...)...)
	cmd := exec.CommandContext(ctx, base.Path, base.Args[1:]...)
	cmd.Env, cmd.Dir = base.Env, base.Dir
	return run(t, cmd)
}

func TestServeRefusesToStartWithKeyFilesOthersCanChange(t *testing.T) {
	db := sample2000(t)
	dir := t.TempDir()
	_, keys, err := sshtest.AuthorizedKey(dir)
	must(t, err)
	hostKey := filepath.Join(dir, "host_key")
	_, _, err = sshserve.HostKey(hostKey)
	must(t, err)
	must(t, os.Chmod(keys, 0o666))
	r := serveOrKill(t, db, "--host-key", hostKey, "--authorized-keys", keys)
	if r.code == 0 || !strings.Contains(r.stderr, "chmod go-w "+keys) {
		t.Fatalf("a world-writable authorized keys file: want a refusal naming the chmod to run, got\n%s", r)
	}
	must(t, os.Chmod(keys, 0o600))
	must(t, os.Chmod(hostKey, 0o644))
	r = serveOrKill(t, db, "--host-key", hostKey, "--authorized-keys", keys)
	if r.code == 0 || !strings.Contains(r.stderr, "chmod 600 "+hostKey) {
		t.Fatalf("a world-readable host key: want a refusal naming the chmod to run, got\n%s", r)
	}
}

func TestServeRefusesBadConnectionLimits(t *testing.T) {
	dir := t.TempDir()
	_, keys, err := sshtest.AuthorizedKey(dir)
	must(t, err)
	base := []string{"--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key"), "--authorized-keys", keys}
	checkRefusals(t, "serve", []refusal{
		{append([]string{"--max-channels", "0"}, base...), "--max-channels must be at least 1"},
		{append([]string{"--max-startups", "10:30"}, base...), "--max-startups: \"10:30\": want begin:rate:full"},
		{append([]string{"--max-startups", "100:30:10"}, base...), "--max-startups: 100:30:10: want 1 <= begin <= full"},
	})
}
