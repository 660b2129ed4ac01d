package main

import (
	"errors"
	"fmt"
	"testing"
)

func TestMainStaysQuietOnlyForABareExitCode(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"a bare exit code: the command said it all", exitCode(1), true},
		{"an exit code joined with a close failure", errors.Join(exitCode(1), errors.New("close x.db: disk I/O error")), false},
		{"any other error", fmt.Errorf("open x.db: %w", errors.New("no such file")), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := saidAlready(tc.err); got != tc.want {
				t.Errorf("saidAlready(%q) = %t, want %t", tc.err, got, tc.want)
			}
		})
	}
}
