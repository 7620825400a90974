package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/schema"
)

// schemaListOptions are the inputs of `heatconf schema list`.
type schemaListOptions struct {
	IO     Streams
	Format string
}

// schemaShowOptions are the inputs of `heatconf schema show`.
type schemaShowOptions struct {
	IO       Streams
	Release  string // release name or option data file
	Target   string // GROUP or GROUP.OPTION
	AuthType string
	Format   string
}

// schemaDiffOptions are the inputs of `heatconf schema diff`.
type schemaDiffOptions struct {
	IO       Streams
	From, To string
	Format   string
}

// schemaDumpOptions are the inputs of `heatconf schema dump`.
type schemaDumpOptions struct {
	IO            Streams
	Release       string
	Format        string
	GeneratorOnly bool
}

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

Releases are named by number or codename (2025.1, epoxy, zed, 2022.2); the
default is ` + schema.DefaultRelease + `. Where a release is expected, a file written by
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

func schemaCheckFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usageErrorf("--format %q is not one of %s", format, strings.Join(allowed, ", "))
}

func newSchemaListCmd(io Streams, runF func(*schemaListOptions) error) *cobra.Command {
	opts := &schemaListOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "list [--format {text|json}]",
		Short: "List the releases heatconf knows, with their Heat versions and option counts",
		Long: `List shows each release heatconf has option data for: its number and codename,
the Heat version and Debian suite the data was generated from, and how many
groups, options and keystoneauth auth plugins it has. The default release is
marked with *.`,
		Example: `  heatconf schema list
  heatconf schema list --format json | jq -r '.[].release'`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := schemaCheckFormat(opts.Format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return schemaListRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output `FORMAT`: text or json")
	return cmd
}

type schemaReleaseRow struct {
	Release     string `json:"release"`
	Codename    string `json:"codename"`
	HeatVersion string `json:"heat_version"`
	DebianSuite string `json:"debian_suite"`
	Groups      int    `json:"groups"`
	Options     int    `json:"options"`
	AuthPlugins int    `json:"auth_plugins"`
	Default     bool   `json:"default"`
}

func schemaListRun(opts *schemaListOptions) error {
	var rows []schemaReleaseRow
	for _, rel := range schema.Releases() {
		reg, err := schema.Embedded(rel.Name)
		if err != nil {
			return fatal(err)
		}
		n := 0
		for _, g := range reg.Groups() {
			n += len(reg.Options(g))
		}
		rows = append(rows, schemaReleaseRow{
			Release: rel.Name, Codename: rel.Codename, HeatVersion: reg.HeatVersion(), DebianSuite: rel.DebianSuite,
			Groups: len(reg.Groups()), Options: n, AuthPlugins: len(reg.AuthTypes()), Default: rel.Name == schema.DefaultRelease,
		})
	}
	if opts.Format == "json" {
		return schemaWriteJSON(opts.IO.Out, rows)
	}
	tw := newSchemaTable(opts.IO.Out, 2)
	fmt.Fprintln(tw, "RELEASE\tCODENAME\tHEAT\tDEBIAN\tGROUPS\tOPTIONS\tAUTH PLUGINS")
	for _, r := range rows {
		mark := ""
		if r.Default {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%d\t%d\t%d\n", r.Release, mark, r.Codename, r.HeatVersion, r.DebianSuite, r.Groups, r.Options, r.AuthPlugins)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "\n* default release. Options: those the groups register (keystoneauth plugin options not counted).\n")
	return nil
}

func schemaWriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// schemaLoad returns the registry of a release, or of an
// oslo-config-generator YAML file when spec names one.
func schemaLoad(spec string) (*schema.Registry, error) {
	if _, err := schema.LookupRelease(spec); err == nil {
		reg, err := schema.Embedded(spec)
		if err != nil {
			return nil, fatal(err)
		}
		return reg, nil
	}
	if ext := strings.ToLower(filepath.Ext(spec)); ext == ".yaml" || ext == ".yml" {
		f, err := os.Open(spec)
		if err != nil {
			return nil, fatal(fmt.Errorf("reading option data: %w", err))
		}
		defer f.Close()
		reg, err := schema.LoadYAML(spec, f)
		if err != nil {
			return nil, fatal(err)
		}
		return reg, nil
	}
	_, err := schema.LookupRelease(spec)
	return nil, usageErrorf("%v, or an oslo-config-generator .yaml file", err)
}

func schemaReleaseTitle(reg *schema.Registry) string {
	if rel := reg.Release(); rel.Name != "" {
		return fmt.Sprintf("%s, Heat %s", rel, reg.HeatVersion())
	}
	return reg.Name()
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

// schemaSplitTarget reads "GROUP.OPTION", "GROUP OPTION", "[GROUP] OPTION",
// "GROUP/OPTION" or "GROUP".
func schemaSplitTarget(reg *schema.Registry, target string) (group, option string) {
	t := strings.TrimSpace(target)
	if strings.HasPrefix(t, "[") {
		if i := strings.IndexByte(t, ']'); i > 0 {
			return t[1:i], strings.TrimSpace(t[i+1:])
		}
	}
	if g, o, ok := strings.Cut(t, " "); ok {
		return g, strings.TrimSpace(o)
	}
	if g, o, ok := strings.Cut(t, "/"); ok {
		return g, o
	}
	// GROUP.OPTION when that option exists (dynamic group names contain
	// dots too), else a group
	if i := strings.LastIndexByte(t, '.'); i > 0 {
		if _, ok := reg.Lookup(t[:i], t[i+1:], ""); ok {
			return t[:i], t[i+1:]
		}
		if _, ok := reg.Group(t); !ok {
			return t[:i], t[i+1:]
		}
	}
	return t, ""
}

func schemaShowRun(opts *schemaShowOptions) error {
	reg, err := schemaLoad(opts.Release)
	if err != nil {
		return err
	}
	group, option := schemaSplitTarget(reg, opts.Target)
	if option == "" {
		return schemaShowGroup(opts, reg, group)
	}
	return schemaShowOption(opts, reg, group, option)
}

func schemaShowGroup(opts *schemaShowOptions, reg *schema.Registry, name string) error {
	canon, ok := reg.Group(name)
	if !ok {
		if rm, removed := reg.RemovedGroup(name); removed {
			tw := newSchemaTable(opts.IO.Out, 1)
			fmt.Fprintf(tw, "[%s] is not a group of %s\n", canon, schemaReleaseTitle(reg))
			fmt.Fprintf(tw, "  removed in:\t%s\n", rm.RemovedIn)
			if rm.Replacement != "" {
				fmt.Fprintf(tw, "  instead:\t%s\n", rm.Replacement)
			}
			if rm.Note != "" {
				fmt.Fprintf(tw, "  note:\t%s\n", rm.Note)
			}
			fmt.Fprintf(tw, "  source:\t%s\n", rm.Source)
			return tw.Flush()
		}
		msg := fmt.Sprintf("%s has no group [%s]", schemaReleaseTitle(reg), name)
		if near := reg.SuggestGroup(name); len(near) > 0 {
			msg += fmt.Sprintf("; did you mean [%s]?", near[0])
		}
		return usageErrorf("%s", msg)
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
		return usageErrorf("--auth-type: [%s] loads no keystoneauth plugin in %s", canon, schemaReleaseTitle(reg))
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
	fmt.Fprintf(out, "[%s] in %s: %d options\n", canon, schemaReleaseTitle(reg), len(opt))
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Name, schemaTypeLabel(o), schemaShortDefault(o), strings.Join(schemaNotes(o), ", "))
	}
	tw.Flush()
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

func schemaTypeLabel(o *schema.Option) string {
	t := o.Type
	if o.ItemType != "" && o.ItemType != "string" {
		t += " of " + o.ItemType
	}
	return t
}

func schemaShortDefault(o *schema.Option) string {
	if o.Default == nil {
		return "-"
	}
	d := *o.Default
	if d == "" {
		return `""`
	}
	d = strings.ReplaceAll(d, "\n", " | ")
	if len([]rune(d)) > 40 {
		d = string([]rune(d)[:39]) + "…"
	}
	return d
}

func schemaNotes(o *schema.Option) []string {
	var n []string
	if o.Secret {
		n = append(n, "secret")
	}
	if o.Required {
		n = append(n, "required")
	}
	if o.DeprecatedForRemoval {
		n = append(n, "deprecated for removal")
	}
	if o.Legacy {
		n = append(n, "legacy: only without auth_type")
	}
	if o.Advanced {
		n = append(n, "advanced")
	}
	if len(o.Choices) > 0 {
		n = append(n, fmt.Sprintf("%d choices", len(o.Choices)))
	}
	if len(o.Deprecated) > 0 {
		n = append(n, "was "+schemaAliasList(o.Deprecated))
	}
	return n
}

func schemaAliasList(as []schema.Alias) string {
	var parts []string
	for _, a := range as {
		if a.Group != "" {
			parts = append(parts, "["+a.Group+"] "+a.Name)
		} else {
			parts = append(parts, a.Name)
		}
	}
	return strings.Join(parts, ", ")
}

func schemaShowOption(opts *schemaShowOptions, reg *schema.Registry, group, key string) error {
	canon := schema.NormalizeGroup(group)
	m, ok := reg.Lookup(group, key, opts.AuthType)
	if !ok {
		if rm, removed := reg.Removed(canon, key); removed {
			return schemaShowRemoved(opts, reg, canon, key, rm)
		}
		return schemaMissingOption(reg, group, key, opts.AuthType)
	}
	o := m.Option
	if opts.Format == "json" {
		type jsonOption struct {
			Release  string           `json:"release"`
			Via      string           `json:"via,omitempty"`
			Option   *schema.Option   `json:"option"`
			Releases []schemaPresence `json:"releases"`
		}
		return schemaWriteJSON(opts.IO.Out, jsonOption{reg.Name(), m.Via, o, schemaPresences(o.Group, o.Name)})
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "%s in %s\n", o, schemaReleaseTitle(reg))
	if m.Via != "" && m.Via != "plugin" {
		fmt.Fprintf(out, "  (you asked for [%s] %s: %s of this option)\n", canon, key, strings.ReplaceAll(m.Via, "-", " "))
	}
	tw := newSchemaTable(out, 1)
	row := func(k, v string) { fmt.Fprintf(tw, "  %s:\t%s\n", k, v) }
	row("type", schemaTypeLabel(o))
	def := "(none)"
	if o.Default != nil {
		def = *o.Default
		if def == "" {
			def = `"" (empty)`
		}
		def = strings.ReplaceAll(def, "\n", "\n\t")
	}
	row("default", def)
	if o.SampleDefault != "" {
		row("sample shows", o.SampleDefault+" (the default depends on the machine)")
	}
	if len(o.Choices) > 0 {
		row("choices", schemaQuoteList(o.Choices))
	}
	if o.Min != nil || o.Max != nil {
		row("range", schemaRangeText(o.Min, o.Max))
	}
	if ti := o.TypeInfo; ti != nil {
		if ti.Regex != "" {
			row("must match", ti.Regex)
		}
		if len(ti.Schemes) > 0 {
			row("schemes", strings.Join(ti.Schemes, ", "))
		}
		if ti.MaxLength != nil && *ti.MaxLength > 0 {
			row("max length", fmt.Sprint(*ti.MaxLength))
		}
	}
	var flags []string
	for _, f := range []struct {
		on   bool
		text string
	}{{o.Secret, "secret (masked in logs)"}, {o.Required, "required"}, {o.Multi, "multi-valued (repeat the key)"}, {o.Advanced, "advanced"}} {
		if f.on {
			flags = append(flags, f.text)
		}
	}
	if len(flags) > 0 {
		row("flags", strings.Join(flags, ", "))
	}
	if o.Plugin != "" {
		row("from", "keystoneauth auth plugin "+o.Plugin+" (read when auth_type = "+o.Plugin+")")
	} else if o.Legacy {
		row("from", "keystonemiddleware's legacy AuthTokenPlugin: read only when auth_type is unset")
	}
	if len(o.Deprecated) > 0 {
		row("deprecated names", schemaAliasList(o.Deprecated))
	}
	if o.DeprecatedForRemoval {
		d := "yes"
		if o.DeprecatedSince != "" {
			d += ", since " + o.DeprecatedSince
		}
		if o.DeprecatedReason != "" {
			d += ": " + strings.Join(strings.Fields(o.DeprecatedReason), " ")
		}
		row("deprecated for removal", d)
	}
	row("releases", schemaReleasesText(o.Group, o.Name))
	if o.Help != "" {
		row("help", o.Help)
	}
	return tw.Flush()
}

func schemaQuoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func schemaRangeText(lo, hi *float64) string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	switch {
	case lo != nil && hi != nil:
		return f(lo) + " to " + f(hi)
	case lo != nil:
		return ">= " + f(lo)
	}
	return "<= " + f(hi)
}

// schemaPresence says whether a release has an option.
type schemaPresence struct {
	Release string `json:"release"`
	Has     bool   `json:"has"`
}

func schemaPresences(group, name string) []schemaPresence {
	var out []schemaPresence
	for _, rel := range schema.Releases() {
		reg, err := schema.Embedded(rel.Name)
		if err != nil {
			continue
		}
		m, ok := reg.Lookup(group, name, "")
		out = append(out, schemaPresence{rel.Name, ok && (m.Via == "" || m.Via == "plugin")})
	}
	return out
}

// schemaReleasesText says which releases have the option: "all known (2020.2 to
// 2026.2)", "since 2025.1", "2020.2 to 2022.2, removed in 2025.1".
func schemaReleasesText(group, name string) string {
	ps := schemaPresences(group, name)
	var have []string
	for _, p := range ps {
		if p.Has {
			have = append(have, p.Release)
		}
	}
	if len(have) == 0 {
		return "none of the known releases under this name"
	}
	if len(have) == len(ps) {
		return fmt.Sprintf("every known release (%s to %s)", ps[0].Release, ps[len(ps)-1].Release)
	}
	var parts []string
	first, last := -1, -1
	for i, p := range ps {
		if p.Has {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first > 0 {
		parts = append(parts, "since "+ps[first].Release+" (not in "+ps[first-1].Release+")")
	} else {
		parts = append(parts, "from "+ps[0].Release+" (the oldest known)")
	}
	if last < len(ps)-1 {
		parts = append(parts, "removed in "+ps[last+1].Release)
	}
	if len(have) != last-first+1 {
		parts = append(parts, "present in "+strings.Join(have, ", "))
	}
	return strings.Join(parts, "; ")
}

// schemaShowRemoved tells what became of an option the release no longer has.
func schemaShowRemoved(opts *schemaShowOptions, reg *schema.Registry, group, key string, rm schema.Removal) error {
	if opts.Format == "json" {
		type jsonRemoved struct {
			Release  string           `json:"release"`
			Group    string           `json:"group"`
			Name     string           `json:"name"`
			Removed  schema.Removal   `json:"removed"`
			Releases []schemaPresence `json:"releases"`
		}
		return schemaWriteJSON(opts.IO.Out, jsonRemoved{reg.Name(), group, key, rm, schemaPresences(group, key)})
	}
	tw := newSchemaTable(opts.IO.Out, 1)
	fmt.Fprintf(tw, "[%s] %s is not an option of %s\n", group, key, schemaReleaseTitle(reg))
	row := func(k, v string) { fmt.Fprintf(tw, "  %s:\t%s\n", k, v) }
	row("removed in", rm.RemovedIn)
	if rm.Replacement != "" {
		row("instead", rm.Replacement)
	}
	if rm.Note != "" {
		row("note", rm.Note)
	}
	row("source", rm.Source)
	row("releases", schemaReleasesText(group, key))
	return tw.Flush()
}

func schemaMissingOption(reg *schema.Registry, group, key, authType string) error {
	canon, okGroup := reg.Group(group)
	if !okGroup {
		msg := fmt.Sprintf("%s has no group [%s]", schemaReleaseTitle(reg), group)
		if near := reg.SuggestGroup(group); len(near) > 0 {
			msg += fmt.Sprintf("; did you mean [%s]?", near[0])
		}
		return usageErrorf("%s", msg)
	}
	msg := fmt.Sprintf("%s has no option [%s] %s", schemaReleaseTitle(reg), canon, key)
	if near := reg.Suggest(canon, key, authType); len(near) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(near, " or "))
	}
	return usageErrorf("%s", msg)
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
			if err := schemaCheckFormat(opts.Format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return schemaDiffRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output `FORMAT`: text or json")
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
	d := schema.Compare(from, to)
	if opts.Format == "json" {
		return schemaWriteJSON(opts.IO.Out, d)
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "Heat options from %s to %s\n", schemaReleaseTitle(from), schemaReleaseTitle(to))
	fmt.Fprintf(w, "groups: %d added, %d removed; options: %d added, %d removed, %d renamed; changed: %d defaults, %d types, %d choices, %d ranges; %d newly deprecated for removal\n",
		len(d.GroupsAdded), len(d.GroupsRemoved), len(d.Added), len(d.Removed), len(d.Renamed),
		len(d.DefaultChanged), len(d.TypeChanged), len(d.ChoicesChanged), len(d.BoundsChanged), len(d.Deprecated))
	if d.Empty() {
		fmt.Fprintln(w, "\nno changes")
		return nil
	}
	section := func(title string, n int) bool {
		if n == 0 {
			return false
		}
		fmt.Fprintf(w, "\n%s (%d)\n", title, n)
		return true
	}
	if section("Groups added", len(d.GroupsAdded)) {
		for _, g := range d.GroupsAdded {
			fmt.Fprintf(w, "  + [%s]: %s\n", g.Group, strings.Join(g.Options, ", "))
		}
	}
	if section("Groups removed", len(d.GroupsRemoved)) {
		for _, g := range d.GroupsRemoved {
			fmt.Fprintf(w, "  - [%s] (%d options: everything in it is ignored)\n", g.Group, len(g.Options))
		}
	}
	if section("Options added", len(d.Added)) {
		for _, o := range d.Added {
			fmt.Fprintf(w, "  + %s (%s)\n", o, schemaAddedText(o))
		}
	}
	if section("Options removed", len(d.Removed)) {
		for _, o := range d.Removed {
			fmt.Fprintf(w, "  - %s\n", o)
		}
	}
	if section("Options renamed (the old name still works as a deprecated alias)", len(d.Renamed)) {
		for _, r := range d.Renamed {
			fmt.Fprintf(w, "  ~ %s -> %s\n", r.From, r.To)
		}
	}
	changes := func(title string, cs []schema.Change) {
		if section(title, len(cs)) {
			for _, c := range cs {
				fmt.Fprintf(w, "  [%s] %s: %s -> %s\n", c.Group, c.Name, c.From, c.To)
			}
		}
	}
	changes("Defaults changed", d.DefaultChanged)
	changes("Types changed", d.TypeChanged)
	if section("Choices changed", len(d.ChoicesChanged)) {
		for _, c := range d.ChoicesChanged {
			if len(c.Added)+len(c.Removed) == 0 {
				fmt.Fprintf(w, "  [%s] %s: %s -> %s\n", c.Group, c.Name, c.From, c.To)
				continue
			}
			var parts []string
			for _, a := range c.Added {
				parts = append(parts, "+"+strconv.Quote(a))
			}
			for _, r := range c.Removed {
				parts = append(parts, "-"+strconv.Quote(r))
			}
			fmt.Fprintf(w, "  [%s] %s: %s\n", c.Group, c.Name, strings.Join(parts, " "))
		}
	}
	changes("Ranges changed", d.BoundsChanged)
	if section("Newly deprecated for removal", len(d.Deprecated)) {
		for _, c := range d.Deprecated {
			fmt.Fprintf(w, "  ! [%s] %s: %s\n", c.Group, c.Name, schemaFirstSentence(c.To))
		}
	}
	return nil
}

func schemaDefaultText(s *string) string {
	if s == nil {
		return "none"
	}
	if *s == "" {
		return `""`
	}
	return *s
}

func schemaAddedText(o schema.OptionRef) string {
	if o.Default == nil {
		return o.Type + ", no default"
	}
	return o.Type + ", default " + schemaDefaultText(o.Default)
}

func schemaFirstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
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
generator misses: those Heat registers at run time, those of the point release
(2025.1: Heat 24.1.1's [ec2authtoken] credentials) and the options of the auth
plugin each keystoneauth group loads by default — so the validator reports no
false errors. --generator-only writes exactly the generator's options.

--format json is heatconf's own view: every group's registered options, the
groups Heat names at run time, and the options of every keystoneauth auth
plugin.`,
		Example: `  heatconf schema dump --release 2025.1 > heat-2025.1.yaml
  oslo-config-validator --opt-data heat-2025.1.yaml --input-file /etc/heat/heat.conf
  heatconf schema dump --release zed --format json | jq '.groups[].name'`,
		Args: exactArgs(0, "no arguments (the release is --release)"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := schemaCheckFormat(opts.Format, "yaml", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return schemaDumpRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Release, "release", "r", schema.DefaultRelease, "`RELEASE` (number or codename) or an oslo-config-generator YAML file")
	cmd.Flags().StringVar(&opts.Format, "format", "yaml", "output `FORMAT`: yaml or json")
	cmd.Flags().BoolVar(&opts.GeneratorOnly, "generator-only", false, "yaml: only the options oslo-config-generator lists")
	return cmd
}

func schemaDumpRun(opts *schemaDumpOptions) error {
	reg, err := schemaLoad(opts.Release)
	if err != nil {
		return err
	}
	switch {
	case opts.Format == "json":
		err = reg.WriteJSON(opts.IO.Out)
	case opts.GeneratorOnly:
		err = reg.WriteGeneratorYAML(opts.IO.Out)
	default:
		err = reg.WriteValidatorYAML(opts.IO.Out)
	}
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		return fatal(err)
	}
	return nil
}
