package lint

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

var update = flag.Bool("update", false, "rewrite the expected outputs under testdata/lint and docs/rules.md")

func registry(t testing.TB, release string) *schema.Registry {
	t.Helper()
	reg, err := schema.Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// lintFile lints one file; only lets the named rules run when only is set.
func lintFile(t testing.TB, path, release string, mode uint32, only ...string) []Finding {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.ToSlash(path)
	var disable []string
	if len(only) > 0 {
		for _, r := range Rules() {
			if !slices.Contains(only, r.ID) {
				disable = append(disable, r.ID)
			}
		}
	}
	l, err := New(Options{Registry: registry(t, release), Disable: disable})
	if err != nil {
		t.Fatal(err)
	}
	f, err := conf.Parse(name, data)
	if err != nil {
		fd, ok := ParseErrorFinding(err)
		if !ok {
			t.Fatal(err)
		}
		return l.Keep([]Finding{fd}) // as lint/runner does
	}
	return l.LintModes([]*conf.File{f}, map[string]uint32{name: mode})
}

func text(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- want\n%s--- got\n%s", path, want, got)
	}
}

const rulesDir = "../testdata/lint/rules"

// TestRuleExamples: every rule has a bad example whose findings (of that
// rule alone) are its .out file, and a good example it is silent on. The
// examples of a rule about site files are linted by package gate's
// TestSiteRuleExample, which makes their .out file.
func TestRuleExamples(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			bad := filepath.Join(rulesDir, r.ID+r.ExampleExt())
			good := filepath.Join(rulesDir, r.ID+".good"+r.ExampleExt())
			for _, p := range []string{bad, good} {
				if _, err := os.Stat(p); err != nil {
					t.Fatalf("rule %s has no example %s", r.ID, p)
				}
			}
			if r.ExampleExt() != ".conf" {
				// a site file's rule: package gate lints its examples
				if _, err := os.Stat(filepath.Join(rulesDir, r.ID+".out")); err != nil {
					t.Fatalf("rule %s: %v (go test ./gate -update makes it)", r.ID, err)
				}
				return
			}
			fs := lintFile(t, bad, releases.Default, 0o644, r.ID)
			if len(fs) == 0 {
				t.Errorf("the bad example of %s finds nothing", r.ID)
			}
			for _, f := range fs {
				if f.Rule != r {
					t.Errorf("finding of another rule: %s", f)
				}
			}
			golden(t, filepath.Join(rulesDir, r.ID+".out"), text(fs))
			if fs := lintFile(t, good, releases.Default, 0o640, r.ID); len(fs) > 0 {
				t.Errorf("the good example of %s has findings:\n%s", r.ID, text(fs))
			}
		})
	}
}

func TestEveryExampleHasARule(t *testing.T) {
	entries, err := os.ReadDir(rulesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		id := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ext), ".good")
		r, ok := RuleByID(id)
		if !ok {
			t.Errorf("%s: no rule %q", e.Name(), id)
			continue
		}
		if ext != ".out" && ext != r.ExampleExt() {
			t.Errorf("%s: the examples of rule %s are %s files", e.Name(), id, r.ExampleExt())
		}
	}
}

// TestDocsRules keeps docs/rules.md true: it is made from the rules and
// their example files (go test ./lint -update rewrites it).
func TestDocsRules(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Lint rules\n\n")
	b.WriteString("`heatconf lint` reads heat.conf exactly as oslo.config does and checks it against the option data\n")
	b.WriteString("of the release. Every rule below shows a bad example, what heatconf says about it, and the good\n")
	b.WriteString("version. The examples are test cases (`testdata/lint/rules/`), and this page is generated from them\n")
	b.WriteString("by `go test ./lint -update` (the site rule's output by `go test ./gate -update`), so it cannot drift\n")
	b.WriteString("from what heatconf does. Turn a rule off with\n")
	b.WriteString("`--disable RULE` or `disable = [\"RULE\"]` in `.heatconf.toml`; silence one finding with\n")
	b.WriteString("`# heatconf: ignore=RULE` on the line above it; give a rule another severity with `[severity]`\n")
	b.WriteString("`RULE = \"error\"` in `.heatconf.toml` ([docs/ci.md](ci.md#heatconftoml)).\n\n")
	rules := Rules()
	sort.SliceStable(rules, func(i, j int) bool { return familyOrder(rules[i].Family) < familyOrder(rules[j].Family) })
	b.WriteString("| rule | severity | what it catches |\n|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s |\n", r.ID, r.ID, r.Severity, r.Summary)
	}
	for _, r := range rules {
		bad, _ := os.ReadFile(filepath.Join(rulesDir, r.ID+r.ExampleExt()))
		out, _ := os.ReadFile(filepath.Join(rulesDir, r.ID+".out"))
		good, _ := os.ReadFile(filepath.Join(rulesDir, r.ID+".good"+r.ExampleExt()))
		lang := r.ExampleLanguage()
		fmt.Fprintf(&b, "\n## %s\n\n%s (%s, usually %s).\n\n", r.ID, capitalize(r.Summary), r.Family, r.Severity)
		fmt.Fprintf(&b, "Bad:\n\n```%s\n%s```\n\nOutput:\n\n```\n%s```\n\nGood:\n\n```%s\n%s```\n", lang, bad, bytes.ReplaceAll(out, []byte("../testdata/lint/rules/"), nil), lang, good)
	}
	golden(t, "../docs/rules.md", b.String())
}

func familyOrder(f string) int {
	return map[string]int{"schema": 0, "parsing": 1, "keystone": 2, "services": 3, "heat": 4, "security": 5, "site": 6}[f]
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
