package main

import (
	"context"
	"fmt"

	"github.com/funnelscope/funnelscope/internal/explorerstate"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/ui/app"
)

// startState is the view the explorer opens on: the state kept in st for
// this user, with the view flags given on top (they win).
func startState(ctx context.Context, st *store.Store, v *viewFlags) (explorerstate.State, error) {
	s, _, err := explorerstate.Load(ctx, st, explorerstate.User())
	if err != nil {
		// A state that cannot be read is the explorer's loss, not the
		// user's: open as if there were none.
		s = explorerstate.State{}
	}
	if err := v.apply(&s); err != nil {
		return s, err
	}
	return s, nil
}

// stateKeeper is where the explorer keeps its state: the database at path
// when this user may write it and its directory, else nowhere (the state
// lives in memory): a read-only file or directory is never written to.
func stateKeeper(path string) app.StateStore {
	if !store.CanWrite(path) {
		return nil
	}
	return stateOnDemand{path: path, user: explorerstate.User()}
}

// stateOnDemand writes the state through a writable open of the database,
// closed again at once: the explorer reads through a read-only one.
type stateOnDemand struct{ path, user string }

// SaveState implements app.StateStore.
func (s stateOnDemand) SaveState(ctx context.Context, state explorerstate.State) (err error) {
	st, err := openStore(s.path, store.Options{})
	if err != nil {
		return fmt.Errorf("keep the view: %w", err)
	}
	defer closeStore(st, &err)
	return explorerstate.Save(ctx, st, s.user, state)
}

// viewOptions completes o with the view to open on (the state kept in st,
// under the flags of v), where to keep it, and whether to start on a
// suggested funnel: only when neither names one.
func viewOptions(ctx context.Context, st *store.Store, v *viewFlags, o *app.Options) error {
	s, err := startState(ctx, st, v)
	if err != nil {
		return err
	}
	o.State, o.StateStore = s, stateKeeper(st.Path())
	o.Suggest = len(s.Funnel.Steps) == 0
	return nil
}
