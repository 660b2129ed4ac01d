package main_test

import (
	"regexp"
	"testing"
)

func TestVersionPrintsTheReleaseOrTheCommit(t *testing.T) {
	r := run(t, command(t, nil, "--version"))
	// The test binary is built from this checkout: a commit (when the
	// build could read git) or plain devel, never an empty version.
	want := regexp.MustCompile(`^funnelscope version (v\S+|devel( [0-9a-f]{12} \S+( \(modified\))?)?)\n$`)
	if r.code != 0 || !want.MatchString(r.stdout) {
		t.Errorf("--version: want %s, got\n%s", want, r)
	}
}
