package schema

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/releases"
)

func strOpt(name, dest string) *optdata.Opt {
	return &optdata.Opt{Name: name, Dest: dest, Type: optdata.Type{Name: "string value", Class: "String"}}
}

// syntheticEpoxy is a small 24.0.0 and a 24.1.1 that registers
// [ec2authtoken] region_name and a group of its own.
func syntheticEpoxy(t *testing.T) (first, point *Registry) {
	t.Helper()
	f0 := &optdata.File{HeatVersion: "24.0.0", Groups: []*optdata.Group{
		{Name: "DEFAULT", Opts: []*optdata.Opt{strOpt("host", "")}},
		{Name: "ec2authtoken", Opts: []*optdata.Opt{strOpt("auth_uri", "")}},
	}}
	f1 := &optdata.File{HeatVersion: "24.1.1", Groups: []*optdata.Group{
		f0.Groups[0],
		{Name: "ec2authtoken", Opts: []*optdata.Opt{strOpt("auth_uri", ""), strOpt("region-name", "region_name")}},
		{Name: "new_in_point", Opts: []*optdata.Opt{strOpt("x", "")}},
	}}
	rels := epoxyPoint()
	var r0, r1 releases.Release
	for _, r := range rels {
		switch r.HeatVersion {
		case "24.0.0":
			r0 = r
		case "24.1.1":
			r1 = r
		}
	}
	point, err := newRegistry(f1, r1, registryName(r1), nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := newRegistry(f0, releases.Release{}, "synthetic", nil)
	if err != nil {
		t.Fatal(err)
	}
	first, err = base.WithRelease(r0, point)
	if err != nil {
		t.Fatal(err)
	}
	return first, point
}

func TestPointReleaseOf(t *testing.T) {
	first, _ := syntheticEpoxy(t)
	tests := []struct {
		name, group, key string
		want             string // the point release's Heat version; "" none
	}{
		{"option only in the point release", "ec2authtoken", "region_name", "24.1.1"},
		{"group spelled in capitals", "EC2AuthToken", "region_name", "24.1.1"},
		{"option the first release has", "ec2authtoken", "auth_uri", ""},
		{"option in neither", "ec2authtoken", "nosuch", ""},
		{"a '-' spelling oslo.config does not read", "ec2authtoken", "region-name", ""},
		{"option of a group only in the point release", "new_in_point", "x", "24.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel, m, ok := first.PointReleaseOf(tt.group, tt.key, "")
			if got := rel.HeatVersion; got != tt.want || ok != (tt.want != "") {
				t.Fatalf("PointReleaseOf(%s, %s) = %q, %v; want %q", tt.group, tt.key, got, ok, tt.want)
			}
			if ok && (m.Option == nil || m.Option.Name != tt.key) {
				t.Errorf("match %+v", m)
			}
		})
	}
	if rel, ok := first.PointReleaseOfGroup("new_in_point"); !ok || rel.HeatVersion != "24.1.1" {
		t.Errorf("PointReleaseOfGroup(new_in_point) = %v, %v", rel, ok)
	}
	if _, ok := first.PointReleaseOfGroup("ec2authtoken"); ok {
		t.Error("PointReleaseOfGroup(ec2authtoken): the first release has it")
	}
	if got := first.PointReleases(); len(got) != 1 || got[0].HeatVersion != "24.1.1" {
		t.Errorf("PointReleases() = %v", got)
	}
	if first.DataVersion() != "24.0.0" {
		t.Errorf("DataVersion() = %q", first.DataVersion())
	}
}

