package runner

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
)

var update = flag.Bool("update", false, "rewrite the expected outputs under testdata/lint/format")

func registry(t testing.TB, release string) *schema.Registry {
	t.Helper()
	reg, err := schema.Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// guide is the install guide's heat.conf, and guideName its name in the
// findings of the golden outputs: its path from package lint, whose
// tests lint it too.
const (
	guide     = "../../testdata/lint/guide.conf"
	guideName = "../testdata/lint/guide.conf"
)

// guideFindings lints the install guide's heat.conf for 2025.1, with mode
// 0640 (so file-permissions is quiet).
func guideFindings(t testing.TB) []lint.Finding {
	t.Helper()
	data, err := os.ReadFile(guide)
	if err != nil {
		t.Fatal(err)
	}
	f, err := conf.Parse(guideName, data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.Options{Registry: registry(t, "2025.1")})
	if err != nil {
		t.Fatal(err)
	}
	return l.LintModes([]*conf.File{f}, map[string]uint32{guideName: 0o640})
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/runner -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- want\n%s--- got\n%s", path, want, got)
	}
}

// TestFormats: golden output of every format for the guide's heat.conf.
func TestFormats(t *testing.T) {
	fs := guideFindings(t)
	for _, format := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, format, fs, WriteOptions{Version: "test"}); err != nil {
			t.Fatal(err)
		}
		golden(t, "../../testdata/lint/format/guide."+format, buf.String())
	}
	var decoded struct {
		Version  int              `json:"version"`
		Summary  map[string]int   `json:"summary"`
		Findings []map[string]any `json:"findings"`
	}
	var buf bytes.Buffer
	Write(&buf, "json", fs, WriteOptions{})
	if err := json.Unmarshal(buf.Bytes(), &decoded); err != nil || len(decoded.Findings) != len(fs) || decoded.Version != JSONVersion {
		t.Fatalf("json: %v, version %d, %d findings", err, decoded.Version, len(decoded.Findings))
	}
	for _, k := range []string{"file", "line", "column", "end_line", "end_column", "rule", "severity", "message"} {
		if _, ok := decoded.Findings[0][k]; !ok {
			t.Errorf("json finding lacks %q", k)
		}
	}
	if decoded.Summary["error"]+decoded.Summary["warning"]+decoded.Summary["info"] != len(fs) {
		t.Errorf("summary %v does not count %d findings", decoded.Summary, len(fs))
	}
	buf.Reset()
	if err := Write(&buf, "json", nil, WriteOptions{}); err != nil || !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("no findings in json: %q", buf.String())
	}
	if err := Write(&buf, "yaml", nil, WriteOptions{}); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestNoSecretInAnyOutput: passwords that are not common words never
// appear in any format.
func TestNoSecretInAnyOutput(t *testing.T) {
	src := "[DEFAULT]\nstack_domain_admin = heat_domain_admin\nstack_domain_admin_password = Sekr1t$Val\n" +
		"transport_url = rabbit://u:Rabb1tPw@h:5672/\nauth_encryption_key = tooShortKey # c\n" +
		"[database]\nconnection = mysql://heat:Db5ecret@db/heat\n" +
		"[keystone_authtoken]\npassword = HEAT_PASS\nmemcache_secret_key = m3mKey value # x\n"
	f, err := conf.Parse("s.conf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	l, _ := lint.New(lint.Options{Registry: registry(t, "zed")})
	fs := l.Lint([]*conf.File{f})
	for _, format := range Formats() {
		var buf bytes.Buffer
		Write(&buf, format, fs, WriteOptions{})
		for _, secret := range []string{"Sekr1t", "Rabb1tPw", "Db5ecret", "tooShortKey", "m3mKey"} {
			if strings.Contains(buf.String(), secret) {
				t.Errorf("%s output shows %q:\n%s", format, secret, buf.String())
			}
		}
	}
}

func TestTextColour(t *testing.T) {
	fs := []lint.Finding{{File: "a.conf", Line: 2, Column: 3, Rule: &lint.Rule{ID: "r"}, Severity: lint.Error, Message: "m"}}
	var plain, colour bytes.Buffer
	Write(&plain, "text", fs, WriteOptions{})
	Write(&colour, "text", fs, WriteOptions{Color: true})
	if plain.String() != "a.conf:2:3: error: m [r]\n" {
		t.Errorf("plain: %q", plain.String())
	}
	if !strings.Contains(colour.String(), "\x1b[31merror") || strings.Contains(plain.String(), "\x1b") {
		t.Errorf("colour: %q", colour.String())
	}
}
