package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/cmd/heatconf/internal/schemaview"
	"github.com/heatconf/heatconf/internal/output"
)

// schemaListOptions are the inputs of `heatconf schema list`.
type schemaListOptions struct {
	IO     Streams
	Format string
}

func newSchemaListCmd(io Streams, runF func(*schemaListOptions) error) *cobra.Command {
	opts := &schemaListOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "list [--format {text|json}]",
		Short: "List the releases heatconf knows, with their Heat versions and option counts",
		Long: `List shows each release heatconf has option data for: its number and codename,
the Heat version and where the data was read from (upstream Heat's source at
the tag with its libraries at upper-constraints, or a distribution's packages:
the variants, named RELEASE-debian), and how many groups, options and
keystoneauth auth plugins it has. The default release is marked with *.`,
		Example: `  heatconf schema list
  heatconf schema list --format json | jq -r '.[].release'`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return schemaListRun(opts)
		},
	}
	formatFlag(cmd, &opts.Format, schemaListFormats.Names())
	return cmd
}

func schemaListRun(opts *schemaListOptions) error {
	rows, err := schemaview.ReleaseInfos()
	if err != nil {
		return fatal(err)
	}
	return schemaListFormats.Write(opts.IO.Out, opts.Format, rows)
}

// schemaListFormats are the output formats of heatconf schema list.
var schemaListFormats = output.NewFormats(
	output.Format[[]schemaview.ReleaseInfo]{Name: "text", Write: writeReleaseTable},
	output.Format[[]schemaview.ReleaseInfo]{Name: "json", Write: func(w io.Writer, rows []schemaview.ReleaseInfo) error { return output.JSON(w, rows) }},
)

func writeReleaseTable(w io.Writer, rows []schemaview.ReleaseInfo) error {
	tw := newSchemaTable(w, 2)
	fmt.Fprintln(tw, "RELEASE\tCODENAME\tHEAT\tPOINT\tSOURCE\tGROUPS\tOPTIONS\tAUTH PLUGINS")
	points := false
	for _, r := range rows {
		mark, point := "", "-"
		if r.Default {
			mark = " *"
		}
		if r.Point {
			point, points = "yes", true
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", r.Release, mark, r.Codename, r.HeatVersion, point, r.Source, r.Groups, r.Options, r.AuthPlugins)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n* default release. Options: those the groups register (keystoneauth plugin options not counted).\n")
	if points {
		fmt.Fprintf(w, "A series means its first data; name a point release (POINT yes) by its Heat version.\n")
	}
	for _, r := range rows {
		if r.Variant != "" {
			fmt.Fprintf(w, "A release means upstream Heat; RELEASE-%s is the %s packages' data, with their patches.\n", r.Variant, r.Variant)
			break
		}
	}
	return nil
}
