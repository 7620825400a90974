package lint

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema"
)

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
