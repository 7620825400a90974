//go:build unix

package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/nolink"
	"github.com/heatconf/heatconf/internal/testenv"
)

// siteWith writes the minimal site into dir/name with heat_password set to
// ref and returns its path.
func siteWith(t *testing.T, dir, name, ref string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	src := strings.Replace(minimal, `heat_password = "env:HEATCONF_HP"`, `heat_password = "`+ref+`"`, 1)
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeSecret(t *testing.T, p, data string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
}

// heatPasswordError loads the site at p and returns the message of its
// keystone.heat_password error ("" when it loads).
func heatPasswordError(t *testing.T, p string, e env.Lookup, a Access) string {
	t.Helper()
	s, err := LoadWith(p, e, a)
	if err == nil {
		if v := s.Keystone.HeatPassword.Value(); v != "good-secret" {
			t.Fatalf("%s: value %q", p, v)
		}
		return ""
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("%s: %v", p, err)
	}
	for _, e := range es {
		if e.Key == "keystone.heat_password" {
			return e.Msg
		}
	}
	t.Fatalf("%s: no heat_password error in %v", p, err)
	return ""
}

// TestSecretFileConfinement: a file: reference reads only inside the site
// file's directory tree, or a tree the operator names with --secrets-dir,
// never through "../" or a symbolic link that leaves it (a pull request's
// site file could otherwise put /etc/heat/heat.conf's neighbours, or an
// SSH key, into heat.conf or probe's password).
func TestSecretFileConfinement(t *testing.T) {
	root := t.TempDir()
	siteDir := filepath.Join(root, "repo", "deploy")
	outside := filepath.Join(root, "etc-secrets")
	writeSecret(t, filepath.Join(siteDir, "secrets", "heat"), "good-secret\n", 0o600)
	writeSecret(t, filepath.Join(siteDir, "deeper", "heat"), "good-secret\n", 0o600)
	writeSecret(t, filepath.Join(outside, "heat"), "good-secret\n", 0o600)
	writeSecret(t, filepath.Join(root, "repo", "other"), "good-secret\n", 0o600)
	if err := os.Symlink(outside, filepath.Join(siteDir, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("secrets", filepath.Join(siteDir, "inside-link")); err != nil {
		t.Fatal(err)
	}
	widened := Access{SecretDirs: []string{outside}}
	outsideMsg := "which is outside the site file's directory " + siteDir + ": heatconf reads file: secrets there, or in a directory given with --secrets-dir"
	tests := []struct {
		name string
		ref  string
		a    Access
		want string // part of the error; "" when the secret is read
	}{
		{"inside", "file:secrets/heat", Access{}, ""},
		{"inside, absolute", "file:" + filepath.Join(siteDir, "secrets", "heat"), Access{}, ""},
		{"inside, through .. that stays inside", "file:deeper/../secrets/heat", Access{}, ""},
		{"a link that stays inside", "file:inside-link/heat", Access{}, ""},
		{"parent directory", "file:../other", Access{}, outsideMsg},
		{"absolute, outside", "file:" + filepath.Join(outside, "heat"), Access{}, outsideMsg},
		{"absolute, outside, missing", "file:" + filepath.Join(outside, "missing"), Access{}, outsideMsg},
		{"a system file", "file:/etc/passwd", Access{}, outsideMsg},
		{"a link that leaves", "file:linked/heat", Access{}, "which is not a usable secret file"},
		{"a link that leaves, --secrets-dir for the target", "file:linked/heat", widened, "which is not a usable secret file"},
		{"--secrets-dir", "file:" + filepath.Join(outside, "heat"), widened, ""},
		{"--secrets-dir, relative ref", "file:../../etc-secrets/heat", widened, ""},
		{"--secrets-dir, another dir", "file:../other", widened, outsideMsg},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := siteWith(t, siteDir, "site"+string(rune('a'+i))+".toml", tt.ref)
			got := heatPasswordError(t, p, goodEnv, tt.a)
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("error %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSecretErrorsSayNothing: whatever is wrong with a secret file (it is
// missing, readable by others, empty, two lines, not UTF-8, too large, a
// named pipe, a directory, a link out of the tree), the error says the
// same words: it never tells a site file whether a file exists, its mode,
// its size or its shape.
func TestSecretErrorsSayNothing(t *testing.T) {
	dir := t.TempDir()
	s := filepath.Join(dir, "secrets")
	writeSecret(t, filepath.Join(s, "open"), "good-secret\n", 0o644)
	writeSecret(t, filepath.Join(s, "empty"), "\n", 0o600)
	writeSecret(t, filepath.Join(s, "twolines"), "a\nb\n", 0o600)
	writeSecret(t, filepath.Join(s, "nul"), "a\x00b", 0o600)
	writeSecret(t, filepath.Join(s, "latin1"), "caf\xe9-password", 0o600)
	writeSecret(t, filepath.Join(s, "big"), strings.Repeat("x", 64<<10+1), 0o600)
	testenv.Mkfifo(t, filepath.Join(s, "fifo"))
	if err := os.Mkdir(filepath.Join(s, "dir"), 0o700); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "key")
	writeSecret(t, elsewhere, "good-secret\n", 0o600)
	for name, target := range map[string]string{"escape": elsewhere, "dangling": "/nonexistent/key"} {
		if err := os.Symlink(target, filepath.Join(s, name)); err != nil {
			t.Fatal(err)
		}
	}
	msgs := map[string]string{}
	for _, name := range []string{"missing", "open", "empty", "twolines", "nul", "latin1", "big", "fifo", "dir", "escape", "dangling"} {
		p := siteWith(t, dir, name+".toml", "file:secrets/"+name)
		msg := heatPasswordError(t, p, goodEnv, Access{})
		msgs[name] = strings.Replace(msg, filepath.Join(s, name), "PATH", 1)
	}
	want := msgs["missing"]
	if !strings.HasPrefix(want, "comes from file PATH, which is not a usable secret file: one must be a regular file under "+dir+", not readable by group or others (chmod 600), of at most 64 KiB, holding one non-empty line of UTF-8 text without NUL") {
		t.Fatalf("message %q", want)
	}
	for name, msg := range msgs {
		if msg != want {
			t.Errorf("%s: %q\nwant the same words as for a missing file: %q", name, msg, want)
		}
	}
}

// TestEnvAllowlist: an env: reference names a HEATCONF_ variable, or one
// the operator allows with --allow-env (a name or a prefix*); any other is
// refused before the environment is looked at (env:GITHUB_TOKEN in a pull
// request's site file must not reach heat.conf or probe's Keystone).
func TestEnvAllowlist(t *testing.T) {
	dir := t.TempDir()
	looked := map[string]bool{}
	e := func(name string) (string, bool) {
		looked[name] = true
		return "good-secret", true
	}
	tests := []struct {
		ref  string
		a    Access
		want string
	}{
		{"env:HEATCONF_HP", Access{}, ""},
		{"env:GITHUB_TOKEN", Access{}, "names the environment variable GITHUB_TOKEN, which a site file may not read: name one that starts with HEATCONF_, or allow it on the command line with --allow-env GITHUB_TOKEN"},
		{"env:HEATCONF_", Access{}, "may not read"},
		{"env:heatconf_hp", Access{}, "may not read"},
		{"env:E2E_HEAT", Access{Env: []string{"E2E_HEAT"}}, ""},
		{"env:E2E_HEAT", Access{Env: []string{"E2E_*"}}, ""},
		{"env:E2E_HEATX", Access{Env: []string{"E2E_HEAT"}}, "may not read"},
		{"env:AWS_SECRET", Access{Env: []string{"E2E_*"}}, "may not read"},
		{`env:HEATCONF_\u001b[2J`, Access{}, `names HEATCONF_\u001b[2J, which is not an environment variable name`},
		{"env:E2E_*", Access{Env: []string{"E2E_*"}}, "which is not an environment variable name"},
	}
	for i, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			clear(looked)
			p := siteWith(t, dir, "site"+string(rune('a'+i))+".toml", tt.ref)
			got := heatPasswordError(t, p, env.Lookup(func(n string) (string, bool) {
				if v, ok := goodEnv(n); ok && n != "HEATCONF_HP" {
					return v, ok
				}
				return e(n)
			}), tt.a)
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("error %q, want %q", got, tt.want)
			}
			name := strings.TrimPrefix(tt.ref, "env:")
			if tt.want != "" && looked[name] {
				t.Errorf("%s was looked up", name)
			}
		})
	}
}

func TestCheckEnvName(t *testing.T) {
	for v, ok := range map[string]bool{
		"HEAT_PASSWORD": true, "E2E_*": true, "_X": true, "ci_secret_*": true,
		"*": false, "": false, "1X": false, "A-B": false, "A*B": false, "A B": false,
	} {
		if err := CheckEnvName(v); (err == nil) != ok {
			t.Errorf("CheckEnvName(%q) = %v", v, err)
		}
	}
}

// TestSiteFileNotThroughLinks: a site file named through a symbolic link
// (a repository can commit site.toml -> /etc/heat/site.toml, or a linked
// directory) is not read unless the operator passes --follow-symlinks.
func TestSiteFileNotThroughLinks(t *testing.T) {
	root := t.TempDir()
	writeSecret(t, filepath.Join(root, "real", "secrets", "heat"), "good-secret\n", 0o600)
	real := siteWith(t, filepath.Join(root, "real"), "site.toml", "file:secrets/heat")
	if err := os.Symlink(real, filepath.Join(root, "real", "link.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(root, "linkdir")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(root, "real", "link.toml"), filepath.Join(root, "linkdir", "site.toml")} {
		_, err := LoadWith(p, goodEnv, Access{})
		var le *nolink.Error
		if !errors.As(err, &le) || !strings.Contains(err.Error(), "--follow-symlinks") {
			t.Errorf("%s: %v, want a refusal naming --follow-symlinks", p, err)
		}
		if _, err := LoadWith(p, goodEnv, Access{FollowSymlinks: true}); err != nil {
			t.Errorf("%s with FollowSymlinks: %v", p, err)
		}
	}
	if _, err := LoadWith(real, goodEnv, Access{}); err != nil {
		t.Errorf("the real path: %v", err)
	}
	t.Chdir(filepath.Join(root, "real"))
	if _, err := LoadWith("site.toml", goodEnv, Access{}); err != nil {
		t.Errorf("a relative path: %v", err)
	}
}

// TestInitRefusesSecretsLink: init does not follow a secrets/ committed as
// a symbolic link: its target keeps its mode and gets no file.
func TestInitRefusesSecretsLink(t *testing.T) {
	dir := t.TempDir()
	target := t.TempDir()
	if err := os.Chmod(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "secrets")); err != nil {
		t.Fatal(err)
	}
	_, _, err := WriteExample(dir, false)
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Fatalf("WriteExample: %v", err)
	}
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("the link's target: %v %v, want mode 0755", fi.Mode(), err)
	}
	if es, _ := os.ReadDir(target); len(es) != 0 {
		t.Errorf("files written into the link's target: %v", es)
	}
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		t.Error("site.toml written")
	}
}
