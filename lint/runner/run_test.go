package runner

import (
	"cmp"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
)

// badZed is a heat.conf for zed with one finding that has no fix (or one
// that deletes the line) and one fixable port.
const badZed = "[DEFAULT]\nrpc_backend = rabbit\n[keystone_authtoken]\nauth_url = http://10.0.0.1:35357\n"

// tree writes files (a name ending in "/" is a directory) under a new
// temporary directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func unitNames(units []Unit) [][]string {
	var out [][]string
	for _, u := range units {
		var names []string
		for _, in := range u.inputs {
			names = append(names, in.name)
		}
		out = append(out, names)
	}
	return out
}

func TestInputsUnits(t *testing.T) {
	dir := tree(t, map[string]string{
		"heat.conf": "", "other.conf": "",
		"d/20-b.conf": "", "d/10-a.conf": "", "d/.hidden.conf": "", "d/notes.txt": "", "d/15-sub.conf/": "",
		"out/heat.conf": "", "out/ctl1/heat.conf": "", "out/ctl2/heat.conf": "", "out/ctl1/install-heat.sh": "", "out/.git/x.conf": "",
		"etc/heat.conf": "", "etc/heat.conf.d/20-mq.conf": "", "etc/heat.conf.d/10-db.conf": "", "etc/logging.conf": "", "etc/api-paste.ini": "",
		"lone/heat.conf.d/10-x.conf": "", "logs/logging.conf": "", "logs/heat-api-paste.conf": "", "empty/": "",
		"w/heat.conf": "", "w/sub/heat.conf": "", "w/.hidden/heat.conf": "", "w/.heat.conf": "", "w/nova.conf": "", "w/notes.txt": "",
		"w/heat.conf.bak": "", "w/sub/heat.conf.d/README": "",
		"inc/.heatconf.toml": "include = [\"engine-*.conf\", \"hosts/**/heat-*.conf\"]\nexclude = [\"old/\", \"*.sample.conf\"]\n",
		"inc/engine-1.conf":  "", "inc/engine-2.sample.conf": "", "inc/api.conf": "", "inc/hosts/a/b/heat-x.conf": "",
		"inc/old/heat.conf": "", "inc/heat.conf": "",
	})
	p := func(rel string) string { return filepath.Join(dir, rel) }
	tests := []struct {
		name    string
		in      Inputs
		want    [][]string
		errText string
	}{
		{name: "nothing", in: Inputs{}},
		{name: "files each on their own", in: Inputs{Args: []string{p("other.conf"), p("heat.conf")}},
			want: [][]string{{p("other.conf")}, {p("heat.conf")}}},
		{name: "a directory's heat.conf files each on their own; hidden, other and other services' files passed over", in: Inputs{Args: []string{p("w")}},
			want: [][]string{{p("w/heat.conf")}, {p("w/sub/heat.conf")}}},
		{name: "a directory without heat.conf: *.conf files are not Heat's by their name", in: Inputs{Args: []string{p("d")}},
			errText: "no heat.conf under " + p("d") + "; name files explicitly or add include = [...] to .heatconf.toml"},
		{name: "what .heatconf.toml includes, less what it excludes", in: Inputs{Args: []string{p("inc")}},
			want: [][]string{{p("inc/engine-1.conf")}, {p("inc/heat.conf")}, {p("inc/hosts/a/b/heat-x.conf")}}},
		{name: "a file named on the command line is linted whatever its name", in: Inputs{Args: []string{p("inc/api.conf"), p("w/nova.conf")}},
			want: [][]string{{p("inc/api.conf")}, {p("w/nova.conf")}}},
		{name: "a file named on the command line that .heatconf.toml excludes is passed over", in: Inputs{Args: []string{p("inc/old/heat.conf"), p("inc/engine-2.sample.conf"), p("inc/heat.conf")}},
			want: [][]string{{p("inc/heat.conf")}}},
		{name: "a directory that .heatconf.toml excludes", in: Inputs{Args: []string{p("inc/old")}},
			errText: "no heat.conf under " + p("inc/old") + ": it is excluded"},
		{name: "a tree: render's <host>/heat.conf layout", in: Inputs{Args: []string{p("out")}},
			want: [][]string{{p("out/ctl1/heat.conf")}, {p("out/ctl2/heat.conf")}, {p("out/heat.conf")}}},
		{name: "heat.conf with its drop-ins is one service", in: Inputs{Args: []string{p("etc")}},
			want: [][]string{{p("etc/heat.conf"), p("etc/heat.conf.d/10-db.conf"), p("etc/heat.conf.d/20-mq.conf")}}},
		{name: "a file and a drop-in of it are one service, once", in: Inputs{Args: []string{p("etc/heat.conf.d/20-mq.conf"), p("etc/heat.conf")}},
			want: [][]string{{p("etc/heat.conf"), p("etc/heat.conf.d/10-db.conf"), p("etc/heat.conf.d/20-mq.conf")}}},
		{name: "drop-ins without their service", in: Inputs{Args: []string{p("lone/heat.conf.d/10-x.conf")}},
			want: [][]string{{p("lone/heat.conf.d/10-x.conf")}}},
		{name: "a directory with no heat.conf", in: Inputs{Args: []string{p("logs")}}, errText: "no heat.conf under " + p("logs")},
		{name: "an empty directory", in: Inputs{Args: []string{p("empty")}}, errText: "no heat.conf under " + p("empty")},
		{name: "standard input", in: Inputs{Args: []string{"-"}, Stdin: strings.NewReader("[DEFAULT]\n")},
			want: [][]string{{"<stdin>"}}},
		{name: "sources are one unit, in order", in: Inputs{Sources: []conf.Source{{ConfigDir: p("d")}, {ConfigFile: p("heat.conf")}}},
			want: [][]string{{p("d/10-a.conf"), p("d/15-sub.conf"), p("d/20-b.conf"), p("heat.conf")}}},
		{name: "arguments before sources", in: Inputs{Args: []string{p("other.conf")}, Sources: []conf.Source{{ConfigFile: p("heat.conf")}}},
			want: [][]string{{p("other.conf")}, {p("heat.conf")}}},
		{name: "a missing file argument", in: Inputs{Args: []string{p("missing.conf")}}, errText: "reading " + p("missing.conf")},
		{name: "a missing --config-file is read later", in: Inputs{Sources: []conf.Source{{ConfigFile: p("missing.conf")}}},
			want: [][]string{{p("missing.conf")}}},
		{name: "a missing --config-dir", in: Inputs{Sources: []conf.Source{{ConfigDir: p("nope")}}},
			errText: "Failed to read config file directory: " + p("nope")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			units, err := tt.in.Units()
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("Units() = %v; want an error with %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := unitNames(units); !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("units %q; want %q", got, tt.want)
			}
		})
	}
}

