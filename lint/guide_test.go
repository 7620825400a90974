package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
)

const guide = "../testdata/lint/guide.conf"

// TestGuide: the install guide's heat.conf, everything it gets wrong, each
// on its line (shared/mission.md lists them).
func TestGuide(t *testing.T) {
	fs := lintFile(t, guide, "2025.1", 0o640)
	golden(t, "../testdata/lint/guide.out", text(fs))
	want := []struct {
		line int
		rule *Rule
		has  string
	}{
		// the pre-Stein messaging block is one finding: at rpc_backend,
		// the rabbit_* lines its related locations
		{2, ruleRemovedOption, "rpc_backend"},
		{13, ruleRemovedOption, "rabbit_host"},
		{14, ruleRemovedOption, "rabbit_userid"},
		{15, ruleRemovedOption, "rabbit_password"},
		{2, ruleRemovedOption, "transport_url = rabbit://openstack"},
		{18, ruleDeprecatedOption, "auth_uri"},
		{20, ruleDeprecatedOption, "auth_plugin"},
		{28, ruleDeprecatedOption, "auth_plugin"},
		{19, ruleKeystonePort, "35357"},
		{29, ruleKeystonePort, "35357"},
		{32, ruleDomainID, "defaut"},
		{1, ruleAuthEncryptionKey, "auth_encryption_key"},
		{25, ruleWeakPassword, "user name heat"},
		{6, ruleWeakPassword, "user name heat_domain_admin"},
	}
	for _, w := range want {
		found := false
		for _, f := range fs {
			if f.Rule == w.rule && strings.Contains(f.Message, w.has) && (f.Line == w.line || relatedTo(f, w.line)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s finding on line %d mentioning %q", w.rule, w.line, w.has)
		}
	}
	for _, f := range fs {
		if f.Rule == ruleTransportURL || f.Rule == ruleRemovedOption {
			if !strings.Contains(f.Message+f.FixText, "transport_url") {
				t.Errorf("%s does not say what to write: %s", f.Rule, f)
			}
		}
	}
}

func relatedTo(f Finding, line int) bool {
	for _, r := range f.Related {
		if r.File == f.File && r.Line == line {
			return true
		}
	}
	return false
}

// TestGuideFix: --fix turns the guide's heat.conf into one without the
// messaging, deprecation, port and domain id findings, and real oslo.config
// reads every option the fixes did not touch with the same value.
func TestGuideFix(t *testing.T) {
	testenv.Oracle(t, "python3 with oslo.config")
	src, err := os.ReadFile(guide)
	if err != nil {
		t.Fatal(err)
	}
	data := src
	for pass := 0; pass < 3; pass++ {
		f, err := conf.Parse("heat.conf", data)
		if err != nil {
			t.Fatalf("pass %d: the fixed file does not parse: %v\n%s", pass, err, data)
		}
		l, _ := New(Options{Registry: registry(t, "2025.1")})
		fixed, n := ApplyFixes(f, l.Lint([]*conf.File{f}))
		if n == 0 {
			break
		}
		data = fixed
	}
	f, err := conf.Parse("heat.conf", data)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := New(Options{Registry: registry(t, "2025.1")})
	for _, fd := range l.Lint([]*conf.File{f}) {
		switch fd.Rule {
		case ruleRemovedOption, ruleDeprecatedOption, ruleKeystonePort, ruleDomainID, ruleTransportURL, ruleKeystoneURLMismatch:
			t.Errorf("left after --fix: %s", fd)
		}
	}
	if !bytes.Contains(data, []byte("transport_url = rabbit://openstack:openstack@172.21.70.22:5672/\n")) {
		t.Errorf("no transport_url composed from the rabbit_* options:\n%s", data)
	}
	for _, want := range []string{"www_authenticate_uri = http://172.21.70.22:5000\n", "auth_url = http://172.21.70.22:5000\n", "user_domain_id = default\n", "auth_type = password\n"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("fixed file lacks %q", want)
		}
	}
	// every comment and untouched line stays as it was
	for _, line := range []string{"[clients_keystone]", "heat_metadata_server_url = http://172.21.70.22:8000", "[ec2authtoken]", "project_name = service"} {
		if !bytes.Contains(data, []byte(line+"\n")) {
			t.Errorf("fixed file lost %q", line)
		}
	}
	compareWithOslo(t, src, data)
}

