package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// ApplicationID is the PRAGMA application_id that marks a SQLite file as a
// funnelscope database ("FUNL"). Every writable open stamps it; a file
// that carries another application's id is never changed.
const ApplicationID = 0x46554E4C

// ErrEmpty is returned by a read-only open of a file that holds no
// database yet (zero bytes, or SQLite with no schema): there is nothing to
// read, and only a writable open may set it up.
var ErrEmpty = errors.New("the database is empty")

// NotFunnelscopeError is returned by Open and OpenWith for a file that is
// not a funnelscope database. The file is left exactly as it was: not
// migrated, not stamped, no journal or shared-memory file created.
type NotFunnelscopeError struct {
	Path string
	Why  string // what the file is instead: "it has tables a, b"
}

func (e *NotFunnelscopeError) Error() string {
	return fmt.Sprintf("%s is not a funnelscope database (%s): funnelscope will not change it", e.Path, e.Why)
}

// legacyTables are the tables of migration 0001: every funnelscope
// database made before the marker existed has them, a user_version of 1
// or more, and an application_id of 0.
var legacyTables = []string{"event_names", "events", "import_keys", "imports", "prop_keys", "prop_values",
	"saved_views", "sessions", "users"}

// fileKind is what inspect found at a path.
type fileKind int

const (
	kindMissing fileKind = iota // no file: a writable open creates it
	kindEmpty                   // zero bytes or no schema: ours to set up
	kindMarked                  // carries ApplicationID
	kindLegacy                  // funnelscope's schema, no marker yet: stamped on the next write
)

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// inspect finds out, without writing anything, whether path is a
// funnelscope database; a file that is not one is a *NotFunnelscopeError.
func inspect(path string) (fileKind, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return kindMissing, nil
	case err != nil:
		return 0, fmt.Errorf("open %s: %w", path, err)
	case fi.IsDir():
		return 0, &NotFunnelscopeError{path, "it is a directory"}
	case fi.Size() == 0:
		return kindEmpty, nil
	}
	header, err := readHeader(path)
	if err != nil {
		return 0, err
	}
	if !bytes.HasPrefix(header, sqliteMagic) {
		return 0, &NotFunnelscopeError{path, "it is not a SQLite file"}
	}
	// The header's own copy of application_id may be stale while a WAL
	// holds page 1, so the schema is read through SQLite.
	sch, err := readSchema(path, inspectImmutably(header, walInUse(path)))
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, walHint(path, err))
	}
	return sch.kind(path)
}

// readHeader reads the first 100 bytes of path (fewer when it is shorter).
func readHeader(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer func() { _ = f.Close() }() // read only: closing loses nothing
	h := make([]byte, 100)
	n, err := io.ReadFull(f, h)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return h[:n], nil
}

// schema is what inspect reads of a SQLite file.
type schema struct {
	appID, userVersion int64
	tables             []string // sorted
	objects            int      // every entry of sqlite_master: tables, indexes, views, triggers
}

// kind classifies the file whose schema this is.
func (s schema) kind(path string) (fileKind, error) {
	switch {
	case s.appID == ApplicationID:
		return kindMarked, nil
	case s.appID != 0:
		return 0, &NotFunnelscopeError{path, fmt.Sprintf("it carries application_id 0x%08X", s.appID)}
	case s.objects == 0 && s.userVersion == 0:
		return kindEmpty, nil
	case s.userVersion > 0 && containsAll(s.tables, legacyTables):
		return kindLegacy, nil
	case len(s.tables) == 0:
		return 0, &NotFunnelscopeError{path, fmt.Sprintf("it has no tables and user_version %d", s.userVersion)}
	}
	return 0, &NotFunnelscopeError{path, "it has tables " + listNames(s.tables, 6)}
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// listNames joins names, cut after n with how many more there are.
func listNames(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// readSchema reads the marker, the schema version and the table names of
// path through a read-only connection that creates no file beside it when
// immutable.
func readSchema(path string, immutable bool) (schema, error) {
	var s schema
	db, err := sql.Open("sqlite", dsn(path, true, immutable))
	if err != nil {
		return s, err
	}
	defer func() { _ = db.Close() }() // read only: closing loses nothing
	ctx := context.Background()
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&s.appID); err != nil {
		return s, notADatabase(err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&s.userVersion); err != nil {
		return s, err
	}
	err = eachRow(ctx, db, "schema", "SELECT type, name FROM sqlite_master ORDER BY name", func(rows *sql.Rows) error {
		var typ, name string
		if err := rows.Scan(&typ, &name); err != nil {
			return err
		}
		s.objects++
		if typ == "table" {
			s.tables = append(s.tables, name)
		}
		return nil
	})
	return s, err
}

// notADatabase words SQLite's "file is not a database" (a file with the
// magic but a damaged header) as the refusal it is.
func notADatabase(err error) error {
	if strings.Contains(err.Error(), "file is not a database") {
		return fmt.Errorf("it is not a readable SQLite database: %w", err)
	}
	return err
}
