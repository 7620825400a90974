package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/gate"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

type lintOptions struct {
	IO  Streams
	Env env.Lookup

	Args     []string
	Sources  []conf.Source // --config-file and --config-dir, in command line order
	Release  string
	Schema   string
	Format   string
	FailOn   string
	Disable  []string
	Enable   []string
	Fix      bool
	FixInfo  bool
	Diff     bool
	Force    bool
	Site     string
	Access   site.Access // what the site may read beyond the default
	Verbose  bool
	Fragment bool
	Config   string // --config: the one .heatconf.toml
	NoConfig bool
	EnvFile  string // --env-file: heat.env, the secrets of a secret-free render

	changed func(flag string) bool
	color   bool
}

// sourceFlag appends --config-file and --config-dir to one list, so their
// order on the command line is kept, as oslo.config keeps it.
type sourceFlag struct {
	list *[]conf.Source
	dir  bool
}

func (f sourceFlag) String() string { return "" }
func (f sourceFlag) Type() string {
	if f.dir {
		return "DIR"
	}
	return "FILE"
}
func (f sourceFlag) Set(v string) error {
	if f.dir {
		*f.list = append(*f.list, conf.Source{ConfigDir: v})
	} else {
		*f.list = append(*f.list, conf.Source{ConfigFile: v})
	}
	return nil
}

