package ksboot

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
)

// TestProgram runs the Python unit tests of the embedded program
// (testdata/test_keystone_bootstrap.py) against a stub Keystone: first run,
// second run, drift, API errors, masking of passwords and escaping of what
// goes into URL paths. Without python3 it skips, with CI=true it fails.
func TestProgram(t *testing.T) {
	testenv.Oracle(t, "python3")
	py := testenv.Python(t, nil)
	// go test caches a result by the files the test binary opens: read
	// the Python files here, so that changing one runs the test again
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") {
			_, err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(t.TempDir(), Name)
	if err := os.WriteFile(prog, []byte(Program), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-B", "-m", "unittest"}
	if testing.Verbose() {
		args = append(args, "-v")
	}
	cmd := exec.Command(py, append(args, "test_keystone_bootstrap")...)
	cmd.Dir = "testdata"
	cmd.Env = testenv.Env("KSBOOT_PROGRAM="+prog, "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3 -m unittest test_keystone_bootstrap: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// TestProgramIsOneFile checks what bootstrap-keystone.sh relies on: the
// program runs from a here-document as python3 /dev/fd/3, so it imports
// nothing of its own, and it starts only when run as the main program,
// with its arguments.
func TestProgramIsOneFile(t *testing.T) {
	if !strings.Contains(Program, "\nif __name__ == \"__main__\":\n    sys.exit(main(sys.argv[1:]))\n") {
		t.Error("the program does not end with the __main__ guard")
	}
	for _, l := range strings.Split(Program, "\n") {
		if strings.HasPrefix(l, "from .") || strings.HasPrefix(l, "import stub") {
			t.Errorf("the program imports a local module: %q", l)
		}
	}
}
