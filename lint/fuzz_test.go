package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/heatconf/heatconf/conf"
)

// FuzzLint: no input that oslo.config can read makes a rule panic, and the
// fixes never turn a readable file into an unreadable one.
func FuzzLint(f *testing.F) {
	for _, p := range []string{guide, "../testdata/lint/ok/kolla-zed.conf"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	if paths, err := filepath.Glob(filepath.Join(rulesDir, "*.conf")); err == nil {
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	l, err := New(Options{Registry: registry(f, "2025.1")})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := conf.Parse("f.conf", data)
		if err != nil {
			return
		}
		fs := l.LintModes([]*conf.File{file}, map[string]uint32{"f.conf": 0o644})
		for _, fd := range fs {
			if fd.Line < 1 || fd.Column < 1 || fd.Rule == nil || fd.Message == "" {
				t.Fatalf("malformed finding %+v", fd)
			}
		}
		fixed, _ := ApplyFixes(file, fs)
		if _, err := conf.Parse("f.conf", fixed); err != nil {
			t.Fatalf("the fixes made the file unreadable: %v\n--- before\n%s\n--- after\n%s", err, data, fixed)
		}
	})
}