func TestLintUnits(t *testing.T) {
	dir := tree(t, map[string]string{"bad.conf": badZed, "broken.conf": "[DEFAULT\n", "sub.conf/": ""})
	l, err := lint.New(lint.Options{Registry: registry(t, "zed"), Disable: []string{"auth-encryption-key", "stack-domain", "authtoken", "trustee", "database-connection", "memcache", "transport-url"}})
	if err != nil {
		t.Fatal(err)
	}
	bad, broken := filepath.Join(dir, "bad.conf"), filepath.Join(dir, "broken.conf")
	tests := []struct {
		name    string
		units   []Unit
		keep    bool
		rules   [][]string // each unit's findings' rules
		errText string
	}{
		{name: "no units"},
		{name: "in the units' order", units: []Unit{DataUnit("clean", []byte("[DEFAULT]\n")), FileUnit(bad), FileUnit(broken)},
			rules: [][]string{nil, {"removed-option", "keystone-admin-port", "plain-http"}, {"parse-error"}}},
		{name: "files of one unit are merged", units: []Unit{FileUnit(bad, broken)},
			rules: [][]string{{"parse-error", "removed-option", "keystone-admin-port", "plain-http"}}},
		{name: "kept", units: []Unit{FileUnit(bad)}, keep: true, rules: [][]string{{"removed-option", "keystone-admin-port", "plain-http"}}},
		{name: "a directory named .conf is a finding, the rest is linted", units: []Unit{FileUnit(bad), FileUnit(filepath.Join(dir, "sub.conf"))},
			rules: [][]string{{"removed-option", "keystone-admin-port", "plain-http"}, {"parse-error"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, err := lintUnits(l, tt.units, tt.keep)
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("lintUnits = %v; want an error with %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, fs := range results {
				var rules []string
				for _, f := range fs {
					rules = append(rules, f.Rule.ID)
				}
				got = append(got, rules)
			}
			if !slices.EqualFunc(got, tt.rules, func(a, b []string) bool { return slices.Equal(a, b) }) {
				t.Errorf("rules %q; want %q", got, tt.rules)
			}
			for i, u := range tt.units {
				if u.loaded != tt.keep || tt.keep && len(u.files) == 0 {
					t.Errorf("unit %d: loaded %v, %d files kept; keep is %v", i, u.loaded, len(u.files), tt.keep)
				}
			}
		})
	}
}

func TestFix(t *testing.T) {
	dir := tree(t, map[string]string{"bad.conf": badZed, "clean.conf": "[DEFAULT]\n"})
	bad := filepath.Join(dir, "bad.conf")
	if err := os.Chmod(bad, 0o600); err != nil {
		t.Fatal(err)
	}
	// rpc_backend becomes the transport_url it stood for, the Keystone
	// admin port the public one
	fixedZed := "[DEFAULT]\ntransport_url = rabbit://guest:guest@localhost:5672/\n[keystone_authtoken]\nauth_url = http://10.0.0.1:5000\n"
	tests := []struct {
		name  string
		units []Unit
		fixed []FixedFile // Old is compared with src
		left  []string    // rules of the findings left, all units
		src   string      // the fixed files' text before (default badZed)
	}{
		{name: "nothing to fix", units: []Unit{FileUnit(filepath.Join(dir, "clean.conf"))}},
		{name: "a file on disk", units: []Unit{FileUnit(bad)},
			fixed: []FixedFile{{Name: bad, Path: bad, Mode: 0o600, Fixes: 3, New: []byte(fixedZed)}},
			left:  []string{"weak-password", "plain-http"}},
		{name: "fixes that a fix makes possible, in one run", units: []Unit{DataUnit("chain.conf", []byte("[default]\nrpc_thread_pool_size = 4\n"))},
			fixed: []FixedFile{{Name: "chain.conf", Fixes: 2, New: []byte("[DEFAULT]\nexecutor_thread_pool_size = 4\n")}},
			src:   "[default]\nrpc_thread_pool_size = 4\n"},
		{name: "a file in memory has no path", units: []Unit{DataUnit("<stdin>", []byte(badZed))},
			fixed: []FixedFile{{Name: "<stdin>", Fixes: 3, New: []byte(fixedZed)}},
			left:  []string{"weak-password", "plain-http"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := lint.New(lint.Options{Registry: registry(t, "zed"), Disable: []string{"auth-encryption-key", "stack-domain", "authtoken", "trustee", "database-connection", "memcache", "transport-url"}})
			if err != nil {
				t.Fatal(err)
			}
			results, err := lintUnits(l, tt.units, true)
			if err != nil {
				t.Fatal(err)
			}
			fixed, left, err := fix(l, tt.units, results)
			if err != nil {
				t.Fatal(err)
			}
			if len(fixed) != len(tt.fixed) {
				t.Fatalf("%d fixed files; want %d", len(fixed), len(tt.fixed))
			}
			src := cmp.Or(tt.src, badZed)
			for i, want := range tt.fixed {
				got := fixed[i]
				if got.Name != want.Name || got.Path != want.Path || got.Mode != want.Mode || got.Fixes != want.Fixes || string(got.New) != string(want.New) || string(got.Old) != src {
					t.Errorf("fixed %d:\n got %s %q %v %d fixes:\n%s\nwant %s %q %v %d fixes:\n%s", i, got.Name, got.Path, got.Mode, got.Fixes, got.New, want.Name, want.Path, want.Mode, want.Fixes, want.New)
				}
			}
			var rules []string
			for _, fs := range left {
				for _, f := range fs {
					rules = append(rules, f.Rule.ID)
				}
			}
			if !slices.Equal(rules, tt.left) {
				t.Errorf("left %q; want %q", rules, tt.left)
			}
			if data, _ := os.ReadFile(bad); string(data) != badZed {
				t.Error("Fix wrote a file")
			}
		})
	}
}

func TestConfigApply(t *testing.T) {
	cfg := &Config{Release: "zed", Schema: "/x.yaml", FailOn: "warning", Disable: []string{"memcache"}, Enable: []string{"trustee"}}
	flags := Settings{Release: "2025.1", FailOn: "error", Disable: []string{"authtoken"}, Enable: []string{"stack-domain"}}
	none := func(string) bool { return false }
	tests := []struct {
		name string
		cfg  *Config
		set  func(string) bool
		want Settings
	}{
		{name: "no file", cfg: nil, set: none, want: flags},
		{name: "the file's defaults", cfg: cfg, set: none,
			want: Settings{Release: "zed", Schema: "/x.yaml", FailOn: "warning", Disable: []string{"memcache", "authtoken"}, Enable: []string{"trustee", "stack-domain"}}},
		{name: "the command line wins", cfg: cfg, set: func(k string) bool { return k == "release" || k == "fail_on" },
			want: Settings{Release: "2025.1", Schema: "/x.yaml", FailOn: "error", Disable: []string{"memcache", "authtoken"}, Enable: []string{"trustee", "stack-domain"}}},
		{name: "an empty file", cfg: &Config{}, set: none, want: flags},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cfg.Apply(flags, tt.set)
			if got.Release != tt.want.Release || got.Schema != tt.want.Schema || got.FailOn != tt.want.FailOn ||
				!slices.Equal(got.Disable, tt.want.Disable) || !slices.Equal(got.Enable, tt.want.Enable) {
				t.Errorf("Apply = %+v; want %+v", got, tt.want)
			}
		})
	}
	if !slices.Equal(flags.Disable, []string{"authtoken"}) || !slices.Equal(cfg.Disable, []string{"memcache"}) {
		t.Error("Apply changed its inputs")
	}
}

