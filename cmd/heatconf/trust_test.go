//go:build unix

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
)

// initSite writes the example site into a new directory and returns the
// directory and the site file.
func initSite(t *testing.T) (dir, sitePath string) {
	t.Helper()
	dir = t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	return dir, filepath.Join(dir, "site.toml")
}

// setHeatPassword makes the site's keystone.heat_password the reference ref.
func setHeatPassword(t *testing.T, sitePath, ref string) {
	t.Helper()
	src, err := os.ReadFile(sitePath)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Replace(string(src), `heat_password = "file:secrets/heat_password"`, `heat_password = "`+ref+`"`, 1)
	if out == string(src) {
		t.Fatal("the example site has no heat_password line to replace")
	}
	if err := os.WriteFile(sitePath, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSiteReferencesConfined: a site file from a pull request cannot make
// render, lint --site or probe --site read a file outside its directory
// tree or a variable outside HEATCONF_*, unless the operator says so on
// the command line; and probe sends nothing to the site's Keystone before
// that.
func TestSiteReferencesConfined(t *testing.T) {
	const token = "ghp_runner-token-0123456789abcdef"
	const key = "outside-secret-0123456789abcdef"
	env := map[string]string{"CI_TOKEN": token}
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "key"), []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var seen []string // what the fake Keystone was sent
	ks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.URL.String()+" "+string(body))
		mu.Unlock()
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	defer ks.Close()
	probeArgs := func(site string, extra ...string) []string {
		return append([]string{"probe", "--site", site, "--os-auth-url", ks.URL + "/v3", "--os-username", "admin",
			"--os-password", "admin-pw-1", "--os-project-name", "admin", "--timeout", "5s"}, extra...)
	}

	tests := []struct {
		name  string
		ref   string
		allow []string // the flags that let the reference through
		want  string
	}{
		{"a file outside the site's tree", "file:" + filepath.Join(outside, "key"), []string{"--secrets-dir", outside},
			"which is outside the site file's directory"},
		{"a file above it", "file:../" + filepath.Base(outside) + "/key", nil, "which is outside the site file's directory"},
		{"a variable of the CI runner", "env:CI_TOKEN", []string{"--allow-env", "CI_TOKEN"},
			"names the environment variable CI_TOKEN, which a site file may not read"},
		{"a variable allowed by prefix", "env:CI_TOKEN", []string{"--allow-env", "CI_*"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, sitePath := initSite(t)
			ref := tt.ref
			if strings.HasPrefix(ref, "file:../") {
				// relative to this site's directory
				rel, err := filepath.Rel(dir, filepath.Join(outside, "key"))
				if err != nil {
					t.Fatal(err)
				}
				ref = "file:" + rel
			}
			setHeatPassword(t, sitePath, ref)
			if tt.want != "" {
				for _, args := range [][]string{
					{"render", sitePath, "--output", filepath.Join(dir, "out")},
					{"lint", "--site", sitePath},
					probeArgs(sitePath),
				} {
					r := run(t, env, args...)
					if r.code == 0 || !strings.Contains(r.out+r.err, "keystone.heat_password: ") || !strings.Contains(r.out+r.err, tt.want) {
						t.Errorf("%s: exit %d\n%s%s\nwant %q", args[0], r.code, r.out, r.err, tt.want)
					}
					assertNoSecrets(t, []string{token, key}, r.out, r.err)
				}
				if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
					t.Error("render wrote the output")
				}
			}
			if tt.allow != nil {
				args := append([]string{"render", sitePath, "--output", filepath.Join(dir, "out")}, tt.allow...)
				if r := run(t, env, args...); r.code != 0 {
					t.Errorf("%v: %+v", args, r)
				}
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	for _, s := range seen {
		if strings.Contains(s, token) || strings.Contains(s, key) {
			t.Errorf("the site's Keystone was sent a secret the site may not read: %s", s)
		}
	}
	for _, bad := range []string{"*", "A-B", ""} {
		if r := run(t, env, "render", "x.toml", "--output", "out", "--allow-env", bad); r.code != exitUsage {
			t.Errorf("--allow-env %q: %+v", bad, r)
		}
	}
}

// TestSymlinksTheRepositoryCanCommit: render does not read the site file,
// nor read or write --output, through a symbolic link unless
// --follow-symlinks says so; init does not write secrets through a
// secrets/ that is one.
func TestSymlinksTheRepositoryCanCommit(t *testing.T) {
	dir, sitePath := initSite(t)
	// deploy/out -> /etc/heat, in the attack: a real heat.conf with real
	// secrets that --check --diff would print, and render would overwrite
	etc := t.TempDir()
	const real = "[database]\nconnection = mysql+pymysql://heat:etc-real-secret@db/heat\n"
	if err := os.WriteFile(filepath.Join(etc, "heat.conf"), []byte(real), 0o640); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Symlink(etc, out); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"render", sitePath, "--output", out, "--check", "--diff"},
		{"render", sitePath, "--output", out},
		{"render", sitePath, "--output", filepath.Join(out, "ctl1")},
	} {
		r := run(t, nil, args...)
		if r.code != exitFatal || !strings.Contains(r.err, "--output: "+out) || !strings.Contains(r.err, "--follow-symlinks") {
			t.Errorf("%v: %+v", args, r)
		}
		if strings.Contains(r.out+r.err, "etc-real-secret") || strings.Contains(r.out, "connection") {
			t.Errorf("%v shows the link target's heat.conf:\n%s", args, r.out)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(etc, "heat.conf")); string(b) != real {
		t.Errorf("the link's target was written: %q", b)
	}
	if es, _ := os.ReadDir(etc); len(es) != 1 {
		t.Errorf("files written into the link's target: %d", len(es))
	}
	if r := run(t, nil, "render", sitePath, "--output", out, "--follow-symlinks"); r.code != 0 {
		t.Errorf("--follow-symlinks: %+v", r)
	}

	// the site file itself, linked (beside it: file: references are
	// relative to the directory of the path given)
	link := filepath.Join(dir, "linked.toml")
	if err := os.Symlink(sitePath, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"render", link, "--output", filepath.Join(dir, "out2")},
		{"lint", "--site", link},
	} {
		if r := run(t, nil, args...); r.code != exitFatal || !strings.Contains(r.err, link+" is a symbolic link") {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if r := run(t, nil, "render", link, "--output", filepath.Join(dir, "out2"), "--follow-symlinks"); r.code != 0 {
		t.Errorf("--follow-symlinks: %+v", r)
	}

	// init and a secrets/ committed as a link
	initDir := t.TempDir()
	target := t.TempDir()
	if err := os.Chmod(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(initDir, "secrets")); err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "init", initDir); r.code != exitFatal || !strings.Contains(r.err, "is a symbolic link") {
		t.Errorf("init: %+v", r)
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("init changed the link target's mode: %v %v", fi.Mode(), err)
	}
}

// TestDeepTOMLRefusedAtOnce: a .heatconf.toml (or site file) of 20 KB
// with a 10,000-part dotted key cost the decoder 1.4 GB and 6 s; it is
// refused in milliseconds, at its line.
func TestDeepTOMLRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	deep := strings.Repeat("a.", 9_999) + "a = 1\n"
	if err := os.WriteFile(filepath.Join(dir, ".heatconf.toml"), []byte("# settings\n"+deep), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "heat.conf")
	if err := os.WriteFile(conf, []byte("[DEFAULT]\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(site, []byte("release = \"2025.1\"\n[overrides.DEFAULT]\n"+deep), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", conf}, filepath.Join(dir, ".heatconf.toml") + ":2:1: a key 10000 parts deep"},
		{[]string{"render", site, "--output", filepath.Join(dir, "out")}, site + ":3:1: a key 10002 parts deep"},
	} {
		var r result
		// milliseconds (docs/benchmarks.md); the bounds, in processor time
		// and allocation, catch the decoder's quadratic cost (seconds,
		// gigabytes) and cannot fail on a machine busy with other tests
		cpu, alloc := testenv.Cost(t, func() { r = run(t, nil, tt.args...) })
		if cpu > 5*time.Second || alloc > 256<<20 {
			t.Errorf("%s took %v of processor time, allocated %d MB", tt.args[0], cpu, alloc>>20)
		}
		if r.code == 0 || !strings.Contains(r.err, tt.want) {
			t.Errorf("%s: %+v\nwant %q", tt.args[0], r, tt.want)
		}
	}
}

// TestRenderEscapesWhatReachesTheTerminal: a committed output file holding
// terminal escape sequences, and an --output path holding them, reach the
// terminal escaped in --check lines, diff headers and diff lines.
func TestRenderEscapesWhatReachesTheTerminal(t *testing.T) {
	dir, sitePath := initSite(t)
	out := filepath.Join(dir, "out\x1b]0;pwned\x07")
	if r := run(t, nil, "render", sitePath, "--output", out); r.code != 0 {
		t.Fatalf("render: %+v", r)
	}
	p := filepath.Join(out, "heat.conf")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(b, "# \x1b[2J\x1b[31mcleared\n"...), 0o640); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "render", sitePath, "--output", out, "--check", "--diff")
	if r.code != exitFindings {
		t.Fatalf("--check --diff: %+v", r)
	}
	for _, bad := range []string{"\x1b", "\x07"} {
		if strings.Contains(r.out+r.err, bad) {
			t.Errorf("prints %q:\n%q", bad, r.out+r.err)
		}
	}
	if !strings.Contains(r.out, `-# \u001b[2J\u001b[31mcleared`) {
		t.Errorf("the diff lacks the escaped line:\n%s", r.out)
	}
}

