package conf

import "github.com/heatconf/heatconf/internal/netloc"

// URLs with credentials in a value (transport_url, [database] connection)
// are read by internal/netloc, which internal/secret shares; these names
// are its face for the packages above conf. Every part is a byte span of
// the value it was read from, so a finding can point at the column of a
// password (Entry.ValueOffsetPos) and a mask can cover exactly it.
type (
	// URL is a URL with a network location: scheme, netloc and hosts.
	URL = netloc.URL
	// URLHost is one [user[:password]@]host[:port] of a network location.
	URLHost = netloc.Host
	// Span is the byte range of one part; see Span.Present and Span.Text.
	Span = netloc.Span
)

// ParseURL reads a value as oslo.messaging reads transport_url: the hosts
// of "scheme://user:pass@host:port,user:pass@host2:port/...", the last '@'
// of each ending its user information, the first '/', '?' or '#' ending
// them all. ok is false when the value has no "scheme://". Spans are
// offsets into value; pass the raw Entry.Value for positions and
// Unescape the parts for their meaning.
func ParseURL(value string) (URL, bool) { return netloc.Parse(value) }

// ParseHosts reads a comma-separated list of hosts (a network location,
// or the old rabbit_hosts option), each with ParseHost.
func ParseHosts(list string) []URLHost { return netloc.Hosts(list) }

// ParseHost reads one [user[:password]@]host[:port] as oslo.messaging and
// oslo.utils' parse_host_port do: "[v6]:port", "host:port", or a host with
// no port when it has no ':' or several.
func ParseHost(entry string) URLHost { return netloc.ParseHost(entry) }

// URLUnquote is Python's urllib.parse.unquote, with which oslo.messaging
// decodes the user and password of a URL.
func URLUnquote(s string) string { return netloc.Unquote(s) }
