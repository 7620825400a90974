// Package releases is heatconf's table of OpenStack series and of the Heat
// versions it carries option data of: which names a release goes by (series
// number, code name, Heat version, distribution variant), where each one's
// data was read from, and how a name the user gives is looked up. It knows
// nothing of the options themselves (package schema loads those).
package releases

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/internal/suggest"
	"github.com/heatconf/heatconf/schema/internal/optdata"
)

// Series is one OpenStack release series, whether or not heatconf has
// option data of it.
type Series struct {
	Name      string // numbered name, e.g. "2025.1"
	Codename  string // e.g. "epoxy"
	HeatMajor int    // the Heat major version the series released, e.g. 24
}

// series are the OpenStack series heatconf knows by name, oldest first
// (openstack/releases data/series_status.yaml and deliverables/*/heat.yaml).
var series = []Series{
	{"2020.2", "victoria", 15},
	{"2021.1", "wallaby", 16},
	{"2021.2", "xena", 17},
	{"2022.1", "yoga", 18},
	{"2022.2", "zed", 19},
	{"2023.1", "antelope", 20},
	{"2023.2", "bobcat", 21},
	{"2024.1", "caracal", 22},
	{"2024.2", "dalmatian", 23},
	{"2025.1", "epoxy", 24},
	{"2025.2", "flamingo", 25},
	{"2026.1", "gazpacho", 26},
	{"2026.2", "hibiscus", 27},
}

// KnownSeries returns every series heatconf knows by name, with or without
// option data, oldest first.
func KnownSeries() []Series { return append([]Series(nil), series...) }

// Source says where a release's option data was read from: the
// python3-heat of a Debian suite, or Heat's source at a tag with the
// libraries of openstack/requirements' upper-constraints at a ref.
type Source struct {
	DebianSuite      string // e.g. "trixie"
	HeatTag          string // e.g. "24.1.1"
	UpperConstraints string // the openstack/requirements ref, e.g. "stable/2025.1"
}

// String gives "Debian trixie" or "heat 24.1.1, upper-constraints stable/2025.1".
func (s Source) String() string {
	switch {
	case s.DebianSuite != "":
		return "Debian " + s.DebianSuite
	case s.HeatTag != "" && s.UpperConstraints != "":
		return "heat " + s.HeatTag + ", upper-constraints " + s.UpperConstraints
	case s.HeatTag != "":
		return "heat " + s.HeatTag
	}
	return ""
}

// Release is one Heat version whose option data heatconf carries: the
// series it belongs to and where the data comes from.
type Release struct {
	Name        string // the series' numbered name, e.g. "2025.1"
	Codename    string // e.g. "epoxy"
	HeatMajor   int    // Heat's major version, e.g. 24
	HeatVersion string // the Heat version the option data was read from, e.g. "24.0.0"
	// Point is set for a point release of the series (24.1.1 in 2025.1):
	// data that is not the series' first. A series' name means its first.
	Point  bool
	Source Source
	// Asked is the Heat version the user named when the data is of another
	// one: "24.0.5" is served by the newest data at or below it in its
	// series (24.0.0). "" when the data is of the version asked for.
	Asked string
	// Variant is "" for upstream Heat (its source at the tag, with the
	// libraries upper-constraints pins), else the distribution whose
	// packages the data was read from ("debian"): a variant is named
	// "<release>-<variant>" ("2025.1-debian").
	Variant string
}

// VariantDebian is the variant of the option data read from the Heat that
// Debian packages, with Debian's patches (e.g. [heat_api] heat_api_root)
// and library versions.
const VariantDebian = "debian"

// variants are the distribution variants a release name may carry, as the
// suffix "-<variant>".
var variants = []string{VariantDebian}

// Default is the release used when a command is not told one. It is the
// same for render, lint and schema.
const Default = "2025.1"

