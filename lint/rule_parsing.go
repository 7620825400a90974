package lint

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
)

// Parsing traps: lines that mean something else to oslo.config than to the
// person who wrote them.

var ruleInlineComment = &Rule{
	ID: "inline-comment", Severity: Warning, Family: "parsing",
	Summary: "a # or ; after a value is part of the value: oslo.config has no inline comments",
	check:   checkInlineComments,
}

var ruleUnescapedDollar = &Rule{
	ID: "unescaped-dollar", Severity: Error, Family: "parsing",
	Summary: "a $ that oslo.config substitutes and cannot resolve, or a reference that comes back to its option (NoSuchOptError): write $$ for a literal $",
	check:   checkDollars,
}

var ruleHyphenatedKey = &Rule{
	ID: "hyphenated-key", Severity: Error, Family: "parsing",
	Summary: "a key written with - where the option has _: oslo.config ignores it",
	check:   checkHyphenatedKeys,
}

var ruleSectionName = &Rule{
	ID: "section-name", Severity: Error, Family: "parsing",
	Summary: "[default], [ DEFAULT ] and other headers that do not name the group they seem to",
	check:   checkSectionNames,
}

var ruleDuplicateOption = &Rule{
	ID: "duplicate-option", Severity: Warning, Family: "parsing",
	Summary: "an option set twice: oslo.config silently uses the last value",
	check:   checkDuplicates,
}

var ruleContinuationLine = &Rule{
	ID: "continuation-line", Severity: Warning, Family: "parsing",
	Summary: "an indented line continues the value above it, even when it looks like a comment",
	check:   checkContinuations,
}

var rulePlaceholder = &Rule{
	ID: "placeholder", Severity: Warning, Family: "parsing",
	Summary: "a placeholder left in place (HEAT_PASS, a URL's RABBIT_PASS, <service_password>, {{ var }}, %SERVICE_PASSWORD%, CHANGE_ME in any case); the guide's host name controller, once per file",
	check:   checkPlaceholders,
}

var inlineCommentRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s[#;]`) })

func checkInlineComments(p *pass) {
	p.entries(func(e *conf.Entry) {
		if e.FirstLine != e.LastLine || e.Quote != 0 {
			return
		}
		if !strings.ContainsAny(e.Value, "#;") {
			return
		}
		loc := inlineCommentRE().FindStringIndex(e.Value)
		if loc == nil {
			return
		}
		pos := e.ValueOffsetPos(loc[0]+1, len(e.Value)-loc[0]-1)
		if p.cutsSecret(e, loc[0]) {
			// the text after the # may be the rest of a password (or of
			// a URL's credentials): no fix cuts it, and no output shows it
			p.report(e.Section.File.Name, pos, Warning, nil, "",
				"oslo.config has no inline comments: everything after the %c is part of the value of %s (a secret, not shown); if it is a comment, move it to a line of its own",
				e.Value[loc[0]+1], e.Key)
			return
		}
		before := strings.TrimRight(e.Value[:loc[0]], " \t")
		comment := strings.TrimSpace(e.Value[loc[0]:])
		line := e.Section.File.Lines[e.FirstLine-1].Text
		head := line[:e.ValuePos.Col-1]
		fix := replaceLine(e, "#"+strings.TrimLeft(comment, "#;"), strings.TrimRight(head, " \t")+" "+before)
		if before == "" {
			fix = nil
		}
		p.report(e.Section.File.Name, pos, Warning, fix, "move the comment to the line above",
			"oslo.config has no inline comments: %q is part of the value of %s (%q)", comment, e.Key, e.Value)
	})
}

// cutsSecret reports whether cutting e's value at offset would cut a
// secret: a URL's credentials (the cut falls in its network location, or
// an '@' follows it: "rabbit://u:pa #ss@host", which the cut would leave
// without a host), or the value of an option that holds a secret (by the
// option data or its name) that is no URL.
func (p *pass) cutsSecret(e *conf.Entry, offset int) bool {
	if u, ok := conf.ParseURL(e.Value); ok {
		return offset < u.Netloc.End || strings.Contains(e.Value[offset:], "@")
	}
	if secret.IsKey(e.Key) {
		return true
	}
	re := p.res.of(e)
	return re.known && re.match.Option.Secret
}

func checkDollars(p *pass) {
	g := newRefGraph(p)
	p.entries(func(e *conf.Entry) {
		_, refs := conf.Unescape(e.Value)
		for _, r := range refs {
			if r.Kind == conf.RefBare {
				continue
			}
			if p.resolves(e.Section.Group, r) {
				if chain := g.cycle(e, r); chain != nil {
					p.report(e.Section.File.Name, e.ValueOffsetPos(r.Offset, r.Len), Error, nil, "write the value itself",
						"%s of %s refers back to itself (%s): oslo.config cannot substitute a cycle, and reading %s fails with NoSuchOptError",
						e.Value[r.Offset:r.Offset+r.Len], e.Key, strings.Join(chain, " -> "), e.Key)
				}
				continue
			}
			text := e.Value[r.Offset : r.Offset+r.Len]
			pos := e.ValueOffsetPos(r.Offset, r.Len)
			var fix *Fix
			if e.FirstLine == e.LastLine {
				fix = replaceInValue(e, text, "$"+text)
			}
			what := fmt.Sprintf("%q", text)
			if secret.IsKey(e.Key) || len(urlPasswords(e.Value)) > 0 {
				what = "a $ in the value" // it may be part of a password
			}
			p.report(e.Section.File.Name, pos, Error, fix, "write $$",
				"%s of %s is substituted by oslo.config and names no option: reading it fails with NoSuchOptError; write $$ for a literal $",
				what, e.Key)
		}
	})
}

// refEntry is the entry of the file that a reference from group names, as
// resolves finds it; nil when the option is not set in the files.
func (p *pass) refEntry(group string, r conf.Ref) *conf.Entry {
	try := [][2]string{{r.Group, r.Opt}, {conf.Default, r.Name}}
	if r.Group == conf.Default {
		try = try[1:]
	}
	if r.Group == "" {
		try = [][2]string{{group, r.Opt}, {conf.Default, r.Opt}}
	}
	for _, gk := range try {
		if e, ok := p.cfg.Lookup(gk[0], gk[1]); ok {
			return e
		}
	}
	return nil
}

// refGraph is the references between the entries of a pass (as refEntry
// finds them), with the strongly connected components of that graph: two
// entries can reach each other only inside one, so a cycle is looked for
// only where there is one, and the cost of a file of long chains or wide
// fans of references stays linear in its length.
type refGraph struct {
	p       *pass
	nodes   map[*conf.Entry]*refNode
	counter int // Tarjan's next index
	steps   int // entries the searches for cycles visited, together
}

type refNode struct {
	next                       []*conf.Entry // in the order of the value's references
	index, low, comp           int
	visited, onStack, nextDone bool
}

// maxCycleSteps bounds the entries the searches for cycles of one pass
// visit together (a real file's take a few hundred): a cycle is reported
// when it is found within them, and within 33 options. Without a bound,
// a hub that names 20,000 options, each naming the hub again, made as
// many searches of up to 20,000 steps.
const maxCycleSteps = 2_000_000

func newRefGraph(p *pass) *refGraph {
	g := &refGraph{p: p, nodes: map[*conf.Entry]*refNode{}}
	p.entries(func(e *conf.Entry) {
		// an entry without a reference is in no cycle: its node, if one
		// names it, is made when the search reaches it
		if strings.Contains(e.Value, "$") {
			g.strongConnect(e)
		}
	})
	return g
}

// node returns e's node, with the entries its references name.
func (g *refGraph) node(e *conf.Entry) *refNode {
	n := g.nodes[e]
	if n == nil {
		n = &refNode{}
		g.nodes[e] = n
	}
	if !n.nextDone {
		n.nextDone = true
		_, refs := conf.Unescape(e.Value)
		for _, r := range refs {
			if r.Kind == conf.RefBare {
				continue
			}
			if next := g.p.refEntry(e.Section.Group, r); next != nil {
				n.next = append(n.next, next)
			}
		}
	}
	return n
}

// strongConnect is Tarjan's algorithm from root, without recursion (a
// chain of 100,000 references is 100,000 deep).
func (g *refGraph) strongConnect(root *conf.Entry) {
	if g.node(root).visited {
		return
	}
	type frame struct {
		e *conf.Entry
		i int
	}
	var (
		stack []*conf.Entry
		calls = []frame{{root, 0}}
	)
	visit := func(e *conf.Entry) {
		n := g.node(e)
		n.visited, n.onStack = true, true
		n.index, n.low = g.counter, g.counter
		g.counter++
		stack = append(stack, e)
	}
	visit(root)
	for len(calls) > 0 {
		top := &calls[len(calls)-1]
		n := g.nodes[top.e]
		if top.i < len(n.next) {
			w := n.next[top.i]
			top.i++
			wn := g.node(w)
			if !wn.visited {
				visit(w)
				calls = append(calls, frame{w, 0})
			} else if wn.onStack {
				n.low = min(n.low, wn.index)
			}
			continue
		}
		if n.low == n.index {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				wn := g.nodes[w]
				wn.onStack, wn.comp = false, n.index
				if w == top.e {
					break
				}
			}
		}
		calls = calls[:len(calls)-1]
		if len(calls) > 0 {
			parent := g.nodes[calls[len(calls)-1].e]
			parent.low = min(parent.low, n.low)
		}
	}
}

