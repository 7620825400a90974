//go:build unix

package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
)

// loadWithin runs Load and fails the test if it blocks (testenv.Within).
func loadWithin(t *testing.T, path string) error {
	t.Helper()
	return testenv.Within(t, func() error {
		_, err := LoadWith(path, goodEnv, Access{SecretDirs: []string{"/dev"}})
		return err
	})
}

// TestHostileFiles: a site file or a file: secret that is a named pipe, a
// device or too large fails at once with the site key, never hangs.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	testenv.Mkfifo(t, fifo)
	if err := os.Symlink(fifo, filepath.Join(dir, "link-to-fifo")); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, 64<<10+1), 0o600); err != nil {
		t.Fatal(err)
	}
	n := 0
	site := func(ref string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("site%d.toml", n))
		src := strings.Replace(minimal, `heat_password = "env:HEATCONF_HP"`, `heat_password = "`+ref+`"`, 1)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, err string
	}{
		// what is wrong with a secret file is never said (see
		// TestSecretErrorsSayNothing); that it fails at once is the point
		{"secret is a named pipe", site("file:fifo"),
			":4:1: keystone.heat_password: comes from file " + fifo + ", which is not a usable secret file"},
		{"secret is a link to a named pipe", site("file:link-to-fifo"),
			"keystone.heat_password: comes from file " + filepath.Join(dir, "link-to-fifo") + ", which is not a usable secret file"},
		{"secret is /dev/zero", site("file:/dev/zero"),
			"keystone.heat_password: comes from file /dev/zero, which is not a usable secret file"},
		{"secret is too large", site("file:big"),
			"keystone.heat_password: comes from file " + big + ", which is not a usable secret file"},
		{"site file is a named pipe", fifo, "reading site file: " + fifo + " is a named pipe, not a file"},
		{"site file is /dev/zero", "/dev/zero", "reading site file: /dev/zero is a character device, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			cpu, alloc := testenv.Cost(t, func() { err = loadWithin(t, tt.path) })
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("Load error = %v, want %q", err, tt.err)
			}
			// at once: it does not block (loadWithin) and reads next to
			// nothing, whatever the machine's load
			if cpu > time.Second || alloc > 16<<20 {
				t.Errorf("took %v of processor time, allocated %d MB", cpu, alloc>>20)
			}
		})
	}
}

// TestSiteFileTooLarge: a site file over 1 MiB is refused unread.
func TestSiteFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "site.toml")
	if err := os.WriteFile(p, []byte(minimal+strings.Repeat("#\n", 1<<19)), 0o644); err != nil {
		t.Fatal(err)
	}
	err := loadWithin(t, p)
	if err == nil || !strings.Contains(err.Error(), "is larger than 1 MiB") {
		t.Fatalf("Load error = %v", err)
	}
}
