//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
)

// runWithin runs the command and fails the test if it blocks (testenv.Within): reading a
// named pipe or a device must fail at once, not hang.
func runWithin(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var r result
	testenv.Within(t, func() error { r = run(t, env, args...); return nil })
	return r
}

func writeFile(t *testing.T, p, data string, mode os.FileMode) string {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLintHostileFiles: lint refuses named pipes and devices at once: as a
// file to lint, with an error finding for it (exit 1; the other files are
// still linted); as --schema, with exit 3. The message names the file.
func TestLintHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := testenv.Mkfifo(t, filepath.Join(dir, "fifo.conf"))
	confDir := filepath.Join(dir, "heat.conf.d")
	if err := os.Mkdir(confDir, 0o755); err != nil {
		t.Fatal(err)
	}
	testenv.Mkfifo(t, filepath.Join(confDir, "50-pipe.conf"))
	good := writeFile(t, filepath.Join(dir, "heat.conf"), "[DEFAULT]\ndebug = true\n", 0o644)
	fifoDir := testenv.Mkfifo(t, filepath.Join(dir, "fifo.d"))
	tests := []struct {
		name string
		args []string
		code int
		want string // in the findings (exit 1) or the error (exit 3)
	}{
		{"file is a named pipe", []string{"lint", fifo}, exitFindings, fifo + " is a named pipe, not a file"},
		{"file is /dev/zero", []string{"lint", "/dev/zero"}, exitFindings, "/dev/zero is a character device, not a file"},
		{"--config-file is a named pipe", []string{"lint", "--config-file", fifo}, exitFindings, fifo + " is a named pipe, not a file"},
		{"drop-in is a named pipe", []string{"lint", confDir}, exitFindings, "50-pipe.conf is a named pipe, not a file"},
		{"--config-dir drop-in is a named pipe", []string{"lint", "--config-file", good, "--config-dir", confDir}, exitFindings, "50-pipe.conf is a named pipe, not a file"},
		{"--schema is a named pipe", []string{"lint", "--schema", fifo, good}, exitFatal, "is a named pipe, not a file"},
		{"--schema is /dev/zero", []string{"lint", "--schema", "/dev/zero", good}, exitFatal, "/dev/zero is a character device, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runWithin(t, nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.out+r.err, tt.want) {
				t.Fatalf("exit %d, output %q %q; want %d and %q", r.code, r.out, r.err, tt.code, tt.want)
			}
		})
	}
	t.Run("--config-dir that is a named pipe", func(t *testing.T) {
		// oslo.config: a --config-dir that cannot be listed has no files
		r := runWithin(t, nil, "lint", "--config-file", good, "--config-dir", fifoDir)
		if r.code == exitFatal && strings.Contains(r.err, "panic") {
			t.Fatalf("%+v", r)
		}
	})
}

