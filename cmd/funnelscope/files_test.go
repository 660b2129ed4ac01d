package main_test

// Which files a command may write: never another application's, nothing
// where the database or its directory is read-only, and a database from
// before the application_id marker keeps working.

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	"github.com/funnelscope/funnelscope/internal/store"
)

// eventsCSV is a small export every import accepts.
const eventsCSV = "user_id,event,timestamp\nu1,view_item,2024-03-01T10:00:00Z\nu1,purchase,2024-03-01T10:05:00Z\n" +
	"u2,view_item,2024-03-02T09:00:00Z\n"

// execSQL runs stmts on the SQLite file at path, then closes it (which
// checkpoints and removes a WAL).
func execSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	must(t, err)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	must(t, db.Close())
}

// fileState is a file's content hash and the names beside it in its
// directory: what a command must leave as it found.
func fileState(t *testing.T, path string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	must(t, err)
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return sha256File(t, path) + " " + strings.Join(names, ",")
}

func TestNoCommandChangesAnotherApplicationsSQLiteFile(t *testing.T) {
	shop := []string{"CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)", "CREATE TABLE orders(id, total)",
		"INSERT INTO customers VALUES (1, 'ada'), (2, 'bob')", "INSERT INTO orders VALUES (1, 9.5)"}
	csv := writeFile(t, "events.csv", eventsCSV)
	commands := [][]string{
		{"info"}, {"events", "--format", "csv"}, {"funnel", "--steps", "view_item,purchase"},
		{"paths", "--anchor", "view_item"}, {"import", csv}, {"demo"},
		{"serve", "--allow-any-key", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "hk")},
	}
	for _, journal := range []string{"DELETE", "WAL"} {
		db := filepath.Join(t.TempDir(), "other.sqlite")
		execSQL(t, db, append([]string{"PRAGMA journal_mode=" + journal}, shop...)...)
		before := fileState(t, db)
		want := db + " is not a funnelscope database (it has tables customers, orders): " +
			"funnelscope will not change it; pick another --db"
		for _, args := range commands {
			r := fs(t, db, args...)
			if r.code == 0 || !strings.Contains(r.stderr, want) {
				t.Errorf("%s journal, %s: want a refusal saying\n%s\ngot %s", journal, args[0], want, r)
			}
			if fileState(t, db) != before {
				t.Fatalf("%s journal: %s changed the file or created one beside it", journal, args[0])
			}
		}
		s := inShell(t, 220, 20, nil, binPath+" --db "+db)
		s.WaitFor("the explorer's refusal", "is not a funnelscope database", "EXIT=1")
		if fileState(t, db) != before {
			t.Fatalf("%s journal: the explorer changed the file or created one beside it", journal)
		}
	}
}

// applicationID reads the marker of the database at path without writing.
func applicationID(t *testing.T, path string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	must(t, err)
	defer db.Close()
	var id int64
	must(t, db.QueryRow("PRAGMA application_id").Scan(&id))
	return id
}

// legacyDB is a sample database as made before the marker: application_id 0.
func legacyDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	fsOK(t, db, "sample", "--users", "300")
	execSQL(t, db, "PRAGMA application_id = 0")
	return db
}

func TestADatabaseFromBeforeTheMarkerIsReadUnchangedAndStampedByItsNextWrite(t *testing.T) {
	db := legacyDB(t)
	before, err := os.ReadFile(db)
	must(t, err)
	for _, args := range [][]string{{"info"}, {"events"}, {"funnel", "--steps", "view_item,purchase"}, {"micro", "--goal", "purchase"}} {
		fsOK(t, db, args...)
	}
	exploreAndQuit(t, []string{"TERM=xterm-256color"}, binPath+" --db "+db, "the explorer without saving", "300 users", "1 Funnel")
	after, err := os.ReadFile(db)
	must(t, err)
	if string(after) != string(before) {
		t.Fatal("a read command changed the database")
	}
	if id := applicationID(t, db); id != 0 {
		t.Fatalf("a read command stamped the database: application_id %#x", id)
	}

	s := inShell(t, 120, 30, []string{"TERM=xterm-256color"}, binPath+" --db "+db)
	// It opens on a suggested funnel (2 to 5 steps): emptied, the one
	// step added below is the first.
	s.WaitFor("the explorer", "300 users", "suggested from the data")
	s.Keys("d", "d", "d", "d", "d")
	s.WaitFor("the emptied funnel", "No steps yet")
	s.Keys("a")
	s.WaitFor("the event picker", "Add a step")
	s.Keys("Enter")
	s.WaitFor("the first step", "1 scroll_depth")
	s.Keys("s")
	s.WaitFor("the save prompt", "Save this funnel as")
	s.Keys("mine", "Enter")
	s.WaitFor("the save", `saved funnel "mine"`)
	s.Keys("q")
	s.WaitFor("quit", "EXIT=0")
	if id := applicationID(t, db); id != store.ApplicationID {
		t.Errorf("after saving a funnel: application_id %#x, want %#x", id, store.ApplicationID)
	}

	imported := legacyDB(t)
	fsOK(t, imported, "import", writeFile(t, "more.csv", eventsCSV))
	if id := applicationID(t, imported); id != store.ApplicationID {
		t.Errorf("after an import: application_id %#x, want %#x", id, store.ApplicationID)
	}
}

