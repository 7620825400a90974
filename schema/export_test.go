package schema

import (
	"slices"
	"testing"
)

// RawGeneratorYAML is rawGeneratorYAML for the external tests.
func RawGeneratorYAML(t testing.TB, rel Release) string { return rawGeneratorYAML(t, rel) }

// FreshEmbedded is loadEmbedded for the external tests: a registry nobody
// has looked anything up in.
func FreshEmbedded(release string) (*Registry, error) {
	rel, err := LookupRelease(release)
	if err != nil {
		return nil, err
	}
	return loadEmbedded(rel)
}

// BuiltGroups counts the groups whose options have been made.
func (r *Registry) BuiltGroups() (built, all int) {
	for _, g := range slices.Concat(r.order, r.dynamic) {
		all++
		if g.mem.byName != nil {
			built++
		}
	}
	return built, all
}
