package snapshot

import (
	"errors"
	"testing"
)

func TestLazyComputesEachKeyOnceAndKeepsItsError(t *testing.T) {
	var z lazy[int, string]
	calls := map[int]int{}
	compute := func(k int) func() (string, error) {
		return func() (string, error) {
			calls[k]++
			if k < 0 {
				return "", errors.New("negative")
			}
			return string(rune('a' + k)), nil
		}
	}
	for range 3 {
		if v, err := z.get(1, compute(1)); v != "b" || err != nil {
			t.Fatalf("get(1) = %q, %v", v, err)
		}
		if _, err := z.get(-1, compute(-1)); err == nil {
			t.Fatal("get(-1) lost its error")
		}
	}
	if calls[1] != 1 || calls[-1] != 1 {
		t.Fatalf("computations per key: %v, want one each", calls)
	}
}

func TestLazyKeyDoesNotWaitForAnotherKeysComputation(t *testing.T) {
	var z lazy[int, int]
	release, started := make(chan struct{}), make(chan struct{})
	done := make(chan int)
	go func() {
		v, _ := z.get(1, func() (int, error) {
			close(started)
			<-release
			return 1, nil
		})
		done <- v
	}()
	<-started
	within(t, "another key", func() {
		if v, _ := z.get(2, func() (int, error) { return 2, nil }); v != 2 {
			t.Errorf("get(2) = %d", v)
		}
	})
	close(release)
	if v := <-done; v != 1 {
		t.Fatalf("the blocked key got %d", v)
	}
}
