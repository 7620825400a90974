package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/site"
)

// hostile values every target must carry intact.
var hostile = []string{
	`p@ss:w/rd'"$x%;#\`,
	`$`, `$$`, `${DEFAULT.x}`, `$foo`, `a$`,
	`"quoted"`, `'single'`, `"`, `'`, `"a'`, `'b"`,
	` lead`, `trail `, "\tTab\t", ` `,
	`#not a comment`, `;nor this`, `a # b`, `x=y:z`,
	`100%`, `%(name)s`, `%2F`, `a+b c`, `?&=`, `@:/`,
	`back\slash\`, `\'`, `\$`, `a\$b`, `\$$`, `\\$x`, `$\`, `ünïcødé €`, "non\u00a0breaking\u00a0", "\u2003em",
	`[section]`, `--flag`, `-`, `~user`, "`cmd`", `$(cmd)`, `!event`, `*?[glob]`,
}

func TestINIValueTable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a$b", "a$$b"},
		{"$", "$$"},
		{" x", `" x"`},
		{"x ", `"x "`},
		{`"x"`, `""x""`},
		{`'x'`, `"'x'"`},
		{`"`, `"""`},
		{`"x'`, `"x'`},
		{"a # b", "a # b"},
		{"", ""},
		{"tab\tinside", "tab\tinside"},
		{`a\$b`, `a\\$b`}, // oslo.config turns \$ into $$ before substituting
	}
	for _, tt := range tests {
		got, err := INIValue(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("INIValue(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"a\nb", "a\rb", "a\x00b", "\x1b[31m"} {
		if _, err := INIValue(bad); err == nil {
			t.Errorf("INIValue(%q) accepted a control character", bad)
		}
	}
}

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

// TestShellWordRealShell hands every hostile value through bash and back.
func TestShellWordRealShell(t *testing.T) {
	bash := testenv.Command(t, "bash", "bash")
	var script strings.Builder
	for _, h := range append(hostile, "line\nbreak") {
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
	want := append(hostile, "line\nbreak")
	if len(got) != len(want) {
		t.Fatalf("bash printed %d words, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("shell round trip of %q gave %q", want[i], got[i])
		}
	}
}

type roundTrip struct {
	Values    map[string]string `json:"values"`
	Transport []struct {
		Hosts []struct {
			Hostname string `json:"hostname"`
			Port     int    `json:"port"`
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"hosts"`
		VirtualHost string `json:"virtual_host"`
	} `json:"transport"`
	DB []struct {
		Username string            `json:"username"`
		Password string            `json:"password"`
		Host     string            `json:"host"`
		Port     int               `json:"port"`
		Database string            `json:"database"`
		Query    map[string]string `json:"query"`
	} `json:"db"`
}

func readBack(t *testing.T, req map[string]any) roundTrip {
	t.Helper()
	py := testenv.Python(t, []string{"oslo_config", "oslo_messaging", "sqlalchemy"},
		"python3-oslo.config", "python3-oslo.messaging", "python3-sqlalchemy")
	body, _ := json.Marshal(req)
	cmd := exec.Command(py, "testdata/roundtrip.py")
	cmd.Env = testenv.Env()
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("roundtrip.py: %v\n%s", err, stderr.String())
	}
	var rt roundTrip
	if err := json.Unmarshal(out, &rt); err != nil {
		t.Fatalf("roundtrip.py output: %v", err)
	}
	return rt
}

// TestINIValueRealOsloConfig writes every hostile value with INIValue and
// reads it back through oslo.config's ConfigOpts, interpolation and all.
func TestINIValueRealOsloConfig(t *testing.T) {
	var conf strings.Builder
	conf.WriteString("[t]\n")
	keys := make([]string, len(hostile))
	for i, h := range hostile {
		keys[i] = fmt.Sprintf("v%d", i)
		v, err := INIValue(h)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&conf, "%s = %s\n", keys[i], v)
	}
	p := filepath.Join(t.TempDir(), "t.conf")
	if err := os.WriteFile(p, []byte(conf.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	rt := readBack(t, map[string]any{"conf": p, "keys": keys})
	for i, h := range hostile {
		if got := rt.Values[keys[i]]; got != h {
			t.Errorf("oslo.config read %q back as %q", h, got)
		}
	}
}

// TestURLsRealParsers builds transport_url and [database] connection with
// hostile credentials and parses them with oslo.messaging and SQLAlchemy.
func TestURLsRealParsers(t *testing.T) {
	var transports, dbs []string
	for _, h := range hostile {
		m := site.Messaging{Hosts: []string{"rabbit1:5672", "[fd00::2]"}, User: h, Password: site.NewSecret(h), VHost: h}
		u, err := transportURL(m)
		if err != nil {
			t.Fatal(err)
		}
		transports = append(transports, u)
		dbs = append(dbs, dbConnection(site.Database{Host: "db.example.net", Port: 3307, Name: "heat", User: h, Password: site.NewSecret(h)}))
	}
	rt := readBack(t, map[string]any{"transport_urls": transports, "db_urls": dbs})
	for i, h := range hostile {
		tr := rt.Transport[i]
		if len(tr.Hosts) != 2 {
			t.Fatalf("%q: oslo.messaging found %d hosts in %s", h, len(tr.Hosts), transports[i])
		}
		for _, host := range tr.Hosts {
			if host.Username != h || host.Password != h {
				t.Errorf("oslo.messaging read user %q password %q, want %q", host.Username, host.Password, h)
			}
		}
		if tr.Hosts[0].Hostname != "rabbit1" || tr.Hosts[1].Hostname != "fd00::2" || tr.Hosts[1].Port != 5672 {
			t.Errorf("oslo.messaging hosts: %+v", tr.Hosts)
		}
		if tr.VirtualHost != h {
			t.Errorf("oslo.messaging read vhost %q, want %q", tr.VirtualHost, h)
		}
		db := rt.DB[i]
		if db.Username != h || db.Password != h || db.Host != "db.example.net" || db.Port != 3307 || db.Database != "heat" {
			t.Errorf("SQLAlchemy read %+v, want user and password %q", db, h)
		}
		if db.Query["charset"] != "utf8mb4" {
			t.Errorf("SQLAlchemy query %v", db.Query)
		}
	}
}

func TestMaskerHidesEveryForm(t *testing.T) {
	secret := `p@ss:w/rd'"$x%;#\`
	m := NewMasker([]string{secret, "other-secret"})
	ini, _ := INIValue(secret)
	sql, _ := SQLString(secret)
	sh, _ := ShellWord(secret)
	js, _ := JSON(secret)
	for _, form := range []string{secret, ini, URLUserinfo(secret), sql, sh, js, "other-secret"} {
		out := m.String("before " + form + " after")
		if strings.Contains(out, "ss:w") || strings.Contains(out, "p%40ss") || strings.Contains(out, "other-secret") {
			t.Errorf("masked %q as %q", form, out)
		}
		if !strings.Contains(out, Mask) {
			t.Errorf("no mask in %q", out)
		}
	}
	if got := m.String("nothing secret"); got != "nothing secret" {
		t.Errorf("masked plain text: %q", got)
	}
}
