package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
)

// lintOnly lints src (one heat.conf) at release with rule alone.
func lintOnly(t *testing.T, release string, rule *Rule, src string) []Finding {
	t.Helper()
	var off []string
	for _, r := range Rules() {
		if r != rule {
			off = append(off, r.ID)
		}
	}
	l, err := New(Options{Registry: registry(t, release), Disable: off})
	if err != nil {
		t.Fatal(err)
	}
	f, err := conf.Parse("heat.conf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return l.Lint([]*conf.File{f})
}

// at is "line:severity" of every finding, for comparing with a case's want.
func at(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%d:%s", f.Line, f.Severity))
	}
	return strings.Join(out, " ")
}

type classCase struct {
	name, release, src string
	want               string // at() of the findings
	has                string // a text every finding's message has ("" for none)
}

func runClassCases(t *testing.T, rule *Rule, cases []classCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := lintOnly(t, c.release, rule, c.src)
			if got := at(fs); got != c.want {
				t.Errorf("findings at %q, want %q:\n%s", got, c.want, text(fs))
			}
			for _, f := range fs {
				if c.has != "" && !strings.Contains(f.Message, c.has) {
					t.Errorf("message lacks %q: %s", c.has, f)
				}
			}
		})
	}
}

// TestKeystoneAdminPortWhateverTheHost: 35357 is judged the same for the
// guide's controller, an address, localhost and a VIP name, in a URL and in
// the legacy auth_host/auth_port form; a file kolla-ansible (up to
// Victoria) or a charm wrote gets advice, since their Keystone serves it.
func TestKeystoneAdminPortWhateverTheHost(t *testing.T) {
	url := func(host string) string {
		return "[keystone_authtoken]\nauth_type = password\nauth_url = http://" + host + ":35357\n"
	}
	runClassCases(t, ruleKeystonePort, []classCase{
		{"guide host", "2020.2", url("controller"), "3:warning", "35357"},
		{"address", "2020.2", url("10.0.44.100"), "3:warning", "whatever the host"},
		{"localhost", "2020.2", url("localhost"), "3:warning", "35357"},
		{"VIP name", "2020.2", url("vip-haproxy"), "3:warning", "35357"},
		{"upper-case name", "2020.2", url("CONTROLLER"), "3:warning", "35357"},
		{"IPv6", "2020.2", url("[2001:db8::5]"), "3:warning", "35357"},
		{"port 5000", "2020.2", url("10.0.0.5")[:0] + "[keystone_authtoken]\nauth_type = password\nauth_url = http://10.0.0.5:5000\n", "", ""},
		{"legacy auth_port", "2020.2", "[keystone_authtoken]\nauth_host = 10.240.0.10\nauth_port = 35357\nauth_protocol = http\nadmin_user = heat\n", "3:warning", "auth_port"},
		{"legacy auth_port with identity_uri (ignored, authtoken says so)", "2020.2",
			"[keystone_authtoken]\nidentity_uri = http://10.0.0.5:5000\nauth_host = 10.0.0.5\nauth_port = 35357\n", "", ""},
		{"legacy identity_uri next to auth_type (ignored, authtoken says so)", "2020.2",
			"[keystone_authtoken]\nauth_type = password\nidentity_uri = http://10.0.0.5:35357\nauth_url = http://10.0.0.5:5000\n", "", ""},
		{"kolla-ansible Victoria still serves it", "2020.2", "[DEFAULT]\nlog_dir = /var/log/kolla/heat\n" + url("10.0.0.10"), "5:info", "kolla-ansible"},
		{"kolla-ansible after Victoria does not", "2022.2", "[DEFAULT]\nlog_dir = /var/log/kolla/heat\n" + url("10.0.0.10"), "5:warning", "35357"},
		{"a charm's Keystone still serves it", "2022.2", url("10.5.0.30") + "memcached_servers = inet6:[::1]:11211\n", "3:info", "charms"},
		{"2025.2 on: gone everywhere", "2026.2", url("10.5.0.30") + "memcached_servers = inet6:[::1]:11211\n", "3:warning", "keystone-wsgi-admin was removed"},
		{"trustee and clients_keystone", "2020.2", "[trustee]\nauth_type = password\nauth_url = http://192.168.1.10:35357\n[clients_keystone]\nauth_uri = http://192.168.1.10:35357\n", "3:warning 5:warning", "35357"},
	})
}

