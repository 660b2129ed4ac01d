package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ExplorerState returns the explorer state document kept for user
// (internal/explorerstate encodes it, and reaches it as its Table); ok is
// false when there is none, including in a database from before the
// table (opened read-only, it was never migrated).
func (s *Store) ExplorerState(ctx context.Context, user string) (doc []byte, ok bool, err error) {
	var text string
	err = s.db.QueryRowContext(ctx, `SELECT state FROM explorer_state WHERE user_name = ?`, user).Scan(&text)
	switch {
	case errors.Is(err, sql.ErrNoRows), err != nil && strings.Contains(err.Error(), "no such table"):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("read the explorer state: %w", err)
	}
	return []byte(text), true, nil
}

// SaveExplorerState keeps doc as the explorer state of user, replacing the
// previous one, in one statement (its own short transaction: an import's
// long one is never held up for more than that).
func (s *Store) SaveExplorerState(ctx context.Context, user string, doc []byte) error {
	if s.readOnly {
		return ErrReadOnly
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO explorer_state(user_name, state, updated_at) VALUES (?, ?, ?)
		ON CONFLICT(user_name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		user, string(doc), time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("write the explorer state: %w", err)
	}
	return nil
}
