package snapshot

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestSameSessionAgreesWithTheSessionsColumnForEveryPairOfEvents(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 7))
	for trial := range 200 {
		var b Builder
		users := []string{""}
		for u := 1; u <= 5; u++ {
			users = append(users, fmt.Sprintf("u%d", u))
			for range r.IntN(10) {
				b.Add(int32(u), 1, int64(r.IntN(100)), int32(r.IntN(3)), nil) // ids 1, 2 or none
			}
		}
		l := b.Build(users, []string{"", "x"}, []string{""}, []string{""})
		gap := int64(1 + r.IntN(30))
		sess := l.Sessions(gap)
		for u := 0; u < l.NumUsers(); u++ {
			for a := int(l.Offsets[u]); a < int(l.Offsets[u+1]); a++ {
				for c := a; c < int(l.Offsets[u+1]); c++ {
					if got, want := l.SameSession(a, c, gap), sess[a] == sess[c]; got != want {
						t.Fatalf("trial %d, gap %d, events %d and %d: same %v, the column says %v", trial, gap, a, c, got, want)
					}
				}
			}
		}
	}
}
