package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
)

// TestFindingsOfARuleAreBounded: a file of 5,000 repeated options makes
// maxFindings findings of duplicate-option and one that counts the other
// 3,999 (as severe as the worst of them, at the first); a rule under the
// bound, in the same file, is untouched; a second file has bounds of its
// own.
func TestFindingsOfARuleAreBounded(t *testing.T) {
	l, err := New(Options{Registry: registry(t, "zed"), Enable: []string{"duplicate-option", "unknown-option"}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("[DEFAULT]\n")
	for range 5000 {
		b.WriteString("debug = true\n")
	}
	b.WriteString("no_such_option = 1\n")
	a, err := conf.Parse("a.conf", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var summary []Finding
	for _, f := range l.Lint([]*conf.File{a}) {
		count[f.Rule.ID]++
		if strings.Contains(f.Message, "more findings of this rule") {
			summary = append(summary, f)
		}
	}
	if count["duplicate-option"] != maxFindings+1 || count["unknown-option"] != 1 {
		t.Errorf("findings by rule: %v", count)
	}
	if len(summary) != 1 {
		t.Fatalf("%d counting findings", len(summary))
	}
	if s := summary[0]; s.Line != maxFindings+2 || s.Severity != Warning || s.Rule.ID != "duplicate-option" ||
		!strings.HasPrefix(s.Message, fmt.Sprintf("%d more findings of this rule in this file are not shown", 4999-maxFindings)) {
		t.Errorf("the counting finding: %+v", s)
	}
}
