package conf

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
)

func TestEnvName(t *testing.T) {
	tests := []struct{ group, option, want string }{
		{"", "transport_url", "OS_DEFAULT__TRANSPORT_URL"},
		{"DEFAULT", "auth_encryption_key", "OS_DEFAULT__AUTH_ENCRYPTION_KEY"},
		{"keystone_authtoken", "password", "OS_KEYSTONE_AUTHTOKEN__PASSWORD"},
		{"database", "connection", "OS_DATABASE__CONNECTION"},
		{"ec2authtoken", "auth-url", "OS_EC2AUTHTOKEN__AUTH_URL"},
	}
	for _, tt := range tests {
		if got := EnvName(tt.group, tt.option); got != tt.want {
			t.Errorf("EnvName(%q, %q) = %q, want %q", tt.group, tt.option, got, tt.want)
		}
		g, o, ok := EnvOption(tt.want)
		if wantG := NormalizeGroup(tt.group); !ok || (g != wantG && !(tt.group == "" && g == Default)) {
			t.Errorf("EnvOption(%q) = %q %q %v", tt.want, g, o, ok)
		}
	}
	for _, n := range []string{"OS_AUTH_URL", "OS___X", "OS_X__", "HOME", "OS_PASSWORD"} {
		if g, o, ok := EnvOption(n); ok {
			t.Errorf("EnvOption(%q) = %q %q, want not an option", n, g, o)
		}
	}
}

func TestEnvironmentWinsOverFiles(t *testing.T) {
	file, err := Parse("heat.conf", []byte("[DEFAULT]\ndebug = true\n[database]\nconnection = sqlite://\n"))
	if err != nil {
		t.Fatal(err)
	}
	src := []byte("# secrets\nOS_DATABASE__CONNECTION=\"mysql://h/x\"\nOS_KEYSTONE_AUTHTOKEN__PASSWORD=x\nHOME=/root\n")
	env := Environment("heat.env", src, []EnvVar{
		{Name: "OS_DATABASE__CONNECTION", Value: "mysql://h/x", Line: 2, Col: 1},
		{Name: "OS_KEYSTONE_AUTHTOKEN__PASSWORD", Value: "p$$w", Line: 3, Col: 1},
		{Name: "HOME", Value: "/root", Line: 4, Col: 1},
	})
	if !env.IsEnvironment() || file.IsEnvironment() {
		t.Error("IsEnvironment is wrong")
	}
	c := Merge(file, env)
	e, ok := c.Lookup("database", "connection")
	if !ok || e.Value != "mysql://h/x" || e.Section.File.Name != "heat.env" || e.KeyPos.Line != 2 || e.KeyPos.Col != 1 {
		t.Errorf("[database] connection = %+v", e)
	}
	if e, ok := c.Lookup("keystone_authtoken", "password"); !ok || e.Value != "p$$w" {
		t.Errorf("[keystone_authtoken] password = %+v", e)
	}
	if e, ok := c.Lookup("DEFAULT", "debug"); !ok || e.Value != "true" {
		t.Errorf("[DEFAULT] debug = %+v", e)
	}
	if got := env.Keys("DEFAULT"); len(got) != 0 {
		t.Errorf("HOME became an option: %v", got)
	}
}

// TestEnvironmentAsOsloConfig checks what Environment assumes against
// Debian's oslo.config: OS_<GROUP>__<OPTION> wins over the file, its "$"
// is substituted as in a file, and options registered with a dash in
// their name are read through the dest's name.
func TestEnvironmentAsOsloConfig(t *testing.T) {
	requireOslo(t)
	testenv.Oracle(t, "python3 with oslo.config")
	dir := t.TempDir()
	confPath := filepath.Join(dir, "heat.conf")
	if err := os.WriteFile(confPath, []byte("[DEFAULT]\nauth_encryption_key = from-file\n[keystone_authtoken]\npassword = from-file\nauth-url = from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	prog := `
import json, sys
from oslo_config import cfg
c = cfg.ConfigOpts()
c.register_opts([cfg.StrOpt("auth_encryption_key", secret=True), cfg.StrOpt("region_name_for_services")])
c.register_opts([cfg.StrOpt("password", secret=True), cfg.StrOpt("auth-url")], group="keystone_authtoken")
c(["--config-file", sys.argv[1]])
print(json.dumps([c.auth_encryption_key, c.region_name_for_services, c.keystone_authtoken.password, c.keystone_authtoken.auth_url]))
`
	want := []string{`p@ss:w/rd'"$x%;#\`, `a\$b`, "plain", "url"}
	cmd := exec.Command(python, "-c", prog, confPath)
	cmd.Env = append(pythonEnv(),
		EnvName("", "auth_encryption_key")+"="+Escape(want[0]),
		EnvName("DEFAULT", "region_name_for_services")+"="+Escape(want[1]),
		EnvName("keystone_authtoken", "password")+"="+want[2],
		EnvName("keystone_authtoken", "auth-url")+"="+want[3])
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("oslo.config reads %q from the environment, want %q", got[i], want[i])
		}
	}
}
