package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/schema"
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
	fmt.Fprintf(w, "Heat options from %s to %s\n", from.Title(), to.Title())
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
