package lint

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/stamp"
)

// Values that every host of one Heat deployment must agree on, checked
// across the configurations of a run (one host's heat.conf and drop-ins
// each). A per-file check cannot see them: each file is right on its own.

var ruleCrossHost = &Rule{
	ID: "cross-host", Severity: Error, Family: "heat",
	Summary: "hosts of one deployment (one site's rendered files, or files sharing a database or message bus) that disagree on auth_encryption_key, the stack domain and its admin, the database, transport_url or the metadata URLs",
	example: "hosts",
}

// CrossHostRule is the rule of the findings Agree makes.
var CrossHostRule = ruleCrossHost

// sharedKey is one value that must agree on every host.
type sharedKey struct {
	group, key string
	sev        Severity
	effect     string
	// part reads the value's parts that must agree (nil: all of it); a
	// URL's hosts are left out, as hosts of one cluster may each name
	// their own node.
	part func(v string) string
}

var sharedKeys = []sharedKey{
	{"DEFAULT", "auth_encryption_key", Error, "stack credentials encrypted by heat-engine on one host cannot be decrypted on the other, so stacks fail there", nil},
	{"DEFAULT", "stack_user_domain_id", Error, "stack users made on one host are looked for in another domain on the other", nil},
	{"DEFAULT", "stack_user_domain_name", Error, "stack users made on one host are looked for in another domain on the other", nil},
	{"DEFAULT", "stack_domain_admin", Error, "the hosts act on the stack domain as different users; one of them is not its admin", nil},
	{"DEFAULT", "stack_domain_admin_password", Error, "the stack domain admin cannot authenticate on one of the hosts", nil},
	{"database", "connection", Error, "the hosts keep their stacks in different databases or log in differently (hosts of one cluster are not compared)", urlIdentity},
	{"DEFAULT", "transport_url", Error, "heat-api and heat-engine of different hosts meet on different virtual hosts or log in differently, so RPC calls time out (broker hosts are not compared)", urlIdentity},
	{"DEFAULT", "heat_metadata_server_url", Warning, "guests are told a different heat-api-cfn depending on which engine made their stack", nil},
	{"DEFAULT", "heat_waitcondition_server_url", Warning, "wait condition handles point at a different heat-api-cfn depending on which engine made them", nil},
}

// urlIdentity is what identifies a database or message bus in a URL
// apart from its hosts: scheme, each host's user and password, and the
// path and query (the database, the virtual host).
func urlIdentity(v string) string {
	u, ok := conf.ParseURL(v)
	if !ok {
		return v
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(v[u.Scheme.Start:u.Scheme.End]))
	var creds []string
	for _, h := range u.Hosts {
		creds = append(creds, conf.URLUnquote(h.User.Text(v))+"\x00"+conf.URLUnquote(h.Password.Text(v)))
	}
	slices.Sort(creds)
	creds = slices.Compact(creds)
	b.WriteString("\x01" + strings.Join(creds, "\x01") + "\x01")
	b.WriteString(v[u.Netloc.End:])
	return b.String()
}

// Shared is what one configuration says of the values that every host of
// its deployment must agree on, and what tells which deployment it is of.
// Values are kept as digests: a secret is compared, never held or shown.
type Shared struct {
	values map[string]sharedValue // by "group\x00key"
	// site is the site file render names on line 2 of a rendered
	// heat.conf; database and bus are the hosts and the rest of the
	// [database] connection and transport_url: configurations with one
	// in common are of one deployment.
	site     string
	database []string
	bus      []string
}

type sharedValue struct {
	digest [32]byte
	at     Location
}

// shared reads what the pass's files (one host's configuration) say of
// the values every host must agree on (Linter.LintShared). A fragment
// (Options.Fragment, "# heatconf: fragment") is not read: the rest of
// its configuration is elsewhere.
func (p *pass) shared() *Shared {
	files := p.files
	s := &Shared{values: map[string]sharedValue{}}
	for _, k := range sharedKeys {
		e, v, ok := p.lookup(k.group, k.key)
		if !ok || e == nil || strings.TrimSpace(v) == "" {
			continue // a host may leave to others what it does not run
		}
		at := Location{File: e.Section.File.Name, Line: e.FirstLine, Column: e.ValuePos.Col}
		if len(suppress(files, []Finding{{File: at.File, Line: at.Line, Column: at.Column, Rule: ruleCrossHost}})) == 0 {
			continue // "# heatconf: ignore=cross-host" above the line: this host may differ
		}
		part := v
		if k.part != nil {
			part = k.part(v)
		}
		s.values[k.group+"\x00"+k.key] = sharedValue{sha256.Sum256([]byte(part)), at}
	}
	for _, f := range files {
		if _, ok := stamp.Read(f.Src); ok && len(f.Lines) > 1 {
			s.site = strings.Clone(f.Lines[1].Text) // not the whole file's text
		}
	}
	s.database = endpointIDs(p.value("database", "connection"))
	s.bus = endpointIDs(p.value("DEFAULT", "transport_url"))
	return s
}

