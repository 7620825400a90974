package schema

import (
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
)

// withReleases makes schema read a release table of these rows for the
// test, as a build with other data would (not parallel).
func withReleases(t *testing.T, rows []releases.Release) {
	t.Helper()
	saved := table
	table = releases.NewTable(rows)
	t.Cleanup(func() { table = saved })
}

// debianOnly is the table with the upstream releases of the Heat versions
// Debian packages only (15.0.0, 19.0.0, 24.0.0, 27.0.0): the series between
// them have no data in it, as a build with less data would.
func debianOnly() []releases.Release {
	debian := map[string]bool{}
	for _, r := range releases.All() {
		if r.Variant == releases.VariantDebian {
			debian[r.HeatVersion] = true
		}
	}
	var rows []releases.Release
	for _, r := range releases.All() {
		if r.Variant == "" && debian[r.HeatVersion] {
			rows = append(rows, r)
		}
	}
	return rows
}

// epoxyPoint is debianOnly plus Heat 24.1.1 as a point release of 2025.1.
func epoxyPoint() []releases.Release {
	var rows []releases.Release
	for _, r := range debianOnly() {
		rows = append(rows, r)
		if r.HeatVersion == "24.0.0" {
			rows = append(rows, releases.Release{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.1.1", Point: true,
				Source: releases.Source{HeatTag: "24.1.1", UpperConstraints: "stable/2025.1"}})
		}
	}
	return rows
}

// TestEmbeddedAsked: a Heat version between known ones is served by older
// data, and the registry says so.
func TestEmbeddedAsked(t *testing.T) {
	reg, err := Embedded("24.0.5")
	if err != nil {
		t.Fatal(err)
	}
	if reg.HeatVersion() != "24.0.0" || reg.Release().Asked != "24.0.5" {
		t.Errorf("Embedded(24.0.5): Heat %s, %+v", reg.HeatVersion(), reg.Release())
	}
	if got, want := reg.Title(), "2025.1 (epoxy), Heat 24.0.5 (data of 24.0.0)"; got != want {
		t.Errorf("Title() = %q; want %q", got, want)
	}
	if first := embedded(t, "2025.1"); first == reg || first.Title() != "2025.1 (epoxy), Heat 24.0.0" {
		t.Errorf("2025.1: %q", first.Title())
	}
}

// TestEmbeddedVariant: the registry of a variant's release is that variant's.
func TestEmbeddedVariant(t *testing.T) {
	for _, spell := range []string{"2025.1", "2025.1-debian", "Zed-Debian", "heat-27.0.0-debian", "24.0.3-debian", "24.1.1-debian"} {
		rel, err := releases.Lookup(spell)
		if err != nil {
			t.Fatal(err)
		}
		reg, err := EmbeddedRelease(rel)
		if err != nil {
			t.Fatal(err)
		}
		if reg.Release().Variant != rel.Variant {
			t.Errorf("registry of %s: variant %q", rel, reg.Release().Variant)
		}
	}
}
