package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderCheckWithoutSecrets: a secret-free site's committed output
// (everything but heat.env) is checked in CI without any secret, and
// --without-secrets refuses a site that renders its secrets inline.
func TestRenderCheckWithoutSecrets(t *testing.T) {
	secrets := map[string]string{
		"HEATCONF_HOSTILE": "Hostile-password-0001-xyz", "HEATCONF_HOSTILE2": "Domain-admin-password-0002",
		"HEATCONF_RABBIT_PASSWORD": "Rabbit-password-0003-abc", "HEATCONF_MEMCACHE_KEY": "Memcache-secret-key-0004",
		"HEATCONF_HOSTILE_KEY": "0123456789abcdef0123456789abcdef", "HEATCONF_DB_PASSWORD": "Db-password-0005-qrstuv",
	}
	site := filepath.Join("..", "..", "testdata", "sites", "secretfree.toml")
	out := filepath.Join(t.TempDir(), "out")
	if r := run(t, secrets, "render", site, "--output", out); r.code != 0 {
		t.Fatalf("render: %+v", r)
	}
	r := run(t, nil, "render", site, "--output", out, "--check", "--without-secrets")
	if r.code != 0 || !strings.Contains(r.err, "is up to date") {
		t.Fatalf("--check --without-secrets of an up-to-date output: %+v", r)
	}
	// a change the site makes shows without the secrets too
	if err := os.WriteFile(filepath.Join(out, "bootstrap-db.sql"), []byte("-- changed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "render", site, "--output", out, "--check", "--without-secrets")
	if r.code != 1 || !strings.Contains(r.err, "bootstrap-db.sql: would change") {
		t.Fatalf("--check --without-secrets of a changed output: %+v", r)
	}
	for _, v := range secrets {
		if strings.Contains(r.out+r.err, v) {
			t.Fatalf("a secret in the output: %+v", r)
		}
	}
	inline := filepath.Join(t.TempDir(), "site.toml")
	if r := run(t, nil, "init", filepath.Dir(inline)); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	r = run(t, nil, "render", inline, "--output", out, "--check", "--without-secrets")
	if r.code == 0 || !strings.Contains(r.err, "render.secrets") || !strings.Contains(r.err, `secrets = "environment"`) {
		t.Fatalf("--without-secrets of an inline site: %+v", r)
	}
}
