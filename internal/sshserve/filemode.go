package sshserve

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// checkKeysFile refuses an authorized_keys file that someone else could
// change, as sshd's StrictModes does: whoever can write it, or replace it
// in its directory, can let themselves in.
func checkKeysFile(path string, fi fs.FileInfo) error {
	if runtime.GOOS == "windows" { // no Unix modes to check
		return nil
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s is writable by group or others (mode %04o): run chmod go-w %s", path, fi.Mode().Perm(), path)
	}
	if uid, ok := fileOwner(fi); ok && uid != 0 && uid != os.Getuid() {
		return fmt.Errorf("%s belongs to uid %d, neither the user running the server nor root: run chown %d %s",
			path, uid, os.Getuid(), path)
	}
	dir := filepath.Dir(path)
	di, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("authorized keys directory: %w", err)
	}
	// A sticky directory (/tmp) lets nobody else rename or delete the file.
	if di.Mode().Perm()&0o022 != 0 && di.Mode()&fs.ModeSticky == 0 {
		return fmt.Errorf("%s is in %s, which group or others can write (mode %04o), so anyone could replace it: run chmod go-w %s",
			path, dir, di.Mode().Perm(), dir)
	}
	return nil
}

// checkHostKeyFile refuses a host key that others can read, as sshd does
// for every private key: whoever reads it can pose as this server.
func checkHostKeyFile(path string, fi fs.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("group or others can read or write it (mode %04o): run chmod 600 %s", fi.Mode().Perm(), path)
	}
	return nil
}
