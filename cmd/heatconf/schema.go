package main

import (
	"errors"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// schemaRunners lets tests capture the options of each subcommand.
type schemaRunners struct {
	list func(*schemaListOptions) error
	show func(*schemaShowOptions) error
	diff func(*schemaDiffOptions) error
	dump func(*schemaDumpOptions) error
}

func newSchemaCmd(io Streams) *cobra.Command { return newSchemaCmdWith(io, schemaRunners{}) }

func newSchemaCmdWith(io Streams, run schemaRunners) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema <command>",
		Short: "Show the Heat options of each release: list, show, diff, dump",
		Long: `Schema shows what heatconf knows about Heat's configuration options: every
option of every supported release, generated from the real Heat that Debian
packages (oslo-config-generator, oslo.config's types, keystoneauth's auth
plugins), embedded in heatconf.

Releases are named by series, code name or Heat version (2025.1, epoxy, 24,
24.0.0; a point release such as 24.1.1 by its Heat version; a version between
known ones, such as 24.0.5, uses the newest data at or below it); the default
is ` + releases.Default + `. Where a release is expected, a file written by
'oslo-config-generator --format yaml' may be given instead.`,
		Example: `  heatconf schema list
  heatconf schema show DEFAULT.auth_encryption_key
  heatconf schema show --release zed keystone_authtoken
  heatconf schema diff zed 2025.1
  heatconf schema dump --release 2025.1 --format yaml > heat-2025.1.yaml`,
		Args: exactArgs(0, "a subcommand (list, show, diff, dump)"),
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	cmd.AddCommand(
		newSchemaListCmd(io, run.list),
		newSchemaShowCmd(io, run.show),
		newSchemaDiffCmd(io, run.diff),
		newSchemaDumpCmd(io, run.dump),
	)
	return cmd
}

// schemaLoad returns the registry a release name or an
// oslo-config-generator YAML file names (see schema.Load).
func schemaLoad(spec string) (*schema.Registry, error) {
	reg, err := schema.Load(spec)
	switch {
	case errors.Is(err, releases.ErrUnknown), errors.Is(err, releases.ErrNoData):
		return nil, usageErrorf("%v", err)
	case err != nil:
		return nil, fatal(err)
	}
	return reg, nil
}

// schemaTable is a tabwriter whose lines lose their trailing spaces.
type schemaTable struct {
	*tabwriter.Writer
	buf *strings.Builder
	out io.Writer
}

func newSchemaTable(w io.Writer, pad int) *schemaTable {
	b := &strings.Builder{}
	return &schemaTable{tabwriter.NewWriter(b, 0, 0, pad, ' ', 0), b, w}
}

func (t *schemaTable) Flush() error {
	if err := t.Writer.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(t.buf.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(strings.TrimSuffix(l, "\n"), " ")
		if strings.HasSuffix(l, "\n") {
			lines[i] += "\n"
		}
	}
	t.buf.Reset()
	_, err := io.WriteString(t.out, strings.Join(lines, ""))
	return err
}
