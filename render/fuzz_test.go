package render

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/site"
)

// fuzzBase is a valid site that uses every template branch that prints a
// value: hosts with bind addresses, memcache, TLS CA files, API options.
const fuzzBase = `release = "2025.1"
region = "RegionOne"
[keystone]
public_url = "https://keystone.example.net:5000"
internal_url = "https://keystone.int.example.net:5000/v3"
heat_password = "heat-password-1"
stack_domain_admin_password = "domain-password-2"
stack_owners = [{ user = "alice", project = "web" }]
[endpoints]
heat_public = "https://heat.example.net:8004"
cfn_public = "https://heat.example.net:8000"
[database]
host = "db.example.net"
password = "db-password-3"
tls = true
[messaging]
hosts = ["rabbit1.example.net", "[fd00::2]:5671"]
password = "rabbit-password-4"
tls = true
[memcache]
servers = ["mc1.example.net"]
secret_key = "memcache-key-5"
[heat]
auth_encryption_key = "0123456789abcdef0123456789abcdef"
api_workers = 2
[tls]
ca_file = "/etc/ssl/ca.pem"
[hosts.ctl1]
bind_host = "192.0.2.1"
`

// siteField is one string of a site that the fuzzer sets.
type siteField struct {
	key    string // the site key, e.g. "keystone.heat_password", "messaging.hosts[0]"
	secret bool
	set    func(string)
}

// siteFields lists every string field of s (secrets, list entries, the one
// host's name and bind address), by reflection so that a field added to
// the model is fuzzed too.
func siteFields(s *site.Site) []siteField {
	var out []siteField
	secretType := reflect.TypeFor[site.Secret]()
	var walk func(v reflect.Value, key string)
	walk = func(v reflect.Value, key string) {
		switch {
		case v.Type() == secretType:
			out = append(out, siteField{key, true, func(x string) { v.Set(reflect.ValueOf(site.NewSecret(x))) }})
		case v.Kind() == reflect.String:
			out = append(out, siteField{key, false, func(x string) { v.SetString(x) }})
		case v.Kind() == reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", key, i))
			}
		case v.Kind() == reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				name := strings.Split(f.Tag.Get("toml"), ",")[0]
				if !f.IsExported() || name == "" || name == "-" {
					continue
				}
				walk(v.Field(i), strings.TrimPrefix(key+"."+name, "."))
			}
		}
	}
	walk(reflect.ValueOf(s).Elem(), "")
	for k := range s.Hosts {
		for _, hf := range []string{"name", "bind_host"} {
			out = append(out, siteField{"hosts." + k + "." + hf, false, func(x string) {
				h := s.Hosts[k]
				if hf == "name" {
					h.Name = x
				} else {
					h.BindHost = x
				}
				s.Hosts[k] = h
			}})
		}
	}
	return out
}

// confReadBack says where heat.conf carries a site value as it is.
var confReadBack = map[string][][2]string{
	"region":                               {{"DEFAULT", "region_name_for_services"}, {"keystone_authtoken", "region_name"}},
	"keystone.stack_domain":                {{"DEFAULT", "stack_user_domain_name"}},
	"keystone.stack_domain_admin":          {{"DEFAULT", "stack_domain_admin"}},
	"keystone.stack_domain_admin_password": {{"DEFAULT", "stack_domain_admin_password"}},
	"heat.auth_encryption_key":             {{"DEFAULT", "auth_encryption_key"}},
	"keystone.public_url":                  {{"keystone_authtoken", "www_authenticate_uri"}},
	"keystone.internal_url":                {{"keystone_authtoken", "auth_url"}, {"trustee", "auth_url"}},
	"keystone.service_domain":              {{"keystone_authtoken", "project_domain_name"}, {"trustee", "user_domain_name"}},
	"keystone.service_project":             {{"keystone_authtoken", "project_name"}},
	"keystone.heat_user":                   {{"keystone_authtoken", "username"}, {"trustee", "username"}},
	"keystone.heat_password":               {{"keystone_authtoken", "password"}, {"trustee", "password"}},
	"memcache.secret_key":                  {{"keystone_authtoken", "memcache_secret_key"}},
	"tls.ca_file":                          {{"keystone_authtoken", "cafile"}, {"clients", "ca_file"}},
	"messaging.notifications":              {{"oslo_messaging_notifications", "driver"}},
	"messaging.ca_file":                    {{"oslo_messaging_rabbit", "ssl_ca_file"}},
	"hosts.ctl1.name":                      {{"DEFAULT", "host"}},
	"hosts.ctl1.bind_host":                 {{"heat_api", "bind_host"}, {"heat_api_cfn", "bind_host"}},
}

