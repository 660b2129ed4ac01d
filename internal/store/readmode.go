package store

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// How a read reaches the file. SQLite reads a WAL-mode database through a
// -wal and a -shm file beside it, creating them when missing; a read-only
// connection cannot remove them again, and cannot create them at all in a
// directory it may not write, so a 0444 database in a 0555 directory could
// not be read. Opened with immutable=1, SQLite reads the main file alone:
// no locks, no -wal, no -shm. That is exact only while no other process
// writes the file, so funnelscope uses it only where it needs to
// (ARCHITECTURE.md, "Which files a command may write").

// walHeaderByte is the offset of the header byte that is 2 in WAL mode.
const walHeaderByte = 18

// inspectImmutably says whether inspecting a file of unknown owner reads
// it immutably: a WAL-mode file whose WAL holds nothing has its whole
// content in the main file, and a normal read would leave a -wal and a
// -shm beside another application's file. A rollback-journal file gets
// nothing created by a read, and a WAL in use must be read to be exact.
func inspectImmutably(header []byte, walInUse bool) bool {
	return len(header) > walHeaderByte && header[walHeaderByte] == 2 && !walInUse
}

// readImmutably says whether a read-only store reads its file immutably:
// when funnelscope may not write the file or its directory (nothing may be
// created there) and no WAL holds changes the main file lacks. A store it
// may write is read normally, so a concurrent import stays visible to it.
func readImmutably(canWrite, walInUse bool) bool {
	return !canWrite && !walInUse
}

// walInUse reports whether path's WAL holds frames: a -wal of zero bytes
// (left by a read-only reader) or none means the main file is complete.
func walInUse(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 0
}

// walHint adds to a failed read of path why it may have failed: SQLite
// reads a WAL that holds changes through a -shm file, which it cannot
// create where this process may not write.
func walHint(path string, err error) error {
	if !walInUse(path) || CanWrite(path) {
		return err
	}
	return fmt.Errorf("%w (its -wal holds changes not yet in the file, and reading them needs a -shm file "+
		"this user may not create: open it once as a user who may write its directory, which folds them in)", err)
}

// CanWrite reports whether this process may write path and create files
// beside it (the -wal and -shm of a normal open).
func CanWrite(path string) bool {
	return writable(path) && writable(filepath.Dir(path))
}

// fileURI names path as a SQLite URI with query q plus the read mode: the
// one place that says how a read-only or immutable open is spelled, for
// the pool's DSN and the raw connections alike.
func fileURI(path string, q url.Values, readOnly, immutable bool) string {
	if readOnly || immutable {
		q.Set("mode", "ro")
	}
	if immutable {
		q.Set("immutable", "1")
	}
	return "file:" + url.PathEscape(path) + "?" + q.Encode()
}