func TestImportSaysTheEventsAreInWhenOnlyTheAnalysisCacheCannotBeWritten(t *testing.T) {
	db := tempDB(t)
	fsOK(t, db, "import", writeFile(t, "first.csv", eventsCSV))
	// The full disk, injected: SQLite refuses every write of the cache.
	execSQL(t, db, `CREATE TRIGGER full_disk BEFORE INSERT ON snapshot_cache
		BEGIN SELECT RAISE(ABORT, 'database or disk is full (injected)'); END`)
	r := fs(t, db, "import", writeFile(t, "second.csv", strings.NewReplacer("u1", "v1", "u2", "v2").Replace(eventsCSV)))
	want := "imported 3 events; the analysis cache could not be written ("
	if r.code != 0 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "disk is full (injected)") ||
		!strings.Contains(r.stderr, "): it will be rebuilt on next open") {
		t.Fatalf("want exit 0 and %q with the reason, got\n%s", want, r)
	}
	if _, in := infoJSON(t, db); in.Events != 6 || len(in.Imports) != 2 {
		t.Errorf("after the import: %d events in %d imports, want 6 in 2", in.Events, len(in.Imports))
	}
}

// asStranger returns how to run the funnelscope binary as a user who is
// not the owner of the test's files: as root (who may write anything) it
// runs as nobody through setpriv, from a copy of the binary nobody may
// run; as anyone else, as that user.
func asStranger(t *testing.T) func(args ...string) *exec.Cmd {
	t.Helper()
	if os.Geteuid() != 0 {
		return func(args ...string) *exec.Cmd { return command(t, nil, args...) }
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("running as root without setpriv: no way to be a user permissions apply to")
	}
	bin := filepath.Join(publicDir(t, 0o755), "funnelscope")
	data, err := os.ReadFile(binPath)
	must(t, err)
	must(t, os.WriteFile(bin, data, 0o755))
	return func(args ...string) *exec.Cmd {
		cmd := command(t, nil, args...)
		cmd.Path = setpriv
		cmd.Args = append([]string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin}, args...)
		cmd.Dir = filepath.Dir(bin)
		return cmd
	}
}

// publicDir is a new directory every user may enter, with mode perm.
func publicDir(t *testing.T, perm os.FileMode) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "funnelscope-public-")
	must(t, err)
	t.Cleanup(func() {
		_ = os.Chmod(dir, 0o755)
		_ = os.RemoveAll(dir)
	})
	must(t, os.Chmod(dir, perm))
	return dir
}

func TestADatabaseReadOnlyToItsReaderIsReadAndServedWithoutWritingAnything(t *testing.T) {
	as := asStranger(t)
	dir := publicDir(t, 0o755)
	db := filepath.Join(dir, "team.db")
	fsOK(t, db, "sample", "--users", "2000")
	// A stale cache: the snapshot must be built in memory, as nothing may be written.
	execSQL(t, db, "DELETE FROM snapshot_meta")
	must(t, os.Chmod(db, 0o444))
	must(t, os.Chmod(dir, 0o555))
	before := fileState(t, db)

	info := run(t, as("--db", db, "info", "--format", "json"))
	if info.code != 0 || !strings.Contains(info.stdout, `"events": 27028`) {
		t.Fatalf("info on a read-only database in a read-only directory:\n%s", info)
	}
	funnel := run(t, as("--db", db, "funnel", "--steps", "view_item,purchase", "--format", "csv"))
	if funnel.code != 0 || !strings.Contains(funnel.stdout, "view_item") {
		t.Fatalf("funnel on a read-only database in a read-only directory:\n%s", funnel)
	}

	keys := publicDir(t, 0o777) // serve creates its host key here, as the stranger
	s := runServer(t, as("--db", db, "serve", "--allow-any-key", "--listen", "127.0.0.1:0",
		"--host-key", filepath.Join(keys, "host_key")), nil)
	c, err := sshtest.DialStranger(s.addr)
	must(t, err)
	defer c.Close()
	term, err := sshtest.Open(c, 100, 30, nil)
	must(t, err)
	must(t, term.WaitFor("27,028 events · 2,000 users", serveWait))

	if fileState(t, db) != before {
		t.Fatal("reading changed the database or created a file beside it")
	}
}

func TestADatabaseWhoseWALCannotBeReadHereSaysWhy(t *testing.T) {
	as := asStranger(t)
	src := tempDB(t)
	fsOK(t, src, "sample", "--users", "200")
	// A writer holds the database open with changes in its WAL; the copy
	// in a read-only directory has the -wal but no -shm to read it with.
	w, err := sql.Open("sqlite", src)
	must(t, err)
	defer w.Close()
	w.SetMaxOpenConns(1)
	for _, q := range []string{"PRAGMA wal_autocheckpoint=0", "INSERT INTO saved_views VALUES ('x', 'funnel', '', '', '')"} {
		_, err := w.Exec(q)
		must(t, err)
	}
	dir := publicDir(t, 0o755)
	db := filepath.Join(dir, "busy.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(src + suffix)
		must(t, err)
		must(t, os.WriteFile(db+suffix, data, 0o444))
	}
	must(t, os.Chmod(dir, 0o555))
	r := run(t, as("--db", db, "info"))
	if r.code == 0 || !strings.Contains(r.stderr, "its -wal holds changes not yet in the file") {
		t.Errorf("want a refusal that explains the -wal, got\n%s", r)
	}
}