func TestRun(t *testing.T) {
	dir := tree(t, map[string]string{
		"repo/heat.conf":        badZed,
		"repo/.heatconf.toml":   "release = \"zed\"\nfail_on = \"warning\"\ndisable = [\"auth-encryption-key\", \"stack-domain\", \"authtoken\", \"trustee\", \"database-connection\", \"memcache\", \"transport-url\"]\n",
		"plain/heat.conf":       badZed,
		"broken/heat.conf":      badZed,
		"broken/.heatconf.toml": "nonsense = 1\n",
	})
	conf := filepath.Join(dir, "repo/heat.conf")
	zed := Settings{Release: "zed", FailOn: "error"}
	tests := []struct {
		name    string
		req     Request
		rules   []string // of the findings
		failed  bool
		fixes   int
		usage   string // a *UsageError with this text
		errText string // another error with this text
	}{
		{name: ".heatconf.toml sets release, fail_on and disabled rules",
			req:   Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{conf}}},
			rules: []string{"removed-option", "keystone-admin-port", "plain-http"}, failed: true},
		{name: "the command line's fail_on wins",
			req: Request{Settings: Settings{FailOn: "error"}, Set: func(k string) bool { return k == "fail_on" },
				Inputs: Inputs{Args: []string{conf}}},
			rules: []string{"removed-option", "keystone-admin-port", "plain-http"}, failed: true},
		{name: "fix", req: Request{Settings: zed, Inputs: Inputs{Args: []string{conf}}, Fix: true},
			rules: []string{"weak-password", "plain-http"}, failed: true, fixes: 3},
		{name: "bad fail-on", req: Request{Settings: Settings{Release: "zed", FailOn: "fatal"}, Inputs: Inputs{Args: []string{filepath.Join(dir, "plain/heat.conf")}}},
			usage: "--fail-on: "},
		{name: "unknown release", req: Request{Settings: Settings{Release: "mitaka", FailOn: "error"}}, usage: `--release: unknown release "mitaka"`},
		{name: "unknown rule", req: Request{Settings: Settings{Release: "zed", FailOn: "error", Disable: []string{"nope"}}}, usage: `unknown rule "nope"`},
		{name: "missing option data", req: Request{Settings: Settings{Schema: filepath.Join(dir, "none.yaml"), FailOn: "error"}},
			errText: "reading --schema: "},
		{name: "a broken .heatconf.toml", req: Request{Settings: zed, Inputs: Inputs{Args: []string{filepath.Join(dir, "broken/heat.conf")}}},
			errText: filepath.Join(dir, "broken/.heatconf.toml") + ":1: unknown key nonsense"},
		{name: "a missing file", req: Request{Settings: zed, Inputs: Inputs{Args: []string{filepath.Join(dir, "none.conf")}}},
			errText: "none.conf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(tt.req)
			var ue *UsageError
			switch {
			case tt.usage != "":
				if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.usage) {
					t.Fatalf("Run = %v; want a usage error with %q", err, tt.usage)
				}
				return
			case tt.errText != "":
				if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("Run = %v; want an error with %q", err, tt.errText)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			var rules []string
			for _, f := range rep.Findings {
				rules = append(rules, f.Rule.ID)
			}
			if !slices.Equal(rules, tt.rules) || rep.Failed() != tt.failed || rep.Fixes() != tt.fixes {
				t.Errorf("rules %q, failed %v, %d fixes; want %q, %v, %d", rules, rep.Failed(), rep.Fixes(), tt.rules, tt.failed, tt.fixes)
			}
		})
	}
}

