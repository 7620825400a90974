//go:build unix

package probe

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/testenv"
)

const cloudsYAML = `clouds:
  prod:
    auth:
      auth_url: http://127.0.0.1:1/v3
      username: u
      password: p
      project_name: p
      user_domain_name: Default
      project_domain_name: Default
`

// TestTLSFilesHostile: --cacert, --cert and --key that are named pipes,
// devices or too large fail at once with the file named.
func TestTLSFilesHostile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.pem")
	testenv.Mkfifo(t, fifo)
	big := filepath.Join(dir, "big.pem")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(boundedread.CABundleMax + 1) // sparse: no disk used
	f.Close()
	tests := []struct {
		name string
		tls  TLS
		want string
	}{
		{"--cacert /dev/zero", TLS{CACert: "/dev/zero"}, "reading the CA file: /dev/zero is a character device, not a file"},
		{"--cacert named pipe", TLS{CACert: fifo}, "reading the CA file: " + fifo + " is a named pipe, not a file"},
		{"--cacert too large", TLS{CACert: big}, "reading the CA file: " + big + " is larger than 16 MiB"},
		{"--cert named pipe", TLS{Cert: fifo, Key: fifo}, "reading the client certificate: " + fifo + " is a named pipe"},
		{"--key /dev/zero", TLS{Cert: big, Key: "/dev/zero"}, "is larger than 16 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := testenv.Within(t, func() error { _, err := newTransport(tt.tls, nil, time.Second); return err })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestCloudsYAMLHostile: clouds.yaml, secure.yaml and the TLS files they
// name are read as regular files of bounded size; an alias bomb fails fast.
func TestCloudsYAMLHostile(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		fmt.Fprintf(&bomb, "%s: &%s [%s]\n", name, name, strings.TrimSuffix(strings.Repeat("*"+prev+",", 10), ","))
		prev = name
	}
	bomb.WriteString("clouds:\n  prod:\n    regions: *j\n")

	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) // writes dir/clouds.yaml and more
		want  string
	}{
		{"clouds.yaml is a named pipe", func(t *testing.T, dir string) {
			testenv.Mkfifo(t, filepath.Join(dir, "clouds.yaml"))
		}, "clouds.yaml is a named pipe, not a file"},
		{"clouds.yaml too large", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "clouds.yaml"), cloudsYAML+strings.Repeat("#\n", 1<<19))
		}, "clouds.yaml is larger than 1 MiB"},
		{"clouds.yaml alias bomb", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "clouds.yaml"), bomb.String())
		}, "yaml: "}, // yaml.v2 stops at excessive aliasing or a type error, fast either way
		{"secure.yaml is a named pipe", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "clouds.yaml"), cloudsYAML)
			testenv.Mkfifo(t, filepath.Join(dir, "secure.yaml"))
		}, "secure.yaml is a named pipe, not a file"},
		{"cacert is /dev/zero", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "clouds.yaml"), cloudsYAML+"    cacert: /dev/zero\n")
		}, "/dev/zero is a character device, not a file"},
		{"cacert is a named pipe", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "clouds.yaml"), cloudsYAML+"    cacert: "+filepath.Join(dir, "ca.pem")+"\n")
			testenv.Mkfifo(t, filepath.Join(dir, "ca.pem"))
		}, "ca.pem is a named pipe, not a file"},
		{"cert in secure.yaml is a named pipe", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "clouds.yaml"), cloudsYAML)
			write(t, filepath.Join(dir, "secure.yaml"), "clouds:\n  prod:\n    cert: "+filepath.Join(dir, "c.pem")+"\n    key: "+filepath.Join(dir, "c.pem")+"\n")
			testenv.Mkfifo(t, filepath.Join(dir, "c.pem"))
		}, "c.pem is a named pipe, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err := testenv.Within(t, func() error {
				_, err := Resolve(Sources{Cloud: "prod", CloudFiles: []string{filepath.Join(dir, "clouds.yaml")}})
				return err
			})
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 50<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
		})
	}
	t.Run("a good clouds.yaml still loads", func(t *testing.T) {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "clouds.yaml"), cloudsYAML)
		r, err := Resolve(Sources{Cloud: "prod", CloudFiles: []string{filepath.Join(dir, "clouds.yaml")}})
		if err != nil || r.Credentials.Username != "u" {
			t.Fatalf("%+v, %v", r, err)
		}
	})
	t.Run("missing clouds.yaml", func(t *testing.T) {
		_, err := Resolve(Sources{Cloud: "prod", CloudFiles: []string{filepath.Join(t.TempDir(), "clouds.yaml")}})
		if err == nil || errors.Is(err, boundedread.ErrNotRegular) || !strings.Contains(err.Error(), "no clouds.yaml in") {
			t.Fatalf("error = %v", err)
		}
	})
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}
