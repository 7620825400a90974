package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/cmd/heatconf/internal/schemaview"
	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/diff"
)

// schemaDiffOptions are the inputs of `heatconf schema diff`.
type schemaDiffOptions struct {
	IO       Streams
	From, To string
	Format   string
}

func newSchemaDiffCmd(io Streams, runF func(*schemaDiffOptions) error) *cobra.Command {
	opts := &schemaDiffOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "diff <FROM> <TO> [--format {text|json}]",
		Short: "List what changes in Heat's options between two releases",
		Long: `Diff compares the options two releases register: groups added and removed,
options added, removed and renamed (an option of FROM that TO reads only as a
deprecated name of another), and options whose default, type, choices or range
changed or that became deprecated for removal. Help texts are not compared,
nor keystoneauth plugin options. FROM and TO are release names or
oslo-config-generator YAML files. The exit code is 0 whether or not there are
changes.`,
		Example: `  # what to review in heat.conf before upgrading from Zed to 2025.1
  heatconf schema diff zed 2025.1

  # machine-readable; e.g. the defaults that changed
  heatconf schema diff 2025.1 2026.2 --format json | jq '.default_changed'

  # a patched Heat against the packaged one
  heatconf schema diff 2025.1 ./my-heat-options.yaml`,
		Args: exactArgs(2, "two releases: FROM and TO"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.From, opts.To = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return schemaDiffRun(opts)
		},
	}
	formatFlag(cmd, &opts.Format, schemaDiffFormats.Names())
	return cmd
}

func schemaDiffRun(opts *schemaDiffOptions) error {
	from, err := schemaLoad(opts.From)
	if err != nil {
		return err
	}
	to, err := schemaLoad(opts.To)
	if err != nil {
		return err
	}
	d := diff.Compare(from, to)
	return schemaDiffFormats.Write(opts.IO.Out, opts.Format, schemaDiff{from, to, d})
}

// schemaDiff is a comparison with the registries it compares.
type schemaDiff struct {
	from, to *schema.Registry
	d        *diff.Diff
}

// schemaDiffFormats are the output formats of heatconf schema diff.
var schemaDiffFormats = output.NewFormats(
	output.Format[schemaDiff]{Name: "text", Write: writeSchemaDiff},
	output.Format[schemaDiff]{Name: "json", Write: func(w io.Writer, sd schemaDiff) error { return output.JSON(w, sd.d) }},
)

func writeSchemaDiff(w io.Writer, sd schemaDiff) error {
	from, to, d := sd.from, sd.to, sd.d
	fmt.Fprintf(w, "Heat options from %s to %s\n", from.Title(), to.Title())
	fmt.Fprintln(w, schemaview.DiffSummary(d))
	if d.Empty() {
		fmt.Fprintln(w, "\nno changes")
		return nil
	}
	for _, sec := range schemaview.DiffSections(d) {
		fmt.Fprintf(w, "\n%s (%d)\n", sec.Title, len(sec.Lines))
		for _, l := range sec.Lines {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	return nil
}
