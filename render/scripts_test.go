package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/ksboot"
	"github.com/heatconf/heatconf/internal/testenv"
)

// TestScriptsParse checks every rendered script with bash -n and the
// embedded Keystone program with Python's compiler, for every test site.
func TestScriptsParse(t *testing.T) {
	bash := testenv.Command(t, "bash", "bash")
	py := testenv.Python(t, nil)
	for name, path := range testSites(t) {
		for _, f := range renderSite(t, path, Options{}) {
			if !strings.HasSuffix(f.Path, ".sh") {
				continue
			}
			p := filepath.Join(t.TempDir(), filepath.Base(f.Path))
			if err := os.WriteFile(p, f.Data, 0o700); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(bash, "-n", p).CombinedOutput(); err != nil {
				t.Errorf("%s %s: bash -n: %v\n%s", name, f.Path, err, out)
			}
		}
	}
	src := ksboot.Program
	for _, l := range strings.Split(src, "\n") {
		if l == "HEATCONF_PY_END" || l == "HEATCONF_PLAN_END" {
			t.Fatalf("keystone_bootstrap.py has a line that ends the script's here-document: %q", l)
		}
	}
	cmd := exec.Command(py, "-c", "import sys; compile(sys.stdin.read(), 'keystone_bootstrap.py', 'exec')")
	cmd.Stdin = strings.NewReader(src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("keystone_bootstrap.py does not compile: %v\n%s", err, out)
	}
}
