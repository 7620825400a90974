package probe

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// sampleReport has one check of each verdict, with details and hints.
func sampleReport() *Report {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	return &Report{
		StartedAt: time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC),
		Duration:  ms(10234),
		Target: Target{AuthURL: "http://127.0.0.1:5000/v3", Region: "RegionOne", Interface: "public", User: "heat (domain Default)",
			Project: "service (domain Default)", Credentials: "/etc/heat/heat.conf [keystone_authtoken]", Expectation: "site site.toml"},
		Checks: []Result{
			{ID: IDKeystoneDiscovery, Title: "Keystone answers version discovery with v3", Verdict: OK, Duration: ms(12),
				Message: "Keystone at http://127.0.0.1:5000/ offers identity v3.14 (CURRENT)"},
			{ID: IDKeystoneToken, Title: "a project-scoped v3 token is issued", Verdict: OK, Duration: ms(95), Needs: []string{IDKeystoneDiscovery},
				Message: "token for user heat in project service (roles: admin); catalog of 3 services"},
			{ID: IDCatalogURLs, Title: "endpoint URLs are the expected ones", Verdict: Fail, Duration: ms(0),
				Needs:   []string{IDCatalogOrchestration, IDCatalogCloudform},
				Message: "orchestration public is http://127.0.0.1:9999/v1/3f2a, site site.toml says http://127.0.0.1:8004/v1/%(tenant_id)s",
				Hint:    "the catalog drifted from the site: run the rendered bootstrap-keystone.sh again | or: openstack endpoint set --url 'http://127.0.0.1:8004/v1/%(tenant_id)s' 9c1e"},
			{ID: IDHeatUser, Title: "the heat service user exists", Verdict: Error, Duration: ms(20), Needs: []string{IDKeystoneToken},
				Message: "could not check: looking up the heat user is not allowed for the probing user (HTTP 403 from GET http://127.0.0.1:5000/v3/users: You are not authorized)",
				Hint:    "probe with admin credentials, or heat's own (--config-file /etc/heat/heat.conf)"},
			{ID: IDHeatEngines, Title: "every heat-engine reports up", Verdict: Warn, Duration: ms(41), Needs: []string{IDHeatAPIVersions},
				Message: "1 heat-engine worker up on ctl1, 1 down",
				Hint:    "rows of engine workers that are gone stay down until 'heat-manage service clean'",
				Details: []string{"ctl1 engine 1a2b: up, last report 3s ago (report interval 5s)", "ctl1 engine 9f8e: down, last report 2m0s ago (report interval 5s)"}},
			{ID: IDStackCreate, Title: "a tiny stack is created and deleted", Verdict: Skip, Message: "not asked for: add --create-stack"},
			{ID: "label\"with\\odd\nchars", Title: "escaping", Verdict: OK, Duration: ms(1), Message: "multi\nline\tmessage"},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./probe/ -run TestFormats -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./probe/ -run TestFormats -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		format string
		opts   FormatOptions
		file   string
	}{
		{"table", FormatOptions{TTY: true}, "table-tty.txt"},
		{"table", FormatOptions{TTY: true, Color: true}, "table-tty-color.txt"},
		{"text", FormatOptions{}, "table-piped.txt"},
		{"json", FormatOptions{}, "report.json"},
		{"nagios", FormatOptions{}, "nagios.txt"},
		{"prometheus", FormatOptions{}, "prometheus.prom"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := NewFormatter(tt.format, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := f.Write(&b, sampleReport()); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
	if _, err := NewFormatter("xml", FormatOptions{}); err == nil || !strings.Contains(err.Error(), "text, json, nagios, prometheus") {
		t.Errorf("unknown format: %v", err)
	}
}

// The text format carries the same facts piped as on a terminal: the
// header, every check, what to do and the summary; only colour differs.
func TestTextSameFactsPiped(t *testing.T) {
	write := func(o FormatOptions) string {
		f, err := NewFormatter("text", o)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := f.Write(&b, sampleReport()); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	piped, tty, color := write(FormatOptions{}), write(FormatOptions{TTY: true}), write(FormatOptions{TTY: true, Color: true})
	if piped != tty {
		t.Errorf("piped text differs from the terminal's:\n--- piped\n%s\n--- terminal\n%s", piped, tty)
	}
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(color, "")
	if strings.Join(strings.Fields(plain), " ") != strings.Join(strings.Fields(tty), " ") {
		t.Errorf("the coloured text says something else:\n%s", plain)
	}
	for _, want := range []string{"Probing ", "CHECK", "What to do:", sampleReport().Summary()} {
		if !strings.Contains(piped, want) {
			t.Errorf("piped text lacks %q", want)
		}
	}
}

// The JSON document decodes into its documented fields.
func TestJSONFields(t *testing.T) {
	var b bytes.Buffer
	f, _ := NewFormatter("json", FormatOptions{})
	if err := f.Write(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "status", "healthy", "exit_code", "started_at", "duration_seconds", "target", "summary", "checks"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q", k)
		}
	}
	if doc["status"] != "fail" || doc["exit_code"].(float64) != 1 || doc["healthy"] != false {
		t.Errorf("status %v exit %v healthy %v", doc["status"], doc["exit_code"], doc["healthy"])
	}
	c := doc["checks"].([]any)[2].(map[string]any)
	for _, k := range []string{"id", "title", "verdict", "duration_seconds", "message", "hint", "needs"} {
		if _, ok := c[k]; !ok {
			t.Errorf("check has no %q", k)
		}
	}
}

// TestFormatsEscapeControls: what a server sends (an error body, an engine
// host name) cannot reach the terminal as escape sequences, bidirectional
// overrides or extra lines in the formats meant for people.
func TestFormatsEscapeControls(t *testing.T) {
	hostile := "\x1b[2J\x1b]0;pwned\x07 host\u202egnp.exe\r\nFAKE OK line \x9b31m"
	r := sampleReport()
	r.Target.User = hostile
	for i := range r.Checks {
		r.Checks[i].Message, r.Checks[i].Hint = hostile, hostile
		r.Checks[i].Details = []string{hostile}
	}
	for _, name := range []string{"table", "nagios"} {
		for _, tty := range []bool{false, true} {
			var b bytes.Buffer
			fm, _ := NewFormatter(name, FormatOptions{TTY: tty})
			if err := fm.Write(&b, r); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, bad := range []string{"\x1b", "\x07", "\u202e", "\r", "\x9b"} {
				if strings.Contains(out, bad) {
					t.Errorf("%s (tty %v) lets %q through:\n%q", name, tty, bad, out)
				}
			}
			if strings.Contains(out, "\nFAKE OK") {
				t.Errorf("%s (tty %v): the server's text starts a line of its own", name, tty)
			}
		}
	}
}
