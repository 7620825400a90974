package main

import (
	"fmt"
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

// readHooks returns the hooks of .pre-commit-hooks.yaml by id, each as the
// YAML mapping it is (to be copied into a local configuration as it is).
func readHooks(t *testing.T) map[string]map[string]any {
	t.Helper()
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := yaml.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	hooks := map[string]map[string]any{}
	for _, h := range list {
		hooks[h["id"].(string)] = h
	}
	return hooks
}

// The two hooks run `heatconf lint` on heat.conf and its drop-ins only.
func TestPreCommitHooksFile(t *testing.T) {
	hooks := readHooks(t)
	for id, lang := range map[string]string{"heatconf-lint": "golang", "heatconf-lint-system": "system"} {
		h, ok := hooks[id]
		if !ok {
			t.Fatalf("no hook %s", id)
		}
		if h["entry"] != "heatconf lint" || h["language"] != lang || h["files"] != hooks["heatconf-lint"]["files"] {
			t.Errorf("%s: %v", id, h)
		}
	}
	files := regexp.MustCompile(hooks["heatconf-lint"]["files"].(string)) // Python's re reads it the same
	for path, want := range map[string]bool{
		"heat.conf": true, "etc/heat/heat.conf": true, "deploy/ctl1/heat.conf": true,
		"etc/heat/heat.conf.d/10-debug.conf": true, "heat.conf.d/x.conf": true,
		"heat/logging.conf": false, "etc/heat/api-paste.ini": false, "etc/heat/policy.yaml": false,
		"myheat.conf": false, "heat.conf.bak": false, "heat.conf.d/sub/x.conf": false, "heat.conf.d/x.conf.orig": false,
		"etc/heat/heat.conf.d/README": false, "nova/nova.conf": false,
	} {
		if files.MatchString(path) != want {
			t.Errorf("files pattern on %s: %v, want %v", path, !want, want)
		}
	}
}

// preCommitEnv is the environment of pre-commit and git in a throwaway
// repository: HOME and pre-commit's cache under home, bin first on PATH,
// nothing of the caller's git or pre-commit settings.
func preCommitEnv(home, bin string) []string {
	env := []string{"HOME=" + home, "PRE_COMMIT_HOME=" + filepath.Join(home, "pre-commit"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"GIT_CONFIG_NOSYSTEM=1", "NO_COLOR=1", "PATH=" + bin + ":" + testenv.DebianPath}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "GIT_"), k == "PATH", k == "HOME", strings.HasPrefix(k, "PRE_COMMIT"), strings.HasPrefix(k, "XDG_"):
		default:
			env = append(env, kv)
		}
	}
	return env
}

// shIn returns a function that runs a command in dir with env and
// returns its exit code and output.
func shIn(t *testing.T, dir string, env []string) func(name string, args ...string) (int, string) {
	return func(name string, args ...string) (int, string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatalf("%s %q: %v", name, args, err)
		}
		return 0, string(out)
	}
}

