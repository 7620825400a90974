package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/schema"
)

// Release builds set these with
//
//	-ldflags "-X main.version=v1.2.3 -X main.commit=FULL_OR_SHORT_HASH"
//
// Left empty, they come from the binary's build information.
var (
	version = ""
	commit  = ""
)

// buildVersion is what `heatconf version` says about the binary itself:
// "v1.2.3", or "(devel) (commit 0123456789ab+dirty, 2026-11-25T10:00:00Z)".
// The version is the -X main.version value, else the module version that
// `go install …@v1.2.3` records, else "(devel)". The commit is the -X
// main.commit value, else the VCS revision that `go build` in a git work
// tree records (12 hex digits, "+dirty" with uncommitted changes), followed
// by the commit's time. bi may be nil (no build information).
func buildVersion(bi *debug.BuildInfo, version, commit string) string {
	var rev, when string
	var dirty bool
	if bi != nil {
		if version == "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
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
	if version == "" {
		version = "(devel)"
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

// shortCommit shortens a full commit hash to its first 12 hex digits, as
// Go's pseudo-versions do; anything else is kept as it is.
func shortCommit(c string) string {
	if len(c) == 40 && strings.Trim(c, "0123456789abcdef") == "" {
		return c[:12]
	}
	return c
}

func newVersionCmd(io Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print heatconf's version and the releases it knows",
		Long: `Version prints heatconf's version (the release's, or the module version that
'go install' recorded, else "(devel)"), the commit it was built from when
known, then the Heat releases whose option data it carries.`,
		Example: "  heatconf version",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(*cobra.Command, []string) error {
			bi, _ := debug.ReadBuildInfo()
			fmt.Fprintf(io.Out, "heatconf %s\n", buildVersion(bi, version, commit))
			fmt.Fprintf(io.Out, "default release: %s\n", schema.DefaultRelease)
			for _, r := range schema.Releases() {
				fmt.Fprintf(io.Out, "release %s (%s): Heat %s from %s\n", r.Name, r.Codename, r.HeatVersion, r.Source)
			}
			return nil
		},
	}
}
