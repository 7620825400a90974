package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
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
	var install, build, lint string
	for _, s := range a.Runs.Steps {
		switch s.ID {
		case "install":
			install = s.Run
		case "lint":
			lint = s.Run
		}
		if strings.Contains(s.Run, "go build ") {
			build = s.Run
		}
		if s.Run != "" && strings.Contains(s.Run, "${{") {
			t.Errorf("step %q puts ${{ }} into its script (pass inputs through env)", s.Name)
		}
		if strings.HasPrefix(s.Uses, "actions/setup-go@") && (!strings.Contains(s.If, "steps.install.outputs.build") || !strings.Contains(text, "cache: true")) {
			t.Errorf("setup-go runs only when heatconf is built, with its cache on: if %q", s.If)
		}
	}
	// the release archive of the action's own ref, checked against the
	// release's checksums; else the ref itself is built
	for _, want := range []string{"${HEATCONF_VERSION:-$HEATCONF_ACTION_REF}", "checksums.txt", "sha256sum -c", "heatconf_${want#v}_${os}_${arch}.tar.gz"} {
		if !strings.Contains(install, want) {
			t.Errorf("the install step lacks %s:\n%s", want, install)
		}
	}
	if !strings.Contains(text, "HEATCONF_ACTION_REF: ${{ github.action_ref }}") {
		t.Errorf("the install step is not told the action's ref")
	}
	if !strings.Contains(build, `cd "$GITHUB_ACTION_PATH" && go build `) || !strings.Contains(build, `go install -trimpath "`+module+`/cmd/heatconf@${HEATCONF_VERSION}"`) {
		t.Errorf("the build step does not build the action's checkout or go install %s/cmd/heatconf@VERSION:\n%s", module, build)
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
	for _, want := range []string{"--format sarif", "--format github", `--fail-on "$HEATCONF_FAIL_ON"`, `--release "$HEATCONF_RELEASE"`} {
		if !strings.Contains(lint, want) {
			t.Errorf("the lint step lacks %s", want)
		}
	}
	if !strings.Contains(help.out, "sarif") {
		t.Errorf("heatconf lint --help names no sarif format")
	}
}

// actionStep is one run step of action.yml, with the variables it is given.
type actionStep struct {
	script string
	env    map[string]string
}

// actionSteps returns the run steps of action.yml by id or name.
func actionSteps(t *testing.T) map[string]actionStep {
	t.Helper()
	a, _ := readAction(t)
	steps := map[string]actionStep{}
	for _, s := range a.Runs.Steps {
		if s.Run == "" {
			continue
		}
		key := s.ID
		if key == "" {
			key = s.Name
		}
		steps[key] = actionStep{s.Run, s.Env}
	}
	return steps
}

// runStep runs a step's script with bash in dir, as a runner would: its
// env, GITHUB_OUTPUT and GITHUB_PATH files, and the vars given. It returns
// the exit code, the log, and what the step wrote to GITHUB_OUTPUT.
func runStep(t *testing.T, bash, dir string, s actionStep, vars ...string) (int, string, map[string]string) {
	t.Helper()
	for name := range s.env {
		found := false
		for _, v := range vars {
			found = found || strings.HasPrefix(v, name+"=")
		}
		if !found {
			t.Fatalf("the step's variable %s is not given", name)
		}
	}
	gh := t.TempDir()
	cmd := exec.Command(bash, "-e", "-c", s.script)
	cmd.Dir = dir
	cmd.Env = append(testenv.Env(), "GITHUB_OUTPUT="+filepath.Join(gh, "output"), "GITHUB_PATH="+filepath.Join(gh, "path"))
	cmd.Env = append(cmd.Env, vars...)
	log, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	o, _ := os.ReadFile(filepath.Join(gh, "output"))
	for _, l := range strings.Split(strings.TrimSpace(string(o)), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			out[k] = v
		}
	}
	if p, err := os.ReadFile(filepath.Join(gh, "path")); err == nil {
		out["GITHUB_PATH"] = strings.TrimSpace(string(p))
	}
	return code, string(log), out
}

