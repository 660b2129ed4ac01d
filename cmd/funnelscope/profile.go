package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile to $FUNNELSCOPE_CPUPROFILE when set: a
// developer's aid for measuring imports and analyses on real files.
func startProfile() (stop func()) {
	path := os.Getenv("FUNNELSCOPE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	pprof.StartCPUProfile(f)
	return func() { pprof.StopCPUProfile(); f.Close() }
}
