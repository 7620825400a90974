package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

// TestReadmeExamples runs every `$ heatconf ...` line of README.md's
// console blocks, in order, in an empty directory that sees the
// repository's testdata, and checks that heatconf prints what the README
// shows (standard error, then standard output, as a terminal shows them),
// so the README cannot go stale. Times are compared as numbers of the
// same shape.
func TestReadmeExamples(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(testdata, filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	type example struct {
		args []string
		want string
	}
	var examples []example
	for _, block := range regexp.MustCompile("(?s)```console\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		for _, part := range strings.Split("\n"+block[1], "\n$ ")[1:] {
			cmd, out, _ := strings.Cut(part, "\n")
			fields := strings.Fields(cmd)
			if len(fields) == 0 || fields[0] != "heatconf" {
				t.Fatalf("README console line %q is not a heatconf command", cmd)
			}
			examples = append(examples, example{fields[1:], out})
		}
	}
	if len(examples) < 3 {
		t.Fatalf("only %d examples in README.md", len(examples))
	}
	times := regexp.MustCompile(`\d+\.\d+s?\b`)
	for _, ex := range examples {
		r := run(t, nil, ex.args...)
		got := strings.TrimSuffix(times.ReplaceAllString(r.err+r.out, "T"), "\n")
		want := strings.TrimSuffix(times.ReplaceAllString(ex.want, "T"), "\n")
		if got != want {
			t.Errorf("heatconf %s prints (exit %d):\n%s\nREADME.md shows:\n%s", strings.Join(ex.args, " "), r.code, r.err+r.out, ex.want)
		}
	}
}

// TestRenderableReleasesNamed: init's example and the CHANGELOG name as
// many renderable Heat versions as the schema's release table has, the
// first and last series, and (the CHANGELOG) every point release and the
// number of Debian variants.
func TestRenderableReleasesNamed(t *testing.T) {
	rels := releases.Upstream()
	first, last := rels[0], rels[len(rels)-1]
	var points []string
	for _, r := range rels {
		if r.Point {
			points = append(points, r.HeatVersion)
		}
	}
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	n := fmt.Sprintf("%d Heat versions", len(rels))
	example := strings.Join(strings.Fields(string(site.ExampleTOML)), " ")
	example = strings.ReplaceAll(example, " # ", " ")
	for _, want := range []string{n, fmt.Sprintf("%q (%s)", first.Name, first.Codename), fmt.Sprintf("%q (%s)", last.Name, last.Codename)} {
		if !strings.Contains(example, want) {
			t.Errorf("init's example does not say %q", want)
		}
	}
	b, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	changelog := strings.Join(strings.Fields(string(b)), " ")
	wants := []string{n, first.Name + " " + first.Codename, last.Name + " " + last.Codename,
		"point releases " + strings.Join(points, " and "), "Debian packages " + words[len(releases.Variants())] + " of them"}
	for _, want := range wants {
		if !strings.Contains(changelog, want) {
			t.Errorf("CHANGELOG.md does not say %q", want)
		}
	}
}
