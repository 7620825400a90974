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

// TestScriptsParse checks every rendered script with bash -n, for every test
// site, and that no line of the Keystone bootstrap program ends the script's
// here-documents early. The program itself is tested in internal/ksboot.
func TestScriptsParse(t *testing.T) {
	testenv.Oracle(t, "bash")
	bash := testenv.Command(t, "bash", "bash")
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
	for _, l := range strings.Split(ksboot.Program, "\n") {
		if l == "HEATCONF_PY_END" || l == "HEATCONF_PLAN_END" {
			t.Fatalf("keystone_bootstrap.py has a line that ends the script's here-document: %q", l)
		}
	}
}
