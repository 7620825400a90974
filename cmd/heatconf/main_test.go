package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type result struct {
	code     int
	out, err string
}

func run(t testing.TB, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb}, func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	})
	return result{code, out.String(), errb.String()}
}

func readSecrets(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "secrets"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, "secrets", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimSpace(string(b)))
	}
	return out
}

func assertNoSecrets(t *testing.T, secrets []string, texts ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Fatalf("a secret was printed:\n%s", text)
			}
		}
	}
}

// TestInitRenderCheckCycle walks the README: init, render, check clean,
// change the site, check finds it (exit 1) with a masked diff, render again.
func TestInitRenderCheckCycle(t *testing.T) {
	dir := t.TempDir()
	r := run(t, nil, "init", dir)
	if r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.err)
	}
	fi, err := os.Stat(filepath.Join(dir, "secrets"))
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("secrets dir: %v %v", fi.Mode(), err)
	}
	secrets := readSecrets(t, dir)
	if len(secrets) != 6 {
		t.Fatalf("%d secrets", len(secrets))
	}
	if r := run(t, nil, "init", dir); r.code != exitFatal || !strings.Contains(r.err, "exists; use --force") {
		t.Errorf("second init: %+v", r)
	}
	sitePath := filepath.Join(dir, "site.toml")
	out := filepath.Join(dir, "out")

	r = run(t, nil, "render", sitePath, "--output", out)
	if r.code != 0 {
		t.Fatalf("render: %d %s", r.code, r.err)
	}
	for name, mode := range map[string]os.FileMode{"heat.conf": 0o640, "bootstrap-db.sql": 0o600, "bootstrap-keystone.sh": 0o700, "install-heat.sh": 0o700} {
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, err %v; want %04o", name, fi.Mode().Perm(), err, mode)
		}
	}
	first, _ := os.ReadFile(filepath.Join(out, "heat.conf"))

	r = run(t, nil, "render", sitePath, "--output", out, "--check")
	if r.code != 0 || !strings.Contains(r.err, "is up to date (4 files)") {
		t.Fatalf("check after render: %+v", r)
	}
	r = run(t, nil, "render", sitePath, "--output", out)
	if r.code != 0 || !strings.Contains(r.out, "4 files, 0 changed") {
		t.Fatalf("re-render: %+v", r)
	}
	again, _ := os.ReadFile(filepath.Join(out, "heat.conf"))
	if !bytes.Equal(first, again) {
		t.Fatal("two renders differ")
	}

	// rotate a password and move the engine count: --check must see it
	if err := os.WriteFile(filepath.Join(dir, "secrets", "heat_password"), []byte("rotated-password-1234\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(sitePath)
	src = bytes.Replace(src, []byte("engine_workers = 4"), []byte("engine_workers = 6"), 1)
	os.WriteFile(sitePath, src, 0o644)
	secrets = append(readSecrets(t, dir), "rotated-password-1234")

	r = run(t, nil, "render", sitePath, "--output", out, "--check", "--diff")
	if r.code != exitFindings {
		t.Fatalf("check after change: exit %d, %s", r.code, r.err)
	}
	for _, want := range []string{"-num_engine_workers = 4", "+num_engine_workers = 6", "-password = ****", "+password = ****", "--- " + filepath.Join(out, "heat.conf")} {
		if !strings.Contains(r.out, want) {
			t.Errorf("diff lacks %q:\n%s", want, r.out)
		}
	}
	if !strings.Contains(r.err, "heat.conf: would change") || !strings.Contains(r.err, "bootstrap-keystone.sh: would change") {
		t.Errorf("check report: %s", r.err)
	}
	assertNoSecrets(t, secrets, r.out, r.err)
	unchanged, _ := os.ReadFile(filepath.Join(out, "heat.conf"))
	if !bytes.Equal(unchanged, first) {
		t.Fatal("--check wrote files")
	}

	// a mode change alone is a change too
	r = run(t, nil, "render", sitePath, "--output", out)
	if r.code != 0 {
		t.Fatal(r.err)
	}
	os.Chmod(filepath.Join(out, "heat.conf"), 0o644)
	if r := run(t, nil, "render", sitePath, "--output", out, "--check"); r.code != exitFindings || !strings.Contains(r.err, "mode would change from 0644 to 0640") {
		t.Errorf("mode drift: %+v", r)
	}
}

func TestRenderFailsCleanlyOnMissingSecret(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatal(r.err)
	}
	os.Remove(filepath.Join(dir, "secrets", "rabbit_password"))
	os.Chmod(filepath.Join(dir, "secrets", "heat_password"), 0o644)
	out := filepath.Join(dir, "out")
	r := run(t, nil, "render", filepath.Join(dir, "site.toml"), "--output", out)
	if r.code != exitFatal {
		t.Fatalf("exit %d, want %d", r.code, exitFatal)
	}
	for _, want := range []string{
		"2 problems in the site file",
		// the same words for both: what is wrong with a secret file is
		// never said (a site file must not learn what the machine holds)
		"site.toml:19:1: keystone.heat_password: comes from file " + filepath.Join(dir, "secrets", "heat_password") + ", which is not a usable secret file: one must be a regular file under " + dir + ", not readable by group or others (chmod 600)",
		"messaging.password: comes from file " + filepath.Join(dir, "secrets", "rabbit_password") + ", which is not a usable secret file: one must be a regular file under " + dir + ", not readable by group or others (chmod 600)",
	} {
		if !strings.Contains(r.err, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.err)
		}
	}
	for _, tell := range []string{"0644", "does not exist", "no such file"} {
		if strings.Contains(r.err, tell) {
			t.Errorf("stderr tells %q:\n%s", tell, r.err)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("output directory was created although rendering failed")
	}
}

