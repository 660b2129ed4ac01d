package main

import (
	"runtime/debug"
	"slices"
	"testing"
)

func TestVersionNamesTheReleaseElseTheCommitItWasBuiltFrom(t *testing.T) {
	checkout := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "8cdfdae1b2c3d4e5f60718293a4b5c6d7e8f9012"},
		{Key: "vcs.time", Value: "2026-10-01T12:00:00Z"},
		{Key: "vcs.modified", Value: "false"},
	}
	modified := slices.Concat(checkout[:3], []debug.BuildSetting{{Key: "vcs.modified", Value: "true"}})
	tests := []struct {
		name, module string
		settings     []debug.BuildSetting
		want         string
	}{
		{"go install of a release", "v1.2.0", nil, "v1.2.0"},
		{"a clean checkout of a tag", "v1.2.0", checkout, "v1.2.0"},
		{"a tagged checkout with changes", "v1.2.0+dirty", modified, "devel 8cdfdae1b2c3 2026-10-01T12:00:00Z (modified)"},
		{"an untagged checkout (Go's pseudo-version)", "v0.0.0-20261001120000-8cdfdae1b2c3", checkout,
			"devel 8cdfdae1b2c3 2026-10-01T12:00:00Z"},
		{"a checkout built without a module version", "(devel)", modified, "devel 8cdfdae1b2c3 2026-10-01T12:00:00Z (modified)"},
		{"go install of a commit", "v0.0.0-20261001120000-8cdfdae1b2c3", nil, "v0.0.0-20261001120000-8cdfdae1b2c3"},
		{"no version and no commit", "(devel)", nil, "devel"},
	}
	for _, tt := range tests {
		if got := versionOf(tt.module, tt.settings); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
