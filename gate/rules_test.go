package gate

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/site"
)

var update = flag.Bool("update", false, "rewrite testdata/lint/rules/site.out")

const rulesDir = "../testdata/lint/rules"

// exampleEnv holds the secrets the site rule's examples read (env:NAME).
var exampleEnv = env.Map(map[string]string{
	"HEATCONF_HEAT_PASSWORD": "Hx8fk2Lq9sPz3mWd", "HEATCONF_DOMAIN_ADMIN_PASSWORD": "Dy7Gh3kQ1xZp9vRt",
	"HEATCONF_DB_PASSWORD": "Zc4Nb8Wm2Kj6Lh0S", "HEATCONF_RABBIT_PASSWORD": "Rw5Tq1Yp7Xe3Vu9M",
	"HEATCONF_AUTH_ENCRYPTION_KEY": "0123456789abcdef0123456789abcdef",
})

// lintSite lints a site file as `heatconf lint --site PATH` does, with
// the rules named by disable turned off.
func lintSite(t *testing.T, path string, disable ...string) []lint.Finding {
	t.Helper()
	rep, err := Lint(runner.Request{Settings: runner.Settings{Release: "2025.1", FailOn: "error", Disable: disable}}, path, exampleEnv, site.Access{})
	if err != nil {
		t.Fatal(err)
	}
	return rep.Findings
}

// TestSiteRuleExample is TestRuleExamples (package lint) for the site
// rule, whose examples are site files: the bad one's findings are all of
// the rule and are site.out (which docs/rules.md shows); the good one has
// none.
func TestSiteRuleExample(t *testing.T) {
	bad := filepath.Join(rulesDir, lint.SiteRule.ID+lint.SiteRule.ExampleExt())
	good := filepath.Join(rulesDir, lint.SiteRule.ID+".good"+lint.SiteRule.ExampleExt())
	fs := lintSite(t, bad)
	var b strings.Builder
	for _, f := range fs {
		if f.Rule != lint.SiteRule {
			t.Errorf("the bad example has a finding of another rule: %s", f)
		}
		b.WriteString(f.String() + "\n")
	}
	if len(fs) == 0 {
		t.Error("the bad example of site finds nothing")
	}
	out := filepath.Join(rulesDir, lint.SiteRule.ID+".out")
	if *update {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(out); err != nil || string(want) != b.String() {
		t.Errorf("%s differs (go test ./gate -update rewrites it):\n--- want\n%s--- got\n%s", out, want, b.String())
	}
	for _, f := range lintSite(t, good) {
		if f.Rule == lint.SiteRule {
			t.Errorf("the good example of site has a site finding: %s", f)
		}
	}
}

// TestDisablingASiteRunHidesOnlyItsOwn: `heatconf lint --site` with any
// one rule disabled loses that rule's findings and no other's, for a site
// with problems of its own (site findings) and a site whose rendered
// heat.conf has findings of other rules. --disable site is no usage error.
func TestDisablingASiteRunHidesOnlyItsOwn(t *testing.T) {
	key := func(f lint.Finding) string {
		return fmt.Sprintf("%s:%d:%d %s %s", f.File, f.Line, f.Column, f.Rule, f.Message)
	}
	for _, path := range []string{filepath.Join(rulesDir, "site.toml"), filepath.Join(rulesDir, "site.good.toml")} {
		all := lintSite(t, path)
		if len(all) == 0 {
			t.Fatalf("%s has no findings to hide", path)
		}
		for _, r := range lint.Rules() {
			got := map[string]bool{}
			for _, f := range lintSite(t, path, r.ID) {
				if f.Rule == r {
					t.Errorf("%s: --disable %s keeps %s", path, r.ID, key(f))
				}
				got[key(f)] = true
			}
			want := 0
			for _, f := range all {
				if f.Rule == r {
					continue
				}
				want++
				if !got[key(f)] {
					t.Errorf("%s: --disable %s hides %s", path, r.ID, key(f))
				}
			}
			if len(got) != want {
				t.Errorf("%s: --disable %s: %d findings, want %d", path, r.ID, len(got), want)
			}
		}
	}
}

// TestSiteSARIF: `heatconf lint --site --format sarif` validates against
// the SARIF 2.1.0 schema, and every result's ruleIndex is the place of its
// ruleId among the driver's rules (the site rule among them).
func TestSiteSARIF(t *testing.T) {
	sch := testenv.SARIFSchema(t, "../lint/runner/testdata/sarif/sarif-schema-2.1.0.json")
	for _, path := range []string{filepath.Join(rulesDir, "site.toml"), filepath.Join(rulesDir, "site.good.toml")} {
		var buf bytes.Buffer
		if err := runner.Write(&buf, "sarif", lintSite(t, path), runner.WriteOptions{Version: "test", Command: []string{"heatconf", "lint", "--site", path}}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Fatalf("%s: the SARIF does not validate against SARIF 2.1.0:\n%v", path, err)
		}
		var log struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Rules []struct {
							ID string `json:"id"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
				Results []struct {
					RuleID    string `json:"ruleId"`
					RuleIndex int    `json:"ruleIndex"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		run := log.Runs[0]
		if len(run.Results) == 0 {
			t.Fatalf("%s: no results", path)
		}
		for _, r := range run.Results {
			if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
				t.Errorf("%s: result of %s has ruleIndex %d", path, r.RuleID, r.RuleIndex)
			}
		}
	}
}
