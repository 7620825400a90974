package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestRewrite(t *testing.T) {
	asRoot := os.Geteuid() == 0
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, dir string) (edit string, names []string) // the path to rewrite, every name of the file
		opts    RewriteOptions
		wantErr error
		check   func(t *testing.T, dir string)
	}{
		{name: "mode kept", setup: func(t *testing.T, dir string) (string, []string) {
			p := oldFile(t, dir, "heat.conf", 0o640)
			return p, []string{p}
		}, check: func(t *testing.T, dir string) { wantMode(t, filepath.Join(dir, "heat.conf"), 0o640) }},
		{name: "owner and group kept", setup: func(t *testing.T, dir string) (string, []string) {
			if !asRoot {
				t.Skip("needs root to give the file another owner")
			}
			p := oldFile(t, dir, "heat.conf", 0o640)
			if err := os.Chown(p, 0, 65534); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(p, 65534, 65534); err != nil {
				t.Fatal(err)
			}
			return p, []string{p}
		}, check: func(t *testing.T, dir string) {
			st := stat(t, filepath.Join(dir, "heat.conf"))
			if st.Uid != 65534 || st.Gid != 65534 {
				t.Errorf("owner %d:%d, want 65534:65534", st.Uid, st.Gid)
			}
			wantMode(t, filepath.Join(dir, "heat.conf"), 0o640)
		}},
		{name: "symlink followed and kept", setup: func(t *testing.T, dir string) (string, []string) {
			target := oldFile(t, dir, "real.conf", 0o600)
			link := filepath.Join(dir, "heat.conf")
			if err := os.Symlink("real.conf", link); err != nil {
				t.Fatal(err)
			}
			return link, []string{link, target}
		}, check: func(t *testing.T, dir string) {
			if fi, err := os.Lstat(filepath.Join(dir, "heat.conf")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link is no longer a link: %v %v", fi.Mode(), err)
			}
		}},
		{name: "hard link refused", setup: func(t *testing.T, dir string) (string, []string) {
			p := oldFile(t, dir, "heat.conf", 0o640)
			if err := os.Link(p, filepath.Join(dir, "other.conf")); err != nil {
				t.Fatal(err)
			}
			return p, nil
		}, wantErr: ErrHardLinked},
		{name: "hard link in place", opts: RewriteOptions{InPlace: true}, setup: func(t *testing.T, dir string) (string, []string) {
			p := oldFile(t, dir, "heat.conf", 0o640)
			other := filepath.Join(dir, "other.conf")
			if err := os.Link(p, other); err != nil {
				t.Fatal(err)
			}
			return p, []string{p, other}
		}, check: func(t *testing.T, dir string) {
			if stat(t, filepath.Join(dir, "heat.conf")).Nlink != 2 {
				t.Error("the hard link was split")
			}
		}},
		{name: "read-only refused", setup: func(t *testing.T, dir string) (string, []string) {
			return oldFile(t, dir, "heat.conf", 0o444), nil
		}, wantErr: ErrReadOnly},
		{name: "dangling link refused", setup: func(t *testing.T, dir string) (string, []string) {
			link := filepath.Join(dir, "heat.conf")
			if err := os.Symlink("missing.conf", link); err != nil {
				t.Fatal(err)
			}
			return link, nil
		}, wantErr: os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			edit, names := tc.setup(t, dir)
			err := Rewrite(edit, []byte("new\n"), tc.opts)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if data, rerr := os.ReadFile(edit); rerr == nil && string(data) != "old\n" {
					t.Errorf("a refused rewrite changed the file: %q", data)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range names {
				if data, err := os.ReadFile(n); err != nil || string(data) != "new\n" {
					t.Errorf("%s: %q %v", n, data, err)
				}
			}
			if tc.check != nil {
				tc.check(t, dir)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*heatconf-*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

func oldFile(t *testing.T, dir, name string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func stat(t *testing.T, p string) *syscall.Stat_t {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t)
}

func wantMode(t *testing.T, p string, mode os.FileMode) {
	t.Helper()
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != mode {
		t.Errorf("%s: mode %v %v, want %04o", p, fi.Mode().Perm(), err, mode)
	}
}

// TestRewriteWritesOnlyTheFileRead: with the identity of the file read
// (and what it held), Rewrite refuses a path that now leads to another
// file, or a file edited since, and writes nothing anywhere.
func TestRewriteWritesOnlyTheFileRead(t *testing.T) {
	for _, tc := range []struct {
		name    string
		inPlace bool
		// change turns the file read into what Rewrite meets; it returns
		// the path to rewrite
		change  func(t *testing.T, dir, p string) string
		wantErr error
	}{
		{name: "unchanged", change: func(t *testing.T, dir, p string) string { return p }},
		{name: "swapped for a link to another file", wantErr: ErrChanged, change: func(t *testing.T, dir, p string) string {
			swapForLink(t, p, filepath.Join(dir, "sentinel"))
			return p
		}},
		{name: "replaced by another file", wantErr: ErrChanged, change: func(t *testing.T, dir, p string) string {
			other := oldFile(t, dir, "other.conf", 0o640) // made while heat.conf holds its inode
			if err := os.Rename(other, p); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{name: "edited since", wantErr: ErrChanged, change: func(t *testing.T, dir, p string) string {
			if err := os.WriteFile(p, []byte("edited\n"), 0o640); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{name: "read through a link, rewritten through it", change: func(t *testing.T, dir, p string) string {
			link := filepath.Join(dir, "link.conf")
			if err := os.Symlink("heat.conf", link); err != nil {
				t.Fatal(err)
			}
			return link
		}},
		{name: "in place, swapped for a link", inPlace: true, wantErr: ErrChanged, change: func(t *testing.T, dir, p string) string {
			if err := os.Link(p, filepath.Join(dir, "other-name.conf")); err != nil {
				t.Fatal(err)
			}
			swapForLink(t, p, filepath.Join(dir, "sentinel"))
			return p
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := oldFile(t, dir, "heat.conf", 0o640)
			sentinel := filepath.Join(dir, "sentinel")
			if err := os.WriteFile(sentinel, []byte("sentinel\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			read, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			edit := tc.change(t, dir, p)
			err = Rewrite(edit, []byte("new\n"), RewriteOptions{InPlace: tc.inPlace, Read: read, Old: []byte("old\n")})
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if b, _ := os.ReadFile(sentinel); string(b) != "sentinel\n" {
				t.Errorf("the sentinel holds %q", b)
			}
			if tc.wantErr == nil {
				if b, _ := os.ReadFile(p); string(b) != "new\n" {
					t.Errorf("heat.conf holds %q", b)
				}
			} else if b, _ := os.ReadFile(edit); string(b) == "new\n" {
				t.Error("a refused rewrite wrote the file")
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*heatconf-*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestReplaceUndoesASwap: the file a replacement meets at the last moment
// is checked after the atomic exchange; if it is not the file read, the
// exchange is undone and nothing else changes.
func TestReplaceUndoesASwap(t *testing.T) {
	dir := t.TempDir()
	p := oldFile(t, dir, "heat.conf", 0o640)
	read, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	sentinel := filepath.Join(dir, "sentinel")
	if err := os.WriteFile(sentinel, []byte("sentinel\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	swapForLink(t, p, sentinel)
	tmp := filepath.Join(dir, "tmp")
	if err := os.WriteFile(tmp, []byte("new\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := replace(tmp, p, read); !errors.Is(err, ErrChanged) {
		t.Fatalf("replace = %v", err)
	}
	if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("heat.conf is %v %v, want the link put back", fi, err)
	}
	if b, _ := os.ReadFile(tmp); string(b) != "new\n" {
		t.Errorf("tmp holds %q", b)
	}
	if b, _ := os.ReadFile(sentinel); string(b) != "sentinel\n" {
		t.Errorf("the sentinel holds %q", b)
	}
}

// swapForLink replaces the file p by a symbolic link to target.
func swapForLink(t *testing.T, p, target string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}
