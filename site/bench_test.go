package site

import "testing"

// BenchmarkDecode decodes and validates the smallest site and the example
// site (go test -run '^$' -bench Decode ./site/).
func BenchmarkDecode(b *testing.B) {
	for _, c := range []struct {
		name string
		src  []byte
	}{{"minimal", []byte(minimal)}, {"example", ExampleTOML}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode("site.toml", c.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
