// Package diff compares the options of two Heat releases: groups and
// options added, removed and renamed, and the defaults, types, choices and
// ranges that changed. It reads the registries through schema's API.
package diff

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/schema"
)

// Diff is what changes in the options of Heat from one registry to another.
// It covers the options each group registers (keystoneauth plugin options
// are not compared) and ignores help texts.
type Diff struct {
	From string `json:"from"`
	To   string `json:"to"`

	GroupsAdded   []GroupChange `json:"groups_added"`
	GroupsRemoved []GroupChange `json:"groups_removed"`
	// Options of groups present in both.
	Added   []OptionRef `json:"added"`
	Removed []OptionRef `json:"removed"`
	// Renamed: an option of From that To reads only as a deprecated alias of
	// another option.
	Renamed        []Rename `json:"renamed"`
	DefaultChanged []Change `json:"default_changed"`
	TypeChanged    []Change `json:"type_changed"`
	ChoicesChanged []Change `json:"choices_changed"`
	BoundsChanged  []Change `json:"bounds_changed"`
	// Deprecated: options To marks deprecated for removal that From did not.
	Deprecated []Change `json:"deprecated"`
	// VariantOnly: options only From's variant has (a distribution's
	// patches or library versions: Debian's [heat_api] heat_api_root) that
	// To lacks. Heat did not remove them, so they are not in Removed or
	// GroupsRemoved.
	VariantOnly []OptionRef `json:"variant_only,omitempty"`
}

// GroupChange is a group added or removed, with its options.
type GroupChange struct {
	Group   string   `json:"group"`
	Options []string `json:"options"`
}

// OptionRef names an option.
type OptionRef struct {
	Group   string  `json:"group"`
	Name    string  `json:"name"`
	Type    string  `json:"type,omitempty"`
	Default *string `json:"default,omitempty"`
}

func (o OptionRef) String() string { return "[" + o.Group + "] " + o.Name }

// Rename is an option read under a new name or group.
type Rename struct {
	From OptionRef `json:"from"`
	To   OptionRef `json:"to"`
}

// Change is one attribute of an option that changed.
type Change struct {
	Group string `json:"group"`
	Name  string `json:"name"`
	From  string `json:"from"`
	To    string `json:"to"`
	// Added and Removed are the choices that came and went (choice
	// changes between two lists only).
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.GroupsAdded)+len(d.GroupsRemoved)+len(d.Added)+len(d.Removed)+len(d.Renamed)+
		len(d.DefaultChanged)+len(d.TypeChanged)+len(d.ChoicesChanged)+len(d.BoundsChanged)+len(d.Deprecated)+
		len(d.VariantOnly) == 0
}

func ref(o *schema.Option) OptionRef {
	return OptionRef{Group: o.Group, Name: o.Name, Type: o.Type, Default: o.Default}
}

