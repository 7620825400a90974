package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/dump"
	"github.com/heatconf/heatconf/schema/releases"
)

// schemaDumpOptions are the inputs of `heatconf schema dump`.
type schemaDumpOptions struct {
	IO            Streams
	Release       string
	Format        string
	GeneratorOnly bool
}

func newSchemaDumpCmd(io Streams, runF func(*schemaDumpOptions) error) *cobra.Command {
	opts := &schemaDumpOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "dump [--release R] [--format {yaml|json}]",
		Short: "Write a release's option data (oslo-config-generator YAML or JSON)",
		Long: `Dump writes the option data of a release to standard output.

--format yaml (the default) is oslo-config-generator's machine-readable format
('oslo-config-generator --format yaml'): oslo-config-validator --opt-data reads
it, and 'heatconf lint --schema FILE.yaml' too. It has every option the
generator lists for that Heat, with its type, default, choices, range and
deprecations (help texts cut to their first sentence), and also the options the
generator misses: those Heat registers at run time and the options of the auth
plugin each keystoneauth group loads by default — so the validator reports no
false errors, and none on what 'heatconf render' writes for the same release.
A series means its first Heat version (2025.1 is 24.0.0, without the
[ec2authtoken] credentials 24.1.1 reads): dump a point release by its Heat
version (--release 24.1.1). --generator-only writes only the options the
generator lists (with the defaults Heat reads, and where Heat reads them).

--format json is heatconf's own view: every group's registered options, the
groups Heat names at run time, and the options of every keystoneauth auth
plugin.`,
		Example: `  heatconf schema dump --release 2025.1 > heat-2025.1.yaml
  oslo-config-validator --opt-data heat-2025.1.yaml --input-file /etc/heat/heat.conf
  heatconf schema dump --release zed --format json | jq '.groups[].name'`,
		Args: exactArgs(0, "no arguments (the release is --release)"),
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return schemaDumpRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Release, "release", "r", releases.Default, "`RELEASE` (series, code name or Heat version) or an oslo-config-generator YAML file")
	formatFlag(cmd, &opts.Format, schemaDumpFormats.Names())
	cmd.Flags().BoolVar(&opts.GeneratorOnly, "generator-only", false, "yaml: only the options oslo-config-generator lists")
	return cmd
}

func schemaDumpRun(opts *schemaDumpOptions) error {
	reg, err := schemaLoad(opts.Release)
	if err != nil {
		return err
	}
	if err := schemaDumpFormats.Write(opts.IO.Out, opts.Format, schemaDumped{reg, opts.GeneratorOnly}); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		return fatal(err)
	}
	return nil
}

// schemaDumped is what schema dump writes: a registry, and whether the
// YAML has only what oslo-config-generator would list.
type schemaDumped struct {
	reg           *schema.Registry
	generatorOnly bool
}

// schemaDumpFormats are the output formats of heatconf schema dump.
var schemaDumpFormats = output.NewFormats(
	output.Format[schemaDumped]{Name: "yaml", Write: func(w io.Writer, d schemaDumped) error {
		if d.generatorOnly {
			return dump.WriteGeneratorYAML(w, d.reg)
		}
		return dump.WriteValidatorYAML(w, d.reg)
	}},
	output.Format[schemaDumped]{Name: "json", Write: func(w io.Writer, d schemaDumped) error { return dump.WriteJSON(w, d.reg) }},
)
