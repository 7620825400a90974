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
	root.RegisterFlagCompletionFunc("color", fixedCompletion(tty.Modes...))
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if mode, _ := c.Flags().GetString("color"); !slices.Contains(tty.Modes, mode) {
			return usageErrorf("--color %q: use %s", mode, strings.Join(tty.Modes, ", "))
		}
		return nil
	}
}

// fixedCompletion completes a flag's value from a fixed list.
func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}
