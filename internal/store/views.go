package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SavedView is an analysis saved by name: kind says which analysis
// ("funnel", ...) and Spec is its specification as the caller encoded it.
type SavedView struct {
	Name, Kind string
	Spec       []byte
	Updated    time.Time
}

// SaveView stores (or replaces) the view called name.
func (s *Store) SaveView(ctx context.Context, v SavedView) error {
	if s.readOnly {
		return ErrReadOnly
	}
	if v.Name == "" {
		return fmt.Errorf("save view: a name is needed")
	}
	now := time.Now().UTC().Format(time.RFC3339)
	_, err := s.db.ExecContext(ctx, `INSERT INTO saved_views(name, kind, spec, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, spec = excluded.spec, updated_at = excluded.updated_at`,
		v.Name, v.Kind, string(v.Spec), now, now)
	if err != nil {
		return fmt.Errorf("save view %q: %w", v.Name, err)
	}
	return nil
}

// Views lists the saved views of kind (every kind when empty), most
// recently saved first.
func (s *Store) Views(ctx context.Context, kind string) ([]SavedView, error) {
	return allRows(ctx, s.db, "list saved views", `SELECT name, kind, spec, updated_at FROM saved_views
		WHERE ? = '' OR kind = ? ORDER BY updated_at DESC, name`, func(rows *sql.Rows, v *SavedView) error {
		var spec, updated string
		if err := rows.Scan(&v.Name, &v.Kind, &spec, &updated); err != nil {
			return err
		}
		v.Spec = []byte(spec)
		v.Updated, _ = time.Parse(time.RFC3339, updated)
		return nil
	}, kind, kind)
}
