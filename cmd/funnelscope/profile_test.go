package main

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
)

func TestStartProfileWritesTheProfileOrSaysWhyNot(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name     string
		path     string // $FUNNELSCOPE_CPUPROFILE
		busy     bool   // another CPU profile is running already
		wantFile bool
		wantMsg  string // "" for silence
	}{
		{"unset: no profile, no message", "", false, false, ""},
		{"a writable path gets the profile", filepath.Join(dir, "cpu.out"), false, true, ""},
		{"a path in a missing directory is reported", filepath.Join(dir, "missing", "cpu.out"), false, false, "no CPU profile"},
		{"a profiler already running is reported", filepath.Join(dir, "busy.out"), true, false, "no CPU profile"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("FUNNELSCOPE_CPUPROFILE", tc.path)
			if tc.busy {
				if err := pprof.StartCPUProfile(new(strings.Builder)); err != nil {
					t.Fatal(err)
				}
				defer pprof.StopCPUProfile()
			}
			var msg strings.Builder
			startProfile(&msg)()
			if got := msg.String(); tc.wantMsg == "" && got != "" || !strings.Contains(got, tc.wantMsg) {
				t.Errorf("message %q, want %q", got, tc.wantMsg)
			}
			fi, err := os.Stat(tc.path)
			if got := err == nil && fi.Size() > 0; got != tc.wantFile {
				t.Errorf("profile written: %t (%v), want %t", got, err, tc.wantFile)
			}
		})
	}
}
