package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// entries lists the names in dir, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func mustWrite(t *testing.T, path, data string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func checkFile(t *testing.T, path, data string, mode fs.FileMode) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != data || fi.Mode().Perm() != mode {
		t.Errorf("%s: %q mode %04o, want %q mode %04o", path, b, fi.Mode().Perm(), data, mode)
	}
}

func TestWriteAllSetsModes(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a.conf"), "old\n", 0o644)
	files := []File{
		{Path: "a.conf", Mode: 0o640, Data: []byte("new\n")},
		{Path: "sub/deeper/secret", Mode: 0o600, Data: []byte("s3cret\n")},
		{Path: "run.sh", Mode: 0o755, Data: []byte("#!/bin/sh\n")},
	}
	if err := WriteAll(dir, files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		checkFile(t, filepath.Join(dir, filepath.FromSlash(f.Path)), string(f.Data), f.Mode)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"a.conf", "run.sh", "sub"}) {
		t.Errorf("entries %v: a temporary file was left behind", got)
	}
	fi, err := os.Stat(filepath.Join(dir, "sub"))
	if err != nil || fi.Mode().Perm()&0o007 != 0 {
		t.Errorf("sub: %v %v, want no access for others", fi.Mode(), err)
	}
	if err := WriteAll(dir, nil); err != nil {
		t.Errorf("writing nothing: %v", err)
	}
}

// TestWriteAllIsAllOrNothing: when one file cannot be staged, no
// destination is touched and no temporary file is left behind.
func TestWriteAllIsAllOrNothing(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
		bad     File
	}{
		{
			name: "its directory cannot be made",
			// "blocked" is a file, so "blocked/b.conf" cannot be created
			prepare: func(t *testing.T, dir string) { mustWrite(t, filepath.Join(dir, "blocked"), "", 0o600) },
			bad:     File{Path: "blocked/b.conf", Mode: 0o600, Data: []byte("x\n")},
		},
		{
			name: "its destination is a directory",
			prepare: func(t *testing.T, dir string) {
				if err := os.MkdirAll(filepath.Join(dir, "z.conf", "inside"), 0o750); err != nil {
					t.Fatal(err)
				}
			},
			// sorted after a.conf, so a failed rename would come too late
			bad: File{Path: "z.conf", Mode: 0o600, Data: []byte("x\n")},
		},
		{
			name: "its directory is not writable",
			prepare: func(t *testing.T, dir string) {
				if os.Geteuid() == 0 {
					t.Skip("root can write any directory")
				}
				ro := filepath.Join(dir, "ro")
				if err := os.Mkdir(ro, 0o750); err != nil {
					t.Fatal(err)
				}
				mustWrite(t, filepath.Join(ro, "c.conf"), "old c\n", 0o640)
				if err := os.Chmod(ro, 0o550); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(ro, 0o750) })
			},
			bad: File{Path: "ro/c.conf", Mode: 0o640, Data: []byte("new c\n")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, filepath.Join(dir, "a.conf"), "old\n", 0o640)
			tt.prepare(t, dir)
			before := entries(t, dir)
			files := []File{
				{Path: "a.conf", Mode: 0o600, Data: []byte("new\n")},
				tt.bad,
				{Path: "m.conf", Mode: 0o600, Data: []byte("m\n")},
			}
			if err := WriteAll(dir, files); err == nil {
				t.Fatal("WriteAll succeeded")
			}
			checkFile(t, filepath.Join(dir, "a.conf"), "old\n", 0o640)
			if got := entries(t, dir); !slices.Equal(got, before) {
				t.Errorf("entries %v, want the %v that were there", got, before)
			}
			if d := filepath.Dir(filepath.Join(dir, tt.bad.Path)); d != dir {
				if es, err := os.ReadDir(d); err == nil {
					for _, e := range es {
						if e.Name() != "c.conf" && e.Name() != "inside" {
							t.Errorf("left behind in %s: %s", d, e.Name())
						}
					}
				}
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "heat.conf")
	if err := WriteFile(p, []byte("new\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	checkFile(t, p, "new\n", 0o640)
	mustWrite(t, p, "old\n", 0o644)
	if err := WriteFile(p, []byte("fixed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	checkFile(t, p, "fixed\n", 0o600)
	if got := entries(t, dir); !slices.Equal(got, []string{"heat.conf"}) {
		t.Errorf("entries %v: a temporary file was left behind", got)
	}
}

func TestWriteFileFailureLeavesDestination(t *testing.T) {
	t.Run("destination is a directory", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "out")
		if err := os.Mkdir(p, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(p, []byte("x\n"), 0o644); err == nil {
			t.Fatal("WriteFile replaced a directory")
		}
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			t.Errorf("out: %v %v", fi, err)
		}
		if got := entries(t, dir); !slices.Equal(got, []string{"out"}) {
			t.Errorf("entries %v", got)
		}
	})
	t.Run("directory missing", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteFile(filepath.Join(dir, "no", "such"), []byte("x\n"), 0o644); err == nil {
			t.Fatal("WriteFile made a directory")
		}
		if got := entries(t, dir); len(got) != 0 {
			t.Errorf("entries %v", got)
		}
	})
	t.Run("directory not writable", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root can write any directory")
		}
		dir := t.TempDir()
		p := filepath.Join(dir, "heat.conf")
		mustWrite(t, p, "old\n", 0o644)
		if err := os.Chmod(dir, 0o550); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o750)
		if err := WriteFile(p, []byte("new\n"), 0o644); err == nil {
			t.Fatal("WriteFile succeeded in a read-only directory")
		}
		checkFile(t, p, "old\n", 0o644)
		if got := entries(t, dir); !slices.Equal(got, []string{"heat.conf"}) {
			t.Errorf("entries %v", got)
		}
	})
}

