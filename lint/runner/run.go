// Package runner runs lint as `heatconf lint` asks: it turns the command
// line's arguments into units (a file with its drop-ins, the files of a
// walked directory, standard input, --config-file and --config-dir),
// settles the settings from the command line and .heatconf.toml, reads and
// lints the units on every CPU with the engine (package lint), applies the
// fixes in memory and writes the findings as text, JSON, SARIF or GitHub
// workflow commands. Inputs made elsewhere (a site's rendered heat.conf)
// join a run through Job.Add.
package runner

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
)

// Settings are the choices of a lint run, from the command line and
// .heatconf.toml.
type Settings struct {
	Release string // release of the files (any spelling schema.LookupRelease accepts)
	Schema  string // option data of your own (oslo-config-generator YAML); wins over Release
	FailOn  string // the least severity that fails the run: error, warning or info
	Disable []string
	Enable  []string
	// Fragment: the files are parts of a configuration merged elsewhere
	// (see lint.Options.Fragment).
	Fragment bool
}

// Apply lays s over the defaults of c: c's release, schema and fail_on
// where set does not report the key as given on the command line ("release",
// "schema", "fail_on"), and c's disable and enable lists before s's. A nil
// c changes nothing.
func (c *Config) Apply(s Settings, set func(key string) bool) Settings {
	if c == nil {
		return s
	}
	if c.Release != "" && !set("release") {
		s.Release = c.Release
	}
	if c.Schema != "" && !set("schema") {
		s.Schema = c.Schema
	}
	if c.FailOn != "" && !set("fail_on") {
		s.FailOn = c.FailOn
	}
	s.Disable = append(slices.Clone(c.Disable), s.Disable...)
	s.Enable = append(slices.Clone(c.Enable), s.Enable...)
	s.Fragment = s.Fragment || c.Fragment
	return s
}

// UsageError is a mistake in what a run was asked to do (a setting, a
// format, a rule id), as opposed to a failure to do it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usageErrorf(format string, a ...any) error {
	return &UsageError{fmt.Errorf(format, a...)}
}

// Request is one lint run as a command asks for it.
type Request struct {
	Settings Settings
	// Set reports the settings the command line gave ("release", "schema",
	// "fail_on"); .heatconf.toml does not override them. Nil: none.
	Set    func(key string) bool
	Inputs Inputs
	// Fix applies the mechanical fixes in memory: the report has the
	// fixed files and the findings left after them.
	Fix bool
	// FixFrom, with Fix, applies only the fixes of findings of this
	// severity or worse (the zero value, Info: every fix).
	FixFrom lint.Severity
}

// Job is a request made ready: .heatconf.toml (found upward from the
// first argument, or the working directory) applied, the settings checked,
// the registry loaded. Inputs from elsewhere may be added before Run.
type Job struct {
	req      Request
	settings Settings
	failOn   lint.Severity
	registry *schema.Registry
	from     ReleaseFrom // what chose registry (see release.go)
	notes    []string
	units    []Unit
	findings []lint.Finding
}

// Prepare settles a request. Mistakes in it are *UsageError; a
// .heatconf.toml or option data file that cannot be read is another error.
func Prepare(req Request) (*Job, error) {
	if req.Set == nil {
		req.Set = func(string) bool { return false }
	}
	start := "."
	if len(req.Inputs.Args) > 0 && req.Inputs.Args[0] != "-" {
		start = filepath.Dir(req.Inputs.Args[0])
	}
	cfg, err := FindConfig(start)
	if err != nil {
		return nil, err
	}
	j := &Job{req: req, settings: cfg.Apply(req.Settings, req.Set), from: ReleaseFrom{Kind: FromDefault}}
	switch {
	case req.Set("release") || req.Set("schema"):
		j.from = ReleaseFrom{Kind: FromCommandLine}
	case cfg != nil && (cfg.Release != "" || cfg.Schema != ""):
		j.from = ReleaseFrom{Kind: FromConfig, File: cfg.Path}
	}
	if j.failOn, err = lint.ParseSeverity(j.settings.FailOn); err != nil {
		return nil, usageErrorf("--fail-on: %v", err)
	}
	if j.registry, err = loadRegistry(j.settings.Release, j.settings.Schema); err != nil {
		return nil, err
	}
	return j, nil
}

