package probe

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/site"
)

func envOf(m map[string]string) Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

var openrc = map[string]string{
	"OS_AUTH_URL": "http://ks:5000/v3", "OS_USERNAME": "admin", "OS_PASSWORD": "env-pw", "OS_PROJECT_NAME": "admin",
	"OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "RegionTwo",
	"OS_INTERFACE": "internal", "OS_CACERT": "/env/ca.pem", "OS_IDENTITY_API_VERSION": "3",
}

const heatConfText = `[DEFAULT]
region_name_for_services = RegionOne
heat_metadata_server_url = http://ctl:8000
stack_user_domain_name = heat
stack_domain_admin = heat_domain_admin
stack_domain_admin_password = dom$$pw
host = ctl

[keystone_authtoken]
www_authenticate_uri = http://ks:5000
auth_url = http://ks:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = heat
password = heat-conf-pw
cafile = /conf/ca.pem

[trustee]
auth_type = password
auth_url = http://ks:5000
username = heat
password = heat-conf-pw
user_domain_id = defaut

[heat_api]
bind_port = 8004

[heat_api_cfn]
bind_port = 8000
`

func parseConf(t *testing.T, text string) *conf.Config {
	t.Helper()
	f, err := conf.Parse("/etc/heat/heat.conf", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return conf.Merge(f)
}

func loadSite(t *testing.T) *site.Site {
	t.Helper()
	env := map[string]string{}
	for _, k := range []string{"E2E_HEAT_PASSWORD", "E2E_DOMAIN_ADMIN_PASSWORD", "E2E_DB_PASSWORD", "E2E_RABBIT_PASSWORD", "E2E_MEMCACHE_KEY"} {
		env[k] = "secret-" + strings.ToLower(k)
	}
	env["E2E_AUTH_KEY"] = strings.Repeat("k", 32)
	s, err := site.LoadWith(filepath.Join("..", "testdata", "e2e", "site.toml"), site.Env(envOf(env)), site.Access{Env: []string{"E2E_*"}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestResolvePrecedence(t *testing.T) {
	clouds := filepath.Join(t.TempDir(), "clouds.yaml")
	if err := os.WriteFile(clouds, []byte(`clouds:
  prod:
    auth:
      auth_url: http://cloud:5000/v3
      username: cloud-user
      password: cloud-pw
      project_name: cloudproj
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionC
    interface: admin
`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		src            Sources
		user, pw, from string
		region, iface  string
		expect, cacert string
	}{
		{"openrc", Sources{Env: envOf(openrc)}, "admin", "env-pw", "OS_* environment", "RegionTwo", "internal", "the install guide's defaults", "/env/ca.pem"},
		{"flags over openrc", Sources{Env: envOf(openrc), Flags: Credentials{Username: "other"}, Region: "R9", Interface: "admin", TLS: TLS{CACert: "/flag.pem"}},
			"other", "env-pw", "OS_* environment and --os-* flags", "R9", "admin", "the install guide's defaults", "/flag.pem"},
		{"heat.conf over openrc", Sources{Env: envOf(openrc), HeatConf: parseConf(t, heatConfText), ConfPath: "/etc/heat/heat.conf"},
			"heat", "heat-conf-pw", "/etc/heat/heat.conf [keystone_authtoken]", "RegionTwo", "internal", "/etc/heat/heat.conf", "/env/ca.pem"},
		{"heat.conf alone", Sources{HeatConf: parseConf(t, heatConfText), ConfPath: "/etc/heat/heat.conf"},
			"heat", "heat-conf-pw", "/etc/heat/heat.conf [keystone_authtoken]", "RegionOne", "public", "/etc/heat/heat.conf", "/conf/ca.pem"},
		{"--os-cloud over heat.conf", Sources{Cloud: "prod", CloudFiles: []string{clouds}, HeatConf: parseConf(t, heatConfText)},
			"cloud-user", "cloud-pw", `clouds.yaml cloud "prod"`, "RegionC", "admin", "heat.conf", ""},
		{"OS_CLOUD", Sources{Env: envOf(map[string]string{"OS_CLOUD": "prod"}), CloudFiles: []string{clouds}},
			"cloud-user", "cloud-pw", `clouds.yaml cloud "prod"`, "RegionC", "admin", "the install guide's defaults", ""},
		{"site alone", Sources{Site: loadSite(t)}, "heat", "secret-e2e_heat_password", "site file (user heat)", "RegionOne", "public", "site ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Resolve(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			c := r.Credentials
			if c.Username != tt.user || c.Password != tt.pw || c.Source != tt.from || r.Region != tt.region || r.Interface != tt.iface ||
				!strings.HasPrefix(r.Expect.Source, tt.expect) || r.TLS.CACert != tt.cacert {
				t.Errorf("got user %q pw %q from %q, region %q interface %q, expect %q, cacert %q",
					c.Username, c.Password, c.Source, r.Region, r.Interface, r.Expect.Source, r.TLS.CACert)
			}
			for _, s := range []string{tt.pw} {
				if !slices.Contains(r.Secrets, s) {
					t.Errorf("secret %q not listed for masking", s)
				}
			}
		})
	}
	if _, err := Resolve(Sources{}); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("no sources: %v", err)
	}
	if _, err := Resolve(Sources{Cloud: "nope", CloudFiles: []string{clouds}}); err == nil || !strings.Contains(err.Error(), `cloud "nope"`) {
		t.Errorf("unknown cloud: %v", err)
	}
}

func TestHeatConfExpectation(t *testing.T) {
	r, err := Resolve(Sources{HeatConf: parseConf(t, heatConfText), ConfPath: "/etc/heat/heat.conf"})
	if err != nil {
		t.Fatal(err)
	}
	x := r.Expect
	if x.StackDomainAdminPassword != "dom$pw" || x.StackDomain != "heat" || x.StackDomainAdmin != "heat_domain_admin" ||
		x.WWWAuthenticateURI != "http://ks:5000" || x.HeatAPIPort != 8004 || x.CfnPort != 8000 || x.Strict ||
		x.CloudformationURLs["public"] != "http://ctl:8000/v1" || x.HeatUser != "heat" || x.ServiceProject != "service" {
		t.Errorf("expectation %+v", x)
	}
	if x.Trustee == nil || x.Trustee.UserDomainID != "defaut" || x.Trustee.AuthURL != "http://ks:5000/v3" {
		t.Errorf("trustee %+v", x.Trustee)
	}
	if r.Credentials.AuthURL != "http://ks:5000/v3" {
		t.Errorf("auth URL %q", r.Credentials.AuthURL)
	}
	if !slices.Contains(r.Secrets, "dom$pw") || !slices.Contains(r.Secrets, "heat-conf-pw") {
		t.Errorf("secrets %v", len(r.Secrets))
	}
	// a token-only auth_type cannot be used; a dangling $ref is reported
	if _, err := Resolve(Sources{HeatConf: parseConf(t, "[keystone_authtoken]\nauth_type = v3token\n")}); err == nil || !strings.Contains(err.Error(), "password credentials only") {
		t.Errorf("v3token: %v", err)
	}
	if _, err := Resolve(Sources{HeatConf: parseConf(t, "[keystone_authtoken]\npassword = $nothere\n")}); err == nil || !strings.Contains(err.Error(), "$nothere") {
		t.Errorf("dangling ref: %v", err)
	}
}

// TestEC2AuthCredentials: [ec2authtoken] credentials found as keystoneauth
// finds them: auth_type, its deprecated name auth_plugin, or in the
// section auth_section names.
func TestEC2AuthCredentials(t *testing.T) {
	for _, tc := range []struct {
		name, extra string
		want        bool
	}{
		{"none", "", false},
		{"auth_type", "[ec2authtoken]\nauth_type = password\n", true},
		{"auth_plugin", "[ec2authtoken]\nauth_plugin = password\n", true},
		{"in its auth_section", "[ec2authtoken]\nauth_section = keystone_authtoken\n", true},
		{"an auth_section without credentials", "[ec2authtoken]\nauth_section = nothing_here\n", false},
		{"auth_section over auth_type", "[ec2authtoken]\nauth_type = password\nauth_section = nothing_here\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Resolve(Sources{HeatConf: parseConf(t, heatConfText+tc.extra), ConfPath: "/etc/heat/heat.conf"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Expect.EC2AuthCredentials != tc.want {
				t.Errorf("EC2AuthCredentials %v, want %v", r.Expect.EC2AuthCredentials, tc.want)
			}
		})
	}
}

func TestSiteExpectation(t *testing.T) {
	x := ExpectFromSite(loadSite(t))
	if !x.Strict || x.OrchestrationURLs["admin"] != "http://127.0.0.1:8004/v1/%(tenant_id)s" || x.CloudformationURLs["internal"] != "http://127.0.0.1:8000/v1" ||
		x.Release != "zed" || x.StackDomainAdminPassword != "secret-e2e_domain_admin_password" || len(x.StackOwners) != 1 ||
		x.WWWAuthenticateURI != "http://127.0.0.1:5000" || !strings.Contains(x.PasswordSource, "env:E2E_DOMAIN_ADMIN_PASSWORD") {
		t.Errorf("%+v", x)
	}
}

// TestInsecureNamed: whatever turns certificate verification off, the
// resolved TLS says so and names it for the warning -- clouds.yaml's
// verify: false included.
func TestInsecureNamed(t *testing.T) {
	dir := t.TempDir()
	verifyOff := filepath.Join(dir, "off.yaml")
	verifyOn := filepath.Join(dir, "on.yaml")
	write(t, verifyOff, cloudsYAML+"    verify: false\n")
	write(t, verifyOn, cloudsYAML+"    verify: true\n")
	tests := []struct {
		name string
		src  Sources
		want string
	}{
		{"clouds.yaml verify: false", Sources{Cloud: "prod", CloudFiles: []string{verifyOff}}, `clouds.yaml cloud "prod" has verify: false`},
		{"clouds.yaml verify: true", Sources{Cloud: "prod", CloudFiles: []string{verifyOn}}, ""},
		{"--insecure over clouds.yaml", Sources{Cloud: "prod", CloudFiles: []string{verifyOff}, TLS: TLS{Insecure: true}}, "--insecure"},
		{"OS_INSECURE", Sources{Env: envOf(map[string]string{"OS_AUTH_URL": "http://ks/v3", "OS_INSECURE": "true"})}, "OS_INSECURE"},
		{"heat.conf", Sources{HeatConf: parseConf(t, heatConfText+"\n[keystone_authtoken]\ninsecure = true\n")},
			"heat.conf's [keystone_authtoken] insecure"},
		{"none", Sources{Env: envOf(openrc)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Resolve(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if r.InsecureFrom != tt.want || r.TLS.Insecure != (tt.want != "") {
				t.Errorf("InsecureFrom %q, TLS.Insecure %v; want %q", r.InsecureFrom, r.TLS.Insecure, tt.want)
			}
		})
	}
}
