package lint

import (
	"fmt"
	"net"
	"strings"
	"unicode"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
)

var ruleFilePermissions = &Rule{
	ID: "file-permissions", Severity: Warning, Family: "security",
	Summary: "a heat.conf with passwords that every user of the host may read (files as installed: not in a git work tree, not standard input)",
	check:   checkFilePermissions,
}

var ruleInsecureTLS = &Rule{
	ID: "insecure-tls", Severity: Warning, Family: "security",
	Summary: "insecure = true: TLS certificates are not verified",
	check:   checkInsecure,
}

var rulePlainHTTP = &Rule{
	ID: "plain-http", Severity: Info, Family: "security",
	Summary: "Keystone over plain HTTP on a non-loopback host (once per file, every such URL listed): passwords and tokens cross the network in clear",
	check:   checkPlainHTTP,
}

var ruleWeakPassword = &Rule{
	ID: "weak-password", Severity: Warning, Family: "security",
	Summary: "a password equal to its user name, short or common, or one password shared by several users (a generated one only when a RabbitMQ or database login shares it)",
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
		if v, _ := conf.Unescape(e.Value); isTrue(v) {
			p.atValue(e, Warning, nil, "", "[%s] insecure = %s: certificates are not verified, so anyone in the path can impersonate the service; give a CA file instead", e.Section.Group, v)
		}
	})
}

// checkPlainHTTP says once per file that Keystone is reached over plain
// HTTP, listing every such URL: install guides, kolla-ansible,
// openstack-ansible, the charms and DevStack all do so on the management
// network by design, so it is advice, not a defect.
func checkPlainHTTP(p *pass) {
	byFile := map[string][]keystoneURL{}
	var order []string
	for _, k := range p.keystoneURLs() {
		if k.u.Scheme != "http" || isLoopback(k.u.Hostname()) {
			continue
		}
		name := k.e.Section.File.Name
		if _, ok := byFile[name]; !ok {
			order = append(order, name)
		}
		byFile[name] = append(byFile[name], k)
	}
	for _, name := range order {
		ks := byFile[name]
		first := ks[0]
		var locs []Location
		hosts := map[string]bool{}
		var public []string
		for i, k := range ks {
			if i > 0 {
				locs = append(locs, locationOf(k.e))
			}
			h := k.u.Hostname()
			if !hosts[h] {
				hosts[h] = true
				if isPublicHost(h) {
					public = append(public, h)
				}
			}
		}
		where := "keep it on a trusted management network, or use https"
		if len(public) > 0 {
			where = fmt.Sprintf("%s is a public address: use https", strings.Join(public, ", "))
		}
		p.related(locs, func() {
			p.atValue(first.e, Info, nil, "", "Heat reaches Keystone over plain HTTP (%d URL(s), first [%s] %s): passwords and tokens travel unencrypted; %s",
				len(ks), first.e.Section.Group, first.e.Key, where)
		})
	}
}

// isPublicHost reports an IP address that is not loopback, private
// (RFC 1918, RFC 4193), link-local or shared (RFC 6598); names are not
// judged.
func isPublicHost(h string) bool {
	ip := net.ParseIP(h)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
		return false
	}
	if v4 := ip.To4(); v4 != nil && v4[0] == 100 && v4[1]&0xc0 == 64 {
		return false // 100.64.0.0/10
	}
	return true
}

// credential is a user name and password found in the configuration.
type credential struct {
	where    string
	user, pw string
	e        *conf.Entry
	// keystone: a Keystone user whose password heat.conf alone holds
	// (service user, trustee, stack domain admin), unlike the RabbitMQ
	// and database logins, which the broker, the database server and
	// other services' files hold too.
	keystone bool
}

func (p *pass) credentials() []credential {
	var out []credential
	add := func(g, userKey, pwKey, where string, keystone bool) {
		if e, pw, ok := p.lookup(g, pwKey); ok && pw != "" {
			out = append(out, credential{where, p.value(g, userKey), pw, e, keystone})
		}
	}
	for _, g := range []string{"keystone_authtoken", "trustee", "ec2authtoken"} {
		add(g, "username", "password", "["+g+"]", true)
	}
	add("keystone_authtoken", "admin_user", "admin_password", "[keystone_authtoken] admin_user", true)
	add("DEFAULT", "stack_domain_admin", "stack_domain_admin_password", "[DEFAULT] stack_domain_admin", true)
	for _, g := range []string{"oslo_messaging_rabbit", "DEFAULT"} {
		add(g, "rabbit_userid", "rabbit_password", "["+g+"] rabbit_userid", false)
	}
	for _, k := range []struct{ g, key, what string }{
		{"DEFAULT", "transport_url", "transport_url"},
		{"oslo_messaging_notifications", "transport_url", "[oslo_messaging_notifications] transport_url"},
		{"database", "connection", "[database] connection"},
	} {
		e, v, ok := p.lookup(k.g, k.key)
		if !ok {
			continue
		}
		seen := map[[2]string]bool{}
		for _, c := range urlCredentials(v) {
			if c[1] != "" && !seen[c] {
				seen[c] = true
				out = append(out, credential{k.what, c[0], c[1], e, false})
			}
		}
	}
	return out
}