// TestLegacyAuthNextToAuthType: keystonemiddleware reads the legacy
// admin_*/identity_uri/auth_* options only without auth_type (or its old
// name auth_plugin); next to one they are ignored, and one finding names
// every such line.
func TestLegacyAuthNextToAuthType(t *testing.T) {
	runClassCases(t, ruleAuthtoken, []classCase{
		{"identity_uri and admin_* next to auth_type", "2020.2",
			"[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nidentity_uri = http://k:35357\nadmin_tenant_name = admin\nadmin_user = admin\nadmin_password = Xq3vTb9sLk2mWp7r\nauth_type = password\n",
			"3:warning", "identity_uri, admin_tenant_name, admin_user, admin_password next to auth_type = password"},
		{"auth_protocol alone next to auth_type", "2020.2",
			"[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nauth_type = password\nauth_protocol = http\n", "4:warning", "auth_protocol"},
		{"next to the old name auth_plugin", "2020.2",
			"[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nadmin_user = heat\nadmin_password = %SERVICE_PASSWORD%\nauth_plugin = password\n", "3:warning", "ignores these"},
		{"no auth_type: the legacy plugin is used", "2020.2",
			"[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nidentity_uri = http://k:5000\nadmin_user = heat\nadmin_password = Xq3vTb9sLk2mWp7r\n", "1:warning", "legacy admin_*"},
		{"plugin options only", "2020.2",
			"[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nauth_type = password\nusername = heat\n", "", ""},
	})
}

// TestLegacyAuthFixDeletesTheIgnoredLines: the fix removes every ignored
// legacy line and nothing else.
func TestLegacyAuthFixDeletesTheIgnoredLines(t *testing.T) {
	const src = "[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nadmin_user = heat\nauth_type = password\nadmin_password = %SERVICE_PASSWORD%\nusername = heat\n"
	fs := lintOnly(t, "2020.2", ruleAuthtoken, src)
	f, err := conf.Parse("heat.conf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got, n := ApplyFixes(f, fs)
	want := "[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nauth_type = password\nusername = heat\n"
	if string(got) != want || n != 2 {
		t.Errorf("fixed (%d edits):\n%s\nwant:\n%s", n, got, want)
	}
}

// TestPlaceholderForms: the packages' %SERVICE_PASSWORD% markers and
// CHANGEME in any case are placeholders; a percent-encoded value is not.
func TestPlaceholderForms(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"%SERVICE_PASSWORD%", true},
		{"%SERVICE_TENANT_NAME%", true},
		{"%service_password%", true},
		{"ChangeMe", true},
		{"<PASSWORD>", true},
		{"HEAT_PASS", true},
		{"%%", false},
		{"%20%", false},
		{"a%b%", false},
		{"Xq3vTb9sLk2mWp7r", false},
	} {
		t.Run(c.v, func(t *testing.T) {
			if got := isPlaceholder(c.v); got != c.want {
				t.Errorf("isPlaceholder(%q) = %v, want %v", c.v, got, c.want)
			}
		})
	}
}

// TestServiceUserAdmin: Heat authenticating as admin in project admin
// (the cloud administrator keystone-manage bootstrap makes) is a finding,
// in the plugin form and the legacy one; a heat user, or admin in the
// service project, is not this rule's.
func TestServiceUserAdmin(t *testing.T) {
	runClassCases(t, ruleServiceUserAdmin, []classCase{
		{"plugin options", "2020.2", "[keystone_authtoken]\nauth_type = password\nproject_name = admin\nusername = admin\n", "4:warning", "cloud administrator"},
		{"legacy options", "2020.2", "[keystone_authtoken]\nadmin_tenant_name = admin\nadmin_user = admin\n", "3:warning", "cloud administrator"},
		{"legacy options ignored next to auth_type", "2020.2", "[keystone_authtoken]\nauth_type = password\nadmin_tenant_name = admin\nadmin_user = admin\nproject_name = service\nusername = heat\n", "", ""},
		{"heat in service", "2020.2", "[keystone_authtoken]\nauth_type = password\nproject_name = service\nusername = heat\n", "", ""},
		{"admin in service", "2020.2", "[keystone_authtoken]\nauth_type = password\nproject_name = service\nusername = admin\n", "", ""},
	})
}

// TestStackDomainAdminIsServiceUser: Heat authenticates stack_domain_admin
// in the stack domain, so the service user's name there is a finding
// (unless the service user is itself of the stack domain).
func TestStackDomainAdminIsServiceUser(t *testing.T) {
	const domain = "[DEFAULT]\nstack_user_domain_name = heat\nstack_domain_admin = %s\nstack_domain_admin_password = %s\n"
	const service = "[keystone_authtoken]\nauth_type = password\nuser_domain_name = %s\nusername = heat\npassword = Xq3vTb9sLk2mWp7r\n"
	runClassCases(t, ruleStackDomain, []classCase{
		{"service user and password", "2020.2", fmt.Sprintf(domain+service, "heat", "Xq3vTb9sLk2mWp7r", "Default"), "3:warning", "with the service user's password"},
		{"service user, own password", "2020.2", fmt.Sprintf(domain+service, "heat", "Wd5tG1rX6nBq8kLp", "Default"), "3:warning", "Heat's service user"},
		{"a user of the stack domain", "2020.2", fmt.Sprintf(domain+service, "heat_domain_admin", "Wd5tG1rX6nBq8kLp", "Default"), "", ""},
		{"the service user is of the stack domain", "2020.2", fmt.Sprintf(domain+service, "heat", "Wd5tG1rX6nBq8kLp", "heat"), "", ""},
	})
}

