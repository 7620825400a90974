package lint

import (
	"slices"
	"testing"

	"github.com/heatconf/heatconf/conf"
)

// TestFragment: a kolla-ansible override (etc/kolla/config/heat.conf) holds
// only what it changes; kolla merges it into its own heat.conf. Linted as a
// fragment, nothing is reported missing, and what is wrong in it still is.
func TestFragment(t *testing.T) {
	const snippet = "[DEFAULT]\nrpc_backend = rabbit\n\n[heat_api]\nworkers = 4\n"
	for _, tc := range []struct {
		name     string
		src      string
		fragment bool
		missing  bool // findings about what the file lacks
	}{
		{"a whole configuration", snippet, false, true},
		{"--fragment", snippet, true, false},
		{"a comment says so", "# heatconf: fragment\n" + snippet, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := conf.Parse("heat.conf", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			l, err := New(Options{Registry: registry(t, "zed"), Fragment: tc.fragment})
			if err != nil {
				t.Fatal(err)
			}
			fs := l.Lint([]*conf.File{f})
			var rules []*Rule
			for _, fd := range fs {
				rules = append(rules, fd.Rule)
			}
			if got := slices.Contains(rules, ruleTransportURL) || slices.Contains(rules, ruleDatabaseConnection) || slices.Contains(rules, ruleAuthtoken); got != tc.missing {
				t.Errorf("missing findings: %v, want %v (%q)", got, tc.missing, rules)
			}
			if !slices.Contains(rules, ruleRemovedOption) {
				t.Errorf("the removed rpc_backend is not reported: %q", rules)
			}
		})
	}
}
