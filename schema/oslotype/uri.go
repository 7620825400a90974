package oslotype

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The regular expressions of rfc3986 1.5 (abnf_regexp.py, misc.py), which
// oslo_config.types.URI validates with. pyEnd is Python's $ (end of text or
// before a final newline).
const (
	pyEnd       = `(?:\n?\z)`
	rfcUnres    = `A-Za-z0-9._~\-`
	rfcSubDelim = `!$&'()\*+,;=`
	rfcPct      = `%[A-Fa-f0-9]{2}`
	rfcRegName  = `((?:%[0-9A-Fa-f]{2}|[` + rfcSubDelim + rfcUnres + `])*)`
	rfcIPv4     = `([0-9]{1,3}\.){3}[0-9]{1,3}`
	rfcHex      = `[0-9A-Fa-f]{1,4}`
	rfcLS32     = `(` + rfcHex + `:` + rfcHex + `|` + rfcIPv4 + `)`
	rfcIPv6     = `((` + `(` + rfcHex + `:){6}` + rfcLS32 + `)|(` +
		`::(` + rfcHex + `:){5}` + rfcLS32 + `)|(` +
		`(` + rfcHex + `)?::(` + rfcHex + `:){4}` + rfcLS32 + `)|(` +
		`((` + rfcHex + `:)?` + rfcHex + `)?::(` + rfcHex + `:){3}` + rfcLS32 + `)|(` +
		`((` + rfcHex + `:){0,2}` + rfcHex + `)?::(` + rfcHex + `:){2}` + rfcLS32 + `)|(` +
		`((` + rfcHex + `:){0,3}` + rfcHex + `)?::` + rfcHex + `:` + rfcLS32 + `)|(` +
		`((` + rfcHex + `:){0,4}` + rfcHex + `)?::` + rfcLS32 + `)|(` +
		`((` + rfcHex + `:){0,5}` + rfcHex + `)?::` + rfcHex + `)|(` +
		`((` + rfcHex + `:){0,6}` + rfcHex + `)?::` + `))`
	rfcIPvFuture  = `v[0-9A-Fa-f]+\.[` + rfcUnres + rfcSubDelim + `:]+`
	rfcZoneID     = `(?:[` + rfcUnres + `]|` + rfcPct + `)+`
	rfcIPv6Z4007  = rfcIPv6 + `(?:(?:%25|%)` + rfcZoneID + `)?`
	rfcIPv6Z      = rfcIPv6 + `(?:%25` + rfcZoneID + `)?`
	rfcIPLiteral  = `\[(` + rfcIPv6Z4007 + `|` + rfcIPvFuture + `)\]`
	rfcHost       = `(` + rfcRegName + `|` + rfcIPv4 + `|` + rfcIPLiteral + `)`
	rfcUserinfo   = `^([` + rfcUnres + rfcSubDelim + `:]|` + rfcPct + `)+`
	rfcPort       = `[0-9]{1,5}`
	rfcPchar      = `([` + rfcUnres + rfcSubDelim + `:@]|` + rfcPct + `)`
	rfcPcharNC    = `([` + rfcUnres + rfcSubDelim + `@]|` + rfcPct + `)`
	rfcSegment    = rfcPchar + `*`
	rfcSegmentNZ  = rfcPchar + `+`
	rfcSegNZNC    = rfcPcharNC + `+`
	rfcPathRootls = rfcSegmentNZ + `(/` + rfcSegment + `)*`
	rfcPathNoSch  = rfcSegNZNC + `(/` + rfcSegment + `)*`
	rfcPathAbs    = `/(` + rfcPathRootls + `)?`
	rfcPathAbEmpt = `(/` + rfcSegment + `)*`
)

// uriRegexps are compiled on first use: the RFC 3986 expressions are large,
// and compiling them at start would cost every heatconf command a
// millisecond.
type uriRegexps struct {
	uri, subauthority, host, ipv4, ipv6, ipv6NoZone, path, percent *regexp.Regexp

	groupScheme, groupAuthority, groupPath, subGroupHost int
}

