package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema"
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
// example with each rule disabled in turn: no finding of another rule may
// disappear. Rules share one resolution of the file, and each problem has
// one owner, so turning a rule off silences that rule only.
func TestDisablingHidesNothingElse(t *testing.T) {
	type input struct{ path, release string }
	var inputs []input
	for _, c := range readCorpus(t) {
		inputs = append(inputs, input{filepath.Join(realworldDir, c[0]), c[1]})
	}
	examples, _ := filepath.Glob("../testdata/lint/rules/*.conf")
	for _, e := range examples {
		inputs = append(inputs, input{e, schema.DefaultRelease})
	}
	key := func(f Finding) string {
		return fmt.Sprintf("%s:%d:%d %s %s", f.File, f.Line, f.Column, f.Rule, f.Message)
	}
	for _, in := range inputs {
		all := map[string]bool{}
		for _, f := range lintFile(t, in.path, in.release, 0o640) {
			all[key(f)] = true
		}
		for _, r := range Rules() {
			var others []string
			for _, o := range Rules() {
				if o.ID != r.ID {
					others = append(others, o.ID)
				}
			}
			got := map[string]bool{}
			for _, f := range lintFile(t, in.path, in.release, 0o640, others...) {
				got[key(f)] = true
			}
			for k := range all {
				if !got[k] && !strings.Contains(k, " "+r.ID+" ") {
					t.Errorf("%s (release %s): disabling %s hides %s", in.path, in.release, r.ID, k)
				}
			}
		}
	}
}
