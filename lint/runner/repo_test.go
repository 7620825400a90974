package runner

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/lint"
)

// Other services' configuration, as the install guides write it.
const (
	novaConf = `[DEFAULT]
my_ip = 10.0.0.11
enabled_apis = osapi_compute,metadata
transport_url = rabbit://openstack:RABBIT_PASS@controller:5672/

[api]
auth_strategy = keystone

[api_database]
connection = mysql+pymysql://nova:NOVA_DBPASS@controller/nova_api

[database]
connection = mysql+pymysql://nova:NOVA_DBPASS@controller/nova

[keystone_authtoken]
www_authenticate_uri = http://controller:5000/
auth_url = http://controller:5000/
memcached_servers = controller:11211
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = nova
password = NOVA_PASS

[vnc]
enabled = true
server_listen = $my_ip

[glance]
api_servers = http://controller:9292

[oslo_concurrency]
lock_path = /var/lib/nova/tmp

[placement]
region_name = RegionOne
auth_type = password
auth_url = http://controller:5000/v3
username = placement
password = PLACEMENT_PASS
`
	keystoneConf = `[database]
connection = mysql+pymysql://keystone:KEYSTONE_DBPASS@controller/keystone

[token]
provider = fernet
`
	nginxSite = `server {
    listen 80;
    server_name heat.example.org;

    location / {
        proxy_pass http://127.0.0.1:8004;
    }
}
`
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../testdata/lint", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// repoRun lints args from dir with the default release.
func repoRun(t *testing.T, dir string, req Request) (*Report, error) {
	t.Helper()
	t.Chdir(dir)
	if req.Settings.Release == "" {
		req.Settings = Settings{Release: "2025.1", FailOn: "error"}
	}
	return Run(req)
}

func findingFiles(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		if !slices.Contains(out, f.File) {
			out = append(out, f.File)
		}
	}
	return out
}

// TestWhichFilesAreHeats: a repository of configurations lints only
// Heat's; another service's file named on the command line says what it
// is in one finding; a directory without heat.conf is a usage error.
func TestWhichFilesAreHeats(t *testing.T) {
	root := tree(t, map[string]string{
		"repo/.git/HEAD":                  "ref: refs/heads/main\n",
		"repo/etc/heat/heat.conf":         readTestdata(t, "guide.conf"),
		"repo/etc/heat/api-paste.ini":     "[pipeline:heat-api]\npipeline = faultwrap apiv1app\n",
		"repo/etc/nova/nova.conf":         novaConf,
		"repo/etc/keystone/keystone.conf": keystoneConf,
		"repo/etc/nginx/site.conf":        nginxSite,
		"repo/nova-only/nova.conf":        novaConf,
	})
	var notes []string
	rep, err := repoRun(t, root, Request{Inputs: Inputs{Args: []string{"repo"}, Note: func(s string) { notes = append(notes, s) }}})
	if err != nil {
		t.Fatal(err)
	}
	if files := findingFiles(rep.Findings); !slices.Equal(files, []string{"repo/etc/heat/heat.conf"}) || rep.Files != 1 {
		t.Errorf("a walk of the repository lints %d files, with findings in %q; want heat.conf alone", rep.Files, files)
	}
	for _, want := range []string{"repo/etc/nova/nova.conf: passed over", "repo/etc/keystone/keystone.conf: passed over",
		"repo/etc/nginx/site.conf: passed over", "repo/etc/heat/api-paste.ini: passed over", "repo/.git: passed over: a hidden directory"} {
		if !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, want) }) {
			t.Errorf("no note %q in %q", want, notes)
		}
	}

	for _, tc := range []struct{ file, message string }{
		{"repo/etc/nova/nova.conf", "this looks like nova.conf, not heat.conf: enabled_apis (line 3), [api] (line 6) and [api_database] (line 9) are nova's, and it has none of Heat's own sections or options"},
		{"repo/etc/keystone/keystone.conf", "this looks like keystone.conf, not heat.conf: [token] (line 4) is keystone's"},
		{"repo/etc/nginx/site.conf", "this looks like an nginx configuration, not heat.conf (line 1: server {): oslo.config cannot read it"},
		{"repo/etc/heat/api-paste.ini", "this looks like a paste deployment file (api-paste.ini), not heat.conf: [pipeline:heat-api] (line 1)"},
	} {
		rep, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{tc.file}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, tc.message) || rep.Findings[0].Severity != lint.Error || !rep.Failed() {
			t.Errorf("lint %s: %d findings:\n%s\nwant one error: %s", tc.file, len(rep.Findings), joinFindings(rep.Findings), tc.message)
		}
	}

	_, err = Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{"repo/nova-only"}}})
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "no heat.conf under repo/nova-only; name files explicitly or add include = [...] to .heatconf.toml") {
		t.Errorf("a directory with only nova.conf: %v", err)
	}
}

