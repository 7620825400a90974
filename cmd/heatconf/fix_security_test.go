package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFixKeepsWhatTheFileIs: lint --fix on /etc/heat/heat.conf as root
// must leave it root:heat 0640 (Heat reads it as heat after a restart),
// rewrite a symlink's target and keep the link, refuse to split hard
// links unless --force, and refuse a read-only file.
func TestFixKeepsWhatTheFileIs(t *testing.T) {
	const bad = "[default]\nrpc_thread_pool_size = 4\n"
	const fixed = "[DEFAULT]\nexecutor_thread_pool_size = 4\n"
	newFile := func(t *testing.T, dir, name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	read := func(p string) string { b, _ := os.ReadFile(p); return string(b) }

	t.Run("owner group and mode", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root: the case is root fixing a file of another owner")
		}
		p := newFile(t, t.TempDir(), "heat.conf", 0o640)
		if err := os.Chown(p, 0, 65534); err != nil {
			t.Fatal(err)
		}
		if r := run(t, nil, "lint", "--fix", p); r.code == exitFatal || read(p) != fixed {
			t.Fatalf("exit %d %s; file:\n%s", r.code, r.err, read(p))
		}
		fi, _ := os.Stat(p)
		st := fi.Sys().(*syscall.Stat_t)
		if st.Uid != 0 || st.Gid != 65534 || fi.Mode().Perm() != 0o640 {
			t.Errorf("now %d:%d %04o, want 0:65534 0640", st.Uid, st.Gid, fi.Mode().Perm())
		}
	})
	t.Run("symlink", func(t *testing.T) {
		dir := t.TempDir()
		target := newFile(t, dir, "real.conf", 0o640)
		link := filepath.Join(dir, "heat.conf")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if r := run(t, nil, "lint", "--fix", link); r.code == exitFatal {
			t.Fatalf("exit %d %s", r.code, r.err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link became a file")
		}
		if read(target) != fixed {
			t.Errorf("the target was not fixed:\n%s", read(target))
		}
	})
	t.Run("hard links", func(t *testing.T) {
		dir := t.TempDir()
		p := newFile(t, dir, "heat.conf", 0o640)
		other := filepath.Join(dir, "copy.conf")
		if err := os.Link(p, other); err != nil {
			t.Fatal(err)
		}
		r := run(t, nil, "lint", "--fix", p)
		if r.code != exitFatal || !strings.Contains(r.err, "hard links") || !strings.Contains(r.err, "--force") || read(p) != bad {
			t.Fatalf("without --force: exit %d %s; file:\n%s", r.code, r.err, read(p))
		}
		if r := run(t, nil, "lint", "--fix", "--force", p); r.code == exitFatal || read(p) != fixed || read(other) != fixed {
			t.Fatalf("with --force: exit %d %s", r.code, r.err)
		}
	})
	t.Run("read-only", func(t *testing.T) {
		p := newFile(t, t.TempDir(), "heat.conf", 0o444)
		r := run(t, nil, "lint", "--fix", p)
		if r.code != exitFatal || !strings.Contains(r.err, "read-only") || read(p) != bad {
			t.Fatalf("exit %d %s", r.code, r.err)
		}
	})
}
