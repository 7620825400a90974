package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
)

func TestVersionCmd(t *testing.T) {
	r := run(t, nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.out, "heatconf ") || !strings.Contains(r.out, "\ndefault release: ") {
		t.Errorf("%d %q %q", r.code, r.out, r.err)
	}
}

// --version prints the first line of `heatconf version`; -v stays free
// for the commands' --verbose.
func TestVersionFlag(t *testing.T) {
	v := run(t, nil, "version")
	r := run(t, nil, "--version")
	first, _, _ := strings.Cut(v.out, "\n")
	if r.code != 0 || r.out != first+"\n" || !strings.HasPrefix(r.out, "heatconf ") {
		t.Errorf("--version: %d %q %q, want %q", r.code, r.out, r.err, first)
	}
	if r := run(t, nil, "-v"); r.code != exitUsage {
		t.Errorf("-v: %d %q", r.code, r.out)
	}
}

// SARIF and JSON name the tool's version, "(devel)" in a build without one.
func TestReportVersion(t *testing.T) {
	if v := reportVersion(); v == "" || strings.Contains(v, " ") {
		t.Errorf("reportVersion %q", v)
	}
	r := run(t, nil, "lint", "--format", "sarif", "--release", "zed", "../../testdata/lint/ok/kolla-zed.conf")
	if r.code != 0 || !strings.Contains(r.out, `"version": "`+reportVersion()+`"`) {
		t.Errorf("%d %s %s", r.code, r.err, r.out)
	}
}

// -X main.version and -X main.commit reach the output of a real build.
func TestVersionLdflags(t *testing.T) {
	testenv.Slow(t, "builds heatconf")
	bin := filepath.Join(t.TempDir(), "heatconf")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version=v9.8.7 -X main.commit=0a1b2c3d4e5f", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "heatconf v9.8.7 (commit 0a1b2c3d4e5f") {
		t.Errorf("%v: %s", err, out)
	}
	out, err = exec.Command(bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "heatconf v9.8.7 (commit 0a1b2c3d4e5f") {
		t.Errorf("--version: %v: %s", err, out)
	}
}
