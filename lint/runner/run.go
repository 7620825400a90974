// Package runner runs lint as `heatconf lint` asks: it turns the command
// line's arguments into units (a file with its drop-ins, the Heat files of
// a walked directory, standard input, --config-file and --config-dir),
// settles each unit's settings from the command line and the
// .heatconf.toml nearest above it, reads and lints the units on every CPU
// with the engine (package lint), applies the
// fixes in memory and writes the findings as text, JSON, SARIF or GitHub
// workflow commands. Inputs made elsewhere (a site's rendered heat.conf)
// join a run through Job.Add.
package runner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
)

// Settings are the choices of a lint run, from the command line and
// .heatconf.toml.
type Settings struct {
	Release string // release of the files (any spelling releases.Lookup accepts)
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
	// Config, when not "", is the one .heatconf.toml of the run: every
	// file is linted with its settings, and no other is read (--config).
	Config string
	// NoConfig: no .heatconf.toml is read (--no-config).
	NoConfig bool
	// Fix applies the mechanical fixes in memory: the report has the
	// fixed files and the findings left after them.
	Fix bool
	// FixFrom, with Fix, applies only the fixes of findings of this
	// severity or worse (the zero value, Info: every fix).
	FixFrom lint.Severity
}

// Job is a request made ready: the settings checked against the
// configuration of the working directory (its .heatconf.toml, found as
// for any file, or --config's), the registry loaded. Each file is linted
// with the settings of its own .heatconf.toml (see Inputs.Units): files
// under two of them, in one run, each get their own. Inputs from
// elsewhere may be added before Run.
type Job struct {
	req      Request
	configs  *configs
	base     *profile                    // the working directory's: standard input, added inputs
	profiles map[*Config]*profile        // by configuration (nil: none)
	regs     map[string]*schema.Registry // by release and option data file
	site     *ReleaseFrom                // an added input that chose a release (Add), with siteReg
	siteReg  *schema.Registry
	notes    []string
	units    []Unit
	findings []lint.Finding
}

// profile is how the files of one configuration are linted: the settings
// the command line and their .heatconf.toml make, and the release.
type profile struct {
	cfg      *Config // nil: none
	settings Settings
	failOn   lint.Severity
	registry *schema.Registry
	from     ReleaseFrom // what chose registry (see release.go)
	linter   *lint.Linter
	linted   *schema.Registry         // the registry linter was made for
	severity map[string]lint.Severity // the configuration's [severity]
}

// reseverity gives fs the severities the configuration sets for their
// rules.
func (p *profile) reseverity(fs []lint.Finding) []lint.Finding {
	if len(p.severity) == 0 {
		return fs
	}
	for i := range fs {
		if s, ok := p.severity[fs[i].Rule.ID]; ok {
			fs[i].Severity = s
		}
	}
	return fs
}

// Prepare settles a request. Mistakes in it are *UsageError; a
// .heatconf.toml or option data file that cannot be read is another error.
func Prepare(req Request) (*Job, error) {
	if req.Set == nil {
		req.Set = func(string) bool { return false }
	}
	j := &Job{req: req, profiles: map[*Config]*profile{}, regs: map[string]*schema.Registry{}}
	switch {
	case req.Config != "" && req.NoConfig:
		return nil, usageErrorf("--config and --no-config do not go together")
	case req.Config != "":
		cfg, err := LoadConfig(req.Config)
		if err != nil {
			if !strings.HasSuffix(req.Config, ".toml") {
				err = fmt.Errorf("%w (--config names a %s; lint a heat.conf by naming it, or with --config-file)", err, ConfigFile)
			}
			return nil, err
		}
		j.configs = newConfigs(configFixed, cfg)
	case req.NoConfig:
		j.configs = newConfigs(configNone, nil)
	default:
		j.configs = newConfigs(configSearch, nil)
	}
	return j, nil
}

// baseProfile is the profile of the working directory's configuration,
// made the first time it is needed: for standard input, added inputs and
// a run with no files.
func (j *Job) baseProfile() (*profile, error) {
	if j.base != nil {
		return j.base, nil
	}
	cfg, err := j.configs.forDir(".")
	if err != nil {
		return nil, err
	}
	p, err := j.profile(cfg)
	if err != nil {
		return nil, err
	}
	j.base = p
	return p, nil
}

// profile returns the profile of cfg, made the first time.
func (j *Job) profile(cfg *Config) (*profile, error) {
	if p, ok := j.profiles[cfg]; ok {
		return p, nil
	}
	p := &profile{cfg: cfg, settings: cfg.Apply(j.req.Settings, j.req.Set), from: ReleaseFrom{Kind: FromDefault}}
	if cfg != nil {
		p.severity = cfg.severity
	}
	var err error
	if p.failOn, err = lint.ParseSeverity(p.settings.FailOn); err != nil {
		return nil, usageErrorf("--fail-on: %v", err)
	}
	switch {
	case j.req.Set("release") || j.req.Set("schema"):
		p.from = ReleaseFrom{Kind: FromCommandLine}
	case j.site != nil:
		p.from, p.registry = *j.site, j.siteReg
	case cfg != nil && (cfg.Release != "" || cfg.Schema != ""):
		p.from = ReleaseFrom{Kind: FromConfig, File: cfg.Path}
	}
	if p.registry == nil {
		if p.registry, err = j.loadRegistry(p.settings.Release, p.settings.Schema); err != nil {
			if p.from.Kind == FromConfig {
				key := "release"
				if cfg.Schema != "" {
					key = "schema"
				}
				err = fmt.Errorf("%s%w", cfg.where(key), err)
			}
			return nil, err
		}
	}
	j.profiles[cfg] = p
	return p, nil
}

