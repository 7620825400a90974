package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/ksboot"
	"github.com/heatconf/heatconf/internal/stamp"
	"github.com/heatconf/heatconf/internal/textdiff"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// testEnv is the environment the test sites' env: references read.
func testEnv(name string) (string, bool) {
	v, ok := map[string]string{
		"HEATCONF_HEAT_PASSWORD":         "heat-service-password-0001",
		"HEATCONF_DOMAIN_ADMIN_PASSWORD": "domain-admin-password-0002",
		"HEATCONF_DB_PASSWORD":           "database-password-0003",
		"HEATCONF_RABBIT_PASSWORD":       "rabbit-password-0004",
		"HEATCONF_MEMCACHE_KEY":          "memcache-secret-key-0005",
		"HEATCONF_AUTH_KEY":              "0123456789abcdef0123456789abcdef",
		"HEATCONF_HOSTILE":               `p@ss:w/rd'"$x%;#\`,
		"HEATCONF_HOSTILE2":              ` "$$ {quoted} ${x} 'end' `,
		"HEATCONF_HOSTILE_KEY":           `"$ab%;#\'"0123456789abcdef012345`,
	}[name]
	return v, ok
}

// exampleSite writes the embedded example with fixed secrets.
func exampleSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "secrets"), 0o700); err != nil {
		t.Fatal(err)
	}
	for i, name := range site.ExampleSecretFiles() {
		v := fmt.Sprintf("%-4.4s%02d%026d", name, i, 0) // distinct, 32 characters
		if err := os.WriteFile(filepath.Join(dir, "secrets", name), []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(p, site.ExampleTOML, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func testSites(t testing.TB) map[string]string {
	return map[string]string{
		"example":   exampleSite(t),
		"multihost": "../testdata/sites/multihost.toml",
		"hostile":   "../testdata/sites/hostile.toml",
		// [render] secrets = "environment"
		"secretfree": "../testdata/sites/secretfree.toml",
	}
}

func renderSite(t testing.TB, path string, opts Options) []File {
	t.Helper()
	s, err := site.Load(path, testEnv)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Render(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden compares every output of every test site with its golden
// file; go test ./render -update rewrites them for review in the diff.
func TestGolden(t *testing.T) {
	for name, path := range testSites(t) {
		t.Run(name, func(t *testing.T) {
			files := renderSite(t, path, Options{})
			dir := filepath.Join("..", "testdata", "golden", name)
			if *update {
				os.RemoveAll(dir)
			}
			seen := map[string]bool{}
			for _, f := range files {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				seen[p] = true
				got, err := goldenForm(f)
				if err != nil {
					t.Error(err)
					continue
				}
				if *update {
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(p)
				if err != nil {
					t.Fatalf("%v (run go test ./render -update to create it)", err)
				}
				if !bytes.Equal(want, got) {
					t.Errorf("%s differs from the golden file:\n%s", f.Path, textdiff.Unified(p, f.Path, string(want), string(got), nil))
				}
			}
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && !seen[p] {
					t.Errorf("golden file %s is no longer rendered", p)
				}
				return nil
			})
		})
	}
}

// programMarker stands for the Keystone bootstrap program in the golden
// bootstrap-keystone.sh files: the program has its own tests
// (internal/ksboot), and goldenForm checks that it is carried verbatim.
const programMarker = "# keystone_bootstrap.py from internal/ksboot, verbatim (checked by TestGolden)\n"

// goldenForm is what the golden file of f holds: f itself, except that
// bootstrap-keystone.sh has its here-document with the Keystone bootstrap
// program replaced by programMarker, after checking that the program is
// there exactly once and byte for byte.
func goldenForm(f File) ([]byte, error) {
	if !strings.HasSuffix("/"+f.Path, "/bootstrap-keystone.sh") {
		return f.Data, nil
	}
	const open, end = "<<'HEATCONF_PY_END'\n", "HEATCONF_PY_END\n"
	framed := open + ksboot.Program + end
	if n := bytes.Count(f.Data, []byte(ksboot.Program)); n != 1 || !bytes.Contains(f.Data, []byte(framed)) {
		return nil, fmt.Errorf("%s does not carry %s verbatim in its here-document (%d copies)", f.Path, ksboot.Name, n)
	}
	return bytes.Replace(f.Data, []byte(framed), []byte(open+programMarker+end), 1), nil
}

func TestGoldenFormWantsTheProgramOnce(t *testing.T) {
	framed := "program=$(cat <<'HEATCONF_PY_END'\n" + ksboot.Program + "HEATCONF_PY_END\n)\n"
	got, err := goldenForm(File{Path: "bootstrap-keystone.sh", Data: []byte(framed)})
	if err != nil || string(got) != "program=$(cat <<'HEATCONF_PY_END'\n"+programMarker+"HEATCONF_PY_END\n)\n" {
		t.Errorf("goldenForm = %q, %v", got, err)
	}
	for name, data := range map[string]string{
		"missing":  "program=$(cat <<'HEATCONF_PY_END'\nHEATCONF_PY_END\n)\n",
		"twice":    framed + framed,
		"changed":  strings.Replace(framed, "import json", "import  json", 1),
		"unframed": ksboot.Program,
	} {
		if _, err := goldenForm(File{Path: "x/bootstrap-keystone.sh", Data: []byte(data)}); err == nil {
			t.Errorf("%s: goldenForm accepted it", name)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	for name, path := range testSites(t) {
		a := renderSite(t, path, Options{})
		for i := 0; i < 5; i++ {
			b := renderSite(t, path, Options{})
			if len(a) != len(b) {
				t.Fatalf("%s: %d files, then %d", name, len(a), len(b))
			}
			for j := range a {
				if a[j].Path != b[j].Path || !bytes.Equal(a[j].Data, b[j].Data) || a[j].Mode != b[j].Mode {
					t.Fatalf("%s: %s differs between two renders", name, a[j].Path)
				}
			}
		}
	}
}

func fileByPath(t *testing.T, files []File, p string) File {
	t.Helper()
	for _, f := range files {
		if f.Path == p {
			return f
		}
	}
	t.Fatalf("no output %s", p)
	return File{}
}

func TestOutputsAndModes(t *testing.T) {
	files := renderSite(t, "../testdata/sites/multihost.toml", Options{})
	var paths []string
	for _, f := range files {
		paths = append(paths, fmt.Sprintf("%s %04o", f.Path, f.Mode))
	}
	want := []string{
		"bootstrap-db.sql 0600", "bootstrap-keystone.sh 0700",
		"ctl1/heat.conf 0640", "ctl1/install-heat.sh 0700",
		"ctl2/heat.conf 0640", "ctl2/install-heat.sh 0700",
		"ctl3/heat.conf 0640", "ctl3/install-heat.sh 0700",
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
	one := renderSite(t, "../testdata/sites/multihost.toml", Options{Host: "ctl3"})
	conf := string(fileByPath(t, one, "heat.conf").Data)
	if !strings.Contains(conf, "\nhost = controller-3.int.example.net\n") {
		t.Errorf("--host ctl3 heat.conf lacks its host name:\n%s", conf)
	}
}

func TestReleaseFeatures(t *testing.T) {
	tests := []struct {
		release               string
		bind, ec2uri, ec2cred bool
	}{
		{"victoria", true, true, false},
		{"zed", true, true, false},
		{"2025.1", true, true, false}, // Heat 24.0.0: no credentials yet
		{"24.1.1", true, true, true},
		{"2025.2", false, true, false}, // Heat 25.0.0
		{"25.0.1", false, true, true},
		{"2026.1", false, false, true}, // auth_uri deprecated for removal
		{"2026.2", false, false, true},
	}
	for _, tt := range tests {
		src, err := os.ReadFile("../testdata/sites/hostile.toml")
		if err != nil {
			t.Fatal(err)
		}
		src = bytes.Replace(src, []byte(`release = "zed"`), []byte(`release = "`+tt.release+`"`), 1)
		s, err := site.Decode("hostile.toml", src)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Resolve(testEnv); err != nil {
			t.Fatal(err)
		}
		r, _ := New()
		files, err := r.Render(s, Options{Host: "one"})
		if err != nil {
			t.Fatal(err)
		}
		conf := string(fileByPath(t, files, "heat.conf").Data)
		has := func(s string) bool { return strings.Contains(conf, s) }
		if got := has("[heat_api]\nbind_host = 192.0.2.20\nbind_port = 8004\n"); got != tt.bind {
			t.Errorf("%s: [heat_api] bind options present = %v, want %v", tt.release, got, tt.bind)
		}
		if got := has("[ec2authtoken]\nauth_uri = http://keystone.example.net:5000/v3\n"); got != tt.ec2uri {
			t.Errorf("%s: [ec2authtoken] auth_uri present = %v, want %v", tt.release, got, tt.ec2uri)
		}
		if got := has("\nauth_type = password\nauth_url = http://keystone.example.net:5000\nproject_domain_name = Default\n"); got != tt.ec2cred {
			t.Errorf("%s: [ec2authtoken] credentials present = %v, want %v", tt.release, got, tt.ec2cred)
		}
		for _, never := range []string{"rpc_backend", "rabbit_host", "rabbit_userid", "rabbit_password", "auth_plugin", "auth_uri = http://keystone.example.net:5000\n[", ":35357", "defaut", "\nverbose"} {
			if has(never) {
				t.Errorf("%s: heat.conf contains %q", tt.release, never)
			}
		}
		if strings.Count(conf, "\nauth_uri = ") > 2 {
			t.Errorf("%s: too many auth_uri", tt.release)
		}
	}
}

func TestOverrides(t *testing.T) {
	files := renderSite(t, "../testdata/sites/multihost.toml", Options{Host: "ctl1"})
	conf := string(fileByPath(t, files, "heat.conf").Data)
	for _, want := range []string{
		"\nnum_engine_workers = 6\n",
		"\nmax_resources_per_stack = 2000\n",
		"\nplugin_dirs = /usr/lib/heat,/usr/local/lib/heat\n",
		"\nconvergence_engine = true\n",
		"\ninterface = internal\n",
		"\n[oslo_messaging_rabbit]\nssl = true\nssl_ca_file = /etc/pki/ca.pem\nrabbit_quorum_queue = true\n",
	} {
		if !strings.Contains(conf, want) {
			t.Errorf("heat.conf lacks %q", want)
		}
	}
	if strings.Contains(conf, "num_engine_workers = 8") || strings.Contains(conf, "service_type") {
		t.Error("an override did not replace or remove the template's value")
	}
	if strings.Count(conf, "num_engine_workers") != 1 {
		t.Error("num_engine_workers written twice")
	}
}

func TestApplyOverridesTable(t *testing.T) {
	base := "# c\n[DEFAULT]\na = 1\n\n[database]\nb = 2\n"
	tests := []struct {
		name string
		ov   map[string]map[string]any
		want string
	}{
		{"replace", map[string]map[string]any{"DEFAULT": {"a": int64(5)}}, "# c\n[DEFAULT]\na = 5\n\n[database]\nb = 2\n"},
		{"add", map[string]map[string]any{"DEFAULT": {"c": "x"}}, "# c\n[DEFAULT]\na = 1\nc = x\n\n[database]\nb = 2\n"},
		{"case of group", map[string]map[string]any{"Database": {"c": true}}, "# c\n[DEFAULT]\na = 1\n\n[database]\nb = 2\nc = true\n"},
		{"default is not DEFAULT", map[string]map[string]any{"default": {"a": "x"}}, "# c\n[DEFAULT]\na = 1\n\n[database]\nb = 2\n\n[default]\na = x\n"},
		{"remove", map[string]map[string]any{"database": {"b": map[string]any{}}}, "# c\n[DEFAULT]\na = 1\n\n[database]\n"},
		{"remove absent", map[string]map[string]any{"nope": {"b": map[string]any{}}}, base},
		{"escape", map[string]map[string]any{"DEFAULT": {"a": "$x "}}, "# c\n[DEFAULT]\na = \"$$x \"\n\n[database]\nb = 2\n"},
		{"list and float", map[string]map[string]any{"DEFAULT": {"l": []any{"a", int64(2), 1.5}}}, "# c\n[DEFAULT]\na = 1\nl = a,2,1.5\n\n[database]\nb = 2\n"},
	}
	for _, tt := range tests {
		got, err := applyOverrides([]byte(base), tt.ov)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%s:\n%s", tt.name, textdiff.Unified("want", "got", tt.want, string(got), nil))
		}
	}
}

func TestHostileSecretsReachEveryFile(t *testing.T) {
	files := renderSite(t, "../testdata/sites/hostile.toml", Options{})
	sql := string(fileByPath(t, files, "bootstrap-db.sql").Data)
	if !strings.Contains(sql, `IDENTIFIED BY 'p@ss:w/rd''"$x%;#\\';`) {
		t.Errorf("SQL password not escaped as expected:\n%s", sql)
	}
	conf := string(fileByPath(t, files, "one/heat.conf").Data)
	for _, want := range []string{
		"connection = mysql+pymysql://heat_db:p%40ss%3Aw%2Frd%27%22%24x%25%3B%23%5C@192.0.2.10:3306/heat?charset=utf8mb4\n",
		`password = p@ss:w/rd'"$$x%;#\` + "\n",
		`stack_domain_admin_password = " "$$$$ {quoted} $${x} 'end' "` + "\n",
		"transport_url = rabbit://openstack:%20%22%24%24%20%7Bquoted%7D%20%24%7Bx%7D%20%27end%27%20@192.0.2.11:5672/%2Fheat%2Fprod\n",
	} {
		if !strings.Contains(conf, want) {
			t.Errorf("heat.conf lacks %q", want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	s, err := site.Load("../testdata/sites/multihost.toml", testEnv)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := New()
	if _, err := r.Render(s, Options{Host: "nope"}); err == nil || !strings.Contains(err.Error(), "ctl1, ctl2, ctl3") {
		t.Errorf("unknown host: %v", err)
	}
	s2, err := site.Load("../testdata/sites/hostile.toml", testEnv)
	if err != nil {
		t.Fatal(err)
	}
	s2.Hosts = nil
	if _, err := r.Render(s2, Options{Host: "x"}); err == nil || !strings.Contains(err.Error(), "no [hosts] table") {
		t.Errorf("host on a site without hosts: %v", err)
	}
}

func TestBrokenTemplateFailsLoudly(t *testing.T) {
	fsys := os.DirFS(t.TempDir())
	if _, err := NewFS(fsys); err == nil {
		t.Error("no templates parsed without error")
	}
}

func TestSelfCheckCatchesBrokenOutput(t *testing.T) {
	s, err := site.Load("../testdata/sites/hostile.toml", testEnv)
	if err != nil {
		t.Fatal(err)
	}
	good := "[DEFAULT]\nauth_encryption_key = " + mustINI(t, s.Heat.AuthEncryptionKey.Value()) + "\n"
	if err := selfCheck("heat.conf", []byte(good), s); err != nil {
		t.Fatalf("good file: %v", err)
	}
	for name, bad := range map[string]string{
		"parse error":     "key = before section\n",
		"duplicate":       "[DEFAULT]\na = 1\na = 2\n",
		"unescaped $":     "[keystone_authtoken]\npassword = " + s.Keystone.HeatPassword.Value() + "\n",
		"wrong secret":    "[trustee]\npassword = nope\n",
		"stripped quotes": "[DEFAULT]\nstack_domain_admin_password = " + s.Keystone.StackDomainAdminPassword.Value() + "\n",
	} {
		if err := selfCheck("heat.conf", []byte(bad), s); err == nil || !strings.HasPrefix(err.Error(), "BUG: rendered heat.conf") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func mustINI(t *testing.T, s string) string {
	t.Helper()
	v, err := INIValue(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWriteIsAllOrNothing: when one file cannot be written, no file is
// replaced and no temporary file is left behind.
func TestWriteIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.conf"), []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	// "blocked" is a file, so "blocked/b.conf" cannot be created
	if err := os.WriteFile(filepath.Join(dir, "blocked"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	changes := []Change{
		{File: File{Path: "a.conf", Mode: 0o640, Data: []byte("new\n")}, Kind: Updated},
		{File: File{Path: "blocked/b.conf", Mode: 0o600, Data: []byte("x\n")}, Kind: Created},
	}
	if err := Write(dir, changes); err == nil {
		t.Fatal("Write succeeded although a directory could not be created")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.conf")); string(b) != "old\n" {
		t.Errorf("a.conf was replaced: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		for _, e := range entries {
			t.Log(e.Name())
		}
		t.Errorf("%d entries in the output directory, want the 2 that were there", len(entries))
	}
	// and the happy path writes both with their modes
	changes[1].File.Path = "sub/b.conf"
	if err := Write(dir, changes); err != nil {
		t.Fatal(err)
	}
	for p, mode := range map[string]os.FileMode{"a.conf": 0o640, "sub/b.conf": 0o600} {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: %v %v", p, fi, err)
		}
	}
}

// TestStampNamesTheHeatVersion: every heat.conf begins with the stamp
// lint reads back, naming the Heat version the site's release means: a
// series its first, a point release itself, a version between known ones
// itself (served by older data).
func TestStampNamesTheHeatVersion(t *testing.T) {
	type want struct{ release, heat, series, codename string }
	tests := []want{{"24.0.5", "24.0.5", "2025.1", "epoxy"}, {"epoxy", "24.0.0", "2025.1", "epoxy"}}
	for _, rel := range releases.Upstream() {
		tests = append(tests, want{rel.HeatVersion, rel.HeatVersion, rel.Name, rel.Codename})
	}
	src, err := os.ReadFile("../testdata/sites/multihost.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, _ := New()
	for _, tt := range tests {
		s, err := site.Decode("multihost.toml", regexp.MustCompile(`(?m)^release = .*$`).ReplaceAll(src, []byte(`release = "`+tt.release+`"`)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Resolve(testEnv); err != nil {
			t.Fatal(err)
		}
		files, err := r.Render(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range files {
			if filepath.Base(f.Path) != "heat.conf" {
				continue
			}
			n++
			got, ok := stamp.Read(f.Data)
			if w := (stamp.Stamp{Heat: tt.heat, Series: tt.series, Codename: tt.codename}); !ok || got != w {
				t.Errorf("release = %q: %s has stamp %+v (%v), want %+v", tt.release, f.Path, got, ok, w)
			}
		}
		if n != 3 {
			t.Errorf("release = %q: %d heat.conf files", tt.release, n)
		}
	}
}

// TestPointNotes: a site that names a series whose point release reads
// more is told which, and what to write; one that names the point
// release, or a series without one, is told nothing.
func TestPointNotes(t *testing.T) {
	tests := []struct {
		release string
		want    []string // parts of the one note; none when nil
	}{
		{"2025.1", []string{"Heat 24.0.0", "Heat 24.1.1 also reads [ec2authtoken] Keystone credentials", `set release = "24.1.1"`}},
		{"2025.2", []string{"Heat 25.0.0", "Heat 25.0.1 also reads [ec2authtoken] Keystone credentials", `set release = "25.0.1"`}},
		{"24.1.1", nil},
		{"25.0.1", nil},
		{"zed", nil},
		{"2026.2", nil},
	}
	for _, tt := range tests {
		reg, err := schema.Embedded(tt.release)
		if err != nil {
			t.Fatal(err)
		}
		notes := PointNotes(reg)
		if tt.want == nil {
			if len(notes) > 0 {
				t.Errorf("%s: notes %q, want none", tt.release, notes)
			}
			continue
		}
		if len(notes) != 1 {
			t.Fatalf("%s: notes %q, want one", tt.release, notes)
		}
		for _, w := range tt.want {
			if !strings.Contains(notes[0], w) {
				t.Errorf("%s: note %q lacks %q", tt.release, notes[0], w)
			}
		}
	}
}
