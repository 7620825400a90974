// Package netloc splits the network location of the URLs OpenStack
// services read from their configuration — oslo.messaging's transport_url
// (rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost) and the
// database connection (mysql+pymysql://user:pass@host/heat) — into hosts,
// each with its user, password, host name and port as byte spans of the
// text: lint points at the exact column of a password, and the redactor
// masks exactly the password and nothing else.
//
// The reading is oslo.messaging's TransportURL.parse: Python's
// urllib.parse.urlsplit finds the network location (after "scheme://", up
// to the first '/', '?' or '#'), which is split at every ','; in each
// entry the last '@' ends the user information, whose first ':' ends the
// user name, so an '@' may stand in a password but a ':' may not stand in
// a user name; the rest is read as oslo.utils' netutils.parse_host_port
// reads it ("[v6]:port", "host:port" with exactly one ':', else a host
// with no port). Python's unquote (Unquote) decodes user and password.
//
// SQLAlchemy's make_url reads a database URL with a regular expression
// that ends the password at its first '@'; with percent-encoded
// credentials, as heatconf writes them and the install guides tell, both
// readings agree. Python's checks of bracketed hosts ("Invalid IPv6 URL")
// and of the port number (int()) are left to the caller, which has the
// spans to point at.
//
// conf re-exports this package (conf.ParseURL, conf.ParseHost, ...) for
// lint, render and site; internal/secret, which conf imports, uses it
// directly.
package netloc

import (
	"strings"
	"unicode/utf8"

	"github.com/heatconf/heatconf/internal/pystr"
)

// Span is the byte range [Start, End) of one part of the parsed text. An
// absent part (the password of "user@host") is the zero Span's opposite,
// NoSpan; an empty part that is there (the password of "user:@host") has
// Start == End.
type Span struct{ Start, End int }

// NoSpan is an absent part.
var NoSpan = Span{-1, -1}

// Present reports whether the part is there (possibly empty).
func (s Span) Present() bool { return s.Start >= 0 }

// Len is the length of the part in bytes (0 when absent).
func (s Span) Len() int {
	if !s.Present() {
		return 0
	}
	return s.End - s.Start
}

// Text is the part of text, as Python reads it: without the tabs, carriage
// returns and line feeds urlsplit removes. It is "" when the part is
// absent.
func (s Span) Text(text string) string {
	if !s.Present() {
		return ""
	}
	return removeUnsafe(text[s.Start:s.End])
}

func (s Span) shift(n int) Span {
	if !s.Present() {
		return s
	}
	return Span{s.Start + n, s.End + n}
}

// Host is one entry of a network location: [user[:password]@]host[:port].
type Host struct {
	Entry    Span // the whole entry
	User     Span // before the first ':' of the user information; absent without '@'
	Password Span // after that ':'; absent without '@' or without ':' before it
	Name     Span // the host name or address, brackets excluded; absent when empty or unreadable
	Port     Span // the port text; absent when the entry gives none
	// Bracketed: the host is written in brackets ("[fd00::1]:5672").
	Bracketed bool
}

// HasCredentials reports whether the entry has user information (an '@').
func (h Host) HasCredentials() bool { return h.User.Present() }

// URL is a URL with a network location.
type URL struct {
	Scheme Span // as written (Python lower-cases it); absent in Find for a bare "://"
	Netloc Span // between "//" and the first '/', '?', '#' or the end
	Hosts  []Host
}

// Parse reads value as one URL: "scheme://netloc[/path][?query][#fragment]",
// after leading C0 controls and spaces, as urlsplit does. ok is false when
// value has no scheme followed by "//" (oslo.messaging: "No scheme
// specified"; no network location). Offsets are into value.
func Parse(value string) (URL, bool) {
	clean, orig := withoutUnsafe(value)
	start := 0
	for start < len(clean) && clean[start] <= ' ' {
		start++
	}
	s := clean[start:]
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || !isSchemeStart(s[0]) || strings.IndexFunc(s[:colon], notSchemeRune) >= 0 ||
		!strings.HasPrefix(s[colon+1:], "//") {
		return URL{}, false
	}
	netStart := start + colon + 3
	netEnd := netStart + netlocLen(clean[netStart:], false)
	u := URL{Scheme: Span{start, start + colon}, Netloc: Span{netStart, netEnd}}
	u.Hosts = hosts(clean[netStart:netEnd], netStart)
	if orig != nil {
		u.Scheme = mapSpan(u.Scheme, orig, len(value))
		u.Netloc = mapSpan(u.Netloc, orig, len(value))
		for i := range u.Hosts {
			u.Hosts[i] = mapHost(u.Hosts[i], orig, len(value))
		}
	}
	return u, true
}

// Find returns every URL with a network location in free text (a message,
// a line of a file): each "://" with the scheme written before it, if
// any. In free text the network location also ends at white space.
func Find(text string) []URL {
	var out []URL
	for from := 0; ; {
		i := strings.Index(text[from:], "://")
		if i < 0 {
			return out
		}
		i += from
		u := URL{Scheme: NoSpan}
		a := i
		for a > 0 && !notSchemeRune(rune(text[a-1])) {
			a--
		}
		for a < i && !isSchemeStart(text[a]) {
			a++
		}
		if a < i {
			u.Scheme = Span{a, i}
		}
		netStart := i + 3
		netEnd := netStart + netlocLen(text[netStart:], true)
		u.Netloc = Span{netStart, netEnd}
		u.Hosts = hosts(text[netStart:netEnd], netStart)
		out = append(out, u)
		from = netEnd
	}
}

