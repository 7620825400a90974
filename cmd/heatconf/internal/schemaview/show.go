// Package schemaview lays out what `heatconf schema` shows people: a
// group's or an option's view (show), the facts of an option or a removal
// row by row, the sections of a diff, the list of releases, the references
// people type (GROUP.OPTION) and their completion. It reads the registry
// through schema's API; only the command uses it.
package schemaview

import (
	"fmt"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/diff"
	"github.com/heatconf/heatconf/schema/releases"
)

// GroupView is what a release knows of one group: its options and, for a
// group that loads a keystoneauth auth plugin, the plugin's options. A
// group the release no longer has carries its Removal instead.
type GroupView struct {
	Release       string           `json:"release"`
	Group         string           `json:"group"`
	Options       []*schema.Option `json:"options"`
	AuthType      string           `json:"auth_type,omitempty"`
	PluginOptions []*schema.Option `json:"plugin_options,omitempty"`
	// Pattern and NamedBy describe a group named at run time (see
	// schema.Registry.DynamicGroupOf); empty for others.
	Pattern string `json:"-"`
	NamedBy string `json:"-"`
	// Removed is set for a group the release no longer has.
	Removed *schema.Removal `json:"-"`
	// KnownAuthTypes counts the plugins --auth-type may name.
	KnownAuthTypes int `json:"-"`
}

// Group describes group name in r; authType picks the plugin whose options
// a plugin group lists ("" takes the group's usual one). An unknown group,
// or an auth type that does not apply, is an error that says what to write.
func Group(r *schema.Registry, name, authType string) (*GroupView, error) {
	canon, ok := r.Group(name)
	if !ok {
		if rm, removed := r.RemovedGroup(name); removed {
			return &GroupView{Release: r.Name(), Group: canon, Removed: &rm}, nil
		}
		return nil, fmt.Errorf("%s", Missing(r, name, "", ""))
	}
	v := &GroupView{Release: r.Name(), Group: canon, Options: r.Options(canon), KnownAuthTypes: len(r.AuthTypes())}
	v.Pattern, v.NamedBy, _ = r.DynamicGroupOf(canon)
	switch {
	case r.LoadsPlugin(canon):
		v.AuthType = authType
		if v.AuthType == "" {
			v.AuthType = r.DefaultAuthType(canon)
		}
		if v.PluginOptions, ok = r.PluginOptions(canon, v.AuthType); !ok {
			return nil, fmt.Errorf("--auth-type %q: not a keystoneauth plugin heatconf knows (known: %s)", v.AuthType, strings.Join(r.AuthTypes(), ", "))
		}
	case authType != "":
		return nil, fmt.Errorf("--auth-type: [%s] loads no keystoneauth plugin in %s", canon, r.Title())
	}
	return v, nil
}

// OptionView is what a release knows of one option, or, for an option it
// no longer has, what became of it.
type OptionView struct {
	Release string `json:"release"`
	// Via says how the name asked for reached the option ("deprecated-name",
	// "plugin", ...); empty for its own name.
	Via      string          `json:"via,omitempty"`
	Group    string          `json:"group,omitempty"` // set when removed
	Name     string          `json:"name,omitempty"`  // set when removed
	Option   *schema.Option  `json:"option,omitempty"`
	Removed  *schema.Removal `json:"removed,omitempty"`
	Releases diff.Lifespan   `json:"releases"`
}

// Option describes [group] key of r as authType's plugin would load it. An
// option neither known nor removed is an error that says what to write.
func Option(r *schema.Registry, group, key, authType string) (*OptionView, error) {
	canon := conf.NormalizeGroup(group)
	m, ok := r.Lookup(group, key, authType)
	if !ok {
		if rm, removed := r.Removed(canon, key); removed {
			return &OptionView{Release: r.Name(), Group: canon, Name: key, Removed: &rm, Releases: diff.Presence(releases.Upstream(), canon, key)}, nil
		}
		return nil, fmt.Errorf("%s", Missing(r, group, key, authType))
	}
	return &OptionView{Release: r.Name(), Via: m.Via, Option: m.Option, Releases: diff.Presence(releases.Upstream(), m.Option.Group, m.Option.Name)}, nil
}

// CompleteRef completes a GROUP.OPTION reference to r being typed: the
// groups that start with prefix (as "group."), or, once prefix names a
// group and its dot, that group's options.
func CompleteRef(r *schema.Registry, prefix string) []string {
	var out []string
	for _, g := range r.Groups() {
		if !strings.HasPrefix(prefix, g+".") {
			if strings.HasPrefix(g, prefix) {
				out = append(out, g+".")
			}
			continue
		}
		for _, o := range r.Options(g) {
			out = append(out, g+"."+o.Name)
		}
	}
	return out
}
