package schema

// A series may have data of more than one Heat version: its first release
// (2025.1 is Heat 24.0.0) and point releases that register options the
// first lacks (24.1.1 reads keystoneauth's options in [ec2authtoken]).
// The registry of an earlier version answers Lookup with what that version
// reads, and PointReleaseOf says from which later version of the series
// Heat reads a key it does not.

// PointReleaseOf reports, for a key Lookup does not find in the registry,
// the first point release of the registry's series, newer than its data,
// whose data has the key (with the same group and auth type rules as
// Lookup), and the option it means there: Heat reads the key from that
// version on. ok is false when the registry has the key or no newer point
// release of its series has it.
func (r *Registry) PointReleaseOf(groupName, key, authType string) (rel Release, m Match, ok bool) {
	if _, found := r.Lookup(groupName, key, authType); found {
		return Release{}, Match{}, false
	}
	for _, p := range r.pointReleases() {
		if m, found := p.Lookup(groupName, key, authType); found {
			return p.release, m, true
		}
	}
	return Release{}, Match{}, false
}

// PointReleaseOfGroup is PointReleaseOf for a whole group the registry
// lacks: the first newer point release of its series that has it.
func (r *Registry) PointReleaseOfGroup(name string) (Release, bool) {
	if _, found := r.Group(name); found {
		return Release{}, false
	}
	for _, p := range r.pointReleases() {
		if _, found := p.Group(name); found {
			return p.release, true
		}
	}
	return Release{}, false
}

// PointReleases are the releases whose data PointReleaseOf consults: the
// point releases of the registry's series newer than its data, oldest
// first.
func (r *Registry) PointReleases() []Release {
	var out []Release
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
func (r *Registry) WithRelease(rel Release, later ...*Registry) (*Registry, error) {
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
