package render

// Attacks through the site file, which comes from pull requests: each test
// here is one that once got through, run against the real readers of the
// outputs (bash, oslo.config, the project's oslo-faithful conf.Parse).

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/site"
)

// hostileSiteNames try to end the comment line the site's name goes into
// and run a command, add a heat.conf section or break the SQL.
var hostileSiteNames = []string{
	"s\n[DEFAULT]\nhost=x;touch PWNED\n#.toml",
	"s\ntouch PWNED\n-- .toml",
	"a;touch PWNED;.toml",
	"$(touch PWNED).toml",
	"`touch PWNED`.toml",
	"s\rtouch PWNED\r.toml",
	"s\r\n[DEFAULT]\r\nhost = x\r\n.toml",
	"s\u202e lmot.DENWP hcuot\u202c.toml",
	"s\x1b[2J\x1b]0;owned\x07.toml",
	"s\u2028touch PWNED\u2029.toml",
	"s\u0085touch PWNED.toml",
	"s\v\f.toml",
	"\xff\xfe invalid utf-8.toml",
	"\\\n'\"#.toml",
}

// writeSite writes src as name in a new directory and returns its path.
func writeSite(t *testing.T, name string, src []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func isCommentText(l string) bool {
	return strings.HasPrefix(l, "#") || strings.HasPrefix(l, "--") || strings.HasPrefix(l, ";")
}

// sameShape checks that got has the lines of want: as many (counted the
// way bash and oslo.config count them: \n, and \r for oslo.config), with
// comments where want has comments and nothing else where want has
// something else. With sameData, only comment lines may differ.
func sameShape(t *testing.T, label string, want, got []File, sameData bool) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d outputs, want %d", label, len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Path != g.Path {
			t.Fatalf("%s: output %s, want %s", label, g.Path, w.Path)
		}
		if n := bytes.Count(g.Data, []byte("\r")); n != 0 {
			t.Errorf("%s: %s has %d carriage returns", label, g.Path, n)
		}
		wl, gl := strings.Split(string(w.Data), "\n"), strings.Split(string(g.Data), "\n")
		if len(wl) != len(gl) {
			t.Errorf("%s: %s has %d lines, want %d", label, g.Path, len(gl), len(wl))
			continue
		}
		for j := range wl {
			if isCommentText(wl[j]) != isCommentText(gl[j]) || (sameData && !isCommentText(wl[j]) && wl[j] != gl[j]) {
				t.Errorf("%s: %s line %d is %q, want the template's %q", label, g.Path, j+1, gl[j], wl[j])
			}
		}
	}
}

// checkScripts runs bash -n on every script, and bash on each script's
// header (everything before its first command) with an empty PATH in an
// empty directory: the header must print nothing and create nothing.
func checkScripts(t *testing.T, label string, files []File) {
	t.Helper()
	bash := testenv.Command(t, "bash", "bash")
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".sh") {
			continue
		}
		p := filepath.Join(t.TempDir(), "script.sh")
		if err := os.WriteFile(p, f.Data, 0o700); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bash, "-n", p).CombinedOutput(); err != nil {
			t.Errorf("%s: %s: bash -n: %v\n%s", label, f.Path, err, out)
		}
		lines := strings.SplitAfter(string(f.Data), "\n")
		n := 0
		for n < len(lines) && (strings.HasPrefix(lines[n], "#") || strings.TrimSpace(lines[n]) == "") {
			n++
		}
		if n < 2 {
			t.Fatalf("%s: %s has no comment header", label, f.Path)
		}
		header := strings.Join(lines[:n], "")
		work, empty := t.TempDir(), t.TempDir()
		cmd := exec.Command(bash, "-c", header+"\necho HEADER-OK\n")
		cmd.Dir = work
		cmd.Env = []string{"PATH=" + empty, "HOME=" + work}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || string(out) != "HEADER-OK\n" || stderr.Len() > 0 {
			t.Errorf("%s: %s: the comment header ran something: %v, stdout %q, stderr %q", label, f.Path, err, out, stderr.String())
		}
		if es, _ := os.ReadDir(work); len(es) > 0 {
			t.Errorf("%s: %s: the comment header created %s", label, f.Path, es[0].Name())
		}
	}
}