func TestJobAdd(t *testing.T) {
	job, err := Prepare(Request{Settings: Settings{Release: "2025.1", FailOn: "error"},
		Set: func(k string) bool { return false }, Inputs: Inputs{Args: []string{"-"}, Stdin: strings.NewReader(badZed)}})
	if err != nil {
		t.Fatal(err)
	}
	job.Add("site.toml", registry(t, "zed"), []Unit{DataUnit("site.toml: heat.conf", []byte(badZed))}, []lint.Finding{{File: "site.toml", Line: 1, Column: 1, Rule: lint.SiteRule, Message: "x"}})
	if job.Registry().Name() != "2022.2" {
		t.Errorf("the added units' registry: %s", job.Registry().Name())
	}
	rep, err := job.Run()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range rep.Findings {
		if len(files) == 0 || files[len(files)-1] != f.File {
			files = append(files, f.File)
		}
	}
	if want := []string{"site.toml", "site.toml: heat.conf", "<stdin>"}; !slices.Equal(files, want) {
		t.Errorf("findings of %q; want %q", files, want)
	}
	set, err := Prepare(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Set: func(k string) bool { return k == "release" }})
	if err != nil {
		t.Fatal(err)
	}
	set.Add("site.toml", registry(t, "zed"), nil, nil)
	if set.Registry().Name() != "2025.1" {
		t.Errorf("the added units' registry overrode --release: %s", set.Registry().Name())
	}
}

