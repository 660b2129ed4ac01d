// Package analysis computes funnels, breakdowns, paths, drivers,
// attribution and trends over a snapshot, exactly as docs/semantics.md
// defines them. Functions are pure: a log and a spec in, a result struct
// out; no I/O, no SQL, no clock.
package analysis
