package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
)

const realworldDir = "../testdata/realworld"

// readCorpus reads corpus.tsv: file TAB lint release. (Package
// lint/runner's TestRealWorldCorpus reads it too, with the judged problems
// of each file.)
func readCorpus(t *testing.T) [][2]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realworldDir, "corpus.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 2 {
			t.Fatalf("corpus.tsv:%d: want file<TAB>release, got %q", n+1, line)
		}
		out = append(out, [2]string{cols[0], cols[1]})
	}
	return out
}

// TestDisablingHidesNothingElse lints the real-world corpus and every rule
// example with each rule disabled in turn: every finding of that rule goes
// and no finding of another rule disappears or appears. Rules share one
// resolution of the file, and each problem has one owner, so turning a
// rule off silences that rule only. (Package gate's
// TestDisablingASiteRunHidesOnlyItsOwn does the same for the site rule.)
func TestDisablingHidesNothingElse(t *testing.T) {
	type input struct {
		path, release string
		mode          uint32
	}
	var inputs []input
	for _, c := range readCorpus(t) {
		inputs = append(inputs, input{filepath.Join(realworldDir, c[0]), c[1], 0o640})
	}
	examples, _ := filepath.Glob("../testdata/lint/rules/*.conf")
	for _, e := range examples {
		// as TestRuleExamples lints them: world-readable (file-permissions)
		inputs = append(inputs, input{e, releases.Default, 0o644})
	}
	key := func(f Finding) string {
		return fmt.Sprintf("%s:%d:%d %s %s", f.File, f.Line, f.Column, f.Rule, f.Message)
	}
	seen := map[*Rule]bool{}
	for _, in := range inputs {
		all := map[string]Finding{}
		for _, f := range lintFile(t, in.path, in.release, in.mode) {
			all[key(f)] = f
			seen[f.Rule] = true
		}
		for _, r := range Rules() {
			var others []string
			for _, o := range Rules() {
				if o.ID != r.ID {
					others = append(others, o.ID)
				}
			}
			got := map[string]bool{}
			for _, f := range lintFile(t, in.path, in.release, in.mode, others...) {
				if f.Rule == r {
					t.Errorf("%s (release %s): disabling %s keeps %s", in.path, in.release, r.ID, key(f))
				}
				if _, ok := all[key(f)]; !ok {
					t.Errorf("%s (release %s): disabling %s makes %s", in.path, in.release, r.ID, key(f))
				}
				got[key(f)] = true
			}
			for k, f := range all {
				if !got[k] && f.Rule != r {
					t.Errorf("%s (release %s): disabling %s hides %s", in.path, in.release, r.ID, k)
				}
			}
		}
	}
	for _, r := range Rules() {
		if !seen[r] && r.ExampleExt() == ".conf" {
			t.Errorf("no input has a finding of %s: disabling it is not tested", r.ID)
		}
	}
}
