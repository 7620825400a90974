package site

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/schema/releases"
)

// The site is validated in one pass. validator/v10 checks the rules the
// struct tags declare (required, min, max, oneof, unique, ip); heatconf's
// own rules (valueChecks) run once on each value they concern and return
// their message; the rules across fields come last (crossChecks). Every
// problem is reported at its key path, where the site file writes it.

// ValidHostName is heatconf's one host-name rule, for every host the
// site names: [hosts] keys and names, the database and RabbitMQ hosts,
// memcached servers and the hosts of the Keystone and Heat URLs. It
// accepts an RFC 1123 host name: dot-separated labels of 1-63 ASCII
// letters, digits and hyphens that neither start nor end with a hyphen,
// 253 characters at most, and no trailing dot — "ctl1." would be another
// [DEFAULT] host than "ctl1", another name in Keystone's catalog and a
// name TLS certificates do not carry. A [hosts] key names the directory
// its host's files go into, so this is also what keeps such a directory
// inside the output: no "/", "..", control, space or other character a
// path or a terminal would read differently.
func ValidHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// ReservedHostKeys are the names of the files render writes at the top of
// its output, beside the directories of a multi-host site's hosts (and in
// them), secret-free renders' included: a
// [hosts] key that is one of them (in any case) would name a directory and
// a file at the same place.
func ReservedHostKeys() []string {
	return []string{"bootstrap-db.sh", "bootstrap-db.sql", "bootstrap-keystone.sh", "heat-environment.conf", "heat.conf", "heat.env", "install-heat.sh"}
}

// validHost accepts a host name (ValidHostName) or an IP address.
func validHost(s string) bool { return ValidHostName(s) || net.ParseIP(s) != nil }

func validName(s string) bool {
	if s == "" || len(s) > 255 || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// validRegion accepts a region ID that Keystone's /v3/regions/{id} path can
// carry: 1-255 printable ASCII characters without spaces or '/', and not a
// relative step ("." or "..").
func validRegion(s string) bool {
	if s == "" || len(s) > 255 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f || s[i] == '/' {
			return false
		}
	}
	return true
}

// checkURL accepts http(s)://host[:port][/path]; with base, the path must be
// empty or "/".
func checkURL(s string, base bool) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("scheme must be http or https")
	case u.Host == "" || u.Hostname() == "":
		return errors.New("has no host")
	case !validHost(u.Hostname()):
		return fmt.Errorf("%q is not a host name or IP address", u.Hostname())
	case u.User != nil:
		return errors.New("must not carry credentials")
	case u.RawQuery != "" || u.Fragment != "":
		return errors.New("must not have a query or fragment")
	case base && u.Path != "" && u.Path != "/":
		return errors.New("must have no path")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return errors.New("port must be 1-65535")
		}
	}
	return nil
}

// SplitHostPort splits "host", "host:port", "[v6]" or "[v6]:port", using
// defPort when no port is given. It is used for RabbitMQ and memcached hosts.
func SplitHostPort(s string, defPort int) (string, int, error) {
	host, port := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]")
		if end < 0 {
			return "", 0, errors.New("missing ] after IPv6 address")
		}
		host = s[1:end]
		rest := s[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return "", 0, errors.New("unexpected text after ]")
			}
			port = rest[1:]
		}
		if net.ParseIP(host) == nil {
			return "", 0, fmt.Errorf("%q is not an IPv6 address", host)
		}
	} else if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if strings.Count(s, ":") > 1 {
			return "", 0, errors.New("write an IPv6 address in brackets: [addr]:port")
		}
		host, port = s[:i], s[i+1:]
	}
	if host == "" {
		return "", 0, errors.New("has no host")
	}
	if !validHost(host) {
		return "", 0, fmt.Errorf("%q is not a host name or IP address", host)
	}
	p := defPort
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", 0, fmt.Errorf("port %q must be a number from 1 to 65535", port)
		}
		p = n
	}
	return host, p, nil
}