// TestPointReleaseEmbedded: as soon as the build has data of a point
// release and its row, the registry of the series' first data knows which
// options Heat reads only from the point release on.
func TestPointReleaseEmbedded(t *testing.T) {
	withReleases(t, epoxyPoint())
	real24 := dataOf("24.0.0")
	if real24 == nil {
		t.Fatal("no data of 24.0.0")
	}
	// 24.1.1: 24.0.0's data with [ec2authtoken] region_name added
	f := *real24
	f.HeatVersion = "24.1.1"
	f.Groups = nil
	for _, g := range real24.Groups {
		if g.Name == "ec2authtoken" {
			ng := *g
			ng.Opts = append(append([]*optdata.Opt(nil), g.Opts...), strOpt("region-name", "region_name"))
			g = &ng
		}
		f.Groups = append(f.Groups, g)
	}
	saved := dataOf
	dataOf = func(v string) *optdata.File {
		if v == "24.1.1" {
			return &f
		}
		return saved(v)
	}
	t.Cleanup(func() {
		dataOf = saved
		cache.Delete(releaseKey(releases.Release{HeatVersion: "24.1.1"}))
	})

	rel, err := table.Lookup("2025.1")
	if err != nil {
		t.Fatal(err)
	}
	first, err := loadEmbedded(rel) // not the cached one, made with today's table
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := first.Lookup("ec2authtoken", "region_name", ""); ok {
		t.Fatal("24.0.0 has [ec2authtoken] region_name")
	}
	p, m, ok := first.PointReleaseOf("ec2authtoken", "region_name", "")
	if !ok || p.HeatVersion != "24.1.1" || !p.Point || m.Option.Group != "ec2authtoken" {
		t.Fatalf("PointReleaseOf = %+v, %+v, %v", p, m, ok)
	}
	point, err := Embedded("heat-24.1.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := point.Lookup("ec2authtoken", "region_name", ""); !ok || point.Title() != "2025.1 (epoxy), Heat 24.1.1" || point.Name() != "24.1.1" {
		t.Errorf("24.1.1: %q %q", point.Title(), point.Name())
	}
	if _, _, ok := point.PointReleaseOf("ec2authtoken", "nosuch", ""); ok {
		t.Error("24.1.1 has no later point release")
	}
	def, err := table.Lookup(releases.Default)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, in := range releases.Upstream() {
		if in.Name == "2025.1" {
			if _, err := Embedded(in.HeatVersion); err != nil {
				t.Errorf("%s: %v", in.HeatVersion, err)
			}
			rows = append(rows, in.HeatVersion+" "+in.Source.String())
			if in.Point == (in.HeatVersion == "24.0.0") || (in == def) != (in.HeatVersion == "24.0.0") {
				t.Errorf("%+v", in)
			}
		}
	}
	if got := strings.Join(rows, "; "); got != "24.0.0 heat 24.0.0, upper-constraints stable/2025.1; 24.1.1 heat 24.1.1, upper-constraints stable/2025.1" {
		t.Errorf("2025.1 rows: %s", got)
	}
}

// TestSeriesWithoutData: a series the build has no data of fails clearly,
// and works as soon as it has some (a synthetic 22.0.0 here).
func TestSeriesWithoutData(t *testing.T) {
	withReleases(t, debianOnly())
	for _, spell := range []string{"2024.1", "caracal", "22", "heat-22", "22.0.0"} {
		if _, err := Embedded(spell); err == nil || !strings.Contains(err.Error(), "no option data for 2024.1 (caracal, Heat 22) in this build; known: ") {
			t.Errorf("Embedded(%q): %v", spell, err)
		}
	}
	rows := append(debianOnly(), releases.Release{Name: "2024.1", Codename: "caracal", HeatMajor: 22, HeatVersion: "22.0.0", Source: releases.Source{HeatTag: "22.0.0", UpperConstraints: "stable/2024.1"}})
	slices.SortFunc(rows, func(a, b releases.Release) int { return optdata.CompareVersions(a.HeatVersion, b.HeatVersion) })
	withReleases(t, rows)
	saved := dataOf
	dataOf = func(v string) *optdata.File {
		if v == "22.0.0" {
			f := *saved("19.0.0")
			f.HeatVersion = "22.0.0"
			return &f
		}
		return saved(v)
	}
	t.Cleanup(func() {
		dataOf = saved
		cache.Delete(releaseKey(releases.Release{HeatVersion: "22.0.0"}))
	})
	for _, spell := range []string{"2024.1", "caracal", "Caracal", "heat-22", "22.0.0"} {
		reg, err := Embedded(spell)
		if err != nil {
			t.Fatalf("Embedded(%q): %v", spell, err)
		}
		if reg.HeatVersion() != "22.0.0" || reg.Title() != "2024.1 (caracal), Heat 22.0.0" {
			t.Errorf("Embedded(%q): %q", spell, reg.Title())
		}
	}
}

