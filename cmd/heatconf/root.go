package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/escape"
)

// Exit codes, the same for every command.
const (
	exitOK       = 0 // success
	exitFindings = 1 // findings, failed checks, or --check found changes
	exitUsage    = 2 // bad flags or arguments
	exitFatal    = 3 // could not do the job
)

// Streams are the standard streams; tests pass buffers.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Args are the command line heatconf was given (after its name), for
	// reports that record their invocation (SARIF).
	Args []string
}

// exitError carries an exit code; silent ones were already reported.
type exitError struct {
	code   int
	err    error
	silent bool
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

func fatal(err error) error { return &exitError{code: exitFatal, err: err} }

// silentExit ends the command with code after it printed its own report.
func silentExit(code int) error { return &exitError{code: code, silent: true} }

// Main runs heatconf with args and returns the exit code.
func Main(args []string, io Streams, env env.Lookup) int {
	io.Args = args
	root := newRootCmdFor(args, io, env)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		// cobra's own errors: unknown command, bad flag, wrong arguments
		fmt.Fprintf(io.Err, "heatconf: %s\n", escape.PrintableLines(err.Error()))
		if !strings.Contains(err.Error(), "--help") {
			fmt.Fprintln(io.Err, "Run 'heatconf --help' for usage.")
		}
		return exitUsage
	}
	if !ee.silent && ee.err != nil {
		fmt.Fprintf(io.Err, "heatconf: %s\n", escape.PrintableLines(ee.err.Error()))
	}
	return ee.code
}

// subcommands make heatconf's commands, in the order help lists them.
var subcommands = []struct {
	name string
	make func(io Streams, env env.Lookup) *cobra.Command
}{
	{"render", func(io Streams, env env.Lookup) *cobra.Command { return newRenderCmd(io, env, nil) }},
	{"lint", func(io Streams, env env.Lookup) *cobra.Command { return newLintCmd(io, env, nil) }},
	{"probe", func(io Streams, env env.Lookup) *cobra.Command { return newProbeCmd(io, env, nil) }},
	{"upgrade", func(io Streams, _ env.Lookup) *cobra.Command { return newUpgradeCmd(io, nil) }},
	{"rules", func(io Streams, _ env.Lookup) *cobra.Command { return newRulesCmd(io) }},
	{"schema", func(io Streams, _ env.Lookup) *cobra.Command { return newSchemaCmd(io) }},
	{"init", func(io Streams, _ env.Lookup) *cobra.Command { return newInitCmd(io, nil) }},
	{"version", func(io Streams, _ env.Lookup) *cobra.Command { return newVersionCmd(io) }},
}

// newRootCmdFor makes the command tree args need: when the first argument
// names a command, cobra can reach nothing but it (its help lists no
// other), so only it is made, and no completion command; otherwise (no
// arguments, a flag first, help, completion, an unknown command that
// wants suggestions) the whole tree.
func newRootCmdFor(args []string, io Streams, env env.Lookup) *cobra.Command {
	if len(args) > 0 {
		for _, sc := range subcommands {
			if sc.name == args[0] {
				return newRoot(io, env, sc.name)
			}
		}
	}
	return newRootCmd(io, env)
}

// newRootCmd makes the whole command tree.
func newRootCmd(io Streams, env env.Lookup) *cobra.Command {
	return newRoot(io, env, "")
}

// newRoot makes the root command with every command, or with only the one
// named only and no completion command.
func newRoot(io Streams, env env.Lookup, only string) *cobra.Command {
	root := &cobra.Command{
		Use:   "heatconf",
		Short: "Render, lint and probe OpenStack Heat configuration",
		Long: `heatconf keeps an OpenStack Heat deployment right.

  render  one TOML site file -> heat.conf for your release + idempotent bootstrap
          scripts (database, Keystone, Heat install)
  lint    check heat.conf files against the option data of their release
  probe   check a deployed Heat: Keystone, catalog, stack domain, APIs, engines
  schema  the options of every supported Heat release: list, show, diff, dump
  init    write a complete, commented example site to start from

Exit codes: 0 ok, 1 findings or changes, 2 usage error, 3 could not run.`,
		Example: `  heatconf init mysite
  heatconf render mysite/site.toml --output /etc/heatconf/out
  heatconf render mysite/site.toml --output /etc/heatconf/out --check --diff
  heatconf lint /etc/heat/heat.conf`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	addColorFlag(root)
	addVersionFlag(root)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	for _, sc := range subcommands {
		if only == "" || sc.name == only {
			root.AddCommand(sc.make(io, env))
		}
	}
	if only != "" {
		root.CompletionOptions.DisableDefaultCmd = true
	} else {
		root.CompletionOptions.HiddenDefaultCmd = false
		root.InitDefaultCompletionCmd()
	}
	addExitCodes(root)
	addCompletions(root, env)
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = `  heatconf completion bash > /etc/bash_completion.d/heatconf
  heatconf completion zsh > "${fpath[1]}/_heatconf"`
		}
	}
	return root
}

// exactArgs is cobra.ExactArgs with a usage exit code and a clearer message.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s needs %s (got %d arguments)\nRun '%s --help' for usage.", c.CommandPath(), what, len(args), c.CommandPath())
		}
		return nil
	}
}

// exitCodes are the exit codes of the commands whose help does not list
// its own: every command's help says them (scripts depend on them).
var exitCodes = map[string]string{
	"render":     "0 written (or up to date), 1 --check found changes, 2 usage error, 3 could not run (a site problem, lint errors in the output, a failed write).",
	"init":       "0 written, 2 usage error, 3 could not write (site.toml exists without --force, a directory that cannot be made).",
	"rules":      "0 listed, 2 usage error.",
	"version":    "0, or 2 for a usage error.",
	"completion": "0, or 2 for a usage error.",
	"schema":     "0 shown, 2 usage error (an unknown release, group or option), 3 could not run (an option data file that cannot be read).",
}

// addExitCodes appends the exit codes to the help of every command that
// does not state them itself; a schema verb takes schema's.
func addExitCodes(c *cobra.Command) {
	for _, sub := range c.Commands() {
		addExitCodes(sub)
	}
	if strings.Contains(c.Long, "Exit codes") {
		return
	}
	codes, ok := exitCodes[c.Name()]
	if !ok && c.HasParent() {
		codes, ok = exitCodes[c.Parent().Name()]
	}
	if !ok {
		return
	}
	if c.Long == "" {
		c.Long = c.Short + "."
	}
	c.Long += "\n\nExit codes: " + codes
}

// oldFlagName tells on standard error that a flag's old name was used: it
// still works, and scripts should move to the new one.
func oldFlagName(c *cobra.Command, old, now string) {
	if c.Flags().Changed(old) {
		fmt.Fprintf(c.ErrOrStderr(), "heatconf: --%s is the old name of %s; it still works\n", old, now)
	}
}