// TestBadEntriesDoNotStopADirectory: an entry of a directory that cannot
// be read is an error finding for that entry; the other files are still
// linted (a directory named *.conf is walked like any other). The links
// are read because the run says to follow them (--follow-symlinks);
// TestWalkPassesOverLinks has the default.
func TestBadEntriesDoNotStopADirectory(t *testing.T) {
	dir := tree(t, map[string]string{"good.conf": "[DEFAULT]\nrpc_backend = rabbit\n", "dir.conf/": "", ConfigFile: "include = [\"*.conf\"]\n"})
	for name, target := range map[string]string{"dangling.conf": "missing.conf", "loop.conf": "loop.conf"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	l, err := lint.New(lint.Options{Registry: registry(t, "zed"), Enable: []string{"parse-error", "removed-option"}})
	if err != nil {
		t.Fatal(err)
	}
	units, err := Inputs{Args: []string{dir}, FollowSymlinks: true}.Units()
	if err != nil {
		t.Fatal(err)
	}
	results, err := lintUnits(l, units, false)
	if err != nil {
		t.Fatalf("a bad entry stopped the directory: %v", err)
	}
	got := map[string][]string{}
	for _, fs := range results {
		for _, f := range fs {
			got[filepath.Base(f.File)] = append(got[filepath.Base(f.File)], f.Rule.ID)
		}
	}
	for _, tc := range []struct{ file, rule string }{
		{"good.conf", "removed-option"},
		{"dangling.conf", "parse-error"},
		{"loop.conf", "parse-error"},
	} {
		if !slices.Contains(got[tc.file], tc.rule) {
			t.Errorf("%s: findings %q, want %s", tc.file, got[tc.file], tc.rule)
		}
	}
}

func TestWalkNotes(t *testing.T) {
	dir := tree(t, map[string]string{"heat.conf": "", "logging.conf": "", "api-paste.ini": "", "policy.yaml": ""})
	var notes []string
	if _, err := (Inputs{Args: []string{dir}, Note: func(s string) { notes = append(notes, s) }}).Units(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"logging.conf: passed over: a Python logging configuration", "api-paste.ini: passed over: not a *.conf file", "policy.yaml: passed over"} {
		if !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, want) }) {
			t.Errorf("no note %q in %q", want, notes)
		}
	}
}