// actionWork writes a repository with a broken heat.conf, two clean ones
// and two files of other services.
func actionWork(t *testing.T) string {
	t.Helper()
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
	return work
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Version string `json:"version"`
			} `json:"driver"`
		} `json:"tool"`
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

// TestActionLintStep runs the action's lint script with bash and a real
// heatconf: findings in the log as workflow commands and in SARIF, exit 1
// on a broken heat.conf, exit 0 on a clean one, the output recorded for
// the next steps; when lint cannot run, no SARIF file at all.
func TestActionLintStep(t *testing.T) {
	testenv.Slow(t, "builds heatconf and runs bash")
	bash := testenv.Command(t, "bash", "bash")
	lint := actionSteps(t)["lint"]
	if lint.script == "" || len(lint.env) != 4 {
		t.Fatalf("no lint step with its four variables: %+v", lint)
	}
	bin := buildHeatconf(t)
	work := actionWork(t)
	step := func(paths string) (int, string, map[string]string, []byte) {
		os.Remove(filepath.Join(work, "heatconf.sarif"))
		code, log, out := runStep(t, bash, work, lint, "PATH="+bin+":"+testenv.DebianPath,
			"HEATCONF_PATHS="+paths, "HEATCONF_RELEASE=zed", "HEATCONF_FAIL_ON=error", "HEATCONF_SARIF=heatconf.sarif")
		sarif, _ := os.ReadFile(filepath.Join(work, "heatconf.sarif"))
		t.Logf("%s: exit %d: %s", paths, code, log)
		return code, log, out, sarif
	}

	code, log, out, sarif := step("bad/heat.conf\ndeploy/**/heat.conf")
	var doc sarifDoc
	if err := json.Unmarshal(sarif, &doc); err != nil || len(doc.Runs) != 1 || code != 1 || !strings.Contains(log, "::error::heatconf found problems") {
		t.Fatalf("broken: exit %d, %v\n%s", code, err, sarif)
	}
	if out["sarif"] != "heatconf.sarif" {
		t.Errorf("GITHUB_OUTPUT %q", out)
	}
	var rules []string
	for _, r := range doc.Runs[0].Results {
		rules = append(rules, r.RuleID)
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "bad/heat.conf" {
			t.Errorf("a finding in %q", uri)
		}
		// each finding is in the log too, as an annotation
		if !regexp.MustCompile(`(?m)^::(error|warning|notice) file=bad/heat\.conf,line=\d+,col=\d+.*\[` + regexp.QuoteMeta(r.RuleID) + `\]$`).MatchString(log) {
			t.Errorf("the log has no annotation of %s", r.RuleID)
		}
	}
	if !slices.Contains(rules, "removed-option") || !slices.Contains(rules, "keystone-admin-port") {
		t.Errorf("rules found: %q", rules)
	}

	// the default, ".": Heat's files only, not nova.conf or an nginx site
	code, _, _, sarif = step(".")
	doc = sarifDoc{}
	if err := json.Unmarshal(sarif, &doc); err != nil || code != 1 || len(doc.Runs) != 1 || len(doc.Runs[0].Results) == 0 {
		t.Fatalf("the repository: exit %d, %v\n%s", code, err, sarif)
	}
	for _, r := range doc.Runs[0].Results {
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "bad/heat.conf" {
			t.Errorf("paths .: a finding in %q", uri)
		}
	}

	code, log, out, sarif = step("deploy/**/heat.conf")
	doc = sarifDoc{}
	if err := json.Unmarshal(sarif, &doc); err != nil || code != 0 || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 0 || out["sarif"] != "heatconf.sarif" || strings.Contains(log, "::error") {
		t.Errorf("clean: exit %d, %v %q\n%s", code, err, out, sarif)
	}

	// lint cannot run (exit 2: nothing to lint; exit 3: unreadable): no
	// SARIF file, not an empty one, and no sarif output for the upload
	os.WriteFile(filepath.Join(work, "heatconf.sarif"), []byte("stale"), 0o644)
	for _, paths := range []string{"etc/nginx", "missing/heat.conf"} {
		code, log, out, sarif = step(paths)
		if code < 2 || sarif != nil || out["sarif"] != "" || !strings.Contains(log, "::error::heatconf lint could not run") {
			t.Errorf("%s: exit %d, output %q, SARIF %q", paths, code, out, sarif)
		}
		if matches, _ := filepath.Glob(filepath.Join(work, "heatconf.sarif*")); len(matches) != 0 {
			t.Errorf("%s: left %q", paths, matches)
		}
	}
}