// endpointIDs are the host:port of each host of a URL with its path
// (the database, the virtual host): two URLs with one in common reach the
// same server.
func endpointIDs(v string) []string {
	u, ok := conf.ParseURL(v)
	if !ok {
		return nil
	}
	rest := v[u.Netloc.End:]
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	var out []string
	for _, h := range u.Hosts {
		if name := strings.ToLower(h.Name.Text(v)); name != "" {
			out = append(out, name+":"+h.Port.Text(v)+rest)
		}
	}
	return out
}

// Agree compares the configurations of a run, hosts[i] being what Shared
// read of the i-th (nil ones are left out), deployment by deployment: two
// configurations are of one deployment when render made them from one site
// file, or they share a database server and database, or a message broker
// and virtual host. Each value on which a deployment's hosts disagree is
// one finding, at a line whose value is not the most common one, naming
// the lines that differ from it; every other host's line is a related
// location. Values are never shown.
func Agree(hosts []*Shared) []Finding {
	groups := deployments(hosts)
	var out []Finding
	for _, g := range groups {
		for _, k := range sharedKeys {
			out = append(out, disagreement(hosts, g, k)...)
		}
	}
	return out
}

// deployments groups the indexes of hosts into deployments of two or
// more, in the order of their first member.
func deployments(hosts []*Shared) [][]int {
	parent := make([]int, len(hosts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		if ra, rb := find(a), find(b); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	seen := map[string]int{}
	join := func(i int, key string) {
		if j, ok := seen[key]; ok {
			union(i, j)
		} else {
			seen[key] = i
		}
	}
	for i, h := range hosts {
		if h == nil {
			continue
		}
		if h.site != "" {
			join(i, "site\x00"+h.site)
		}
		for _, d := range h.database {
			join(i, "db\x00"+d)
		}
		for _, b := range h.bus {
			join(i, "bus\x00"+b)
		}
	}
	members := map[int][]int{}
	var roots []int
	for i, h := range hosts {
		if h == nil {
			continue
		}
		r := find(i)
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	var out [][]int
	for _, r := range roots {
		if len(members[r]) > 1 {
			out = append(out, members[r])
		}
	}
	return out
}

// disagreement is the finding for key among the hosts of one deployment,
// if they disagree.
func disagreement(hosts []*Shared, group []int, k sharedKey) []Finding {
	id := k.group + "\x00" + k.key
	var vals []sharedValue
	count := map[[32]byte]int{}
	for _, i := range group {
		if v, ok := hosts[i].values[id]; ok {
			vals = append(vals, v)
			count[v.digest]++
		}
	}
	if len(count) < 2 {
		return nil
	}
	// the most common value (the first host's on a tie) is taken as meant
	common := vals[0].digest
	for _, v := range vals {
		if count[v.digest] > count[common] {
			common = v.digest
		}
	}
	var at Location
	var same, differ, related []Location
	for _, v := range vals {
		switch {
		case v.digest == common:
			same = append(same, v.at)
		case at.File == "":
			at = v.at
		default:
			differ = append(differ, v.at)
		}
	}
	related = append(slices.Clone(same), differ...)
	what := k.key
	if k.group != "DEFAULT" {
		what = "[" + k.group + "] " + k.key
	}
	others := ""
	if len(differ) == 1 {
		others = fmt.Sprintf(" (so does %s)", locationList(differ))
	} else if len(differ) > 1 {
		others = fmt.Sprintf(" (so do %s)", locationList(differ))
	}
	msg := fmt.Sprintf("%s differs from %s%s: %s; set the same value on every host", what, locationList(same), others, k.effect)
	return []Finding{{File: at.File, Line: at.Line, Column: at.Column, Rule: ruleCrossHost, Severity: k.sev, Message: msg, Related: related}}
}

// locationList names locations as file:line, the first three and a count.
func locationList(locs []Location) string {
	var parts []string
	for i, l := range locs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("%d more", len(locs)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%s:%d", l.File, l.Line))
	}
	return strings.Join(parts, ", ")
}