// checkConfSections parses every heat.conf with conf.Parse and compares
// its sections and keys with want's.
func checkConfSections(t *testing.T, label string, want, got []File) {
	t.Helper()
	for i, g := range got {
		if filepath.Base(g.Path) != "heat.conf" {
			continue
		}
		gf, err := conf.Parse(g.Path, g.Data)
		if err != nil {
			t.Errorf("%s: %s does not parse: %v", label, g.Path, err)
			continue
		}
		wf, err := conf.Parse(want[i].Path, want[i].Data)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(gf.Groups(), wf.Groups()) {
			t.Errorf("%s: %s has sections %q, want %q", label, g.Path, gf.Groups(), wf.Groups())
		}
		for _, grp := range wf.Groups() {
			if !slices.Equal(gf.Keys(grp), wf.Keys(grp)) {
				t.Errorf("%s: %s [%s] has keys %q, want %q", label, g.Path, grp, gf.Keys(grp), wf.Keys(grp))
			}
		}
	}
}

// TestHostileSiteFileNames: the site file's name goes into a comment line
// of every output, and stays there.
func TestHostileSiteFileNames(t *testing.T) {
	testenv.Oracle(t, "bash and python3 with oslo.config")
	src := mustReadFile(t, "../testdata/sites/multihost.toml")
	benign := renderSite(t, writeSite(t, "site.toml", src), Options{})
	var confs []string // pairs: the benign heat.conf, the hostile one
	for _, name := range hostileSiteNames {
		label := fmt.Sprintf("%q", name)
		files := renderSite(t, writeSite(t, name, src), Options{})
		sameShape(t, label, benign, files, true)
		checkScripts(t, label, files)
		checkConfSections(t, label, benign, files)
		for i, f := range files {
			if bytes.Contains(f.Data, []byte("\x1b")) || bytes.Contains(f.Data, []byte("\u202e")) {
				t.Errorf("%s: %s carries a terminal escape or bidi control", label, f.Path)
			}
			if f.Path == "ctl1/heat.conf" {
				dir := t.TempDir()
				for _, g := range []File{benign[i], f} {
					p := filepath.Join(dir, fmt.Sprintf("%d.conf", len(confs)))
					if err := os.WriteFile(p, g.Data, 0o600); err != nil {
						t.Fatal(err)
					}
					confs = append(confs, p)
				}
			}
		}
	}
	// and as oslo.config itself reads them, when it is installed
	if exec.Command("/usr/bin/python3", "-c", "import oslo_config").Run() != nil && !testenv.InCI() {
		t.Log("oslo.config is not installed: heat.conf checked with conf.Parse only")
		return
	}
	rt := readBack(t, map[string]any{"sections": confs})
	if len(rt.Sections) != len(confs) {
		t.Fatalf("oslo.config read %d files of %d", len(rt.Sections), len(confs))
	}
	for i := 0; i < len(confs); i += 2 {
		if !reflect.DeepEqual(rt.Sections[i], rt.Sections[i+1]) {
			t.Errorf("oslo.config reads the heat.conf of site %q differently from the benign one", hostileSiteNames[i/2])
		}
	}
}

// TestHostileKeystoneNames: Keystone names may hold any printable text,
// and some of it is a line break for somebody (U+0085, U+2028) or turns
// text around (U+202E). In the comments of bootstrap-keystone.sh they are
// escaped; in heat.conf and the plan they are values.
func TestHostileKeystoneNames(t *testing.T) {
	testenv.Oracle(t, "bash")
	src := mustReadFile(t, "../testdata/sites/multihost.toml")
	benign := renderSite(t, writeSite(t, "site.toml", src), Options{})
	for _, name := range []string{
		`heat\u2028touch PWNED`, `heat\u0085touch PWNED`, `heat\u2029[DEFAULT]`, `a\u202eb`, "$(touch PWNED)", "`touch PWNED`", `x'; touch PWNED; '`, `\\`,
	} {
		hostile := bytes.Replace(src, []byte(`stack_domain = "heat_stacks"`), []byte(`stack_domain = "`+name+`"`), 1)
		hostile = bytes.Replace(hostile, []byte(`service_project = "services"`), []byte(`service_project = "`+name+`"`), 1)
		p := writeSite(t, "site.toml", hostile)
		s, err := site.Load(p, testEnv)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files := renderSite(t, p, Options{})
		sameShape(t, name, benign, files, false)
		checkScripts(t, name, files)
		checkConfSections(t, name, benign, files)
		ks := string(fileByPath(t, files, "bootstrap-keystone.sh").Data)
		if strings.Contains(ks, "\n# domain "+s.Keystone.StackDomain+" ") && strings.ContainsAny(s.Keystone.StackDomain, "\u0085\u2028\u2029\u202e") {
			t.Errorf("%s: the comment carries the name unescaped", name)
		}
	}
}