// cycle follows the references from entry e through r and returns the
// chain of options ("[DEFAULT] host", ...) when it comes back to e; nil
// when substitution ends.
func (g *refGraph) cycle(e *conf.Entry, r conf.Ref) []string {
	name := func(x *conf.Entry) string { return "[" + x.Section.Group + "] " + x.Key }
	next := g.p.refEntry(e.Section.Group, r)
	if next == nil {
		return nil
	}
	comp := g.node(e).comp
	if g.node(next).comp != comp {
		return nil // no way back to e
	}
	seen := map[*conf.Entry]bool{}
	var path []*conf.Entry // e, then the entries walked to
	var walk func(x *conf.Entry) bool
	walk = func(x *conf.Entry) bool {
		if x == e {
			return true
		}
		// an entry of another component cannot lead back to e
		if seen[x] || len(path) > 32 || g.node(x).comp != comp || g.steps >= maxCycleSteps {
			return false
		}
		seen[x] = true
		g.steps++
		path = append(path, x)
		for _, n := range g.node(x).next {
			if walk(n) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	path = append(path, e)
	if !walk(next) {
		return nil
	}
	chain := make([]string, 0, len(path)+1)
	for _, x := range path {
		chain = append(chain, name(x))
	}
	return append(chain, name(e))
}

// resolves reports whether oslo.config finds the option a reference names:
// a name alone in the entry's group, then DEFAULT; group.opt in that group.
func (p *pass) resolves(group string, r conf.Ref) bool {
	has := func(g, k string) bool {
		if _, ok := p.cfg.Lookup(g, k); ok {
			return true
		}
		_, ok := p.reg.Lookup(g, k, p.authType(g))
		return ok
	}
	if r.Group == "" {
		return has(group, r.Opt) || has(conf.Default, r.Opt)
	}
	// DEFAULT is no group name to oslo.config: $DEFAULT.x fails
	// (NoSuchGroupError) unless DEFAULT has an option called "DEFAULT.x"
	return (r.Group != conf.Default && has(r.Group, r.Opt)) || has(conf.Default, r.Name)
}

func checkHyphenatedKeys(p *pass) {
	p.entries(func(e *conf.Entry) {
		if !strings.Contains(e.Key, "-") {
			return
		}
		// a deprecated name that oslo.config accepts with its dashes
		// resolves as it is; hyphen is set only for keys it ignores
		if p.res.of(e).hyphen == nil {
			return
		}
		under := strings.ReplaceAll(e.Key, "-", "_")
		p.atKey(e, Error, renameKey(e, under), "rename to "+under,
			"oslo.config reads the key %s, not %s: this line is ignored; write %s", under, e.Key, under)
	})
}

func checkSectionNames(p *pass) {
	for _, f := range p.files {
		for _, s := range f.Sections {
			trimmed := strings.TrimSpace(s.Name)
			switch {
			case isDefaultSpelling(s.Name):
				fix := &Fix{Edits: []Edit{{File: f.Name, First: s.Pos.Line, Last: s.Pos.Line, Lines: []string{"[DEFAULT]"}}}}
				p.report(f.Name, s.Pos, Error, fix, "write [DEFAULT]",
					"[%s] is not [DEFAULT]: oslo.config reads it as another group and ignores its options; write [DEFAULT]", s.Name)
			case trimmed == "":
				p.report(f.Name, s.Pos, Error, nil, "", "[%s] names no group: its options are ignored", s.Name)
			case trimmed != s.Name:
				want := conf.NormalizeGroup(trimmed)
				fix := &Fix{Edits: []Edit{{File: f.Name, First: s.Pos.Line, Last: s.Pos.Line, Lines: []string{"[" + want + "]"}}}}
				p.report(f.Name, s.Pos, Error, fix, "write ["+want+"]",
					"[%s] has spaces inside the brackets: oslo.config looks for a group named %q, which matches nothing; write [%s]", s.Name, s.Name, want)
			case s.Name != conf.Default && s.Name != s.Group && p.knownGroup(s.Group):
				fix := &Fix{Edits: []Edit{{File: f.Name, First: s.Pos.Line, Last: s.Pos.Line, Lines: []string{"[" + s.Group + "]"}}}}
				p.report(f.Name, s.Pos, Info, fix, "write ["+s.Group+"]",
					"[%s] works (oslo.config lower-cases group names) but every guide and tool writes [%s]", s.Name, s.Group)
			}
		}
	}
}

func checkDuplicates(p *pass) {
	for _, f := range p.files {
		last := map[[2]string]*conf.Entry{}
		var order []*conf.Entry
		for _, s := range f.Sections {
			for _, e := range s.Entries {
				k := [2]string{s.Group, e.Key}
				if prev, ok := last[k]; ok {
					order = append(order, prev)
				}
				last[k] = e
			}
		}
		for _, e := range order {
			if m, ok := p.reg.Lookup(e.Section.Group, e.Key, p.authType(e.Section.Group)); ok && m.Option.Multi {
				continue
			}
			if p.full(f.Name) {
				p.atKey(e, Warning, nil, "", "") // counted only
				continue
			}
			final := last[[2]string{e.Section.Group, e.Key}]
			p.atKey(e, Warning, deleteEntry(e), "delete the earlier line",
				"[%s] %s is set again on line %d: oslo.config ignores this line and uses the last value", e.Section.Group, e.Key, final.FirstLine)
		}
	}
}

func checkContinuations(p *pass) {
	p.entries(func(e *conf.Entry) {
		if e.FirstLine == e.LastLine {
			return
		}
		f := e.Section.File
		for n := e.FirstLine + 1; n <= e.LastLine; n++ {
			l := f.Lines[n-1]
			text := strings.TrimLeft(l.Text, " \t")
			pos := conf.Pos{Line: n, Col: len(l.Text) - len(text) + 1, Offset: l.Pos.Offset + len(l.Text) - len(text), Len: len(text)}
			if strings.HasPrefix(text, "#") || strings.HasPrefix(text, ";") {
				var fix *Fix
				if n == e.LastLine {
					// unindenting a comment in the middle would leave the
					// lines after it continuing nothing (a parse error)
					fix = &Fix{Edits: []Edit{{File: f.Name, First: n, Last: n, Lines: []string{text}}}}
				}
				p.report(f.Name, pos, Warning, fix, "unindent the comment",
					"an indented comment is not a comment: oslo.config appends this line to the value of %s; start comments in column 1", e.Key)
				continue
			}
			p.report(f.Name, pos, Warning, nil, "",
				"this indented line continues the value of %s (oslo.config joins the lines with a newline); unindent it if it is an option of its own", e.Key)
		}
	})
}

// isPlaceholder reports a whole value that stands for one to fill in:
// the install guides' HEAT_PASS, HEAT_DBPASS, RABBIT_PASS, ...,
// CHANGEME, <service_password>, {{ heat_password }}, ${HEAT_PASSWORD}
// (internal/secret decides; ${group.opt} is oslo.config's substitution,
// not a placeholder).
//
// Also the packages' sample markers %SERVICE_PASSWORD% and
// %SERVICE_TENANT_NAME% (a word in capitals between percent signs, which
// the distributions' postinst or a sed line was to replace), in any case.
func isPlaceholder(v string) bool {
	switch strings.ToLower(v) {
	case "changeme", "change_me", "change-me":
		return true
	}
	if strings.HasPrefix(v, "${") {
		inner := strings.TrimSuffix(strings.TrimPrefix(v, "${"), "}")
		return inner != "" && strings.Trim(inner, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == ""
	}
	if len(v) > 2 && v[0] == '%' && v[len(v)-1] == '%' {
		inner := strings.ToUpper(v[1 : len(v)-1])
		return strings.Trim(inner, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == "" && strings.Trim(inner, "0123456789_") != ""
	}
	return secret.IsPlaceholder(v)
}

// templateRE finds template syntax left in a value: {{ var }}, {% ... %}
// and <some_value> (letters, digits, _ and - between angle brackets).
var templateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*(\|[^{}]*)?\}\}|\{%\s*[a-z]+\b[^%]*%\}|<[A-Za-z][A-Za-z0-9_-]*>`)
})

// placeholderIn finds a placeholder inside a value: the value itself, a
// template expression, or the user or password of a URL
// (mysql+pymysql://heat:HEAT_DBPASS@controller/heat,
// rabbit://openstack:RABBIT_PASS@controller). It returns the placeholder
// and its offset in the raw value.
func placeholderIn(raw string) (string, int, bool) {
	v, _ := conf.Unescape(raw)
	if isPlaceholder(v) {
		return v, 0, true
	}
	if strings.ContainsAny(raw, "{<") {
		if loc := templateRE().FindStringIndex(raw); loc != nil {
			return raw[loc[0]:loc[1]], loc[0], true
		}
	}
	u, ok := conf.ParseURL(raw)
	if !ok {
		return "", 0, false
	}
	for _, h := range u.Hosts {
		for _, s := range []conf.Span{h.Password, h.User} {
			if s.Present() && isPlaceholder(raw[s.Start:s.End]) {
				return raw[s.Start:s.End], s.Start, true
			}
		}
	}
	return "", 0, false
}

// checkPlaceholders reports every placeholder, and the install guide's
// host name "controller" once per file (each use a related location).
func checkPlaceholders(p *pass) {
	controller := map[string][]*conf.Entry{}
	var files []string
	p.entries(func(e *conf.Entry) {
		if ph, off, ok := placeholderIn(e.Value); ok {
			shown := ph
			pos := e.ValueOffsetPos(off, len(ph))
			p.report(e.Section.File.Name, pos, Warning, nil, "", "%s holds the placeholder %s (from an install guide or template): put the real value here", e.Key, shown)
			return
		}
		v, _ := conf.Unescape(e.Value)
		if hostsInclude(v, "controller") {
			name := e.Section.File.Name
			if _, ok := controller[name]; !ok {
				files = append(files, name)
			}
			controller[name] = append(controller[name], e)
		}
	})
	for _, name := range files {
		es := controller[name]
		var locs []Location
		for _, e := range es[1:] {
			locs = append(locs, locationOf(e))
		}
		p.related(locs, func() {
			p.atValue(es[0], Info, nil, "", "the file uses the install guide's host name \"controller\" (%d option(s), first %s): make sure it resolves on every Heat host and from guests", len(es), es[0].Key)
		})
	}
}

// hostsInclude reports whether v is a URL (of one or more hosts, as
// transport_url), a host[:port] or a list of them naming host.
func hostsInclude(v, host string) bool {
	if !containsFold(v, host) {
		return false
	}
	if hostIs(v, host) {
		return true
	}
	hosts := conf.ParseHosts(v)
	if u, ok := conf.ParseURL(v); ok {
		hosts = u.Hosts
	}
	for _, h := range hosts {
		if strings.EqualFold(strings.TrimSpace(h.Name.Text(v)), host) {
			return true
		}
	}
	return false
}

func (p *pass) knownGroup(g string) bool {
	_, ok := p.reg.Group(g)
	return ok
}
