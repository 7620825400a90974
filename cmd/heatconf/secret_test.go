package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/secret"
)

// TestNoCommandPrintsASecret runs every output path of every command that
// can meet a secret (render: --check --diff, --stdout of each file and its
// messages; lint: every format, --fix --diff and --site; probe: every
// format) twice: with production-like random secrets, and with lab
// passwords that are common words and user names ("heat", "admin",
// "openstack"). No form of a random secret may appear, and the two runs
// must print the same text, line for line, except weak-password findings:
// so no lab password reaches the output either, and masking mangles no
// identifier (heat-engines, [heat_api], /etc/heat, metric names).
func TestNoCommandPrintsASecret(t *testing.T) {
	closed := closedLoopbackPort(t)
	variants := []struct {
		name    string
		secrets map[string][2]string // file -> value before, value after a change
	}{
		{"random", map[string][2]string{
			"heat_password":              {"Vb7#q2Lx-9mZ!rT4$", "Hq8@zX3-vN5!bW1&"},
			"heat_domain_admin_password": {"k3P$wN8e_Yq1&uJ6", "m2R%tV6y+Lp9^kQ4"},
			"heat_db_password":           {"Zr5^cM0t+Hs8=pD2'x", "Jd4*gF7w=Bn3~sA9"},
			"rabbit_password":            {"Qe1!uK9o@Wz6%rY3", "Tc5&hP2i$Mx8#vE7"},
			"memcache_secret_key":        {"Gy7(nL4b)Sf0*aU8", "Ek3{oR6c}Dj1[wI5"},
			"auth_encryption_key":        {"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"},
		}},
		{"lab", map[string][2]string{
			"heat_password":              {"heat", "admin"},
			"heat_domain_admin_password": {"heat", "heat_domain_admin"},
			"heat_db_password":           {"heat", "password"},
			"rabbit_password":            {"openstack", "guest"},
			"memcache_secret_key":        {"admin", "secret"},
			"auth_encryption_key":        {"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"},
		}},
	}
	outputs := map[string]map[string]string{}
	for _, v := range variants {
		dir := t.TempDir()
		if r := run(t, nil, "init", dir); r.code != 0 {
			t.Fatalf("init: %+v", r)
		}
		setSecrets := func(i int) {
			for name, vals := range v.secrets {
				if err := os.WriteFile(filepath.Join(dir, "secrets", name), []byte(vals[i]+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		site, out := filepath.Join(dir, "site.toml"), filepath.Join(dir, "out")
		setSecrets(0)
		got := map[string]string{}
		record := func(name string, args ...string) {
			r := run(t, nil, args...)
			text := fmt.Sprintf("exit %d\n%s\n--- stderr\n%s", r.code, r.out, r.err)
			got[name] = strings.NewReplacer(dir, "DIR", closed, "PORT").Replace(text)
		}
		record("render", "render", site, "--output", out)
		// heat.conf for lint and probe: one mechanical fix, Keystone on a closed loopback port
		confData, err := os.ReadFile(filepath.Join(out, "heat.conf"))
		if err != nil {
			t.Fatal(err)
		}
		local := strings.ReplaceAll(string(confData), "controller.example.net", "127.0.0.1")
		local = strings.ReplaceAll(local, "127.0.0.1:5000", "127.0.0.1:"+closed)
		local += "\n[paste_deploy]\nflavor = keystone\napi_paste_config = api-paste.ini\n[keystone_authtoken]\nauth_uri = https://127.0.0.1:" + closed + "\n"
		heatConf := filepath.Join(dir, "heat.conf")
		if err := os.WriteFile(heatConf, []byte(local), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"heat.conf", "bootstrap-db.sql", "bootstrap-keystone.sh", "install-heat.sh"} {
			record("render --stdout "+f, "render", site, "--stdout", f)
		}
		for _, format := range []string{"text", "json", "sarif", "github"} {
			// weak-password findings differ between the variants by design
			record("lint "+format, "lint", "--format", format, "--disable", "weak-password", heatConf)
			record("lint --site "+format, "lint", "--format", format, "--disable", "weak-password", "--site", site)
		}
		record("lint --fix --diff", "lint", "--fix", "--diff", heatConf)
		for _, format := range []string{"text", "json", "nagios", "prometheus"} {
			record("probe "+format, "probe", "--format", format, "--config-file", heatConf, "--site", site, "--timeout", "5s")
		}
		setSecrets(1)
		record("render --check --diff", "render", site, "--output", out, "--check", "--diff")
		outputs[v.name] = got

		if v.name == "random" {
			for cmd, text := range got {
				for _, vals := range v.secrets {
					for _, val := range vals {
						for _, form := range secret.Forms(val) {
							if strings.Contains(text, form) {
								t.Errorf("%s prints the secret %q as %q:\n%s", cmd, val, form, text)
							}
						}
					}
				}
			}
		}
	}
	for cmd, random := range outputs["random"] {
		lab := outputs["lab"][cmd]
		rl, ll := keptLines(random), keptLines(lab)
		if rl != ll {
			t.Errorf("%s prints differently with lab passwords:\n--- random\n%s\n--- lab\n%s", cmd, rl, ll)
		}
	}
	if !strings.Contains(outputs["random"]["render --check --diff"], "-password = ****") {
		t.Errorf("render --diff shows no changed password line:\n%s", outputs["random"]["render --check --diff"])
	}
	// the appended auth_uri is shadowed by the rendered www_authenticate_uri
	// (a file's own name beats a deprecated one): the fix deletes it
	if !strings.Contains(outputs["random"]["lint --fix --diff"], "-auth_uri = https://127.0.0.1:PORT") {
		t.Errorf("lint --fix --diff shows no fix:\n%s", outputs["random"]["lint --fix --diff"])
	}
}

// keptLines drops what differs by design: the times of probe reports, and
// which of the Keystone bootstrap plan's passwords are strong.
func keptLines(s string) string {
	s = strongRE.ReplaceAllString(s, `"strong_secrets":[...]`)
	return timesRE.ReplaceAllString(s, "T")
}

var strongRE = regexp.MustCompile(`"strong_secrets":\[[^\]]*\]`)

// timesRE matches the times a probe report carries.
var timesRE = regexp.MustCompile(`"heatconf/v1": "[0-9a-f]+:\d+"|\b\d+\.\d+\b|\d{4}-\d\d-\d\dT[0-9:.]+Z|\d+(\.\d+)?(s|ms|µs)\b|"duration_seconds": [0-9.e-]+|heatconf_probe_[a-z_]+seconds[^\n]* [0-9.e+-]+|heatconf_probe_last_run_timestamp[^\n]*`)

// closedLoopbackPort returns a loopback port nothing listens on.
func closedLoopbackPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port
}