// Hosts splits a network location, or a list of hosts such as the old
// rabbit_hosts option, at every ',' and reads each non-empty entry with
// ParseHost. Offsets are into netloc.
func Hosts(netloc string) []Host { return hosts(netloc, 0) }

func hosts(netloc string, base int) []Host {
	var out []Host
	for off := 0; off <= len(netloc); {
		n := strings.IndexByte(netloc[off:], ',')
		if n < 0 {
			n = len(netloc) - off
		}
		if n > 0 {
			out = append(out, shiftHost(ParseHost(netloc[off:off+n]), base+off))
		}
		off += n + 1
	}
	return out
}

// ParseHost reads one entry, [user[:password]@]host[:port]. Offsets are
// into entry.
func ParseHost(entry string) Host {
	h := Host{Entry: Span{0, len(entry)}, User: NoSpan, Password: NoSpan, Name: NoSpan, Port: NoSpan}
	hp := 0 // where the host part starts
	if at := strings.LastIndexByte(entry, '@'); at >= 0 {
		h.User = Span{0, at}
		if c := strings.IndexByte(entry[:at], ':'); c >= 0 {
			h.User, h.Password = Span{0, c}, Span{c + 1, at}
		}
		hp = at + 1
	}
	rest := entry[hp:]
	switch {
	case rest == "":
		// netutils.parse_host_port: no host, no port
	case rest[0] == '[':
		// address[1:].split(']') must give two parts, host and the rest;
		// the port is what stands between the first and a second ':'
		inner := rest[1:]
		if strings.Count(inner, "]") != 1 {
			break
		}
		h.Bracketed = true
		end := strings.IndexByte(inner, ']')
		h.Name = Span{hp + 1, hp + 1 + end}
		after := hp + 1 + end + 1
		if c := strings.IndexByte(entry[after:], ':'); c >= 0 {
			p := after + c + 1
			q := strings.IndexByte(entry[p:], ':')
			if q < 0 {
				q = len(entry) - p
			}
			h.Port = Span{p, p + q}
		}
	case strings.Count(rest, ":") == 1:
		c := strings.IndexByte(rest, ':')
		h.Name, h.Port = Span{hp, hp + c}, Span{hp + c + 1, len(entry)}
	default:
		// no ':' (a name or an IPv4 address), or several (an IPv6
		// address without brackets, which can have no port)
		h.Name = Span{hp, len(entry)}
	}
	return h
}

// netlocLen is the length of the network location at the start of s: up
// to the first '/', '?' or '#' (urlsplit's _splitnetloc), and in free text
// also up to white space.
func netlocLen(s string, free bool) int {
	for i, r := range s {
		switch {
		case r == '/' || r == '?' || r == '#':
			return i
		case free && pystr.IsSpace(r):
			return i
		}
	}
	return len(s)
}

func isSchemeStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// notSchemeRune reports runes outside urlsplit's scheme_chars.
func notSchemeRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
}

func shiftHost(h Host, n int) Host {
	h.Entry, h.User, h.Password = h.Entry.shift(n), h.User.shift(n), h.Password.shift(n)
	h.Name, h.Port = h.Name.shift(n), h.Port.shift(n)
	return h
}

// isUnsafe reports the bytes urlsplit removes from a URL before reading it.
func isUnsafe(c byte) bool { return c == '\t' || c == '\r' || c == '\n' }

func removeUnsafe(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r < utf8.RuneSelf && isUnsafe(byte(r)) }) < 0 {
		return s
	}
	clean, _ := withoutUnsafe(s)
	return clean
}

// withoutUnsafe removes tabs, carriage returns and line feeds, as urlsplit
// does, and returns where each byte of the result stands in s (nil when
// nothing was removed).
func withoutUnsafe(s string) (string, []int) {
	n := 0
	for i := 0; i < len(s); i++ {
		if isUnsafe(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s, nil
	}
	b := make([]byte, 0, len(s)-n)
	orig := make([]int, 0, len(s)-n)
	for i := 0; i < len(s); i++ {
		if !isUnsafe(s[i]) {
			b = append(b, s[i])
			orig = append(orig, i)
		}
	}
	return string(b), orig
}

// mapSpan maps a span of the cleaned text back onto the original, whose
// length is n: a non-empty span from its first to its last byte, an empty
// one to where the next byte stands.
func mapSpan(s Span, orig []int, n int) Span {
	if !s.Present() {
		return s
	}
	at := func(i int) int {
		switch {
		case i < len(orig):
			return orig[i]
		case len(orig) > 0:
			return orig[len(orig)-1] + 1 // just after the last byte kept, as a span's end maps
		}
		return n
	}
	if s.Start == s.End {
		p := at(s.Start)
		return Span{p, p}
	}
	return Span{orig[s.Start], orig[s.End-1] + 1}
}

func mapHost(h Host, orig []int, n int) Host {
	h.Entry = mapSpan(h.Entry, orig, n)
	// an empty part lies between two bytes, and the bytes removed there
	// leave it a choice of places: the one inside its entry
	part := func(s Span) Span {
		s = mapSpan(s, orig, n)
		if s.Present() && s.Start == s.End {
			p := min(max(s.Start, h.Entry.Start), h.Entry.End)
			s = Span{p, p}
		}
		return s
	}
	h.User, h.Password, h.Name, h.Port = part(h.User), part(h.Password), part(h.Name), part(h.Port)
	return h
}