// TestWeakSiteSecretsTellNoShape: lint --site names the key of a weak or
// common secret from the site's files and says nothing of its shape: not
// that it is short, nor that it is a word with digits, nor any of it.
func TestWeakSiteSecretsTellNoShape(t *testing.T) {
	dir, sitePath := initSite(t)
	secrets := map[string]string{"heat_password": "admin123", "rabbit_password": "xY3"}
	for name, value := range secrets {
		if err := os.WriteFile(filepath.Join(dir, "secrets", name), []byte(value+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, nil, "lint", "--site", sitePath, "--format", "json")
	for _, want := range []string{"the password of transport_url is weak or common", "the password of [keystone_authtoken] is weak or common"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("lint --site does not say %q:\n%s", want, r.out)
		}
	}
	for _, leak := range []string{"shorter than", "characters)", "common word with digits", "admin", "xY3", "(it is"} {
		if strings.Contains(r.out+r.err, leak) {
			t.Errorf("lint --site tells %q of a weak secret:\n%s%s", leak, r.out, r.err)
		}
	}
}

// TestFixDiffMasksWhatTheReleaseCallsSecret: lint --fix --diff hides, on
// both sides, the value of every option the release's data calls secret,
// as render --diff does (one masking, conf/secretdiff): a fixed line of a
// secret under a hyphenated name, and secrets in the context around a fix.
func TestFixDiffMasksWhatTheReleaseCallsSecret(t *testing.T) {
	secrets := []string{"Sup3rS3cretV4lueX", "Other5ecretValue9", "Hm4cS3cretK3yValue"}
	p := filepath.Join(t.TempDir(), "heat.conf")
	text := "[DEFAULT]\ndebugg = true\n[cache]\nbackend-argument = " + secrets[0] + "\nbackend_argument = url:" + secrets[1] +
		"\n[profiler]\nhmac_keys = " + secrets[2] + "\nenabled = true\n"
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "lint", "--no-config", "--fix", "--diff", p)
	for _, want := range []string{"+debug = true", "-backend-argument = ****  (masked: old)", "+backend_argument = ****  (masked: new)", " hmac_keys = ****"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the diff lacks %q:\n%s", want, r.out)
		}
	}
	assertNoSecrets(t, secrets, r.out, r.err)
}

