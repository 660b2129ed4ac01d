//go:build race

package ingest_test

// raceOn: the race detector is on. Heap measurements then run ten times
// slower and carry the detector's own allocations; the memory tests skip.
const raceOn = true
