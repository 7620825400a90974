package schema

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Release is one OpenStack release that heatconf knows, with the Heat version
// whose option data was generated for it and the Debian suite that ships it.
type Release struct {
	Name        string // numbered name, e.g. "2025.1"
	Codename    string // e.g. "epoxy"
	HeatMajor   int    // Heat's major version, e.g. 24
	HeatVersion string // the packaged Heat version the option data comes from
	DebianSuite string // Debian suite whose python3-heat was read
}

// DefaultRelease is the release used when a command is not told one.
// It is the same for render, lint and schema.
const DefaultRelease = "2025.1"

// releases is ordered oldest first.
var releases = []Release{
	{Name: "2020.2", Codename: "victoria", HeatMajor: 15, HeatVersion: "15.0.0", DebianSuite: "bullseye"},
	{Name: "2022.2", Codename: "zed", HeatMajor: 19, HeatVersion: "19.0.0", DebianSuite: "bookworm"},
	{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.0.0", DebianSuite: "trixie"},
	{Name: "2026.2", Codename: "hibiscus", HeatMajor: 27, HeatVersion: "27.0.0", DebianSuite: "sid"},
}

// Releases returns every known release, oldest first. The slice is a copy.
func Releases() []Release {
	out := make([]Release, len(releases))
	copy(out, releases)
	return out
}

// ReleaseNames returns the accepted spellings of every release, sorted,
// for help texts and error messages.
func ReleaseNames() []string {
	var names []string
	for _, r := range releases {
		names = append(names, r.Name, r.Codename)
	}
	sort.Strings(names)
	return names
}

// ErrUnknownRelease is wrapped by the errors of LookupRelease, Embedded and
// Load for a name that is no release heatconf knows: the caller's mistake,
// not a failure to read data.
var ErrUnknownRelease = errors.New("unknown release")

// LookupRelease finds a release by its number ("2025.1"), its codename
// ("epoxy", any case) or its Heat major version ("heat-24" or "24").
func LookupRelease(name string) (Release, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "heat-")
	for _, r := range releases {
		if n == r.Name || n == r.Codename || n == fmt.Sprint(r.HeatMajor) {
			return r, nil
		}
	}
	return Release{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownRelease, name, strings.Join(quoted(ReleaseNames()), ", "))
}

// String gives "2025.1 (epoxy)".
func (r Release) String() string { return r.Name + " (" + r.Codename + ")" }

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
