package lint

import (
	"os"
	"testing"

	"github.com/heatconf/heatconf/conf"
)

// BenchmarkLintGuide parses and lints the install guide's heat.conf, as one
// file of `heatconf lint` does.
func BenchmarkLintGuide(b *testing.B) {
	data, err := os.ReadFile(guide)
	if err != nil {
		b.Fatal(err)
	}
	l, err := New(Options{Registry: registry(b, "2025.1")})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		f, err := conf.Parse("heat.conf", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Lint([]*conf.File{f})) == 0 {
			b.Fatal("no findings")
		}
	}
}

// BenchmarkLintProduction lints a clean production heat.conf.
func BenchmarkLintProduction(b *testing.B) {
	data, err := os.ReadFile("../testdata/lint/ok/kolla-zed.conf")
	if err != nil {
		b.Fatal(err)
	}
	l, err := New(Options{Registry: registry(b, "zed")})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		f, err := conf.Parse("heat.conf", data)
		if err != nil {
			b.Fatal(err)
		}
		l.Lint([]*conf.File{f})
	}
}
