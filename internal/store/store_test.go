package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/propblob"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

// latestVersion is the number of the newest embedded migration.
func latestVersion(t *testing.T) int {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	return ms[len(ms)-1].version
}

func schemaVersion(t *testing.T, st *Store) int {
	t.Helper()
	v, err := st.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func tables(t *testing.T, st *Store) []string {
	t.Helper()
	rows, err := st.DB().Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMigrationsAreNumberedAndStartAtOne(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d is %s (version %d): want versions 1, 2, 3, ... without gaps", i, m.name, m.version)
		}
	}
}

func TestOpenCreatesTheSchemaAndSetsUserVersion(t *testing.T) {
	st, _ := openTemp(t)
	if got, want := schemaVersion(t, st), latestVersion(t); got != want {
		t.Errorf("user_version %d, want %d", got, want)
	}
	got := tables(t, st)
	for _, want := range []string{"event_names", "events", "import_keys", "imports", "prop_keys", "prop_values", "sessions", "users"} {
		if !slices.Contains(got, want) {
			t.Errorf("no table %q; tables: %v", want, got)
		}
	}
	var mode string
	if err := st.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q, %v; want wal", mode, err)
	}
	if got := pageSize(t, st); got != newPageSize {
		t.Errorf("page_size %d, want %d", got, newPageSize)
	}
	if sm, err := st.Summary(context.Background()); err != nil || sm != (Summary{}) {
		t.Errorf("a new store's summary: %+v, %v; want all zero", sm, err)
	}
	if ok, err := st.IntegrityCheck(context.Background()); err != nil || ok != "ok" {
		t.Errorf("integrity_check %q, %v", ok, err)
	}
}

