package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/gate"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/site"
)

// renderOptions are the inputs of `heatconf render`.
type renderOptions struct {
	IO  Streams
	Env env.Lookup

	SitePath      string
	Out           string
	Check         bool
	Diff          bool
	Host          string
	Stdout        string
	RevealSecrets bool
	Access        site.Access // what the site may read beyond the default
}

func newRenderCmd(io Streams, env env.Lookup, runF func(*renderOptions) error) *cobra.Command {
	opts := &renderOptions{IO: io, Env: env}
	cmd := &cobra.Command{
		Use:   "render <site.toml> {--output DIR | --stdout FILE}",
		Short: "Render heat.conf and bootstrap scripts from a site file",
		Long: `Render turns a TOML site file into:

  heat.conf              for the site's release (0640; per host in <host>/ for multi-host sites)
  bootstrap-db.sql       database, user and grants for MariaDB and MySQL 8 (0600)
  bootstrap-keystone.sh  users, roles, services, endpoints, stack domain (0700, idempotent)
  install-heat.sh        places heat.conf root:heat 0640, db_sync, restarts Heat (0700)

Output is written atomically, only where it changed, and is byte-identical for
the same site. Secrets come from env:NAME and file:PATH references and are
masked in every message and diff.

--check exits 1 when the output directory is not up to date (nothing is
written); --diff shows what changes, with secrets masked.`,
		Example: `  # render the site into a directory
  heatconf render site.toml --output /srv/heat

  # in CI: fail when the committed output drifted from the site, show how
  heatconf render site.toml --output deploy/heat --check --diff

  # the same in CI without the secrets (secrets = "environment": heat.env is not compared)
  heatconf render site.toml --output deploy/heat --check --without-secrets

  # one controller of a multi-host site
  heatconf render site.toml --host ctl2 --output /srv/heat/ctl2

  # print one file (secrets masked unless --reveal-secrets, which is refused on a terminal)
  heatconf render site.toml --stdout heat.conf --reveal-secrets > /etc/heat/heat.conf`,
		Args: exactArgs(1, "a site file (see 'heatconf init')"),
		RunE: func(c *cobra.Command, args []string) error {
			oldFlagName(c, "out", "-o/--output")
			opts.SitePath = args[0]
			if (opts.Out == "") == (opts.Stdout == "") {
				return usageErrorf("render needs exactly one of --output DIR or --stdout FILE\nRun 'heatconf render --help' for usage.")
			}
			if opts.Stdout != "" && (opts.Check || opts.Diff) {
				return usageErrorf("--check and --diff compare with --output DIR; they do not go with --stdout")
			}
			if opts.RevealSecrets && opts.Stdout == "" {
				return usageErrorf("--reveal-secrets only goes with --stdout")
			}
			if runF != nil {
				return runF(opts)
			}
			return renderRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "output", "o", "", "write the output into `DIR`")
	f.StringVar(&opts.Out, "out", "", "the old name of --output")
	f.MarkHidden("out")
	f.BoolVar(&opts.Check, "check", false, "write nothing; exit 1 if the output in --output would change")
	f.BoolVar(&opts.Diff, "diff", false, "show a unified diff of the changes (secrets masked)")
	f.StringVar(&opts.Host, "host", "", "render only the host `NAME` of a multi-host site")
	f.StringVar(&opts.Stdout, "stdout", "", "print only `FILE` (e.g. heat.conf) to standard output")
	f.BoolVar(&opts.RevealSecrets, "reveal-secrets", false, "with --stdout: print real secrets instead of ****; refused on a terminal")
	f.BoolVar(&opts.Access.WithoutSecrets, "without-secrets", false, "read no secret, and leave heat.env out (sites with [render] secrets = \"environment\"): --check in CI without the secrets")
	siteAccessFlags(cmd, &opts.Access, "the site file and --output")
	return cmd
}

func renderRun(opts *renderOptions) error {
	res, err := gate.Render(opts.SitePath, opts.Env, render.Options{Host: opts.Host, Access: opts.Access})
	var ge *gate.Error
	if errors.As(err, &ge) {
		runner.Write(opts.IO.Err, "text", ge.Findings, runner.WriteOptions{})
	}
	if err != nil {
		return fatal(err)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(opts.IO.Err, "heatconf: note: "+n)
	}
	files := res.Files
	if opts.Stdout != "" {
		return printOne(opts, res)
	}
	if !opts.Access.FollowSymlinks {
		if err := render.CheckOutputDir(opts.Out); err != nil {
			return fatal(err)
		}
	}
	changes, err := render.Compare(opts.Out, files)
	if err != nil {
		return fatal(err)
	}
	changed := 0
	for _, c := range changes {
		if c.Kind == render.Unchanged {
			continue
		}
		changed++
		if opts.Diff {
			printDiff(opts, c, res)
		}
	}
	if opts.Check {
		for _, c := range changes {
			if c.Kind != render.Unchanged {
				fmt.Fprintf(opts.IO.Err, "%s: %s\n", escape.Printable(filepath.Join(opts.Out, c.File.Path)), describe(c))
			}
		}
		if changed > 0 {
			fmt.Fprintf(opts.IO.Err, "heatconf: %d of %d files in %s are not up to date with %s\n", changed, len(files), escape.Printable(opts.Out), escape.Printable(opts.SitePath))
			return silentExit(exitFindings)
		}
		fmt.Fprintf(opts.IO.Err, "heatconf: %s is up to date (%d files)\n", escape.Printable(opts.Out), len(files))
		return nil
	}
	if err := render.Write(opts.Out, changes); err != nil {
		return fatal(err)
	}
	for _, c := range changes {
		if c.Kind != render.Unchanged {
			fmt.Fprintf(opts.IO.Err, "%-9s %s (%04o)\n", c.Kind, escape.Printable(filepath.Join(opts.Out, c.File.Path)), c.File.Mode)
		}
	}
	rel := res.Site.HeatRelease()
	heat := rel.HeatVersion
	if rel.Asked != "" {
		heat = rel.Asked
	}
	fmt.Fprintf(opts.IO.Out, "rendered %s for Heat %s (%s %s) into %s: %d files, %d changed\n",
		escape.Printable(opts.SitePath), heat, rel.Name, rel.Codename, escape.Printable(opts.Out), len(files), changed)
	return nil
}

func describe(c render.Change) string {
	switch c.Kind {
	case render.Created:
		return "would be created"
	case render.ModeChanged:
		return fmt.Sprintf("mode would change from %04o to %04o", c.OldMode, c.File.Mode)
	case render.LinkReplaced:
		return "is a symbolic link: it would be replaced by a regular file (the link's target is not read)"
	default:
		return "would change"
	}
}

func printDiff(opts *renderOptions, c render.Change, res *render.Result) {
	p := filepath.Join(opts.Out, c.File.Path)
	if c.Kind == render.ModeChanged {
		fmt.Fprintf(opts.IO.Out, "mode %s: %04o -> %04o\n", escape.Printable(p), c.OldMode, c.File.Mode)
		return
	}
	old := "/dev/null"
	if c.Kind == render.LinkReplaced {
		// the link's target is not ours to show: it could be anything
		fmt.Fprintf(opts.IO.Out, "note: %s is a symbolic link; it is replaced by a regular file, and its target is neither read nor shown\n", escape.Printable(p))
	}
	if c.Kind == render.Updated {
		old = p
	}
	fmt.Fprint(opts.IO.Out, res.Diff(c, old, p))
}

func printOne(opts *renderOptions, res *render.Result) error {
	f, err := res.File(opts.Stdout)
	if err != nil {
		return usageErrorf("--stdout %s: %v", opts.Stdout, err)
	}
	if opts.RevealSecrets && isTerminal(opts.IO.Out) {
		return usageErrorf("--reveal-secrets refuses to print secrets to a terminal; redirect standard output to a file")
	}
	data := string(f.Data)
	if !opts.RevealSecrets {
		data = res.Redact.Document(data)
	}
	_, err = fmt.Fprint(opts.IO.Out, data)
	return err
}