func joinFindings(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

// perFileTree is a repository with two subtrees under their own
// .heatconf.toml, and a .heatconf.toml above the repository that would
// pass every file over.
func perFileTree(t *testing.T) string {
	guide := readTestdata(t, "guide.conf")
	return tree(t, map[string]string{
		ConfigFile:                  "exclude = [\"heat.conf\"]\nrelease = \"2021.1\"\n",
		"repo/.git/HEAD":            "ref: refs/heads/main\n",
		"repo/a/" + ConfigFile:      "release = \"zed\"\nfail_on = \"warning\"\ndisable = [\"weak-password\"]\n\n[severity]\nplain-http = \"error\"\n",
		"repo/a/heat.conf":          guide,
		"repo/a/frag/" + ConfigFile: "fragment = true\nfail_on = \"warning\"\n",
		"repo/a/frag/heat.conf":     "[keystone_authtoken]\nauth_plugin = password\n",
		"repo/b/" + ConfigFile:      "release = \"2025.1\"\n",
		"repo/b/heat.conf":          guide,
		"repo/b/frag/" + ConfigFile: "fragment = true\n",
		"repo/b/frag/heat.conf":     "[keystone_authtoken]\nauth_plugin = password\n",
	})
}

// byFile are the findings of a report by file, as "rule severity" lines.
func byFile(rep *Report, trim string) map[string][]string {
	out := map[string][]string{}
	for _, f := range rep.Findings {
		name := strings.TrimPrefix(filepath.ToSlash(f.File), trim)
		out[name] = append(out[name], f.Rule.ID+" "+f.Severity.String())
	}
	return out
}

// TestConfigurationPerFile: each file is linted with the .heatconf.toml
// nearest above it, never one above the repository root, in one run; the
// verdict does not depend on how the files are named or batched.
func TestConfigurationPerFile(t *testing.T) {
	root := perFileTree(t)
	rep, err := repoRun(t, root, Request{Inputs: Inputs{Args: []string{"repo"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := byFile(rep, "repo/")
	a, b := got["a/heat.conf"], got["b/heat.conf"]
	if len(a) == 0 || len(b) == 0 || rep.Files != 4 {
		t.Fatalf("%d files; findings: %v", rep.Files, got)
	}
	if slices.Contains(a, "weak-password warning") || !slices.Contains(b, "weak-password warning") {
		t.Errorf("a's .heatconf.toml disables weak-password, b's does not: a %q, b %q", a, b)
	}
	if !slices.Contains(a, "plain-http error") || slices.Contains(a, "plain-http info") || !slices.Contains(b, "plain-http info") {
		t.Errorf("a's [severity] makes plain-http an error, b's does not: a %q, b %q", a, b)
	}
	if !slices.Equal(got["a/frag/heat.conf"], []string{"deprecated-option warning"}) || !slices.Equal(got["b/frag/heat.conf"], []string{"deprecated-option warning"}) {
		t.Errorf("the fragments: %q, %q", got["a/frag/heat.conf"], got["b/frag/heat.conf"])
	}
	if rep.Release != "" || rep.ReleaseOf("repo/a/heat.conf") != "2022.2" || rep.ReleaseOf("repo/b/heat.conf") != "2025.1" || rep.ReleaseOf("repo/a/frag/heat.conf") != "2025.1" {
		t.Errorf("release %q; a %q, b %q, a/frag %q", rep.Release, rep.ReleaseOf("repo/a/heat.conf"), rep.ReleaseOf("repo/b/heat.conf"), rep.ReleaseOf("repo/a/frag/heat.conf"))
	}
	var froms []string
	for _, l := range rep.Releases {
		froms = append(froms, l.Release+" "+l.From.Kind+" "+filepath.ToSlash(l.From.File))
	}
	if want := []string{"2025.1 default ", "2022.2 config repo/a/.heatconf.toml", "2025.1 default ", "2025.1 config repo/b/.heatconf.toml"}; !slices.Equal(froms, want) {
		t.Errorf("releases %q; want %q", froms, want)
	}
	if rep.FailOnOf("repo/a/frag/heat.conf") != lint.Warning || rep.FailOnOf("repo/b/frag/heat.conf") != lint.Error {
		t.Errorf("fail_on per file: %v %v", rep.FailOnOf("repo/a/frag/heat.conf"), rep.FailOnOf("repo/b/frag/heat.conf"))
	}

	// one verdict however the files are named
	for _, args := range [][]string{{"repo/"}, {"./repo"}, {filepath.Join(root, "repo")}} {
		other, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: args}})
		if err != nil {
			t.Fatal(err)
		}
		trim := strings.TrimSuffix(filepath.ToSlash(filepath.Clean(args[0])), "/") + "/"
		if o := byFile(other, trim); !equalFindings(o, got) || other.Failed() != rep.Failed() {
			t.Errorf("lint %s differs from lint repo:\n%v\n%v", args[0], o, got)
		}
	}
	t.Chdir("repo")
	dot, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{"."}}})
	if err != nil {
		t.Fatal(err)
	}
	if o := byFile(dot, ""); !equalFindings(o, got) {
		t.Errorf("lint . in the repository differs from lint repo:\n%v\n%v", o, got)
	}

	// one verdict however the files are batched (pre-commit runs the hook
	// on parts of the list, in an order of its own)
	files := []string{"b/frag/heat.conf", "a/heat.conf", "b/heat.conf", "a/frag/heat.conf"}
	merged := map[string][]string{}
	failed := false
	for _, batch := range [][]string{files[:1], files[1:3], files[3:]} {
		part, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: batch}})
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range byFile(part, "") {
			merged[k] = v
		}
		failed = failed || part.Failed()
	}
	if !equalFindings(merged, got) || failed != rep.Failed() {
		t.Errorf("the files in batches:\n%v\nall at once:\n%v", merged, got)
	}
	only, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{"b/frag/heat.conf"}}})
	if err != nil || only.Failed() {
		t.Errorf("b's fragment alone fails the run (b's fail_on is error): %v", err)
	}
	only, err = Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{"b/frag/heat.conf", "a/frag/heat.conf"}}})
	if err != nil || !only.Failed() {
		t.Errorf("a's fragment does not fail the run (a's fail_on is warning): %v", err)
	}
}

