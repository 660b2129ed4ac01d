package explorerstate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"
)

// User names the local user whose state a session reads and writes: the
// OS user name, else $USER, else "".
func User() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

// Load reads the state of user from db; ok is false when there is none,
// including in a database from before the state's table (opened
// read-only, it was never migrated).
func Load(ctx context.Context, db *sql.DB, user string) (s State, ok bool, err error) {
	var text string
	err = db.QueryRowContext(ctx, `SELECT state FROM explorer_state WHERE user_name = ?`, user).Scan(&text)
	switch {
	case errors.Is(err, sql.ErrNoRows), err != nil && strings.Contains(err.Error(), "no such table"):
		return State{}, false, nil
	case err != nil:
		return State{}, false, fmt.Errorf("read the explorer state: %w", err)
	}
	s, err = Unmarshal([]byte(text))
	return s, err == nil, err
}

// Save writes the state of user into db, replacing the previous one, in
// one statement (its own short transaction: an import's long one is
// never held up for more than that).
func Save(ctx context.Context, db *sql.DB, user string, s State) error {
	data, err := Marshal(s)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `INSERT INTO explorer_state(user_name, state, updated_at) VALUES (?, ?, ?)
		ON CONFLICT(user_name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		user, string(data), time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("write the explorer state: %w", err)
	}
	return nil
}