// Compare lists what changes in the options from one registry to another.
func Compare(from, to *schema.Registry) *Diff {
	d := &Diff{From: from.Name(), To: to.Name(),
		GroupsAdded: []GroupChange{}, GroupsRemoved: []GroupChange{}, Added: []OptionRef{}, Removed: []OptionRef{},
		Renamed: []Rename{}, DefaultChanged: []Change{}, TypeChanged: []Change{}, ChoicesChanged: []Change{},
		BoundsChanged: []Change{}, Deprecated: []Change{}, VariantOnly: []OptionRef{}}
	// A registry read from generator YAML knows only the generator's
	// options: compare like with like.
	both := from.Release().Name != "" && to.Release().Name != ""
	keep := func(o *schema.Option) bool { return both || o.Source == "generator" }
	names := func(r *schema.Registry, n string) []string {
		var out []string
		for _, o := range r.Options(n) {
			if keep(o) {
				out = append(out, o.Name)
			}
		}
		return out
	}
	fromGroups, toGroups := from.Groups(), to.Groups()
	inFrom, inTo := map[string]bool{}, map[string]bool{}
	for _, n := range fromGroups {
		inFrom[n] = true
	}
	for _, n := range toGroups {
		inTo[n] = true
	}
	hasFrom := func(n string) bool { return inFrom[n] && (both || len(names(from, n)) > 0) }
	hasTo := func(n string) bool { return inTo[n] && (both || len(names(to, n)) > 0) }
	// own is the option of group gn named name (not an alias or a plugin's)
	own := func(r *schema.Registry, gn, name string) *schema.Option {
		if m, ok := r.Lookup(gn, name, ""); ok && m.Via == "" {
			return m.Option
		}
		return nil
	}
	for _, n := range toGroups {
		if hasTo(n) && !hasFrom(n) {
			d.GroupsAdded = append(d.GroupsAdded, GroupChange{Group: n, Options: names(to, n)})
		}
	}
	for _, n := range fromGroups {
		if hasFrom(n) && !hasTo(n) {
			var gone []string
			for _, o := range from.Options(n) {
				switch {
				case !keep(o):
				case o.Variant != "":
					d.VariantOnly = append(d.VariantOnly, ref(o))
				default:
					gone = append(gone, o.Name)
				}
			}
			if len(gone) > 0 {
				d.GroupsRemoved = append(d.GroupsRemoved, GroupChange{Group: n, Options: gone})
			}
		}
	}
	renamedTo := map[*schema.Option]bool{}
	for _, gn := range fromGroups {
		if !hasTo(gn) {
			// a removed group's options may live on under other names
			for _, o := range from.Options(gn) {
				if !keep(o) {
					continue
				}
				if m, ok := to.Lookup(gn, o.Name, ""); ok && m.Via != "plugin" && keep(m.Option) {
					d.Renamed = append(d.Renamed, Rename{From: ref(o), To: ref(m.Option)})
					renamedTo[m.Option] = true
				}
			}
			continue
		}
		for _, o := range from.Options(gn) {
			if !keep(o) {
				continue
			}
			n := own(to, gn, o.Name)
			if n == nil {
				if m, ok := to.Lookup(gn, o.Name, ""); ok && m.Via != "plugin" && keep(m.Option) {
					d.Renamed = append(d.Renamed, Rename{From: ref(o), To: ref(m.Option)})
					renamedTo[m.Option] = true
				} else if o.Variant != "" {
					d.VariantOnly = append(d.VariantOnly, ref(o))
				} else {
					d.Removed = append(d.Removed, ref(o))
				}
				continue
			}
			if !sameDefault(o.Default, n.Default) {
				d.DefaultChanged = append(d.DefaultChanged, Change{Group: gn, Name: o.Name, From: showDefault(o.Default), To: showDefault(n.Default)})
			}
			if o.Type != n.Type || o.ItemType != n.ItemType {
				d.TypeChanged = append(d.TypeChanged, Change{Group: gn, Name: o.Name, From: typeText(o), To: typeText(n)})
			}
			if a, b := choicesText(o), choicesText(n); a != b {
				c := Change{Group: gn, Name: o.Name, From: a, To: b}
				if o.TypeInfo != nil && o.TypeInfo.HasChoices && n.TypeInfo != nil && n.TypeInfo.HasChoices {
					c.Added, c.Removed = setDelta(o.Choices, n.Choices)
				}
				d.ChoicesChanged = append(d.ChoicesChanged, c)
			}
			if a, b := boundsText(o), boundsText(n); a != b {
				d.BoundsChanged = append(d.BoundsChanged, Change{Group: gn, Name: o.Name, From: a, To: b})
			}
			if n.DeprecatedForRemoval && !o.DeprecatedForRemoval {
				d.Deprecated = append(d.Deprecated, Change{Group: gn, Name: o.Name, To: n.DeprecatedReason})
			}
		}
	}
	for _, gn := range toGroups {
		if !hasFrom(gn) {
			continue
		}
		for _, o := range to.Options(gn) {
			if !keep(o) || own(from, gn, o.Name) != nil || renamedTo[o] {
				continue
			}
			d.Added = append(d.Added, ref(o))
		}
	}
	sort.SliceStable(d.Renamed, func(i, j int) bool {
		return d.Renamed[i].From.String() < d.Renamed[j].From.String()
	})
	return d
}

func sameDefault(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func showDefault(s *string) string {
	if s == nil {
		return "(none)"
	}
	if *s == "" {
		return `""`
	}
	return *s
}

func typeText(o *schema.Option) string {
	if o.ItemType != "" && o.ItemType != "string" {
		return o.Type + " of " + o.ItemType
	}
	return o.Type
}

func choicesText(o *schema.Option) string {
	if o.TypeInfo == nil || !o.TypeInfo.HasChoices {
		return "(any)"
	}
	c := append([]string(nil), o.Choices...)
	sort.Strings(c)
	for i := range c {
		c[i] = strconv.Quote(c[i])
	}
	return strings.Join(c, ", ")
}

func boundsText(o *schema.Option) string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	if o.Min == nil && o.Max == nil {
		return "(none)"
	}
	return f(o.Min) + ".." + f(o.Max)
}

// setDelta returns what b has that a lacks, and what a has that b lacks.
func setDelta(a, b []string) (added, removed []string) {
	in := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, x := range b {
		if !in(a, x) {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if !in(b, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}
