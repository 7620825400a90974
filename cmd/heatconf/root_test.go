package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestOneCommandTreeHelpsAlike checks that a command made alone (what Main
// makes when the first argument names it) prints the same help, and fails
// the same way, as in the whole tree.
func TestOneCommandTreeHelpsAlike(t *testing.T) {
	full := newRootCmd(Streams{}, nil)
	var cases [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			p := append(append([]string(nil), path...), sub.Name())
			if p[0] == "completion" || p[0] == "help" {
				continue
			}
			cases = append(cases, append(p, "--help"))
			walk(sub, p)
		}
	}
	walk(full, nil)
	cases = append(cases, []string{"lint"}, []string{"lint", "--no-such-flag"}, []string{"schema"}, []string{"schema", "nosuchverb"}, []string{"version", "extra"})
	if len(cases) < len(subcommands) {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			exec := func(root *cobra.Command, out *bytes.Buffer) error {
				root.SetOut(out)
				root.SetErr(out)
				root.SetArgs(args)
				return root.Execute()
			}
			var want, got bytes.Buffer
			errWant := exec(newRootCmd(Streams{In: strings.NewReader("")}, func(string) (string, bool) { return "", false }), &want)
			errGot := exec(newRootCmdFor(args, Streams{In: strings.NewReader("")}, func(string) (string, bool) { return "", false }), &got)
			if got.String() != want.String() {
				t.Errorf("alone:\n%s\nin the whole tree:\n%s", got.String(), want.String())
			}
			if (errGot == nil) != (errWant == nil) || errGot != nil && errGot.Error() != errWant.Error() {
				t.Errorf("alone: %v; in the whole tree: %v", errGot, errWant)
			}
		})
	}
}