func TestStdout(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "init", dir)
	secrets := readSecrets(t, dir)
	site := filepath.Join(dir, "site.toml")
	r := run(t, nil, "render", site, "--stdout", "heat.conf")
	if r.code != 0 || !strings.Contains(r.out, "[keystone_authtoken]") || !strings.Contains(r.out, "password = ****") {
		t.Fatalf("--stdout: %+v", r)
	}
	assertNoSecrets(t, secrets, r.out, r.err)
	r = run(t, nil, "render", site, "--stdout", "heat.conf", "--reveal-secrets")
	if r.code != 0 || strings.Contains(r.out, "****") {
		t.Fatalf("--reveal-secrets to a pipe: %+v", r)
	}
	if r := run(t, nil, "render", site, "--stdout", "nope.conf"); r.code != exitUsage || !strings.Contains(r.err, "outputs: bootstrap-db.sql, bootstrap-keystone.sh, heat.conf, install-heat.sh") {
		t.Errorf("unknown --stdout file: %+v", r)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"render"}, "render needs a site file"},
		{[]string{"render", "a.toml"}, "exactly one of --output DIR or --stdout FILE"},
		{[]string{"render", "a.toml", "--output", "x", "--stdout", "heat.conf"}, "exactly one of"},
		{[]string{"render", "a.toml", "--stdout", "heat.conf", "--check"}, "do not go with --stdout"},
		{[]string{"render", "a.toml", "--output", "x", "--reveal-secrets"}, "--reveal-secrets only goes with --stdout"},
		{[]string{"render", "a.toml", "--bogus"}, "unknown flag: --bogus"},
		{[]string{"rendr"}, `unknown command "rendr"`},
		{[]string{"init"}, "init needs a directory"},
	}
	for _, tt := range tests {
		r := run(t, nil, tt.args...)
		if r.code != exitUsage || !strings.Contains(r.err, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, r.code, r.err, tt.want)
		}
	}
}