// newLinter makes the profile's linter for its registry, unless it has
// it.
func (p *profile) newLinter() error {
	if p.linter != nil && p.linted == p.registry {
		return nil
	}
	l, err := lint.New(lint.Options{Registry: p.registry, Disable: p.settings.Disable, Enable: p.settings.Enable, Fragment: p.settings.Fragment})
	if err != nil {
		return &UsageError{err}
	}
	p.linter, p.linted = l, p.registry
	return nil
}

// loadRegistry loads the option data of a release, or of a file, once a
// run.
func (j *Job) loadRegistry(release, schemaFile string) (*schema.Registry, error) {
	key := release + "\x00" + schemaFile
	if schemaFile != "" {
		key = "\x00" + schemaFile
	}
	if reg, ok := j.regs[key]; ok {
		return reg, nil
	}
	reg, err := loadRegistry(release, schemaFile)
	if err != nil {
		return nil, err
	}
	j.regs[key] = reg
	return reg, nil
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

// Registry is the option data the job lints with the files of the
// working directory's configuration (and standard input); nil when its
// settings are wrong (Run says how).
func (j *Job) Registry() *schema.Registry {
	p, err := j.baseProfile()
	if err != nil {
		return nil
	}
	return p.registry
}

// Add gives the job inputs made elsewhere, reported before the request's
// own: findings (a site file's problems) and units (the heat.conf files a
// site renders), with reg, the option data of the release they are for
// (nil when they say none), and from, the input that says so (the site
// file's path). The added units are linted with the working directory's
// configuration. reg becomes the release of every file unless the command
// line chose a release or option data, which win over what the inputs
// say, as the inputs win over .heatconf.toml and the files' stamps (see
// release.go).
func (j *Job) Add(from string, reg *schema.Registry, units []Unit, findings []lint.Finding) {
	if reg != nil && !j.req.Set("release") && !j.req.Set("schema") {
		j.site, j.siteReg = &ReleaseFrom{Kind: FromInput, File: from}, reg
		for _, p := range j.profiles {
			p.registry, p.from = reg, *j.site
		}
	}
	j.units = append(j.units, units...)
	j.findings = append(j.findings, findings...)
}

// Report is what a run found.
type Report struct {
	Findings []lint.Finding // with Fix, those left after the fixes
	Fixed    []FixedFile    // with Fix, the files the fixes change, in input order
	// FailOn is the least severity that fails the run for the files of
	// the first file's configuration (and for findings of no file of the
	// run: a site's); a file under another .heatconf.toml fails at its
	// fail_on (see FailOnOf).
	FailOn lint.Severity
	// Release is the release the files were linted as ("" for option
	// data of one's own, and when files were linted as different
	// releases: see Releases).
	Release string
	// Heat is the Heat version of the release's data ("24.0.0"); "" for
	// option data of one's own.
	Heat string
	// ReleaseFrom says what chose the release (or the option data); its
	// Kind is "" when different things chose for different files.
	ReleaseFrom ReleaseFrom
	// Releases are the releases the files were linted as, one for each
	// configuration the files were under, in the order of their first
	// file.
	Releases []Linted
	// Notes are what people should know about the run that is no finding:
	// a stamp that names a release this build cannot lint with.
	Notes []string
	Files int // how many files were read

	failOn  map[string]lint.Severity // file -> its fail_on, where not FailOn
	release map[string]string        // file -> its release
}

// Linted is a release some of a run's files were linted as.
type Linted struct {
	Release string      `json:"release"`
	Heat    string      `json:"heat,omitempty"`
	From    ReleaseFrom `json:"release_from"`
	Files   int         `json:"files"`
}

// Fixes counts the fixes applied.
func (r *Report) Fixes() int {
	n := 0
	for _, f := range r.Fixed {
		n += f.Fixes
	}
	return n
}

// FailOnOf is the least severity that fails the run in file.
func (r *Report) FailOnOf(file string) lint.Severity {
	if s, ok := r.failOn[file]; ok {
		return s
	}
	return r.FailOn
}

// ReleaseOf is the release file was linted as, when the run linted its
// files as more than one release ("" otherwise).
func (r *Report) ReleaseOf(file string) string {
	return r.release[file]
}

// WriteOptions are o with what the report says of its run: the files
// read and the release (or, for files linted as different releases, each
// release and each finding's).
func (r *Report) WriteOptions(o WriteOptions) WriteOptions {
	o.Release, o.Files, o.ReleaseFrom, o.Releases, o.ReleaseOf = r.Release, r.Files, nil, nil, nil
	if r.ReleaseFrom.Kind != "" {
		from := r.ReleaseFrom
		o.ReleaseFrom = &from
	}
	if len(r.Releases) > 1 {
		o.Releases = r.Releases
		if r.Release == "" {
			o.ReleaseOf = r.ReleaseOf
		}
	}
	return o
}

// Failed reports a finding at or above the fail_on of its file.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		if f.Severity >= r.FailOnOf(f.File) {
			return true
		}
	}
	return false
}

