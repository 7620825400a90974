package lint

import (
	"net/url"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
)

var ruleFilePermissions = &Rule{
	ID: "file-permissions", Severity: Warning, Family: "security",
	Summary: "a heat.conf with passwords that every user of the host may read",
	check:   checkFilePermissions,
}

var ruleInsecureTLS = &Rule{
	ID: "insecure-tls", Severity: Warning, Family: "security",
	Summary: "insecure = true: TLS certificates are not verified",
	check:   checkInsecure,
}

var rulePlainHTTP = &Rule{
	ID: "plain-http", Severity: Warning, Family: "security",
	Summary: "Keystone over plain HTTP on a non-loopback host: passwords and tokens cross the network in clear",
	check:   checkPlainHTTP,
}

var ruleWeakPassword = &Rule{
	ID: "weak-password", Severity: Warning, Family: "security",
	Summary: "a password equal to its user name, short or common, or one password shared by several users",
	check:   checkWeakPasswords,
}

func checkFilePermissions(p *pass) {
	for _, f := range p.files {
		mode, ok := p.modes[f.Name]
		if !ok || mode&0o004 == 0 {
			continue
		}
		if !hasSecrets(f) {
			continue
		}
		p.report(f.Name, conf.Pos{Line: 1, Col: 1}, Warning, nil, "",
			"the file holds passwords and every user may read it (mode %04o): chown root:heat and chmod 640", mode&0o7777)
	}
}

func hasSecrets(f *conf.File) bool {
	for _, s := range f.Sections {
		for _, e := range s.Entries {
			if secret.IsKey(e.Key) && e.Value != "" || len(urlPasswords(e.Value)) > 0 {
				return true
			}
		}
	}
	return false
}

func checkInsecure(p *pass) {
	p.entries(func(e *conf.Entry) {
		if e.Key != "insecure" {
			return
		}
		if v, _ := conf.Unescape(e.Value); strings.EqualFold(v, "true") || v == "1" || strings.EqualFold(v, "yes") || strings.EqualFold(v, "on") {
			p.atValue(e, Warning, nil, "", "[%s] insecure = %s: certificates are not verified, so anyone in the path can impersonate the service; give a CA file instead", e.Section.Group, v)
		}
	})
}

func checkPlainHTTP(p *pass) {
	for _, k := range p.keystoneURLs() {
		if k.u.Scheme == "http" && !isLoopback(k.u.Hostname()) {
			p.atValue(k.e, Warning, nil, "", "[%s] %s reaches Keystone over plain HTTP at %s: passwords and tokens travel unencrypted; use https", k.e.Section.Group, k.e.Key, k.u.Hostname())
		}
	}
}

// credential is a user name and password found in the configuration.
type credential struct {
	where    string
	user, pw string
	e        *conf.Entry
}

func (p *pass) credentials() []credential {
	var out []credential
	for _, g := range []string{"keystone_authtoken", "trustee", "ec2authtoken"} {
		if e, pw, ok := p.lookup(g, "password"); ok && pw != "" {
			out = append(out, credential{"[" + g + "]", p.value(g, "username"), pw, e})
		}
	}
	if e, pw, ok := p.lookup("DEFAULT", "stack_domain_admin_password"); ok && pw != "" {
		out = append(out, credential{"[DEFAULT] stack_domain_admin", p.value("DEFAULT", "stack_domain_admin"), pw, e})
	}
	for _, k := range []struct{ g, key, what string }{{"DEFAULT", "transport_url", "transport_url"}, {"database", "connection", "[database] connection"}} {
		e, v, ok := p.lookup(k.g, k.key)
		if !ok {
			continue
		}
		u, err := url.Parse(v)
		if err != nil || u.User == nil {
			continue
		}
		if pw, set := u.User.Password(); set && pw != "" {
			out = append(out, credential{k.what, u.User.Username(), pw, e})
		}
	}
	return out
}

func checkWeakPasswords(p *pass) {
	creds := p.credentials()
	for _, c := range creds {
		switch {
		case c.user != "" && strings.EqualFold(c.user, c.pw):
			p.atValue(c.e, Warning, nil, "", "the password of %s is the user name %s: anyone who reads the install guide can log in; set a random password", c.where, c.user)
		case secret.IsPlaceholder(c.pw):
			// the placeholder rule reports it
		default:
			if why := secret.Weak(c.pw); why != "" {
				p.atValue(c.e, Warning, nil, "", "the password of %s is weak (%s): anyone can guess it; set a random password of at least %d characters", c.where, why, 16)
			}
		}
	}
	byPW := map[string][]credential{}
	for _, c := range creds {
		byPW[c.pw] = append(byPW[c.pw], c)
	}
	for _, c := range creds {
		users := map[string]bool{}
		for _, o := range byPW[c.pw] {
			users[o.user] = true
		}
		if len(users) < 2 {
			continue
		}
		var others []string
		for _, o := range byPW[c.pw] {
			if o.user != c.user {
				others = append(others, o.where)
			}
		}
		p.atValue(c.e, Info, nil, "", "%s uses the same password as %s: one leak opens both", c.where, strings.Join(dedupe(others), ", "))
	}
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
