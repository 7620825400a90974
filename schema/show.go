package schema

import (
	"fmt"
	"strings"
)

// GroupView is what a release knows of one group: its options and, for a
// group that loads a keystoneauth auth plugin, the plugin's options. A
// group the release no longer has carries its Removal instead.
type GroupView struct {
	Release       string    `json:"release"`
	Group         string    `json:"group"`
	Options       []*Option `json:"options"`
	AuthType      string    `json:"auth_type,omitempty"`
	PluginOptions []*Option `json:"plugin_options,omitempty"`
	// Pattern and NamedBy describe a group named at run time (see
	// Registry.DynamicGroupOf); empty for others.
	Pattern string `json:"-"`
	NamedBy string `json:"-"`
	// Removed is set for a group the release no longer has.
	Removed *Removal `json:"-"`
	// KnownAuthTypes counts the plugins --auth-type may name.
	KnownAuthTypes int `json:"-"`
}

// ViewGroup describes group name; authType picks the plugin whose options
// a plugin group lists ("" takes the group's usual one). An unknown group,
// or an auth type that does not apply, is an error that says what to write.
func (r *Registry) ViewGroup(name, authType string) (*GroupView, error) {
	canon, ok := r.Group(name)
	if !ok {
		if rm, removed := r.RemovedGroup(name); removed {
			return &GroupView{Release: r.Name(), Group: canon, Removed: &rm}, nil
		}
		return nil, fmt.Errorf("%s", r.Missing(name, "", ""))
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
	Via      string   `json:"via,omitempty"`
	Group    string   `json:"group,omitempty"` // set when removed
	Name     string   `json:"name,omitempty"`  // set when removed
	Option   *Option  `json:"option,omitempty"`
	Removed  *Removal `json:"removed,omitempty"`
	Releases Lifespan `json:"releases"`
}

// ViewOption describes [group] key as authType's plugin would load it. An
// option neither known nor removed is an error that says what to write.
func (r *Registry) ViewOption(group, key, authType string) (*OptionView, error) {
	canon := NormalizeGroup(group)
	m, ok := r.Lookup(group, key, authType)
	if !ok {
		if rm, removed := r.Removed(canon, key); removed {
			return &OptionView{Release: r.Name(), Group: canon, Name: key, Removed: &rm, Releases: Presence(canon, key)}, nil
		}
		return nil, fmt.Errorf("%s", r.Missing(group, key, authType))
	}
	return &OptionView{Release: r.Name(), Via: m.Via, Option: m.Option, Releases: Presence(m.Option.Group, m.Option.Name)}, nil
}

// CompleteRef completes a GROUP.OPTION reference being typed: the groups
// that start with prefix (as "group."), or, once prefix names a group and
// its dot, that group's options.
func (r *Registry) CompleteRef(prefix string) []string {
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
