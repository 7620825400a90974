package nolink

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"real/sub", "other"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o750); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "real", "sub", "site.toml"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"linkdir": "real", "real/sub/link.toml": "site.toml", "real/up": ".."} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		path string
		link string // "" when accepted
	}{
		{"real/sub/site.toml", ""},
		{"real/sub/missing/deeper", ""},
		{"./real/../real/sub/site.toml", ""},
		{"real//sub/site.toml", ""},
		{"linkdir/sub/site.toml", "linkdir"},
		{"real/sub/link.toml", "real/sub/link.toml"},
		{"real/up/other", "real/up"},
		{"linkdir/../other", "linkdir"}, // the kernel resolves .. after the link
	}
	for _, tt := range tests {
		for _, abs := range []bool{false, true} {
			p := tt.path
			if abs {
				p = filepath.Join(dir, p)
				if strings.Contains(tt.path, "..") || strings.Contains(tt.path, "//") {
					p = dir + "/" + tt.path // as written, not cleaned
				}
			}
			t.Run(p, func(t *testing.T) {
				t.Chdir(dir)
				err := Check(p)
				if tt.link == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				var e *Error
				if !errors.As(err, &e) || !strings.HasSuffix(e.Link, tt.link) {
					t.Fatalf("err = %v, want the link %s", err, tt.link)
				}
			})
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(real, []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(real, 10); err != nil || string(b) != "data" {
		t.Errorf("ReadFile(real) = %q, %v", b, err)
	}
	var e *Error
	if _, err := ReadFile(link, 10); !errors.As(err, &e) || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("ReadFile(link): %v", err)
	}
}
