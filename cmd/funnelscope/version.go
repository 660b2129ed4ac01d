package main

import (
	"regexp"
	"runtime/debug"
)

// version is what --version prints, read from the build info.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(bi.Main.Version, bi.Settings)
}

// pseudoVersion matches the end of a Go pseudo-version, the time and
// commit (v0.0.0-20260102150405-abcdef123456, v1.2.1-0.2026...): a
// commit, not a release.
var pseudoVersion = regexp.MustCompile(`[-.]\d{14}-[0-9a-f]{12}(\+|$)`)

// versionOf is the release a binary was built from (go install ...@v1.2.0,
// or a clean checkout of a tag); for any other checkout "devel" and the
// commit, its time and whether the tree had changes; else whatever the
// module version says.
func versionOf(module string, settings []debug.BuildSetting) string {
	vcs := map[string]string{}
	for _, s := range settings {
		vcs[s.Key] = s.Value
	}
	devel := module == "" || module == "(devel)"
	release := !devel && !pseudoVersion.MatchString(module) && vcs["vcs.modified"] != "true"
	rev := vcs["vcs.revision"]
	switch {
	case release || (rev == "" && !devel):
		return module
	case rev == "":
		return "devel"
	}
	v := "devel " + rev[:min(12, len(rev))]
	if t := vcs["vcs.time"]; t != "" {
		v += " " + t
	}
	if vcs["vcs.modified"] == "true" {
		v += " (modified)"
	}
	return v
}