func TestReopeningAStoreKeepsItsSchemaAndData(t *testing.T) {
	st, path := openTemp(t)
	writeImport(t, st, "a.csv", sampleDict, sampleRows)
	before, err := st.Summary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	for i := 0; i < 3; i++ {
		again, err := Open(path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if got, want := schemaVersion(t, again), latestVersion(t); got != want {
			t.Errorf("reopen %d: user_version %d, want %d", i, got, want)
		}
		sm, err := again.Summary(context.Background())
		if err != nil || sm != before {
			t.Errorf("reopen %d: summary %+v, %v; want %+v", i, sm, err, before)
		}
		ims, err := again.Imports(context.Background())
		if err != nil || len(ims) != 1 {
			t.Errorf("reopen %d: imports %+v, %v; want the one import", i, ims, err)
		}
		again.Close()
	}
}

func TestOpenRefusesASchemaNewerThanItKnows(t *testing.T) {
	st, path := openTemp(t)
	newer := latestVersion(t) + 1
	if _, err := st.DB().Exec("PRAGMA user_version = " + strconv.Itoa(newer)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, err := Open(path)
	if err == nil {
		t.Fatal("opened a database of a newer schema")
	}
	for _, want := range []string{path, "schema version " + strconv.Itoa(newer), "newer than this funnelscope understands", "upgrade funnelscope"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q should mention %q", err, want)
		}
	}
	// The refused file is left as it was.
	ro, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got := schemaVersion(t, ro); got != newer {
		t.Errorf("user_version after the refusal: %d, want %d", got, newer)
	}
}

var sampleDict = []DictEntry{
	{DictUsers, 1, "alice"}, {DictUsers, 2, "bob"}, {DictUsers, 3, "carol"},
	{DictNames, 1, "view"}, {DictNames, 2, "buy"},
	{DictKeys, 1, "country"}, {DictValues, 1, "DE"}, {DictValues, 2, "FR"},
	{DictSessions, 1, "s-1"},
}

// sampleRows are in neither user nor time order; rows 1 and 3 (bob at
// time 100) tie on time, so their order of insertion decides.
var sampleRows = []Row{
	{User: 2, Name: 1, Time: 300, Dedup: 1},
	{User: 2, Name: 2, Time: 100, Session: 1, Dedup: 2, Props: propblob.Append(nil, []propblob.Pair{{Key: 1, Value: 1}})},
	{User: 1, Name: 1, Time: 200, Dedup: 3},
	{User: 2, Name: 1, Time: 100, Dedup: 4, Props: propblob.Append(nil, []propblob.Pair{{Key: 1, Value: 2}})},
	{User: 1, Name: 2, Time: -50, Dedup: 5},
	{User: 3, Name: 1, Time: 0, Dedup: 6},
}

// openImport begins an import of file and writes dict and rows in it,
// leaving it open.
func openImport(t *testing.T, st *Store, file string, dict []DictEntry, rows []Row) *ImportTx {
	t.Helper()
	ctx := context.Background()
	tx, err := st.BeginImport(ctx, ImportMeta{File: file, Format: "csv", Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.AddDict(ctx, dict); err != nil {
		t.Fatal(err)
	}
	if err := tx.InsertEvents(ctx, rows); err != nil {
		t.Fatal(err)
	}
	return tx
}

// writeImport writes one committed import of rows, duplicates removed.
func writeImport(t *testing.T, st *Store, file string, dict []DictEntry, rows []Row) int64 {
	t.Helper()
	tx := openImport(t, st, file, dict, rows)
	id := tx.ImportID()
	ctx := context.Background()
	if _, err := tx.RemoveDuplicates(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx, ImportStats{Size: 10, SHA256: "abc", RowsRead: int64(len(rows)), Imported: int64(len(rows)),
		Finished: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestScanSortedOrdersByUserThenTimeThenSequence(t *testing.T) {
	st, _ := openTemp(t)
	writeImport(t, st, "a.csv", sampleDict, sampleRows)
	type ev struct {
		Seq, User, Name, Time, Session int64
		Props                          []byte
	}
	var got []ev
	err := st.ScanSorted(context.Background(), func(e *StoredEvent) error {
		got = append(got, ev{e.Seq, e.User, e.Name, e.Time, e.Session, slices.Clone(e.Props)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// seq is the order of insertion, 1-based.
	want := []ev{
		{5, 1, 2, -50, 0, nil},
		{3, 1, 1, 200, 0, nil},
		{2, 2, 2, 100, 1, propblob.Append(nil, []propblob.Pair{{Key: 1, Value: 1}})},
		{4, 2, 1, 100, 0, propblob.Append(nil, []propblob.Pair{{Key: 1, Value: 2}})},
		{1, 2, 1, 300, 0, nil},
		{6, 3, 1, 0, 0, nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ScanSorted:\n got %+v\nwant %+v", got, want)
	}

	t.Run("an error from the callback stops the scan", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := st.ScanSorted(context.Background(), func(*StoredEvent) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("got %v after %d events, want the callback's error after 1", err, n)
		}
	})
	t.Run("the summary and counts agree", func(t *testing.T) {
		ctx := context.Background()
		sm, err := st.Summary(ctx)
		if want := (Summary{Events: 6, Users: 3, EventNames: 2, First: -50, Last: 300}); err != nil || sm != want {
			t.Errorf("summary %+v, %v; want %+v", sm, err, want)
		}
		ec, err := st.EventCounts(ctx)
		want := []EventCount{{"view", 4, 3}, {"buy", 2, 2}}
		if err != nil || !reflect.DeepEqual(ec, want) {
			t.Errorf("event counts %+v, %v; want %+v", ec, err, want)
		}
		users, err := st.DictStrings(ctx, DictUsers)
		if err != nil || !reflect.DeepEqual(users, []string{"", "alice", "bob", "carol"}) {
			t.Errorf("users dictionary %q, %v", users, err)
		}
	})
}

func TestImportRecordsStatsAndDedupKeys(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	started := time.Date(2024, 3, 1, 10, 0, 0, 123456789, time.UTC)
	tx, err := st.BeginImport(ctx, ImportMeta{File: "/data/a.csv", Format: "csv", Started: started})
	if err != nil {
		t.Fatal(err)
	}
	if prev, err := tx.PreviousImport(ctx); err != nil || prev != 0 {
		t.Errorf("PreviousImport of the first import: %d, %v; want 0", prev, err)
	}
	finished := started.Add(2 * time.Second)
	stats := ImportStats{Size: 1234, SHA256: "feed", RowsRead: 10, Imported: 6, Duplicates: 2, Rejected: 1, Skipped: 1, Finished: finished}
	if err := tx.AddDict(ctx, sampleDict); err != nil {
		t.Fatal(err)
	}
	if err := tx.InsertEvents(ctx, sampleRows); err != nil {
		t.Fatal(err)
	}
	firstID := tx.ImportID()
	if _, err := tx.RemoveDuplicates(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx, stats); err != nil {
		t.Fatal(err)
	}
	ims, err := st.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Import{ID: firstID, File: "/data/a.csv", Format: "csv", SHA256: "feed", Size: 1234, RowsRead: 10, Imported: 6,
		Duplicates: 2, Rejected: 1, Skipped: 1, Started: started, Finished: finished}
	if len(ims) != 1 || !reflect.DeepEqual(ims[0], want) {
		t.Errorf("imports:\n got %+v\nwant %+v", ims, want)
	}

	tx = openImport(t, st, "b.csv", nil, nil)
	defer tx.Rollback()
	if prev, err := tx.PreviousImport(ctx); err != nil || prev != firstID {
		t.Errorf("PreviousImport: %d, %v; want %d", prev, err, firstID)
	}
	if tx.ImportID() <= firstID {
		t.Errorf("second import id %d not after %d", tx.ImportID(), firstID)
	}
	if keys := importKeys(t, st); !reflect.DeepEqual(keys, [][]int64{{1, 2, 3, 4, 5, 6}}) {
		t.Errorf("recorded dedup keys: %v; want the rows' keys, sorted", keys)
	}
}

func TestRollbackLeavesNothingBehind(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	tx := openImport(t, st, "a.csv", sampleDict, sampleRows)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Errorf("a second Rollback: %v, want nil", err)
	}
	checkEmpty(t, st)

	// The write lock is released: the next import goes through and reuses the ids.
	id := writeImport(t, st, "b.csv", sampleDict, sampleRows)
	if sm, _ := st.Summary(ctx); sm.Events != int64(len(sampleRows)) {
		t.Errorf("after a rollback and a commit: %d events, want %d", sm.Events, len(sampleRows))
	}
	if ims, _ := st.Imports(ctx); len(ims) != 1 || ims[0].ID != id || ims[0].File != "b.csv" {
		t.Errorf("imports %+v, want only b.csv", ims)
	}
}

func TestRollbackAfterCommitChangesNothing(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	tx := openImport(t, st, "a.csv", sampleDict, sampleRows)
	if err := tx.Commit(ctx, ImportStats{Finished: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Errorf("Rollback after Commit: %v, want nil", err)
	}
	if sm, _ := st.Summary(ctx); sm.Events != int64(len(sampleRows)) {
		t.Errorf("%d events after Rollback following Commit, want %d", sm.Events, len(sampleRows))
	}
}

func TestInsertEventsStopsWhenTheContextIsCancelled(t *testing.T) {
	st, _ := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	tx, err := st.BeginImport(ctx, ImportMeta{File: "a.csv", Format: "csv", Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := tx.InsertEvents(ctx, sampleRows); !errors.Is(err, context.Canceled) {
		t.Errorf("InsertEvents after cancel: %v, want context.Canceled", err)
	}
	tx.Rollback()
	checkEmpty(t, st)
}

func TestAddDictRefusesADuplicateString(t *testing.T) {
	st, _ := openTemp(t)
	tx := openImport(t, st, "a.csv", nil, nil)
	defer tx.Rollback()
	err := tx.AddDict(context.Background(), []DictEntry{{DictUsers, 1, "alice"}, {DictUsers, 2, "alice"}})
	if err == nil || !strings.Contains(err.Error(), "users") {
		t.Errorf("AddDict of a string twice: %v, want an error naming the users table", err)
	}
}

func checkEmpty(t *testing.T, st *Store) {
	t.Helper()
	ctx := context.Background()
	if sm, err := st.Summary(ctx); err != nil || sm != (Summary{}) {
		t.Errorf("summary %+v, %v; want an empty store", sm, err)
	}
	if ims, err := st.Imports(ctx); err != nil || len(ims) != 0 {
		t.Errorf("imports %+v, %v; want none", ims, err)
	}
	for k := DictKind(0); k < NumDicts; k++ {
		if d, err := st.DictStrings(ctx, k); err != nil || len(d) != 1 {
			t.Errorf("%s: %q, %v; want it empty", k, d, err)
		}
	}
	var keys int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM import_keys").Scan(&keys); err != nil || keys != 0 {
		t.Errorf("import_keys rows: %d, %v; want 0", keys, err)
	}
	if ok, err := st.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Errorf("integrity_check %q, %v", ok, err)
	}
}

func TestReadOnlyStoreReadsButCannotImport(t *testing.T) {
	st, path := openTemp(t)
	writeImport(t, st, "a.csv", sampleDict, sampleRows)
	st.Close()

	ro, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ctx := context.Background()
	if sm, err := ro.Summary(ctx); err != nil || sm.Events != int64(len(sampleRows)) {
		t.Errorf("read-only summary %+v, %v", sm, err)
	}
	tx, err := ro.BeginImport(ctx, ImportMeta{File: "b.csv", Format: "csv", Started: time.Now()})
	if !errors.Is(err, ErrReadOnly) || tx != nil {
		t.Errorf("BeginImport on a read-only store: %v, %v; want ErrReadOnly", tx, err)
	}
	if _, err := ro.DB().Exec("DELETE FROM events"); err == nil {
		t.Errorf("a write through the read-only handle succeeded")
	}
	if sm, _ := ro.Summary(ctx); sm.Events != int64(len(sampleRows)) {
		t.Errorf("events %d after a refused write, want %d", sm.Events, len(sampleRows))
	}
}

func TestReadOnlyOpenOfAMissingFileFailsWithoutCreatingIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	if _, err := OpenWith(path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("read-only open of a missing file: %v, want an error naming it", err)
	}
	if _, err := Open(filepath.Join(path, "sub", "x.db")); err == nil {
		t.Errorf("open in a missing directory succeeded")
	}
}

// TestImportsWorkOnAFreshGoroutine imports from new goroutines, whose small
// stacks must grow inside SQLite's calls. The raw connection hands SQLite
// the address of out-pointers (the *sqlite3 of open_v2, the statement of
// prepare_v2): if those live on the goroutine stack, a stack move during
// the call leaves SQLite writing to the old copy and the connection nil.
// It runs in a child process because that failure is memory corruption.
func TestImportsWorkOnAFreshGoroutine(t *testing.T) {
	const env = "FUNNELSCOPE_TEST_FRESH_GOROUTINE_CHILD"
	if os.Getenv(env) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportsWorkOnAFreshGoroutine$", "-test.count=1")
		cmd.Env = append(os.Environ(), env+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			t.Fatalf("imports on fresh goroutines failed (%v):\n%s", err, strings.Join(lines[:min(len(lines), 12)], "\n"))
		}
		return
	}
	st, _ := openTemp(t)
	for i := 0; i < 20; i++ {
		done := make(chan error)
		go func() {
			ctx := context.Background()
			tx, err := st.BeginImport(ctx, ImportMeta{File: "x", Format: "csv", Started: time.Now()})
			if err != nil {
				done <- err
				return
			}
			defer tx.Rollback()
			if err := tx.AddDict(ctx, sampleDict); err != nil {
				done <- err
				return
			}
			done <- tx.InsertEvents(ctx, sampleRows)
		}()
		if err := <-done; err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
	}
	checkEmpty(t, st)
}

func TestADictionaryWhoseIdsJumpIsRefusedNotAllocated(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.DB().Exec(`INSERT INTO event_names(id, name) VALUES (1, 'a'), (2, 'b')`); err != nil {
		t.Fatal(err)
	}
	names, err := st.DictStrings(ctx, DictNames)
	if err != nil || len(names) != 3 || names[2] != "b" {
		t.Fatalf("dense ids: %q, %v", names, err)
	}
	if _, err := st.DB().Exec(`INSERT INTO event_names(id, name) VALUES (1099511627776, 'bomb')`); err != nil {
		t.Fatal(err)
	}
	if names, err := st.DictStrings(ctx, DictNames); err == nil {
		t.Fatalf("an id of 2^40 was accepted (%d names)", len(names))
	}
}