// TestFixAndUpgradeEscapeFileContent: a file whose name, keys, values and
// section names carry terminal escape sequences, a bell and a
// bidirectional override reaches the terminal escaped in upgrade's
// Markdown and text, and in the errors of lint --fix and upgrade --fix
// (heatconf refuses to rewrite a read-only file, root's too).
func TestFixAndUpgradeEscapeFileContent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "heat\x1b]0;pwned\x07\u202e.conf")
	text := "[DEFAULT]\ndebugg\x1b[2J = 1\nheat_stack_user_role = x\x1b]0;pwned\x07y\ndebugg = true\n[evil\x1b[31m\u202e]\nk = v\n"
	if err := os.WriteFile(p, []byte(text), 0o444); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"upgrade --format markdown", []string{"upgrade", p, "--from", "zed", "--to", "2025.1", "--format", "markdown"}, `[evil\u001b[31m\u202e]`},
		{"upgrade --format text", []string{"upgrade", p, "--from", "zed", "--to", "2025.1"}, `debugg\u001b[2J`},
		{"lint --fix", []string{"lint", "--no-config", "--fix", p}, `heat\u001b]0;pwned\u0007\u202e.conf (mode 0444): the file is read-only`},
		{"upgrade --fix", []string{"upgrade", p, "--from", "zed", "--to", "2025.1", "--fix"}, `heat\u001b]0;pwned\u0007\u202e.conf (mode 0444): the file is read-only`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, nil, tt.args...)
			for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
				if strings.Contains(r.out+r.err, bad) {
					t.Errorf("prints %q:\n%q", bad, r.out+r.err)
				}
			}
			if !strings.Contains(r.out+r.err, tt.want) {
				t.Errorf("does not say %q:\n%s%s", tt.want, r.out, r.err)
			}
		})
	}
}

