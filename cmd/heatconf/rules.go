package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/lint"
)

func newRulesCmd(streams Streams) *cobra.Command {
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
			return ruleFormats.Write(streams.Out, format, lint.Rules())
		},
	}
	formatFlag(cmd, &format, ruleFormats.Names())
	return cmd
}

// ruleFormats are the output formats of heatconf rules.
var ruleFormats = output.NewFormats(
	output.Format[[]*lint.Rule]{Name: "text", Write: writeRulesText},
	output.Format[[]*lint.Rule]{Name: "json", Write: writeRulesJSON},
)

func writeRulesText(w io.Writer, rules []*lint.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tFAMILY\tWHAT IT CATCHES")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Family, r.Summary)
	}
	return tw.Flush()
}

func writeRulesJSON(w io.Writer, rules []*lint.Rule) error {
	type row struct {
		ID       string `json:"id"`
		Severity string `json:"severity"`
		Family   string `json:"family"`
		Summary  string `json:"summary"`
	}
	rows := []row{}
	for _, r := range rules {
		rows = append(rows, row{r.ID, r.Severity.String(), r.Family, r.Summary})
	}
	return output.JSON(w, rows)
}
