package site

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/schema"
)

// Secret is a value that must never be printed: a password or key. In the
// site file it is written literally or, better, as a reference:
//
//	"env:NAME"     the environment variable NAME
//	"file:PATH"    the contents of PATH (relative to the site file), with one
//	               trailing newline removed; the file must not be readable by
//	               group or others
//	"literal:TEXT" TEXT itself, for a literal value that starts with "env:"
//
// Formatting a Secret with fmt never shows the value.
type Secret struct {
	ref      string
	value    string
	resolved bool
}

// NewSecret returns a resolved secret holding value, for tests and for
// callers that build sites in memory.
func NewSecret(value string) Secret {
	return Secret{ref: "literal:" + value, value: value, resolved: true}
}

// UnmarshalText keeps the reference as written; Resolve reads it later.
func (s *Secret) UnmarshalText(b []byte) error {
	*s = Secret{ref: string(b)}
	return nil
}

// IsSet reports whether the site gave this secret at all.
func (s Secret) IsSet() bool { return s.ref != "" }

// Value is the resolved secret. It is "" before Resolve.
func (s Secret) Value() string { return s.value }

// Source describes where the secret comes from without showing it:
// `env:NAME`, `file:PATH`, or `literal value in the site file`.
func (s Secret) Source() string {
	switch {
	case s.ref == "":
		return "not set"
	case strings.HasPrefix(s.ref, "env:"), strings.HasPrefix(s.ref, "file:"):
		return s.ref
	default:
		return "literal value in the site file"
	}
}

// String masks the value.
func (s Secret) String() string { return secret.Mask }

// GoString masks the value in %#v too.
func (s Secret) GoString() string { return "site.Secret{" + secret.Mask + "}" }

// Env looks up environment variables; env.OS in production.
type Env = env.Lookup

// resolve reads the secret's reference. base is the directory that relative
// file: paths start from.
func (s *Secret) resolve(env Env, base string) error {
	ref := s.ref
	var v string
	switch {
	case ref == "":
		return errors.New("is not set")
	case strings.HasPrefix(ref, "env:"):
		name := strings.TrimPrefix(ref, "env:")
		if name == "" {
			return errors.New(`has an empty variable name: write "env:NAME"`)
		}
		val, ok := env(name)
		if !ok {
			return fmt.Errorf("comes from environment variable %s, which is not set", name)
		}
		v = val
	case strings.HasPrefix(ref, "file:"):
		p := strings.TrimPrefix(ref, "file:")
		if p == "" {
			return errors.New(`has an empty path: write "file:PATH"`)
		}
		if !filepath.IsAbs(p) && base != "" {
			p = filepath.Join(base, p)
		}
		data, err := readSecretFile(p)
		if err != nil {
			return err
		}
		v = strings.TrimSuffix(strings.TrimSuffix(data, "\n"), "\r")
	case strings.HasPrefix(ref, "literal:"):
		v = strings.TrimPrefix(ref, "literal:")
	default:
		v = ref
	}
	if v == "" {
		return fmt.Errorf("is empty (from %s)", s.Source())
	}
	if i := strings.IndexAny(v, "\x00\r\n"); i >= 0 {
		return fmt.Errorf("contains a %s (from %s): no target (heat.conf, SQL, URL, shell) can carry it", controlName(v[i]), s.Source())
	}
	s.value, s.resolved = v, true
	return nil
}

func controlName(c byte) string {
	switch c {
	case 0:
		return "NUL byte"
	case '\r':
		return "carriage return"
	default:
		return "newline"
	}
}

// readSecretFile reads a file: secret. The file is opened first and its
// mode checked on the open descriptor, so the file checked is the file read
// (a path swapped for another file or a named pipe in between cannot slip
// past the check).
func readSecretFile(p string) (string, error) {
	var readable error // the file's mode lets group or others read it
	b, err := boundedread.ReadFileChecked(p, boundedread.SecretMax, func(fi fs.FileInfo) error {
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			readable = fmt.Errorf("comes from file %s, which group or others may read (mode %04o): run chmod 600 %s", p, perm, p)
			return readable
		}
		return nil
	})
	var notRegular *boundedread.NotRegularError
	switch {
	case err == nil:
		return string(b), nil
	case readable != nil:
		return "", readable
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("comes from file %s, which does not exist", p)
	case errors.As(err, &notRegular):
		return "", fmt.Errorf("comes from %s, which is %s, not a regular file", p, notRegular.Kind)
	case errors.Is(err, boundedread.ErrTooLarge):
		return "", fmt.Errorf("comes from file %s, which is larger than %s: is it the right file?", p, boundedread.Size(boundedread.SecretMax))
	}
	return "", fmt.Errorf("comes from file %s, which cannot be read: %w", p, err)
}

