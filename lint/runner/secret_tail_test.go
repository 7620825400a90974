package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
)

// secretsWithTails are strong secrets with what looks like a comment in
// them (" #", " ;"), a '$' oslo.config substitutes, and characters a URL
// must encode, each in a place heatconf reports on or fixes: a password,
// a secret of the option data, the credentials of transport_url and
// [database] connection, and the rabbit_password the messaging fix puts
// into a transport_url.
var secretsWithTails = []struct{ section, line, secret string }{
	{"DEFAULT", "rabbit_password = Rq7 #vXz93LmKw2p", "Rq7 #vXz93LmKw2p"},
	{"DEFAULT", "auth_encryption_key = Kp4qQ8zWm3Xn5Rt7 ;Yv2bN6cJ9hG1", "Kp4qQ8zWm3Xn5Rt7 ;Yv2bN6cJ9hG1"},
	{"keystone_authtoken", "password = Hx8 #Tq2mWz7pLr4", "Hx8 #Tq2mWz7pLr4"},
	{"keystone_authtoken", "memcache_secret_key = Mk3 ;Yp9Rw6Vb2Qz", "Mk3 ;Yp9Rw6Vb2Qz"},
	{"database", "connection = mysql+pymysql://heat:Db4 #Zx7Qm2Wp9Kv@db.example.net/heat", "Db4 #Zx7Qm2Wp9Kv"},
	{"oslo_messaging_notifications", "transport_url = rabbit://notify:Nt5 ;vQ8Lx2kZr7J@rabbit.example.net:5672/", "Nt5 ;vQ8Lx2kZr7J"},
	{"trustee", "password = Tr5$Gk8Vq3Jm7Wx", "Tr5$Gk8Vq3Jm7Wx"},
}

// TestNoFormatPrintsASecretTail: linting (and --fix --diff of) a file whose
// secrets have " #", " ;" or '$' in them, no output format shows any part
// of a secret: not its head, not what follows the '#' (an inline-comment
// finding about a password), not the fixed lines.
func TestNoFormatPrintsASecretTail(t *testing.T) {
	var b strings.Builder
	b.WriteString("[DEFAULT]\nrpc_backend = rabbit\nrabbit_host = rabbit.example.net\nrabbit_userid = heat\n")
	section := "DEFAULT"
	for _, s := range secretsWithTails {
		if s.section != section {
			b.WriteString("[" + s.section + "]\n")
			section = s.section
		}
		b.WriteString(s.line + "\n")
	}
	b.WriteString("[trustee]\nauth_type = password\nauth_url = http://keystone.example.net:5000\nusername = heat\n")
	p := filepath.Join(t.TempDir(), "heat.conf")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{}
	for _, fix := range []bool{false, true} {
		rep, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"},
			Inputs: Inputs{Sources: []conf.Source{{ConfigFile: p}}}, Fix: fix, FixFrom: lint.Warning})
		if err != nil {
			t.Fatal(err)
		}
		name := "lint"
		if fix {
			name = "lint --fix"
			if len(rep.Fixed) != 1 {
				t.Fatalf("--fix changed %d files", len(rep.Fixed))
			}
			outputs["lint --fix --diff"] = rep.Fixed[0].Diff()
		}
		if !fix && !hasRule(rep.Findings, "inline-comment") {
			t.Fatal("no inline-comment finding to show a tail")
		}
		for _, format := range Formats() {
			var buf bytes.Buffer
			if err := Write(&buf, format, rep.Findings, WriteOptions{Version: "test"}); err != nil {
				t.Fatal(err)
			}
			outputs[name+" --format "+format] = buf.String()
		}
	}
	for name, out := range outputs {
		for _, s := range secretsWithTails {
			for i := 0; i+5 <= len(s.secret); i++ {
				if part := s.secret[i : i+5]; strings.Contains(out, part) {
					t.Errorf("%s shows %q of the secret %q:\n%s", name, part, s.secret, out)
					break
				}
			}
		}
	}
}

func hasRule(fs []lint.Finding, id string) bool {
	for _, f := range fs {
		if f.Rule.String() == id {
			return true
		}
	}
	return false
}
