package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/cmd/heatconf/internal/schemaview"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/probe"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

// addCompletions makes the shell complete flag values, each with what it
// means (shells that show descriptions show them): releases, formats, rule
// ids, severities, interfaces, a site's hosts, clouds.yaml's clouds,
// schema show's GROUP.OPTION and schema diff's two releases.
func addCompletions(root *cobra.Command, lookup env.Lookup) {
	// made when the shell asks, not at every start
	releases := lazyCompletion(releaseCompletions)
	rules := lazyCompletion(func() []string {
		var ids []string
		for _, r := range lint.Rules() {
			ids = append(ids, r.ID+"\t"+r.Summary)
		}
		return ids
	})
	byFlag := map[string]map[string]func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective){
		"lint": {"release": releases, "disable": rules, "enable": rules},
		"probe": {"os-interface": fixedCompletion("public\tthe catalog's public endpoints", "internal\tthe catalog's internal endpoints", "admin\tthe catalog's admin endpoints"),
			"os-cloud": func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return probe.CloudNames(lookup), cobra.ShellCompDirectiveNoFileComp
			}},
		"render": {"host": siteHosts, "stdout": fixedCompletion("heat.conf\tthe Heat configuration", "bootstrap-db.sql\tthe database, user and grants",
			"bootstrap-keystone.sh\tusers, roles, services, endpoints, stack domain", "install-heat.sh\tplaces heat.conf, db_sync, restarts")},
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		for flag, fn := range byFlag[c.Name()] {
			c.RegisterFlagCompletionFunc(flag, fn)
		}
		if c.HasParent() && c.Parent().Name() == "schema" {
			if c.Flags().Lookup("release") != nil {
				c.RegisterFlagCompletionFunc("release", releases)
			}
			switch c.Name() {
			case "show":
				c.ValidArgsFunction = schemaRefs
			case "diff":
				c.ValidArgsFunction = schemaDiffArgs
			}
		}
	}
	walk(root)
}

// releaseCompletions are the names of every release with data, as
// ReleaseNames spells them, each with the release it means: "2025.1\tepoxy,
// Heat 24.0.0", "epoxy\t2025.1, Heat 24.0.0", "24.1.1\t2025.1 epoxy, a
// point release".
func releaseCompletions() []string {
	desc := map[string]string{}
	for _, r := range releases.All() {
		v, from := "", ""
		if r.Variant != "" {
			v, from = "-"+r.Variant, ", "+r.Source.String()+"'s packages"
		}
		version := r.HeatVersion + v
		point := ""
		if r.Point {
			point = ", a point release"
		}
		if _, ok := desc[version]; !ok {
			desc[version] = fmt.Sprintf("%s %s%s%s", r.Name, r.Codename, point, from)
		}
		if r.Point {
			continue // a series' name means its first data
		}
		for name, what := range map[string]string{r.Name + v: r.Codename, r.Codename + v: r.Name} {
			if _, ok := desc[name]; !ok {
				desc[name] = fmt.Sprintf("%s, Heat %s%s", what, r.HeatVersion, from)
			}
		}
	}
	var out []string
	for _, n := range releases.Names() {
		if d, ok := desc[n]; ok {
			n += "\t" + d
		}
		out = append(out, n)
	}
	return out
}

// schemaDiffArgs completes schema diff's FROM and TO with releases; a
// word that starts a path completes oslo-config-generator YAML files.
func schemaDiffArgs(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) >= 2 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if strings.ContainsAny(toComplete, "/~") || strings.HasPrefix(toComplete, ".") {
		return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return releaseCompletions(), cobra.ShellCompDirectiveNoFileComp
}

// lazyCompletion completes a flag's value from a list made when asked.
func lazyCompletion(values func() []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values(), cobra.ShellCompDirectiveNoFileComp
	}
}

// siteHosts completes --host from the hosts of the site file given as the
// first argument.
func siteHosts(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	hosts, _ := site.HostKeys(args[0])
	return hosts, cobra.ShellCompDirectiveNoFileComp
}

// schemaRefs completes schema show's GROUP, then GROUP.OPTION, from the
// release --release names.
func schemaRefs(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	release, _ := c.Flags().GetString("release")
	reg, err := schema.Load(release)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return schemaview.CompleteRef(reg, toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
