package conf

import (
	"path/filepath"
	"testing"
)

// BenchmarkParse reads the guide's heat.conf (38 lines) and a
// production-like heat.conf (672 lines, comments and continuations).
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"guide-heat.conf", "production-heat.conf"} {
		src := readCorpus(b, filepath.Join("valid", name))
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(name, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
