package lint

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/schema"
)

// Services Heat needs: the message bus, the database and memcached.

var ruleTransportURL = &Rule{
	ID: "transport-url", Severity: Error, Family: "services",
	Summary: "no [DEFAULT] transport_url: oslo.messaging falls back to rabbit://guest:guest@localhost:5672/",
	check:   checkTransportURL,
}

var ruleDatabaseConnection = &Rule{
	ID: "database-connection", Severity: Error, Family: "services",
	Summary: "no [database] connection, or a driver Heat's packages do not ship",
	check:   checkDatabase,
}

var ruleMemcache = &Rule{
	ID: "memcache", Severity: Error, Family: "services",
	Summary: "memcache_security_strategy without memcache_secret_key (keystonemiddleware refuses), or no token cache",
	check:   checkMemcache,
}

func checkTransportURL(p *pass) {
	if _, ok := p.find("DEFAULT", "transport_url"); ok {
		return
	}
	legacy := p.legacyMessagingEntries()
	if len(legacy) > 0 {
		return // one finding says it all: the messaging block's, which removed-option owns
	}
	var locs []Location
	for _, e := range legacy {
		locs = append(locs, locationOf(e))
	}
	p.related(locs, func() {
		p.missing("DEFAULT", Error, "no transport_url in [DEFAULT]: oslo.messaging connects to rabbit://guest:guest@localhost:5672/ and heat-api cannot reach heat-engine; write transport_url = rabbit://USER:PASSWORD@HOST:5672/")
	})
}

// legacyMessagingEntries are the pre-Stein messaging options of the files
// that the release no longer has (rpc_backend, rabbit_host, ...): the
// entries removed-option reports as one block.
func (p *pass) legacyMessagingEntries() []*conf.Entry {
	var out []*conf.Entry
	p.entries(func(e *conf.Entry) {
		if p.res.of(e).class == classRemoved && isLegacyMessaging(e) {
			out = append(out, e)
		}
	})
	return out
}

// isLegacyMessaging reports a key of the options before transport_url, in
// a group that had them.
func isLegacyMessaging(e *conf.Entry) bool {
	_, ok := legacyMessaging[e.Key]
	return ok && (e.Section.Group == "DEFAULT" || e.Section.Group == "oslo_messaging_rabbit")
}

// legacyMessaging are the options before transport_url, with the part of
// the URL each one gave.
var legacyMessaging = map[string]string{
	"rpc_backend":         "",
	"rabbit_host":         "host",
	"rabbit_hosts":        "hosts",
	"rabbit_port":         "port",
	"rabbit_userid":       "user",
	"rabbit_password":     "password",
	"rabbit_virtual_host": "vhost",
}

// messagingFix gathers the legacy messaging options of a file so that one
// fix can replace them all with the transport_url they meant.
type messagingFix struct {
	entries []*conf.Entry
	removed map[*conf.Entry]schema.Removal
}

func newMessagingFix(*pass) *messagingFix {
	return &messagingFix{removed: map[*conf.Entry]schema.Removal{}}
}

func (m *messagingFix) owns(e *conf.Entry) bool { return isLegacyMessaging(e) }

func (m *messagingFix) add(e *conf.Entry, rm schema.Removal) {
	m.entries = append(m.entries, e)
	m.removed[e] = rm
}

func (m *messagingFix) report(p *pass) {
	if len(m.entries) == 0 {
		return
	}
	parts, guestRefused := m.parts(p)
	composed := composeTransportURL(parts)
	esc, err := conf.FormatValue(composed)
	fix := &Fix{}
	fixText := ""
	if _, has := p.find("DEFAULT", "transport_url"); !has && err == nil {
		file, line, header := transportInsertPoint(p, m.entries[0].Section.File)
		lines := []string{"transport_url = " + esc}
		if header {
			lines = []string{"[DEFAULT]", lines[0], ""}
		}
		fix.Edits = append(fix.Edits, Edit{File: file, First: line, Last: line - 1, Lines: lines})
		fixText = "transport_url = " + esc
	}
	for _, e := range m.entries {
		fix.Edits = append(fix.Edits, deleteEntry(e).Edits...)
	}
	// one root cause, one finding: at the block's first line, the others
	// related
	first := m.entries[0]
	rm := m.removed[first]
	var names []string
	var locs []Location
	for i, e := range m.entries {
		names = append(names, "["+e.Section.Name+"] "+e.Key)
		if i > 0 {
			locs = append(locs, locationOf(e))
		}
	}
	verb := "were removed in " + rm.RemovedIn + " and are ignored"
	if len(names) == 1 {
		verb = "was removed in " + rm.RemovedIn + " and is ignored"
	}
	p.related(locs, func() {
		if fixText != "" {
			fill := ""
			if guestRefused {
				fill = " (with your RabbitMQ account: RabbitMQ refuses the guest account from other hosts)"
			}
			p.atKey(first, Error, fix, fixText,
				"%s %s: Heat uses transport_url only, and with none it connects to rabbit://guest:guest@localhost:5672/; write %s%s",
				strings.Join(names, ", "), verb, fixText, fill)
			return
		}
		p.atKey(first, Error, fix, "delete the lines",
			"%s %s: Heat uses transport_url only (it is set); delete them", strings.Join(names, ", "), verb)
	})
}