// TestPreCommit runs Debian's real pre-commit in a throwaway git repository
// whose .pre-commit-config.yaml holds, as a local hook, the system hook of
// .pre-commit-hooks.yaml exactly as that file defines it, with a heatconf
// built from this tree on PATH. HOME and PRE_COMMIT_HOME are temporary
// directories, and a local system hook needs no network.
func TestPreCommit(t *testing.T) {
	testenv.Slow(t, "builds heatconf and runs pre-commit")
	preCommit := testenv.Command(t, "pre-commit", "pre-commit")
	git := testenv.Command(t, "git", "git")
	bin := buildHeatconf(t)
	home, repo := t.TempDir(), t.TempDir()
	env := preCommitEnv(home, bin)
	sh := shIn(t, repo, env)
	must := func(name string, args ...string) {
		t.Helper()
		if code, out := sh(name, args...); code != 0 {
			t.Fatalf("%s %q: exit %d\n%s", name, args, code, out)
		}
	}
	write := func(path, data string) {
		t.Helper()
		p := filepath.Join(repo, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	bad, good := read("../../testdata/lint/guide.conf"), read("../../testdata/lint/ok/kolla-zed.conf")

	must(git, "init", "-q", "-b", "main")
	must(git, "config", "user.email", "test@example.org")
	must(git, "config", "user.name", "heatconf test")
	hook := readHooks(t)["heatconf-lint-system"]
	local := map[string]any{"repos": []any{map[string]any{"repo": "local", "hooks": []any{hook}}}}
	cfg, err := yaml.Marshal(local)
	if err != nil {
		t.Fatal(err)
	}
	write(".pre-commit-config.yaml", string(cfg))
	write(".heatconf.toml", "release = \"zed\"\n")
	must(git, "add", ".pre-commit-config.yaml", ".heatconf.toml")

	run := func(files ...string) (int, string) {
		t.Helper()
		return sh(preCommit, append([]string{"run", "--color", "never", "--files"}, files...)...)
	}

	t.Run("bad heat.conf fails", func(t *testing.T) {
		write("etc/heat/heat.conf", bad)
		code, out := run("etc/heat/heat.conf")
		if code == 0 || !strings.Contains(out, "Failed") || !strings.Contains(out, "etc/heat/heat.conf:") || !strings.Contains(out, "[removed-option]") {
			t.Errorf("exit %d\n%s", code, out)
		}
	})
	t.Run("clean heat.conf passes", func(t *testing.T) {
		write("etc/heat/heat.conf", good)
		if code, out := run("etc/heat/heat.conf"); code != 0 || !strings.Contains(out, "Passed") {
			t.Errorf("exit %d\n%s", code, out)
		}
	})
	t.Run("other files of heat are not passed", func(t *testing.T) {
		// each of these would fail `heatconf lint` if the hook got it
		write("heat/logging.conf", "[loggers]\nkeys = root\n\n[handler_stderr]\nclass = StreamHandler\nargs = (sys.stderr,)\n")
		write("etc/heat/api-paste.ini", "[pipeline:heat-api]\npipeline = healthcheck request_id faultwrap apiv1app\n")
		write("etc/heat/policy.yaml", "\"stacks:create\": \"rule:deny_stack_user\"\n")
		code, out := run("heat/logging.conf", "etc/heat/api-paste.ini", "etc/heat/policy.yaml")
		if code != 0 || !strings.Contains(out, "(no files to check)Skipped") {
			t.Errorf("exit %d\n%s", code, out)
		}
		if _, direct := sh(filepath.Join(bin, "heatconf"), "lint", "heat/logging.conf"); !strings.Contains(direct, "error") {
			t.Errorf("heatconf lint finds nothing wrong in logging.conf, so this case proves nothing:\n%s", direct)
		}
	})
	t.Run("a drop-in with a removed option fails", func(t *testing.T) {
		write("etc/heat/heat.conf", good)
		write("etc/heat/heat.conf.d/20-rpc.conf", "[DEFAULT]\nrpc_backend = rabbit\n")
		code, out := run("etc/heat/heat.conf.d/20-rpc.conf")
		if code == 0 || !strings.Contains(out, "etc/heat/heat.conf.d/20-rpc.conf:2:1:") || !strings.Contains(out, "[removed-option]") {
			t.Errorf("exit %d\n%s", code, out)
		}
		os.Remove(filepath.Join(repo, "etc/heat/heat.conf.d/20-rpc.conf"))
	})
	t.Run("a valid drop-in passes", func(t *testing.T) {
		// NEEDS `heatconf lint` to merge a drop-in given on the command line
		// (…/heat.conf.d/x.conf) with its sibling …/heat.conf, as heat does
		// with --config-file heat.conf --config-dir heat.conf.d. Until that
		// lands, lint reads the drop-in alone and reports what only heat.conf
		// holds (no transport_url, no [database] connection), and this case
		// FAILS. The hook itself only passes the file name, which is right.
		write("etc/heat/heat.conf", good)
		write("etc/heat/heat.conf.d/10-debug.conf", "[DEFAULT]\ndebug = true\n")
		if code, out := run("etc/heat/heat.conf.d/10-debug.conf"); code != 0 || !strings.Contains(out, "Passed") {
			t.Errorf("a valid drop-in fails the hook (lint does not merge it with its heat.conf yet): exit %d\n%s", code, out)
		}
		os.Remove(filepath.Join(repo, "etc/heat/heat.conf.d/10-debug.conf"))
	})
	t.Run("git commit runs the hook", func(t *testing.T) {
		must(preCommit, "install")
		write("etc/heat/heat.conf", bad)
		must(git, "add", "etc/heat/heat.conf", "heat/logging.conf")
		code, out := sh(git, "commit", "-q", "-m", "heat.conf")
		if code == 0 || !strings.Contains(out, "[removed-option]") {
			t.Errorf("a commit of a bad heat.conf: exit %d\n%s", code, out)
		}
		write("etc/heat/heat.conf", good)
		must(git, "add", "etc/heat/heat.conf")
		if code, out := sh(git, "commit", "-q", "-m", "heat.conf"); code != 0 || !strings.Contains(out, "Passed") {
			t.Errorf("a commit of a clean heat.conf: exit %d\n%s", code, out)
		}
	})
}

// TestPreCommitBatches runs the system hook with the real pre-commit on a
// repository of several services' configuration: heat.conf files under
// two .heatconf.toml files that differ (release, a disabled rule), nova,
// keystone and nginx configuration beside them, and above the repository
// a .heatconf.toml that would pass every heat.conf over if it were read.
// pre-commit splits the files into batches (one per CPU, in an order of
// its own, since the hook is not require_serial); the findings must be
// those of one `heatconf lint .` over the repository, whatever the
// batches, and must come from Heat's files only. A wrapper around heatconf
// counts the batches.
func TestPreCommitBatches(t *testing.T) {
	testenv.Slow(t, "builds heatconf and runs pre-commit")
	preCommit := testenv.Command(t, "pre-commit", "pre-commit")
	git := testenv.Command(t, "git", "git")
	real := buildHeatconf(t)
	bin, home, parent := t.TempDir(), t.TempDir(), t.TempDir()
	calls := filepath.Join(home, "calls")
	wrapper := "#!/bin/sh\necho \"$#\" >> '" + calls + "'\nexec '" + filepath.Join(real, "heatconf") + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "heatconf"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(parent, "repo")
	guide, err := os.ReadFile("../../testdata/lint/guide.conf")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"../.heatconf.toml":            "exclude = [\"heat.conf\", \"heat.conf.d/\"]\nrelease = \"2021.1\"\n",
		"a/.heatconf.toml":             "release = \"zed\"\ndisable = [\"weak-password\"]\n",
		"b/.heatconf.toml":             "release = \"2025.1\"\n",
		"etc/nova/nova.conf":           "[DEFAULT]\nenabled_apis = osapi_compute,metadata\n[api_database]\nconnection = mysql+pymysql://nova:NOVA_DBPASS@controller/nova_api\n",
		"etc/keystone/keystone.conf":   "[token]\nprovider = fernet\n",
		"etc/nginx/sites/heat.conf.j2": "server {\n    listen 8004;\n}\n",
		"etc/nginx/site.conf":          "server {\n    listen 80;\n}\n",
	}
	for i := range 12 {
		for _, sub := range []string{"a", "b"} {
			files[fmt.Sprintf("%s/host%02d/heat.conf", sub, i)] = string(guide)
		}
	}
	for path, data := range files {
		p := filepath.Join(repo, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	sh := shIn(t, repo, preCommitEnv(home, bin))
	must := func(name string, args ...string) string {
		t.Helper()
		code, out := sh(name, args...)
		if code != 0 {
			t.Fatalf("%s %q: exit %d\n%s", name, args, code, out)
		}
		return out
	}
	must(git, "init", "-q", "-b", "main")
	local := map[string]any{"repos": []any{map[string]any{"repo": "local", "hooks": []any{readHooks(t)["heatconf-lint-system"]}}}}
	cfg, err := yaml.Marshal(local)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, ".pre-commit-config.yaml"), cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	must(git, "add", "-A")

	findingRE := regexp.MustCompile(`(?m)^\S+:\d+:\d+: (error|warning|info): .*$`)
	findings := func(out string) []string {
		fs := findingRE.FindAllString(out, -1)
		slices.Sort(fs)
		return fs
	}
	code, hooked := sh(preCommit, "run", "--color", "never", "--all-files")
	if code != 1 || !strings.Contains(hooked, "Failed") {
		t.Fatalf("pre-commit run --all-files: exit %d\n%s", code, hooked)
	}
	data, _ := os.ReadFile(calls)
	batches := strings.Fields(string(data))
	t.Logf("pre-commit ran heatconf %d times, with %v files (%d CPUs)", len(batches), batches, runtime.NumCPU())
	if runtime.NumCPU() > 1 && len(batches) < 2 {
		t.Errorf("pre-commit ran the hook once on %d CPUs: the test does not show that batches agree", runtime.NumCPU())
	}
	code, walked := sh(filepath.Join(real, "heatconf"), "lint", ".")
	if code != 1 {
		t.Fatalf("heatconf lint .: exit %d\n%s", code, walked)
	}
	got, want := findings(hooked), findings(walked)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("the hook's findings in batches differ from one walk of the repository:\nhook (%d):\n%s\nwalk (%d):\n%s", len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
	for _, f := range want {
		switch {
		case !strings.HasPrefix(f, "a/") && !strings.HasPrefix(f, "b/"):
			t.Errorf("a finding outside Heat's files: %s", f)
		case strings.HasPrefix(f, "a/") && strings.HasSuffix(f, "[weak-password]"):
			t.Errorf("a/.heatconf.toml disables weak-password: %s", f)
		}
	}
	if !slices.ContainsFunc(want, func(f string) bool { return strings.HasPrefix(f, "b/") && strings.HasSuffix(f, "[weak-password]") }) {
		t.Errorf("b/ has no weak-password finding: b/.heatconf.toml does not disable it")
	}

	// two batches by hand, each in an order that starts in the other tree
	var all []string
	for i := range 12 {
		all = append(all, fmt.Sprintf("b/host%02d/heat.conf", i), fmt.Sprintf("a/host%02d/heat.conf", i))
	}
	var merged []string
	for _, batch := range [][]string{all[:7], all[7:]} {
		_, out := sh(filepath.Join(real, "heatconf"), append([]string{"lint"}, batch...)...)
		merged = append(merged, findings(out)...)
	}
	slices.Sort(merged)
	if !slices.Equal(merged, want) {
		t.Errorf("two batches by hand differ from one walk: %d findings, want %d", len(merged), len(want))
	}

	// the files of other services never reach the hook
	if code, out := sh(preCommit, "run", "--color", "never", "--files", "etc/nova/nova.conf", "etc/keystone/keystone.conf", "etc/nginx/site.conf"); code != 0 || !strings.Contains(out, "(no files to check)Skipped") {
		t.Errorf("other services' files: exit %d\n%s", code, out)
	}
}
