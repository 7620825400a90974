package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// bigConf is a 20,000-line heat.conf as oslo-config-generator's sample
// looks: mostly commented options, with 50 deprecated names scattered in
// it that lint --fix renames.
func bigConf() string {
	var b strings.Builder
	b.WriteString("[DEFAULT]\ntransport_url = rabbit://openstack:Qe1uK9oWz6rY3vB7@rabbit.example.net:5672/\n")
	line := 2
	for s := 0; line < 20000; s++ {
		fmt.Fprintf(&b, "\n[keystone_authtoken_%d]\n", s)
		line += 2
		for i := 0; i < 40 && line < 20000; i++ {
			fmt.Fprintf(&b, "# The option number %d of section %d, with its help text (string value)\n#option_%d_%d = <None>\n", i, s, s, i)
			line += 2
		}
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i := 0; i < 50; i++ {
		at := 100 + i*397
		lines[at] = "[DEFAULT]\nrpc_thread_pool_size = 64\n"
	}
	return strings.Join(lines, "")
}

func writeBigConf(tb testing.TB) (dir, path string) {
	dir = tb.TempDir()
	path = filepath.Join(dir, "heat.conf")
	if err := os.WriteFile(path, []byte(bigConf()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return dir, path
}

// renderOver20000 renders the example site into an output whose heat.conf
// is the 20,000-line file.
func renderOver20000(tb testing.TB) (site, out string) {
	dir, path := writeBigConf(tb)
	if r := run(tb, nil, "init", filepath.Join(dir, "site")); r.code != 0 {
		tb.Fatalf("init: %+v", r)
	}
	site, out = filepath.Join(dir, "site", "site.toml"), filepath.Join(dir, "out")
	if r := run(tb, nil, "render", site, "--output", out); r.code != 0 {
		tb.Fatalf("render: %+v", r)
	}
	if err := os.Rename(path, filepath.Join(out, "heat.conf")); err != nil {
		tb.Fatal(err)
	}
	return site, out
}

func BenchmarkLintFixDiff20000(b *testing.B) {
	_, path := writeBigConf(b)
	b.ReportAllocs()
	for b.Loop() {
		if r := run(b, nil, "lint", "--fix", "--diff", path); !strings.Contains(r.out, "+executor_thread_pool_size") {
			b.Fatalf("no fix in the diff: exit %d %s", r.code, r.err)
		}
	}
}

func BenchmarkRenderDiff20000(b *testing.B) {
	site, out := renderOver20000(b)
	b.ReportAllocs()
	for b.Loop() {
		if r := run(b, nil, "render", site, "--output", out, "--check", "--diff"); r.code != exitFindings {
			b.Fatalf("render --check --diff: exit %d %s", r.code, r.err)
		}
	}
}

// TestDiffsOf20000LinesStaySmall keeps lint --fix --diff and render
// --diff on a 20,000-line file under 100 MB of allocation (they took
// 3.2 GB with a quadratic diff). Time is measured by the benchmarks above.
func TestDiffsOf20000LinesStaySmall(t *testing.T) {
	_, path := writeBigConf(t)
	site, out := renderOver20000(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"lint --fix --diff", []string{"lint", "--fix", "--diff", path}, "+executor_thread_pool_size = 64"},
		{"render --check --diff", []string{"render", site, "--output", out, "--check", "--diff"}, "-#option_0_0 = <None>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r := run(t, nil, tc.args...)
			runtime.ReadMemStats(&after)
			if !strings.Contains(r.out, tc.want) {
				t.Fatalf("exit %d, no %q in the diff:\n%.2000s\n%s", r.code, tc.want, r.out, r.err)
			}
			if mb := float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20); mb > 100 {
				t.Errorf("%s allocated %.0f MB, want under 100", tc.name, mb)
			} else {
				t.Logf("%s: %.1f MB allocated, %d diff lines", tc.name, mb, strings.Count(r.out, "\n"))
			}
		})
	}
}
