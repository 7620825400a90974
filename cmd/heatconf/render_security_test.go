package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderDiffDoesNotFollowLinks: a symbolic link committed into the
// output directory, pointing at a private key, must not put the key into
// `render --check --diff` (a CI log); render replaces the link itself.
func TestRenderDiffDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	site := filepath.Join(dir, "site.toml")
	out := filepath.Join(dir, "out")
	if r := run(t, nil, "render", site, "--output", out); r.code != 0 {
		t.Fatalf("render: %+v", r)
	}
	const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-not-a-real-key\n"
	keyPath := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyPath, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"heat.conf", "install-heat.sh"} {
		p := filepath.Join(out, name)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(keyPath, p); err != nil {
			t.Fatal(err)
		}
	}

	r := run(t, nil, "render", site, "--output", out, "--check", "--diff")
	if r.code != exitFindings {
		t.Errorf("--check --diff: exit %d, want %d\n%s", r.code, exitFindings, r.err)
	}
	for _, text := range []string{r.out, r.err} {
		if strings.Contains(text, "OPENSSH") || strings.Contains(text, "not-a-real-key") {
			t.Fatalf("the diff shows the link's target:\n%s", text)
		}
	}
	for _, name := range []string{"heat.conf", "install-heat.sh"} {
		note := "note: " + filepath.Join(out, name) + " is a symbolic link; it is replaced by a regular file, and its target is neither read nor shown\n"
		if !strings.Contains(r.out, note) {
			t.Errorf("the diff lacks the note %q:\n%s", note, r.out)
		}
		if !strings.Contains(r.err, filepath.Join(out, name)+": is a symbolic link: it would be replaced by a regular file") {
			t.Errorf("--check does not say %s is a link:\n%s", name, r.err)
		}
	}

	if r := run(t, nil, "render", site, "--output", out); r.code != 0 {
		t.Fatalf("render: %+v", r)
	}
	for _, name := range []string{"heat.conf", "install-heat.sh"} {
		fi, err := os.Lstat(filepath.Join(out, name))
		if err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s is %v after render, want a regular file", name, fi)
		}
	}
	if b, err := os.ReadFile(keyPath); err != nil || string(b) != key {
		t.Errorf("the link's target changed: %q %v", b, err)
	}
	if r := run(t, nil, "render", site, "--output", out, "--check"); r.code != 0 {
		t.Errorf("--check after render: %+v", r)
	}
}
