package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/schema"
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
			if err := schemaCheckFormat(opts.Format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return schemaShowRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Release, "release", "r", schema.DefaultRelease, "`RELEASE` (number or codename) or an oslo-config-generator YAML file")
	f.StringVar(&opts.AuthType, "auth-type", "", "keystoneauth plugin `TYPE` whose options a plugin group shows (default: the group's usual one)")
	f.StringVar(&opts.Format, "format", "text", "output `FORMAT`: text or json")
	return cmd
}

func schemaShowRun(opts *schemaShowOptions) error {
	reg, err := schemaLoad(opts.Release)
	if err != nil {
		return err
	}
	group, option := schema.ParseRef(reg, opts.Target)
	if option == "" {
		return schemaShowGroup(opts, reg, group)
	}
	return schemaShowOption(opts, reg, group, option)
}

func schemaShowGroup(opts *schemaShowOptions, reg *schema.Registry, name string) error {
	canon, ok := reg.Group(name)
	if !ok {
		if rm, removed := reg.RemovedGroup(name); removed {
			fmt.Fprintf(opts.IO.Out, "[%s] is not a group of %s\n", canon, reg.Title())
			return schemaDetails(opts.IO.Out, rm.Details())
		}
		return usageErrorf("%s", reg.Missing(name, "", ""))
	}
	opt := reg.Options(canon)
	var plugin []*schema.Option
	authType := opts.AuthType
	if reg.LoadsPlugin(canon) {
		if authType == "" {
			authType = reg.DefaultAuthType(canon)
		}
		var ok bool
		if plugin, ok = reg.PluginOptions(canon, authType); !ok {
			return usageErrorf("--auth-type %q: not a keystoneauth plugin heatconf knows (known: %s)", authType, strings.Join(reg.AuthTypes(), ", "))
		}
	} else if opts.AuthType != "" {
		return usageErrorf("--auth-type: [%s] loads no keystoneauth plugin in %s", canon, reg.Title())
	}
	if opts.Format == "json" {
		type jsonGroup struct {
			Release       string           `json:"release"`
			Group         string           `json:"group"`
			Options       []*schema.Option `json:"options"`
			AuthType      string           `json:"auth_type,omitempty"`
			PluginOptions []*schema.Option `json:"plugin_options,omitempty"`
		}
		return schemaWriteJSON(opts.IO.Out, jsonGroup{reg.Name(), canon, opt, authType, plugin})
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "[%s] in %s: %d options\n", canon, reg.Title(), len(opt))
	if pattern, namedBy, dyn := reg.DynamicGroupOf(canon); dyn {
		fmt.Fprintf(out, "a group named at run time (%s, one per value of [%s] %s)\n", pattern, strings.Split(namedBy, "/")[0], schemaLastPart(namedBy))
	}
	fmt.Fprintln(out)
	schemaOptionTable(out, opt)
	if plugin != nil {
		fmt.Fprintf(out, "\nkeystoneauth loads an auth plugin from [%s]: auth_type = %s adds %d options\n(other plugins: --auth-type; known: %d)\n\n", canon, authType, len(plugin), len(reg.AuthTypes()))
		schemaOptionTable(out, plugin)
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Name, o.TypeLabel(), o.ShortDefault(), strings.Join(o.Notes(), ", "))
	}
	tw.Flush()
}

// schemaDetails prints facts as "  label: value" rows, values aligned.
func schemaDetails(w io.Writer, details []schema.Detail) error {
	tw := newSchemaTable(w, 1)
	for _, d := range details {
		fmt.Fprintf(tw, "  %s:\t%s\n", d.Label, strings.ReplaceAll(d.Value, "\n", "\n\t"))
	}
	return tw.Flush()
}

func schemaShowOption(opts *schemaShowOptions, reg *schema.Registry, group, key string) error {
	canon := schema.NormalizeGroup(group)
	m, ok := reg.Lookup(group, key, opts.AuthType)
	if !ok {
		if rm, removed := reg.Removed(canon, key); removed {
			return schemaShowRemoved(opts, reg, canon, key, rm)
		}
		return usageErrorf("%s", reg.Missing(group, key, opts.AuthType))
	}
	o := m.Option
	if opts.Format == "json" {
		type jsonOption struct {
			Release  string          `json:"release"`
			Via      string          `json:"via,omitempty"`
			Option   *schema.Option  `json:"option"`
			Releases schema.Lifespan `json:"releases"`
		}
		return schemaWriteJSON(opts.IO.Out, jsonOption{reg.Name(), m.Via, o, schema.Presence(o.Group, o.Name)})
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "%s in %s\n", o, reg.Title())
	if m.Via != "" && m.Via != "plugin" {
		fmt.Fprintf(out, "  (you asked for [%s] %s: %s of this option)\n", canon, key, strings.ReplaceAll(m.Via, "-", " "))
	}
	return schemaDetails(out, o.Details())
}

// schemaShowRemoved tells what became of an option the release no longer has.
func schemaShowRemoved(opts *schemaShowOptions, reg *schema.Registry, group, key string, rm schema.Removal) error {
	if opts.Format == "json" {
		type jsonRemoved struct {
			Release  string          `json:"release"`
			Group    string          `json:"group"`
			Name     string          `json:"name"`
			Removed  schema.Removal  `json:"removed"`
			Releases schema.Lifespan `json:"releases"`
		}
		return schemaWriteJSON(opts.IO.Out, jsonRemoved{reg.Name(), group, key, rm, schema.Presence(group, key)})
	}
	fmt.Fprintf(opts.IO.Out, "[%s] %s is not an option of %s\n", group, key, reg.Title())
	return schemaDetails(opts.IO.Out, append(rm.Details(), schema.Detail{Label: "releases", Value: schema.Presence(group, key).String()}))
}
