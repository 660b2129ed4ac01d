package analysis

import (
	"runtime"
	"sync"

	"github.com/funnelscope/funnelscope/internal/snapshot"
)

// Every analysis is one pass over the users, which scanUsers spreads over
// the cores. An analysis reads as: compile the spec against the log; scan
// a range of users into a part (its counts); merge the parts; finish the
// result from the merged counts.

// userParts is how many goroutines share a pass over users: one per core,
// but few enough that small logs stay on one.
func userParts(users int) int { return min(runtime.GOMAXPROCS(0), max(1, users/2048)) }

// scanUsers splits the users of l into userParts contiguous ranges, calls
// scan on each range on its own goroutine, then merges every other part
// into the first, in user order, and returns it. A fixed split and merge
// order keep results (float sums included) the same from run to run.
//
// scan gets a range rather than one user because its loop over users is
// the hot one: a call per user costs Micro a fifth of its time.
//
// A panic in scan is recovered on its own goroutine and returned, once
// every part has ended, as a *PanicError: nothing above could recover it
// there, and it would end the process, with it every session of a server.
func scanUsers[P any](l *snapshot.Log, scan func(lo, hi int) P, merge func(total, part P)) (P, error) {
	n := l.NumUsers()
	parts := make([]P, userParts(n))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			defer Catch(&errs[p])
			fireInjectedPanic(l)
			parts[p] = scan(p*n/len(parts), (p+1)*n/len(parts))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			var zero P
			return zero, err
		}
	}
	for _, p := range parts[1:] {
		merge(parts[0], p)
	}
	return parts[0], nil
}
