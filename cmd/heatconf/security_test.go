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

// TestOverrideSecretsAreMasked: an option the option data marks secret,
// set through [overrides] (oslo.cache's backend_argument) or named like a
// secret, is masked by --stdout and --diff, even when short; and it may
// come from env: or file: like the site's own secrets.
func TestOverrideSecretsAreMasked(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	sitePath := filepath.Join(dir, "site.toml")
	base, err := os.ReadFile(sitePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secrets", "redis"), []byte("s3cr\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	withOverrides := func(backendArg string) {
		text := string(base) + "\n[overrides.cache]\nbackend_argument = \"" + backendArg + "\"\n" +
			"[overrides.oslo_messaging_notifications]\ntransport_url = \"env:HEATCONF_NOTIFY_URL\"\n" +
			"[overrides.ec2authtoken]\npassword = \"file:secrets/redis\"\n"
		if err := os.WriteFile(sitePath, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"HEATCONF_NOTIFY_URL": "rabbit://notify:n0tify-pw@rabbit:5672/"}
	withOverrides("password:pw1")
	out := filepath.Join(dir, "out")
	if r := run(t, env, "render", sitePath, "--output", out); r.code != 0 {
		t.Fatalf("render: %+v", r)
	}
	written, _ := os.ReadFile(filepath.Join(out, "heat.conf"))
	for _, want := range []string{"backend_argument = password:pw1", "password = s3cr", "transport_url = rabbit://notify:n0tify-pw@rabbit:5672/"} {
		if !strings.Contains(string(written), want) {
			t.Errorf("the written heat.conf lacks %q", want)
		}
	}
	r := run(t, env, "render", sitePath, "--stdout", "heat.conf")
	withOverrides("password:pw2")
	d := run(t, env, "render", sitePath, "--output", out, "--check", "--diff")
	for name, text := range map[string]string{"--stdout": r.out + r.err, "--diff": d.out + d.err} {
		for _, s := range []string{"pw1", "pw2", "s3cr", "n0tify-pw"} {
			if strings.Contains(text, s) {
				t.Errorf("%s shows %q:\n%s", name, s, text)
			}
		}
	}
	if !strings.Contains(d.out, "-backend_argument = ****") || !strings.Contains(d.out, "+backend_argument = ****") {
		t.Errorf("--diff does not show the changed secret option masked:\n%s", d.out)
	}
}

// TestControlCharactersNeverReachTheTerminal: file names and values come
// from outside; findings and errors show them escaped.
func TestControlCharactersNeverReachTheTerminal(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\x1b]0;pwned\x07\u202e.conf")
	if err := os.WriteFile(name, []byte("[DEFAULT]\nhost = a\x1b[2Jb # \x1b[31mred\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"lint", name},
		{"lint", name + ".missing"},
		{"render", name},
	} {
		r := run(t, nil, args...)
		for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
			if strings.Contains(r.out+r.err, bad) {
				t.Errorf("%v prints %q:\n%q", args[0], bad, r.out+r.err)
			}
		}
		if r.out+r.err == "" {
			t.Errorf("%v printed nothing", args)
		}
	}
}
