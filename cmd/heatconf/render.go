package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/textdiff"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

// renderOptions are the inputs of `heatconf render`.
type renderOptions struct {
	IO  Streams
	Env func(string) (string, bool)

	SitePath      string
	Out           string
	Check         bool
	Diff          bool
	Host          string
	Stdout        string
	RevealSecrets bool
}

func newRenderCmd(io Streams, env func(string) (string, bool), runF func(*renderOptions) error) *cobra.Command {
	opts := &renderOptions{IO: io, Env: env}
	cmd := &cobra.Command{
		Use:   "render <site.toml> {--out DIR | --stdout FILE}",
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
  heatconf render site.toml --out /srv/heat

  # in CI: fail when the committed output drifted from the site, show how
  heatconf render site.toml --out deploy/heat --check --diff

  # one controller of a multi-host site
  heatconf render site.toml --host ctl2 --out /srv/heat/ctl2

  # print one file (secrets masked unless --reveal-secrets, which is refused on a terminal)
  heatconf render site.toml --stdout heat.conf --reveal-secrets > /etc/heat/heat.conf`,
		Args: exactArgs(1, "a site file (see 'heatconf init')"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.SitePath = args[0]
			if (opts.Out == "") == (opts.Stdout == "") {
				return usageErrorf("render needs exactly one of --out DIR or --stdout FILE\nRun 'heatconf render --help' for usage.")
			}
			if opts.Stdout != "" && (opts.Check || opts.Diff) {
				return usageErrorf("--check and --diff compare with --out DIR; they do not go with --stdout")
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
	f.StringVarP(&opts.Out, "out", "o", "", "write the output into `DIR`")
	f.BoolVar(&opts.Check, "check", false, "write nothing; exit 1 if the output in --out would change")
	f.BoolVar(&opts.Diff, "diff", false, "show a unified diff of the changes (secrets masked)")
	f.StringVar(&opts.Host, "host", "", "render only the host `NAME` of a multi-host site")
	f.StringVar(&opts.Stdout, "stdout", "", "print only `FILE` (e.g. heat.conf) to standard output")
	f.BoolVar(&opts.RevealSecrets, "reveal-secrets", false, "with --stdout: print real secrets instead of ****; refused on a terminal")
	return cmd
}

func renderRun(opts *renderOptions) error {
	s, err := site.Load(opts.SitePath, opts.Env)
	if err != nil {
		return fatal(siteError(err))
	}
	r, err := render.New()
	if err != nil {
		return fatal(err)
	}
	redact := s.Redactor()
	files, err := r.Render(s, render.Options{Host: opts.Host})
	if err != nil {
		return fatal(errors.New(redact.Message(err.Error())))
	}
	if err := lintRendered(opts, s.Release, files, redact); err != nil {
		return err
	}
	if opts.Stdout != "" {
		return printOne(opts, files, redact)
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
			printDiff(opts, c, redact)
		}
	}
	if opts.Check {
		for _, c := range changes {
			if c.Kind != render.Unchanged {
				fmt.Fprintf(opts.IO.Err, "%s: %s\n", filepath.Join(opts.Out, c.File.Path), describe(c))
			}
		}
		if changed > 0 {
			fmt.Fprintf(opts.IO.Err, "heatconf: %d of %d files in %s are not up to date with %s\n", changed, len(files), opts.Out, opts.SitePath)
			return silentExit(exitFindings)
		}
		fmt.Fprintf(opts.IO.Err, "heatconf: %s is up to date (%d files)\n", opts.Out, len(files))
		return nil
	}
	if err := render.Write(opts.Out, changes); err != nil {
		return fatal(err)
	}
	for _, c := range changes {
		if c.Kind != render.Unchanged {
			fmt.Fprintf(opts.IO.Err, "%-9s %s (%04o)\n", c.Kind, filepath.Join(opts.Out, c.File.Path), c.File.Mode)
		}
	}
	fmt.Fprintf(opts.IO.Out, "rendered %s for release %s into %s: %d files, %d changed\n",
		opts.SitePath, s.Release, opts.Out, len(files), changed)
	return nil
}

func describe(c render.Change) string {
	switch c.Kind {
	case render.Created:
		return "would be created"
	case render.ModeChanged:
		return fmt.Sprintf("mode would change from %04o to %04o", c.OldMode, c.File.Mode)
	default:
		return "would change"
	}
}

func printDiff(opts *renderOptions, c render.Change, r *secret.Redactor) {
	p := filepath.Join(opts.Out, c.File.Path)
	if c.Kind == render.ModeChanged {
		fmt.Fprintf(opts.IO.Out, "mode %s: %04o -> %04o\n", p, c.OldMode, c.File.Mode)
		return
	}
	old := "/dev/null"
	if c.Kind == render.Updated {
		old = p
	}
	fmt.Fprint(opts.IO.Out, textdiff.Unified(old, p, string(c.Old), string(c.File.Data), r.Document))
}

func printOne(opts *renderOptions, files []render.File, r *secret.Redactor) error {
	var names []string
	for _, f := range files {
		if f.Path == opts.Stdout {
			if opts.RevealSecrets && isTerminal(opts.IO.Out) {
				return usageErrorf("--reveal-secrets refuses to print secrets to a terminal; redirect standard output to a file")
			}
			data := string(f.Data)
			if !opts.RevealSecrets {
				data = r.Document(data)
			}
			_, err := fmt.Fprint(opts.IO.Out, data)
			return err
		}
		names = append(names, f.Path)
	}
	return usageErrorf("--stdout %s: no such output (outputs: %s)", opts.Stdout, strings.Join(names, ", "))
}

// siteError keeps site errors as they are: they already carry file:line.
func siteError(err error) error {
	var es site.Errors
	if errors.As(err, &es) && len(es) > 1 {
		return fmt.Errorf("%d problems in the site file:\n%w", len(es), err)
	}
	return err
}

// lintRendered lints every rendered heat.conf with the site's release and
// refuses the render when lint finds an error: what the model renders is
// clean, so an error comes from [overrides] (a removed option, a bad value).
func lintRendered(opts *renderOptions, release string, files []render.File, r *secret.Redactor) error {
	reg, err := schema.Embedded(release)
	if err != nil {
		return fatal(err)
	}
	l, err := lint.New(lint.Options{Registry: reg})
	if err != nil {
		return fatal(err)
	}
	var errs []lint.Finding
	for _, f := range files {
		if filepath.Base(f.Path) != "heat.conf" {
			continue
		}
		cf, err := conf.Parse(f.Path, f.Data)
		if err != nil {
			return fatal(fmt.Errorf("BUG: rendered %s does not parse: %w", f.Path, err))
		}
		for _, fd := range l.Lint([]*conf.File{cf}) {
			if fd.Severity == lint.Error {
				fd.Message = r.Message(fd.Message)
				errs = append(errs, fd)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	lint.Write(opts.IO.Err, "text", errs, lint.WriteOptions{})
	return fatal(fmt.Errorf("refusing to write: lint finds %d errors in the rendered heat.conf (fix the site's [overrides]); nothing was written", len(errs)))
}