func TestMissingSiteIsFatal(t *testing.T) {
	r := run(t, nil, "render", filepath.Join(t.TempDir(), "none.toml"), "--output", t.TempDir())
	if r.code != exitFatal || !strings.Contains(r.err, "reading site file") {
		t.Errorf("%+v", r)
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, cmd := range [][]string{{"--help"}, {"render", "--help"}, {"init", "--help"}, {"version", "--help"}, {"completion", "--help"}} {
		r := run(t, nil, cmd...)
		if r.code != 0 || !strings.Contains(r.out, "Examples:") || !strings.Contains(r.out, "heatconf ") {
			t.Errorf("%v: no example in help:\n%s", cmd, r.out)
		}
	}
}

func TestVersionAndCompletion(t *testing.T) {
	r := run(t, nil, "version")
	if r.code != 0 || !strings.Contains(r.out, "default release: 2025.1") || !strings.Contains(r.out, "release 2022.2-debian (zed): Heat 19.0.0 from Debian bookworm") ||
		!strings.Contains(r.out, "release 2022.2 (zed): Heat 19.0.0 from heat 19.0.0, upper-constraints unmaintained/zed") {
		t.Errorf("version: %+v", r)
	}
	r = run(t, nil, "completion", "bash")
	if r.code != 0 || !strings.Contains(r.out, "__start_heatconf") {
		t.Errorf("completion bash: exit %d", r.code)
	}
}

// TestRenderRefusesLintErrors: an override that puts a removed option into
// heat.conf stops the render before anything is written.
func TestRenderRefusesLintErrors(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatal(r.err)
	}
	sitePath := filepath.Join(dir, "site.toml")
	src, _ := os.ReadFile(sitePath)
	src = bytes.Replace(src, []byte("max_stacks_per_tenant = 200"), []byte("max_stacks_per_tenant = 200\nrpc_backend = \"rabbit\""), 1)
	os.WriteFile(sitePath, src, 0o644)
	out := filepath.Join(dir, "out")
	r := run(t, nil, "render", sitePath, "--output", out)
	if r.code != exitFatal || !strings.Contains(r.err, "rpc_backend was removed") || !strings.Contains(r.err, "refusing to write") {
		t.Fatalf("exit %d:\n%s", r.code, r.err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("output written despite lint errors")
	}
}

func TestLintCommand(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "heat.conf")
	os.WriteFile(bad, []byte("[DEFAULT]\nrpc_backend = rabbit\n[keystone_authtoken]\nmemcached_servers = inet6:[::1]:11211\nauth_url = http://10.0.0.1:35357\n"), 0o640)
	r := run(t, nil, "lint", "--release", "zed", bad)
	if r.code != exitFindings || !strings.Contains(r.out, bad+":2:1: error: [DEFAULT] rpc_backend was removed") {
		t.Fatalf("lint: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = run(t, nil, "lint", "--release", "zed", "--format", "json", bad)
	if r.code != exitFindings || !strings.HasPrefix(r.out, "{\n  \"version\": 1,") || !strings.Contains(r.out, `"rule": "keystone-admin-port"`) {
		t.Errorf("json: %d %s", r.code, r.out)
	}
	// --fix --diff shows, --fix writes, then only what cannot be fixed
	// remains; the port 35357 of a charm's Keystone is info here, whose fix
	// --fix applies only with --fix-info
	r = run(t, nil, "lint", "--release", "zed", "--fix", "--diff", bad)
	if !strings.Contains(r.out, "-rpc_backend = rabbit") || strings.Contains(r.out, "-auth_url") {
		t.Errorf("--fix --diff:\n%s", r.out)
	}
	// errors the fixes leave fail the run, as lint without --diff would
	if r.code != exitFindings || !strings.Contains(r.err, "findings that fail the run remain after these fixes") {
		t.Errorf("--fix --diff with errors left: exit %d\n%s", r.code, r.err)
	}
	fixable := filepath.Join(t.TempDir(), "heat.conf")
	ok, _ := os.ReadFile("../../testdata/lint/ok/kolla-zed.conf")
	os.WriteFile(fixable, append([]byte("[DEFAULT]\nrpc_backend = rabbit\n"), ok...), 0o640)
	if r := run(t, nil, "lint", "--release", "zed", "--fix", "--diff", fixable); r.code != 0 || !strings.Contains(r.out, "-rpc_backend = rabbit") {
		t.Errorf("--fix --diff that fixes every error: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = run(t, nil, "lint", "--release", "zed", "--fix-info", "--diff", bad)
	if r.code != exitUsage || !strings.Contains(r.err, "use it with --fix") {
		t.Errorf("--fix-info without --fix: exit %d\n%s", r.code, r.err)
	}
	r = run(t, nil, "lint", "--release", "zed", "--fix", "--fix-info", "--diff", bad)
	if !strings.Contains(r.out, "-auth_url = http://10.0.0.1:35357") || !strings.Contains(r.out, "+auth_url = http://10.0.0.1:5000") {
		t.Errorf("--fix --fix-info --diff:\n%s", r.out)
	}
	before, _ := os.ReadFile(bad)
	if !strings.Contains(string(before), "35357") {
		t.Fatal("--diff wrote the file")
	}
	r = run(t, nil, "lint", "--release", "zed", "--fix", "--fix-info", bad)
	after, _ := os.ReadFile(bad)
	if strings.Contains(string(after), "35357") || strings.Contains(string(after), "rpc_backend") || !strings.Contains(r.err, "applied") {
		t.Errorf("--fix: %s\n%s", after, r.err)
	}
	if fi, _ := os.Stat(bad); fi.Mode().Perm() != 0o640 {
		t.Errorf("--fix changed the mode to %v", fi.Mode())
	}
	// stdin, fail-on, disable
	clean := "[DEFAULT]\ntransport_url = rabbit://u:Pw0rdLong@h:5672/\n"
	var out, errb bytes.Buffer
	code := Main([]string{"lint", "--release", "zed", "--disable", "auth-encryption-key,stack-domain,authtoken,trustee,database-connection,memcache", "-"},
		Streams{In: strings.NewReader(clean), Out: &out, Err: &errb}, func(string) (string, bool) { return "", false })
	if code != 0 {
		t.Errorf("clean stdin: exit %d\n%s%s", code, out.String(), errb.String())
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"lint"}, exitUsage, "lint needs files"},
		{[]string{"lint", "--format", "xml", bad}, exitUsage, "--format"},
		{[]string{"lint", "--release", "mitaka", bad}, exitUsage, "unknown release"},
		{[]string{"lint", "--release", "ussuri", bad}, exitUsage, "unknown release \"ussuri\""},
		{[]string{"lint", "--disable", "nope", bad}, exitUsage, "unknown rule"},
		{[]string{"lint", "--diff", bad}, exitUsage, "use it with --fix"},
		{[]string{"lint", filepath.Join(dir, "missing.conf")}, exitFatal, "missing.conf"},
	} {
		r := run(t, nil, tc.args...)
		if r.code != tc.code || !strings.Contains(r.err, tc.want) {
			t.Errorf("%v: exit %d %q", tc.args, r.code, r.err)
		}
	}
}

func TestRulesCommand(t *testing.T) {
	r := run(t, nil, "rules")
	if r.code != 0 || !strings.Contains(r.out, "RULE") || !strings.Contains(r.out, "unknown-option") {
		t.Errorf("%+v", r)
	}
}

// TestLintSite: --site lints the site file's problems and the heat.conf it
// renders, named after the site.
func TestLintSite(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatal(r.err)
	}
	site := filepath.Join(dir, "site.toml")
	r := run(t, nil, "lint", "--site", site)
	if r.code != 0 {
		t.Fatalf("the example site: exit %d\n%s%s", r.code, r.out, r.err)
	}
	src, _ := os.ReadFile(site)
	os.WriteFile(site, bytes.Replace(src, []byte("max_stacks_per_tenant = 200"), []byte("max_stacks_per_tenant = 0"), 1), 0o644)
	r = run(t, nil, "lint", "--site", site, "--fail-on", "warning")
	// named where the site file writes the value, with the heat.conf option it became
	if r.code != exitFindings || !strings.Contains(r.out, site+":") || !strings.Contains(r.out, ": overrides.DEFAULT.max_stacks_per_tenant (heat.conf [DEFAULT] max_stacks_per_tenant): ") || !strings.Contains(r.out, "[limits]") {
		t.Errorf("a site whose override blocks stacks: exit %d\n%s%s", r.code, r.out, r.err)
	}
	os.WriteFile(site, bytes.Replace(src, []byte("[database]\n"), []byte("[database]\npasword = \"x\"\n"), 1), 0o644)
	r = run(t, nil, "lint", "--site", site)
	if r.code != exitFindings || !strings.Contains(r.out, `did you mean \"password\"?`) && !strings.Contains(r.out, `did you mean "password"?`) {
		t.Errorf("a site with a typo: exit %d\n%s%s", r.code, r.out, r.err)
	}
}

// TestCompletion: flag values complete (releases, formats, rule ids, a
// site's hosts, schema show's GROUP.OPTION).
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"lint --release", []string{"__complete", "lint", "--release", ""}, []string{"2025.1", "zed", "epoxy"}},
		{"lint --format", []string{"__complete", "lint", "--format", ""}, []string{"text", "json", "sarif"}},
		{"lint --disable", []string{"__complete", "lint", "--disable", ""}, []string{"plain-http", "unknown-option"}},
		{"probe --format", []string{"__complete", "probe", "--format", ""}, []string{"text", "nagios", "prometheus"}},
		{"--color", []string{"__complete", "lint", "--color", ""}, []string{"auto", "always", "never"}},
		{"render --host", []string{"__complete", "render", "../../testdata/sites/multihost.toml", "--host", ""}, []string{"ctl1", "ctl2"}},
		{"schema show group", []string{"__complete", "schema", "show", "oslo_pol"}, []string{"oslo_policy."}},
		{"schema show option", []string{"__complete", "schema", "show", "oslo_policy."}, []string{"oslo_policy.enforce_scope"}},
		{"schema diff FROM", []string{"__complete", "schema", "diff", ""}, []string{"2025.1", "zed", "24.1.1", "epoxy-debian"}},
		{"schema diff TO", []string{"__complete", "schema", "diff", "zed", ""}, []string{"2025.1", "hibiscus"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, nil, tc.args...)
			// each line is a value, or "value<TAB>description"
			var values []string
			for _, l := range strings.Split(r.out, "\n") {
				v, _, _ := strings.Cut(l, "\t")
				values = append(values, v)
			}
			for _, w := range tc.want {
				if !slices.Contains(values, w) {
					t.Errorf("%v: no %q in\n%s", tc.args, w, r.out)
				}
			}
		})
	}
}