func equalFindings(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestConfigFlags: --config lints every file with one .heatconf.toml,
// --no-config with none, and the command line wins over both.
func TestConfigFlags(t *testing.T) {
	root := perFileTree(t)
	t.Chdir(filepath.Join(root, "repo"))
	lintB := func(req Request) *Report {
		t.Helper()
		req.Settings = Settings{Release: "2025.1", FailOn: "error"}
		req.Inputs = Inputs{Args: []string{"b"}}
		rep, err := Run(req)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := lintB(Request{Config: "a/.heatconf.toml"})
	got := byFile(rep, "b/")
	if rep.Release != "2022.2" || rep.ReleaseFrom.File != "a/.heatconf.toml" || slices.Contains(got["heat.conf"], "weak-password warning") || !slices.Contains(got["heat.conf"], "plain-http error") {
		t.Errorf("--config a/.heatconf.toml: linted as %s by %+v: %v", rep.Release, rep.ReleaseFrom, got)
	}
	if !slices.Contains(got["frag/heat.conf"], "transport-url error") {
		t.Errorf("--config: b/frag's own .heatconf.toml (fragment = true) was read: %v", got["frag/heat.conf"])
	}
	rep = lintB(Request{NoConfig: true})
	got = byFile(rep, "b/")
	if rep.Release != "2025.1" || rep.ReleaseFrom.Kind != FromDefault || !slices.Contains(got["heat.conf"], "weak-password warning") || !slices.Contains(got["frag/heat.conf"], "transport-url error") {
		t.Errorf("--no-config: linted as %s by %+v: %v", rep.Release, rep.ReleaseFrom, got)
	}
	rep = lintB(Request{Config: "a/.heatconf.toml", Set: func(k string) bool { return k == "release" }})
	if rep.Release != "2025.1" || rep.ReleaseFrom.Kind != FromCommandLine {
		t.Errorf("--release with --config: linted as %s by %+v", rep.Release, rep.ReleaseFrom)
	}
	var ue *UsageError
	if _, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Config: "a/.heatconf.toml", NoConfig: true}); !errors.As(err, &ue) {
		t.Errorf("--config with --no-config: %v", err)
	}
	if _, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Config: "none.toml", Inputs: Inputs{Args: []string{"b"}}}); err == nil || !strings.Contains(err.Error(), "none.toml") {
		t.Errorf("a --config that does not exist: %v", err)
	}
	if _, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Config: "b/heat.conf", Inputs: Inputs{Args: []string{"b"}}}); err == nil || !strings.Contains(err.Error(), "b/heat.conf:") || !strings.Contains(err.Error(), "(--config names a .heatconf.toml; lint a heat.conf by naming it, or with --config-file)") {
		t.Errorf("a heat.conf as --config: %v", err)
	}
}

