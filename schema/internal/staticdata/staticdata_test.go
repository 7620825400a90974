package staticdata

import (
	"reflect"
	"testing"

	"github.com/heatconf/heatconf/schema/internal/optdata"
)

// TestSharedOnce: every distinct option, group and plugin of the releases
// is one variable, shared by every release that has it. It logs how many
// the releases refer to and how many are stored:
//
//	go test ./schema/internal/staticdata -run SharedOnce -v
func TestSharedOnce(t *testing.T) {
	opts := map[*optdata.Opt]bool{}
	groups := map[*optdata.Group]bool{}
	plugins := map[*optdata.Plugin]bool{}
	optRefs, groupRefs, pluginRefs := 0, 0, 0
	for _, f := range files {
		for _, g := range append(append([]*optdata.Group(nil), f.Groups...), f.Dynamic...) {
			groupRefs++
			groups[g] = true
			for _, o := range g.Opts {
				optRefs++
				opts[o] = true
			}
		}
		for _, p := range f.Plugins {
			pluginRefs++
			plugins[p] = true
			for _, o := range p.Opts {
				optRefs++
				opts[o] = true
			}
		}
	}
	t.Logf("%d releases refer to %d options, %d groups and %d plugins; stored: %d options, %d groups, %d plugins",
		len(files), optRefs, groupRefs, pluginRefs, len(opts), len(groups), len(plugins))
	dupes := func(kind string, byName map[string][]any) {
		for name, list := range byName {
			for i := range list {
				for j := i + 1; j < len(list); j++ {
					if reflect.DeepEqual(list[i], list[j]) {
						t.Errorf("two equal %ss %s are stored", kind, name)
					}
				}
			}
		}
	}
	byName := map[string][]any{}
	for o := range opts {
		byName[o.Name] = append(byName[o.Name], o)
	}
	dupes("option", byName)
	byName = map[string][]any{}
	for g := range groups {
		byName[g.Name] = append(byName[g.Name], g)
	}
	dupes("group", byName)
	byName = map[string][]any{}
	for p := range plugins {
		byName[p.Name] = append(byName[p.Name], p)
	}
	dupes("plugin", byName)
}
