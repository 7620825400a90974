package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/heatconf/heatconf/schema/internal/compact"
	"github.com/heatconf/heatconf/schema/internal/staticdata"
	"github.com/heatconf/heatconf/schema/releases"
)

// rawGeneratorYAML is the oslo-config-generator output a release's data was
// made from.
func rawGeneratorYAML(t testing.TB, rel releases.Release) string {
	t.Helper()
	if f := staticdata.LookupVariant(rel.HeatVersion, rel.Variant); f != nil && len(f.Sources) > 0 {
		return filepath.Join("data", f.Sources[0])
	}
	t.Fatalf("no generator YAML for %s", rel)
	return ""
}

// TestLoadYAMLMatchesEmbedded: a registry read from the generator YAML
// alone has the same options, types, defaults and bounds as the embedded
// one, but where the embedded data says Heat reads another default
// (GeneratorDefault: the generator's is the YAML's).
func TestLoadYAMLMatchesEmbedded(t *testing.T) {
	for _, rel := range releases.All() {
		f, err := os.Open(rawGeneratorYAML(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		custom, err := LoadYAML("", f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if custom.Release() != (releases.Release{}) || custom.Name() != "custom" {
			t.Errorf("LoadYAML: release %+v, name %q", custom.Release(), custom.Name())
		}
		emb, err := EmbeddedRelease(rel)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range emb.Groups() {
			for _, o := range emb.Options(g) {
				if o.Source != "generator" {
					continue
				}
				m, ok := custom.Lookup(g, o.Name, "")
				if !ok {
					t.Errorf("%s: [%s] %s not in LoadYAML's registry", rel.Name, g, o.Name)
					continue
				}
				c := m.Option
				def := o.Default
				if o.DefaultSetBy != "" || o.DefaultNote != "" {
					def = o.GeneratorDefault
				}
				if c.Type != o.Type || !reflect.DeepEqual(c.Default, def) || !reflect.DeepEqual(c.Min, o.Min) ||
					!reflect.DeepEqual(c.Max, o.Max) || !reflect.DeepEqual(c.Choices, o.Choices) {
					t.Errorf("%s: [%s] %s differs: yaml %s %v %v %v %v, embedded %s %v %v %v %v", rel.Name, g, o.Name,
						c.Type, deref(c.Default), c.Min, c.Max, c.Choices, o.Type, deref(o.Default), o.Min, o.Max, o.Choices)
				}
			}
		}
		// plugin options come from the embedded default release
		if m, ok := custom.Lookup("keystone_authtoken", "username", ""); !ok || m.Via != "plugin" {
			t.Errorf("%s: LoadYAML registry lacks keystoneauth plugin options", rel.Name)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestCompactDataUpToDate: the Go static data in internal/staticdata is
// byte for byte what schema/gen/compact makes from the YAML files in data
// (go generate ./schema was run), no generated file is left over, and the
// compiled data holds what the YAML says. Making it also checks that the
// Go formatting of every default equals what oslo.config printed
// (optdata.AddTypes).
func TestCompactDataUpToDate(t *testing.T) {
	const dir = "internal/staticdata"
	files, data, err := compact.Generate("data", "staticdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 4 {
		t.Fatalf("data has %d Heat versions", len(data))
	}
	made := map[string]bool{}
	for _, f := range files {
		made[f.Name] = true
		old, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil || !bytes.Equal(old, f.Src) {
			t.Errorf("%s/%s is missing or stale: run go generate ./schema", dir, f.Name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if made[e.Name()] {
			continue
		}
		if src, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && compact.IsGenerated(src) {
			t.Errorf("%s/%s is left over: run go generate ./schema", dir, e.Name())
		}
	}
	var versions, variants []string
	for _, d := range data {
		if d.Variant == "" {
			versions = append(versions, d.HeatVersion)
		} else {
			variants = append(variants, d.HeatVersion+" "+d.Variant)
		}
		if !reflect.DeepEqual(staticdata.LookupVariant(d.HeatVersion, d.Variant), d.File) {
			t.Errorf("Heat %s %s: the compiled data differs from what data/%s gives", d.HeatVersion, d.Variant, d.File.Sources[0])
		}
	}
	if got := staticdata.Versions(); !slices.Equal(got, versions) {
		t.Errorf("staticdata.Versions() = %v; data has %v", got, versions)
	}
	if got := staticdata.Variants(); !slices.Equal(got, variants) {
		t.Errorf("staticdata.Variants() = %v; data has %v", got, variants)
	}
}

// TestReleaseTableMatchesData: every row of the release table has data,
// and every Heat version with data has a row, upstream's and the
// variants'.
func TestReleaseTableMatchesData(t *testing.T) {
	rows := map[string]bool{}
	for _, r := range releases.All() {
		rows[r.HeatVersion+" "+r.Variant] = true
		if staticdata.LookupVariant(r.HeatVersion, r.Variant) == nil {
			t.Errorf("release table: %s (Heat %s) has no data in schema/data", r, r.HeatVersion)
		}
	}
	for _, v := range staticdata.Versions() {
		if !rows[v+" "] {
			t.Errorf("schema/data has Heat %s, which has no row in the release table (schema/releases/releases.go)", v)
		}
	}
	for _, v := range staticdata.Variants() {
		if !rows[v] {
			t.Errorf("schema/data has Heat %s, which has no row in the release table (schema/releases/releases.go)", v)
		}
	}
}