// Run reads the inputs and lints them (and fixes them, in memory, when
// asked), each file with the settings of its configuration. Errors are as
// for Prepare; a file that cannot be read stops the run.
func (j *Job) Run() (*Report, error) {
	units, err := j.req.Inputs.units(j.configs)
	if err != nil {
		return nil, err
	}
	units = append(slices.Clone(j.units), units...)
	profileOf := make([]*profile, len(units))
	var order []*profile
	members := map[*profile][]Unit{}
	for i, u := range units {
		var p *profile
		if u.cfgKnown {
			p, err = j.profile(u.cfg)
		} else {
			p, err = j.baseProfile()
		}
		if err != nil {
			return nil, err
		}
		profileOf[i] = p
		if _, ok := members[p]; !ok {
			order = append(order, p)
		}
		members[p] = append(members[p], u)
	}
	if len(order) == 0 {
		p, err := j.baseProfile()
		if err != nil {
			return nil, err
		}
		order = []*profile{p}
	}
	for _, p := range order {
		if p.from.Kind == FromDefault {
			j.releaseFromStamps(p, members[p])
		}
		if err := p.newLinter(); err != nil {
			return nil, err
		}
	}
	byIndex := func(i int) *profile { return profileOf[i] }
	results, err := lintUnitsWith(units, j.req.Fix, byIndex)
	if err != nil {
		return nil, err
	}
	rep := &Report{FailOn: order[0].failOn, Notes: j.notes}
	if j.req.Fix {
		if rep.Fixed, results, err = fixWith(units, results, j.req.FixFrom, byIndex); err != nil {
			return nil, err
		}
	}
	agree(units, results, profileOf)
	// findings added to the job (a site's) follow the rules of the first
	// configuration, as its fail_on does
	rep.Findings = append(order[0].linter.Keep(j.findings), slices.Concat(results...)...)
	j.summarize(rep, units, profileOf, order)
	return rep, nil
}

// summarize fills in the report's files, releases and fail_on.
func (j *Job) summarize(rep *Report, units []Unit, profileOf []*profile, order []*profile) {
	files := map[*profile]int{}
	for i, u := range units {
		rep.Files += len(u.inputs)
		files[profileOf[i]] += len(u.inputs)
	}
	for _, p := range order {
		l := Linted{Release: p.registry.Name(), From: p.from, Files: files[p]}
		if p.registry.Release().HeatVersion != "" {
			l.Heat = p.registry.DataVersion()
		}
		rep.Releases = append(rep.Releases, l)
	}
	first := rep.Releases[0]
	rep.Release, rep.Heat, rep.ReleaseFrom = first.Release, first.Heat, first.From
	for _, l := range rep.Releases[1:] {
		if l.Release != first.Release || l.Heat != first.Heat {
			rep.Release, rep.Heat = "", ""
		}
		if l.From != first.From {
			rep.ReleaseFrom = ReleaseFrom{}
		}
	}
	several := rep.Release == "" && len(rep.Releases) > 1
	for i, u := range units {
		p := profileOf[i]
		for _, in := range u.inputs {
			if p.failOn != rep.FailOn {
				if rep.failOn == nil {
					rep.failOn = map[string]lint.Severity{}
				}
				rep.failOn[in.name] = p.failOn
			}
			if several {
				if rep.release == nil {
					rep.release = map[string]string{}
				}
				rep.release[in.name] = p.registry.Name()
			}
		}
	}
}

// Run prepares and runs a request that needs nothing from elsewhere.
func Run(req Request) (*Report, error) {
	j, err := Prepare(req)
	if err != nil {
		return nil, err
	}
	return j.Run()
}

// agree runs the run-level check of the values every host of a deployment
// must agree on (lint.Agree) over what each unit said of them, and gives
// each finding to the unit of the file it is reported in, with that
// unit's severities; a unit whose configuration disables the rule said
// nothing (its *Shared is nil).
func agree(units []Unit, results [][]lint.Finding, profileOf []*profile) {
	if len(units) < 2 {
		return
	}
	hosts := make([]*lint.Shared, len(units))
	owner := map[string]int{}
	for i, u := range units {
		hosts[i] = u.shared
		for _, in := range u.inputs {
			owner[in.name] = i
		}
	}
	for _, f := range lint.Agree(hosts) {
		i, ok := owner[f.File]
		if !ok || !profileOf[i].linter.Enabled(f.Rule) {
			continue
		}
		results[i] = append(results[i], profileOf[i].reseverity([]lint.Finding{f})...)
	}
}