// Secrets lists every secret field of the site with its key path, in a fixed
// order. Unset optional secrets are included; callers check IsSet.
func (s *Site) Secrets() []NamedSecret {
	return []NamedSecret{
		{"keystone.heat_password", &s.Keystone.HeatPassword},
		{"keystone.stack_domain_admin_password", &s.Keystone.StackDomainAdminPassword},
		{"database.password", &s.Database.Password},
		{"messaging.password", &s.Messaging.Password},
		{"memcache.secret_key", &s.Memcache.SecretKey},
		{"heat.auth_encryption_key", &s.Heat.AuthEncryptionKey},
	}
}

// NamedSecret is a secret with its key path in the site file.
type NamedSecret struct {
	Key    string
	Secret *Secret
}

// SecretValues returns every resolved secret value, for masking output:
// the site's secrets and the values of secret options in [overrides].
func (s *Site) SecretValues() []string {
	var out []string
	for _, ns := range s.Secrets() {
		if v := ns.Secret.Value(); v != "" {
			out = append(out, v)
		}
	}
	return append(out, s.overrideSecrets...)
}

// SecretKeys lists the [overrides] keys that hold secrets: the options the
// release's option data marks secret, and names that say so (see
// secret.IsKey).
func (s *Site) SecretKeys() []string { return s.overrideSecretKeys }

// isSecretOption reports whether [sec] key holds a secret: by its name, or
// by the option data of the site's release.
func (s *Site) isSecretOption(reg *schema.Registry, sec, key string) bool {
	if secret.IsKey(key) {
		return true
	}
	if reg == nil {
		return false
	}
	m, ok := reg.Lookup(sec, key, "")
	return ok && m.Option.Secret
}

// resolveOverrides reads the env: and file: references of secret options
// in [overrides] (as for the site's own secrets, so that a password need
// not stand in the site file) and notes their values and keys, so that no
// output shows them.
func (s *Site) resolveOverrides(env Env, base string) Errors {
	reg, _ := schema.EmbeddedRelease(s.rel)
	var errs Errors
	for _, sec := range sortedKeys(s.Overrides) {
		for _, key := range sortedKeys(s.Overrides[sec]) {
			if !s.isSecretOption(reg, sec, key) {
				continue
			}
			s.overrideSecretKeys = append(s.overrideSecretKeys, key)
			switch v := s.Overrides[sec][key].(type) {
			case string:
				ref := Secret{ref: v}
				if err := ref.resolve(env, base); err != nil {
					errs = append(errs, s.errAt("overrides."+sec+"."+key, err.Error(), ""))
					continue
				}
				s.Overrides[sec][key] = ref.Value()
				s.overrideSecrets = append(s.overrideSecrets, ref.Value())
			case []any:
				for _, e := range v {
					if str, ok := e.(string); ok && str != "" {
						s.overrideSecrets = append(s.overrideSecrets, str)
					}
				}
			}
		}
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ServiceNames are the names and types of Heat's two catalog services.
var ServiceNames = []string{"heat", "heat-cfn", "orchestration", "cloudformation"}

// Names lists the site's identifiers: users, projects, domains, roles,
// the region, the database and virtual host, and the service names. They
// are never secret, and a secret equal to one is weak (see secret.Weak).
func (s *Site) Names() []string {
	k := s.Keystone
	out := []string{s.Region, k.ServiceProject, k.ServiceDomain, k.HeatUser, k.StackDomain, k.StackDomainAdmin,
		k.StackUserRole, k.StackOwnerRole, s.Database.Name, s.Database.User, s.Messaging.User, s.Messaging.VHost}
	out = append(out, ServiceNames...)
	out = append(out, k.HeatRoles...)
	for _, g := range k.StackOwners {
		out = append(out, g.User, g.Project, g.Domain)
	}
	return out
}

// Redactor returns the redactor of the site's secrets, which keeps the
// site's names intact (see package internal/secret).
func (s *Site) Redactor() *secret.Redactor {
	r := secret.New(s.SecretValues(), s.Names()...)
	r.AddKeys(s.SecretKeys()...)
	return r
}