// TestUnreadableDirectory: a directory a walk cannot read stops the run;
// it is never passed over in silence.
func TestUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		testenv.AsNobody(t, "TestUnreadableDirectory") // root reads every directory
		return
	}
	dir := tree(t, map[string]string{"heat.conf": "[DEFAULT]\n", "locked/heat.conf": "[DEFAULT]\n"})
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	_, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{dir}}})
	var ue *UsageError
	if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "reading directory "+dir) || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("a walk over an unreadable directory: %v", err)
	}
}

// TestJSONOfSeveralReleases: the JSON report of files linted as different
// releases lists each release, and each finding names its own; version 1
// stays (release and release_from are left out, as for option data of
// one's own, rather than naming one release for every file).
func TestJSONOfSeveralReleases(t *testing.T) {
	root := perFileTree(t)
	rep, err := repoRun(t, filepath.Join(root, "repo"), Request{Inputs: Inputs{Args: []string{"a/heat.conf", "b/heat.conf"}}})
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := Write(&buf, "json", rep.Findings, rep.WriteOptions(WriteOptions{Version: "test"})); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version     int          `json:"version"`
		Release     *string      `json:"release"`
		ReleaseFrom *ReleaseFrom `json:"release_from"`
		Releases    []Linted     `json:"releases"`
		Files       int          `json:"files"`
		Findings    []struct {
			File    string `json:"file"`
			Release string `json:"release"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(buf.String()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Release != nil || doc.ReleaseFrom != nil || doc.Files != 2 || len(doc.Releases) != 2 ||
		doc.Releases[0].Release != "2022.2" || doc.Releases[0].From.File != "a/.heatconf.toml" || doc.Releases[0].Files != 1 ||
		doc.Releases[1].Release != "2025.1" || doc.Releases[1].From.Kind != FromConfig {
		t.Fatalf("JSON report:\n%s", buf.String())
	}
	for _, f := range doc.Findings {
		want := map[string]string{"a/heat.conf": "2022.2", "b/heat.conf": "2025.1"}[f.File]
		if f.Release != want {
			t.Errorf("a finding of %s names release %q; want %q", f.File, f.Release, want)
		}
	}

	// one release: the report is as it was
	rep, err = Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{"b/heat.conf"}}})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := Write(&buf, "json", rep.Findings, rep.WriteOptions(WriteOptions{Version: "test"})); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, `"release": "2025.1"`) || !strings.Contains(out, `"release_from": {`) || strings.Contains(out, `"releases"`) || strings.Count(out, `"release"`) != 1 {
		t.Errorf("JSON report of one release:\n%s", out)
	}
}

// TestBrokenConfigInAWalk: a .heatconf.toml that a walk meets and cannot
// read stops the run with its own file and line.
func TestBrokenConfigInAWalk(t *testing.T) {
	dir := tree(t, map[string]string{"heat.conf": "[DEFAULT]\n", "sub/heat.conf": "[DEFAULT]\n", "sub/" + ConfigFile: "\nrelase = \"zed\"\n"})
	_, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{dir}}})
	want := filepath.Join(dir, "sub", ConfigFile) + ":2: unknown key relase (did you mean release?)"
	var ue *UsageError
	if err == nil || errors.As(err, &ue) || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("a walk over a broken .heatconf.toml: %v\nwant %s", err, want)
	}
}
