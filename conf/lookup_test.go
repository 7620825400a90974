package conf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustParse(t *testing.T, name, src string) *File {
	t.Helper()
	f, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMerge(t *testing.T) {
	a := mustParse(t, "a.conf", "[DEFAULT]\nx = a1\nx = a2\nm = a\n[Database]\nconnection = a\n")
	b := mustParse(t, "b.conf", "[DEFAULT]\nm = b\n[database]\nidle = 1\n")
	c := mustParse(t, "c.conf", "[DATABASE]\nconnection = c\n[DEFAULT]\nm = c1\nm = c2\n")
	cfg := Merge(a, nil, b, c)
	for _, tc := range []struct{ group, key, want, file string }{
		{"", "x", "a2", "a.conf"},
		{Default, "m", "c2", "c.conf"},
		{"database", "connection", "c", "c.conf"},
		{"Database", "idle", "1", "b.conf"},
	} {
		e, ok := cfg.Lookup(tc.group, tc.key)
		if !ok || e.Value != tc.want || e.Section.File.Name != tc.file {
			t.Errorf("Lookup(%q, %q) = %+v, %v", tc.group, tc.key, e, ok)
		}
	}
	if _, ok := cfg.Lookup("default", "m"); ok {
		t.Error(`Lookup("default", "m") found DEFAULT's value`)
	}
	var ms []string
	for _, e := range cfg.Values(Default, "m") {
		ms = append(ms, e.Value)
	}
	if got := strings.Join(ms, ","); got != "a,b,c1,c2" {
		t.Errorf("Values(DEFAULT, m) = %s", got)
	}
	if got := strings.Join(cfg.Groups(), ","); got != "DEFAULT,database" {
		t.Errorf("Groups() = %s", got)
	}
	if got := strings.Join(cfg.Keys("database"), ","); got != "connection,idle" {
		t.Errorf("Keys(database) = %s", got)
	}
	if got := strings.Join(a.Keys(""), ","); got != "x,m" {
		t.Errorf("a.Keys() = %s", got)
	}
}

func TestLoadArgs(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f1 := write("heat.conf", "[DEFAULT]\na = file\nb = file\n")
	d := filepath.Join(dir, "heat.conf.d")
	write("heat.conf.d/20-b.conf", "[DEFAULT]\nb = 20\n")
	write("heat.conf.d/10-a.conf", "[DEFAULT]\nb = 10\nc = 10\n")
	write("heat.conf.d/.hidden.conf", "[DEFAULT]\nc = hidden\n")
	write("heat.conf.d/notes.txt", "[DEFAULT]\nc = txt\n")
	bad := write("bad.conf", "[DEFAULT]\n= x\n")

	cfg, err := LoadArgs([]Source{{ConfigFile: f1}, {ConfigDir: d}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range cfg.Files {
		names = append(names, filepath.Base(f.Name))
	}
	if got := strings.Join(names, " "); got != "heat.conf 10-a.conf 20-b.conf" {
		t.Errorf("files: %s", got)
	}
	for key, want := range map[string]string{"a": "file", "b": "20", "c": "10"} {
		if e, _ := cfg.Lookup("", key); e == nil || e.Value != want {
			t.Errorf("%s = %v, want %s", key, e, want)
		}
	}

	// A config-dir before a config-file loses to it.
	cfg, err = LoadArgs([]Source{{ConfigDir: d}, {ConfigFile: f1}})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := cfg.Lookup("", "b"); e.Value != "file" {
		t.Errorf("b = %s, want file", e.Value)
	}

	// Missing files are collected; a parse error stops at once.
	m1, m2 := filepath.Join(dir, "m1.conf"), filepath.Join(dir, "m2.conf")
	_, err = LoadArgs([]Source{{ConfigFile: m1}, {ConfigFile: f1}, {ConfigFile: m2}})
	var nf *FilesNotFoundError
	if !errors.As(err, &nf) || err.Error() != "Failed to find some config files: "+m1+","+m2 {
		t.Errorf("missing files: %v", err)
	}
	_, err = LoadArgs([]Source{{ConfigFile: m1}, {ConfigFile: bad}})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Msg != MsgEmptyKey {
		t.Errorf("parse error: %v", err)
	}
	_, err = LoadArgs([]Source{{ConfigDir: filepath.Join(dir, "nope")}})
	var dn *DirNotFoundError
	if !errors.As(err, &dn) || err.Error() != "Failed to read config file directory: "+filepath.Join(dir, "nope") {
		t.Errorf("missing dir: %v", err)
	}
	if _, err := LoadArgs([]Source{{}}); err == nil {
		t.Error("empty Source accepted")
	}
	if _, err := LoadArgs([]Source{{ConfigFile: f1, ConfigDir: d}}); err == nil {
		t.Error("Source with both fields accepted")
	}

	// "~" is the home directory.
	t.Setenv("HOME", dir)
	cfg, err = LoadArgs([]Source{{ConfigFile: "~/heat.conf"}})
	if err != nil || len(cfg.Files) != 1 {
		t.Errorf("~/heat.conf: %v", err)
	}
}

func TestConfigDirFiles(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	mk := func(rel string, dir bool) {
		p := filepath.Join(home, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if dir {
			err = os.Mkdir(p, 0o755)
		} else {
			err = os.WriteFile(p, []byte("[DEFAULT]\n"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"d/20-b.conf", "d/10-a.conf", "d/.hidden.conf", "d/notes.txt", "d/B.conf", "d/a.conf.bak", "plain.conf"} {
		mk(f, false)
	}
	mk("d/15-dir.conf", true)
	mk("empty", true)
	if err := os.Symlink(filepath.Join(home, "nowhere"), filepath.Join(home, "d/30-dangling.conf")); err != nil {
		t.Fatal(err)
	}
	d := filepath.Join(home, "d")
	in := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(d, n))
		}
		return out
	}
	tests := []struct {
		name    string
		dir     string
		want    []string
		missing string // the DirNotFoundError's Dir
	}{
		{name: "sorted bytewise, hidden and other names left out, directories and dangling links kept", dir: d,
			want: in("10-a.conf", "15-dir.conf", "20-b.conf", "30-dangling.conf", "B.conf")},
		{name: "home directory", dir: "~/d", want: in("10-a.conf", "15-dir.conf", "20-b.conf", "30-dangling.conf", "B.conf")},
		{name: "empty directory", dir: filepath.Join(home, "empty")},
		{name: "a file, not a directory", dir: filepath.Join(home, "plain.conf")},
		{name: "missing directory", dir: filepath.Join(home, "nope"), missing: filepath.Join(home, "nope")},
		{name: "missing directory under home", dir: "~/nope", missing: filepath.Join(home, "nope")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfigDirFiles(tt.dir)
			var dn *DirNotFoundError
			if tt.missing != "" {
				if !errors.As(err, &dn) || dn.Dir != tt.missing {
					t.Fatalf("ConfigDirFiles(%q) = %v, %v; want a DirNotFoundError for %s", tt.dir, got, err, tt.missing)
				}
				return
			}
			if err != nil || strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("ConfigDirFiles(%q) = %q, %v; want %q", tt.dir, got, err, tt.want)
			}
		})
	}
}

func TestSourceFiles(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(home, "x.conf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		src     Source
		want    []string
		wantErr bool
	}{
		{name: "file", src: Source{ConfigFile: "/etc/heat/heat.conf"}, want: []string{"/etc/heat/heat.conf"}},
		{name: "missing file is still listed", src: Source{ConfigFile: "none.conf"}, want: []string{"none.conf"}},
		{name: "file under home", src: Source{ConfigFile: "~/heat.conf"}, want: []string{filepath.Join(home, "heat.conf")}},
		{name: "other user's home is kept", src: Source{ConfigFile: "~heat/heat.conf"}, want: []string{"~heat/heat.conf"}},
		{name: "directory", src: Source{ConfigDir: "~"}, want: []string{filepath.Join(home, "x.conf")}},
		{name: "missing directory", src: Source{ConfigDir: filepath.Join(home, "nope")}, wantErr: true},
		{name: "empty", src: Source{}, wantErr: true},
		{name: "both", src: Source{ConfigFile: "a.conf", ConfigDir: home}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.src.Files()
			if (err != nil) != tt.wantErr || strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Files() = %q, %v; want %q (error: %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
