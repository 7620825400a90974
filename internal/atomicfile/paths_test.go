package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

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