// TestHostileHostKeys: a [hosts] key becomes a directory of the output. One
// that is not a host name is a site error at its line, and nothing is
// rendered; a site built in memory is refused by Render too; and Compare
// and Write refuse any path that leaves the output directory.
func TestHostileHostKeys(t *testing.T) {
	src := mustReadFile(t, "../testdata/sites/multihost.toml")
	line := 1 + bytes.Count(src[:bytes.Index(src, []byte("[hosts.ctl2]"))], []byte("\n"))
	for _, key := range []string{`"ctl1/../../.."`, `".."`, `"ctl2\n[DEFAULT]"`, `"ctl\u001b]0;x\u0007"`, `"ctl\u202e2"`, `"/tmp/x"`, `"ctl 2"`} {
		hostile := bytes.Replace(src, []byte("[hosts.ctl2]"), []byte("[hosts."+key+"]"), 1)
		p := writeSite(t, "site.toml", hostile)
		_, err := FromFile(p, testEnv, Options{})
		want := fmt.Sprintf("%s:%d:1: hosts.", p, line)
		if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "is not a host name") {
			t.Errorf("[hosts.%s]: %v; want %q...", key, err, want)
		}
	}

	s, err := site.Load("../testdata/sites/multihost.toml", testEnv)
	if err != nil {
		t.Fatal(err)
	}
	s.Hosts["ctl1/../../.."] = s.Hosts["ctl1"]
	r, _ := New()
	if _, err := r.Render(s, Options{}); err == nil || !strings.Contains(err.Error(), "not a host name") {
		t.Errorf("an in-memory site with a traversing host key: %v", err)
	}

	root := t.TempDir()
	out := filepath.Join(root, "a", "b", "out")
	for _, bad := range []string{"ctl1/../../../heat.conf", "../install-heat.sh", "/tmp/heat.conf", "ctl1//heat.conf", "./heat.conf"} {
		files := []File{{Path: "heat.conf", Mode: ModeConfig, Data: []byte("x\n")}, {Path: bad, Mode: ModeScript, Data: []byte("y\n")}}
		if _, err := Compare(out, files); err == nil {
			t.Errorf("Compare(%q) accepted it", bad)
		}
		changes := []Change{{File: files[0], Kind: Created}, {File: files[1], Kind: Created}}
		if err := Write(out, changes); err == nil {
			t.Errorf("Write(%q) accepted it", bad)
		}
	}
	var found []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			found = append(found, p)
		}
		return nil
	})
	if len(found) > 0 {
		t.Errorf("written: %q", found)
	}
}

// TestSymlinksInOutput: Compare never reads through a link; Write replaces
// a link where a file goes and refuses a linked directory inside the
// output, writing nothing at all.
func TestSymlinksInOutput(t *testing.T) {
	files := renderSite(t, "../testdata/sites/multihost.toml", Options{})
	secretDir := t.TempDir()
	keyPath := filepath.Join(secretDir, "id_rsa")
	const key = "PRIVATE KEY of the CI runner\n"
	if err := os.WriteFile(keyPath, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}

	// a link where a file goes
	out := t.TempDir()
	if err := os.Symlink(keyPath, filepath.Join(out, "bootstrap-db.sql")); err != nil {
		t.Fatal(err)
	}
	changes, err := Compare(out, files)
	if err != nil {
		t.Fatal(err)
	}
	c := changes[0]
	if c.File.Path != "bootstrap-db.sql" || c.Kind != LinkReplaced || c.Old != nil {
		t.Fatalf("Compare: %s %v old %q; want the link reported unread", c.File.Path, c.Kind, c.Old)
	}
	if err := Write(out, changes); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(filepath.Join(out, "bootstrap-db.sql"))
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != ModeSQL {
		t.Errorf("bootstrap-db.sql is %v, %v; want a regular file 0600", fi, err)
	}
	if b := mustReadFile(t, keyPath); string(b) != key {
		t.Errorf("the link's target was written: %q", b)
	}

	// a linked directory inside the output
	for _, target := range []string{secretDir, "../../"} {
		out := t.TempDir()
		if err := os.Symlink(target, filepath.Join(out, "ctl2")); err != nil {
			t.Fatal(err)
		}
		_, err := Compare(out, files)
		if err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
			t.Errorf("Compare through ctl2 -> %s: %v", target, err)
		}
		var all []Change
		for _, f := range files {
			all = append(all, Change{File: f, Kind: Created})
		}
		if err := Write(out, all); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
			t.Errorf("Write through ctl2 -> %s: %v", target, err)
		}
		if es, _ := os.ReadDir(out); len(es) != 1 {
			t.Errorf("Write wrote %d entries before refusing", len(es)-1)
		}
	}
	if es, _ := os.ReadDir(secretDir); len(es) != 1 {
		t.Errorf("written beside the key: %d entries", len(es))
	}
}

