package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DefaultPath is the database used when neither --db nor FUNNELSCOPE_DB say otherwise.
const DefaultPath = "funnelscope.db"

// EnvDB names the environment variable that overrides DefaultPath.
const EnvDB = "FUNNELSCOPE_DB"

// Store is an open funnelscope database.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool
	// immutable: reads skip SQLite's locks and side files (readmode.go).
	immutable bool
	// cacheWritable: a read-only store whose snapshot cache may still be
	// refreshed (SaveSnapshotCacheStream), as the file is funnelscope's, at the
	// current schema, and this process may write it and its directory.
	cacheWritable bool
}

// Options tune how a database is opened.
type Options struct {
	// ReadOnly opens without write access: no migration, no marker, and
	// nothing created beside the file where it or its directory is read-only.
	ReadOnly bool
}

// Open opens (creating if needed) the database at path, migrates it and
// stamps it with ApplicationID. A file that is not a funnelscope database
// is refused with a *NotFunnelscopeError and left untouched.
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith opens the database at path with opts. Either way the file must
// be missing (writable only), empty, or a funnelscope database: stamped
// with ApplicationID, or holding funnelscope's schema from before the
// stamp existed.
func OpenWith(path string, opts Options) (*Store, error) {
	kind, err := inspect(path)
	if err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		return openRead(path, kind)
	}
	if kind == kindMissing {
		if err := create(path); err != nil {
			return nil, err
		}
	}
	s, err := connect(path, dsn(path, false, false))
	if err != nil {
		return nil, err
	}
	// On failure the handle is closed unchecked: the migration error says
	// what went wrong, and a failed migration rolled back.
	if err := s.migrate(context.Background()); err != nil {
		_ = s.db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// openRead opens a funnelscope database of kind read-only, immutably when
// readImmutably says so.
func openRead(path string, kind fileKind) (*Store, error) {
	switch kind {
	case kindMissing:
		return nil, fmt.Errorf("open %s: %w", path, os.ErrNotExist)
	case kindEmpty:
		return nil, fmt.Errorf("open %s: %w", path, ErrEmpty)
	}
	writable := CanWrite(path)
	immutable := readImmutably(writable, walInUse(path))
	s, err := connect(path, dsn(path, true, immutable))
	if err != nil {
		return nil, err
	}
	s.readOnly, s.immutable = true, immutable
	v, err := s.SchemaVersion(context.Background())
	if err != nil {
		_ = s.db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.cacheWritable = writable && !immutable && v == currentSchema()
	return s, nil
}

// connect opens the pool on dsn and checks that it can reach the file.
func connect(path, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	if err := db.Ping(); err != nil {
		_ = db.Close() // the ping error is the one to report
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// dsn builds the connection string. Pragmas go here rather than in Exec
// because they are per connection and database/sql pools connections.
func dsn(path string, readOnly, immutable bool) string {
	q := url.Values{}
	for _, p := range []string{
		"busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)",
		"cache_size(-32768)", "temp_store(MEMORY)",
	} {
		q.Add("_pragma", p)
	}
	if !readOnly && !immutable {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return fileURI(path, q, readOnly, immutable)
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Remove deletes the database at path with its WAL and shared-memory
// files, as a half-built database is cleared before it is built again.
// Missing files are no error.
func Remove(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the handle for tests inside this module that need raw checks.
func (s *Store) DB() *sql.DB { return s.db }

// SchemaVersion reports the migration level of the file.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// IntegrityCheck runs PRAGMA integrity_check and returns its first line ("ok" when sound).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var r string
	err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&r)
	return r, err
}

type migration struct {
	version int
	name    string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		ms = append(ms, migration{v, e.Name()})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies, in order and each in its own transaction, every embedded
// migration newer than the file's user_version. Migrations only go forward.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	cur, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if latest := ms[len(ms)-1].version; cur > latest {
		return fmt.Errorf("database schema version %d is newer than this funnelscope understands (%d): upgrade funnelscope", cur, latest)
	}
	for _, m := range ms {
		if m.version <= cur {
			continue
		}
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return s.stamp(ctx)
}

// stamp marks the file as funnelscope's with ApplicationID, so that from
// now on it is recognised by the marker rather than by its tables. Every
// writable open calls it: a database from before the marker gets it the
// first time funnelscope opens it to write.
func (s *Store) stamp(ctx context.Context) error {
	var id int64
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return fmt.Errorf("read application_id: %w", err)
	}
	if id == ApplicationID {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return fmt.Errorf("stamp application_id: %w", err)
	}
	return nil
}

// currentSchema is the version of the newest embedded migration; 0 when
// they cannot be listed, a build mistake TestMigrationsAreNumberedAndStartAtOne catches.
func currentSchema() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

func (s *Store) apply(ctx context.Context, m migration) error {
	body, err := migrationFS.ReadFile("migrations/" + m.name)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}

// ErrReadOnly is returned by writes on a store opened read-only.
var ErrReadOnly = errors.New("database is open read-only")