// validate runs the declared rules, heatconf's own rules on each value and
// the rules across fields, each once.
func (s *Site) validate() Errors {
	var errs Errors
	s.rel, s.relErr = releases.Lookup(s.Release) // the one look-up of the site's release
	failed := map[string]bool{}                  // keys the declared rules reported
	for _, f := range checkDeclared(s) {
		failed[f.key] = true
		if s.derived[f.key] {
			continue // reported where the value was written
		}
		errs = append(errs, s.errAt(f.key, declaredMessage(f), declaredHint(f)))
	}
	errs = append(errs, s.checkValues(failed)...)
	errs = append(errs, s.crossChecks()...)
	return errs
}

// A check is one of heatconf's own rules for a value: what is wrong with
// it ("" when nothing is), and a hint when there is more to say.
type check func(v string) (msg, hint string)

// valueCheck is a check of the value at a key path.
type valueCheck struct {
	key   string
	value string
	check check
	list  string // for an element, the key of its list
}

// valueChecks lists every value of the site that heatconf's own rules
// check, with its key path.
func (s *Site) valueChecks() []valueCheck {
	k, e, d, m := &s.Keystone, &s.Endpoints, &s.Database, &s.Messaging
	cs := []valueCheck{
		{key: "release", value: s.Release, check: s.checkRelease},
		{key: "region", value: s.Region, check: checkRegion},
		{key: "keystone.public_url", value: k.PublicURL, check: checkHTTPURL},
		{key: "keystone.internal_url", value: k.InternalURL, check: checkHTTPURL},
		{key: "keystone.service_project", value: k.ServiceProject, check: checkName},
		{key: "keystone.service_domain", value: k.ServiceDomain, check: checkName},
		{key: "keystone.heat_user", value: k.HeatUser, check: checkName},
		{key: "keystone.stack_domain", value: k.StackDomain, check: checkName},
		{key: "keystone.stack_domain_admin", value: k.StackDomainAdmin, check: checkName},
		{key: "keystone.stack_user_role", value: k.StackUserRole, check: checkName},
		{key: "keystone.stack_owner_role", value: k.StackOwnerRole, check: checkName},
		{key: "endpoints.heat_public", value: e.HeatPublic, check: checkBaseURL},
		{key: "endpoints.heat_internal", value: e.HeatInternal, check: checkBaseURL},
		{key: "endpoints.heat_admin", value: e.HeatAdmin, check: checkBaseURL},
		{key: "endpoints.cfn_public", value: e.CfnPublic, check: checkBaseURL},
		{key: "endpoints.cfn_internal", value: e.CfnInternal, check: checkBaseURL},
		{key: "endpoints.cfn_admin", value: e.CfnAdmin, check: checkBaseURL},
		{key: "database.host", value: d.Host, check: checkHost},
		{key: "database.name", value: d.Name, check: checkDBIdent},
		{key: "database.user", value: d.User, check: checkDBIdent},
		{key: "database.ca_file", value: d.CAFile, check: checkAbsPath},
		{key: "messaging.ca_file", value: m.CAFile, check: checkAbsPath},
		{key: "tls.ca_file", value: s.TLS.CAFile, check: checkAbsPath},
		{key: "render.env_file", value: s.Render.EnvFile, check: checkEnvFile},
	}
	list := func(key string, values []string, c check) {
		for i, v := range values {
			cs = append(cs, valueCheck{key: fmt.Sprintf("%s[%d]", key, i), value: v, check: c, list: key})
		}
	}
	list("keystone.heat_roles", k.HeatRoles, checkName)
	for i, g := range k.StackOwners {
		for _, f := range []struct{ name, value string }{{"user", g.User}, {"project", g.Project}, {"domain", g.Domain}} {
			cs = append(cs, valueCheck{key: fmt.Sprintf("keystone.stack_owners[%d].%s", i, f.name), value: f.value, check: checkName})
		}
	}
	list("database.allowed_hosts", d.AllowedHosts, checkDBHost)
	list("messaging.hosts", m.Hosts, checkHostPort)
	list("memcache.servers", s.Memcache.Servers, checkHostPort)
	for _, n := range sortedKeys(s.Hosts) {
		cs = append(cs, valueCheck{key: "hosts." + n + ".name", value: s.Hosts[n].Name, check: checkHostName})
	}
	return cs
}