// TestActionInstallStep runs the action's install and build steps with
// bash: a tag with a release installs its archive once its checksum
// matches (a local copy of a release stands in for GitHub's), then the
// lint step prints the findings in the log; a tampered archive stops the
// step; a ref without a release is built from the action's checkout.
func TestActionInstallStep(t *testing.T) {
	testenv.Slow(t, "builds heatconf and runs bash")
	bash := testenv.Command(t, "bash", "bash")
	testenv.Command(t, "curl", "curl")
	steps := actionSteps(t)
	install, build, lint := steps["install"], steps["Build heatconf"], steps["lint"]
	if install.script == "" || build.script == "" {
		t.Fatalf("no install or build step: %v", steps)
	}

	// a release v9.8.7 as goreleaser lays it out
	const tag = "v9.8.7"
	releases := t.TempDir()
	dir := filepath.Join(releases, tag)
	bin := filepath.Join(t.TempDir(), "heatconf")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version="+tag+" -X main.commit=0a1b2c3d4e5f", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	archive := "heatconf_9.8.7_" + runtime.GOOS + "_" + runtime.GOARCH + ".tar.gz"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tarGz(t, filepath.Join(dir, archive), map[string]string{"heatconf": bin, "LICENSE": "../../LICENSE"})
	sum := func() {
		data, err := os.ReadFile(filepath.Join(dir, archive))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(data)
		other := strings.Repeat("ab", 32) + "  heatconf_9.8.7_windows_amd64.tar.gz\n"
		os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(other+hex.EncodeToString(h[:])+"  "+archive+"\n"), 0o644)
	}
	sum()

	runInstall := func(version, ref string) (int, string, map[string]string) {
		runner := t.TempDir()
		return runStep(t, bash, t.TempDir(), install, "RUNNER_TEMP="+runner, "HEATCONF_RELEASES_URL=file://"+releases,
			"HEATCONF_VERSION="+version, "HEATCONF_ACTION_REF="+ref)
	}

	// uses: heatconf/heatconf@v9.8.7: that release's archive
	code, log, out := runInstall("", tag)
	if code != 0 || out["build"] != "" || out["bin"] == "" || out["GITHUB_PATH"] != out["bin"] || !strings.Contains(log, "heatconf v9.8.7 (commit 0a1b2c3d4e5f") {
		t.Fatalf("install %s: exit %d, %q\n%s", tag, code, out, log)
	}
	work := actionWork(t)
	code, log, _ = runStep(t, bash, work, lint, "PATH="+out["bin"]+":"+testenv.DebianPath,
		"HEATCONF_PATHS=.", "HEATCONF_RELEASE=zed", "HEATCONF_FAIL_ON=error", "HEATCONF_SARIF=out/heatconf.sarif")
	if code != 1 || !regexp.MustCompile(`(?m)^::error file=bad/heat\.conf,line=\d+,col=\d+,.*\[removed-option\]$`).MatchString(log) {
		t.Errorf("lint with the installed %s: exit %d\n%s", tag, code, log)
	}
	sarif, _ := os.ReadFile(filepath.Join(work, "out/heatconf.sarif"))
	var doc sarifDoc
	if err := json.Unmarshal(sarif, &doc); err != nil || len(doc.Runs) != 1 || doc.Runs[0].Tool.Driver.Version != tag {
		t.Errorf("SARIF of %s: %v %+v", tag, err, doc)
	}

	// an explicit version input wins over the ref
	if code, log, out = runInstall(tag, "main"); code != 0 || out["build"] != "" {
		t.Errorf("version %s at main: exit %d, %q\n%s", tag, code, out, log)
	}

	// an archive that does not match its checksum is refused
	f, _ := os.OpenFile(filepath.Join(dir, archive), os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte("tampered"))
	f.Close()
	code, log, out = runInstall("", tag)
	if code != 3 || !strings.Contains(log, "does not match the checksum") {
		t.Errorf("tampered: exit %d, %q\n%s", code, out, log)
	}
	if _, err := os.Stat(filepath.Join(out["bin"], "heatconf")); err == nil {
		t.Errorf("tampered: installed")
	}
	sum()

	// a branch, or a tag without a release, is built from the checkout;
	// another version than the ref, with go install
	for _, tc := range []struct{ version, ref, build string }{
		{"", "main", "checkout"}, {"", "v9.9.9", "checkout"}, {"", "", "checkout"},
		{"v9.9.9", "main", "module"}, {"latest", "v9.8.7", "module"},
	} {
		code, log, out = runInstall(tc.version, tc.ref)
		if code != 0 || out["build"] != tc.build {
			t.Errorf("version %q ref %q: exit %d, %q, want build=%s\n%s", tc.version, tc.ref, code, out, tc.build, log)
		}
	}
	code, log, out = runInstall("", "main")
	root, _ := filepath.Abs("../..")
	code, log, _ = runStep(t, bash, t.TempDir(), build, "GITHUB_ACTION_PATH="+root, "PATH="+filepath.Dir(goTool(t))+":"+testenv.DebianPath,
		"HOME="+os.Getenv("HOME"), "HEATCONF_BUILD="+out["build"], "HEATCONF_BIN="+out["bin"], "HEATCONF_VERSION=")
	if code != 0 || !strings.Contains(log, "heatconf ") {
		t.Errorf("build from the checkout: exit %d\n%s", code, log)
	}
	if b, err := exec.Command(filepath.Join(out["bin"], "heatconf"), "--version").Output(); err != nil || !strings.HasPrefix(string(b), "heatconf ") {
		t.Errorf("the built heatconf: %v %s", err, b)
	}
}