// urlCredentials are the user and password of each host of a URL
// (transport_url may list several: rabbit://u:p@h1,u:p@h2/vhost),
// decoded as oslo.messaging decodes them.
func urlCredentials(v string) [][2]string {
	u, ok := conf.ParseURL(v)
	if !ok {
		return nil
	}
	var out [][2]string
	for _, h := range u.Hosts {
		if h.HasCredentials() {
			out = append(out, [2]string{conf.URLUnquote(h.User.Text(v)), conf.URLUnquote(h.Password.Text(v))})
		}
	}
	return out
}

// isTrue reports a value oslo.config reads as the boolean true.
func isTrue(v string) bool {
	b, ok := conf.ParseBool(v)
	return ok && b
}

func checkWeakPasswords(p *pass) {
	creds := p.credentials()
	for _, c := range creds {
		switch {
		case c.user != "" && strings.EqualFold(c.user, c.pw):
			p.atValue(c.e, Warning, nil, "", "the password of %s is the user name %s: anyone who reads the install guide can log in; set a random password", c.where, c.user)
		case isPlaceholder(c.pw):
			// placeholder owns it
		default:
			// the message says which key, never why: the reason (shorter
			// than 8, a common word with digits) tells the shape of a
			// secret that may come from a site file, in a CI log
			if secret.Weak(c.pw) != "" {
				p.atValue(c.e, Warning, nil, "", "the password of %s is weak or common: anyone can guess it; set a random password of at least %d characters", c.where, 16)
			}
		}
	}
	// one password for several users: one finding per password, at its
	// first use, the others related
	byPW := map[string][]credential{}
	var order []string
	for _, c := range creds {
		if _, ok := byPW[c.pw]; !ok {
			order = append(order, c.pw)
		}
		byPW[c.pw] = append(byPW[c.pw], c)
	}
	for _, pw := range order {
		cs := byPW[pw]
		users := map[string]bool{}
		for _, c := range cs {
			users[c.user] = true
		}
		if len(users) < 2 || isPlaceholder(pw) {
			continue
		}
		// A strong password shared only by Keystone users of this file
		// (heat and its stack domain admin) is no wider exposure: whoever
		// reads one reads the other in the same file. Shared with the
		// RabbitMQ or database login, it also sits on the broker, the
		// database server and in other services' files.
		if looksGenerated(pw) && allKeystone(cs) {
			continue
		}
		var wheres []string
		var locs []Location
		seen := map[*conf.Entry]bool{cs[0].e: true}
		for _, c := range cs[1:] {
			wheres = append(wheres, c.where)
			if !seen[c.e] {
				seen[c.e] = true
				locs = append(locs, locationOf(c.e))
			}
		}
		p.related(locs, func() {
			p.atValue(cs[0].e, Warning, nil, "", "%s uses the same password as %s: one leak opens every one of them; give each user its own random password",
				cs[0].where, strings.Join(dedupe(wheres), ", "))
		})
	}
}

// looksGenerated reports a password shaped like the output of a password
// generator (kolla-genpwd, pwgen, pw-token-gen, hex tokens): at least 16
// characters of two kinds (lower, upper, digit, other), or 12 of three.
// Words with a suffix (servicepassword, service_pass, cloud1234) are not.
func looksGenerated(pw string) bool {
	if secret.Weak(pw) != "" {
		return false
	}
	var lower, upper, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	kinds, n := lower+upper+digit+other, len([]rune(pw))
	return (n >= 16 && kinds >= 2) || (n >= 12 && kinds >= 3)
}

func allKeystone(cs []credential) bool {
	for _, c := range cs {
		if !c.keystone {
			return false
		}
	}
	return true
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

var ruleServiceUserAdmin = &Rule{
	ID: "service-user-admin", Severity: Warning, Family: "security",
	Summary: "Heat's service user is the cloud admin (admin in project admin): heat.conf holds the cloud administrator's password",
	check:   checkServiceUserAdmin,
}

// checkServiceUserAdmin reports [keystone_authtoken] authenticating as the
// user admin in the project admin, which keystone-manage bootstrap makes
// the cloud administrator (and the install guides' admin-openrc uses):
// Heat needs a service user of its own (heat, with the admin role in the
// service project), and every host that reads heat.conf would otherwise
// hold the key to the whole cloud. It reads the options keystonemiddleware
// uses: the plugin's username and project_name with an auth_type, the
// legacy admin_user and admin_tenant_name without one.
func checkServiceUserAdmin(p *pass) {
	const g = "keystone_authtoken"
	userKey, projectKey := "username", "project_name"
	if p.authType(g) == "" {
		userKey, projectKey = "admin_user", "admin_tenant_name"
	}
	ue, user, ok := p.lookup(g, userKey)
	if !ok || !strings.EqualFold(strings.TrimSpace(user), "admin") {
		return
	}
	pe, project, ok := p.lookup(g, projectKey)
	if !ok || !strings.EqualFold(strings.TrimSpace(project), "admin") {
		return
	}
	p.related([]Location{locationOf(pe)}, func() {
		p.atValue(ue, Warning, nil, "",
			"[keystone_authtoken] authenticates Heat as %s in project %s, the cloud administrator: every host that reads heat.conf holds the password to the whole cloud, and what Heat does is done as the admin; create a service user (heat, with the admin role in the service project) and use it here",
			user, project)
	})
}
