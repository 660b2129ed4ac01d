package chengine

import (
	"context"
	"fmt"

	"github.com/funnelscope/funnelscope/internal/engine"
)

// An analysis whose results over disjoint users merge exactly (paths)
// runs in passes over ranges of the users, each of about partEvents
// events of the table, so that the snapshot it builds stays bounded
// however large the table. Ranges of the table's sorting key (user,
// time) let each pass read only its own granules.

// partEvents is Engine.partEvents: a snapshot of 1 M events takes about
// 100 MB.
const partEvents = 1 << 20

// samplePerPass is how many sampled users, per pass, place the ranges'
// bounds: enough that the passes come out of even size.
const samplePerPass = 256

// inPasses streams sel once per range of users (userBounds) and asks f
// of the local engine over each, in order.
func inPasses[R any](ctx context.Context, e *Engine, sel selection, f func(*engine.Local) (R, error)) ([]R, error) {
	bounds, err := e.userBounds(ctx)
	if err != nil {
		return nil, err
	}
	var out []R
	for i := 0; i <= len(bounds); i++ {
		sel.userLo, sel.userHi = "", ""
		if i > 0 {
			sel.userLo = bounds[i-1]
		}
		if i < len(bounds) {
			sel.userHi = bounds[i]
		}
		r, err := compute(ctx, e, sel, f)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// userBounds cuts the users into ranges of about e.partEvents events:
// the ascending bounds between them (none for a single pass), placed at
// even steps of a sample of the events' users, so that a range holds
// about as many events as the others. Any bounds give exact results;
// the sample only evens the passes out.
func (e *Engine) userBounds(ctx context.Context) ([]string, error) {
	n := e.cat.summary.Events
	if e.partEvents <= 0 || n <= e.partEvents {
		return nil, nil
	}
	passes := (n + e.partEvents - 1) / e.partEvents
	every := max(1, n/(passes*samplePerPass))
	sql := fmt.Sprintf("SELECT user FROM events WHERE cityHash64(seq) %% %d = 0 ORDER BY user FORMAT RowBinary", every)
	var users []string
	err := rows(ctx, e.q, sql, func(r *rowReader) error {
		u, err := r.string()
		users = append(users, u)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sample the users: %w", err)
	}
	var bounds []string
	for i := 1; i < passes && len(users) > 0; i++ {
		b := users[i*len(users)/passes]
		if b != "" && (len(bounds) == 0 || b > bounds[len(bounds)-1]) {
			bounds = append(bounds, b)
		}
	}
	return bounds, nil
}
