package schema

import (
	"slices"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/releases"
)

// RawGeneratorYAML is rawGeneratorYAML for the external tests.
func RawGeneratorYAML(t testing.TB, rel releases.Release) string { return rawGeneratorYAML(t, rel) }

// FreshEmbedded is loadEmbedded for the external tests: a registry nobody
// has looked anything up in.
func FreshEmbedded(release string) (*Registry, error) {
	rel, err := table.Lookup(release)
	if err != nil {
		return nil, err
	}
	return loadEmbedded(rel)
}

// BuiltGroups counts the groups some of whose options have been made.
func (r *Registry) BuiltGroups() (built, all int) {
	for _, g := range slices.Concat(r.order, r.dynamic) {
		all++
		g.madeMu.Lock()
		if g.mem.byName != nil || len(g.made) > 0 {
			built++
		}
		g.madeMu.Unlock()
	}
	return built, all
}

// MadeOptions counts the options of a group made so far.
func (r *Registry) MadeOptions(groupName string) int {
	g := r.group(conf.NormalizeGroup(groupName))
	g.madeMu.Lock()
	defer g.madeMu.Unlock()
	return len(g.made)
}
