package textdiff

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
)

// TestSameAsDiffU: on heat.conf-like edits (options changed and removed,
// sections added), the output is byte for byte that of diff -u, which
// breaks ties between equally short diffs the same way (a block of added
// or removed lines as low as it can go).
func TestSameAsDiffU(t *testing.T) {
	testenv.Oracle(t, "GNU diff")
	diff := testenv.Command(t, "diff", "diffutils")
	r := rand.New(rand.NewPCG(9, 9))
	dir := t.TempDir()
	oldPath, newPath := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	for i := range 200 {
		lines := heatConf(300)
		old := strings.Join(lines, "\n") + "\n"
		for range 1 + r.IntN(8) {
			j := r.IntN(len(lines))
			switch r.IntN(3) {
			case 0:
				lines[j] = "changed = 1"
			case 1:
				lines = append(lines[:j], lines[j+1:]...)
			case 2:
				lines = append(lines[:j], append([]string{"", "[new]", "x = 1"}, lines[j:]...)...)
			}
		}
		new := strings.Join(lines, "\n") + "\n"
		if err := os.WriteFile(oldPath, []byte(old), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(newPath, []byte(new), 0o600); err != nil {
			t.Fatal(err)
		}
		want, err := exec.Command(diff, "-u", "--label", "old", "--label", "new", oldPath, newPath).Output()
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			t.Fatalf("diff -u: %v", err)
		}
		if got := Unified("old", "new", old, new, nil); got != string(want) {
			t.Fatalf("case %d:\n%s\ndiff -u:\n%s", i, got, want)
		}
	}
}
