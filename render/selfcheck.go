package render

import (
	"fmt"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/site"
)

// selfCheck reads a rendered heat.conf back with conf, the reader that sees
// files as oslo.config does, and fails when it would not give Heat what the
// site says: a parse error, an option written twice, or a secret that does
// not come back as itself. It guards the templates and the escaping.
func selfCheck(name string, data []byte, s *site.Site) error {
	f, err := conf.Parse(name, data)
	if err != nil {
		return fmt.Errorf("BUG: rendered %s does not parse as oslo.config reads it: %v", name, err)
	}
	for _, g := range f.Groups() {
		for _, k := range f.Keys(g) {
			if n := len(f.Values(g, k)); n > 1 {
				return fmt.Errorf("BUG: rendered %s sets [%s] %s %d times", name, g, k, n)
			}
		}
	}
	want := []struct {
		group, key string
		secret     site.Secret
	}{
		{"DEFAULT", "stack_domain_admin_password", s.Keystone.StackDomainAdminPassword},
		{"DEFAULT", "auth_encryption_key", s.Heat.AuthEncryptionKey},
		{"keystone_authtoken", "password", s.Keystone.HeatPassword},
		{"trustee", "password", s.Keystone.HeatPassword},
		{"keystone_authtoken", "memcache_secret_key", s.Memcache.SecretKey},
	}
	for _, w := range want {
		e, ok := f.Lookup(w.group, w.key)
		if !ok {
			continue // removed by an override, or not used by this site
		}
		got, refs := conf.Unescape(e.Value)
		if len(refs) > 0 || got != w.secret.Value() {
			return fmt.Errorf("BUG: rendered %s: [%s] %s would not read back as the site's secret (%s)",
				name, w.group, w.key, w.secret.Source())
		}
	}
	return nil
}
