package schema

import (
	"bytes"
	"os"
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
)

// BenchmarkEmbedded measures loading a release's embedded data from scratch
// (what the first Embedded call of a process costs; later calls are cached).
// Budget: 5 ms.
func BenchmarkEmbedded(b *testing.B) {
	for _, rel := range releases.Upstream() {
		b.Run(rel.HeatVersion, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := loadEmbedded(rel); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEmbeddedCached is every Embedded call after the first.
func BenchmarkEmbeddedCached(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Embedded("2025.1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	reg, err := Embedded("2025.1")
	if err != nil {
		b.Fatal(err)
	}
	keys := []struct{ group, key, authType string }{
		{"DEFAULT", "transport_url", ""},
		{"Database", "connection", ""},
		{"DEFAULT", "logfile", ""},
		{"keystone_authtoken", "username", "password"},
		{"trustee", "user_domain_name", ""},
		{"DEFAULT", "no_such_option", ""},
	}
	for _, k := range keys {
		b.Run(k.group+"/"+k.key, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, ok := reg.Lookup(k.group, k.key, k.authType); ok == (k.key == "no_such_option") {
					b.Fatal("unexpected result")
				}
			}
		})
	}
}

func BenchmarkLoadYAML(b *testing.B) {
	rel, _ := table.Lookup(releases.Default)
	data, err := os.ReadFile(rawGeneratorYAML(b, rel))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := LoadYAML("bench", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
