package explorerstate

import (
	"context"
	"os"
	"os/user"

	"github.com/funnelscope/funnelscope/internal/store"
)

// User names the local user whose state a session reads and writes: the
// OS user name, else $USER, else "".
func User() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

// Load reads the state of user from st; ok is false when there is none
// (store.Store.ExplorerState).
func Load(ctx context.Context, st *store.Store, user string) (s State, ok bool, err error) {
	doc, ok, err := st.ExplorerState(ctx, user)
	if !ok || err != nil {
		return State{}, false, err
	}
	s, err = Unmarshal(doc)
	return s, err == nil, err
}

// Save writes the state of user into st, replacing the previous one.
func Save(ctx context.Context, st *store.Store, user string, s State) error {
	data, err := Marshal(s)
	if err != nil {
		return err
	}
	return st.SaveExplorerState(ctx, user, data)
}
