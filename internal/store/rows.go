package store

import (
	"context"
	"database/sql"
	"fmt"
)

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// eachRow runs query on db and hands every row to scan, stopping at the
// first error; what names the read in the errors ("imports: …"). It is
// the one place that closes the rows and checks rows.Err.
func eachRow(ctx context.Context, db querier, what, query string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// allRows is eachRow collecting one T per row: scan fills it.
func allRows[T any](ctx context.Context, db querier, what, query string, scan func(*sql.Rows, *T) error, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, db, what, query, func(rows *sql.Rows) error {
		var v T
		if err := scan(rows, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}
