package escape

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
)

func TestURLUserinfoTable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"heat", "heat"},
		{"a-b.c_d~e", "a-b.c_d~e"},
		{"p@ss:w/rd", "p%40ss%3Aw%2Frd"},
		{"%", "%25"},
		{"ü", "%C3%BC"},
		{"a b+c", "a%20b%2Bc"},
	}
	for _, tt := range tests {
		if got := URLUserinfo(tt.in); got != tt.want {
			t.Errorf("URLUserinfo(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSQLStringTable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"heat", "'heat'"},
		{"it's", "'it''s'"},
		{`back\slash`, `'back\\slash'`},
		{`\'`, `'\\'''`},
		{"%_", "'%_'"},
	}
	for _, tt := range tests {
		if got, err := SQLString(tt.in); err != nil || got != tt.want {
			t.Errorf("SQLString(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := SQLString("a\x00"); err == nil {
		t.Error("SQLString accepted NUL")
	}
	if got, _ := SQLIdent("he`at"); got != "`he``at`" {
		t.Errorf("SQLIdent = %s", got)
	}
	if _, err := SQLIdent(""); err == nil {
		t.Error("SQLIdent accepted an empty name")
	}
}

func TestShellWordTable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"heat", "heat"},
		{"/etc/heat/heat.conf", "/etc/heat/heat.conf"},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"$HOME", "'$HOME'"},
	}
	for _, tt := range tests {
		if got, err := ShellWord(tt.in); err != nil || got != tt.want {
			t.Errorf("ShellWord(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := ShellWord("a\x00"); err == nil {
		t.Error("ShellWord accepted NUL")
	}
}

// TestShellWordRealShell hands every testenv.Hostile value through bash and back.
func TestShellWordRealShell(t *testing.T) {
	testenv.Oracle(t, "bash")
	bash := testenv.Command(t, "bash", "bash")
	var script strings.Builder
	for _, h := range append(testenv.Hostile, "line\nbreak") {
		w, err := ShellWord(h)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&script, "printf '%%s\\0' %s\n", w)
	}
	out, err := exec.Command(bash, "-c", script.String()).Output()
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	want := append(testenv.Hostile, "line\nbreak")
	if len(got) != len(want) {
		t.Fatalf("bash printed %d words, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("shell round trip of %q gave %q", want[i], got[i])
		}
	}
}

func TestSQLKeepsLiteralsOnTheirLine(t *testing.T) {
	got, err := SQLString("a\nb\r\x1a'\\")
	if err != nil || got != `'a\nb\r\Z''\\'` {
		t.Errorf("SQLString = %q, %v", got, err)
	}
	for _, bad := range []string{"", "a\nb", "a\x00", "a\x1b"} {
		if _, err := SQLIdent(bad); err == nil {
			t.Errorf("SQLIdent(%q) accepted it", bad)
		}
	}
}
