package lint

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/suggest"
)

// Keystone: domain ids, the dead admin port and v2.0 API, URLs that
// disagree, and the two auth sections Heat cannot work without.

var ruleDomainID = &Rule{
	ID: "domain-id", Severity: Error, Family: "keystone",
	Summary: "a *_domain_id that is not a domain id (defaut, Default, a name): authentication fails at run time",
	check:   checkDomainIDs,
}

var ruleKeystonePort = &Rule{
	ID: "keystone-admin-port", Severity: Warning, Family: "keystone",
	Summary: "a Keystone URL on port 35357, or the legacy auth_port = 35357, whatever the host: gone from packaged Keystone since Queens and from Keystone itself in 2025.2 (advice in files of kolla-ansible up to Victoria and the charms, which still serve it)",
	check:   checkKeystonePort,
}

var ruleKeystoneV2 = &Rule{
	ID: "keystone-v2", Severity: Error, Family: "keystone",
	Summary: "a Keystone URL with /v2.0: the v2.0 API is gone since Queens",
	check:   checkKeystoneV2,
}

var ruleKeystoneURLMismatch = &Rule{
	ID: "keystone-url-mismatch", Severity: Warning, Family: "keystone",
	Summary: "the Keystone URLs Heat itself uses (auth_url, [clients_keystone], [ec2authtoken]) disagree on scheme, host or port",
	check:   checkKeystoneMismatch,
}

var ruleAuthtoken = &Rule{
	ID: "authtoken", Severity: Error, Family: "keystone",
	Summary: "[keystone_authtoken] cannot validate tokens (no auth_type), tells clients no Keystone, or sets legacy admin_*/identity_uri/auth_* options that its auth_type makes keystonemiddleware ignore",
	check:   checkAuthtoken,
}

var ruleTrustee = &Rule{
	ID: "trustee", Severity: Error, Family: "keystone",
	Summary: "[trustee] cannot authenticate, or is scoped: trusts (deferred auth) fail",
	check:   checkTrustee,
}

