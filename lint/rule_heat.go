package lint

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
)

// Heat's own settings that heat-engine refuses at start, or that break
// stacks later.

var ruleStackDomain = &Rule{
	ID: "stack-domain", Severity: Error, Family: "heat",
	Summary: "stack domain settings heat-engine refuses at start (a domain without its admin and password), an empty or missing stack domain, a stack_domain_admin that is Heat's service user",
	check:   checkStackDomain,
}

var ruleAuthEncryptionKey = &Rule{
	ID: "auth-encryption-key", Severity: Error, Family: "heat",
	Summary: "auth_encryption_key of a length heat-engine refuses (not 16, 24 or 32 characters), missing (Heat starts with its public default), or guessable (repeated, sequential)",
	check:   checkAuthKey,
}

var ruleMetadataURL = &Rule{
	ID: "metadata-url", Severity: Warning, Family: "heat",
	Summary: "metadata and wait-condition URLs that point at the wrong API, at loopback, or lack /waitcondition",
	check:   checkMetadataURLs,
}

var ruleLimits = &Rule{
	ID: "limits", Severity: Warning, Family: "heat",
	Summary: "limits that block every stack (max_resources_per_stack = 0, max_stacks_per_tenant = 0)",
	check:   checkLimits,
}

var ruleDeferredAuth = &Rule{
	ID: "deferred-auth", Severity: Warning, Family: "heat",
	Summary: "deferred_auth_method = password: stored passwords, broken with Keystone v3",
	check:   checkDeferredAuth,
}

var rulePasteFlavor = &Rule{
	ID: "paste-flavor", Severity: Error, Family: "heat",
	Summary: "[paste_deploy] flavor that names no pipeline of heat-api and heat-api-cfn",
	check:   checkPasteFlavor,
}

// defaultAuthKey is Heat's built-in auth_encryption_key (heat/common/crypt.py).
const defaultAuthKey = "notgood but just long enough i t"

func checkStackDomain(p *pass) {
	id, name := p.value("DEFAULT", "stack_user_domain_id"), p.value("DEFAULT", "stack_user_domain_name")
	if id == "" && name == "" {
		const fallback = "Heat falls back to creating stack users in the stack owner's project; create a stack domain and set stack_user_domain_name, stack_domain_admin and stack_domain_admin_password"
		// an empty assignment (a template's missing value) is where
		// the problem is; a missing one is reported at [DEFAULT]
		for _, k := range []string{"stack_user_domain_name", "stack_user_domain_id"} {
			if e, _, ok := p.lookup("DEFAULT", k); ok && e != nil {
				p.atKey(e, Warning, nil, "", "%s is empty: %s", k, fallback)
				return
			}
		}
		p.missing("DEFAULT", Warning, "no stack_user_domain_name (or _id): %s", fallback)
		return
	}
	if id != "" && name != "" {
		e, _, _ := p.lookup("DEFAULT", "stack_user_domain_name")
		p.atKey(e, Warning, deleteEntry(e), "delete the line", "both stack_user_domain_id and stack_user_domain_name are set: Heat uses the id and ignores the name")
	}
	var lack []string
	for _, k := range []string{"stack_domain_admin", "stack_domain_admin_password"} {
		if p.value("DEFAULT", k) == "" {
			lack = append(lack, k)
		}
	}
	checkDomainAdminIsServiceUser(p)
	if len(lack) > 0 {
		// at the line that makes heat-engine check: the stack domain
		key := "stack_user_domain_id"
		if id == "" {
			key = "stack_user_domain_name"
		}
		e, _, _ := p.lookup("DEFAULT", key)
		p.atKey(e, Error, nil, "", "a stack domain is set but %s is not: heat-engine refuses to start (\"heat.conf misconfigured, cannot specify stack_user_domain without stack_domain_admin and stack_domain_admin_password\")",
			strings.Join(lack, " and "))
	}
}

// checkDomainAdminIsServiceUser: Heat authenticates stack_domain_admin
// in the stack domain (heat_keystoneclient.py domain_admin_auth:
// user_domain_id/_name are the stack domain's), so it must be a user of
// that domain holding its admin role, not Heat's service user: a
// stack_domain_admin named like [keystone_authtoken] username, whose own
// domain is another, is looked up in the stack domain, where no such
// user exists unless someone made a second one, and every stack user,
// wait condition and signal fails ("Domain admin client authentication
// failed").
func checkDomainAdminIsServiceUser(p *pass) {
	e, admin, ok := p.lookup("DEFAULT", "stack_domain_admin")
	if !ok || admin == "" {
		return
	}
	const g = "keystone_authtoken"
	user := p.value(g, "username")
	if user == "" {
		user = p.value(g, "admin_user")
	}
	if user == "" || user != admin {
		return
	}
	// the service user in the stack domain itself would be a deliberate
	// choice (rare, but it authenticates)
	if d := p.value(g, "user_domain_name"); d != "" && d == p.value("DEFAULT", "stack_user_domain_name") {
		return
	}
	if d := p.value(g, "user_domain_id"); d != "" && d == p.value("DEFAULT", "stack_user_domain_id") {
		return
	}
	also := ""
	if pw := p.value("DEFAULT", "stack_domain_admin_password"); pw != "" && pw == p.value(g, "password") {
		also = " with the service user's password"
	}
	p.atValue(e, Warning, nil, "",
		"stack_domain_admin = %s is Heat's service user ([keystone_authtoken] username)%s: Heat authenticates the stack domain admin in the stack domain, where that user is not, so creating stack users, wait conditions and signals fail; create a user of the stack domain with its admin role (the install guide's heat_domain_admin) and name it here", admin, also)
}