// TestWalkPassesOverLinks: a repository can commit links where lint looks
// (a *.conf to /proc/self/environ, a drop-in to a secret, a .heatconf.toml
// to a .env): a walk passes over a linked file or drop-in, the drop-ins
// beside a named heat.conf are read without their links, and a linked
// .heatconf.toml is an error that shows nothing of its target, unless the
// run follows links. A heat.conf named on the command line is read as
// named.
func TestWalkPassesOverLinks(t *testing.T) {
	outside := t.TempDir()
	secretFile := filepath.Join(outside, "env")
	if err := os.WriteFile(secretFile, []byte("[DEFAULT]\nSECRET_TOKEN = ghp_outside0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := tree(t, map[string]string{"etc/heat.conf": "[DEFAULT]\ndebug = true\n", "etc/heat.conf.d/a.conf": "[DEFAULT]\n", ConfigFile: "include = [\"etc/*.conf\"]\n"})
	for _, l := range []string{"etc/linked.conf", "etc/heat.conf.d/b.conf"} {
		if err := os.Symlink(secretFile, filepath.Join(dir, l)); err != nil {
			t.Fatal(err)
		}
	}
	read := func(in Inputs) []string {
		t.Helper()
		units, err := in.Units()
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, u := range units {
			for _, i := range u.inputs {
				rel, _ := filepath.Rel(dir, i.path)
				files = append(files, rel)
			}
		}
		slices.Sort(files)
		return files
	}
	var notes []string
	note := func(s string) { notes = append(notes, s) }
	tests := []struct {
		name string
		in   Inputs
		want []string
	}{
		{"a walk", Inputs{Args: []string{dir}, Note: note}, []string{"etc/heat.conf", "etc/heat.conf.d/a.conf"}},
		{"a named heat.conf", Inputs{Args: []string{filepath.Join(dir, "etc/heat.conf")}, Note: note}, []string{"etc/heat.conf", "etc/heat.conf.d/a.conf"}},
		{"a walk that follows links", Inputs{Args: []string{dir}, FollowSymlinks: true}, []string{"etc/heat.conf", "etc/heat.conf.d/a.conf", "etc/heat.conf.d/b.conf", "etc/linked.conf"}},
		{"a named link", Inputs{Args: []string{filepath.Join(dir, "etc/linked.conf")}}, []string{"etc/linked.conf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := read(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("reads %q, want %q", got, tt.want)
			}
		})
	}
	if !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "linked.conf: passed over: a symbolic link") }) {
		t.Errorf("no note of the linked file: %q", notes)
	}

	// .heatconf.toml -> a file of secrets
	if err := os.Remove(filepath.Join(dir, ConfigFile)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secretFile, filepath.Join(dir, ConfigFile)); err != nil {
		t.Fatal(err)
	}
	_, err := Inputs{Args: []string{filepath.Join(dir, "etc/heat.conf")}}.Units()
	if err == nil || !strings.Contains(err.Error(), ConfigFile+" is a symbolic link") || strings.Contains(err.Error(), "ghp_") || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("a linked %s: %v", ConfigFile, err)
	}
	if _, err := (Inputs{Args: []string{filepath.Join(dir, "etc/heat.conf")}, FollowSymlinks: true}).Units(); err == nil || !strings.Contains(err.Error(), "SECRET_TOKEN") {
		t.Errorf("followed, the linked %s is read as a configuration: %v", ConfigFile, err)
	}
}