var hex32RE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{32}$`) })

func checkDomainIDs(p *pass) {
	p.entries(func(e *conf.Entry) {
		if !strings.HasSuffix(e.Key, "_domain_id") {
			return
		}
		v, _ := conf.Unescape(e.Value)
		if v == "" || v == "default" || len(v) == 32 && hex32RE().MatchString(v) {
			return
		}
		if p.unusedProjectDomain(e) {
			return // nothing reads it; trustee says so where it matters
		}
		nameKey := strings.TrimSuffix(e.Key, "_id") + "_name"
		switch {
		case strings.EqualFold(v, "default"):
			p.atValue(e, Error, replaceInValue(e, v, "default"), "write default",
				"%s = %s: %q is the default domain's name, its id is \"default\"; write %s = default (or %s = %s)", e.Key, v, v, e.Key, nameKey, v)
		case isNearDefault(v):
			p.atValue(e, Error, replaceInValue(e, v, "default"), "write default",
				"%s = %s is not a domain id: did you mean default? Keystone rejects the user at run time", e.Key, v)
		default:
			p.atValue(e, Error, renameKey(e, nameKey), "rename to "+nameKey,
				"%s = %s is not a domain id (ids are \"default\" or 32 hex digits): if %s is the domain's name, write %s = %s", e.Key, v, v, nameKey, v)
		}
	})
}

func isNearDefault(v string) bool {
	near, ok := suggest.Closest(strings.ToLower(v), []string{"default"})
	return ok && near == "default"
}

// keystoneURLs are the options that hold a Keystone URL.
var keystoneURLs = []struct{ group, key string }{
	{"keystone_authtoken", "www_authenticate_uri"},
	{"keystone_authtoken", "auth_uri"},
	{"keystone_authtoken", "auth_url"},
	{"keystone_authtoken", "identity_uri"},
	{"trustee", "auth_url"},
	{"clients_keystone", "auth_uri"},
	{"ec2authtoken", "auth_uri"},
	{"ec2authtoken", "auth_url"},
	{"DEFAULT", "auth_uri"},
}

type keystoneURL struct {
	e *conf.Entry
	u *url.URL
}

func (p *pass) keystoneURLs() []keystoneURL {
	var out []keystoneURL
	for _, k := range keystoneURLs {
		e, v, ok := p.lookup(k.group, k.key)
		if !ok || v == "" {
			continue
		}
		u, err := url.Parse(v)
		if err != nil || u.Host == "" {
			continue
		}
		out = append(out, keystoneURL{e, u})
	}
	return out
}

// checkKeystonePort: Keystone's admin port 35357 is judged the same
// whatever the host (the guide's controller, an address, localhost, a
// VIP name) and in both forms: a URL, and keystonemiddleware's legacy
// auth_host/auth_port, from which it builds the URL when identity_uri is
// unset (auth_token/_auth.py AuthTokenPlugin). Packaged Keystone stopped
// listening there in Queens/Rocky (the install guides, keystone's sample
// httpd config from 14.0.0, DevStack, packstack); keystone-wsgi-admin is
// gone from keystone 28.0.0 (2025.2). Only a file that shows it was
// written by a tool that still serves the port at the release gets
// advice instead (adminPortServedBy).
func checkKeystonePort(p *pass) {
	servedBy := p.adminPortServedBy()
	report := func(e *conf.Entry, fix *Fix, fixText, what string) {
		switch {
		case p.reg.Release().HeatMajor >= 25:
			p.atValue(e, Warning, fix, fixText,
				"%s uses Keystone's old admin port 35357: Keystone %s has no admin application any more (keystone-wsgi-admin was removed in 2025.2) and serves everything on 5000; write :5000",
				what, p.reg.Release().Name)
		case servedBy != "":
			p.atValue(e, Info, fix, fixText,
				"%s uses Keystone's old admin port 35357, which %s still serves at %s while packaged Keystone no longer listens there (since Queens); if your Keystone does not, write :5000",
				what, servedBy, p.reg.Release().Name)
		default:
			p.atValue(e, Warning, fix, fixText,
				"%s uses Keystone's old admin port 35357, but the Keystone of %s as packaged (the install guides, DevStack, packstack) listens on 5000 only, since Queens (keystone's sample Apache config since Rocky), whatever the host; write :5000",
				what, p.reg.Release().Name)
		}
	}
	for _, k := range p.keystoneURLs() {
		if k.u.Port() != "35357" || p.legacyAuthIgnored(k.e) {
			continue
		}
		report(k.e, replaceInValue(k.e, ":35357", ":5000"), "write :5000", fmt.Sprintf("[%s] %s", k.e.Section.Group, k.e.Key))
	}
	// the legacy form: identity_uri = auth_protocol://auth_host:auth_port
	const g = "keystone_authtoken"
	e, v, ok := p.lookup(g, "auth_port")
	if !ok || strings.TrimSpace(v) != "35357" || p.legacyAuthIgnored(e) || p.setAny(g, "identity_uri") {
		return // identity_uri wins over the fragments (authtoken says so)
	}
	report(e, replaceInValue(e, "35357", "5000"), "write 5000", "[keystone_authtoken] auth_port (with auth_host, the legacy form of identity_uri)")
}

// adminPortServedBy names the deployment tool that wrote the files when
// the files show it and it still serves Keystone on 35357 at the release:
// kolla-ansible up to Victoria (keystone_admin_port "35357" in
// group_vars/all.yml; its containers log under /var/log/kolla) and the
// Juju charms (the keystone charm keeps its admin listener; their
// charmhelpers templates point every service's token cache at the local
// memcached, inet6:[::1]:11211). "" for every other file.
func (p *pass) adminPortServedBy() string {
	if strings.HasPrefix(p.value("DEFAULT", "log_dir"), "/var/log/kolla/") && p.reg.Release().HeatMajor <= 15 {
		return "kolla-ansible (up to Victoria)"
	}
	if strings.HasPrefix(strings.TrimSpace(p.value("keystone_authtoken", "memcached_servers")), "inet6:[::1]:") {
		return "the Juju charms' Keystone"
	}
	return ""
}

func checkKeystoneV2(p *pass) {
	for _, k := range p.keystoneURLs() {
		if !strings.Contains(k.u.Path, "/v2.0") {
			continue
		}
		fix := replaceInValue(k.e, "/v2.0", "/v3")
		if k.e.Section.Group == "ec2authtoken" {
			// heat/api/aws/ec2token.py replaces v2.0 with v3 in this URL
			// (every release from 8.0.0 on)
			p.atValue(k.e, Info, fix, "write /v3",
				"[ec2authtoken] %s names Keystone's v2.0 API, which is gone; it works because Heat rewrites v2.0 to v3 here: write /v3", k.e.Key)
			continue
		}
		p.atValue(k.e, Error, fix, "write /v3",
			"[%s] %s points at Keystone's v2.0 API, removed in Queens; use /v3 (or no version)", k.e.Section.Group, k.e.Key)
	}
}

func endpointOf(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

func checkKeystoneMismatch(p *pass) {
	var urls []keystoneURL
	count := map[string]int{}
	for _, k := range p.keystoneURLs() {
		if k.u.Port() == "35357" {
			continue // keystone-admin-port owns it
		}
		if k.e.Key == "www_authenticate_uri" || (k.e.Key == "auth_uri" && (k.e.Section.Group == "keystone_authtoken" || k.e.Section.Group == "clients_keystone")) {
			// the public URL: deployment tools put it on Keystone's public
			// name and auth_url on its internal address by design
			continue
		}
		urls = append(urls, k)
		count[endpointOf(k.u)]++
	}
	if len(count) < 2 {
		return
	}
	// the endpoint most URLs use is taken as meant; the others disagree
	best, n := "", 0
	for _, k := range urls {
		if c := count[endpointOf(k.u)]; c > n {
			best, n = endpointOf(k.u), c
		}
	}
	for _, k := range urls {
		if ep := endpointOf(k.u); ep != best {
			p.atValue(k.e, Warning, nil, "",
				"[%s] %s points at %s while %d other Keystone URLs point at %s: Heat talks to one Keystone", k.e.Section.Group, k.e.Key, ep, n, best)
		}
	}
}

// legacyAuthKeys are keystonemiddleware's options of the legacy
// AuthTokenPlugin (auth_token/_auth.py), deprecated in Mitaka: it reads
// them only when [keystone_authtoken] has no auth_type (nor its old name
// auth_plugin), and keystonemiddleware 13 (2026.2) dropped them.
var legacyAuthKeys = []string{
	"auth_admin_prefix", "auth_host", "auth_port", "auth_protocol", "identity_uri",
	"admin_token", "admin_user", "admin_password", "admin_tenant_name",
}

// legacyAuthIgnored reports a legacy option of [keystone_authtoken] that
// keystonemiddleware ignores because an auth plugin is configured
// (AuthProtocol._create_auth_plugin builds the legacy plugin only without
// auth_type).
func (p *pass) legacyAuthIgnored(e *conf.Entry) bool {
	return e.Section.Group == "keystone_authtoken" && slices.Contains(legacyAuthKeys, e.Key) && p.authType("keystone_authtoken") != ""
}

func checkAuthtoken(p *pass) {
	const g = "keystone_authtoken"
	if at := p.authType(g); at != "" {
		reportIgnoredLegacyAuth(p, at)
	} else {
		legacy := false
		for _, k := range []string{"identity_uri", "admin_user", "admin_password", "admin_token"} {
			if _, ok := p.find(g, k); ok {
				legacy = true
			}
		}
		msg := "[keystone_authtoken] has no auth_type: keystonemiddleware cannot authenticate heat-api to Keystone, so no token is validated; write auth_type = password with auth_url, username, password, project_name and the domains"
		if legacy {
			msg = "[keystone_authtoken] authenticates with the legacy admin_* / identity_uri options, deprecated since Mitaka and removed in keystonemiddleware 13 (2026.2); write auth_type = password with auth_url, username, password, project_name and the domains"
		}
		sev := Error
		if legacy && p.reg.Release().HeatMajor < 27 {
			sev = Warning // the legacy plugin still works before keystonemiddleware 13 (2026.2)
		}
		p.missing(g, sev, "%s", msg)
		if e, ok := p.find(g, "identity_uri"); ok && e != nil {
			// keystonemiddleware builds the URL from auth_protocol,
			// auth_host and auth_port only when identity_uri is unset
			var ignored []*conf.Entry
			for _, k := range []string{"auth_host", "auth_port", "auth_protocol"} {
				if x, ok := p.find(g, k); ok {
					ignored = append(ignored, x)
				}
			}
			if len(ignored) > 0 {
				var locs []Location
				for _, x := range ignored[1:] {
					locs = append(locs, locationOf(x))
				}
				p.related(locs, func() {
					p.atKey(ignored[0], Warning, nil, "", "[keystone_authtoken] auth_host, auth_port and auth_protocol are deprecated (keystonemiddleware, Juno) and ignored because identity_uri is set; delete them")
				})
			}
		}
	}
	if _, ok := p.find(g, "www_authenticate_uri"); !ok {
		if _, ok := p.find(g, "auth_uri"); !ok {
			p.missing(g, Warning, "[keystone_authtoken] has no www_authenticate_uri: clients are not told where to authenticate, and Heat's [clients_keystone] falls back to it")
		}
	}
}

// reportIgnoredLegacyAuth says once that legacy auth options sit next to
// an auth plugin, every such line related: keystonemiddleware reads none
// of them, so what they say (often the only admin_* a sample had, or a
// placeholder) is not what heat-api uses; the fix deletes them.
func reportIgnoredLegacyAuth(p *pass, authType string) {
	var ignored []*conf.Entry
	p.entries(func(e *conf.Entry) {
		if p.legacyAuthIgnored(e) {
			ignored = append(ignored, e)
		}
	})
	if len(ignored) == 0 {
		return
	}
	var keys []string
	var locs []Location
	fix := &Fix{}
	for i, e := range ignored {
		if !slices.Contains(keys, e.Key) {
			keys = append(keys, e.Key)
		}
		if i > 0 {
			locs = append(locs, locationOf(e))
		}
		fix.Edits = append(fix.Edits, deleteEntry(e).Edits...)
	}
	p.related(locs, func() {
		p.atKey(ignored[0], Warning, fix, "delete the lines",
			"[keystone_authtoken] sets the legacy %s next to auth_type = %s: keystonemiddleware authenticates with the plugin's options and ignores these (deprecated since Mitaka, removed in keystonemiddleware 13); delete them",
			strings.Join(keys, ", "), authType)
	})
}

func checkTrustee(p *pass) {
	const g = "trustee"
	method := p.value("DEFAULT", "deferred_auth_method")
	reauth := p.value("DEFAULT", "reauthentication_auth_method")
	if method == "password" && reauth != "trusts" {
		return
	}
	if p.authType(g) == "" {
		p.missing(g, Error, "[trustee] has no auth_type: Heat cannot create trusts, so every stack create fails (deferred_auth_method = trusts); write auth_type = password with auth_url, username, password and user_domain_name")
	} else {
		var lack []string
		for _, k := range []string{"auth_url", "password"} {
			if p.value(g, k) == "" {
				lack = append(lack, k)
			}
		}
		if p.value(g, "username") == "" && p.value(g, "user_id") == "" {
			lack = append(lack, "username")
		}
		if p.value(g, "username") != "" && p.value(g, "user_domain_id") == "" && p.value(g, "user_domain_name") == "" &&
			p.value(g, "default_domain_id") == "" && p.value(g, "default_domain_name") == "" {
			lack = append(lack, "user_domain_name (or user_domain_id)")
		}
		if len(lack) > 0 {
			p.missing(g, Error, "[trustee] lacks %s: Heat cannot authenticate to create trusts", strings.Join(lack, ", "))
		}
	}
	// keystoneauth1 identity/v3/base.py counts domain, project, trust,
	// system and unscoped as scopes and refuses more than one; Heat always
	// passes the trust. project_domain_* only qualifies a project_name:
	// alone it scopes nothing and is ignored.
	var projectDomain []*conf.Entry
	for _, k := range []string{"project_domain_id", "project_domain_name"} {
		if e, ok := p.find(g, k); ok {
			projectDomain = append(projectDomain, e)
		}
	}
	scoped := false
	for _, k := range []string{"project_id", "project_name", "domain_id", "domain_name", "trust_id", "system_scope"} {
		e, ok := p.find(g, k) // tenant_id, tenant_name: the deprecated names of project_*
		if !ok {
			continue
		}
		var locs []Location
		if strings.HasPrefix(k, "project_") && !scoped {
			for _, d := range projectDomain {
				locs = append(locs, locationOf(d))
			}
		}
		scoped = scoped || strings.HasPrefix(k, "project_")
		p.related(locs, func() {
			p.atKey(e, Error, deleteEntry(e), "delete the line",
				"[trustee] %s scopes the trustee, but Heat passes a trust id: keystoneauth fails with \"Authentication cannot be scoped to multiple targets\"; delete it", e.Key)
		})
	}
	if !scoped {
		for _, e := range projectDomain {
			p.atKey(e, Info, deleteEntry(e), "delete the line",
				"[trustee] %s is ignored: keystoneauth reads it only to find a project_name, and the trustee has none (nor may it have one); delete it", e.Key)
		}
	}
}

// hostIs reports whether v is a URL or host[:port] whose host is host.
func hostIs(v, host string) bool {
	if !containsFold(v, host) {
		return false
	}
	if u, err := url.Parse(v); err == nil && u.Host != "" {
		return strings.EqualFold(u.Hostname(), host)
	}
	h := v
	if hh, _, err := net.SplitHostPort(v); err == nil {
		h = hh
	}
	return strings.EqualFold(h, host)
}

// containsFold reports whether s contains sub, ignoring ASCII case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

var ruleEC2AuthURI = &Rule{
	ID: "ec2authtoken-unversioned", Severity: Error, Family: "keystone",
	Summary: "[ec2authtoken] auth_uri without /v3: Heat before 24.1.1 posts EC2 signatures to <auth_uri>/ec2tokens, which Keystone does not serve",
	check:   checkEC2AuthURI,
}

// checkEC2AuthURI follows heat/api/aws/ec2token.py up to 24.1.0:
// _conf_get_auth_uri replaces v2.0 with v3, and _conf_get_keystone_ec2_uri
// appends /ec2tokens unless the URI ends in ec2tokens. Keystone serves
// only /v3/ec2tokens, so an unversioned URI fails every EC2-signed request
// (heat-api-cfn, wait conditions, CFN signals). 24.1.1 strips the suffix
// and appends /v3/ec2tokens itself; 27.0.0 removed the option.
func checkEC2AuthURI(p *pass) {
	if p.reg.Release().HeatMajor >= 25 {
		return
	}
	const g = "ec2authtoken"
	e, v, ok := p.lookup(g, "auth_uri")
	if !ok || v == "" || p.authType(g) != "" {
		return // the keystoneauth options of 24.1.1 do not use it that way
	}
	path := strings.TrimRight(v, "/")
	if strings.HasSuffix(path, "ec2tokens") || strings.HasSuffix(path, "/v3") || strings.HasSuffix(path, "/v2.0") {
		return
	}
	fix := replaceInValue(e, v, strings.TrimRight(v, "/")+"/v3")
	p.atValue(e, Error, fix, "append /v3",
		"[ec2authtoken] auth_uri has no /v3: Heat %s posts EC2 signatures to %s/ec2tokens, which Keystone does not serve (only /v3/ec2tokens), so heat-api-cfn, wait conditions and signals fail to authenticate (fixed in Heat 24.1.1); write %s/v3",
		p.reg.HeatVersion(), path, path)
}

// unusedProjectDomain reports a project_domain_id of a keystoneauth group
// with no project_name: keystoneauth sends the project's domain only to
// qualify a project name (identity/v3/base.py), so the value is never used.
func (p *pass) unusedProjectDomain(e *conf.Entry) bool {
	re := p.res.of(e)
	if !re.known || re.match.Option.Name != "project_domain_id" || !p.reg.LoadsPlugin(re.group) {
		return false
	}
	return !p.setAny(re.group, "project_name")
}

var ruleAuthType = &Rule{
	ID: "auth-type", Severity: Error, Family: "keystone",
	Summary: "an auth_type that names no keystoneauth plugin (a typo such as pasword): the group cannot authenticate, and none of its plugin options is read",
	check:   checkAuthTypes,
}

// checkAuthTypes reports an auth_type (or auth_plugin) that keystoneauth
// cannot load (loading.get_plugin_loader raises NoMatchingPlugin) on its
// own line. Every plugin option of the group is then unresolvable; those
// lines are this finding's related locations, not unknown options of
// their own.
func checkAuthTypes(p *pass) {
	if len(p.res.authLine) == 0 {
		return
	}
	known := p.reg.AuthTypes()
	if len(known) == 0 {
		return
	}
	groups := make([]string, 0, len(p.res.authLine))
	for g := range p.res.authLine {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	for _, g := range groups {
		e := p.res.authLine[g]
		at := p.res.authType[g]
		if e == nil || at == "" || slices.Contains(known, at) {
			continue
		}
		var locs []Location
		for _, f := range p.files {
			for _, s := range f.Sections {
				for _, x := range s.Entries {
					if re := p.res.of(x); re.group == g && re.pluginUnknown {
						locs = append(locs, locationOf(x))
					}
				}
			}
		}
		caused := ""
		if len(locs) > 0 {
			caused = fmt.Sprintf("; none of its %d plugin option line(s) is read either", len(locs))
		}
		near, ok := suggest.Closest(at, known)
		if ok && suggest.Distance(at, near) <= max(2, len(at)/4) {
			p.related(locs, func() {
				p.atValue(e, Error, replaceInValue(e, at, near), "write "+near,
					"[%s] %s = %s names no keystoneauth plugin: loading it fails (NoMatchingPlugin), so [%s] cannot authenticate%s; did you mean %s?",
					e.Section.Group, e.Key, at, e.Section.Group, caused, near)
			})
			continue
		}
		p.related(locs, func() {
			p.atValue(e, Warning, nil, "",
				"[%s] %s = %s is no plugin keystoneauth1 or the OpenStack clients ship (%s): unless a package you installed adds it, loading fails (NoMatchingPlugin)%s",
				e.Section.Group, e.Key, at, strings.Join(commonAuthTypes(known), ", "), caused)
		})
	}
}

// commonAuthTypes are the plugins worth naming in a message.
func commonAuthTypes(known []string) []string {
	var out []string
	for _, t := range []string{"password", "v3password", "v3applicationcredential", "token", "v3token"} {
		if slices.Contains(known, t) {
			out = append(out, t)
		}
	}
	return out
}

var ruleEndpointInterface = &Rule{
	ID: "endpoint-interface", Severity: Error, Family: "keystone",
	Summary: "an interface, endpoint_type or valid_interfaces that keystoneauth matches to no catalog endpoint (Internal, internalurl, private) or rejects",
	check:   checkEndpointInterfaces,
}

var catalogInterfaces = []string{"public", "internal", "admin"}

// checkEndpointInterfaces follows keystoneauth1: the v3 service catalog
// compares an endpoint's interface with the configured one after
// interface.rstrip('URL') (access/service_catalog.py, since 3.0.0, 2017),
// exactly and case-sensitively, so publicURL works like public while
// Internal or internalurl match nothing (EndpointNotFound when Heat or
// keystonemiddleware looks the service up). valid_interfaces accepts only
// public, internal and admin from keystoneauth1 5.10.0 (2025.1), and may
// not be set together with interface (loading/adapter.py, TypeError).
// Options whose data lists choices are left to invalid-value.
func checkEndpointInterfaces(p *pass) {
	p.entries(func(e *conf.Entry) {
		re := p.res.of(e)
		if !re.known {
			return
		}
		o := re.match.Option
		if len(o.Choices) > 0 {
			return // invalid-value owns it
		}
		if o.Name != "interface" && o.Name != "endpoint_type" && o.Name != "valid_interfaces" {
			return
		}
		v, _ := conf.Unescape(e.Value)
		switch o.Name {
		case "interface", "endpoint_type":
			if v == "" || catalogMatch(v) {
				return
			}
			reportInterface(p, e, v, v)
		case "valid_interfaces":
			if p.value(re.group, "interface") != "" {
				p.atKey(e, Error, nil, "", "[%s] sets both valid_interfaces and interface: keystoneauth refuses the pair (\"interface and valid_interfaces are mutually exclusive\"); keep valid_interfaces", e.Section.Group)
			}
			for _, item := range strings.Split(v, ",") {
				item = strings.TrimSpace(item)
				if item == "" || slices.Contains(catalogInterfaces, item) {
					continue
				}
				reportInterface(p, e, v, item)
			}
		}
	})
}

// catalogMatch reports a value keystoneauth's v3 catalog matches.
func catalogMatch(v string) bool {
	return slices.Contains(catalogInterfaces, strings.TrimRight(v, "URL"))
}

func reportInterface(p *pass, e *conf.Entry, value, bad string) {
	want := strings.TrimSuffix(strings.Trim(strings.ToLower(bad), "_- "), "url")
	want = strings.Trim(want, "_- ")
	if !slices.Contains(catalogInterfaces, want) {
		if near, ok := suggest.Closest(want, catalogInterfaces); ok && suggest.Distance(want, near) <= 2 {
			want = near
		} else {
			want = ""
		}
	}
	msg := fmt.Sprintf("[%s] %s = %s: keystoneauth matches %q to no catalog interface (public, internal or admin, compared exactly after dropping a trailing URL), so the service is not found",
		e.Section.Group, e.Key, value, bad)
	if e.Key == "valid_interfaces" {
		msg = fmt.Sprintf("[%s] valid_interfaces = %s: keystoneauth accepts only public, internal and admin here and raises TypeError for %q when Heat loads the adapter, so the service does not start", e.Section.Group, value, bad)
	}
	if want == "" {
		p.atValue(e, Error, nil, "", "%s", msg)
		return
	}
	p.atValue(e, Error, replaceInValue(e, bad, want), "write "+want, "%s; write %s", msg, want)
}
