package main

import (
	"os"
	"runtime/debug"
)

// importMemoryLimit is the Go heap's soft limit during a local import
// unless GOMEMLIMIT says otherwise. What an import keeps live is bounded
// (ARCHITECTURE.md, "Data flow"), 60-85 MB whatever the file, but between
// collections the heap grows to twice that, so the peak followed the small
// growth that remains (a Bloom filter, the property values) at double
// weight; the limit makes the collector start earlier instead.
const importMemoryLimit = 120 << 20

// limitImportMemory sets importMemoryLimit, leaving a limit the user gave
// with GOMEMLIMIT alone.
func limitImportMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importMemoryLimit)
	}
}
