//go:build unix

package main_test

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestInterruptStopsAnImportOfEndlessDuplicatesOnStdin pipes the same row
// into `import -` without end. No batch ever reaches the database writer,
// so only the parser can notice Ctrl-C; it used to take kill -9.
func TestInterruptStopsAnImportOfEndlessDuplicatesOnStdin(t *testing.T) {
	const row = "u1,view,2024-03-01T10:00:00Z\n"
	db := tempDB(t)
	fsOK(t, db, "import", writeFile(t, "first.csv", "user_id,event,timestamp\n"+row))
	before, _ := infoJSON(t, db)

	cmd := command(t, nil, "--db", db, "import", "-q", "-")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var written atomic.Int64
	go func() { // until the pipe breaks, when the import has exited
		block := []byte(strings.Repeat(row, 4096))
		if _, err := io.WriteString(stdin, "user_id,event,timestamp\n"); err != nil {
			return
		}
		for {
			n, err := stdin.Write(block)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for deadline := time.Now().Add(30 * time.Second); written.Load() < 64<<20; {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the import read only %d bytes in 30s", written.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var waitErr error // an *exec.ExitError when all goes well: ProcessState tells more
	select {
	case waitErr = <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("import still running 10s after Ctrl-C (%d MB read)\n%s", written.Load()>>20, &stderr)
	}
	took := time.Since(sent)
	t.Logf("exited %v after SIGINT, %d MB of duplicates read: %s", took.Round(time.Millisecond), written.Load()>>20,
		strings.TrimSpace(stderr.String()))
	if took > 2*time.Second {
		t.Errorf("import took %v to stop after Ctrl-C, want about a second at most", took)
	}
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Exited() || ws.ExitStatus() == 0 || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("after Ctrl-C: want a non-zero exit of its own saying it was interrupted, got %v (%v)\n%s",
			cmd.ProcessState, waitErr, &stderr)
	}
	if after, _ := infoJSON(t, db); after != before {
		t.Errorf("the interrupted import changed the store:\nbefore %s\nafter  %s", before, after)
	}
}