// checkAuthKey follows heat/common/config.py startup_sanity_check: a key
// of 32 characters is right, 16 or 24 are accepted with a warning, any
// other length (an empty value too) stops heat-engine. Without the option
// Heat starts with its public built-in key.
func checkAuthKey(p *pass) {
	e, v, ok := p.lookup("DEFAULT", "auth_encryption_key")
	n := utf8.RuneCountInString(v) // Python's len counts code points
	switch {
	case !ok:
		p.missing("DEFAULT", Warning, "no auth_encryption_key: Heat starts, but encrypts stack secrets with its public built-in key; set 32 random characters, the same on every host, before the first stack (changing it later needs heat-manage update_params)")
	case v == defaultAuthKey:
		p.atValue(e, Warning, nil, "", "auth_encryption_key is Heat's public built-in default: anyone can decrypt the stack secrets in the database; set 32 random characters")
	case n == 16 || n == 24:
		p.atValue(e, Warning, nil, "", "auth_encryption_key has %d characters: heat-engine accepts 16 or 24 with a warning (\"Please update auth_encryption_key to be 32 characters\"); use 32%s", n, guessableNote(v))
	case n != 32:
		p.atValue(e, Error, nil, "", "auth_encryption_key has %d characters: heat-engine refuses to start (\"auth_encryption_key must be 32 characters\"; 16 and 24 are accepted with a warning); an inline comment or quotes count too", n)
	default:
		if why := guessableKey(v); why != "" {
			p.atValue(e, Warning, nil, "", "auth_encryption_key is %s: heat-engine accepts it, but anyone who reads the database can guess it and decrypt the stored credentials; set 32 random characters (changing it later needs heat-manage update_params)", why)
		}
	}
}

// guessableNote is guessableKey's finding as the end of another message.
func guessableNote(key string) string {
	if why := guessableKey(key); why != "" {
		return ", and random: it is " + why
	}
	return ""
}

// keySequences are the orders a "sequential" key follows, forwards or
// backwards: digits, then hex and alphanumerics in their usual order, and
// the keyboard's rows.
var keySequences = []string{"0123456789abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1234567890"}

// guessableKey says why a key of the right length is no secret, or "":
// one character repeated, a short unit repeated (0123456789abcdef twice),
// a run of consecutive characters, or a common password. Keys are
// compared case-insensitively.
func guessableKey(key string) string {
	k := strings.ToLower(key)
	n := len(k)
	if n == 0 {
		return ""
	}
	if why := secret.Weak(key); why != "" && why != "it is shorter than 8 characters" {
		return strings.TrimPrefix(why, "it is ")
	}
	unit := k
	for period := 1; period <= n/2; period++ {
		if n%period == 0 && strings.Repeat(k[:period], n/period) == k {
			unit = k[:period]
			break
		}
	}
	switch {
	case len(unit) == 1:
		return fmt.Sprintf("one character repeated (%d times)", n)
	case isSequence(unit) && len(unit) < n:
		return fmt.Sprintf("a run of consecutive characters repeated %d times", n/len(unit))
	case isSequence(unit):
		return "a run of consecutive characters"
	case len(unit) <= n/2:
		return fmt.Sprintf("a %d-character pattern repeated %d times", len(unit), n/len(unit))
	}
	return ""
}

// isSequence reports a string of at least 8 characters that follows one
// of keySequences (wrapping around), forwards or backwards.
func isSequence(s string) bool {
	if len(s) < 8 {
		return false
	}
	for _, seq := range keySequences {
		for _, order := range []string{seq, reverse(seq)} {
			i := strings.IndexByte(order, s[0])
			if i < 0 {
				continue
			}
			ok := true
			for j := 1; j < len(s) && ok; j++ {
				ok = order[(i+j)%len(order)] == s[j]
			}
			if ok {
				return true
			}
		}
	}
	return false
}

func reverse(s string) string {
	b := []byte(s)
	slices.Reverse(b)
	return string(b)
}

