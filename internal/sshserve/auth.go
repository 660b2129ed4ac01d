package sshserve

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// authorizedKeys is an OpenSSH authorized_keys file, parsed again whenever
// its size or modification time changes, so adding a teammate
// needs no restart.
type authorizedKeys struct {
	path   string
	logger *slog.Logger

	mu    sync.Mutex
	stamp fileStamp
	keys  map[string]bool // marshalled public keys
}

type fileStamp struct {
	size    int64
	modTime time.Time
}

func newAuthorizedKeys(path string, logger *slog.Logger) (*authorizedKeys, error) {
	a := &authorizedKeys{path: path, logger: logger}
	if err := a.reload(); err != nil {
		return nil, err
	}
	return a, nil
}

// count is the number of keys loaded now.
func (a *authorizedKeys) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.keys)
}

// allows reports whether key is listed; a file that cannot be read keeps
// the last good list rather than locking everyone out or letting anyone in.
func (a *authorizedKeys) allows(key gossh.PublicKey) bool {
	if err := a.reload(); err != nil {
		a.logger.Warn("authorized keys not reloaded, keeping the previous list", "err", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.keys[string(key.Marshal())]
}

func (a *authorizedKeys) reload() error {
	fi, err := os.Stat(a.path)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	st := fileStamp{size: fi.Size(), modTime: fi.ModTime()}
	a.mu.Lock()
	same := a.keys != nil && a.stamp.size == st.size && a.stamp.modTime.Equal(st.modTime)
	a.mu.Unlock()
	if same {
		return nil
	}
	data, err := os.ReadFile(a.path)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	keys := parseAuthorizedKeys(data, func(line int, err error) {
		a.logger.Warn("authorized keys: line skipped", "file", a.path, "line", line, "err", err)
	})
	a.mu.Lock()
	a.stamp, a.keys = st, keys
	a.mu.Unlock()
	a.logger.Info("authorized keys loaded", "file", a.path, "keys", len(keys))
	return nil
}

// parseAuthorizedKeys skips (and reports) lines it cannot read: one bad
// line must not lock out everyone else.
func parseAuthorizedKeys(data []byte, bad func(line int, err error)) map[string]bool {
	keys := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			bad(n, err)
			continue
		}
		keys[string(k.Marshal())] = true
	}
	return keys
}