// TestCompletionDescriptions: values come with what they mean, and schema
// diff completes releases (files only for a word that starts a path).
func TestCompletionDescriptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"releases", []string{"__complete", "lint", "--release", ""}, []string{"2025.1\tepoxy, Heat 24.0.0", "epoxy\t2025.1, Heat 24.0.0", "24.1.1\t2025.1 epoxy, a point release", "zed-debian\t2022.2, Heat 19.0.0, Debian bookworm's packages"}},
		{"rules", []string{"__complete", "lint", "--disable", ""}, []string{"plain-http\tKeystone over plain HTTP"}},
		{"formats", []string{"__complete", "lint", "--format", ""}, []string{"sarif\tSARIF 2.1.0, for code scanning"}},
		{"severities", []string{"__complete", "lint", "--fail-on", ""}, []string{"warning\twarnings and errors"}},
		{"schema diff", []string{"__complete", "schema", "diff", ""}, []string{"2025.1\tepoxy, Heat 24.0.0", ":4\n"}},
		{"schema diff path", []string{"__complete", "schema", "diff", "./"}, []string{"yaml\nyml\n:8\n"}},
	} {
		r := run(t, nil, tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(r.out, w) {
				t.Errorf("%s: no %q in\n%s", tc.name, w, r.out)
			}
		}
	}
	if r := run(t, nil, "__complete", "schema", "diff", "zed", "2025.1", ""); strings.Contains(r.out, "2025.1") {
		t.Errorf("a third argument of schema diff: %s", r.out)
	}
}

