package render

import (
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/secret"
)

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	new := "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\n"
	want := `--- old
+++ new
@@ -1,7 +1,7 @@
 a
 b
 c
-d
+D
 e
 f
 g
@@ -9,3 +9,4 @@
 i
 j
 k
+l
`
	if got := UnifiedDiff("old", "new", old, new); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := UnifiedDiff("a", "b", old, old); got != "" {
		t.Errorf("equal texts gave a diff: %q", got)
	}
	if got := UnifiedDiff("/dev/null", "new", "", "x\n"); got != "--- /dev/null\n+++ new\n@@ -0,0 +1 @@\n+x\n" {
		t.Errorf("creation diff: %q", got)
	}
}

func TestMaskedDiffShowsChangedSecretMasked(t *testing.T) {
	m := secret.New([]string{"new-secret"})
	got := MaskedDiff("a", "b", "[x]\npassword = old-secret\n", "[x]\npassword = new-secret\n", m.Document)
	if !strings.Contains(got, "-password = ****\n+password = ****\n") || strings.Contains(got, "secret\n") {
		t.Errorf("masked diff:\n%s", got)
	}
}
