package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/env"
)

const minimal = `release = "zed"
[keystone]
public_url = "http://keystone:5000"
heat_password = "env:HEATCONF_HP"
stack_domain_admin_password = "env:HEATCONF_DP"
[endpoints]
heat_public = "http://heat:8004"
cfn_public = "http://heat:8000"
[database]
host = "db"
password = "env:HEATCONF_DBP"
[messaging]
hosts = ["rabbit"]
password = "env:HEATCONF_RP"
[heat]
auth_encryption_key = "env:HEATCONF_AK"
`

var goodEnv = env.Map(map[string]string{"HEATCONF_HP": "h", "HEATCONF_DP": "d", "HEATCONF_DBP": "db", "HEATCONF_RP": "r", "HEATCONF_AK": "0123456789abcdef0123456789abcdef"})

func TestMinimalSiteDefaults(t *testing.T) {
	s, err := Decode("site.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Resolve(goodEnv); err != nil {
		t.Fatal(err)
	}
	checks := map[string][2]string{
		"region":          {s.Region, "RegionOne"},
		"internal_url":    {s.Keystone.InternalURL, "http://keystone:5000"},
		"heat_internal":   {s.Endpoints.HeatInternal, "http://heat:8004"},
		"heat_admin":      {s.Endpoints.HeatAdmin, "http://heat:8004"},
		"cfn_admin":       {s.Endpoints.CfnAdmin, "http://heat:8000"},
		"stack_domain":    {s.Keystone.StackDomain, "heat"},
		"db name":         {s.Database.Name, "heat"},
		"vhost":           {s.Messaging.VHost, "/"},
		"heat password":   {s.Keystone.HeatPassword.Value(), "h"},
		"allowed_hosts":   {strings.Join(s.Database.AllowedHosts, ","), "%,localhost"},
		"notifications":   {s.Messaging.Notifications, "noop"},
		"stack_user_role": {s.Keystone.StackUserRole, "heat_stack_user"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

// TestDecodeErrors: each bad site gives an error naming the key, the line
// it is on (the line of src that contains at) and what to do.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, from, to, at, want string
	}{
		{"typo with did-you-mean", `password = "env:HEATCONF_DBP"`, `pasword = "env:HEATCONF_DBP"`, "pasword",
			`database.pasword: unknown key "pasword" in [database]; did you mean "password"?`},
		{"case differs", `password = "env:HEATCONF_DBP"`, `Password = "env:HEATCONF_DBP"`, "Password",
			`database.Password: unknown key "Password" in [database]; did you mean "password"?`},
		{"unknown table", "[heat]", "[databse]\nx = 1\n[heat]", "[databse]", `databse: unknown key "databse"; did you mean "database"?`},
		{"port range", `host = "db"`, "host = \"db\"\nport = 70000", "port", `database.port: is 70000, must be at most 65535`},
		{"port type", `host = "db"`, "host = \"db\"\nport = \"3306\"", "port", `database.port: incompatible types`},
		{"bad url", `public_url = "http://keystone:5000"`, `public_url = "keystone:5000"`, "public_url", `keystone.public_url: "keystone:5000" is not a usable URL`},
		{"base url with path", `heat_public = "http://heat:8004"`, `heat_public = "http://heat:8004/v1"`, "heat_public", `endpoints.heat_public: "http://heat:8004/v1" is not a usable URL: must have no path; give scheme, host and port only`},
		{"unknown release", `release = "zed"`, `release = "mitaka"`, "release", `release: unknown release "mitaka" (known: 2020.2 (victoria, Heat 15.0.0)`},
		{"notifications", `hosts = ["rabbit"]`, "hosts = [\"rabbit\"]\nnotifications = \"log\"", "notifications", `messaging.notifications: is "log", must be one of: noop, messagingv2`},
		{"duplicate rabbit", `hosts = ["rabbit"]`, `hosts = ["r:5672", "r:5672"]`, "hosts", `messaging.hosts: lists the same entry twice`},
		{"bad hostport", `hosts = ["rabbit"]`, `hosts = ["fd00::1:5672"]`, "hosts", `write an IPv6 address in brackets`},
		{"memcache without key", "[heat]", "[memcache]\nservers = [\"m\"]\n[heat]", "[memcache]", `memcache.secret_key: is required when memcache servers are set`},
		{"missing secret", `auth_encryption_key = "env:HEATCONF_AK"`, `engine_workers = 2`, "[heat]", `heat.auth_encryption_key: is required; write the value, or better a reference`},
		{"toml syntax", "[heat]", "[heat\n", "[heat", `expected '.' or ']' to end table name`},
		{"override newline", "[heat]", "[overrides.DEFAULT]\nx = \"a\\nb\"\n[heat]", "x = ", `overrides.DEFAULT.x: a heat.conf value cannot hold a newline`},
		{"override nested", "[heat]", "[overrides.DEFAULT]\nx = {a = 1}\n[heat]", "x = ", `overrides.DEFAULT.x: a value must be a string, number, boolean or list; {} removes the key`},
		{"hosts same bind", "[heat]", "[hosts.a]\nbind_host = \"10.0.0.1\"\n[hosts.b]\nbind_host=\"10.0.0.1\"\n[heat]", "bind_host=", `hosts.b.bind_host: bind_host 10.0.0.1 is also the bind_host of host "a"`},
		{"bind not ip", "[heat]", "[hosts.a]\nbind_host = \"ctl1\"\n[heat]", "bind_host", `hosts.a.bind_host: "ctl1" is not an IP address`},
		{"region with slash", `release = "zed"`, "release = \"zed\"\nregion = \"R1/../projects\"", "region",
			`region: "R1/../projects" is not a usable region ID`},
		{"region dot dot", `release = "zed"`, "release = \"zed\"\nregion = \"..\"", "region", `region: ".." is not a usable region ID`},
		{"region space", `release = "zed"`, "release = \"zed\"\nregion = \"Region One\"", "region", `region: "Region One" is not a usable region ID`},
		{"owner grant", "[heat]", "[[keystone.stack_owners]]\nuser = \"demo\"\n[heat]", "[[keystone.stack_owners]]", `keystone.stack_owners[0].project: is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(minimal, tt.from) {
				t.Fatalf("minimal has no %q", tt.from)
			}
			src := strings.Replace(minimal, tt.from, tt.to, 1)
			_, err := Decode("site.toml", []byte(src))
			if err == nil {
				t.Fatalf("no error for:\n%s", src)
			}
			line := 0
			for i, l := range strings.Split(src, "\n") {
				if strings.Contains(l, tt.at) {
					line = i + 1
					break
				}
			}
			prefix := fmt.Sprintf("site.toml:%d:", line)
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error:\n%v\nwant it to start with %s and contain:\n%s", err, prefix, tt.want)
			}
		})
	}
}

func TestErrorsCarryAllProblems(t *testing.T) {
	src := minimal + "[overrides.DEFAULT]\nok = 1\n" + "[tls]\ncafile = \"/x\"\n"
	src = strings.Replace(src, "host = \"db\"", "hots = \"db\"", 1)
	_, err := Decode("s.toml", []byte(src))
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	if es[0].Line != 10 || es[1].Line != 20 {
		t.Errorf("lines %d, %d; want 10, 20 (in file order)", es[0].Line, es[1].Line)
	}
}

func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("good", "from-file\n", 0o600)
	tests := []struct {
		ref, env, want, err string
	}{
		{ref: "env:HEATCONF_HP", env: "secret", want: "secret"},
		{ref: "file:good", want: "from-file"},
		{ref: "file:" + filepath.Join(dir, "good"), want: "from-file"},
		{ref: "literal:env:HP", want: "env:HP"},
		{ref: "plain words", want: "plain words"},
		{ref: "env:HEATCONF_NOPE", err: "heat_password: comes from environment variable HEATCONF_NOPE, which is not set or does not hold one non-empty line of UTF-8 text without NUL"},
		{ref: "env:", err: `has an empty variable name`},
		{ref: "env:HEATCONF_HP", env: "a\x00b", err: "comes from environment variable HEATCONF_HP, which is not set or does not hold one"},
		{ref: "env:HEATCONF_HP", env: "", err: "comes from environment variable HEATCONF_HP, which is not set or does not hold one"},
		{ref: "env:HEATCONF_HP", env: "caf\xe9", err: "comes from environment variable HEATCONF_HP, which is not set or does not hold one"},
		{ref: "literal:a\u0085b\nc", err: "is not a usable secret (from literal value in the site file): a secret is one non-empty line of UTF-8 text without NUL"},
	}
	for _, tt := range tests {
		src := strings.Replace(minimal, `heat_password = "env:HEATCONF_HP"`, `heat_password = "`+strings.ReplaceAll(tt.ref, "\n", `\n`)+`"`, 1)
		s, err := Decode(filepath.Join(dir, "site.toml"), []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		e := map[string]string{"HEATCONF_DP": "d", "HEATCONF_DBP": "db", "HEATCONF_RP": "r", "HEATCONF_AK": "0123456789abcdef0123456789abcdef"}
		if tt.ref == "env:HEATCONF_HP" {
			e["HEATCONF_HP"] = tt.env
		}
		err = s.Resolve(env.Map(e))
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.ref, err)
		case tt.err == "" && s.Keystone.HeatPassword.Value() != tt.want:
			t.Errorf("%s: value %q, want %q", tt.ref, s.Keystone.HeatPassword.Value(), tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want %q", tt.ref, err, tt.err)
		case tt.err != "" && !strings.Contains(err.Error(), ":4:1: keystone.heat_password: "):
			t.Errorf("%s: error does not name the line and field: %v", tt.ref, err)
		}
	}
}

func TestSecretNeverFormats(t *testing.T) {
	s := NewSecret("hunter2")
	for _, out := range []string{s.String(), s.GoString(), strings.TrimSpace(fmtAll(s))} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("secret printed: %s", out)
		}
	}
}

func TestAuthKeyLength(t *testing.T) {
	s, err := Decode("site.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Resolve(env.Map(map[string]string{"HEATCONF_HP": "h", "HEATCONF_DP": "d", "HEATCONF_DBP": "db", "HEATCONF_RP": "r", "HEATCONF_AK": "short"}))
	if err == nil || !strings.Contains(err.Error(), "site.toml:16:1: heat.auth_encryption_key: must be exactly 32 printable ASCII characters;") || strings.Contains(err.Error(), "5") {
		t.Errorf("short key: %v", err)
	}
}

func TestExampleSiteIsValid(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "secrets"), 0o700)
	for _, n := range ExampleSecretFiles() {
		v, err := GeneratePassword(32)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "secrets", n), []byte(v), 0o600)
	}
	p := filepath.Join(dir, "site.toml")
	os.WriteFile(p, ExampleTOML, 0o644)
	if _, err := Load(p, env.None); err != nil {
		t.Fatal(err)
	}
}

func TestKeyIndex(t *testing.T) {
	src := "a = 1\n[t]\nb = \"\"\"\nx = 2\n\"\"\"\nc = [\n 1,\n 2,\n]\n\"d.e\" = 3\n[[arr]]\nk = 1\n[[arr]]\nk = 2\n[m.n]\n  o = 'p'\n"
	idx := indexKeys(src)
	want := map[string]int{"a": 1, "t": 2, "t.b": 3, "t.c": 6, "t.d.e": 10, "arr[0]": 11, "arr[0].k": 12, "arr[1].k": 14, "m.n.o": 16}
	for k, line := range want {
		if p, ok := idx[k]; !ok || p.line != line {
			t.Errorf("%s: %v, want line %d", k, p, line)
		}
	}
	if _, ok := idx["t.x"]; ok {
		t.Error("a key inside a multi-line string was indexed")
	}
}

func TestCounted(t *testing.T) {
	one := &Error{File: "s.toml", Line: 1, Msg: "a"}
	two := Errors{one, {File: "s.toml", Line: 2, Msg: "b"}}
	other := errors.New("reading site file: nope")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"several", two, "2 problems in the site file:\n" + two.Error()},
		{"one in a list", Errors{one}, Errors{one}.Error()},
		{"one", one, one.Error()},
		{"another error", other, other.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Counted(tt.err).Error(); got != tt.want {
				t.Errorf("Counted = %q; want %q", got, tt.want)
			}
		})
	}
}