// TestLintStdinTooLarge: `lint -` reads at most heat.conf's cap.
func TestLintStdinTooLarge(t *testing.T) {
	var out, errb strings.Builder
	code := Main([]string{"lint", "-"}, Streams{In: endless{}, Out: &out, Err: &errb}, func(string) (string, bool) { return "", false })
	if code != exitFatal || !strings.Contains(errb.String(), "standard input is larger than 16 MiB") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

// TestLintAliasBombFromRepoConfig: a repository's .heatconf.toml naming a
// YAML alias bomb as its schema makes plain `heatconf lint` fail at once,
// naming the file and line, in bounded memory.
func TestLintAliasBombFromRepoConfig(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		fmt.Fprintf(&b, "%s: &%s [%s]\n", name, name, strings.TrimSuffix(strings.Repeat("*"+prev+",", 10), ","))
		prev = name
	}
	b.WriteString("options:\n  DEFAULT:\n    opts:\n    - name: laughs\n      type: string\n      default: *j\n")
	writeFile(t, filepath.Join(dir, "bomb.yaml"), b.String(), 0o644)
	writeFile(t, filepath.Join(dir, ".heatconf.toml"), "schema = \"bomb.yaml\"\n", 0o644)
	conf := writeFile(t, filepath.Join(dir, "heat.conf"), "[DEFAULT]\ndebug = true\n", 0o644)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	r := runWithin(t, nil, "lint", conf)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("exit %d in %v, %d KB allocated: %s", r.code, took, alloc>>10, strings.TrimSpace(r.err))
	if r.code != exitFatal || !strings.Contains(r.err, "bomb.yaml:1:4: YAML anchor &a: anchors and aliases are not accepted") {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if alloc > 50<<20 {
		t.Errorf("allocated %d MB", alloc>>20)
	}
}

// TestLintRepoConfigIsNamedPipe: a .heatconf.toml that is a named pipe is
// refused, not waited on.
func TestLintRepoConfigIsNamedPipe(t *testing.T) {
	dir := t.TempDir()
	testenv.Mkfifo(t, filepath.Join(dir, ".heatconf.toml"))
	conf := writeFile(t, filepath.Join(dir, "heat.conf"), "[DEFAULT]\ndebug = true\n", 0o644)
	r := runWithin(t, nil, "lint", conf)
	if r.code != exitFatal || !strings.Contains(r.err, ".heatconf.toml is a named pipe, not a file") {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
}

// TestRenderHostileFiles: render fails at once, naming the site key, when a
// secret file is a named pipe; --check fails at once when an output file
// is one.
func TestRenderHostileFiles(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "init", dir); r.code != 0 {
		t.Fatal(r.err)
	}
	site := filepath.Join(dir, "site.toml")
	out := filepath.Join(dir, "out")
	if r := run(t, nil, "render", site, "--output", out); r.code != 0 {
		t.Fatal(r.err)
	}

	conf := filepath.Join(out, "heat.conf")
	os.Remove(conf)
	testenv.Mkfifo(t, conf)
	r := runWithin(t, nil, "render", site, "--output", out, "--check")
	if r.code != exitFatal || !strings.Contains(r.err, conf+" is a named pipe, not a file") {
		t.Errorf("--check with a named pipe for heat.conf: exit %d: %s", r.code, r.err)
	}

	secret := filepath.Join(dir, "secrets", "heat_password")
	os.Remove(secret)
	testenv.Mkfifo(t, secret)
	r = runWithin(t, nil, "render", site, "--output", filepath.Join(dir, "out2"))
	want := "keystone.heat_password: comes from file " + secret + ", which is not a usable secret file"
	if r.code != exitFatal || !strings.Contains(r.err, want) {
		t.Errorf("secret file is a named pipe: exit %d: %s\nwant %q", r.code, r.err, want)
	}
}

// TestProbeHostileFiles: --cacert, --cert/--key and --config that are
// named pipes or devices fail at once with exit 3, never wait for --timeout.
func TestProbeHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := testenv.Mkfifo(t, filepath.Join(dir, "fifo"))
	creds := []string{"probe", "--os-auth-url", "http://127.0.0.1:1/v3", "--os-username", "u", "--os-password", "p",
		"--os-project-name", "p", "--timeout", "30s"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"--cacert /dev/zero", []string{"--cacert", "/dev/zero"}, "reading the CA file: /dev/zero is a character device, not a file"},
		{"--cacert named pipe", []string{"--cacert", fifo}, "reading the CA file: " + fifo + " is a named pipe, not a file"},
		{"--cert named pipe", []string{"--cert", fifo, "--key", fifo}, fifo + " is a named pipe, not a file"},
		{"--config-file named pipe", []string{"--config-file", fifo}, fifo + " is a named pipe, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := runWithin(t, nil, append(append([]string{}, creds...), tt.args...)...)
			if r.code != exitFatal || !strings.Contains(r.err, tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.err, exitFatal, tt.want)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}
