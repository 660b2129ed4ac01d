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

// RenameView gives the view of kind called from the name to; a view
// called to already (of any kind: names are unique) is an error, not
// replaced.
func (s *Store) RenameView(ctx context.Context, kind, from, to string) error {
	if s.readOnly {
		return ErrReadOnly
	}
	if to == "" {
		return fmt.Errorf("rename view %q: a new name is needed", from)
	}
	var taken int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM saved_views WHERE name = ?`, to).Scan(&taken); err != nil {
		return fmt.Errorf("rename view %q: %w", from, err)
	}
	if taken > 0 && to != from {
		return fmt.Errorf("rename view %q: %q exists already", from, to)
	}
	return s.changeView(ctx, "rename", from, `UPDATE saved_views SET name = ? WHERE kind = ? AND name = ?`, to, kind, from)
}

// DeleteView removes the view of kind called name.
func (s *Store) DeleteView(ctx context.Context, kind, name string) error {
	if s.readOnly {
		return ErrReadOnly
	}
	return s.changeView(ctx, "delete", name, `DELETE FROM saved_views WHERE kind = ? AND name = ?`, kind, name)
}

// changeView runs the statement that renames or deletes the view called
// name: one that matches no view says so.
func (s *Store) changeView(ctx context.Context, verb, name, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s view %q: %w", verb, name, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("%s view %q: no such view", verb, name)
	}
	return nil
}