// TestEmptyStackDomainAtItsLine: an empty stack_user_domain_name (a
// template's missing value) is reported on its own line, a missing one at
// [DEFAULT].
func TestEmptyStackDomainAtItsLine(t *testing.T) {
	runClassCases(t, ruleStackDomain, []classCase{
		{"empty name", "2020.2", "[DEFAULT]\ndebug = false\nstack_user_domain_name =\nstack_domain_admin = heat-domain\n", "3:warning", "stack_user_domain_name is empty"},
		{"empty id", "2020.2", "[DEFAULT]\nstack_user_domain_id =\n", "2:warning", "stack_user_domain_id is empty"},
		{"missing", "2020.2", "[DEFAULT]\ndebug = false\n", "1:warning", "no stack_user_domain_name"},
	})
}

// TestGuessableAuthKey: a key of the right length that anyone can guess
// (repeated, sequential, a common word) is a warning; random keys are not.
func TestGuessableAuthKey(t *testing.T) {
	key := func(k string) string { return "[DEFAULT]\nauth_encryption_key = " + k + "\n" }
	runClassCases(t, ruleAuthEncryptionKey, []classCase{
		{"hex run twice", "2020.2", key("0123456789abcdef0123456789abcdef"), "2:warning", "consecutive characters repeated 2 times"},
		{"one character", "2020.2", key(strings.Repeat("a", 32)), "2:warning", "one character repeated"},
		{"a word repeated", "2020.2", key(strings.Repeat("heat", 8)), "2:warning", "4-character pattern repeated 8 times"},
		{"alphabet", "2020.2", key("abcdefghijklmnopqrstuvwxyz012345"), "2:warning", "a run of consecutive characters"},
		{"descending", "2020.2", key("zyxwvutsrqponmlkjihgfedcba987654"), "2:warning", "consecutive"},
		{"16, sequential", "2020.2", key("0123456789abcdef"), "2:warning", "and random"},
		{"random hex", "2020.2", key("d41f9c0b7e2a58c6f3b1e9a4d7c2085f"), "", ""},
		{"random", "2020.2", key("Ahgh7ieTh9oozaiC5pheeR4ohY3eeZah"), "", ""},
	})
}

// TestClientsHeatURL follows heat_plugin.get_heat_url: url %
// {'tenant_id': project_id}.
func TestClientsHeatURL(t *testing.T) {
	u := func(v string) string { return "[clients_heat]\nurl = " + v + "\n" }
	runClassCases(t, ruleClientsHeatURL, []classCase{
		{"no slash", "2020.2", u("http://192.168.141.10:8004/v1%(tenant_id)s"), "2:error", "no / before"},
		{"another key", "2020.2", u("http://h:8004/v1/%(project_id)s"), "2:error", "KeyError"},
		{"right", "2020.2", u("http://h:8004/v1/%(tenant_id)s"), "", ""},
		{"no key", "2020.2", u("http://h:8004/v1"), "", ""},
		{"unset", "2020.2", "[clients_heat]\nendpoint_type = publicURL\n", "", ""},
	})
}

// TestAuditMiddlewareSection: [audit_middleware_notifications] is
// keystonemiddleware's audit filter's group, read when api-paste.ini has
// the filter: advice at the header, not an unknown section, and a key the
// filter does not have is still an unknown option.
func TestAuditMiddlewareSection(t *testing.T) {
	const src = "[audit_middleware_notifications]\ndriver = log\ntopic = notifications\n"
	runClassCases(t, ruleUnknownGroup, []classCase{
		{"section", "2026.1", src, "1:info", "keystonemiddleware.audit:filter_factory"},
		{"upper case", "2026.1", "[AUDIT_MIDDLEWARE_NOTIFICATIONS]\ndriver = log\n", "1:info", "paste filter"},
	})
	runClassCases(t, ruleUnknownOption, []classCase{
		{"unknown key", "2026.1", src, "3:error", "did you mean topics?"},
		{"known keys", "2026.1", "[audit_middleware_notifications]\nuse_oslo_messaging = true\ndriver = log\ntopics = notifications\n", "", ""},
	})
}