// TestWriteAllStaysInside: no path leaves the directory, lexically or
// through a symbolic link, and nothing at all is written when one would.
func TestWriteAllStaysInside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "out")
	outside := filepath.Join(root, "outside")
	if err := os.MkdirAll(filepath.Join(dir, "real"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(outside, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "plain"), "x", 0o600)
	for _, bad := range []string{
		"../escape.conf", "ctl1/../../escape.conf", "/etc/escape.conf", "", ".", "a/./b", "a//b", "a/", "a/..",
		"linked/heat.conf", "linked/deeper/heat.conf", "plain/heat.conf", "a\\..\\b", "nul\x00",
	} {
		files := []File{{Path: "good.conf", Mode: 0o600, Data: []byte("good\n")}, {Path: bad, Mode: 0o600, Data: []byte("bad\n")}}
		err := WriteAll(dir, files)
		if err == nil {
			t.Errorf("WriteAll(%q) succeeded", bad)
			continue
		}
		var pe *PathError
		if bad != "plain/heat.conf" && !errors.As(err, &pe) {
			t.Errorf("WriteAll(%q): %v is not a *PathError", bad, err)
		}
		if _, err := os.Lstat(filepath.Join(dir, "good.conf")); err == nil {
			t.Fatalf("WriteAll(%q) wrote good.conf before refusing", bad)
		}
	}
	if es := entries(t, outside); len(es) > 0 {
		t.Errorf("written outside the directory: %v", es)
	}
	if es := entries(t, root); !slices.Equal(es, []string{"out", "outside"}) {
		t.Errorf("written beside the directory: %v", es)
	}
}

// TestWriteAllReplacesLinks: a symbolic link where a file goes is replaced
// by the file; its target is not touched.
func TestWriteAllReplacesLinks(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "id_rsa")
	mustWrite(t, target, "PRIVATE KEY\n", 0o600)
	dir := filepath.Join(root, "out")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "heat.conf")); err != nil {
		t.Fatal(err)
	}
	if err := WriteAll(dir, []File{{Path: "heat.conf", Mode: 0o640, Data: []byte("[DEFAULT]\n")}}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(filepath.Join(dir, "heat.conf"))
	if err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("heat.conf is %v, %v; want a regular file", fi, err)
	}
	checkFile(t, filepath.Join(dir, "heat.conf"), "[DEFAULT]\n", 0o640)
	checkFile(t, target, "PRIVATE KEY\n", 0o600)
}
