package secret

import (
	"strings"
	"sync"
	"testing"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/output"
)

func TestIsKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"password", true},
		{"stack_domain_admin_password", true},
		{"rabbit-password", true},
		{"passphrase", true},
		{"memcache_secret_key", true},
		{"auth_encryption_key", true},
		{"key", true},
		{"admin_token", true},
		{"token", true},
		{"OS_PASSWORD", true},
		{"application_credential_secret", true},
		{"username", false},
		{"token_cache_time", false},
		{"keyfile", false},
		{"ssl_key_file", false},
		{"connection", false},
		{"transport_url", false},
		{"keystone_authtoken", false},
		{"region_name", false},
	} {
		if got := IsKey(tc.name); got != tc.want {
			t.Errorf("IsKey(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWeak(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		names       []string
		want        string // a fragment of the reason; "" for strong
	}{
		{"lab heat", "heat", nil, "common"},
		{"lab admin", "admin", nil, "common"},
		{"common long", "openstack", nil, "common"},
		{"common mixed case", "PassWord", nil, "common"},
		{"short", "x7#kQ", nil, "shorter than 8"},
		{"word and digits", "cloud1234", nil, "common word with digits"},
		{"word, digits, mark", "Password123!", nil, "common word with digits"},
		{"user name", "heat_domain_admin", []string{"heat_domain_admin"}, "name heat_domain_admin"},
		{"user name case", "Service-Project", []string{"service-project"}, "name"},
		{"guide placeholder", "HEAT_DBPASS", nil, "placeholder"},
		{"angle placeholder", "<service_password>", nil, "placeholder"},
		{"jinja placeholder", "{{ heat_keystone_password }}", nil, "placeholder"},
		{"upper but random", "Q7XK2M9WZ4", nil, ""},
		{"strong", "Tr0ub4dor&3-horse", []string{"heat"}, ""},
		{"eight runes", "ünïcødé€", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Weak(tc.value, tc.names...)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("Weak(%q, %q) = %q, want %q", tc.value, tc.names, got, tc.want)
			}
		})
	}
}

