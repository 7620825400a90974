package render

import (
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/envfile"
	"github.com/heatconf/heatconf/internal/ksboot"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/site"
)

const secretFreeSite = "../testdata/sites/secretfree.toml"

// TestSecretFreeHoldsNoSecret: in a secret-free render, only heat.env holds
// a secret, in any form; every other file is free of every one.
func TestSecretFreeHoldsNoSecret(t *testing.T) {
	s, err := site.Load(secretFreeSite, testEnv)
	if err != nil {
		t.Fatal(err)
	}
	files := renderSite(t, secretFreeSite, Options{})
	envs := 0
	for _, f := range files {
		isEnv := filepath.Base(f.Path) == EnvFileName
		if f.Secret != isEnv {
			t.Errorf("%s: Secret = %v", f.Path, f.Secret)
		}
		if isEnv {
			envs++
			if f.Mode != 0o600 {
				t.Errorf("%s: mode %04o", f.Path, f.Mode)
			}
			continue
		}
		for _, v := range s.SecretValues() {
			for _, form := range secret.Forms(v) {
				if len(form) >= 4 && strings.Contains(string(f.Data), form) {
					t.Errorf("%s holds a secret (as %q)", f.Path, form)
				}
			}
		}
	}
	if envs != 2 {
		t.Errorf("%d heat.env files, want one per host", envs)
	}
}

// TestSecretFreeEnvironmentGivesTheSameConfig: heat.conf with heat.env
// merged after it (oslo.config's environment source) gives every option
// the value the inline render writes.
func TestSecretFreeEnvironmentGivesTheSameConfig(t *testing.T) {
	data, err := os.ReadFile(secretFreeSite)
	if err != nil {
		t.Fatal(err)
	}
	inline := filepath.Join(t.TempDir(), "secretfree.toml")
	text := strings.Replace(string(data), `secrets = "environment"`, `secrets = "inline"`, 1)
	if err := os.WriteFile(inline, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, f := range renderSite(t, inline, Options{}) {
		want[f.Path] = f.Data
	}
	got := map[string][]byte{}
	for _, f := range renderSite(t, secretFreeSite, Options{}) {
		got[f.Path] = f.Data
	}
	for _, host := range []string{"ctl1", "ctl2"} {
		full, err := conf.Parse("inline", want[host+"/heat.conf"])
		if err != nil {
			t.Fatal(err)
		}
		free, err := conf.Parse("heat.conf", got[host+"/heat.conf"])
		if err != nil {
			t.Fatal(err)
		}
		vars, err := envfile.Parse(got[host+"/heat.env"])
		if err != nil {
			t.Fatal(err)
		}
		var cv []conf.EnvVar
		for _, v := range vars {
			cv = append(cv, conf.EnvVar(v))
		}
		merged := conf.Merge(free, conf.Environment("heat.env", got[host+"/heat.env"], cv))
		n := 0
		for _, g := range full.Groups() {
			for _, k := range full.Keys(g) {
				w, _ := full.Lookup(g, k)
				e, ok := merged.Lookup(g, k)
				if !ok || e.Value != w.Value {
					t.Errorf("%s: [%s] %s: got %v, want %q", host, g, k, e, w.Value)
				}
				n++
			}
		}
		if len(vars) != 9 {
			t.Errorf("%s: %d variables in heat.env, want 9", host, len(vars))
		}
		t.Logf("%s: %d options, %d from heat.env", host, n, len(vars))
	}
}

// TestSecretFreeScripts runs bootstrap-db.sh with a stand-in client and
// the Keystone program's heat.env reader: both get the hostile passwords
// back from heat.env.
func TestSecretFreeScripts(t *testing.T) {
	bash := testenv.Command(t, "bash", "bash")
	dir := t.TempDir()
	for _, f := range renderSite(t, secretFreeSite, Options{}) {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
	dbPassword, _ := testEnv("HEATCONF_HOSTILE")
	domainPassword, _ := testEnv("HEATCONF_HOSTILE2")

	cmd := exec.Command(bash, filepath.Join(dir, DBScriptName), "--stand-in-arg")
	cmd.Env = testenv.Env("HEATCONF_MYSQL=" + filepath.Join(dir, "client.sh"))
	stub := "#!/bin/bash\nprintf 'args: %s\\n' \"$*\"\ncat\n"
	if err := os.WriteFile(filepath.Join(dir, "client.sh"), []byte(stub), 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bootstrap-db.sh: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^SET @heatconf_db_password = CONVERT\(UNHEX\('([0-9a-f]+)'\) USING utf8mb4\);$`).FindSubmatch(out)
	if m == nil || !strings.HasPrefix(string(out), "args: --stand-in-arg\n") {
		t.Fatalf("bootstrap-db.sh gave the client:\n%s", out)
	}
	if got, _ := hex.DecodeString(string(m[1])); string(got) != dbPassword {
		t.Errorf("bootstrap-db.sh sets the password %q, want %q", got, dbPassword)
	}
	if !strings.Contains(string(out), "GRANT ALL PRIVILEGES ON `heat`.* TO 'heat'@'10.0.0.%';") {
		t.Errorf("bootstrap-db.sql did not follow:\n%s", out)
	}

	py := testenv.Python(t, nil)
	prog := filepath.Join(dir, ksboot.Name)
	if err := os.WriteFile(prog, []byte(ksboot.Program), 0o600); err != nil {
		t.Fatal(err)
	}
	check := fmt.Sprintf(`import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("kb", %q)
kb = importlib.util.module_from_spec(spec); spec.loader.exec_module(kb)
plan = {"secrets_from": {"heat_password": "OS_KEYSTONE_AUTHTOKEN__PASSWORD", "stack_domain_admin_password": "OS_DEFAULT__STACK_DOMAIN_ADMIN_PASSWORD"}}
kb.secrets_from_env_file(plan)
print(json.dumps([plan["heat_password"], plan["stack_domain_admin_password"]]))`, prog)
	cmd = exec.Command(py, "-c", check)
	cmd.Env = testenv.Env("HEATCONF_ENV_FILE=" + filepath.Join(dir, "ctl1", EnvFileName))
	out, err = cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("keystone_bootstrap.py: %v\n%s", err, out)
	}
	want := fmt.Sprintf("[%s, %s]\n", jsonString(dbPassword), jsonString(domainPassword))
	if string(out) != want {
		t.Errorf("the Keystone program reads %s, want %s", out, want)
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