// goTool is the go command running the tests.
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	return p
}

// tarGz writes a .tar.gz of the files (name in the archive -> file).
func tarGz(t *testing.T, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		data, err := os.ReadFile(files[name])
		if err != nil {
			t.Fatal(err)
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data))}); err != nil {
			t.Fatal(err)
		}
		tw.Write(data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestDocsPinTags: the documented workflows and pre-commit configurations
// name a release tag, never a branch (pre-commit never updates rev: main;
// @main moves under a workflow), and the upload step copes with a run
// that wrote no SARIF file.
func TestDocsPinTags(t *testing.T) {
	tag := regexp.MustCompile(`^v\d+\.\d+\.\d+$`)
	for _, name := range []string{"../../docs/ci.md", "../../README.md", "../../.pre-commit-hooks.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		uses := regexp.MustCompile(`heatconf/heatconf@([\w.-]+)`).FindAllStringSubmatch(text, -1)
		revs := regexp.MustCompile(`(?m)^#?\s*rev:\s*(\S+)`).FindAllStringSubmatch(text, -1)
		for _, m := range append(uses, revs...) {
			if !tag.MatchString(m[1]) {
				t.Errorf("%s pins %q, not a release tag", name, m[0])
			}
		}
		if name == "../../docs/ci.md" {
			if len(uses) == 0 || len(revs) < 2 {
				t.Errorf("%s: uses %q, revs %q", name, uses, revs)
			}
			if !strings.Contains(text, "if: (success() || failure()) && steps.heatconf.outputs.sarif != ''") {
				t.Errorf("%s: the upload step does not skip a run without SARIF", name)
			}
		}
	}
}
