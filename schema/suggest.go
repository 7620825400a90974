package schema

import (
	"slices"
	"sort"
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
	var cands []string
	if g := r.group(canon); g != nil {
		for _, o := range g.m().opts {
			cands = append(cands, o.Name)
		}
		if g.loadsPlugin {
			if po := r.pluginOf(g, authType); po != nil {
				for _, o := range po.all() {
					cands = append(cands, o.Name)
				}
			}
		}
	}
	// a hyphenated key is read as nothing: offer the dest it was meant for
	if strings.Contains(key, "-") {
		if m, ok := r.Lookup(groupName, strings.ReplaceAll(key, "-", "_"), authType); ok {
			return []string{m.Option.Name}
		}
	}
	return closest(key, cands, 3)
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
	for _, c := range closest(conf.NormalizeGroup(trimmed), r.groupNames, 3) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// closest ranks candidates by edit distance to word (in half-edits: a
// change of case costs 1, any other edit 2, a swap of neighbours 2) and
// returns up to n that are near enough to be typos, best first, ties by
// name. The threshold is internal/suggest's.
func closest(word string, candidates []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	limit := 2 * max(2, len([]rune(word))/3)
	seen := map[string]bool{}
	var list []scored
	for _, c := range candidates {
		if seen[c] || c == word {
			continue
		}
		seen[c] = true
		if d := distance(word, c); d <= limit {
			list = append(list, scored{c, d})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].d != list[j].d {
			return list[i].d < list[j].d
		}
		return list[i].s < list[j].s
	})
	var out []string
	for i := 0; i < len(list) && i < n; i++ {
		out = append(out, list[i].s)
	}
	return out
}

// distance is internal/suggest's measure: Damerau-Levenshtein in
// half-edits, case-only changes costing half.
func distance(a, b string) int { return suggest.Distance(a, b) }
