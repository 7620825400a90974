package schema

// A series may have data of more than one Heat version: its first release
// (2025.1 is Heat 24.0.0) and point releases that register options the
// first lacks (24.1.1 reads keystoneauth's options in [ec2authtoken]).
// The registry of an earlier version answers Lookup with what that version
// reads, and PointReleaseOf says from which later version of the series
// Heat reads a key it does not.

import (
	"slices"
	"strings"

	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/releases"
)

// PointReleaseOf reports, for a key Lookup does not find in the registry,
// the first point release of the registry's series, newer than its data,
// whose data has the key (with the same group and auth type rules as
// Lookup), and the option it means there: Heat reads the key from that
// version on. ok is false when the registry has the key or no newer point
// release of its series has it.
func (r *Registry) PointReleaseOf(groupName, key, authType string) (rel releases.Release, m Match, ok bool) {
	if _, found := r.Lookup(groupName, key, authType); found {
		return releases.Release{}, Match{}, false
	}
	if !r.laterMayRead(key) {
		return releases.Release{}, Match{}, false
	}
	for _, p := range r.pointReleases() {
		if !p.mayRead(key) {
			continue
		}
		if m, found := p.Lookup(groupName, key, authType); found {
			return p.release, m, true
		}
	}
	return releases.Release{}, Match{}, false
}

// mayRead reports whether an option of the registry's data, in any group
// or plugin, has key for a name (namedAs): false means Lookup finds key
// nowhere. It costs a scan of the data where Lookup would make indexes;
// the answers for the first mayReadMemo keys are kept.
func (r *Registry) mayRead(key string) bool {
	if may, ok := r.mayReadKeys.Load(key); ok {
		return may.(bool)
	}
	if r.mayReadCount.Add(1) > mayReadMemo {
		// that many keys: index every name once rather than scan for each
		r.mayReadOnce.Do(r.indexNames)
		return r.mayReadNames[strings.ReplaceAll(key, "-", "_")]
	}
	may := r.scanFor(key)
	r.mayReadKeys.Store(key, may)
	return may
}

// indexNames makes mayReadNames: every name scanFor matches, '-' as '_'.
func (r *Registry) indexNames() {
	r.mayReadNames = map[string]bool{}
	r.eachOpts(func(opts []*optdata.Opt) bool {
		for _, oo := range opts {
			r.mayReadNames[strings.ReplaceAll(oo.Key(), "-", "_")] = true
			for _, d := range oo.Deprecated {
				r.mayReadNames[strings.ReplaceAll(d[1], "-", "_")] = true
			}
		}
		return false
	})
}

// laterMayRead answers mayRead for the built-in data of the registry's
// later point releases without making their registries (most keys a file
// lacks are no option of any release: a made-up or removed one), for the
// first laterScans keys; past them, and for registries of other data, it
// leaves the answer to the registries' mayRead, which keeps answers and
// indexes names.
func (r *Registry) laterMayRead(key string) bool {
	if !r.builtInLater || r.laterScans.Add(1) > laterScans {
		return true
	}
	for _, rel := range table.PointReleases(r.release) {
		f, err := embeddedData(rel)
		if err != nil || fileNames(f, key) {
			return true
		}
	}
	return false
}

// laterScans bounds the keys laterMayRead scans the data for.
const laterScans = 64

// fileNames is scanFor on data: whether an option of f, in any group or
// plugin, has key for a name.
func fileNames(f *optdata.File, key string) bool {
	inGroup := func(g *optdata.Group) bool { return anyNamedAs(g.Opts, key) }
	return slices.ContainsFunc(f.Groups, inGroup) || slices.ContainsFunc(f.Dynamic, inGroup) ||
		slices.ContainsFunc(f.Plugins, func(p *optdata.Plugin) bool { return anyNamedAs(p.Opts, key) })
}

// mayReadMemo bounds the keys whose mayRead answer a registry keeps: a
// file of a million made-up keys must not make a million entries. Past
// it, mayRead answers from an index of every name, made once.
const mayReadMemo = 4096

func (r *Registry) scanFor(key string) bool {
	return r.eachOpts(func(opts []*optdata.Opt) bool { return anyNamedAs(opts, key) })
}

// anyNamedAs reports whether one of opts has key for a name (namedAs).
func anyNamedAs(opts []*optdata.Opt, key string) bool {
	return slices.ContainsFunc(opts, func(oo *optdata.Opt) bool { return namedAs(oo, key) })
}

// eachOpts calls fn with the options of each group and plugin until true.
func (r *Registry) eachOpts(fn func([]*optdata.Opt) bool) bool {
	for _, g := range slices.Concat(r.order, r.dynamic) {
		for _, og := range g.srcs {
			if fn(og.Opts) {
				return true
			}
		}
	}
	for _, p := range r.plugins {
		if fn(p.Opts) {
			return true
		}
	}
	return false
}

// namedAs reports whether key is a name of the option: its dest or a
// deprecated name, with '-' and '_' taken as the same (every spelling
// Lookup can match, and a few more).
func namedAs(oo *optdata.Opt, key string) bool {
	if dashEqual(oo.Key(), key) {
		return true
	}
	for _, d := range oo.Deprecated {
		if dashEqual(d[1], key) {
			return true
		}
	}
	return false
}

// dashEqual compares names with '-' and '_' taken as the same.
func dashEqual(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == '-' {
			x = '_'
		}
		if y == '-' {
			y = '_'
		}
		if x != y {
			return false
		}
	}
	return true
}

// PointReleaseOfGroup is PointReleaseOf for a whole group the registry
// lacks: the first newer point release of its series that has it.
func (r *Registry) PointReleaseOfGroup(name string) (releases.Release, bool) {
	if _, found := r.Group(name); found {
		return releases.Release{}, false
	}
	for _, p := range r.pointReleases() {
		if _, found := p.Group(name); found {
			return p.release, true
		}
	}
	return releases.Release{}, false
}

// PointReleases are the releases whose data PointReleaseOf consults: the
// point releases of the registry's series newer than its data, oldest
// first.
func (r *Registry) PointReleases() []releases.Release {
	var out []releases.Release
	for _, p := range r.pointReleases() {
		out = append(out, p.release)
	}
	return out
}

// DataVersion names the Heat version the registry's data describes, for
// messages: "24.0.0", or "24.0.5 (data of 24.0.0)" for a version served by
// older data; the registry's name for data that is not a release's.
func (r *Registry) DataVersion() string {
	switch {
	case r.release.Asked != "":
		return r.release.Asked + " (data of " + r.heat + ")"
	case r.heat != "":
		return r.heat
	}
	return r.name
}

func (r *Registry) pointReleases() []*Registry {
	r.laterOnce.Do(func() {
		if r.laterFn != nil {
			r.later = r.laterFn()
		}
	})
	return r.later
}

// WithRelease returns a registry of the same data that describes rel (its
// HeatVersion is rel's when rel has one), and
// whose PointReleaseOf consults later (the registries of rel's series'
// newer point releases, oldest first). It is for option data that is not
// built in: an oslo-config-generator YAML of a release this build has no
// data of, and tests.
func (r *Registry) WithRelease(rel releases.Release, later ...*Registry) (*Registry, error) {
	name := registryName(rel)
	if rel.Name == "" {
		name = r.name
	}
	n, err := newRegistry(r.file, rel, name, r.extra)
	if err != nil {
		return nil, err
	}
	if rel.HeatVersion != "" {
		n.heat = rel.HeatVersion
	}
	if len(later) > 0 {
		l := append([]*Registry(nil), later...)
		n.laterFn = func() []*Registry { return l }
	}
	return n, nil
}
