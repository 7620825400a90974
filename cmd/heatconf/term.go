package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/tty"
)

// isTerminal reports whether w is a terminal (see tty.IsTerminal).
func isTerminal(w io.Writer) bool { return tty.IsTerminal(w) }

// wantColor applies the one colour policy (tty.Color) with --color.
func wantColor(c *cobra.Command, w io.Writer, env env.Lookup) bool {
	mode, _ := c.Flags().GetString("color")
	return tty.Color(mode, w, env)
}

// addColorFlag adds the persistent --color flag to the root command.
func addColorFlag(root *cobra.Command) {
	root.PersistentFlags().String("color", "auto", "colour output: "+strings.Join(tty.Modes, ", ")+" (auto: on a terminal or with FORCE_COLOR set, unless NO_COLOR is set or TERM=dumb)")
	root.RegisterFlagCompletionFunc("color", fixedCompletion(described(tty.Modes)...))
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if mode, _ := c.Flags().GetString("color"); !slices.Contains(tty.Modes, mode) {
			return usageErrorf("--color %q: use %s", mode, strings.Join(tty.Modes, ", "))
		}
		return nil
	}
}

// valueHelp says what the values of heatconf's fixed-choice flags mean,
// for completions that show descriptions.
var valueHelp = map[string]string{
	"text":       "for people",
	"json":       "versioned JSON, for programs",
	"sarif":      "SARIF 2.1.0, for code scanning",
	"github":     "GitHub Actions annotations",
	"nagios":     "a Nagios/Icinga plugin's output and exit code",
	"prometheus": "Prometheus text exposition",
	"markdown":   "a task list for a change ticket",
	"yaml":       "oslo-config-generator YAML",
	"error":      "errors only",
	"warning":    "warnings and errors",
	"info":       "every finding",
	"auto":       "on a terminal or with FORCE_COLOR, never with NO_COLOR",
	"always":     "always",
	"never":      "never",
}

// described appends each value's valueHelp as its completion's
// description.
func described(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v
		if d, ok := valueHelp[v]; ok {
			out[i] += "\t" + d
		}
	}
	return out
}

// fixedCompletion completes a flag's value from a fixed list ("value" or
// "value\tdescription").
func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}