// releases are the option data built in, one row per Heat version and
// variant, oldest first. Each series' first row is its first data; later
// rows of a series are its point releases (Point). Upstream rows
// (Variant "") are Heat's source at the tag with the libraries of
// upper-constraints (schema/gen/fromsource); variant rows are a
// distribution's packages (schema/gen/gen.sh). To add a Heat version: its
// files in schema/data, a row here, `go generate ./schema`.
var builtinRows = []Release{
	{Name: "2020.2", Codename: "victoria", HeatMajor: 15, HeatVersion: "15.0.0", Source: Source{HeatTag: "15.0.0", UpperConstraints: "victoria-eol"}},
	{Name: "2020.2", Codename: "victoria", HeatMajor: 15, HeatVersion: "15.0.0", Variant: VariantDebian, Source: Source{DebianSuite: "bullseye"}},
	{Name: "2021.1", Codename: "wallaby", HeatMajor: 16, HeatVersion: "16.0.0", Source: Source{HeatTag: "16.0.0", UpperConstraints: "wallaby-eol"}},
	{Name: "2021.2", Codename: "xena", HeatMajor: 17, HeatVersion: "17.0.0", Source: Source{HeatTag: "17.0.0", UpperConstraints: "xena-eol"}},
	{Name: "2022.1", Codename: "yoga", HeatMajor: 18, HeatVersion: "18.0.0", Source: Source{HeatTag: "18.0.0", UpperConstraints: "unmaintained/yoga"}},
	{Name: "2022.2", Codename: "zed", HeatMajor: 19, HeatVersion: "19.0.0", Source: Source{HeatTag: "19.0.0", UpperConstraints: "unmaintained/zed"}},
	{Name: "2022.2", Codename: "zed", HeatMajor: 19, HeatVersion: "19.0.0", Variant: VariantDebian, Source: Source{DebianSuite: "bookworm"}},
	{Name: "2023.1", Codename: "antelope", HeatMajor: 20, HeatVersion: "20.0.0", Source: Source{HeatTag: "20.0.0", UpperConstraints: "unmaintained/2023.1"}},
	{Name: "2023.2", Codename: "bobcat", HeatMajor: 21, HeatVersion: "21.0.0", Source: Source{HeatTag: "21.0.0", UpperConstraints: "2023.2-eol"}},
	{Name: "2024.1", Codename: "caracal", HeatMajor: 22, HeatVersion: "22.0.0", Source: Source{HeatTag: "22.0.0", UpperConstraints: "unmaintained/2024.1"}},
	{Name: "2024.2", Codename: "dalmatian", HeatMajor: 23, HeatVersion: "23.0.0", Source: Source{HeatTag: "23.0.0", UpperConstraints: "2024.2-eol"}},
	{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.0.0", Source: Source{HeatTag: "24.0.0", UpperConstraints: "stable/2025.1"}},
	{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.0.0", Variant: VariantDebian, Source: Source{DebianSuite: "trixie"}},
	{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.1.1", Point: true, Source: Source{HeatTag: "24.1.1", UpperConstraints: "stable/2025.1"}},
	{Name: "2025.2", Codename: "flamingo", HeatMajor: 25, HeatVersion: "25.0.0", Source: Source{HeatTag: "25.0.0", UpperConstraints: "stable/2025.2"}},
	{Name: "2025.2", Codename: "flamingo", HeatMajor: 25, HeatVersion: "25.0.1", Point: true, Source: Source{HeatTag: "25.0.1", UpperConstraints: "stable/2025.2"}},
	{Name: "2026.1", Codename: "gazpacho", HeatMajor: 26, HeatVersion: "26.0.0", Source: Source{HeatTag: "26.0.0", UpperConstraints: "stable/2026.1"}},
	// Heat 27.0.0 is not tagged in the source read: master 526defd06
	// (27.0.0.dev0) before it, with upper-constraints of master.
	{Name: "2026.2", Codename: "hibiscus", HeatMajor: 27, HeatVersion: "27.0.0", Source: Source{HeatTag: "master 526defd06 (27.0.0.dev0)", UpperConstraints: "master"}},
	{Name: "2026.2", Codename: "hibiscus", HeatMajor: 27, HeatVersion: "27.0.0", Variant: VariantDebian, Source: Source{DebianSuite: "sid"}},
}

// A Table is a set of rows of option data, oldest first. The built-in one
// (Builtin) is what the binary carries; package schema's tests make smaller
// ones to play a build with less data.
type Table struct {
	rows []Release
}

// NewTable makes a table of rows, which must be oldest first with each
// series' first data before its point releases (as the built-in rows are).
func NewTable(rows []Release) *Table { return &Table{rows: slices.Clone(rows)} }

var builtin = &Table{rows: builtinRows}

// Builtin is the table of the option data built into the binary.
func Builtin() *Table { return builtin }

// Lookup is Builtin().Lookup.
func Lookup(name string) (Release, error) { return builtin.Lookup(name) }

// Upstream is Builtin().Upstream.
func Upstream() []Release { return builtin.Upstream() }

// Variants is Builtin().Variants.
func Variants() []Release { return builtin.Variants() }

// All is Builtin().All.
func All() []Release { return builtin.All() }

// Names is Builtin().Names.
func Names() []string { return builtin.Names() }

// Upstream returns every upstream release with option data, oldest first
// (variants: Variants). The slice is a copy.
func (t *Table) Upstream() []Release {
	var out []Release
	for _, r := range t.rows {
		if r.Variant == "" {
			out = append(out, r)
		}
	}
	return out
}

// Variants returns every release with option data of a distribution's
// packages ("2025.1-debian"), oldest first.
func (t *Table) Variants() []Release {
	var out []Release
	for _, r := range t.rows {
		if r.Variant != "" {
			out = append(out, r)
		}
	}
	return out
}

// All returns Upstream and Variants together, oldest first, each variant
// after the upstream data of its Heat version.
func (t *Table) All() []Release { return slices.Clone(t.rows) }

// Names returns the accepted spellings of every release with data
// (series, code name, Heat version; "-<variant>" after one for a variant),
// sorted, for help texts and error messages.
func (t *Table) Names() []string {
	seen := map[string]bool{}
	var names []string
	for _, r := range t.rows {
		for _, n := range []string{r.Name, r.Codename, r.HeatVersion} {
			if r.Variant != "" {
				n += "-" + r.Variant
			}
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sortNames(names)
	return names
}

// sortNames sorts numbered names and versions numerically, before words.
func sortNames(names []string) {
	isNum := func(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
	slices.SortStableFunc(names, func(a, b string) int {
		switch {
		case isNum(a) != isNum(b):
			if isNum(a) {
				return -1
			}
			return 1
		case isNum(a):
			return optdata.CompareVersions(a, b)
		}
		return strings.Compare(a, b)
	})
}

// ErrUnknown is wrapped by the errors of Lookup (and of package schema's
// Embedded and Load) for a name that is no release heatconf knows: the
// caller's mistake, not a failure to read data.
var ErrUnknown = errors.New("unknown release")

// ErrNoData is wrapped by the errors of Lookup (and of schema's Embedded and Load)
// for a series or Heat version heatconf knows but has no option data of in
// this build (2024.1, caracal, Heat 22).
var ErrNoData = errors.New("no option data")

// versionRE matches a Heat version or its first parts; compiled on first
// use (a series' name or code name needs none).
var versionRE = &lazyRegexp{expr: `^([0-9]+)(?:\.([0-9]+)(?:\.([0-9]+))?)?$`}

// lazyRegexp is a regular expression compiled on first use.
type lazyRegexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool { return l.get().MatchString(s) }

func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }

// CompareVersions orders Heat versions numerically ("24.0.0" < "24.1.1" <
// "100.0.0").
func CompareVersions(a, b string) int { return optdata.CompareVersions(a, b) }

// Lookup finds the option data a release name means:
//
//   - a series, by number ("2025.1") or code name ("epoxy", any case), or
//     its Heat major version ("24", "heat-24"): the series' first data;
//   - a Heat version ("24.1.1", "heat-24.1.1"): that version's data, or, for
//     a version between known ones ("24.0.5"), the newest data at or below
//     it in its series, with Asked set to the version asked for.
//
// A series heatconf knows but has no data of gives an error wrapping
// ErrNoData; anything else it does not know, one wrapping ErrUnknown.
//
// Any of these followed by "-<variant>" ("2025.1-debian", "epoxy-debian",
// "24.0.0-debian") means the data of that variant (a distribution's
// packages) instead of upstream's.
func (t *Table) Lookup(name string) (Release, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "heat-")
	variant := ""
	for _, v := range variants {
		if base, ok := strings.CutSuffix(n, "-"+v); ok {
			n, variant = base, v
			break
		}
	}
	for _, s := range series {
		if n == s.Name || n == s.Codename {
			return t.firstOf(s, variant)
		}
	}
	m := versionRE.FindStringSubmatch(n)
	if m == nil {
		return Release{}, t.unknown(name)
	}
	major, err := strconv.Atoi(m[1])
	if err != nil {
		return Release{}, t.unknown(name)
	}
	s, ok := seriesOfMajor(major)
	if !ok {
		return Release{}, t.unknown(name)
	}
	if m[2] == "" { // the major alone
		return t.firstOf(s, variant)
	}
	version := n
	if m[3] == "" {
		version += ".0" // "24.1" is 24.1.0
	}
	var best *Release
	for i := range t.rows {
		r := &t.rows[i]
		if r.Name != s.Name || r.Variant != variant {
			continue
		}
		if r.HeatVersion == version {
			return *r, nil
		}
		if optdata.CompareVersions(r.HeatVersion, version) < 0 && (best == nil || optdata.CompareVersions(r.HeatVersion, best.HeatVersion) > 0) {
			best = r
		}
	}
	if best == nil {
		if _, err := t.firstOf(s, variant); err != nil {
			return Release{}, err
		}
		return Release{}, fmt.Errorf("%w for Heat %s%s in this build: %s (%s) has data of Heat %s only; known: %s",
			ErrNoData, version, variantSuffix(variant), s.Name+variantSuffix(variant), s.Codename, strings.Join(t.versionsOf(s, variant), ", "), strings.Join(t.knownList(), ", "))
	}
	r := *best
	r.Asked = version
	return r, nil
}

func (t *Table) unknown(name string) error {
	var names []string
	for _, s := range series {
		names = append(names, s.Name, s.Codename)
	}
	for _, r := range t.rows {
		if r.Variant != "" {
			names = append(names, r.Name+"-"+r.Variant, r.Codename+"-"+r.Variant)
		}
	}
	if s, ok := suggest.Closest(strings.ToLower(strings.TrimSpace(name)), names); ok {
		// the one it was likely meant to be, not every release there is
		return fmt.Errorf("%w %q: did you mean %q? ('heatconf schema list' lists the releases)", ErrUnknown, name, s)
	}
	return fmt.Errorf("%w %q (known: %s)", ErrUnknown, name, strings.Join(t.knownList(), ", "))
}

// knownList names every release with data for error messages:
// "2025.1 (epoxy, Heat 24.0.0)".
func (t *Table) knownList() []string {
	var out []string
	for _, r := range t.rows {
		out = append(out, r.Describe())
	}
	return out
}

// variantSuffix is "-<variant>" for a variant, "" for upstream.
func variantSuffix(variant string) string {
	if variant == "" {
		return ""
	}
	return "-" + variant
}

func seriesOfMajor(major int) (Series, bool) {
	for _, s := range series {
		if s.HeatMajor == major {
			return s, true
		}
	}
	return Series{}, false
}

// firstOf is the series' first data in a variant ("" upstream): its
// lowest Heat version that is not a point release (or the lowest at all).
func (t *Table) firstOf(s Series, variant string) (Release, error) {
	var first *Release
	for i := range t.rows {
		r := &t.rows[i]
		if r.Name != s.Name || r.Variant != variant {
			continue
		}
		if first == nil || (first.Point && !r.Point) || (first.Point == r.Point && optdata.CompareVersions(r.HeatVersion, first.HeatVersion) < 0) {
			first = r
		}
	}
	if first == nil {
		return Release{}, fmt.Errorf("%w for %s (%s, Heat %d) in this build; known: %s",
			ErrNoData, s.Name+variantSuffix(variant), s.Codename, s.HeatMajor, strings.Join(t.knownList(), ", "))
	}
	return *first, nil
}

// versionsOf lists the Heat versions a series has data of in a variant,
// oldest first.
func (t *Table) versionsOf(s Series, variant string) []string {
	var out []string
	for _, r := range t.rows {
		if r.Name == s.Name && r.Variant == variant {
			out = append(out, r.HeatVersion)
		}
	}
	return out
}

// PointReleases are the point releases in the table of r's series newer
// than r's data, oldest first: upstream's, for a variant's data too (a
// distribution's package of 24.0.0 is followed by Heat 24.1.1 as
// upstream's is).
func (t *Table) PointReleases(r Release) []Release {
	var out []Release
	for _, o := range t.rows {
		if o.Name == r.Name && o.Variant == "" && o.Point && optdata.CompareVersions(o.HeatVersion, r.HeatVersion) > 0 {
			out = append(out, o)
		}
	}
	return out
}

// Spec is the release's name as Lookup takes it back: "2025.1" for
// a series' first data, "24.1.1" for a point release, with "-<variant>"
// for a variant ("2025.1-debian").
func (r Release) Spec() string {
	if r.Point {
		return r.HeatVersion + variantSuffix(r.Variant)
	}
	return r.Name + variantSuffix(r.Variant)
}

// String gives "2025.1 (epoxy)" for a series' first data, "2025.1 (epoxy,
// Heat 24.1.1)" for a point release, "2025.1-debian (epoxy)" for a
// variant.
func (r Release) String() string {
	if r.Point {
		return r.Name + variantSuffix(r.Variant) + " (" + r.Codename + ", Heat " + r.HeatVersion + ")"
	}
	return r.Name + variantSuffix(r.Variant) + " (" + r.Codename + ")"
}

// Heat names the Heat the release means in messages: "2025.1" for a
// series' first data, "24.1.1" for a point release, "24.0.5 (data of
// 24.0.0)" for a version served by older data; "-<variant>" follows the
// name of a variant's.
func (r Release) Heat() string {
	switch {
	case r.Asked != "":
		return r.Asked + variantSuffix(r.Variant) + " (data of " + r.HeatVersion + ")"
	case r.Point:
		return r.HeatVersion + variantSuffix(r.Variant)
	}
	return r.Name + variantSuffix(r.Variant)
}

// Describe gives the series, code name and Heat version of the data:
// "2025.1 (epoxy, Heat 24.0.0)", "2025.1-debian (epoxy, Heat 24.0.0)".
func (r Release) Describe() string {
	return r.Name + variantSuffix(r.Variant) + " (" + r.Codename + ", Heat " + r.HeatVersion + ")"
}

// VariantSuffix is "-<variant>" for a variant's data ("-debian"), "" for
// upstream's.
func (r Release) VariantSuffix() string { return variantSuffix(r.Variant) }
