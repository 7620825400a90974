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
