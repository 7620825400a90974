package site

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"

	"github.com/heatconf/heatconf/schema"
)

// newValidator builds the validator with heatconf's own rules. It is built
// per call: validator caches per instance, and there is no global state.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string { return tomlName(f) })
	must := func(err error) {
		if err != nil {
			panic("BUG: registering a site validation: " + err.Error())
		}
	}
	must(v.RegisterValidation("release", func(fl validator.FieldLevel) bool {
		_, err := schema.LookupRelease(fl.Field().String())
		return err == nil
	}))
	must(v.RegisterValidation("name", func(fl validator.FieldLevel) bool { return validName(fl.Field().String()) }))
	must(v.RegisterValidation("hostname", func(fl validator.FieldLevel) bool { return ValidHostName(fl.Field().String()) }))
	must(v.RegisterValidation("region", func(fl validator.FieldLevel) bool { return validRegion(fl.Field().String()) }))
	must(v.RegisterValidation("httpurl", func(fl validator.FieldLevel) bool { return checkURL(fl.Field().String(), false) == nil }))
	must(v.RegisterValidation("baseurl", func(fl validator.FieldLevel) bool { return checkURL(fl.Field().String(), true) == nil }))
	must(v.RegisterValidation("dbident", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return len(s) <= 64 && dbIdentRE().MatchString(s)
	}))
	must(v.RegisterValidation("dbhost", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return len(s) <= 255 && dbHostRE().MatchString(s)
	}))
	must(v.RegisterValidation("hostport", func(fl validator.FieldLevel) bool {
		_, _, err := SplitHostPort(fl.Field().String(), 1)
		return err == nil
	}))
	must(v.RegisterValidation("secret", func(fl validator.FieldLevel) bool {
		return fl.Field().Interface().(Secret).IsSet()
	}))
	must(v.RegisterValidation("secret_if_servers", func(fl validator.FieldLevel) bool {
		m, ok := fl.Parent().Interface().(Memcache)
		return !ok || len(m.Servers) == 0 || m.SecretKey.IsSet()
	}))
	must(v.RegisterValidation("abspath", func(fl validator.FieldLevel) bool {
		p := fl.Field().String()
		return strings.HasPrefix(p, "/") && !strings.ContainsAny(p, "\x00\n\r")
	}))
	// the length of auth_encryption_key is checked once it is resolved
	must(v.RegisterValidation("authkey", func(validator.FieldLevel) bool { return true }))
	return v
}

var (
	hostNameRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)
	})
	dbIdentRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_]+$`) })
	dbHostRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.:%-]+$`) })
)

// ValidHostName accepts an RFC 1123 host name: dot-separated labels of
// 1-63 ASCII letters, digits and hyphens that neither start nor end with a
// hyphen, 253 characters at most, no trailing dot. A [hosts] key names the
// directory its host's files go into, so this is also what keeps such a
// directory inside the output: no "/", "..", control, space or other
// character a path or a terminal would read differently.
func ValidHostName(s string) bool { return len(s) <= 253 && hostNameRE().MatchString(s) }

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
	if net.ParseIP(host) == nil && !validHostname(host) {
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

// validHostname checks RFC 1123 host names: dot-separated labels of 1-63
// letters, digits and hyphens, not starting with a hyphen; one trailing dot.
func validHostname(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// validate runs the struct rules and the rules across fields.
func (s *Site) validate() Errors {
	var errs Errors
	err := newValidator().Struct(s)
	var ves validator.ValidationErrors
	if errors.As(err, &ves) {
		for _, fe := range ves {
			key := fieldPath(fe.Namespace())
			if s.derived[key] {
				continue // reported where the value was written
			}
			errs = append(errs, s.errAt(key, s.message(fe), hintFor(fe)))
		}
	} else if err != nil {
		errs = append(errs, &Error{File: s.displayPath(), Msg: "validating: " + err.Error()})
	}
	errs = append(errs, s.crossChecks()...)
	return errs
}

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

// fieldPath turns validator's "Site.hosts[ctl1].bind_host" into the site
// file's key path "hosts.ctl1.bind_host"; list indexes stay ("[0]").
func fieldPath(ns string) string {
	ns = strings.TrimPrefix(ns, "Site.")
	var b strings.Builder
	for i := 0; i < len(ns); i++ {
		if ns[i] == '[' {
			end := strings.IndexByte(ns[i:], ']')
			if end > 0 {
				inner := ns[i+1 : i+end]
				if _, err := strconv.Atoi(inner); err != nil {
					b.WriteString("." + inner)
					i += end
					continue
				}
			}
		}
		b.WriteByte(ns[i])
	}
	return b.String()
}

func (s *Site) message(fe validator.FieldError) string {
	val := fmt.Sprint(fe.Value())
	switch fe.Tag() {
	case "required", "secret":
		if fe.Kind() == reflect.Slice {
			return "needs at least one entry"
		}
		return "is required"
	case "secret_if_servers":
		return "is required when memcache servers are set (memcache_security_strategy = ENCRYPT needs a key)"
	case "release":
		_, err := schema.LookupRelease(val)
		return err.Error()
	case "min", "max":
		if fe.Kind() == reflect.Slice {
			return fmt.Sprintf("needs at least %s entries", fe.Param())
		}
		if fe.Tag() == "min" {
			return fmt.Sprintf("is %s, must be at least %s", val, fe.Param())
		}
		return fmt.Sprintf("is %s, must be at most %s", val, fe.Param())
	case "oneof":
		return fmt.Sprintf("is %q, must be one of: %s", val, strings.Join(strings.Fields(fe.Param()), ", "))
	case "unique":
		return "lists the same entry twice"
	case "httpurl", "baseurl":
		err := checkURL(val, fe.Tag() == "baseurl")
		return fmt.Sprintf("%q is not a usable URL: %v", val, err)
	case "hostport":
		_, _, err := SplitHostPort(val, 1)
		return fmt.Sprintf("%q is not host[:port]: %v", val, err)
	case "name":
		return fmt.Sprintf("%q is not a usable Keystone name (1-255 characters, no control characters, no surrounding spaces)", val)
	case "dbident":
		return fmt.Sprintf("%q must be 1-64 letters, digits or underscores", val)
	case "dbhost":
		return fmt.Sprintf("%q is not a MySQL host pattern (a host name, an address, or %% wildcards)", val)
	case "hostname":
		return fmt.Sprintf("%s is not a host name (RFC 1123: letters, digits, hyphens and dots)", strconv.QuoteToASCII(val))
	case "hostname_rfc1123|ip", "hostname_rfc1123":
		return fmt.Sprintf("%q is not a host name or IP address", val)
	case "ip":
		return fmt.Sprintf("%q is not an IP address", val)
	case "abspath":
		return fmt.Sprintf("%q must be an absolute path", val)
	case "region":
		return fmt.Sprintf("%q is not a usable region ID (1-255 printable ASCII characters, no spaces, no '/', not . or ..: it goes into Keystone's /v3/regions/{id} path)", val)
	}
	return fmt.Sprintf("fails the %q rule", fe.Tag())
}

func hintFor(fe validator.FieldError) string {
	switch fe.Tag() {
	case "secret":
		return `write the value, or better a reference: "env:NAME" or "file:PATH"`
	case "baseurl":
		return "give scheme, host and port only (e.g. https://cloud.example.com:8004); heatconf adds the paths"
	}
	return ""
}
