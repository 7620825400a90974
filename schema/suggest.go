package schema

import (
	"slices"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/suggest"
)

// Suggest returns up to 3 option names in group closest to key (registered
// options, their deprecated names, and the options of the keystoneauth
// plugin authType, or the group's DefaultAuthType for ""), best first, for
// "did you mean". Only plausible typos are offered; none when key is known.
func (r *Registry) Suggest(groupName, key, authType string) []string {
	if _, ok := r.Lookup(groupName, key, authType); ok {
		return nil
	}
	canon := conf.NormalizeGroup(groupName)
	// a hyphenated key is read as nothing: offer the dest it was meant for
	if strings.Contains(key, "-") {
		if m, ok := r.Lookup(groupName, strings.ReplaceAll(key, "-", "_"), authType); ok {
			return []string{m.Option.Name}
		}
	}
	return r.optionIndex(canon, authType).Closest(key, 3)
}

// optionIndex returns the index of what Suggest offers in the group canon
// under authType: its registered options and those of the keystoneauth
// plugin it loads. Made on first use, kept for the registry's life: a file
// of many unknown keys asks it many times.
func (r *Registry) optionIndex(canon, authType string) *suggest.Index {
	g := r.group(canon)
	if g == nil {
		return nil
	}
	if !g.loadsPlugin {
		authType = ""
	} else if authType == "" {
		authType = r.DefaultAuthType(g.name)
	}
	key := [2]any{g, authType} // a dynamic group once for every name it matches
	if ix, ok := r.suggestIndexes.Load(key); ok {
		return ix.(*suggest.Index)
	}
	opts := g.m().opts
	if g.loadsPlugin {
		if po := r.pluginOf(g, authType); po != nil {
			opts = slices.Concat(opts, po.all())
		}
	}
	cands := make([]string, len(opts))
	for i, o := range opts {
		cands[i] = o.Name
	}
	ix, _ := r.suggestIndexes.LoadOrStore(key, suggest.NewIndex(cands))
	return ix.(*suggest.Index)
}

// SuggestGroup returns up to 3 group names closest to name, best first:
// the group oslo.config would have read had the case or spaces been right
// ([Default] -> DEFAULT, [ database ] -> database), then plausible typos.
func (r *Registry) SuggestGroup(name string) []string {
	if _, ok := r.Group(name); ok && name == conf.NormalizeGroup(name) {
		return nil
	}
	var out []string
	trimmed := strings.TrimSpace(name)
	if strings.EqualFold(trimmed, "DEFAULT") {
		out = append(out, "DEFAULT")
	} else if c, ok := r.Group(trimmed); ok && c != name {
		out = append(out, c)
	}
	r.groupIndexOnce.Do(func() { r.groupIndex = suggest.NewIndex(r.groupNames) })
	for _, c := range r.groupIndex.Closest(conf.NormalizeGroup(trimmed), 3) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}