// Placeholders the messaging fix writes for an account the file does not
// name: the placeholder rule reports both, so the next lint says to fill
// them in.
const (
	rabbitUserPlaceholder     = "<rabbit_user>"
	rabbitPasswordPlaceholder = "RABBIT_PASS"
)

// parts are the parts of the transport_url the legacy options meant, each
// from the line the old rabbit driver read (a later file wins; in a file
// [oslo_messaging_rabbit] beats its deprecated group [DEFAULT], and a
// later line an earlier one), with the old defaults for the rest
// (guest:guest@localhost:5672, vhost /). The guest account is kept only for
// a broker on the loopback: RabbitMQ refuses guest from any other host
// (its loopback_users default), so for a remote broker the file's own
// RabbitMQ user stands in for it (the user of [oslo_messaging_notifications]
// transport_url), else a placeholder; guestRefused says so.
func (m *messagingFix) parts(p *pass) (parts map[string]string, guestRefused bool) {
	parts = map[string]string{"host": "localhost", "port": "5672", "vhost": "/"}
	type rank struct{ file, own, line int }
	best := map[string]rank{}
	for _, e := range m.entries {
		part := legacyMessaging[e.Key]
		if part == "" {
			continue
		}
		r := rank{p.res.order[e.Section.File], 0, e.FirstLine}
		if e.Section.Group == "oslo_messaging_rabbit" {
			r.own = 1
		}
		if b, ok := best[part]; ok && (b.file > r.file || b.file == r.file && (b.own > r.own || b.own == r.own && b.line > r.line)) {
			continue
		}
		best[part] = r
		v, _ := conf.Unescape(e.Value)
		parts[part] = v
	}
	_, hasUser := parts["user"]
	_, hasPassword := parts["password"]
	switch {
	case hasUser && parts["user"] != "guest":
		if !hasPassword {
			parts["password"] = rabbitPasswordPlaceholder
		}
		return parts, false
	case loopbackBroker(parts):
		if !hasUser {
			parts["user"] = "guest"
		}
		if !hasPassword {
			parts["password"] = "guest"
		}
		return parts, false
	}
	// guest, named or by default, at a remote broker
	user, password := rabbitUserPlaceholder, rabbitPasswordPlaceholder
	if u, pw, ok := p.notificationAccount(); ok {
		user = u
		if pw != "" {
			password = pw
		}
	}
	parts["user"] = user
	if user != rabbitUserPlaceholder || !hasPassword {
		parts["password"] = password // the account's, or one to fill in
	}
	return parts, true
}

// loopbackBroker reports whether every broker host of the legacy parts is
// on the loopback (localhost, 127.0.0.0/8, ::1).
func loopbackBroker(parts map[string]string) bool {
	hosts := []string{parts["host"]}
	if hs := parts["hosts"]; hs != "" {
		hosts = nil
		for _, item := range strings.Split(hs, ",") {
			item = strings.TrimSpace(item)
			h := conf.ParseHost(item)
			hosts = append(hosts, h.Name.Text(item))
		}
	}
	for _, h := range hosts {
		if !isLoopback(h) {
			return false
		}
	}
	return true
}

// notificationAccount is the RabbitMQ user (and password) of
// [oslo_messaging_notifications] transport_url, when it names one other
// than guest.
func (p *pass) notificationAccount() (user, password string, ok bool) {
	_, v, found := p.lookup("oslo_messaging_notifications", "transport_url")
	if !found {
		return "", "", false
	}
	for _, c := range urlCredentials(v) {
		if c[0] != "" && c[0] != "guest" {
			return c[0], c[1], true
		}
	}
	return "", "", false
}

// transportInsertPoint is the line of f before which transport_url goes:
// after the last entry of its first [DEFAULT] section, or at its top under
// a new [DEFAULT] header (header true). f is the file of the legacy
// options, so that the fix writes in the file it deletes from.
func transportInsertPoint(p *pass, f *conf.File) (string, int, bool) {
	for _, s := range f.Sections {
		if s.Group == "DEFAULT" {
			line := s.Pos.Line + 1
			for _, e := range s.Entries {
				line = e.LastLine + 1
			}
			return f.Name, line, false
		}
	}
	return f.Name, 1, true
}

