// Package buildinfo describes the heatconf binary: its version and the
// commit it was built from, from the -X flags of a release build or the
// build information Go records.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Describe is what `heatconf version` says about the binary itself:
// "v1.2.3", or "(devel) (commit 0123456789ab+dirty, 2026-11-25T10:00:00Z)".
// The version is the -X main.version value, else the module version that
// `go install …@v1.2.3` records, else "(devel)". The commit is the -X
// main.commit value, else the VCS revision that `go build` in a git work
// tree records (12 hex digits, "+dirty" with uncommitted changes), followed
// by the commit's time. bi may be nil (no build information).
func Describe(bi *debug.BuildInfo, version, commit string) string {
	var rev, when string
	var dirty bool
	version = Version(bi, version)
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	switch {
	case commit == "" && rev != "":
		commit = shortCommit(rev)
		if dirty {
			commit += "+dirty"
		}
	case commit != "":
		commit = shortCommit(commit)
	}
	var about []string
	if commit != "" {
		about = append(about, "commit "+commit)
	}
	if when != "" {
		about = append(about, when)
	}
	if len(about) == 0 {
		return version
	}
	return version + " (" + strings.Join(about, ", ") + ")"
}

// Version is the version alone, as reports name their tool (SARIF's
// driver.version, JSON's tool.version): the -X main.version value, else the
// module version `go install …@v1.2.3` records, else "(devel)".
func Version(bi *debug.BuildInfo, version string) string {
	if version == "" && bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		version = bi.Main.Version
	}
	if version == "" {
		version = "(devel)"
	}
	return version
}

// shortCommit shortens a full commit hash to its first 12 hex digits, as
// Go's pseudo-versions do; anything else is kept as it is.
func shortCommit(c string) string {
	if len(c) == 40 && strings.Trim(c, "0123456789abcdef") == "" {
		return c[:12]
	}
	return c
}
