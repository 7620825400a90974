package secretdiff

import (
	"strings"
	"testing"
)

// TestUnified: secrets are hidden on both sides by where they stand, a
// changed one is labelled, and what reaches a terminal is escaped.
func TestUnified(t *testing.T) {
	isSecret := func(group, key string) bool { return group == "cache" && key == "backend_argument" }
	tests := []struct {
		name       string
		t          Texts
		want, none []string
	}{
		{"a changed secret", Texts{Old: "[cache]\nbackend_argument = old-secret-1\n", New: "[cache]\nbackend_argument = new-secret-2\n", IsSecret: isSecret},
			[]string{"-backend_argument = ****  (masked: old)", "+backend_argument = ****  (masked: new)"}, []string{"old-secret-1", "new-secret-2"}},
		{"a secret the new side drops", Texts{Old: "[cache]\nbackend_argument = a\n  continued-secret\n", New: "[cache]\n", IsSecret: isSecret},
			[]string{"-backend_argument = ****", "-  ****"}, []string{"continued-secret"}},
		{"a text that is not heat.conf", Texts{Old: "password: x-secret\n", New: "password: y\n", Redact: func(s string) string { return strings.ReplaceAll(s, "x-secret", "****") }},
			[]string{"-password: ****"}, []string{"x-secret"}},
		{"escape sequences", Texts{OldName: "a\x1b[2J", NewName: "b", Old: "x\x1b[31m\n", New: "y\n"},
			[]string{`a\u001b[2J`, `-x\u001b[31m`}, []string{"\x1b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Unified(tt.t)
			for _, w := range tt.want {
				if !strings.Contains(d, w) {
					t.Errorf("the diff lacks %q:\n%s", w, d)
				}
			}
			for _, n := range tt.none {
				if strings.Contains(d, n) {
					t.Errorf("the diff shows %q:\n%s", n, d)
				}
			}
		})
	}
}
