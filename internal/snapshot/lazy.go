package snapshot

import "sync"

// lazy computes one value per key at most once, on first use. Its mutex is
// held only to find or create a key's cell, never while computing, so a
// slow computation (a property column over millions of events) blocks the
// callers of that key alone.
type lazy[K comparable, V any] struct {
	mu    sync.Mutex
	cells map[K]func() (V, error)
}

// get returns the value of k, calling compute the first time k is asked
// for; concurrent callers of the same key wait for that one call.
func (z *lazy[K, V]) get(k K, compute func() (V, error)) (V, error) {
	z.mu.Lock()
	cell, ok := z.cells[k]
	if !ok {
		if z.cells == nil {
			z.cells = map[K]func() (V, error){}
		}
		cell = sync.OnceValues(compute)
		z.cells[k] = cell
	}
	z.mu.Unlock()
	return cell()
}