// TestLintReadsNoCommittedLinks: a .heatconf.toml committed as a link to
// a .env, and a drop-in linked to a file of secrets, are not read by lint
// (the TOML error echoed the start of a key; a walk read a *.conf linked
// to /proc/self/environ): the first is refused, the second passed over,
// unless --follow-symlinks.
func TestLintReadsNoCommittedLinks(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(env, []byte("CI_TOKEN=ghp_committed0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "heat.conf")
	if err := os.WriteFile(conf, []byte("[DEFAULT]\ndebug = true\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(env, filepath.Join(dir, ".heatconf.toml")); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "lint", conf)
	if r.code != exitFatal || !strings.Contains(r.err, ".heatconf.toml is a symbolic link") || strings.Contains(r.out+r.err, "ghp") {
		t.Errorf("a linked .heatconf.toml: %+v", r)
	}
	if err := os.Remove(filepath.Join(dir, ".heatconf.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "heat.conf.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(env, filepath.Join(dir, "heat.conf.d", "env.conf")); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "lint", "--no-config", "--verbose", dir)
	if strings.Contains(r.out+r.err, "ghp") || strings.Contains(r.out, "env.conf") {
		t.Errorf("lint DIR read a linked drop-in: %+v", r)
	}
	if !strings.Contains(r.err, "env.conf: passed over: a symbolic link") {
		t.Errorf("lint DIR does not say it passed over the link: %s", r.err)
	}
	if r := run(t, nil, "lint", "--no-config", "--follow-symlinks", dir); !strings.Contains(r.out, "env.conf") {
		t.Errorf("--follow-symlinks: the linked drop-in is not linted: %+v", r)
	}
}

// TestLinkedHeatEnvPassedOver: a heat.env beside heat.conf is a file the
// repository holds; committed as a link (to a host's secrets, /proc/...)
// lint passes over it as over a linked drop-in, unless --follow-symlinks.
func TestLinkedHeatEnvPassedOver(t *testing.T) {
	dir := t.TempDir()
	outside := writeFile(t, filepath.Join(dir, "outside.env"), "OS_DATABASE__CONNECTION=\"mysql+pymysql://heat:Outside-Secret-9@db/heat\"\n", 0o600)
	repo := filepath.Join(dir, "repo")
	if err := os.Mkdir(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(repo, "heat.conf"), "[DEFAULT]\ndebug = true\n", 0o644)
	if err := os.Symlink(outside, filepath.Join(repo, "heat.env")); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "lint", "--no-config", "--verbose", repo)
	if !strings.Contains(r.err+r.out, filepath.Join(repo, "heat.env")+": passed over: a symbolic link") || strings.Contains(r.err+r.out, "read with") {
		t.Errorf("a linked heat.env was not passed over: %+v", r)
	}
	r = run(t, nil, "lint", "--no-config", "--verbose", "--follow-symlinks", repo)
	if !strings.Contains(r.err+r.out, "read with "+filepath.Join(repo, "heat.env")) {
		t.Errorf("--follow-symlinks did not read the linked heat.env: %+v", r)
	}
}
