package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/lint"
)

func newRulesCmd(io Streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the lint rules",
		Long: `Rules lists every rule of 'heatconf lint' with its usual severity and what it
catches. docs/rules.md shows each with a bad and a good example.`,
		Example: `  heatconf rules
  heatconf rules --format json | jq -r '.[].id'`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(*cobra.Command, []string) error {
			rules := lint.Rules()
			switch format {
			case "json":
				type row struct {
					ID       string `json:"id"`
					Severity string `json:"severity"`
					Family   string `json:"family"`
					Summary  string `json:"summary"`
				}
				var rows []row
				for _, r := range rules {
					rows = append(rows, row{r.ID, r.Severity.String(), r.Family, r.Summary})
				}
				enc := json.NewEncoder(io.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			case "text":
				tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "RULE\tSEVERITY\tFAMILY\tWHAT IT CATCHES")
				for _, r := range rules {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Family, r.Summary)
				}
				return tw.Flush()
			}
			return usageErrorf("--format %q: use text or json", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text or json")
	return cmd
}
