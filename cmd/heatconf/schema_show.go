package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/cmd/heatconf/internal/schemaview"
	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// schemaShowOptions are the inputs of `heatconf schema show`.
type schemaShowOptions struct {
	IO       Streams
	Release  string // release name or option data file
	Target   string // GROUP or GROUP.OPTION
	AuthType string
	Format   string
}

func newSchemaShowCmd(io Streams, runF func(*schemaShowOptions) error) *cobra.Command {
	opts := &schemaShowOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "show [--release R] <GROUP[.OPTION]>",
		Short: "Show one option, or the options of a group",
		Long: `Show prints what a release knows about one option: its type, default, range,
choices, deprecated names, deprecation, the releases that have it (and since
when, or where it was removed) and the first sentence of its help. A group
shows its options in a table; a group that loads a keystoneauth auth plugin
also lists the plugin's options (--auth-type picks the plugin).

Write the option as GROUP.OPTION, "GROUP OPTION" or "[GROUP] OPTION". Group
names follow oslo.config: DEFAULT exactly, others in any case.`,
		Example: `  heatconf schema show DEFAULT.auth_encryption_key
  heatconf schema show oslo_policy.enforce_scope --release zed
  heatconf schema show keystone_authtoken.auth_uri --release 2026.2   # removed: says since when
  heatconf schema show trustee --auth-type v3applicationcredential
  heatconf schema show database --format json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageErrorf("%s needs a group or GROUP.OPTION (got %d arguments)\nRun '%s --help' for usage.", c.CommandPath(), len(args), c.CommandPath())
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Target = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			return schemaShowRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Release, "release", "r", releases.Default, "`RELEASE` (series, code name or Heat version) or an oslo-config-generator YAML file")
	f.StringVar(&opts.AuthType, "auth-type", "", "keystoneauth plugin `TYPE` whose options a plugin group shows (default: the group's usual one)")
	formatFlag(cmd, &opts.Format, []string{"text", "json"})
	return cmd
}

func schemaShowRun(opts *schemaShowOptions) error {
	reg, err := schemaLoad(opts.Release)
	if err != nil {
		return err
	}
	group, option := schemaview.ParseRef(reg, opts.Target, opts.AuthType)
	if option == "" {
		return schemaShowGroup(opts, reg, group)
	}
	return schemaShowOption(opts, reg, group, option)
}

func schemaShowGroup(opts *schemaShowOptions, reg *schema.Registry, name string) error {
	v, err := schemaview.Group(reg, name, opts.AuthType)
	if err != nil {
		return usageErrorf("%v", err)
	}
	out := opts.IO.Out
	if v.Removed != nil {
		fmt.Fprintf(out, "[%s] is not a group of %s\n", v.Group, reg.Title())
		return schemaDetails(out, schemaview.RemovalDetails(*v.Removed))
	}
	if opts.Format == "json" {
		return output.JSON(out, v)
	}
	fmt.Fprintf(out, "[%s] in %s: %d options\n", v.Group, reg.Title(), len(v.Options))
	if v.Pattern != "" {
		fmt.Fprintf(out, "a group named at run time (%s, one per value of [%s] %s)\n", v.Pattern, strings.Split(v.NamedBy, "/")[0], schemaLastPart(v.NamedBy))
	}
	fmt.Fprintln(out)
	schemaOptionTable(out, v.Options)
	if v.PluginOptions != nil {
		fmt.Fprintf(out, "\nkeystoneauth loads an auth plugin from [%s]: auth_type = %s adds %d options\n(other plugins: --auth-type; known: %d)\n\n", v.Group, v.AuthType, len(v.PluginOptions), v.KnownAuthTypes)
		schemaOptionTable(out, v.PluginOptions)
	}
	return nil
}

func schemaLastPart(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func schemaOptionTable(w io.Writer, opts []*schema.Option) {
	tw := newSchemaTable(w, 2)
	fmt.Fprintln(tw, "OPTION\tTYPE\tDEFAULT\tNOTES")
	for _, o := range opts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Name, schemaview.TypeLabel(o), schemaview.ShortDefault(o), strings.Join(schemaview.Notes(o), ", "))
	}
	tw.Flush()
}

// schemaDetails prints facts as "  label: value" rows, values aligned.
func schemaDetails(w io.Writer, details []schemaview.Detail) error {
	tw := newSchemaTable(w, 1)
	for _, d := range details {
		fmt.Fprintf(tw, "  %s:\t%s\n", d.Label, strings.ReplaceAll(d.Value, "\n", "\n\t"))
	}
	return tw.Flush()
}

func schemaShowOption(opts *schemaShowOptions, reg *schema.Registry, group, key string) error {
	v, err := schemaview.Option(reg, group, key, opts.AuthType)
	if err != nil {
		return usageErrorf("%v", err)
	}
	out := opts.IO.Out
	if opts.Format == "json" {
		return output.JSON(out, v)
	}
	if v.Removed != nil {
		fmt.Fprintf(out, "[%s] %s is not an option of %s\n", v.Group, v.Name, reg.Title())
		return schemaDetails(out, append(schemaview.RemovalDetails(*v.Removed), schemaview.Detail{Label: "releases", Value: v.Releases.String()}))
	}
	fmt.Fprintf(out, "%s in %s\n", v.Option, reg.Title())
	if v.Via != "" && v.Via != "plugin" {
		fmt.Fprintf(out, "  (you asked for [%s] %s: %s of this option)\n", conf.NormalizeGroup(group), key, strings.ReplaceAll(v.Via, "-", " "))
	}
	return schemaDetails(out, schemaview.OptionDetails(v.Option))
}