// TestMayReadEveryKeyLookupFinds checks mayRead against Lookup over every
// release: every name Lookup finds, in any group and under any auth type
// (dests, deprecated names, their '-' and '_' spellings), is one mayRead
// allows, and a name no option has is not.
func TestMayReadEveryKeyLookupFinds(t *testing.T) {
	for _, rel := range releases.Upstream() {
		r, err := loadEmbedded(rel)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		add := func(opts []*Option) {
			for _, o := range opts {
				names = append(names, o.Name)
				for _, a := range o.Deprecated {
					names = append(names, a.Name)
				}
			}
		}
		for _, g := range r.Groups() {
			add(r.Options(g))
			add(r.GeneratorOptions(g))
			for _, at := range r.AuthTypes() {
				opts, _ := r.PluginOptions(g, at)
				add(opts)
			}
		}
		type where struct{ group, authType string }
		var places []where
		for _, g := range append(r.Groups(), r.DynamicGroups()...) {
			places = append(places, where{g, ""})
			if r.LoadsPlugin(g) {
				for _, at := range r.AuthTypes() {
					places = append(places, where{g, at})
				}
			}
		}
		slices.Sort(names)
		names = slices.Compact(names)
		checked := 0
		for _, n := range names {
			for _, key := range []string{n, strings.ReplaceAll(n, "-", "_"), strings.ReplaceAll(n, "_", "-")} {
				found := false
				for _, p := range places {
					if _, ok := r.Lookup(p.group, key, p.authType); ok {
						found = true
						break
					}
				}
				if found && !r.mayRead(key) {
					t.Errorf("%s: Lookup finds %q, mayRead says no option has it", rel.HeatVersion, key)
				}
				checked++
			}
		}
		if checked == 0 {
			t.Fatalf("%s: no names", rel.HeatVersion)
		}
		if r.mayRead("no_such_option_anywhere") {
			t.Errorf("%s: mayRead allows a name no option has", rel.HeatVersion)
		}
	}
}

// TestMadeUpKeysAreNotRemembered looks up many keys no release has: the
// registry keeps nothing for them beyond mayRead's bounded answers, so a
// file of made-up keys cannot grow it without bound.
func TestMadeUpKeysAreNotRemembered(t *testing.T) {
	rel, err := table.Lookup("2025.1")
	if err != nil {
		t.Fatal(err)
	}
	r, err := loadEmbedded(rel)
	if err != nil {
		t.Fatal(err)
	}
	const n = mayReadMemo + 100
	for i := range n {
		key := fmt.Sprintf("made_up_%d", i)
		for _, g := range []string{"DEFAULT", "keystone_authtoken"} {
			if _, _, ok := r.PointReleaseOf(g, key, ""); ok {
				t.Fatalf("[%s] %s found", g, key)
			}
		}
	}
	count := func(m *sync.Map) int {
		c := 0
		m.Range(func(any, any) bool { c++; return true })
		return c
	}
	if c := count(&r.aliasAnswers); c != 0 {
		t.Errorf("%d deprecated-name answers kept", c)
	}
	for _, name := range []string{"DEFAULT", "keystone_authtoken"} {
		g := r.group(name)
		if c := count(&g.byKey); c != 0 {
			t.Errorf("[%s]: %d keys kept", name, c)
		}
		for at, po := range g.plugin {
			if po != nil {
				if c := count(&po.hits); c != 0 {
					t.Errorf("[%s] %s: %d keys kept", name, at, c)
				}
			}
		}
	}
	for _, p := range r.pointReleases() {
		if c := count(&p.mayReadKeys); c > mayReadMemo {
			t.Errorf("%s: %d mayRead answers kept", p.Name(), c)
		}
	}
	if len(r.pointReleases()) == 0 {
		t.Fatal("2025.1 has no point release to ask")
	}
}

// TestMayReadIndexIsTheScan: past mayReadMemo keys mayRead answers from an
// index of names; it answers what the scan does, for every name of the
// data in both spellings and for names no option has.
func TestMayReadIndexIsTheScan(t *testing.T) {
	rel, err := table.Lookup("24.1.1")
	if err != nil {
		t.Fatal(err)
	}
	r, err := loadEmbedded(rel)
	if err != nil {
		t.Fatal(err)
	}
	r.mayReadCount.Store(mayReadMemo) // every key from now on is past the memo
	keys := []string{"no_such_option", "", "-", "auth-url", "auth__url"}
	for _, g := range r.order {
		for _, og := range g.srcs {
			for _, oo := range og.Opts {
				keys = append(keys, oo.Key(), strings.ReplaceAll(oo.Key(), "_", "-"), oo.Key()+"x")
				for _, d := range oo.Deprecated {
					keys = append(keys, d[1], strings.ReplaceAll(d[1], "-", "_"))
				}
			}
		}
	}
	for _, key := range keys {
		if got, want := r.mayRead(key), r.scanFor(key); got != want {
			t.Errorf("mayRead(%q) = %v past the memo, the scan says %v", key, got, want)
		}
	}
}