var uriRE = sync.OnceValue(func() *uriRegexps {
	r := &uriRegexps{
		uri: regexp.MustCompile(`^(?:(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):)?(?://(?P<authority>[^\\/?#]*))?` +
			`(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?`),
		subauthority: regexp.MustCompile(`^(?:(?P<userinfo>` + rfcUserinfo + `)@)?(?P<host>` + rfcHost + `):?(?P<port>` + rfcPort + `)?` + pyEnd),
		host:         regexp.MustCompile(`^` + rfcHost + pyEnd),
		ipv4:         regexp.MustCompile(`^` + rfcIPv4 + pyEnd),
		ipv6:         regexp.MustCompile(`^\[` + rfcIPv6Z4007 + `\]` + pyEnd),
		ipv6NoZone:   regexp.MustCompile(`^\[` + rfcIPv6Z + `\]` + pyEnd),
		path:         regexp.MustCompile(`^(` + rfcPathAbEmpt + `|` + rfcPathAbs + `|` + rfcPathNoSch + `|` + rfcPathRootls + `|^` + pyEnd + `)` + pyEnd),
		percent:      regexp.MustCompile(rfcPct),
	}
	r.groupScheme = r.uri.SubexpIndex("scheme")
	r.groupAuthority = r.uri.SubexpIndex("authority")
	r.groupPath = r.uri.SubexpIndex("path")
	r.subGroupHost = r.subauthority.SubexpIndex("host")
	return r
})

// rfcNonPctEncoded are the characters rfc3986's encode_component keeps.
const rfcNonPctEncoded = ":/?#[]@" + "!$&'()*+,;=" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._!-~"

// encodeComponent is rfc3986 normalizers.encode_component (UTF-8).
func encodeComponent(s string) string {
	pctEncoded := len(uriRE().percent.FindAllStringIndex(s, -1)) == strings.Count(s, "%")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (pctEncoded && c == '%') || (c < 128 && strings.IndexByte(rfcNonPctEncoded, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// validateURI is oslo_config.types.URI: rfc3986.uri_reference(value) checked
// by a Validator that requires scheme and host, checks the validity of
// scheme, host and path, and allows only the type's schemes; then the
// maximum length.
func (t *Type) validateURI(value string) error {
	m := uriRE().uri.FindStringSubmatchIndex(value)
	group := func(i int) (string, bool) {
		if m == nil || m[2*i] < 0 {
			return "", false
		}
		return value[m[2*i]:m[2*i+1]], true
	}
	scheme, _ := group(uriRE().groupScheme)
	authority, _ := group(uriRE().groupAuthority)
	rawPath, _ := group(uriRE().groupPath)
	path := encodeComponent(rawPath)

	// authority_info(): the host, or none when the authority is invalid
	host, hasHost := "", false
	if authority != "" {
		if sm := uriRE().subauthority.FindStringSubmatchIndex(authority); sm != nil && sm[2*uriRE().subGroupHost] >= 0 {
			host, hasHost = authority[sm[2*uriRE().subGroupHost]:sm[2*uriRE().subGroupHost+1]], true
			if host != "" && uriRE().ipv4.MatchString(host) && !ipv4Bytes(host) {
				host, hasHost = "", false
			}
		}
	}
	var missing []string
	if hasHost == false {
		missing = append(missing, "host")
	}
	if scheme == "" {
		missing = append(missing, "scheme")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s was required but missing", strings.Join(missing, ", "))
	}
	var invalid []string
	if !hostIsValid(host) {
		invalid = append(invalid, "host")
	}
	if path != "" && !uriRE().path.MatchString(path) {
		invalid = append(invalid, "path")
	}
	if len(invalid) > 0 {
		return fmt.Errorf("%s was found to be invalid", strings.Join(invalid, ", "))
	}
	if len(t.Schemes) > 0 {
		ok := false
		for _, s := range t.Schemes {
			if strings.ToLower(s) == scheme {
				ok = true
			}
		}
		if !ok {
			return fmt.Errorf("%s was not in %s", optdataRepr(scheme), schemesRepr(t.Schemes))
		}
	}
	if t.MaxLength != nil && utf8.RuneCountInString(value) > *t.MaxLength {
		return fmt.Errorf("Value '%s' exceeds maximum length %d", value, *t.MaxLength)
	}
	return nil
}

func hostIsValid(host string) bool {
	if !uriRE().host.MatchString(host) {
		return false
	}
	if uriRE().ipv4.MatchString(host) {
		return ipv4Bytes(host)
	}
	if uriRE().ipv6.MatchString(host) {
		return uriRE().ipv6NoZone.MatchString(host)
	}
	return true
}

// ipv4Bytes is rfc3986's valid_ipv4_host_address: every byte <= 255.
func ipv4Bytes(host string) bool {
	for _, b := range strings.Split(strings.TrimSuffix(host, "\n"), ".") {
		n, err := strconv.Atoi(b)
		if err != nil || n < 0 || n > 255 {
			return false
		}
	}
	return true
}

func optdataRepr(s string) string { return "'" + s + "'" }

func schemesRepr(schemes []string) string {
	q := make([]string, len(schemes))
	for i, s := range schemes {
		q[i] = "'" + strings.ToLower(s) + "'"
	}
	return "{" + strings.Join(q, ", ") + "}"
}
