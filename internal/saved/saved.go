// Package saved keeps named funnels in a store's saved_views table, in the
// versioned format that internal/spec owns. It is the only code that joins
// the two, so the UI sees funnels and names, never rows or bytes.
package saved

import (
	"context"
	"errors"
	"fmt"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
)

// kind is the saved_views kind of a funnel.
const kind = "funnel"

// ErrSavingOff is what a session sees when it tries to save on a server
// started without --allow-save.
var ErrSavingOff = errors.New("saving is off on this server (its operator can turn it on with --allow-save)")

// Funnels keeps the named funnels of one store.
type Funnels struct {
	st       *store.Store
	readOnly bool
}

// New returns the saved funnels of st, which may save.
func New(st *store.Store) *Funnels { return &Funnels{st: st} }

// ReadOnly returns the saved funnels of st for listing and opening only:
// Save answers ErrSavingOff, so SSH sessions open funnels saved locally
// without writing anything.
func ReadOnly(st *store.Store) *Funnels { return &Funnels{st: st, readOnly: true} }

// Save stores f as name, replacing a funnel of that name.
func (s *Funnels) Save(ctx context.Context, name string, f spec.Funnel) error {
	if s.readOnly {
		return ErrSavingOff
	}
	data, err := spec.MarshalSavedFunnel(f)
	if err != nil {
		return fmt.Errorf("save funnel %q: %w", name, err)
	}
	return s.st.SaveView(ctx, store.SavedView{Name: name, Kind: kind, Spec: data})
}

// List names the saved funnels, most recently saved first.
func (s *Funnels) List(ctx context.Context) ([]spec.SavedEntry, error) {
	vs, err := s.st.Views(ctx, kind)
	if err != nil {
		return nil, err
	}
	out := make([]spec.SavedEntry, len(vs))
	for i, v := range vs {
		out[i] = spec.SavedEntry{Name: v.Name, Updated: v.Updated}
	}
	return out, nil
}

// Load reads the funnel saved as name.
func (s *Funnels) Load(ctx context.Context, name string) (spec.Funnel, error) {
	vs, err := s.st.Views(ctx, kind)
	if err != nil {
		return spec.Funnel{}, err
	}
	for _, v := range vs {
		if v.Name == name {
			f, err := spec.ParseSavedFunnel(v.Spec)
			if err != nil {
				return spec.Funnel{}, fmt.Errorf("saved funnel %q: %w", name, err)
			}
			return f, nil
		}
	}
	return spec.Funnel{}, fmt.Errorf("no saved funnel %q", name)
}

// Rename gives the funnel saved as from the name to; a funnel already
// called to is not replaced.
func (s *Funnels) Rename(ctx context.Context, from, to string) error {
	if s.readOnly {
		return ErrSavingOff
	}
	return s.st.RenameView(ctx, kind, from, to)
}

// Delete removes the funnel saved as name.
func (s *Funnels) Delete(ctx context.Context, name string) error {
	if s.readOnly {
		return ErrSavingOff
	}
	return s.st.DeleteView(ctx, kind, name)
}