// compareWithOslo reads both files with real oslo.config and checks that
// every (group, key) the fixes did not touch has the same values.
func compareWithOslo(t *testing.T, before, after []byte) {
	py := testenv.Python(t, []string{"oslo_config"}, "python3-oslo.config")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "before.conf"), filepath.Join(dir, "after.conf")
	os.WriteFile(a, before, 0o600)
	os.WriteFile(b, after, 0o600)
	script := `
import json, sys
from oslo_config import cfg
out = []
for path in sys.argv[1:]:
    sections = {}
    cfg.ConfigParser(path, sections).parse()
    out.append({g: {k: v for k, v in kv.items()} for g, kv in sections.items()})
print(json.dumps(out))
`
	cmd := exec.Command(py, "-c", script, a, b)
	cmd.Env = testenv.Env()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oslo.config: %v", err)
	}
	var got []map[string]map[string][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	touched := map[string]bool{
		"DEFAULT/rpc_backend": true, "DEFAULT/transport_url": true,
		"oslo_messaging_rabbit/rabbit_host": true, "oslo_messaging_rabbit/rabbit_userid": true, "oslo_messaging_rabbit/rabbit_password": true,
		"keystone_authtoken/auth_uri": true, "keystone_authtoken/www_authenticate_uri": true, "keystone_authtoken/auth_url": true,
		"keystone_authtoken/auth_plugin": true, "keystone_authtoken/auth_type": true,
		"trustee/auth_plugin": true, "trustee/auth_type": true, "trustee/auth_url": true, "trustee/user_domain_id": true,
	}
	for g, kv := range got[0] {
		for k, v := range kv {
			if touched[g+"/"+k] {
				continue
			}
			if w := got[1][g][k]; strings.Join(w, "\x00") != strings.Join(v, "\x00") {
				t.Errorf("oslo.config reads [%s] %s as %q after the fixes, %q before", g, k, w, v)
			}
		}
	}
	if got[1]["DEFAULT"]["transport_url"] == nil {
		t.Error("oslo.config finds no transport_url in the fixed file")
	}
}

func TestSuppression(t *testing.T) {
	src := "[DEFAULT]\n# heatconf: ignore=limits\nmax_resources_per_stack = 0\nmax_stacks_per_tenant = 0\n# heatconf: ignore=all\ndeferred_auth_method = password\n"
	f, _ := conf.Parse("s.conf", []byte(src))
	l, _ := New(Options{Registry: registry(t, "zed"), Disable: []string{"transport-url", "auth-encryption-key", "stack-domain", "database-connection", "authtoken", "trustee", "memcache"}})
	fs := l.Lint([]*conf.File{f})
	if len(fs) != 1 || fs[0].Line != 4 {
		t.Errorf("want only the finding on line 4:\n%s", text(fs))
	}
}

func TestUnknownRuleIDs(t *testing.T) {
	if _, err := New(Options{Registry: registry(t, "zed"), Disable: []string{"no-such-rule"}}); err == nil || !strings.Contains(err.Error(), "unknown rule") {
		t.Errorf("disable of an unknown rule: %v", err)
	}
	if _, err := New(Options{}); err == nil {
		t.Error("a linter without a registry")
	}
}

func TestApplyFixesKeepsLines(t *testing.T) {
	src := "# top\r\n[DEFAULT]\r\nlog-file = x\r\n\r\n; tail comment\r\n"
	f, _ := conf.Parse("c.conf", []byte(src))
	fs := []Finding{{File: "c.conf", Fix: &Fix{Edits: []Edit{{File: "c.conf", First: 3, Last: 3, Lines: []string{"log_file = x"}}}}}}
	out, n := ApplyFixes(f, fs)
	if n != 1 || string(out) != "# top\r\n[DEFAULT]\r\nlog_file = x\r\n\r\n; tail comment\r\n" {
		t.Errorf("%d %q", n, out)
	}
	// an insertion and a deletion next to each other both apply; overlapping edits do not
	fs = []Finding{
		{File: "c.conf", Fix: &Fix{Edits: []Edit{{File: "c.conf", First: 3, Last: 2, Lines: []string{"a = 1"}}}}},
		{File: "c.conf", Fix: &Fix{Edits: []Edit{{File: "c.conf", First: 3, Last: 3}}}},
		{File: "c.conf", Fix: &Fix{Edits: []Edit{{File: "c.conf", First: 3, Last: 3, Lines: []string{"clash"}}}}},
	}
	out, n = ApplyFixes(f, fs)
	if n != 2 || string(out) != "# top\r\n[DEFAULT]\r\na = 1\r\n\r\n; tail comment\r\n" {
		t.Errorf("%d %q", n, out)
	}
}