func newLintCmd(io Streams, env env.Lookup, runF func(*lintOptions) error) *cobra.Command {
	opts := &lintOptions{IO: io, Env: env}
	cmd := &cobra.Command{
		Use:   "lint [FILE|DIR|-]... [--config-file FILE]... [--config-dir DIR]...",
		Short: "Check heat.conf files for what breaks Heat",
		Long: `Lint reads heat.conf exactly as oslo.config does and checks it against the option
data of the release (every option of every supported Heat release is built in):
unknown and removed options, deprecated names, values the option's type rejects,
parsing traps (inline comments, unescaped $, hyphenated keys, [default], ...) and
options that contradict each other (stack domain, trustee, Keystone URLs and ports,
domain ids, auth_encryption_key, transport_url, ...). 'heatconf rules' lists them.

Each FILE is linted as the service that reads it: heat.conf together with the
drop-ins of heat.conf.d/ (oslo.config reads them after it; a drop-in given alone
brings its heat.conf and the other drop-ins). A FILE is linted whatever its name,
but one that is plainly another service's (nova.conf, keystone.conf, an nginx
site) gets one finding that says so. A DIR is walked: every heat.conf in it and
below (render's <host>/heat.conf layout too), the drop-ins of every heat.conf.d
and the files .heatconf.toml includes; nova.conf, logging.conf, hidden
directories and every other file are passed over (--verbose says which, and
why). A DIR with no heat.conf is an error, never "clean". - reads standard
input. --config-file and --config-dir name the files one service reads, merged
in oslo.config's order.

Each file is linted with the settings of the .heatconf.toml nearest above it,
no higher than the root of its repository (the directory that holds .git):
release, schema, fail_on, disable, enable, fragment, include, exclude and
[severity] (docs/ci.md). --config FILE uses that one for every file, --no-config
none; flags win over it.

The release is, first that says one: --release or --schema; the site of --site;
the file's .heatconf.toml; the header 'heatconf render' writes at the top of heat.conf
("# heat.conf for Heat 24.1.1 (OpenStack 2025.1 epoxy)"), when the files that
have one agree; else 2025.1. --verbose says which was used, and why.

Suppress a finding with a comment on the line above it:
  # heatconf: ignore=RULE[,RULE]
A file that is part of a configuration merged elsewhere (a kolla-ansible or
kayobe override) says "# heatconf: fragment", or is linted with --fragment:
nothing is then reported missing.

A secret-free render ([render] secrets = "environment") keeps the secrets in
heat.env, which oslo.config reads from the services' environment before
heat.conf: lint reads the heat.env beside a heat.conf with it (--env-file names
another). Without one, such a heat.conf is linted as a fragment.

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error, 3 could not run.`,
		Example: `  heatconf lint /etc/heat/heat.conf
  heatconf lint --release zed --format json heat.conf
  heatconf lint --config-file /etc/heat/heat.conf --config-dir /etc/heat/heat.conf.d
  heatconf lint --fix --diff heat.conf          # preview the mechanical fixes
  heatconf lint --fix heat.conf                 # apply them, keeping every other line
  heatconf lint --fix --fix-info heat.conf      # and the fixes that info findings only suggest
  heatconf lint --format sarif . > heatconf.sarif   # every heat.conf of the repository
  heatconf lint --no-config --release zed etc/heat/heat.conf
  heatconf lint --site site.toml                # the site file and the heat.conf it renders`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			opts.changed = c.Flags().Changed
			opts.color = wantColor(c, opts.IO.Out, opts.Env)
			if len(args) == 0 && len(opts.Sources) == 0 && opts.Site == "" {
				return usageErrorf("lint needs files, directories, - for standard input, --config-file/--config-dir or --site\nRun 'heatconf lint --help' for usage.")
			}
			if opts.Force && !opts.Fix {
				return usageErrorf("--force rewrites hard-linked files in place; use it with --fix")
			}
			if opts.FixInfo && !opts.Fix {
				return usageErrorf("--fix-info adds the fixes of info findings to --fix; use it with --fix")
			}
			if opts.Diff && !opts.Fix {
				return usageErrorf("--diff shows what --fix would change; use it with --fix")
			}
			if opts.Fix && opts.Site != "" {
				return usageErrorf("--fix does not go with --site: change the site file instead")
			}
			if runF != nil {
				return runF(opts)
			}
			return lintRun(opts)
		},
	}
	f := cmd.Flags()
	f.Var(sourceFlag{&opts.Sources, false}, "config-file", "a file of one configuration (repeatable, in order)")
	f.Var(sourceFlag{&opts.Sources, true}, "config-dir", "a directory of one configuration: its *.conf files, sorted (repeatable)")
	f.StringVarP(&opts.Release, "release", "r", releases.Default, "`RELEASE` of the files: series (2025.1), code name (epoxy) or Heat version (24.1.1), with -debian for the Debian packages' data; 'heatconf version' lists them")
	f.StringVar(&opts.Schema, "schema", "", "option data of your own: oslo-config-generator --format yaml output")
	formatFlag(cmd, &opts.Format, runner.Formats())
	enumFlag(cmd, &opts.FailOn, "fail-on", "error", []string{"error", "warning", "info"}, "exit 1 on findings of this `SEVERITY` or worse", nil)
	f.StringSliceVar(&opts.Disable, "disable", nil, "turn rules off (repeatable, comma-separated)")
	f.StringSliceVar(&opts.Enable, "enable", nil, "turn rules back on that .heatconf.toml turns off")
	f.BoolVar(&opts.Fix, "fix", false, "rewrite the files with the mechanical fixes of errors and warnings, keeping every other line")
	f.BoolVar(&opts.FixInfo, "fix-info", false, "with --fix: apply the fixes of info findings too (changes they only suggest)")
	f.BoolVar(&opts.Diff, "diff", false, "with --fix: print the changes as a diff instead of writing")
	f.BoolVar(&opts.Force, "force", false, "with --fix: rewrite a file that has other hard links in place")
	f.StringVar(&opts.Site, "site", "", "lint a site file and the heat.conf files it renders")
	siteAccessFlags(cmd, &opts.Access, "the --site file, the .heatconf.toml above a file and the files a directory walk finds")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "say which files lint passes over, and why, and what chose the release")
	f.BoolVar(&opts.Fragment, "fragment", false, "the files are parts of a configuration merged elsewhere (kolla-ansible overrides): report nothing as missing")
	f.StringVar(&opts.EnvFile, "env-file", "", "read the environment `FILE` of a secret-free heat.conf (OS_<GROUP>__<OPTION>) with every file; default: heat.env beside heat.conf")
	f.StringVar(&opts.Config, "config", "", "lint every file with the settings of this .heatconf.toml `FILE` (and read no other)")
	f.BoolVar(&opts.NoConfig, "no-config", false, "read no .heatconf.toml")
	cmd.MarkFlagsMutuallyExclusive("config", "no-config")
	return cmd
}