// TestLintTree: a directory tree with render's <host>/heat.conf layout and
// a heat.conf with drop-ins lints all of them, drop-ins with their service;
// a directory with no heat.conf is an error, never "clean".
func TestLintTree(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"ctl1/heat.conf":               "[DEFAULT]\nrpc_backend = rabbit\n",
		"ctl2/heat.conf":               "[DEFAULT]\nverbose = true\n",
		"etc/heat.conf":                "[DEFAULT]\ndebug = true\n",
		"etc/heat.conf.d/10-db.conf":   "[database]\nconnection = mysql+pymysql://heat:Xq3vTb9sLk2mWp7r@db/heat\n",
		"etc/heat.conf.d/20-typo.conf": "[keystone_authtoken]\nauth_plugin = password\n",
		"etc/logging.conf":             "[loggers]\nkeys = root\n",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, nil, "lint", "--format", "text", "--verbose", dir)
	for _, want := range []string{
		filepath.Join(dir, "ctl1/heat.conf") + ":2:1:", filepath.Join(dir, "ctl2/heat.conf") + ":2:1:",
		filepath.Join(dir, "etc/heat.conf.d/20-typo.conf") + ":2:1:", "logging.conf: passed over",
	} {
		if !strings.Contains(r.out+r.err, want) {
			t.Errorf("no %q in\n%s%s", want, r.out, r.err)
		}
	}
	// merged: the drop-in's [database] connection satisfies the service
	if strings.Contains(r.out, filepath.Join(dir, "etc/heat.conf")+":1:1: error: no [database] connection") {
		t.Errorf("the drop-ins were not merged with their heat.conf:\n%s", r.out)
	}
	empty := t.TempDir()
	if r := run(t, nil, "lint", empty); r.code != exitUsage || !strings.Contains(r.err, "no heat.conf under "+empty) {
		t.Errorf("empty directory: exit %d %s", r.code, r.err)
	}
}

