package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteExample(t *testing.T) {
	dir := t.TempDir()
	path, created, err := WriteExample(dir, false)
	if err != nil || created != len(ExampleSecretFiles()) || path != filepath.Join(dir, "site.toml") {
		t.Fatalf("first: %q %d %v", path, created, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "secrets"))
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("secrets dir: %v %v", fi, err)
	}
	keep := filepath.Join(dir, "secrets", ExampleSecretFiles()[0])
	before, _ := os.ReadFile(keep)
	for _, tc := range []struct {
		name    string
		force   bool
		wantErr string
	}{
		{name: "exists", wantErr: "exists; use --force"},
		{name: "force keeps secrets", force: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, created, err := WriteExample(dir, tc.force)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || created != 0 {
				t.Fatalf("%d created, %v", created, err)
			}
			if after, _ := os.ReadFile(keep); string(after) != string(before) {
				t.Error("a secret was replaced")
			}
		})
	}
	s, err := Load(path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("the example does not load: %v", err)
	}
	for _, v := range s.SecretValues() {
		if len(v) < 32 {
			t.Errorf("a generated secret of %d characters", len(v))
		}
	}
}

func TestWriteExampleSecretFree(t *testing.T) {
	dir := t.TempDir()
	ignore := filepath.Join(dir, ".gitignore")
	if err := os.WriteFile(ignore, []byte("*.swp\n/secrets/"), 0o644); err != nil {
		t.Fatal(err)
	}
	path, _, err := WriteExampleWith(dir, false, SecretsEnvironment)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(path, func(string) (string, bool) { return "", false })
	if err != nil || !s.SecretFree() || s.Render.EnvFile != DefaultEnvFile {
		t.Fatalf("the secret-free example: %v, %+v", err, s.Render)
	}
	data, _ := os.ReadFile(ignore)
	// the lines it lacked are added once, what was there stays
	want := "*.swp\n/secrets/\n# Added by heatconf init: what holds secrets stays out of git.\nheat.env\n"
	if string(data) != want {
		t.Errorf(".gitignore:\n%s\nwant\n%s", data, want)
	}
	if _, _, err := WriteExampleWith(dir, true, SecretsInline); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(ignore)
	if !strings.HasSuffix(string(data), "\n/out/\n") || strings.Count(string(data), "heat.env") != 1 {
		t.Errorf("inline adds /out/ once:\n%s", data)
	}
	if _, _, err := WriteExampleWith(t.TempDir(), false, "vault"); err == nil {
		t.Error("an unknown mode was accepted")
	}
	fresh := t.TempDir()
	if _, _, err := WriteExample(fresh, false); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(fresh, ".gitignore")); string(data) != GitIgnore(SecretsInline) {
		t.Errorf("a new .gitignore:\n%s", data)
	}
}

func TestRenderKeys(t *testing.T) {
	base := "release = \"zed\"\n[keystone]\npublic_url = \"http://k:5000\"\nheat_password = \"x\"\nstack_domain_admin_password = \"y\"\n" +
		"[endpoints]\nheat_public = \"http://h:8004\"\ncfn_public = \"http://h:8000\"\n[database]\nhost = \"db\"\npassword = \"z\"\n" +
		"[messaging]\nhosts = [\"mq\"]\npassword = \"w\"\n[heat]\nauth_encryption_key = \"0123456789abcdef0123456789abcdef\"\n"
	for _, tt := range []struct{ name, render, want string }{
		{"default", "", ""},
		{"environment", "secrets = \"environment\"\n", ""},
		{"unknown mode", "secrets = \"vault\"\n", `render.secrets: is "vault", must be one of: inline, environment`},
		{"relative env file", "env_file = \"heat.env\"\n", "render.env_file: \"heat.env\" must be an absolute path"},
		{"env file with a space", "env_file = \"/etc/heat/my env\"\n", "must be a plain absolute path"},
		{"empty env file", "env_file = \"\"\n", "render.env_file: is required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := base
			if tt.render != "" {
				src += "[render]\n" + tt.render
			}
			_, err := Decode("site.toml", []byte(src))
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
