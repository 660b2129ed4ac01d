package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile to $FUNNELSCOPE_CPUPROFILE when set: a
// developer's aid for measuring imports and analyses on real files. The
// command runs either way; a profile that cannot be written is said on w,
// since whoever asked for it would otherwise measure nothing unawares.
func startProfile(w io.Writer) (stop func()) {
	path := os.Getenv("FUNNELSCOPE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(w, "funnelscope: no CPU profile:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close() // empty, and removed next
		os.Remove(path)
		fmt.Fprintf(w, "funnelscope: no CPU profile: %s: %v\n", path, err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(w, "funnelscope: CPU profile %s: %v\n", path, err)
		}
	}
}
