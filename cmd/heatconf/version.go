package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/schema"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func newVersionCmd(io Streams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print heatconf's version and the releases it knows",
		Example: "  heatconf version",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(*cobra.Command, []string) error {
			v := version
			if v == "" {
				v = "(devel)"
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
					v = bi.Main.Version
				}
			}
			fmt.Fprintf(io.Out, "heatconf %s\n", v)
			fmt.Fprintf(io.Out, "default release: %s\n", schema.DefaultRelease)
			for _, r := range schema.Releases() {
				fmt.Fprintf(io.Out, "release %s (%s): Heat %s from Debian %s\n", r.Name, r.Codename, r.HeatVersion, r.DebianSuite)
			}
			return nil
		},
	}
}