// checkValues runs each value check once. A value is not checked where
// the declared rules already reported it or its list (validator/v10 does
// not look inside a list it rejects), nor where it was derived from
// another key (reported there). An empty value is checked only in a
// list: elsewhere "required" reports it, or the key is optional.
func (s *Site) checkValues(failed map[string]bool) Errors {
	var errs Errors
	for _, c := range s.valueChecks() {
		if failed[c.key] || failed[c.list] || s.derived[c.key] || c.list == "" && c.value == "" {
			continue
		}
		if msg, hint := c.check(c.value); msg != "" {
			errs = append(errs, s.errAt(c.key, msg, hint))
		}
	}
	if len(s.Memcache.Servers) > 0 && !s.Memcache.SecretKey.IsSet() {
		errs = append(errs, s.errAt("memcache.secret_key", "is required when memcache servers are set (memcache_security_strategy = ENCRYPT needs a key)", ""))
	}
	return errs
}

func (s *Site) checkRelease(string) (string, string) {
	if s.relErr != nil {
		return s.relErr.Error(), ""
	}
	return "", ""
}

func checkRegion(v string) (string, string) {
	if validRegion(v) {
		return "", ""
	}
	return fmt.Sprintf("%q is not a usable region ID (1-255 printable ASCII characters, no spaces, no '/', not . or ..: it goes into Keystone's /v3/regions/{id} path)", v), ""
}

func checkHTTPURL(v string) (string, string) {
	if err := checkURL(v, false); err != nil {
		return fmt.Sprintf("%q is not a usable URL: %v", v, err), ""
	}
	return "", ""
}

func checkBaseURL(v string) (string, string) {
	if err := checkURL(v, true); err != nil {
		return fmt.Sprintf("%q is not a usable URL: %v", v, err),
			"give scheme, host and port only (e.g. https://cloud.example.com:8004); heatconf adds the paths"
	}
	return "", ""
}

func checkName(v string) (string, string) {
	if validName(v) {
		return "", ""
	}
	return fmt.Sprintf("%q is not a usable Keystone name (1-255 characters, no control characters, no surrounding spaces)", v), ""
}

func checkHost(v string) (string, string) {
	if validHost(v) {
		return "", ""
	}
	return fmt.Sprintf("%q is not a host name or IP address", v), ""
}

func checkHostName(v string) (string, string) {
	if ValidHostName(v) {
		return "", ""
	}
	return fmt.Sprintf("%s is not a host name (RFC 1123: letters, digits, hyphens and dots)", strconv.QuoteToASCII(v)), ""
}

func checkHostPort(v string) (string, string) {
	if _, _, err := SplitHostPort(v, 1); err != nil {
		return fmt.Sprintf("%q is not host[:port]: %v", v, err), ""
	}
	return "", ""
}

func checkDBIdent(v string) (string, string) {
	if len(v) <= 64 && dbIdentRE().MatchString(v) {
		return "", ""
	}
	return fmt.Sprintf("%q must be 1-64 letters, digits or underscores", v), ""
}

func checkDBHost(v string) (string, string) {
	if len(v) <= 255 && dbHostRE().MatchString(v) {
		return "", ""
	}
	return fmt.Sprintf("%q is not a MySQL host pattern (a host name, an address, or %% wildcards)", v), ""
}

func checkAbsPath(v string) (string, string) {
	if strings.HasPrefix(v, "/") && !strings.ContainsAny(v, "\x00\n\r") {
		return "", ""
	}
	return fmt.Sprintf("%q must be an absolute path", v), ""
}

// checkEnvFile accepts an absolute path that a systemd drop-in line and a
// shell word carry as they are: no white space, quotes, "$", "%", "\\" or
// control characters.
func checkEnvFile(v string) (string, string) {
	if msg, _ := checkAbsPath(v); msg != "" {
		return msg, ""
	}
	for _, r := range v {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("\"'`$%\\;#", r) {
			return fmt.Sprintf("%q must be a plain absolute path (no white space, quotes, $, %%, \\, ; or #): systemd's EnvironmentFile= names it", v),
				`the default is "` + DefaultEnvFile + `"`
		}
	}
	if strings.HasSuffix(v, "/") {
		return fmt.Sprintf("%q names a directory, not a file", v), ""
	}
	return "", ""
}

