package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/suggest"
)

// enumValue is a string flag that takes one of a fixed list of values: any
// other is refused when the command line is parsed (a usage error, with
// the closest value suggested), the shell completes the values, and the
// flag's help lists them. Old names still accepted map to current values.
type enumValue struct {
	p       *string
	values  []string
	aliases map[string]string
}

func (e *enumValue) String() string { return *e.p }
func (e *enumValue) Type() string   { return "string" }

func (e *enumValue) Set(v string) error {
	if now, ok := e.aliases[v]; ok {
		v = now
	}
	if !slices.Contains(e.values, v) {
		msg := "not one of " + strings.Join(e.values, ", ")
		if s, ok := suggest.Closest(v, e.values); ok {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return fmt.Errorf("%s", msg)
	}
	*e.p = v
	return nil
}

// enumFlag defines the flag name on c, stored in p, with the default def
// (one of values) and usage, to which the values are appended. aliases are
// old names of values that are still accepted.
func enumFlag(c *cobra.Command, p *string, name, def string, values []string, usage string, aliases map[string]string) {
	if !slices.Contains(values, def) {
		panic("BUG: default " + def + " of --" + name + " is not one of its values")
	}
	*p = def
	c.Flags().Var(&enumValue{p: p, values: values, aliases: aliases}, name, usage+": "+strings.Join(values, ", "))
	c.RegisterFlagCompletionFunc(name, fixedCompletion(described(values)...))
}

// formatFlag is the --format flag of a command whose output formats are
// formats, the first the default.
func formatFlag(c *cobra.Command, p *string, formats []string) {
	enumFlag(c, p, "format", formats[0], formats, "output `FORMAT`", nil)
}
