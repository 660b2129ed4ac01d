//go:build unix

package main_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// bigRows is large enough that an import runs for seconds and writes tens of
// megabytes to the WAL before it commits.
const bigRows = 1_500_000

var (
	bigOnce sync.Once
	bigPath string
	bigErr  error
)

// bigNDJSON returns a generated NDJSON export of bigRows events (about
// 120 MB: users u0..u99999, four names, increasing millisecond timestamps),
// written once per test binary and shared.
func bigNDJSON(t *testing.T) string {
	t.Helper()
	bigOnce.Do(func() {
		start := time.Now()
		bigPath = filepath.Join(workDir, "big.ndjson")
		bigErr = writeBigNDJSON(bigPath)
		t.Logf("generated %d rows in %v", bigRows, time.Since(start).Round(time.Millisecond))
	})
	if bigErr != nil {
		t.Fatal(bigErr)
	}
	return bigPath
}

func writeBigNDJSON(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	names := []string{"view", "view", "cart", "purchase"}
	var line []byte
	for i := 0; i < bigRows; i++ {
		line = append(line[:0], `{"user_id":"u`...)
		line = strconv.AppendInt(line, int64(i%100_000), 10)
		line = append(line, `","event":"`...)
		line = append(line, names[i%len(names)]...)
		line = append(line, `","timestamp":`...)
		line = strconv.AppendInt(line, 1_700_000_000_000+int64(i)*10, 10)
		line = append(line, `,"page":"/p/`...)
		line = strconv.AppendInt(line, int64(i%500), 10)
		line = append(line, "\"}\n"...)
		if _, err := w.Write(line); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// walProgress is how far past its starting size the WAL must grow before an
// import counts as demonstrably under way: uncommitted pages are on disk.
const walProgress = 4 << 20

// runningImport is an import of the big file, under way, into a store that
// held only the REES46 sample when it started.
type runningImport struct {
	db, before string        // the store and its `info --format json` before the import
	cmd        *exec.Cmd     // the import
	stderr     *bytes.Buffer // its stderr
	done       <-chan error  // receives Wait's result
}

// startBigImport starts importing the big file into a store holding the
// REES46 sample and returns once the import has written walProgress bytes of
// uncommitted pages to the WAL. Should the import end before that (a page
// cache large enough to hold the whole transaction, say), it times that
// full run and tries once more on a fresh store, returning a third of the
// way through instead; the caller's signal must then still find it running.
func startBigImport(t *testing.T) *runningImport {
	t.Helper()
	big := bigNDJSON(t)
	var fullRun time.Duration // known once an import has run to the end
	for attempt := 1; ; attempt++ {
		db, before := storeWithOneImport(t)
		wal := db + "-wal"
		base := fileSize(wal)
		cmd := command(t, nil, "--db", db, "import", big)
		stderr := &bytes.Buffer{}
		cmd.Stderr = stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ch := make(chan error, 1)
		go func() { ch <- cmd.Wait() }()
		start := time.Now()
		deadline := time.After(60 * time.Second)
	poll:
		for {
			select {
			case err := <-ch:
				if err != nil || attempt > 1 {
					t.Fatalf("import ended (%v) after %v, before it could be interrupted; WAL grew by %d bytes\n%s",
						err, time.Since(start), fileSize(wal)-base, stderr)
				}
				fullRun = time.Since(start)
				t.Logf("import ran to the end in %v without growing the WAL by %d bytes; trying again, interrupting after a third of that",
					fullRun.Round(time.Millisecond), walProgress)
				break poll
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("import neither grew the WAL by %d bytes nor ended within 60s (then: %v)", walProgress, <-ch)
			case <-time.After(10 * time.Millisecond):
			}
			grown := fileSize(wal) - base
			if grown >= walProgress || (fullRun > 0 && time.Since(start) >= fullRun/3) {
				t.Logf("import under way after %v: WAL grew by %d bytes", time.Since(start).Round(time.Millisecond), grown)
				return &runningImport{db: db, before: before, cmd: cmd, stderr: stderr, done: ch}
			}
		}
	}
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// storeWithOneImport returns a database holding the REES46 sample, and its
// `info --format json`.
func storeWithOneImport(t *testing.T) (db, before string) {
	needData(t, rees46CSV)
	t.Helper()
	db = tempDB(t)
	fsOK(t, db, "import", rees46CSV)
	before, in := infoJSON(t, db)
	if in.Events != 17429 || len(in.Imports) != 1 {
		t.Fatalf("setup: want 17429 events in one import, got %+v", in)
	}
	return db, before
}

// checkStoreUnchanged asserts that db still reads exactly as before, is
// sound for SQLite, and still takes imports.
func checkStoreUnchanged(t *testing.T, db, before string) {
	t.Helper()
	if after, _ := infoJSON(t, db); after != before {
		t.Errorf("interrupted import changed the store:\nbefore %s\nafter  %s", before, after)
	}

	sdb, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var check []string
	rows, err := sdb.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		check = append(check, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(check) != 1 || check[0] != "ok" {
		t.Errorf("PRAGMA integrity_check: %q", check)
	}
	var fkProblems int
	if err := sdb.QueryRow("SELECT COUNT(*) FROM pragma_foreign_key_check").Scan(&fkProblems); err != nil {
		t.Fatal(err)
	}
	if fkProblems != 0 {
		t.Errorf("PRAGMA foreign_key_check: %d rows refer to missing dictionary entries", fkProblems)
	}
	if err := sdb.Close(); err != nil {
		t.Fatal(err)
	}

	// The store must still take new data: dictionary ids handed out by the
	// abandoned transaction must not be reused wrongly or collide. The small
	// file brings 3 new users and 2 new names (purchase is already known).
	r := fsOK(t, db, "import", writeFile(t, "small.ndjson", smallNDJSON))
	if !strings.Contains(r.stderr, "imported 6, duplicate 0") {
		t.Errorf("import after the interruption: want 6 new events, got %s", r)
	}
	if _, in := infoJSON(t, db); in.Events != 17429+6 || in.Users != 4504+3 || in.EventNames != 5 ||
		len(in.Imports) != 2 {
		t.Errorf("after a further import: want 17435 events, 4507 users, 5 names, 2 imports, got %+v", in)
	}
}

func TestKilledImportLeavesTheStoreAsItWas(t *testing.T) {
	needData(t, rees46CSV) // the store it interrupts holds REES46
	if testing.Short() {
		t.Skip("generates and imports a 120 MB file")
	}
	im := startBigImport(t)
	if err := im.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitErr := <-im.done // an *exec.ExitError when all went well: ProcessState tells more
	ws, ok := im.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("import was not killed mid-way: %v (%v)\n%s", im.cmd.ProcessState, waitErr, im.stderr)
	}
	checkStoreUnchanged(t, im.db, im.before)
}

func TestInterruptedImportStopsPromptlyAndLeavesTheStoreAsItWas(t *testing.T) {
	needData(t, rees46CSV) // the store it interrupts holds REES46
	if testing.Short() {
		t.Skip("generates and imports a 120 MB file")
	}
	im := startBigImport(t)
	sent := time.Now()
	if err := im.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var waitErr error // an *exec.ExitError when all goes well: ProcessState tells more
	select {
	case waitErr = <-im.done:
	case <-time.After(5 * time.Second):
		im.cmd.Process.Kill()
		t.Fatalf("import still running 5s after Ctrl-C (then: %v)\n%s", <-im.done, im.stderr)
	}
	stderr := im.stderr.String()
	t.Logf("exited %v after SIGINT: %s", time.Since(sent).Round(time.Millisecond), strings.TrimSpace(stderr))
	ws, ok := im.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Exited() || ws.ExitStatus() == 0 {
		t.Errorf("after Ctrl-C: want a non-zero exit of its own (not death by signal), got %v (%v)\n%s",
			im.cmd.ProcessState, waitErr, stderr)
	}
	if big := bigNDJSON(t); !strings.Contains(stderr, big) {
		t.Errorf("after Ctrl-C: stderr should say which file was abandoned (%s), got %q", big, stderr)
	}
	if strings.Contains(stderr, "imported "+strconv.Itoa(bigRows)) {
		t.Errorf("import completed although interrupted: %s", stderr)
	}
	checkStoreUnchanged(t, im.db, im.before)
}
