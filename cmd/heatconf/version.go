package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/buildinfo"
	"github.com/heatconf/heatconf/schema/releases"
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
			fmt.Fprintf(io.Out, "heatconf %s\n", buildinfo.Describe(bi, version, commit))
			fmt.Fprintf(io.Out, "default release: %s\n", releases.Default)
			for _, r := range releases.All() {
				name := r.Name
				if r.Variant != "" {
					name += "-" + r.Variant
				}
				fmt.Fprintf(io.Out, "release %s (%s): Heat %s from %s\n", name, r.Codename, r.HeatVersion, r.Source)
			}
			return nil
		},
	}
}
