package site

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// EnvPrefix starts the names of the environment variables that an env:
// reference may name without the operator's leave: HEATCONF_DB_PASSWORD.
// A site file comes from a repository, often from a pull request; were any
// name allowed, it could copy a CI runner's tokens (env:GITHUB_TOKEN) into
// heat.conf, or into the password probe --site sends to the site's
// Keystone.
const EnvPrefix = "HEATCONF_"

// Access is what the operator lets a site file read beyond what it may by
// default. It comes from the command line (--secrets-dir, --allow-env,
// --follow-symlinks), never from the site file, which may be a pull
// request's. The zero Access is the default:
//
//   - a file: reference reads only a file inside the site file's own
//     directory tree (not through a symbolic link that leaves it);
//   - an env: reference names only variables that start with EnvPrefix;
//   - the site file's path goes through no symbolic link.
type Access struct {
	// SecretDirs are more directory trees file: references may read
	// (--secrets-dir), e.g. /etc/heat/secrets.
	SecretDirs []string
	// Env are more environment variables env: references may name
	// (--allow-env): a name, or a prefix followed by "*" (E2E_*).
	Env []string
	// FollowSymlinks lets the site file's path go through symbolic links
	// (--follow-symlinks).
	FollowSymlinks bool
	// WithoutSecrets reads no secret (render --without-secrets): each one
	// gets a stand-in of its own. Only a secret-free
	// site (SecretFree) may: its heat.conf and scripts hold no secret, so
	// they come out the same, and only heat.env, which holds the stand-ins,
	// is not for use (render leaves it out).
	WithoutSecrets bool
}

// CheckEnvName checks one --allow-env value: a variable name, or a
// non-empty prefix of one followed by "*".
func CheckEnvName(v string) error {
	name, star := strings.CutSuffix(v, "*")
	if name == "" {
		if star {
			return fmt.Errorf("%q would allow every variable: name them, or a prefix such as CI_SECRET_*", v)
		}
		return fmt.Errorf("the name is empty")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return fmt.Errorf("%q is not an environment variable name (letters, digits and _, then an optional *)", v)
		}
	}
	return nil
}

// envAllowed reports whether an env: reference may name the variable.
func (a Access) envAllowed(name string) bool {
	if strings.HasPrefix(name, EnvPrefix) && len(name) > len(EnvPrefix) {
		return true
	}
	for _, v := range a.Env {
		if p, ok := strings.CutSuffix(v, "*"); ok {
			if p != "" && strings.HasPrefix(name, p) {
				return true
			}
		} else if v == name {
			return true
		}
	}
	return false
}

// secretRoot finds the directory tree that the file: path p (relative to
// base, the site file's directory) lies in, among the site's own and the
// operator's, and returns the root with p relative to it. The test is on
// the cleaned paths alone: it reads nothing, so a refusal tells nothing of
// what exists. ok is false when p lies in none of them.
func (a Access) secretRoot(base, p string) (root, rel string, ok bool) {
	if base == "" {
		base = "."
	}
	full := p
	if !filepath.IsAbs(p) {
		full = filepath.Join(base, p)
	}
	absFull, err := filepath.Abs(full)
	if err != nil {
		return "", "", false
	}
	for _, r := range slices.Concat([]string{base}, a.SecretDirs) {
		absRoot, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		rel, err := filepath.Rel(absRoot, absFull)
		if err == nil && filepath.IsLocal(rel) {
			return r, rel, true
		}
	}
	return "", "", false
}