// TestEscaperErrorsNameTheSiteKey: a value an escaper refuses is reported
// by its site key, at its line, without the value.
func TestEscaperErrorsNameTheSiteKey(t *testing.T) {
	src := mustReadFile(t, "../testdata/sites/hostile.toml")
	p := writeSite(t, "site.toml", src)
	lineOf := func(s string) int { return 1 + bytes.Count(src[:bytes.Index(src, []byte(s))], []byte("\n")) }
	for _, tt := range []struct {
		env, value, key, msg string
		line                 int
	}{
		{"HEATCONF_HOSTILE", "s3cr\x1bXYZZY", "keystone.heat_password", "a heat.conf value cannot carry the control character U+001B", lineOf("heat_password =")},
		{"HEATCONF_HOSTILE2", "s3cr\x7fXYZZY", "keystone.stack_domain_admin_password", "a heat.conf value cannot carry the control character U+007F", lineOf("stack_domain_admin_password =")},
		// invalid UTF-8 is refused where the site resolves its secrets,
		// before any escaper (the SQL one would have let it through)
		{"HEATCONF_HOSTILE2", "s3cr\xffXYZZY", "keystone.stack_domain_admin_password", "comes from environment variable HEATCONF_HOSTILE2, which is not set or does not hold one non-empty line of UTF-8 text without NUL", lineOf("stack_domain_admin_password =")},
	} {
		env := func(name string) (string, bool) {
			if name == tt.env {
				return tt.value, true
			}
			return testEnv(name)
		}
		_, err := FromFile(p, env, Options{})
		want := fmt.Sprintf("%s:%d:1: %s: %s", p, tt.line, tt.key, tt.msg)
		if strings.HasPrefix(tt.msg, "comes from") {
			// the messaging password comes from the same variable
			want = fmt.Sprintf("2 problems in the site file:\n%s\n%s:%d:1: messaging.password: %s", want, p, lineOf("\npassword = \"env:HEATCONF_HOSTILE2\"")+1, tt.msg)
		}
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v\nwant %s", tt.value, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "XYZZY") {
			t.Errorf("the error shows the value: %v", err)
		}
	}
}

// TestEveryEscaperCallHasASiteKey: the walk of the templates finds the site
// key of every value an escaper is given, so that no refusal is reported
// by template position.
func TestEveryEscaperCallHasASiteKey(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.keys) < 40 {
		t.Errorf("only %d escaper calls found", len(r.keys))
	}
	for loc, key := range r.keys {
		if key == "" {
			t.Errorf("%s: no site key for the escaped value", loc)
		}
	}
	want := map[string]string{
		"heat.conf.tmpl:35:13":            "keystone.heat_password",
		"heat.conf.tmpl:8:9":              "hosts.<host>.name",
		"heat.conf.tmpl:44:11":            "tls.ca_file",
		"bootstrap-db.sql.tmpl:21:69":     "database.password",
		"bootstrap-db.sql.tmpl:21:45":     "database.allowed_hosts",
		"bootstrap-keystone.sh.tmpl:61:2": "keystone",
	}
	for loc, key := range want {
		if r.keys[loc] != key {
			t.Errorf("%s: key %q, want %q", loc, r.keys[loc], key)
		}
	}
}
