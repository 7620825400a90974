package site

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/schema"
)

// Secret is a value that must never be printed: a password or key. In the
// site file it is written literally or, better, as a reference:
//
//	"env:NAME"     the environment variable NAME, which must start with
//	               EnvPrefix unless the operator allows it (Access)
//	"file:PATH"    the contents of PATH (relative to the site file), with one
//	               trailing newline removed; the file must lie in the site
//	               file's directory tree unless the operator allows another
//	               (Access), and must not be readable by group or others
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
// file: paths start from, the site file's; a lets the operator widen what
// a reference may read (see Access).
//
// A failure names the reference, never what was found: whether a file
// exists, its mode or size, whether a variable is set, how long a value is
// or what is wrong with it. A site file may come from a pull request, and
// its CI log must not become a way to learn the runner's files or
// environment. The message lists what a usable secret is instead.
func (s *Secret) resolve(env Env, base string, a Access) error {
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
		if CheckEnvName(name) != nil || strings.HasSuffix(name, "*") {
			return fmt.Errorf("names %s, which is not an environment variable name (letters, digits and _)", escape.Printable(name))
		}
		if !a.envAllowed(name) {
			return fmt.Errorf("names the environment variable %s, which a site file may not read: name one that starts with %s, or allow it on the command line with --allow-env %s",
				name, EnvPrefix, name)
		}
		val, _ := env(name)
		if !usable(val) {
			return fmt.Errorf("comes from environment variable %s, which is not set or does not hold %s", name, usableRule)
		}
		v = val
	case strings.HasPrefix(ref, "file:"):
		p := strings.TrimPrefix(ref, "file:")
		if p == "" {
			return errors.New(`has an empty path: write "file:PATH"`)
		}
		root, rel, ok := a.secretRoot(base, p)
		if !ok {
			dir := base
			if dir == "" {
				dir = "."
			}
			return fmt.Errorf("comes from file %s, which is outside the site file's directory %s: heatconf reads file: secrets there, or in a directory given with --secrets-dir",
				escape.Printable(p), escape.Printable(dir))
		}
		if !filepath.IsAbs(p) && base != "" {
			p = filepath.Join(base, p)
		}
		p, root = escape.Printable(p), escape.Printable(root)
		data, err := readSecretFile(root, rel)
		v = strings.TrimSuffix(strings.TrimSuffix(data, "\n"), "\r")
		if err != nil || !usable(v) {
			return fmt.Errorf("comes from file %s, which is not a usable secret file: one must be a regular file under %s, not readable by group or others (chmod 600), of at most %s, holding %s (which of these fails is not said: a site file must not learn what this machine holds)",
				p, root, boundedread.Size(boundedread.SecretMax), usableRule)
		}
	case strings.HasPrefix(ref, "literal:"):
		v = strings.TrimPrefix(ref, "literal:")
	default:
		v = ref
	}
	if !usable(v) {
		return fmt.Errorf("is not a usable secret (from %s): a secret is %s", s.Source(), usableRule)
	}
	s.value, s.resolved = v, true
	return nil
}

// usableRule says what usable accepts. No target (heat.conf, SQL, URL,
// shell) can carry NUL, carriage return or newline, and invalid UTF-8 in
// an SQL string can end it under a multi-byte client character set.
const usableRule = "one non-empty line of UTF-8 text without NUL"

// usable reports whether v can be a secret in every target heatconf
// writes it to.
func usable(v string) bool {
	return v != "" && !strings.ContainsAny(v, "\x00\r\n") && utf8.ValidString(v)
}

// readSecretFile reads a file: secret, rel inside the directory root (not
// leaving it, through ".." or a symbolic link: see os.Root). The file is
// opened first and its mode checked on the open descriptor, so the file
// checked is the file read (a path swapped for another file or a named
// pipe in between cannot slip past the check). The error is for the
// caller alone: it says what was found, which no message may repeat.
func readSecretFile(root, rel string) (string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer r.Close()
	b, err := boundedread.ReadFileIn(r, rel, boundedread.SecretMax, func(fi fs.FileInfo) error {
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			return fmt.Errorf("group or others may read it (mode %04o)", perm)
		}
		return nil
	})
	return string(b), err
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
// standIns gives every secret of a secret-free site a stand-in instead of
// its value (Access.WithoutSecrets): "heatconf-stand-in-" and 14 hex
// digits of the key's SHA-256, 32 characters, as auth_encryption_key must
// be, and different for each key.
func (s *Site) standIns() error {
	if !s.SecretFree() {
		return Errors{s.errAt("render.secrets", `renders the secrets into heat.conf ("inline"): without the secrets its output cannot be rendered`,
			`set [render] secrets = "environment", or give the secrets`)}
	}
	standIn := func(key string) string {
		sum := sha256.Sum256([]byte(key))
		return "heatconf-stand-in-" + hex.EncodeToString(sum[:7])
	}
	for _, ns := range s.Secrets() {
		if ns.Secret.IsSet() {
			*ns.Secret = NewSecret(standIn(ns.Key))
		}
	}
	reg, _ := schema.EmbeddedRelease(s.rel)
	for _, sec := range sortedKeys(s.Overrides) {
		for _, key := range sortedKeys(s.Overrides[sec]) {
			if _, ok := s.Overrides[sec][key].(string); ok && s.isSecretOption(reg, sec, key) {
				v := standIn("overrides." + sec + "." + key)
				s.Overrides[sec][key] = v
				s.overrideSecretKeys = append(s.overrideSecretKeys, key)
				s.overrideSecrets = append(s.overrideSecrets, v)
			}
		}
	}
	return nil
}

func (s *Site) resolveOverrides(env Env, base string, a Access) Errors {
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
				if err := ref.resolve(env, base, a); err != nil {
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
