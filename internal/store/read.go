package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Summary is the store at a glance.
type Summary struct {
	Events, Users, EventNames int64
	First, Last               int64 // µs; both 0 when the store is empty
}

// Summary counts events, users and names and finds the time range.
func (s *Store) Summary(ctx context.Context) (Summary, error) {
	var sm Summary
	var first, last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), MIN(time_us), MAX(time_us) FROM events`).
		Scan(&sm.Events, &first, &last)
	if err != nil {
		return sm, fmt.Errorf("summary: %w", err)
	}
	sm.First, sm.Last = first.Int64, last.Int64
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM event_names)`).
		Scan(&sm.Users, &sm.EventNames)
	if err != nil {
		return sm, fmt.Errorf("summary: %w", err)
	}
	return sm, nil
}

// EventCount is how often one event name occurs and for how many users.
type EventCount struct {
	Name         string
	Count, Users int64
}

// EventCounts lists every event name, most frequent first.
func (s *Store) EventCounts(ctx context.Context) ([]EventCount, error) {
	return allRows(ctx, s.db, "event counts", `SELECT n.name, c.cnt, c.users FROM
		(SELECT name_id, COUNT(*) AS cnt, COUNT(DISTINCT user_id) AS users FROM events GROUP BY name_id) c
		JOIN event_names n ON n.id = c.name_id ORDER BY c.cnt DESC, n.name`,
		func(rows *sql.Rows, e *EventCount) error { return rows.Scan(&e.Name, &e.Count, &e.Users) })
}

// Import is one recorded import.
type Import struct {
	ID                                                int64
	File, Format, SHA256                              string
	Size                                              int64
	RowsRead, Imported, Duplicates, Rejected, Skipped int64
	Started, Finished                                 time.Time
}

// Imports lists the recorded imports, oldest first.
func (s *Store) Imports(ctx context.Context) ([]Import, error) {
	return allRows(ctx, s.db, "imports", `SELECT id, file, format, sha256, size, rows_read, imported,
		duplicates, rejected, skipped, started_at, COALESCE(finished_at, '') FROM imports ORDER BY id`,
		func(rows *sql.Rows, im *Import) error {
			var started, finished string
			if err := rows.Scan(&im.ID, &im.File, &im.Format, &im.SHA256, &im.Size, &im.RowsRead, &im.Imported,
				&im.Duplicates, &im.Rejected, &im.Skipped, &started, &finished); err != nil {
				return err
			}
			im.Started, _ = time.Parse(time.RFC3339Nano, started)
			im.Finished, _ = time.Parse(time.RFC3339Nano, finished)
			return nil
		})
}

// StoredEvent is one event as the sorted reader yields it. Props aliases a
// buffer that is reused: copy it to keep it past the callback.
type StoredEvent struct {
	Seq, User, Name, Time, Session int64
	Props                          []byte
}

// ScanSorted streams every event ordered by (user id, time, seq): the order
// of the in-memory snapshot.
func (s *Store) ScanSorted(ctx context.Context, fn func(*StoredEvent) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, user_id, name_id, time_us, COALESCE(session_id, 0), props
		FROM events ORDER BY user_id, time_us, seq`)
	if err != nil {
		return fmt.Errorf("scan events: %w", err)
	}
	defer rows.Close()
	var ev StoredEvent
	for rows.Next() {
		if err := rows.Scan(&ev.Seq, &ev.User, &ev.Name, &ev.Time, &ev.Session, &ev.Props); err != nil {
			return fmt.Errorf("scan events: %w", err)
		}
		if err := fn(&ev); err != nil {
			return err
		}
	}
	return rows.Err()
}
