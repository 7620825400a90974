package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/textdiff"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

type lintOptions struct {
	IO  Streams
	Env func(string) (string, bool)

	Args    []string
	Sources []conf.Source // --config-file and --config-dir, in command line order
	Release string
	Schema  string
	Format  string
	FailOn  string
	Disable []string
	Enable  []string
	Fix     bool
	Diff    bool
	Site    string

	changed func(flag string) bool
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

func newLintCmd(io Streams, env func(string) (string, bool), runF func(*lintOptions) error) *cobra.Command {
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

Each FILE is linted on its own; a DIR means each *.conf in it; - reads standard
input. --config-file and --config-dir name the files one service reads together,
merged in oslo.config's order. A .heatconf.toml found upward from the first file
sets defaults (release, schema, fail_on, disable, enable).

Suppress a finding with a comment on the line above it:
  # heatconf: ignore=RULE[,RULE]

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error, 3 could not run.`,
		Example: `  heatconf lint /etc/heat/heat.conf
  heatconf lint --release zed --format json heat.conf
  heatconf lint --config-file /etc/heat/heat.conf --config-dir /etc/heat/heat.conf.d
  heatconf lint --fix --diff heat.conf          # preview the mechanical fixes
  heatconf lint --fix heat.conf                 # apply them, keeping every other line
  heatconf lint --format sarif deploy/ > heatconf.sarif
  heatconf lint --site site.toml                # the site file and the heat.conf it renders`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			opts.changed = c.Flags().Changed
			if len(args) == 0 && len(opts.Sources) == 0 && opts.Site == "" {
				return usageErrorf("lint needs files, directories, - for standard input, --config-file/--config-dir or --site\nRun 'heatconf lint --help' for usage.")
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
	f.StringVar(&opts.Release, "release", schema.DefaultRelease, "release of the files: "+strings.Join(schema.ReleaseNames(), ", "))
	f.StringVar(&opts.Schema, "schema", "", "option data of your own: oslo-config-generator --format yaml output")
	f.StringVar(&opts.Format, "format", "text", "output format: "+strings.Join(lint.Formats(), ", "))
	f.StringVar(&opts.FailOn, "fail-on", "error", "exit 1 on findings of this severity or worse: error, warning or info")
	f.StringSliceVar(&opts.Disable, "disable", nil, "turn rules off (repeatable, comma-separated)")
	f.StringSliceVar(&opts.Enable, "enable", nil, "turn rules back on that .heatconf.toml turns off")
	f.BoolVar(&opts.Fix, "fix", false, "rewrite the files with the mechanical fixes, keeping every other line")
	f.BoolVar(&opts.Diff, "diff", false, "with --fix: print the changes as a diff instead of writing")
	f.StringVar(&opts.Site, "site", "", "lint a site file and the heat.conf files it renders")
	return cmd
}

// unit is one configuration: files oslo.config reads together. Files on
// disk are read by the worker that lints the unit, so that reading,
// parsing and linting run on every CPU and a parsed file lives only as long
// as its unit is being linted (unless --fix needs it afterwards).
type unit struct {
	inputs []named // in order; a named with only a path is read when linted

	files []*conf.File
	errs  []lint.Finding // files that cannot be parsed
	modes map[string]uint32
	paths map[string]string // file name -> path on disk, for --fix
}

func lintRun(opts *lintOptions) error {
	start := "."
	if len(opts.Args) > 0 && opts.Args[0] != "-" {
		start = filepath.Dir(opts.Args[0])
	}
	cfg, err := lint.FindConfig(start)
	if err != nil {
		return fatal(err)
	}
	if cfg != nil {
		applyLintConfig(opts, cfg)
	}
	failOn, err := lint.ParseSeverity(opts.FailOn)
	if err != nil {
		return usageErrorf("--fail-on: %v", err)
	}
	if !slices.Contains(lint.Formats(), opts.Format) {
		return usageErrorf("--format %q: use one of %s", opts.Format, strings.Join(lint.Formats(), ", "))
	}
	reg, err := loadRegistry(opts.Release, opts.Schema)
	if err != nil {
		return err
	}
	var units []unit
	var siteFindings []lint.Finding
	if opts.Site != "" {
		u, fs, siteReg, err := siteUnits(opts)
		if err != nil {
			return err
		}
		units, siteFindings = append(units, u...), fs
		if siteReg != nil {
			reg = siteReg
		}
	}
	u, err := fileUnits(opts)
	if err != nil {
		return err
	}
	units = append(units, u...)

	l, err := lint.New(lint.Options{Registry: reg, Disable: opts.Disable, Enable: opts.Enable})
	if err != nil {
		return usageErrorf("%v", err)
	}
	results, err := lintUnits(units, l, opts.Fix)
	if err != nil {
		return fatal(err)
	}
	all := append(siteFindings, slices.Concat(results...)...)
	if opts.Fix {
		fixed, err := applyFixes(opts, units, results)
		if err != nil {
			return err
		}
		if opts.Diff {
			return nil
		}
		if fixed > 0 {
			// what is left after the fixes
			for i := range units {
				if err := reparse(&units[i]); err != nil {
					return fatal(err)
				}
			}
			left, err := lintUnits(units, l, true)
			if err != nil {
				return fatal(err)
			}
			all = append(siteFindings, slices.Concat(left...)...)
			fmt.Fprintf(opts.IO.Err, "heatconf: applied %d fixes\n", fixed)
		}
	}
	color := opts.Format == "text" && isTerminal(opts.IO.Out) && !envSet(opts.Env, "NO_COLOR")
	if err := lint.Write(opts.IO.Out, opts.Format, all, lint.WriteOptions{Color: color, Version: version}); err != nil {
		return fatal(err)
	}
	for _, f := range all {
		if f.Severity >= failOn {
			return silentExit(exitFindings)
		}
	}
	return nil
}

func envSet(env func(string) (string, bool), k string) bool {
	_, ok := env(k)
	return ok
}

func applyLintConfig(opts *lintOptions, c *lint.Config) {
	if c.Release != "" && !opts.changed("release") {
		opts.Release = c.Release
	}
	if c.Schema != "" && !opts.changed("schema") {
		opts.Schema = c.Schema
	}
	if c.FailOn != "" && !opts.changed("fail-on") {
		opts.FailOn = c.FailOn
	}
	opts.Disable = append(append([]string{}, c.Disable...), opts.Disable...)
	opts.Enable = append(append([]string{}, c.Enable...), opts.Enable...)
}

func loadRegistry(release, schemaFile string) (*schema.Registry, error) {
	if schemaFile != "" {
		f, err := os.Open(schemaFile)
		if err != nil {
			return nil, fatal(fmt.Errorf("reading --schema: %w", err))
		}
		defer f.Close()
		reg, err := schema.LoadYAML(schemaFile, f)
		if err != nil {
			return nil, fatal(fmt.Errorf("reading --schema %s: %w", schemaFile, err))
		}
		return reg, nil
	}
	reg, err := schema.Embedded(release)
	if err != nil {
		return nil, usageErrorf("--release: %v", err)
	}
	return reg, nil
}

// fileUnits turns the positional arguments (each file its own unit; a
// directory's *.conf files each their own) and the --config-file and
// --config-dir list (one unit) into units. Standard input is read here;
// files are read when their unit is linted.
func fileUnits(opts *lintOptions) ([]unit, error) {
	var units []unit
	for _, arg := range opts.Args {
		if arg == "-" {
			data, err := io.ReadAll(opts.IO.In)
			if err != nil {
				return nil, fatal(fmt.Errorf("reading standard input: %w", err))
			}
			units = append(units, unit{inputs: []named{{name: "<stdin>", data: data}}})
			continue
		}
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, fatal(fmt.Errorf("reading %s: %w", arg, err))
		}
		if fi.IsDir() {
			paths, err := confFiles(arg)
			if err != nil {
				return nil, fatal(err)
			}
			for _, p := range paths {
				units = append(units, unit{inputs: []named{{name: p, path: p}}})
			}
			continue
		}
		units = append(units, unit{inputs: []named{{name: arg, path: arg}}})
	}
	if len(opts.Sources) > 0 {
		var ns []named
		for _, s := range opts.Sources {
			paths := []string{s.ConfigFile}
			if s.ConfigDir != "" {
				ps, err := confFiles(s.ConfigDir)
				if err != nil {
					return nil, fatal(err)
				}
				paths = ps
			}
			for _, p := range paths {
				ns = append(ns, named{name: p, path: p})
			}
		}
		units = append(units, unit{inputs: ns})
	}
	return units, nil
}

// named is one input: its contents (data, for standard input and rendered
// files) or the path it is read from.
type named struct {
	name string
	data []byte
	path string
}

// confFiles lists DIR/*.conf sorted, as oslo.config's --config-dir does.
func confFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading directory %s: %w", dir, err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".conf") && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// load reads and parses the unit's inputs; a file oslo.config cannot read
// becomes a parse-error finding, a file that cannot be read an error.
func (u *unit) load() error {
	u.files, u.errs = nil, nil
	u.modes, u.paths = map[string]uint32{}, map[string]string{}
	for _, n := range u.inputs {
		data := n.data
		if n.path != "" {
			f, err := os.Open(n.path)
			if err != nil {
				return fmt.Errorf("reading %s: %w", n.path, err)
			}
			fi, err := f.Stat()
			if err == nil {
				data, err = io.ReadAll(f)
			}
			f.Close()
			if err != nil {
				return fmt.Errorf("reading %s: %w", n.path, err)
			}
			u.modes[n.name] = uint32(fi.Mode().Perm())
			u.paths[n.name] = n.path
		}
		f, err := conf.Parse(n.name, data)
		if err != nil {
			if fd, ok := lint.ParseErrorFinding(err); ok {
				u.errs = append(u.errs, fd)
				continue
			}
			u.errs = append(u.errs, lint.Finding{File: n.name, Line: 1, Column: 1, Rule: "parse-error", Severity: lint.Error, Message: err.Error()})
			continue
		}
		u.files = append(u.files, f)
	}
	return nil
}

// reparse reads the unit's files on disk again (after --fix).
func reparse(u *unit) error {
	for i, f := range u.files {
		p, ok := u.paths[f.Name]
		if !ok {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		nf, err := conf.Parse(f.Name, data)
		if err != nil {
			return fmt.Errorf("BUG: the fixed %s does not parse: %w", p, err)
		}
		u.files[i] = nf
	}
	return nil
}

// lintUnits reads, parses and lints the units on every CPU and returns each
// unit's findings, in the units' order. Units already loaded (after --fix)
// are not read again. Parsed files are kept only when keep is set.
func lintUnits(units []unit, l *lint.Linter, keep bool) ([][]lint.Finding, error) {
	results := make([][]lint.Finding, len(units))
	errs := make([]error, len(units))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(units)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				u := &units[i]
				if u.modes == nil {
					if errs[i] = u.load(); errs[i] != nil {
						continue
					}
				}
				fs := append([]lint.Finding{}, u.errs...)
				results[i] = append(fs, l.LintModes(u.files, u.modes)...)
				if !keep {
					u.files, u.modes, u.paths = nil, nil, nil
				}
			}
		}()
	}
	for i := range units {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// applyFixes writes (or, with --diff, shows) every file's fixes.
func applyFixes(opts *lintOptions, units []unit, results [][]lint.Finding) (int, error) {
	total := 0
	for i, u := range units {
		for _, f := range u.files {
			data, n := lint.ApplyFixes(f, results[i])
			if n == 0 || bytes.Equal(data, f.Src) {
				continue
			}
			total += n
			if opts.Diff {
				fmt.Fprint(opts.IO.Out, textdiff.Unified(f.Name, f.Name+" (fixed)", string(f.Src), string(data), secret.Structure))
				continue
			}
			p, ok := u.paths[f.Name]
			if !ok {
				return total, usageErrorf("--fix cannot rewrite %s; lint a file on disk", f.Name)
			}
			fi, err := os.Stat(p)
			if err != nil {
				return total, fatal(err)
			}
			if err := atomicfile.WriteFile(p, data, fi.Mode().Perm()); err != nil {
				return total, fatal(err)
			}
		}
	}
	return total, nil
}

// siteUnits lints a site file (its problems become findings) and renders it
// in memory, so that each heat.conf it makes is linted too.
// The registry of the site's release is returned unless --release or
// --schema chose one.
func siteUnits(opts *lintOptions) ([]unit, []lint.Finding, *schema.Registry, error) {
	s, err := site.Load(opts.Site, opts.Env)
	if err != nil {
		var es site.Errors
		var e *site.Error
		switch {
		case errors.As(err, &es):
			return nil, siteFindings(es), nil, nil
		case errors.As(err, &e):
			return nil, siteFindings(site.Errors{e}), nil, nil
		}
		return nil, nil, nil, fatal(err)
	}
	var reg *schema.Registry
	if !opts.changed("release") && !opts.changed("schema") {
		if reg, err = schema.Embedded(s.Release); err != nil {
			return nil, nil, nil, fatal(err)
		}
	}
	r, err := render.New()
	if err != nil {
		return nil, nil, nil, fatal(err)
	}
	files, err := r.Render(s, render.Options{})
	if err != nil {
		return nil, nil, nil, fatal(err)
	}
	var units []unit
	for _, f := range files {
		if filepath.Base(f.Path) != "heat.conf" {
			continue
		}
		units = append(units, unit{inputs: []named{{name: opts.Site + ": " + f.Path, data: f.Data}}})
	}
	return units, nil, reg, nil
}

func siteFindings(es site.Errors) []lint.Finding {
	var out []lint.Finding
	for _, e := range es {
		msg := e.Msg
		if e.Key != "" {
			msg = e.Key + ": " + msg
		}
		if e.Hint != "" {
			msg += "; " + e.Hint
		}
		out = append(out, lint.Finding{File: e.File, Line: max(e.Line, 1), Column: max(e.Col, 1), Rule: "site", Severity: lint.Error, Message: msg})
	}
	return out
}