func checkMetadataURLs(p *pass) {
	me, mv, mok := p.lookup("DEFAULT", "heat_metadata_server_url")
	we, wv, wok := p.lookup("DEFAULT", "heat_waitcondition_server_url")
	for _, c := range []struct {
		e  *conf.Entry
		v  string
		ok bool
	}{{me, mv, mok}, {we, wv, wok}} {
		if !c.ok || c.v == "" {
			continue
		}
		u, err := url.Parse(c.v)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			p.atValue(c.e, Error, nil, "", "%s must be an http(s) URL of heat-api-cfn that guests can reach", c.e.Key)
			continue
		}
		if isLoopback(u.Hostname()) {
			p.atValue(c.e, Warning, nil, "", "%s points at %s: guests cannot reach the host's loopback; use an address of heat-api-cfn they can reach", c.e.Key, u.Hostname())
		}
		if u.Port() == "8004" {
			p.atValue(c.e, Warning, nil, "", "%s uses port 8004, which is heat-api; metadata and wait conditions are served by heat-api-cfn (8000)", c.e.Key)
		}
	}
	if wok && wv != "" && !strings.Contains(wv, "/waitcondition") {
		p.atValue(we, Error, nil, "", "heat_waitcondition_server_url must end in /v1/waitcondition: Heat builds signal URLs by replacing /waitcondition")
	}
	if mok && wok && mv != "" && wv != "" {
		mu, err1 := url.Parse(mv)
		wu, err2 := url.Parse(wv)
		if err1 == nil && err2 == nil && mu.Host != "" && wu.Host != "" && endpointOf(mu) != endpointOf(wu) {
			p.atValue(we, Warning, nil, "", "heat_waitcondition_server_url points at %s but heat_metadata_server_url at %s: both are heat-api-cfn", endpointOf(wu), endpointOf(mu))
		}
	}
}

func checkLimits(p *pass) {
	if e, v, ok := p.lookup("DEFAULT", "max_resources_per_stack"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n != -1 && n <= 0 {
			p.atValue(e, Warning, replaceInValue(e, v, "-1"), "write -1", "max_resources_per_stack = %d blocks every stack with a resource; -1 means unlimited", n)
		}
	}
	if e, v, ok := p.lookup("DEFAULT", "max_stacks_per_tenant"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n == 0 {
			p.atValue(e, Warning, nil, "", "max_stacks_per_tenant = 0 blocks every stack create of non-admin users; a negative value means unlimited")
		}
	}
}

func checkDeferredAuth(p *pass) {
	if e, v, ok := p.lookup("DEFAULT", "deferred_auth_method"); ok && v == "password" {
		p.atValue(e, Warning, replaceInValue(e, "password", "trusts"), "write trusts",
			"deferred_auth_method = password stores user passwords and is broken with Keystone v3 (deprecated since Pike); use trusts with a working [trustee]")
	}
}

func checkPasteFlavor(p *pass) {
	e, v, ok := p.lookup("paste_deploy", "flavor")
	if !ok || v == "" || v == "standalone" {
		return
	}
	switch v {
	case "custombackend", "noauth":
		p.atValue(e, Error, nil, "", "[paste_deploy] flavor = %s has a heat-api pipeline but no heat-api-cfn one: heat-api-cfn fails to start", v)
	default:
		p.atValue(e, Error, nil, "", "[paste_deploy] flavor = %s names no pipeline of Heat's api-paste.ini (heat-api-%s); leave it unset, or use standalone", v, v)
	}
}

var ruleClientsHeatURL = &Rule{
	ID: "clients-heat-url", Severity: Error, Family: "heat",
	Summary: "[clients_heat] url that Heat cannot format into a project's endpoint (no / before %(tenant_id)s, another key than tenant_id)",
	check:   checkClientsHeatURL,
}

// clientsHeatKeyRE finds Python %-format keys in a URL: %(name)s.
var clientsHeatKeyRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`%\(([^)]*)\)`) })

// checkClientsHeatURL follows heat/engine/clients/os/heat_plugin.py
// get_heat_url: a [clients_heat] url is formatted with Python's
// url % {'tenant_id': project_id}, and heatclient calls the result as the
// orchestration endpoint (http://host:8004/v1/<project id>). A key other
// than tenant_id raises KeyError, and %(tenant_id)s not preceded by / runs
// the id into the version (/v1<id>), a path heat-api does not route:
// OS::Heat::Stack and every other call Heat makes to itself fail.
func checkClientsHeatURL(p *pass) {
	e, v, ok := p.lookup("clients_heat", "url")
	if !ok || v == "" {
		return
	}
	for _, m := range clientsHeatKeyRE().FindAllStringSubmatchIndex(v, -1) {
		key := v[m[2]:m[3]]
		if key != "tenant_id" {
			p.atValue(e, Error, nil, "", "[clients_heat] url names %%(%s)s: Heat formats it with tenant_id only, so every call Heat makes to its own API (OS::Heat::Stack, remote stacks) fails with KeyError; write %%(tenant_id)s", key)
			return
		}
		if m[0] == 0 || v[m[0]-1] != '/' {
			fixed := v[:m[0]] + "/" + v[m[0]:]
			p.atValue(e, Error, replaceInValue(e, v, fixed), "insert / before %(tenant_id)s",
				"[clients_heat] url has no / before %%(tenant_id)s: Heat formats it into %s<project id>, a path heat-api does not serve, so OS::Heat::Stack and every other call Heat makes to its own API fail; write %s", v[:m[0]], fixed)
			return
		}
	}
}
