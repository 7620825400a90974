package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"

	"github.com/heatconf/heatconf/internal/testenv"
)

// actionFile is the part of action.yml that the test checks.
type actionFile struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			ID    string            `yaml:"id"`
			If    string            `yaml:"if"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
			Run   string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) (actionFile, string) {
	t.Helper()
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	return a, string(b)
}

// buildHeatconf builds heatconf into a new directory and returns it (for
// PATH).
func buildHeatconf(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "heatconf"), ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestActionFile: the action's inputs are the documented ones, every
// ${{ inputs.x }} names one, it installs this module's command, and each
// flag its lint step passes is one `heatconf lint --help` lists.
func TestActionFile(t *testing.T) {
	a, text := readAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using %q", a.Runs.Using)
	}
	for _, in := range []string{"paths", "release", "version", "fail-on"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("no input %q", in)
		}
	}
	for name, in := range a.Inputs {
		if in.Description == "" || in.Required {
			t.Errorf("input %s: every input is optional and described", name)
		}
		if !strings.Contains(text, "inputs."+name+" ") && !strings.Contains(text, "inputs."+name+"}") {
			t.Errorf("input %s is never used", name)
		}
	}
	for _, m := range regexp.MustCompile(`\$\{\{\s*inputs\.([\w-]+)`).FindAllStringSubmatch(text, -1) {
		if _, ok := a.Inputs[m[1]]; !ok {
			t.Errorf("${{ inputs.%s }} names no input", m[1])
		}
	}

	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	module := strings.Fields(strings.SplitN(string(mod), "\n", 2)[0])[1]
	var install, lint string
	for _, s := range a.Runs.Steps {
		if strings.Contains(s.Run, "go install ") {
			install = s.Run
		}
		if strings.Contains(s.Run, "heatconf lint ") {
			lint = s.Run
		}
		if s.Run != "" && strings.Contains(s.Run, "${{") {
			t.Errorf("step %q puts ${{ }} into its script (pass inputs through env)", s.Name)
		}
	}
	if !strings.Contains(install, `go install "`+module+`/cmd/heatconf@${HEATCONF_VERSION}"`) {
		t.Errorf("the install step does not go install %s/cmd/heatconf@VERSION:\n%s", module, install)
	}

	help := run(t, nil, "lint", "--help")
	if help.code != 0 {
		t.Fatalf("lint --help: %d %s", help.code, help.err)
	}
	flags := regexp.MustCompile(`(?m)(?:^|\s|\()(--[a-z][a-z-]*)`).FindAllStringSubmatch(lint, -1)
	if len(flags) < 3 {
		t.Fatalf("the lint step passes %d flags:\n%s", len(flags), lint)
	}
	for _, f := range flags {
		if !regexp.MustCompile(`(?m)^\s+(-\w, )?` + regexp.QuoteMeta(f[1]) + `\b`).MatchString(help.out) {
			t.Errorf("the action passes %s, which heatconf lint --help does not list", f[1])
		}
	}
	for _, want := range []string{"--format sarif", `--fail-on "$HEATCONF_FAIL_ON"`, `--release "$HEATCONF_RELEASE"`} {
		if !strings.Contains(lint, want) {
			t.Errorf("the lint step lacks %s", want)
		}
	}
	if !strings.Contains(help.out, "sarif") {
		t.Errorf("heatconf lint --help names no sarif format")
	}
}

// TestActionLintStep runs the action's lint script with bash and a real
// heatconf: SARIF with the findings and exit 1 on a broken heat.conf,
// exit 0 on a clean one, the output recorded for the next steps.
func TestActionLintStep(t *testing.T) {
	testenv.Slow(t, "builds heatconf and runs bash")
	bash := testenv.Command(t, "bash", "bash")
	a, _ := readAction(t)
	var script string
	var env map[string]string
	for _, s := range a.Runs.Steps {
		if s.ID == "lint" {
			script, env = s.Run, s.Env
		}
	}
	if script == "" || len(env) != 4 {
		t.Fatalf("no lint step with its four variables: %q %v", script, env)
	}
	bin := buildHeatconf(t)
	work := t.TempDir()
	bad, _ := os.ReadFile("../../testdata/lint/guide.conf")
	good, _ := os.ReadFile("../../testdata/lint/ok/kolla-zed.conf")
	nova := []byte("[DEFAULT]\nenabled_apis = osapi_compute,metadata\n[api_database]\nconnection = mysql+pymysql://nova:NOVA_DBPASS@controller/nova_api\n")
	nginx := []byte("server {\n    listen 80;\n}\n")
	for path, data := range map[string][]byte{"bad/heat.conf": bad, "deploy/ctl1/heat.conf": good, "deploy/ctl2/heat.conf": good,
		"etc/nova/nova.conf": nova, "etc/nginx/site.conf": nginx} {
		p := filepath.Join(work, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	step := func(paths string) (int, string, []byte) {
		out := filepath.Join(work, "github-output")
		os.Remove(out)
		cmd := exec.Command(bash, "-e", "-c", script)
		cmd.Dir = work
		cmd.Env = append(testenv.Env(), "PATH="+bin+":"+testenv.DebianPath, "GITHUB_OUTPUT="+out,
			"HEATCONF_PATHS="+paths, "HEATCONF_RELEASE=zed", "HEATCONF_FAIL_ON=error", "HEATCONF_SARIF=heatconf.sarif")
		log, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		o, _ := os.ReadFile(out)
		sarif, _ := os.ReadFile(filepath.Join(work, "heatconf.sarif"))
		if string(o) != "sarif=heatconf.sarif\n" {
			t.Errorf("GITHUB_OUTPUT %q", o)
		}
		t.Logf("%s: exit %d: %s", paths, code, log)
		return code, string(log), sarif
	}
	type sarifDoc struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}

	code, log, sarif := step("bad/heat.conf\ndeploy/**/heat.conf")
	var doc sarifDoc
	if err := json.Unmarshal(sarif, &doc); err != nil || len(doc.Runs) != 1 || code != 1 || !strings.Contains(log, "::error::heatconf found problems") {
		t.Fatalf("broken: exit %d, %v\n%s", code, err, sarif)
	}
	var rules []string
	for _, r := range doc.Runs[0].Results {
		rules = append(rules, r.RuleID)
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "bad/heat.conf" {
			t.Errorf("a finding in %q", uri)
		}
	}
	if !slices.Contains(rules, "removed-option") || !slices.Contains(rules, "keystone-admin-port") {
		t.Errorf("rules found: %q", rules)
	}

	// the default, ".": Heat's files only, not nova.conf or an nginx site
	code, _, sarif = step(".")
	doc = sarifDoc{}
	if err := json.Unmarshal(sarif, &doc); err != nil || code != 1 || len(doc.Runs) != 1 || len(doc.Runs[0].Results) == 0 {
		t.Fatalf("the repository: exit %d, %v\n%s", code, err, sarif)
	}
	for _, r := range doc.Runs[0].Results {
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "bad/heat.conf" {
			t.Errorf("paths .: a finding in %q", uri)
		}
	}

	code, _, sarif = step("deploy/**/heat.conf")
	doc = sarifDoc{}
	if err := json.Unmarshal(sarif, &doc); err != nil || code != 0 || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 0 {
		t.Errorf("clean: exit %d, %v\n%s", code, err, sarif)
	}
}