// composeTransportURL writes the legacy parts as one transport_url that
// oslo.messaging's TransportURL.parse reads back to the same parts: user
// and password percent-encoded (every character but RFC 3986's unreserved
// ones, so that ',', '@', ':', '/' and '#' cannot end them early; a
// placeholder is written as it is), an IPv6 host in brackets, and the
// virtual host as the URL's path with its own '/' encoded: the path
// "/openstack" selects the vhost "openstack", and the vhost "/openstack"
// needs "/%2Fopenstack". The default vhost "/" is the empty path.
func composeTransportURL(parts map[string]string) string {
	userinfo := func(s string) string {
		if s == rabbitUserPlaceholder || s == rabbitPasswordPlaceholder {
			return s
		}
		return escape.URLUserinfo(s)
	}
	cred := userinfo(parts["user"]) + ":" + userinfo(parts["password"])
	hostPort := func(name, port string) string {
		if strings.Contains(name, ":") {
			name = "[" + name + "]"
		}
		return cred + "@" + name + ":" + port
	}
	var hosts []string
	if hs := parts["hosts"]; hs != "" {
		// a list option: items stripped, each read as the old rabbit
		// driver read it (netutils.parse_host_port with rabbit_port)
		for _, item := range strings.Split(hs, ",") {
			item = strings.TrimSpace(item)
			h := conf.ParseHost(item)
			name, port := h.Name.Text(item), parts["port"]
			if h.Port.Present() {
				port = h.Port.Text(item)
			}
			hosts = append(hosts, hostPort(name, port))
		}
		// Python's urlsplit (3.11.4 on, and Debian's backports) refuses a
		// network location with an IPv6 host unless the last host is one:
		// the IPv6 hosts go last, so that oslo.messaging can read the URL
		v6 := func(h string) int {
			if strings.Contains(h, "@[") {
				return 1
			}
			return 0
		}
		slices.SortStableFunc(hosts, func(a, b string) int { return cmp.Compare(v6(a), v6(b)) })
	} else {
		hosts = []string{hostPort(strings.TrimSuffix(strings.TrimPrefix(parts["host"], "["), "]"), parts["port"])}
	}
	vhost := ""
	if v := parts["vhost"]; v != "/" {
		vhost = escape.URLPath(v)
	}
	return "rabbit://" + strings.Join(hosts, ",") + "/" + vhost
}

func checkDatabase(p *pass) {
	e, v, ok := p.lookup("database", "connection")
	if !ok || v == "" {
		p.missing("database", Error, "no [database] connection: heat-manage db_sync and heat-engine have no database; write connection = mysql+pymysql://heat:PASSWORD@HOST/heat")
		return
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" {
		p.atValue(e, Error, nil, "", "[database] connection is not a database URL (mysql+pymysql://USER:PASSWORD@HOST/heat)")
		return
	}
	switch u.Scheme {
	case "mysql+pymysql", "postgresql", "postgresql+psycopg2":
	case "mysql", "mysql+mysqldb":
		p.atValue(e, Error, replaceInValue(e, u.Scheme+"://", "mysql+pymysql://"), "write mysql+pymysql://",
			"[database] connection uses the %s driver (MySQLdb), which Heat's packages do not bring; write mysql+pymysql://", u.Scheme)
	case "sqlite":
		p.atValue(e, Warning, nil, "", "[database] connection is SQLite: Heat's engines and API need a shared MySQL/MariaDB database")
	default:
		p.atValue(e, Warning, nil, "", "[database] connection uses the driver %q, which Heat is not tested with; use mysql+pymysql://", u.Scheme)
	}
}

func checkMemcache(p *pass) {
	const g = "keystone_authtoken"
	if e, v, ok := p.lookup(g, "memcache_security_strategy"); ok && v != "" {
		switch strings.ToUpper(v) {
		case "MAC", "ENCRYPT":
			if p.value(g, "memcache_secret_key") == "" {
				p.atValue(e, Error, nil, "", "memcache_security_strategy = %s needs memcache_secret_key: keystonemiddleware refuses to start without it", v)
			}
		case "NONE":
		default:
			p.atValue(e, Error, nil, "", "memcache_security_strategy = %s: keystonemiddleware accepts only MAC, ENCRYPT or none", v)
		}
	}
	if _, ok := p.find(g, "memcached_servers"); !ok {
		if _, ok := p.find(g, "memcache_servers"); !ok {
			p.missing(g, Info, "[keystone_authtoken] has no memcached_servers: every heat-api process validates every token with Keystone (an in-process cache only); list your memcached servers")
		}
	}
}

var ruleDatabaseRoot = &Rule{
	ID: "database-root", Severity: Warning, Family: "services",
	Summary: "Heat connects to its database as root: a leak of heat.conf gives every database of the cloud",
	check:   checkDatabaseRoot,
}

func checkDatabaseRoot(p *pass) {
	e, v, ok := p.lookup("database", "connection")
	if !ok {
		return
	}
	for _, c := range urlCredentials(v) {
		if c[0] == "root" {
			p.atValue(e, Warning, nil, "", "[database] connection logs in as root: anyone who reads heat.conf owns every database on the server; create a heat user with rights on the heat database only")
			return
		}
	}
}
