package lint

import (
	"net/url"
	"strings"

	"github.com/heatconf/heatconf/conf"
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
	parts := map[string]string{"user": "guest", "password": "guest", "host": "localhost", "port": "5672", "vhost": "/"}
	for _, e := range m.entries {
		if part := legacyMessaging[e.Key]; part != "" {
			v, _ := conf.Unescape(e.Value)
			parts[part] = v
		}
	}
	composed := composeTransportURL(parts)
	esc, err := conf.FormatValue(composed)
	fix := &Fix{}
	fixText := ""
	if _, has := p.find("DEFAULT", "transport_url"); !has && err == nil {
		file, line, header := transportInsertPoint(p)
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
			p.atKey(first, Error, fix, fixText,
				"%s %s: Heat uses transport_url only, and with none it connects to rabbit://guest:guest@localhost:5672/; write %s",
				strings.Join(names, ", "), verb, fixText)
			return
		}
		p.atKey(first, Error, fix, "delete the lines",
			"%s %s: Heat uses transport_url only (it is set); delete them", strings.Join(names, ", "), verb)
	})
}

// transportInsertPoint is the line before which transport_url goes: after
// the last entry of the first [DEFAULT] section, or at the top of the file
// under a new [DEFAULT] header (header true).
func transportInsertPoint(p *pass) (string, int, bool) {
	for _, f := range p.files {
		for _, s := range f.Sections {
			if s.Group == "DEFAULT" {
				line := s.Pos.Line + 1
				for _, e := range s.Entries {
					line = e.LastLine + 1
				}
				return f.Name, line, false
			}
		}
	}
	f := p.anyFile()
	return f.Name, 1, true
}

func composeTransportURL(parts map[string]string) string {
	cred := url.UserPassword(parts["user"], parts["password"]).String()
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
			if strings.Contains(name, ":") {
				name = "[" + name + "]"
			}
			hosts = append(hosts, cred+"@"+name+":"+port)
		}
	} else {
		hosts = []string{cred + "@" + parts["host"] + ":" + parts["port"]}
	}
	vhost := strings.TrimPrefix(parts["vhost"], "/")
	return "rabbit://" + strings.Join(hosts, ",") + "/" + url.PathEscape(vhost)
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