var (
	dbIdentRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_]+$`) })
	dbHostRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.:%-]+$`) })
)

// crossChecks are the rules that span fields.
func (s *Site) crossChecks() Errors {
	var errs Errors
	names := make([]string, 0, len(s.Hosts))
	for n := range s.Hosts {
		names = append(names, n)
	}
	sort.Strings(names)
	seenBind := map[string]string{}
	seenName := map[string]string{}
	seenKey := map[string]string{}
	for _, n := range names {
		h := s.Hosts[n]
		if !ValidHostName(n) {
			e := s.errAt("hosts."+n, fmt.Sprintf("the host key %s is not a host name", strconv.QuoteToASCII(n)),
				"a [hosts] key names the directory of its host's files: write an RFC 1123 host name such as \"ctl1\" or \"ctl1.example.net\" (letters, digits, hyphens and dots)")
			e.Key = "hosts." + strconv.QuoteToASCII(n)
			errs = append(errs, e)
			continue
		}
		if slices.ContainsFunc(ReservedHostKeys(), func(r string) bool { return strings.EqualFold(r, n) }) {
			errs = append(errs, s.errAt("hosts."+n, fmt.Sprintf("the host key %q is the name of an output file", n),
				"a [hosts] key names the directory of its host's files, beside "+strings.Join(ReservedHostKeys(), ", ")+": name the host another way"))
			continue
		}
		if other, ok := seenKey[strings.ToLower(n)]; ok {
			errs = append(errs, s.errAt("hosts."+n, fmt.Sprintf("the host key %q differs from %q only in case", n, other),
				"their directories would be the same on a case-insensitive file system"))
		}
		seenKey[strings.ToLower(n)] = n
		if h.BindHost != "" {
			if other, ok := seenBind[h.BindHost]; ok {
				errs = append(errs, s.errAt("hosts."+n+".bind_host",
					fmt.Sprintf("bind_host %s is also the bind_host of host %q", h.BindHost, other),
					"every controller needs its own address"))
			}
			seenBind[h.BindHost] = n
		}
		if other, ok := seenName[h.Name]; ok {
			errs = append(errs, s.errAt("hosts."+n+".name",
				fmt.Sprintf("host name %q is also used by host %q", h.Name, other), "[DEFAULT] host must differ per controller"))
		}
		seenName[h.Name] = n
	}
	for sec, kv := range s.Overrides {
		if sec == "" || strings.ContainsAny(sec, "[]\n\r") || strings.TrimSpace(sec) != sec {
			errs = append(errs, s.errAt("overrides."+sec, fmt.Sprintf("%q is not a usable heat.conf section name", sec), ""))
		}
		for k, v := range kv {
			if err := checkOverrideValue(v); err != nil {
				errs = append(errs, s.errAt("overrides."+sec+"."+k, err.Error(), ""))
			}
			if k == "" || strings.ContainsAny(k, "=:\n\r#;[") || strings.TrimSpace(k) != k {
				errs = append(errs, s.errAt("overrides."+sec+"."+k, fmt.Sprintf("%q is not a usable heat.conf key", k), ""))
			}
		}
	}
	return errs
}

func checkOverrideValue(v any) error {
	switch x := v.(type) {
	case string:
		if strings.ContainsAny(x, "\x00\r\n") {
			return errors.New("a heat.conf value cannot hold a newline or NUL")
		}
	case int64, float64, bool:
	case []any:
		for _, e := range x {
			if _, ok := e.([]any); ok {
				return errors.New("a list value cannot hold lists")
			}
			if _, ok := e.(map[string]any); ok {
				return errors.New("a list value cannot hold tables")
			}
			if err := checkOverrideValue(e); err != nil {
				return err
			}
		}
	case map[string]any:
		if len(x) != 0 {
			return errors.New("a value must be a string, number, boolean or list; {} removes the key")
		}
	default:
		return fmt.Errorf("a value of TOML type %T cannot be written to heat.conf", v)
	}
	return nil
}