func loadRegistry(release, schemaFile string) (*schema.Registry, error) {
	if schemaFile == "" {
		reg, err := schema.Embedded(release)
		if err != nil {
			return nil, usageErrorf("--release: %v", err)
		}
		return reg, nil
	}
	f, _, err := boundedread.Open(schemaFile)
	if err != nil {
		return nil, fmt.Errorf("reading --schema: %w", err)
	}
	defer f.Close()
	reg, err := schema.LoadYAML(schemaFile, f)
	if err != nil {
		return nil, fmt.Errorf("--schema: %w", err) // err names the file
	}
	return reg, nil
}

// Registry is the option data the job lints with.
func (j *Job) Registry() *schema.Registry { return j.registry }

// Add gives the job inputs made elsewhere, reported before the request's
// own: findings (a site file's problems) and units (the heat.conf files a
// site renders), with reg, the option data of the release they are for
// (nil when they say none), and from, the input that says so (the site
// file's path). A job lints with one release: reg becomes the job's
// unless the command line chose a release or option data, which win over
// what the inputs say, as the inputs win over .heatconf.toml and the
// files' stamps (see release.go).
func (j *Job) Add(from string, reg *schema.Registry, units []Unit, findings []lint.Finding) {
	if reg != nil && j.from.Kind != FromCommandLine {
		j.registry, j.from = reg, ReleaseFrom{Kind: FromInput, File: from}
	}
	j.units = append(j.units, units...)
	j.findings = append(j.findings, findings...)
}

// Report is what a run found.
type Report struct {
	Findings []lint.Finding // with Fix, those left after the fixes
	Fixed    []FixedFile    // with Fix, the files the fixes change, in input order
	FailOn   lint.Severity
	Release  string // the release the files were linted as ("" for option data of one's own)
	// Heat is the Heat version of the release's data ("24.0.0"); "" for
	// option data of one's own.
	Heat string
	// ReleaseFrom says what chose the release (or the option data).
	ReleaseFrom ReleaseFrom
	// Notes are what people should know about the run that is no finding:
	// a stamp that names a release this build cannot lint with.
	Notes []string
	Files int // how many files were read
}

// Fixes counts the fixes applied.
func (r *Report) Fixes() int {
	n := 0
	for _, f := range r.Fixed {
		n += f.Fixes
	}
	return n
}

// Failed reports a finding at or above FailOn.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		if f.Severity >= r.FailOn {
			return true
		}
	}
	return false
}

// Run reads the inputs and lints them (and fixes them, in memory, when
// asked). Errors are as for Prepare; a file that cannot be read stops the
// run.
func (j *Job) Run() (*Report, error) {
	units, err := j.req.Inputs.Units()
	if err != nil {
		return nil, err
	}
	units = append(slices.Clone(j.units), units...)
	if j.from.Kind == FromDefault {
		j.releaseFromStamps(units)
	}
	l, err := lint.New(lint.Options{Registry: j.registry, Disable: j.settings.Disable, Enable: j.settings.Enable, Fragment: j.settings.Fragment})
	if err != nil {
		return nil, &UsageError{err}
	}
	results, err := lintUnits(l, units, j.req.Fix)
	if err != nil {
		return nil, err
	}
	rep := &Report{FailOn: j.failOn, Release: j.registry.Name(), ReleaseFrom: j.from, Notes: j.notes}
	if j.registry.Release().HeatVersion != "" {
		rep.Heat = j.registry.DataVersion()
	}
	for _, u := range units {
		rep.Files += len(u.inputs)
	}
	if j.req.Fix {
		if rep.Fixed, results, err = fixFrom(l, units, results, j.req.FixFrom); err != nil {
			return nil, err
		}
	}
	rep.Findings = append(l.Keep(j.findings), slices.Concat(results...)...)
	return rep, nil
}

// Run prepares and runs a request that needs nothing from elsewhere.
func Run(req Request) (*Report, error) {
	j, err := Prepare(req)
	if err != nil {
		return nil, err
	}
	return j.Run()
}
