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
