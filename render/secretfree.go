package render

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/envfile"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

// A secret-free render ([render] secrets = "environment") keeps every
// secret out of heat.conf and the scripts: each line of heat.conf that
// holds one moves to heat.env as the variable oslo.config's environment
// source reads for it (OS_<GROUP>__<OPTION>, see conf.EnvName), which it
// reads before heat.conf. systemd hands heat.env to Heat's services
// (heat-environment.conf, a drop-in), and the scripts read it at run time.

// Outputs of a secret-free render: heat.env and the drop-in beside each
// heat.conf, bootstrap-db.sh beside bootstrap-db.sql.
const (
	EnvFileName  = "heat.env"
	DropInName   = "heat-environment.conf"
	DBScriptName = "bootstrap-db.sh"

	ModeEnv    fs.FileMode = 0o600 // root only
	ModeDropIn fs.FileMode = 0o644 // as systemd's own unit files
)

// The variables the bootstrap scripts read from heat.env.
var (
	envHeatPassword        = conf.EnvName("keystone_authtoken", "password")
	envDomainAdminPassword = conf.EnvName("DEFAULT", "stack_domain_admin_password")
	envDBConnection        = conf.EnvName("database", "connection")
)

// EnvVar is one variable of heat.env: the heat.conf option it stands for
// and its value as oslo.config reads it (its "$" escaped).
type EnvVar struct {
	Name   string
	Group  string
	Option string
	Value  string
}

// secretOption reports whether [group] key of a rendered heat.conf holds
// a secret: by its name, by the option data, or because its value carries
// one of the site's secrets (transport_url, [database] connection).
func secretOption(reg *schema.Registry, e *conf.Entry, secrets []string) bool {
	if secret.IsKey(e.Key) {
		return true
	}
	if m, ok := reg.Lookup(e.Group(), e.Key, ""); ok && m.Option.Secret {
		return true
	}
	v, _ := conf.Unescape(e.Value)
	for _, s := range secrets {
		if s != "" && strings.Contains(v, s) {
			return true
		}
	}
	return false
}

// envName is the variable oslo.config reads for [group] key: that of the
// option's own group and name when the key is a deprecated spelling.
func envName(reg *schema.Registry, group, key string) string {
	g, name := conf.NormalizeGroup(group), key
	if m, ok := reg.Lookup(group, key, ""); ok && m.Via != "plugin" && m.Option.Group != "" {
		g, name = m.Option.Group, m.Option.Name
	}
	return conf.EnvName(g, name)
}

// moveSecrets takes every secret line out of a rendered heat.conf and
// returns the variables that stand for them, in file order. Each line is
// replaced by a comment naming its variable and envPath, the file on the
// host. A secret that no variable can carry (a group whose name systemd
// does not pass, as one with "-") is an error at the site key that put it
// there.
func moveSecrets(data []byte, s *site.Site, reg *schema.Registry, envPath string) ([]byte, []EnvVar, error) {
	f, err := conf.Parse("heat.conf", data)
	if err != nil {
		return nil, nil, fmt.Errorf("BUG: rendered heat.conf does not parse: %v", err)
	}
	secrets := s.SecretValues()
	moved := map[int]EnvVar{}
	var vars []EnvVar
	for _, sec := range f.Sections {
		for _, e := range sec.Entries {
			if !secretOption(reg, e, secrets) {
				continue
			}
			name := envName(reg, e.Group(), e.Key)
			if !envfile.ValidName(name) {
				key := overrideKey(s, e.Group(), e.Key)
				msg := fmt.Sprintf("[%s] %s holds a secret, and with [render] secrets = %q it goes to the environment, but %s is not a variable name systemd passes on", sec.Name, e.Key, site.SecretsEnvironment, name)
				if key != "" {
					return nil, nil, s.ErrorAt(key, msg, "")
				}
				return nil, nil, fmt.Errorf("BUG: %s", msg)
			}
			v := EnvVar{Name: name, Group: e.Group(), Option: e.Key, Value: e.Value}
			moved[e.FirstLine] = v
			vars = append(vars, v)
		}
	}
	var b strings.Builder
	for i, l := range f.Lines {
		if v, ok := moved[i+1]; ok {
			fmt.Fprintf(&b, "# %s: from the environment (%s in %s)\n", v.Option, v.Name, envPath)
			continue
		}
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return []byte(b.String()), vars, nil
}

// overrideKey is the site key of [overrides] that sets [group] key, or "".
func overrideKey(s *site.Site, group, key string) string {
	for sec, kv := range s.Overrides {
		if _, ok := kv[key]; ok && conf.SameGroup(sec, group) {
			return "overrides." + sec + "." + key
		}
	}
	return ""
}

// checkNoSecret fails when a secret of the site is still in data, in any
// form it takes in heatconf's outputs. Weak secrets (a user's name, a
// common word) are left out: they are everywhere else in the text too.
func checkNoSecret(name string, data []byte, s *site.Site) error {
	text := string(data)
	for _, v := range s.SecretValues() {
		if secret.Weak(v, s.Names()...) != "" {
			continue
		}
		for _, form := range secret.Forms(v) {
			if strings.Contains(text, form) {
				return fmt.Errorf("BUG: the secret-free %s still holds a secret", name)
			}
		}
	}
	return nil
}

// envLookup returns the variable among vars that carries the site secret
// value, preferring the one named first.
func envLookup(vars []EnvVar, value string, names ...string) (EnvVar, bool) {
	for _, n := range names {
		for _, v := range vars {
			if got, _ := conf.Unescape(v.Value); v.Name == n && got == value {
				return v, true
			}
		}
	}
	return EnvVar{}, false
}
