package gate

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/site"
)

func TestLint(t *testing.T) {
	example := exampleSite(t)
	src, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	variant := func(old, new string) string {
		p := filepath.Join(t.TempDir(), "site.toml")
		data := bytes.Replace(src, []byte(old), []byte(new), 1)
		// the variant keeps reading the example's secrets
		data = bytes.ReplaceAll(data, []byte("file:secrets/"), []byte("file:"+filepath.Join(filepath.Dir(example), "secrets")+"/"))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	zedSite := variant(`release = "2025.1"`, `release = "zed"`)
	tests := []struct {
		name     string
		site     string
		set      string   // the setting the command line gave
		rules    []string // of the warnings and errors, in order
		registry string   // the release the run lints with
		errText  string
	}{
		{name: "the example site is clean", site: example, registry: "2025.1"},
		{name: "linted with the site's release", site: zedSite, registry: "2022.2"},
		{name: "unless the command line chose one", site: zedSite, set: "release", registry: "2025.1"},
		{name: "or option data", site: zedSite, set: "schema", registry: "2025.1"},
		{name: "findings in the heat.conf the site renders", site: variant("max_stacks_per_tenant = 200", "max_stacks_per_tenant = 0"),
			registry: "2025.1", rules: []string{"limits"}},
		{name: "the site's own problems", site: variant("[database]\n", "[database]\npasword = \"x\"\n"),
			registry: "2025.1", rules: []string{"site"}},
		{name: "no site: the request alone", site: "", registry: "2025.1"},
		{name: "a missing site", site: filepath.Join(t.TempDir(), "none.toml"), errText: "none.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Lint(runner.Request{
				Settings: runner.Settings{Release: "2025.1", FailOn: "error"},
				Set:      func(k string) bool { return k == tt.set },
			}, tt.site, noEnv, site.Access{SecretDirs: []string{filepath.Dir(example)}}) // the variants read the example's secrets
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("Lint = %v; want an error with %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Release != tt.registry {
				t.Errorf("linted with %s; want %s", rep.Release, tt.registry)
			}
			var rules []string
			for _, f := range rep.Findings {
				if f.Severity > lint.Info {
					rules = append(rules, f.Rule.ID)
				}
				if !strings.HasPrefix(f.File, tt.site) {
					t.Errorf("finding in %s; want it named after %s", f.File, tt.site)
				}
			}
			if !slices.Equal(rules, tt.rules) {
				t.Errorf("rules %q; want %q\n%v", rules, tt.rules, rep.Findings)
			}
		})
	}
}
