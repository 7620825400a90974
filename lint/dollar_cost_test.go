package lint

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
)

// dollarFindings lints text with unescaped-dollar alone and returns its
// messages.
func dollarFindings(t *testing.T, text string) []string {
	t.Helper()
	l, err := New(Options{Registry: registry(t, "zed"), Enable: []string{"unescaped-dollar"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := conf.Parse("heat.conf", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, fd := range l.Lint([]*conf.File{f}) {
		if fd.Rule == ruleUnescapedDollar {
			out = append(out, fmt.Sprintf("%d: %s", fd.Line, fd.Message))
		}
	}
	return out
}

// chain writes n options o0 .. o(n-1), each naming the one before, o0
// naming last.
func chain(n int, last string) string {
	var b strings.Builder
	b.WriteString("[DEFAULT]\no0 = " + last + "\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "o%d = $o%d\n", i, i-1)
	}
	return b.String()
}

// TestReferenceCyclesFoundInLinearTime: cycles are reported with their
// chain as before, a chain that ends is not, and neither a chain of
// 100,000 references nor a fan of them costs more than its length (the
// search for a way back was made anew from every option: 30 s for the
// chain).
func TestReferenceCyclesFoundInLinearTime(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		count int    // findings
		want  string // in the first
	}{
		{"a cycle of three", chain(3, "$o2"), 3, "$o2 of o0 refers back to itself ([DEFAULT] o0 -> [DEFAULT] o2 -> [DEFAULT] o1 -> [DEFAULT] o0)"},
		{"a cycle of 30", chain(30, "$o29"), 30, "[DEFAULT] o29 -> [DEFAULT] o28"},
		{"a cycle longer than a chain is shown is not reported", chain(40, "$o39"), 0, ""},
		{"a chain that ends", chain(100000, "x"), 0, ""},
		{"a long chain into a short cycle", chain(100000, "$o2"), 3, "$o2 of o0 refers back to itself"},
		// past maxFindings of the rule in the file, one finding counts the rest
		{"a fan of references", fan(20000), maxFindings + 1, `"$z" of f0 is substituted by oslo.config and names no option`},
		{"a fan into a cycle", fan(400) + "z = $hub\n", 2*400 + 1, "$f0 of hub refers back to itself ([DEFAULT] hub -> [DEFAULT] f0 -> [DEFAULT] z -> [DEFAULT] hub)"},
		{"a wide fan into a cycle", fan(20000) + "z = $hub\n", -1, "$f0 of hub refers back to itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// processor time, which a busy machine barely moves: about a
			// second for the longest here, 30 s when the search was quadratic
			var got []string
			cpu, _ := testenv.Cost(t, func() { got = dollarFindings(t, tt.text) })
			if cpu > 10*time.Second {
				t.Errorf("took %v of processor time", cpu)
			}
			if tt.count < 0 {
				// beyond the bound of the searches, not every cycle is
				// found; the first are
				if len(got) < maxFindings {
					t.Fatalf("%d findings", len(got))
				}
			} else if len(got) != tt.count {
				t.Fatalf("%d findings, want %d: %.500q", len(got), tt.count, got[:min(len(got), 3)])
			}
			if tt.count != 0 && !strings.Contains(got[0], tt.want) {
				t.Errorf("first finding %q, want it to contain %q", got[0], tt.want)
			}
		})
	}
}

// fan writes a hub naming n options, each of which names z (unset unless
// the test sets it).
func fan(n int) string {
	var b strings.Builder
	b.WriteString("[DEFAULT]\nhub =")
	for i := range n {
		fmt.Fprintf(&b, " $f%d", i)
	}
	b.WriteString("\n")
	for i := range n {
		fmt.Fprintf(&b, "f%d = $z\n", i)
	}
	return b.String()
}
