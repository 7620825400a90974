package schema

import (
	"fmt"
	"sort"
	"strings"
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
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.GroupsAdded)+len(d.GroupsRemoved)+len(d.Added)+len(d.Removed)+len(d.Renamed)+
		len(d.DefaultChanged)+len(d.TypeChanged)+len(d.ChoicesChanged)+len(d.BoundsChanged)+len(d.Deprecated) == 0
}

func ref(o *Option) OptionRef {
	return OptionRef{Group: o.Group, Name: o.Name, Type: o.Type, Default: o.Default}
}

// Compare lists what changes in the options from one registry to another.
func Compare(from, to *Registry) *Diff {
	d := &Diff{From: from.Name(), To: to.Name(),
		GroupsAdded: []GroupChange{}, GroupsRemoved: []GroupChange{}, Added: []OptionRef{}, Removed: []OptionRef{},
		Renamed: []Rename{}, DefaultChanged: []Change{}, TypeChanged: []Change{}, ChoicesChanged: []Change{},
		BoundsChanged: []Change{}, Deprecated: []Change{}}
	names := func(g *group) []string {
		var out []string
		for _, o := range g.opts {
			out = append(out, o.Name)
		}
		return out
	}
	for _, n := range to.groupNames {
		if _, ok := from.groups[n]; !ok {
			d.GroupsAdded = append(d.GroupsAdded, GroupChange{Group: n, Options: names(to.groups[n])})
		}
	}
	for _, n := range from.groupNames {
		if _, ok := to.groups[n]; !ok {
			d.GroupsRemoved = append(d.GroupsRemoved, GroupChange{Group: n, Options: names(from.groups[n])})
		}
	}
	renamedTo := map[*Option]bool{}
	for _, gn := range from.groupNames {
		tg := to.groups[gn]
		if tg == nil {
			// a removed group's options may live on under other names
			for _, o := range from.groups[gn].opts {
				if m, ok := to.Lookup(gn, o.Name, ""); ok && m.Via != "plugin" {
					d.Renamed = append(d.Renamed, Rename{From: ref(o), To: ref(m.Option)})
					renamedTo[m.Option] = true
				}
			}
			continue
		}
		for _, o := range from.groups[gn].opts {
			n := tg.byName[o.Name]
			if n == nil {
				if m, ok := to.Lookup(gn, o.Name, ""); ok && m.Via != "plugin" {
					d.Renamed = append(d.Renamed, Rename{From: ref(o), To: ref(m.Option)})
					renamedTo[m.Option] = true
				} else {
					d.Removed = append(d.Removed, ref(o))
				}
				continue
			}
			if !sameDefault(o.Default, n.Default) {
				d.DefaultChanged = append(d.DefaultChanged, Change{gn, o.Name, showDefault(o.Default), showDefault(n.Default)})
			}
			if o.Type != n.Type || o.ItemType != n.ItemType {
				d.TypeChanged = append(d.TypeChanged, Change{gn, o.Name, typeText(o), typeText(n)})
			}
			if a, b := choicesText(o), choicesText(n); a != b {
				d.ChoicesChanged = append(d.ChoicesChanged, Change{gn, o.Name, a, b})
			}
			if a, b := boundsText(o), boundsText(n); a != b {
				d.BoundsChanged = append(d.BoundsChanged, Change{gn, o.Name, a, b})
			}
			if n.DeprecatedForRemoval && !o.DeprecatedForRemoval {
				d.Deprecated = append(d.Deprecated, Change{gn, o.Name, "", n.DeprecatedReason})
			}
		}
	}
	for _, gn := range to.groupNames {
		if from.groups[gn] == nil {
			continue
		}
		for _, o := range to.groups[gn].opts {
			if from.groups[gn].byName[o.Name] != nil || renamedTo[o] {
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

func typeText(o *Option) string {
	if o.ItemType != "" && o.ItemType != "string" {
		return o.Type + " of " + o.ItemType
	}
	return o.Type
}

func choicesText(o *Option) string {
	if o.TypeInfo == nil || !o.TypeInfo.HasChoices {
		return "(any)"
	}
	c := append([]string(nil), o.Choices...)
	sort.Strings(c)
	return strings.Join(c, ", ")
}

func boundsText(o *Option) string {
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