// TestLintOtherServices: a walk of a configuration repository lints
// Heat's files and lists the others with --verbose; another service's file
// named on the command line is one finding that says what it is; a
// directory with nothing of Heat's is a usage error.
func TestLintOtherServices(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		".git/HEAD":                  "ref: refs/heads/main\n",
		"etc/heat/heat.conf":         "[DEFAULT]\nrpc_backend = rabbit\n",
		"etc/nova/nova.conf":         "[DEFAULT]\ncompute_driver = libvirt.LibvirtDriver\n[libvirt]\nvirt_type = kvm\n",
		"etc/keystone/keystone.conf": "[token]\nprovider = fernet\n",
		"etc/nginx/site.conf":        "server {\n    listen 80;\n}\n",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, nil, "lint", "--verbose", dir)
	if r.code != exitFindings || strings.Contains(r.out, "nova.conf:") || strings.Contains(r.out, "keystone.conf:") || strings.Contains(r.out, "site.conf:") ||
		!strings.Contains(r.out, filepath.Join(dir, "etc/heat/heat.conf")+":2:1:") {
		t.Errorf("lint of the repository: exit %d\n%s", r.code, r.out)
	}
	if !strings.Contains(r.err, filepath.Join(dir, "etc/nova/nova.conf")+": passed over: not heat.conf, a drop-in of heat.conf.d or a file .heatconf.toml includes") {
		t.Errorf("--verbose does not say why nova.conf is passed over:\n%s", r.err)
	}
	r = run(t, nil, "lint", filepath.Join(dir, "etc/nova/nova.conf"))
	if r.code != exitFindings || strings.Count(r.out, "\n") != 1 || !strings.Contains(r.out, ":2:1: error: this looks like nova.conf, not heat.conf: compute_driver (line 2) and [libvirt] (line 3) are nova's") {
		t.Errorf("lint nova.conf: exit %d\n%s", r.code, r.out)
	}
	r = run(t, nil, "lint", filepath.Join(dir, "etc/nova"))
	if r.code != exitUsage || !strings.Contains(r.err, "no heat.conf under "+filepath.Join(dir, "etc/nova")+"; name files explicitly or add include = [...] to .heatconf.toml") {
		t.Errorf("lint of a directory with only nova.conf: exit %d %s", r.code, r.err)
	}
	if r := run(t, nil, "lint", "--config", "x.toml", "--no-config", dir); r.code != exitUsage {
		t.Errorf("--config with --no-config: exit %d %s", r.code, r.err)
	}
}

// TestRenderThenLint: what render writes for a point release lints clean
// with nothing but the files, since lint reads render's header; --verbose
// and the JSON say so, and --release still decides over the header.
func TestRenderThenLint(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	sitePath := filepath.Join(dir, "site.toml")
	data, err := os.ReadFile(sitePath)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`release = "2025.1"`), []byte(`release = "24.1.1"`), 1)
	if err := os.WriteFile(sitePath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	r := run(t, nil, "render", sitePath, "--output", out)
	if r.code != 0 || !strings.Contains(r.out, "for Heat 24.1.1 (2025.1 epoxy)") || strings.Contains(r.err, "note:") {
		t.Fatalf("render: %+v", r)
	}
	conf := filepath.Join(out, "heat.conf")
	r = run(t, nil, "lint", "--verbose", "--fail-on", "info", out)
	if r.code != 0 || r.out != "" || !strings.Contains(r.err, "heatconf: note: linted as 24.1.1, chosen by the header of "+conf) {
		t.Errorf("lint of the output: %+v", r)
	}
	r = run(t, nil, "lint", "--format", "json", conf)
	if r.code != 0 || !strings.Contains(r.out, `"release": "24.1.1",`) || !strings.Contains(r.out, `"kind": "stamp",`) {
		t.Errorf("lint --format json: %+v", r)
	}
	// told 24.0.0, lint reports what 24.0.0 does not read (at info)
	r = run(t, nil, "lint", "--release", "24.0.0", "--fail-on", "info", "--verbose", conf)
	if r.code != exitFindings || !strings.Contains(r.out, "Heat reads [ec2authtoken] auth_type from 24.1.1 on") || !strings.Contains(r.err, "chosen by the command line") {
		t.Errorf("lint --release 24.0.0: %+v", r)
	}
}