func fuzzSite(t testing.TB) *site.Site {
	t.Helper()
	s, err := site.Decode("/srv/sites/site.toml", []byte(fuzzBase))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Resolve(func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	return s
}

// FuzzRenderEscaping sets one string of a valid site, its file name and its
// host key to anything, renders, and checks that whatever the values, the
// outputs keep the templates' shape: heat.conf parses as oslo.config reads
// it and gives each value back where it is written as a value, comment
// lines stay one line, the SQL and the scripts gain no line, every path
// stays under the output directory; or the render is refused with an
// error that names the key (and never shows a secret).
func FuzzRenderEscaping(f *testing.F) {
	// the indexes are those of siteFields on fuzzBase
	for _, h := range hostileSiteNames {
		f.Add(h, "ctl1", uint8(1), "RegionOne")
	}
	f.Add("site.toml", "ctl1/../../..", uint8(3), "https://keystone.example.net")
	f.Add("site.toml", "ctl1", uint8(9), "heat\u2028touch PWNED")
	f.Add("s.toml", "ctl1", uint8(7), "p\x1b[2Jw")
	f.Add("s.toml", "ctl1", uint8(27), "db\npass';DROP DATABASE heat;--")
	f.Add("s.toml", "c", uint8(41), " $x\\$ \"'")
	r, err := New()
	if err != nil {
		f.Fatal(err)
	}
	benign := fuzzSite(f)
	want, err := r.Render(benign, Options{})
	if err != nil {
		f.Fatal(err)
	}
	wantByPath := map[string]File{}
	for _, w := range want {
		wantByPath[w.Path] = w
	}
	f.Fuzz(func(t *testing.T, name, hostKey string, which uint8, value string) {
		s := fuzzSite(t)
		fields := siteFields(s)
		fd := fields[int(which)%len(fields)]
		fd.set(value)
		s.Path = filepath.Join("/srv/sites", strings.ReplaceAll(name, "/", "_"))
		keyOK := hostKey != "ctl1" && hostKey != ""
		if !keyOK {
			hostKey = "ctl1"
		} else {
			s.Hosts[hostKey] = s.Hosts["ctl1"]
			delete(s.Hosts, "ctl1")
		}
		files, err := r.Render(s, Options{})
		if err != nil {
			msg := err.Error()
			// the key, or the table of a value made of several keys
			// ("database" for [database] connection)
			table := strings.Split(fd.key, ".")[0]
			named := strings.Contains(msg, strings.Split(fd.key, "[")[0]) || strings.Contains(msg, ": "+table+": ") ||
				(strings.HasPrefix(fd.key, "hosts.") && strings.Contains(msg, "hosts.")) ||
				(keyOK && strings.Contains(msg, "hosts."))
			if !named || strings.HasPrefix(msg, "BUG") {
				t.Fatalf("%s = %q: the error does not name the key: %v", fd.key, value, err)
			}
			// an error about the secret's key must not show it (another
			// key's error may happen to hold the same text)
			if fd.secret && len(value) >= 4 && strings.Contains(msg, fd.key+": ") && strings.Contains(strings.Replace(msg, fd.key, "", 1), value) {
				t.Fatalf("%s: the error shows the secret: %v", fd.key, err)
			}
			return
		}
		ref := wantByPath
		if value == "" {
			// an empty optional value leaves its lines out: compare with
			// the base site without it
			s2 := fuzzSite(t)
			siteFields(s2)[int(which)%len(fields)].set("")
			w2, err := r.Render(s2, Options{})
			if err != nil {
				t.Fatalf("%s = \"\" renders with a hostile name and host key but not without: %v", fd.key, err)
			}
			ref = map[string]File{}
			for _, w := range w2 {
				ref[w.Path] = w
			}
		}
		if len(files) != len(ref) {
			t.Fatalf("%d outputs, want %d", len(files), len(ref))
		}
		for _, g := range files {
			if err := atomicfile.CheckRel(g.Path); err != nil {
				t.Fatalf("output path: %v", err)
			}
			w, ok := ref[strings.Replace(g.Path, hostKey+"/", "ctl1/", 1)]
			if !ok || strings.Count(g.Path, "/") != strings.Count(w.Path, "/") {
				t.Fatalf("output %q is not one of the site's", g.Path)
			}
			wl, gl := strings.Split(string(w.Data), "\n"), strings.Split(string(g.Data), "\n")
			if len(wl) != len(gl) {
				t.Fatalf("%s = %q: %s has %d lines, want %d", fd.key, value, g.Path, len(gl), len(wl))
			}
			for j := range wl {
				if isCommentText(wl[j]) != isCommentText(gl[j]) || (strings.HasPrefix(wl[j], "[") && wl[j] != gl[j]) {
					t.Fatalf("%s = %q: %s line %d is %q, want the template's %q", fd.key, value, g.Path, j+1, gl[j], wl[j])
				}
			}
			if filepath.Base(g.Path) != "heat.conf" {
				if strings.ContainsRune(string(g.Data), '\r') {
					t.Fatalf("%s carries a carriage return", g.Path)
				}
				continue
			}
			cf, err := conf.Parse(g.Path, g.Data)
			if err != nil {
				t.Fatalf("%s = %q: heat.conf does not parse: %v", fd.key, value, err)
			}
			for _, at := range confReadBack[fd.key] {
				if value == "" {
					break // an empty optional value leaves its option out
				}
				e, ok := cf.Lookup(at[0], at[1])
				if !ok {
					t.Fatalf("%s: [%s] %s is missing", fd.key, at[0], at[1])
				}
				got, refs := conf.Unescape(e.Value)
				if len(refs) > 0 || got != value {
					t.Fatalf("%s = %q: [%s] %s reads back as %q (refs %v)", fd.key, value, at[0], at[1], got, refs)
				}
			}
		}
	})
}
