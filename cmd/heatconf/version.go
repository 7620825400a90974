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

// heatconfVersion is heatconf's version as `heatconf version` and --version print
// it: the -X main.version value, else what the build information records.
func heatconfVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return buildinfo.Describe(bi, version, commit)
}

// reportVersion is heatconf's version alone, for the tool of SARIF and
// JSON reports: "v1.2.3", or "(devel)".
func reportVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return buildinfo.Version(bi, version)
}

// addVersionFlag gives the root command --version, which prints the first
// line of `heatconf version` (no -v: that is lint's --verbose).
func addVersionFlag(root *cobra.Command) {
	root.Version = heatconfVersion()
	root.Flags().Bool("version", false, "print heatconf's version")
	root.SetVersionTemplate("heatconf {{.Version}}\n")
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
			fmt.Fprintf(io.Out, "heatconf %s\n", heatconfVersion())
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
