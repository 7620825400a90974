package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// colorModes are the values of --color, the one colour policy of every
// command.
var colorModes = []string{"auto", "always", "never"}

// isTerminal reports whether w is a terminal: a file or /dev/null is not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// wantColor decides whether output to w is coloured: --color always or
// never decides; auto colours a terminal, unless NO_COLOR is set to
// anything but "" (https://no-color.org) or TERM is dumb.
func wantColor(c *cobra.Command, w io.Writer, env func(string) (string, bool)) bool {
	mode, _ := c.Flags().GetString("color")
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if v, ok := env("NO_COLOR"); ok && v != "" {
		return false
	}
	if t, _ := env("TERM"); t == "dumb" {
		return false
	}
	return isTerminal(w)
}

// addColorFlag adds the persistent --color flag to the root command.
func addColorFlag(root *cobra.Command) {
	root.PersistentFlags().String("color", "auto", "colour output: "+strings.Join(colorModes, ", ")+" (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)")
	root.RegisterFlagCompletionFunc("color", fixedCompletion(colorModes...))
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if mode, _ := c.Flags().GetString("color"); !slices.Contains(colorModes, mode) {
			return usageErrorf("--color %q: use %s", mode, strings.Join(colorModes, ", "))
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
