package schema

import (
	"fmt"
	"sort"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/internal/optdata"
)

// What the exporters (schema/dump) read beyond lookups: the option data as
// oslo-config-generator states it. The records' type is internal to
// schema, so only packages under schema/ can use them.

// Data is the option's record in the option data: the name as registered
// (with its dashes), the raw default and sample default, the choices with
// their descriptions, the exact bounds and the generator's flags.
func (o *Option) Data() *optdata.Opt { return o.src }

// GroupData is the data's record of a group (of its first spelling when
// the data spells it two ways); nil for a group the release lacks.
func (r *Registry) GroupData(groupName string) *optdata.Group {
	g := r.group(conf.NormalizeGroup(groupName))
	if g == nil || len(g.srcs) == 0 {
		return nil
	}
	return g.srcs[0]
}

// GeneratorOptions returns the options oslo-config-generator lists in a
// group, in its order: the sample plugin's options included, those Heat
// registers at run time left out.
func (r *Registry) GeneratorOptions(groupName string) []*Option {
	g := r.group(conf.NormalizeGroup(groupName))
	if g == nil {
		return nil
	}
	return append([]*Option(nil), g.m().gen...)
}

// Namespaces returns the oslo.config.opts entry points that list the
// generator's options, in the order the data first names them.
func (r *Registry) Namespaces() []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range r.order {
		for _, o := range g.m().gen {
			if o.Namespace != "" && !seen[o.Namespace] {
				seen[o.Namespace] = true
				out = append(out, o.Namespace)
			}
		}
	}
	return out
}

// AuthPluginOptions returns the options the keystoneauth plugin authType
// declares, in no group (Group ""), sorted by name; nil for an auth type
// the release lacks. An option the data describes wrongly is an error.
func (r *Registry) AuthPluginOptions(authType string) ([]*Option, error) {
	p := r.plugins[authType]
	if p == nil {
		return nil, nil
	}
	var out []*Option
	for _, oo := range p.Opts {
		o, err := newOption("", oo)
		if err != nil {
			return nil, fmt.Errorf("auth plugin %s: option %s: %w", authType, oo.Name, err)
		}
		o.Plugin, o.Source = authType, "keystoneauth"
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
