package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/site"
)

// hostsSite returns the multihost test site with n generated hosts.
func hostsSite(tb testing.TB, n int) string {
	tb.Helper()
	src, err := os.ReadFile("../testdata/sites/multihost.toml")
	if err != nil {
		tb.Fatal(err)
	}
	text := string(src)
	i := strings.Index(text, "[hosts.ctl1]")
	j := strings.Index(text, "[overrides.DEFAULT]")
	var hosts strings.Builder
	for k := 0; k < n; k++ {
		fmt.Fprintf(&hosts, "[hosts.ctl%04d]\nbind_host = \"10.%d.%d.%d\"\n", k, 1+k/65536, (k/256)%256, k%256)
	}
	p := filepath.Join(tb.TempDir(), "hosts.toml")
	if err := os.WriteFile(p, []byte(text[:i]+hosts.String()+"\n"+text[j:]), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkRenderExample: load, validate, resolve and render the example
// site, as one `heatconf render` does (without process start and writing).
func BenchmarkRenderExample(b *testing.B) {
	path := exampleSite(b)
	r, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := site.Load(path, testEnv)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Render(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderHosts shows that time grows linearly with the number of
// hosts: compare ns/op per host across the sizes.
func BenchmarkRenderHosts(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			path := hostsSite(b, n)
			r, err := New()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				s, err := site.Load(path, testEnv)
				if err != nil {
					b.Fatal(err)
				}
				files, err := r.Render(s, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(files) != 2+2*n {
					b.Fatalf("%d files", len(files))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/host")
		})
	}
}

func BenchmarkNewRenderer(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