func TestRedactorHidesEveryForm(t *testing.T) {
	hostile := `p@ss:w/rd'"$x%;#\`
	r := New([]string{hostile, "other-secret-value"})
	sql, _ := escape.SQLString(hostile)
	sh, _ := escape.ShellWord(hostile)
	js, _ := output.CompactJSON(hostile)
	jsh, _ := escape.ShellWord(js)
	for _, form := range []string{hostile, escape.Subst(hostile), escape.URLUserinfo(hostile), sql, sh, js, jsh, "other-secret-value"} {
		for _, redact := range []func(string) string{r.Message, r.Document} {
			out := redact("before " + form + " after")
			if strings.Contains(out, "ss:w") || strings.Contains(out, "p%40ss") || strings.Contains(out, "other-secret") {
				t.Errorf("redacted %q as %q", form, out)
			}
			if !strings.Contains(out, Mask) {
				t.Errorf("no mask in %q", out)
			}
		}
	}
	if got := r.Message("nothing secret"); got != "nothing secret" {
		t.Errorf("redacted plain text: %q", got)
	}
}

// TestRedactorKeepsIdentifiers is the lab case: passwords equal to common
// words or to user names must not turn identifiers into stars.
func TestRedactorKeepsIdentifiers(t *testing.T) {
	r := New([]string{"heat", "admin", "password", "heat_domain_admin"}, "heat_domain_admin")
	for _, s := range []string{
		"heat-engines    ok   2 heat-engine workers up",
		"the endpoints match /etc/heat/heat.conf",
		"# TYPE heatconf_probe_healthy gauge",
		`{"id":"heat-api-healthcheck","check":"keystone-admin-user"}`,
		"refuses heat_domain_admin's password",
	} {
		if got := r.Message(s); got != s {
			t.Errorf("Message(%q) = %q", s, got)
		}
	}
}

func TestRedactorAddConcurrent(t *testing.T) {
	r := New(nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Add("gAAAAAtoken-" + strings.Repeat("x", i+8))
			_ = r.Message("token gAAAAAtoken-xxxxxxxx")
		}()
	}
	wg.Wait()
	if got := r.Message("token gAAAAAtoken-xxxxxxxx end"); got != "token **** end" {
		t.Errorf("Message = %q", got)
	}
	var nilR *Redactor
	if got := nilR.Message("u://a:b@h"); got != "u://a:****@h" {
		t.Errorf("nil Redactor: %q", got)
	}
}

func TestStructure(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"ini", "password = hunter2", "password = ****"},
		{"ini no spaces", "rabbit_password=x", "rabbit_password=****"},
		{"token", "admin_token = t0k", "admin_token = ****"},
		{"diff removed", "-password = old", "-password = ****"},
		{"diff added", "+memcache_secret_key = new", "+memcache_secret_key = ****"},
		{"diff context", " auth_encryption_key = k", " auth_encryption_key = ****"},
		{"multi-host url", "transport_url = rabbit://u:p@h:5672,u:q@h2/", "transport_url = rabbit://u:****@h:5672,u:****@h2/"},
		{"sql", "IDENTIFIED BY 'a''b';", "IDENTIFIED BY '****';"},
		{"json", `{"heat_password":"x","user":"heat"}`, `{"heat_password":"****","user":"heat"}`},
		{"json spaced", `{"password": "x\"y"}`, `{"password": "****"}`},
		{"user kept", "username = heat", "username = heat"},
		{"strategy kept", "memcache_security_strategy = ENCRYPT", "memcache_security_strategy = ENCRYPT"},
		{"path kept", "ssl_key_file = /etc/heat/key.pem", "ssl_key_file = /etc/heat/key.pem"},
		{"hunk header kept", "@@ -1,3 +1,4 @@", "@@ -1,3 +1,4 @@"},
		{"value with space", "stack_domain_admin_password=x y", "stack_domain_admin_password=****"},
		{"encoded url password", "transport_url = rabbit://u:p%40@h:5672,u:p@h2/", "transport_url = rabbit://u:****@h:5672,u:****@h2/"},
		{"database url", "connection = mysql+pymysql://heat:pw@db/heat", "connection = mysql+pymysql://heat:****@db/heat"},
		{"sql escapes", "CREATE USER 'heat'@'%' IDENTIFIED BY 'a''b\\'c';", "CREATE USER 'heat'@'%' IDENTIFIED BY '****';"},
		{"empty value", "password =", "password ="},
		{"at in a url password", "transport_url = rabbit://u:p@ss@h/", "transport_url = rabbit://u:****@h/"},
		{"query after the hosts kept", "url = http://h/x?u=a:b@c", "url = http://h/x?u=a:b@c"},
		{"several urls over lines", "a = http://u:p@h/\nb = rabbit://v:q@g,w:r@k/", "a = http://u:****@h/\nb = rabbit://v:****@g,w:****@k/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Structure(tc.in); got != tc.want {
				t.Errorf("Structure(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := URLCredentials("see mysql+pymysql://heat:s3cret@db/heat now"); got != "see mysql+pymysql://heat:****@db/heat now" {
		t.Errorf("URLCredentials: %q", got)
	}
}

func TestMaskLine(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"password", "password = s3cret", "password = ****"},
		{"colon and quotes", "  admin_password: 'x y'", "  admin_password: ****"},
		{"no key", "= orphan", "= ****"},
		{"transport url keeps host", "transport_url = rabbit://u:p@h/", "transport_url = rabbit://u:****@h/"},
		{"urls anywhere", "foo http://u:p@h/ and ftp://a:b@c", "foo http://u:****@h/ and ftp://a:****@c"},
		{"at in path", "url = http://h/path@x", "url = http://h/path@x"},
		{"every host of a transport url", "transport_url = rabbit://u:p@h1,v:q@h2/", "transport_url = rabbit://u:****@h1,v:****@h2/"},
		{"at in the password", "transport_url = rabbit://u:p@ss@h/", "transport_url = rabbit://u:****@h/"},
		{"python space around a secret value", "password =\x1c s3cret\x1f", "password =\x1c ****\x1f"},
		{"user", "user = heat", "user = heat"},
		{"no delimiter", "no delimiter", "no delimiter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _, _ := MaskLine(tc.in, 0, 0); got != tc.want {
				t.Errorf("MaskLine(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	// the span maps onto the masked text
	line := "see http://u:s3cretvalue@h/ here"
	got, a, b := MaskLine(line, strings.Index(line, "here"), len(line))
	if got[a:b] != "here" {
		t.Errorf("span maps to %q in %q", got[a:b], got)
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"password = x", "rabbit://u:p@h,v:q@g/", `{"password":"x"}`, "IDENTIFIED BY 'x'", "heat"} {
		f.Add(s, "s3cr3t-value")
	}
	f.Fuzz(func(t *testing.T, text, sec string) {
		r := New([]string{sec})
		out := r.Document(text)
		_ = r.Message(text)
		if Weak(sec) == "" && strings.Contains(out, sec) && !strings.Contains(strings.ReplaceAll(text, sec, ""), sec) {
			// a strong secret survives only where removing it from the
			// input would not remove it (it is made by masking itself)
			if !strings.Contains(Mask, sec) {
				t.Errorf("Document(%q) kept %q: %q", text, sec, out)
			}
		}
		m, a, b := MaskLine(text, 0, len(text))
		if a < 0 || b > len(m) || a > b {
			t.Errorf("MaskLine(%q) span [%d,%d) outside %q", text, a, b, m)
		}
	})
}
