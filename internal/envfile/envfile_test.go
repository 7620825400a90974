package envfile

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
)

func hostile() []string {
	return append([]string{
		`pass word "quoted" 'single' $HOME ${x} %i %% # ; \ \\ ` + "`id`" + ` end\`,
		"", " ", "\t", `\`, `\n`, `\$`, `$$`, `"`, `'`,
	}, testenv.Hostile...)
}

func TestQuoteRoundTrip(t *testing.T) {
	for i, v := range hostile() {
		line, err := Line(fmt.Sprintf("OS_X__V%d", i), v)
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		vars, err := Parse([]byte("# comment\n" + line + "\n"))
		if err != nil || len(vars) != 1 {
			t.Fatalf("%q: Parse(%q) = %v, %v", v, line, vars, err)
		}
		if vars[0].Value != v || vars[0].Line != 2 || vars[0].Col != 1 {
			t.Errorf("%q written as %s reads back as %q at %d:%d", v, line, vars[0].Value, vars[0].Line, vars[0].Col)
		}
	}
}

func TestQuoteRefuses(t *testing.T) {
	for name, v := range map[string]string{"newline": "a\nb", "cr": "a\rb", "nul": "a\x00b", "utf8": "a\xffb"} {
		t.Run(name, func(t *testing.T) {
			if q, err := Quote(v); err == nil {
				t.Errorf("Quote accepted it: %s", q)
			}
		})
	}
	for _, n := range []string{"", "1X", "OS_A-B__C", "OS_A.B__C", "A B", "É"} {
		if _, err := Line(n, "v"); err == nil {
			t.Errorf("Line accepted the name %q", n)
		}
	}
}

// TestParseAsSystemd: the cases of systemd's parser that heatconf does not
// write but must read as systemd does, from its test-env-file.c.
func TestParseAsSystemd(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Var
	}{
		{"plain", "a=b\n", []Var{{"a", "b", 1, 1}}},
		{"spaces around", "  a  =   b c  \n", []Var{{"a", "b c", 1, 3}}},
		{"single quotes keep everything", `a='x "y" \z $w'`, []Var{{"a", `x "y" \z $w`, 1, 1}}},
		{"double quotes unescape four", `a="\"\\\$\` + "`" + `\x"`, []Var{{"a", `"\$` + "`" + `\x`, 1, 1}}},
		{"unquoted backslash", `a=b\ c\\d`, []Var{{"a", `b c\d`, 1, 1}}},
		{"continuation", "a=b\\\nc\nd=e", []Var{{"a", "bc", 1, 1}, {"d", "e", 3, 1}}},
		{"comments", "# x=y\n; z=w\nk=v # not a comment", []Var{{"k", "v # not a comment", 3, 1}}},
		{"quotes glue", `a='x'"y"z`, []Var{{"a", "xyz", 1, 1}}},
		{"empty", "a=\nb=''\n", []Var{{"a", "", 1, 1}, {"b", "", 2, 1}}},
		{"no equals is dropped", "justtext\na=1", []Var{{"a", "1", 2, 1}}},
		{"crlf", "a=b\r\nc=d\r\n", []Var{{"a", "b", 1, 1}, {"c", "d", 2, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Parse(%q) = %v, want %v", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseReportsDroppedLines(t *testing.T) {
	vars, err := Parse([]byte("OS_A-B__C=x\nOS_OK__D=y\nOS_BAD__E=\xff\n"))
	if err == nil || !strings.Contains(err.Error(), "line 1") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("err = %v, want lines 1 and 3 named", err)
	}
	if len(vars) != 1 || vars[0].Name != "OS_OK__D" {
		t.Errorf("vars = %v", vars)
	}
}

// TestShellReadsTheSame: bash sourcing a file Quote wrote gets the values
// systemd gets (the rendered scripts read heat.env that way).
func TestShellReadsTheSame(t *testing.T) {
	bash := testenv.Command(t, "bash", "bash")
	var b strings.Builder
	values := hostile()
	for i, v := range values {
		line, err := Line(fmt.Sprintf("V%d", i), v)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	p := filepath.Join(t.TempDir(), "x.env")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `set -eu; set -a; . "$1"; set +a; for ((i = 0; i < $2; i++)); do n=V$i; printf '%s\0' "${!n}"; done`
	out, err := exec.Command(bash, "-c", script, "bash", p, fmt.Sprint(len(values))).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(got) != len(values) {
		t.Fatalf("bash read %d values, want %d", len(got), len(values))
	}
	for i, v := range values {
		if got[i] != v {
			t.Errorf("bash reads %q as %q", v, got[i])
		}
	}
}
