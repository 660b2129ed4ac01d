package sshserve

import (
	"context"
	"errors"

	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/ui/common"
)

// ErrSavingOff is what a session sees when it tries to save a funnel on a
// server started without --allow-save.
var ErrSavingOff = errors.New("saving is off on this server (its operator can turn it on with --allow-save)")

// ReadOnlyViews lists the saved funnels of st but refuses to save, so SSH
// sessions can open funnels saved locally without writing anything.
func ReadOnlyViews(st *store.Store) common.ViewStore { return readOnlyViews{st} }

type readOnlyViews struct{ st *store.Store }

func (v readOnlyViews) SaveView(context.Context, store.SavedView) error { return ErrSavingOff }

func (v readOnlyViews) Views(ctx context.Context, kind string) ([]store.SavedView, error) {
	return v.st.Views(ctx, kind)
}

// SavingViews hands sessions a writable store narrowed to saved funnels:
// nothing else of st (imports, events, the snapshot cache) is reachable.
func SavingViews(st *store.Store) common.ViewStore { return savingViews{st} }

type savingViews struct{ st *store.Store }

func (v savingViews) SaveView(ctx context.Context, sv store.SavedView) error {
	return v.st.SaveView(ctx, sv)
}

func (v savingViews) Views(ctx context.Context, kind string) ([]store.SavedView, error) {
	return v.st.Views(ctx, kind)
}
