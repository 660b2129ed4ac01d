package explorerstate

import (
	"context"
	"os"
	"os/user"
)

// User names the local user whose state a session reads and writes: the
// OS user name, else $USER, else "".
func User() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

// Table is where the state's documents are kept per user: the
// explorer_state table of a *store.Store. An interface, so that the UI
// may hold a State without importing the store.
type Table interface {
	// ExplorerState returns user's document; ok is false when there is none.
	ExplorerState(ctx context.Context, user string) (doc []byte, ok bool, err error)
	// SaveExplorerState replaces user's document.
	SaveExplorerState(ctx context.Context, user string, doc []byte) error
}

// Load reads the state of user from t; ok is false when there is none.
func Load(ctx context.Context, t Table, user string) (s State, ok bool, err error) {
	doc, ok, err := t.ExplorerState(ctx, user)
	if !ok || err != nil {
		return State{}, false, err
	}
	s, err = Unmarshal(doc)
	return s, err == nil, err
}

// Save writes the state of user into t, replacing the previous one.
func Save(ctx context.Context, t Table, user string, s State) error {
	data, err := Marshal(s)
	if err != nil {
		return err
	}
	return t.SaveExplorerState(ctx, user, data)
}
