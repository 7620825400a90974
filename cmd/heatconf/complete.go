package main

import (
	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/cmd/heatconf/internal/schemaview"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/probe"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

// addCompletions makes the shell complete flag values: releases, formats,
// rule ids, severities, interfaces, a site's hosts, clouds.yaml's clouds,
// and schema show's GROUP.OPTION.
func addCompletions(root *cobra.Command, lookup env.Lookup) {
	// made when the shell asks, not at every start
	releases := lazyCompletion(releases.Names)
	rules := lazyCompletion(func() []string {
		var ids []string
		for _, r := range lint.Rules() {
			ids = append(ids, r.ID)
		}
		return ids
	})
	byFlag := map[string]map[string]func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective){
		"lint": {"release": releases, "disable": rules, "enable": rules},
		"probe": {"os-interface": fixedCompletion("public", "internal", "admin"),
			"os-cloud": func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return probe.CloudNames(lookup), cobra.ShellCompDirectiveNoFileComp
			}},
		"render": {"host": siteHosts, "stdout": fixedCompletion("heat.conf", "bootstrap-db.sql", "bootstrap-keystone.sh", "install-heat.sh")},
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
			if c.Name() == "show" {
				c.ValidArgsFunction = schemaRefs
			}
		}
	}
	walk(root)
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
