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
