package lint

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/heatconf/heatconf/conf"
)

// Heat's own settings that heat-engine refuses at start, or that break
// stacks later.

var ruleStackDomain = &Rule{
	ID: "stack-domain", Severity: Error, Family: "heat",
	Summary: "stack domain settings heat-engine refuses at start (a domain without its admin and password)",
	check:   checkStackDomain,
}

var ruleAuthEncryptionKey = &Rule{
	ID: "auth-encryption-key", Severity: Error, Family: "heat",
	Summary: "auth_encryption_key of a length heat-engine refuses (not 16, 24 or 32 characters), or missing (Heat starts with its public default)",
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
		p.missing("DEFAULT", Warning, "no stack_user_domain_name (or _id): Heat falls back to creating stack users in the stack owner's project; create a stack domain and set stack_user_domain_name, stack_domain_admin and stack_domain_admin_password")
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
		p.atValue(e, Warning, nil, "", "auth_encryption_key has %d characters: heat-engine accepts 16 or 24 with a warning (\"Please update auth_encryption_key to be 32 characters\"); use 32", n)
	case n != 32:
		p.atValue(e, Error, nil, "", "auth_encryption_key has %d characters: heat-engine refuses to start (\"auth_encryption_key must be 32 characters\"; 16 and 24 are accepted with a warning); an inline comment or quotes count too", n)
	}
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