// note prints what a directory walk passes over, with --verbose.
func (opts *lintOptions) note(s string) {
	if opts.Verbose {
		fmt.Fprintln(opts.IO.Err, "heatconf: note: "+escape.Printable(s))
	}
}

func lintRun(opts *lintOptions) error {
	rep, err := gate.Lint(runner.Request{
		Settings: runner.Settings{Release: opts.Release, Schema: opts.Schema, FailOn: opts.FailOn, Disable: opts.Disable, Enable: opts.Enable, Fragment: opts.Fragment},
		Set:      func(key string) bool { return opts.changed(strings.ReplaceAll(key, "_", "-")) },
		Inputs:   runner.Inputs{Args: opts.Args, Stdin: opts.IO.In, Sources: opts.Sources, Note: opts.note, EnvFile: opts.EnvFile, FollowSymlinks: opts.Access.FollowSymlinks},
		Config:   opts.Config,
		NoConfig: opts.NoConfig,
		Fix:      opts.Fix,
		FixFrom:  fixFrom(opts.FixInfo),
	}, opts.Site, opts.Env, opts.Access)
	var ue *runner.UsageError
	if errors.As(err, &ue) {
		return usageErrorf("%v", err)
	} else if err != nil {
		return fatal(err)
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(opts.IO.Err, "heatconf: note: "+escape.Printable(n))
	}
	for _, l := range rep.Releases {
		as := l.Release
		if l.Heat != "" && l.Heat != as {
			as += " (Heat " + l.Heat + ")"
		}
		if len(rep.Releases) == 1 {
			opts.note(fmt.Sprintf("linted as %s, chosen by %s", as, l.From))
		} else {
			opts.note(fmt.Sprintf("%d file(s) linted as %s, chosen by %s", l.Files, as, l.From))
		}
	}
	if err := writeFixes(opts.IO, rep.Fixed, fixWrite{Diff: opts.Diff, Force: opts.Force}); err != nil {
		return err
	}
	if opts.Diff {
		// the diff is the output; what it leaves failing is the exit code
		failing := 0
		for _, f := range rep.Findings {
			if f.Severity >= rep.FailOnOf(f.File) {
				failing++
			}
		}
		if failing > 0 {
			fmt.Fprintf(opts.IO.Err, "heatconf: %d findings that fail the run remain after these fixes; 'heatconf lint' without --diff lists them\n", failing)
			return silentExit(exitFindings)
		}
		return nil
	}
	if n := rep.Fixes(); n > 0 {
		fmt.Fprintf(opts.IO.Err, "heatconf: applied %d fixes\n", n)
	}
	color := opts.Format == "text" && opts.color
	wo := rep.WriteOptions(runner.WriteOptions{Color: color, Version: reportVersion(), Command: append([]string{"heatconf"}, opts.IO.Args...), WorkDir: workDir()})
	if err := runner.Write(opts.IO.Out, opts.Format, rep.Findings, wo); err != nil {
		return fatal(err)
	}
	if rep.Failed() {
		return silentExit(exitFindings)
	}
	return nil
}

// fixFrom is the least severity whose fixes --fix applies: errors and
// warnings; info findings only suggest a change, so their fixes need
// --fix-info.
func fixFrom(info bool) lint.Severity {
	if info {
		return lint.Info
	}
	return lint.Warning
}

// workDir is the directory relative file names are relative to ("" when
// it cannot be known).
func workDir() string {
	wd, _ := os.Getwd()
	return wd
}
