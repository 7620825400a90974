package lint

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema"
)

// Rule is one check. Rules are plain values assembled in one list (see
// Rules); each family of rules lives in its own rule_*.go file. A rule is
// known by its value: findings carry the *Rule that made them, and rules
// that defer to each other name each other's values, so a mistyped rule
// cannot compile. The id is for people: the command line, suppression
// comments and every output format name rules by it.
type Rule struct {
	ID       string   // kebab-case, stable: users disable and suppress by it
	Severity Severity // the usual severity; a finding may say otherwise
	Family   string   // schema, parsing, keystone, heat, services, security, site
	Summary  string   // one line for `heatconf rules`
	// check reports the rule's findings; nil for a rule whose findings
	// are made outside the engine (parse-error, site).
	check func(p *pass)
	// example is the language of the rule's example files
	// (testdata/lint/rules/ID.*): "" for heat.conf (ID.conf,
	// ID.good.conf), "toml" for a site file (ID.toml, ID.good.toml),
	// "hosts" for several hosts' heat.conf in one file (ID.hosts,
	// ID.good.hosts; see ParseHosts).
	example string
}

// String is the rule's id ("" for nil).
func (r *Rule) String() string {
	if r == nil {
		return ""
	}
	return r.ID
}

// MarshalText writes the rule as its id, as every output format names it.
func (r *Rule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a rule's id: the rule becomes a copy of the rule of
// that id, and an id that names no rule is an error.
func (r *Rule) UnmarshalText(b []byte) error {
	found, ok := RuleByID(string(b))
	if !ok {
		return UnknownRule(string(b))
	}
	*r = *found
	return nil
}

// ExampleLanguage is the language of the rule's example files: "ini" for
// a heat.conf, "toml" for a site file.
func (r *Rule) ExampleLanguage() string {
	if r.example == "" || r.example == "hosts" {
		return "ini" // a .hosts example is several heat.conf files (see ParseHosts)
	}
	return r.example
}

// ExampleExt is the file name extension of the rule's example files
// (".conf" or ".toml").
func (r *Rule) ExampleExt() string {
	if r.example == "" {
		return ".conf"
	}
	return "." + r.example
}

// Rules returns every rule, sorted by id. The slice is new on each call;
// the rules are the same values on every call.
func Rules() []*Rule { return slices.Clone(allRules()) }

// allRules is every rule, sorted by id, made once.
var allRules = sync.OnceValue(func() []*Rule {
	rules := []*Rule{
		ParseErrorRule, SiteRule, ruleUnknownGroup, ruleUnknownOption, ruleRemovedOption, ruleDeprecatedOption, ruleInvalidValue,
		ruleInlineComment, ruleUnescapedDollar, ruleHyphenatedKey, ruleSectionName, ruleDuplicateOption,
		ruleContinuationLine, rulePlaceholder,
		ruleDomainID, ruleKeystonePort, ruleEC2AuthURI, ruleKeystoneV2, ruleKeystoneURLMismatch, ruleAuthtoken, ruleTrustee,
		ruleAuthType, ruleEndpointInterface,
		ruleTransportURL, ruleDatabaseConnection, ruleDatabaseRoot, ruleMemcache,
		ruleStackDomain, ruleAuthEncryptionKey, ruleMetadataURL, ruleLimits, ruleDeferredAuth, rulePasteFlavor,
		ruleFilePermissions, ruleInsecureTLS, rulePlainHTTP, ruleWeakPassword, ruleSuppression,
		ruleServiceUserAdmin, ruleClientsHeatURL, ruleCrossHost,
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules
})

// ruleIndex is every rule by id.
var ruleIndex = sync.OnceValue(func() map[string]*Rule {
	m := map[string]*Rule{}
	for _, r := range allRules() {
		m[r.ID] = r
	}
	return m
})

// RuleByID finds a rule.
func RuleByID(id string) (*Rule, bool) {
	r, ok := ruleIndex()[id]
	return r, ok
}

// pass is one rule's run over one configuration.
type pass struct {
	rule  *Rule
	files []*conf.File
	cfg   *conf.Config
	reg   *schema.Registry
	res   *resolution       // what every line means, shared by the rules
	modes map[string]uint32 // file permission bits, when known
	rules map[string]*Rule  // every rule by id
	out   *[]Finding
	// fragment: the files are part of a configuration merged elsewhere,
	// so nothing is reported missing (Options.Fragment)
	fragment bool
	// counts are the findings of the rule so far, by file (see
	// maxFindings)
	counts map[string]*findingCount
}

// maxFindings bounds the findings of one rule in one file: past it, one
// finding says how many more there are. A real file has a handful; a file
// of 500,000 repeated options made as many findings, each with its fix,
// and took half a gigabyte.
const maxFindings = 1000

// findingCount counts one rule's findings in one file, and keeps what
// the one finding of those past maxFindings needs.
type findingCount struct {
	n, more int
	sev     Severity // the worst of the more
	pos     conf.Pos // the first of the more
}

// full reports whether the rule has made maxFindings findings in file:
// a rule may then skip the work of a message no one will read.
func (p *pass) full(file string) bool {
	c := p.counts[file]
	return c != nil && c.n >= maxFindings
}

// report adds a finding at pos in file.
func (p *pass) report(file string, pos conf.Pos, sev Severity, fix *Fix, fixText string, format string, args ...any) {
	if p.counts == nil {
		p.counts = map[string]*findingCount{}
	}
	c := p.counts[file]
	if c == nil {
		c = &findingCount{}
		p.counts[file] = c
	}
	if c.n >= maxFindings {
		if c.more == 0 {
			c.pos = pos
		}
		c.more++
		c.sev = max(c.sev, sev)
		return
	}
	c.n++
	*p.out = append(*p.out, Finding{
		File: file, Line: pos.Line, Column: pos.Col, Len: pos.Len,
		Rule: p.rule, Severity: sev, Message: fmt.Sprintf(format, args...),
		Fix: fix, FixText: fixText,
	})
}

// endRule adds, for each file where the rule made more than maxFindings
// findings, the one finding that counts the rest, and starts the counts
// anew for the next rule.
func (p *pass) endRule() {
	for _, file := range slices.Sorted(maps.Keys(p.counts)) {
		if c := p.counts[file]; c.more > 0 {
			*p.out = append(*p.out, Finding{
				File: file, Line: c.pos.Line, Column: c.pos.Col, Len: c.pos.Len, Rule: p.rule, Severity: c.sev,
				Message: fmt.Sprintf("%d more findings of this rule in this file are not shown: heatconf reports at most %d of one rule in one file", c.more, maxFindings),
			})
		}
	}
	p.counts = nil
}

// atKey reports at an entry's key.
func (p *pass) atKey(e *conf.Entry, sev Severity, fix *Fix, fixText, format string, args ...any) {
	p.report(e.Section.File.Name, e.KeyPos, sev, fix, fixText, format, args...)
}

// atValue reports at an entry's value.
func (p *pass) atValue(e *conf.Entry, sev Severity, fix *Fix, fixText, format string, args ...any) {
	pos := e.ValuePos
	if pos.Len == 0 {
		pos = e.KeyPos
	}
	p.report(e.Section.File.Name, pos, sev, fix, fixText, format, args...)
}

// lookup returns the entry oslo.config uses for group/key (deprecated
// names and groups included, see find) and its value with `$$` read as `$`.
func (p *pass) lookup(group, key string) (*conf.Entry, string, bool) {
	e, ok := p.find(group, key)
	if !ok {
		return nil, "", false
	}
	v, _ := conf.Unescape(e.Value)
	return e, v, true
}

// value is lookup's value alone ("" when unset).
func (p *pass) value(group, key string) string {
	_, v, _ := p.lookup(group, key)
	return v
}

// authType is the auth plugin a keystoneauth group loads ("" if none).
func (p *pass) authType(group string) string {
	if g, ok := p.reg.Group(group); ok {
		return p.res.authType[g]
	}
	return ""
}

// entries calls fn for every entry of every file, in file order.
func (p *pass) entries(fn func(e *conf.Entry)) {
	for _, f := range p.files {
		for _, s := range f.Sections {
			for _, e := range s.Entries {
				fn(e)
			}
		}
	}
}

// anyFile is the file findings about something missing are reported in:
// the last one, where oslo.config's last word is.
func (p *pass) anyFile() *conf.File { return p.files[len(p.files)-1] }

// sectionPos is where group's header stands (the last file that has it),
// for findings about a missing option of the group.
func (p *pass) sectionPos(group string) (string, conf.Pos) {
	for i := len(p.files) - 1; i >= 0; i-- {
		for _, s := range p.files[i].Sections {
			if s.Group == group {
				return p.files[i].Name, s.Pos
			}
		}
	}
	f := p.anyFile()
	return f.Name, conf.Pos{Line: 1, Col: 1}
}

// missing reports an option that should be set, at its section's header.
func (p *pass) missing(group string, sev Severity, format string, args ...any) {
	if p.fragment {
		return // the rest of the configuration may have it
	}
	file, pos := p.sectionPos(group)
	p.report(file, pos, sev, nil, "", format, args...)
}

// replaceLine builds a fix that replaces an entry's lines with lines.
func replaceLine(e *conf.Entry, lines ...string) *Fix {
	return &Fix{Edits: []Edit{{File: e.Section.File.Name, First: e.FirstLine, Last: e.LastLine, Lines: lines}}}
}

// deleteEntry builds a fix that removes an entry.
func deleteEntry(e *conf.Entry) *Fix { return replaceLine(e) }

// renameKey rewrites the entry's first line with another key, keeping the
// value text exactly as written.
func renameKey(e *conf.Entry, newKey string) *Fix {
	f := e.Section.File
	first := f.Lines[e.FirstLine-1].Text
	start := e.KeyPos.Col - 1
	line := first[:start] + newKey + first[start+len(e.Key):]
	lines := []string{line}
	for n := e.FirstLine + 1; n <= e.LastLine; n++ {
		lines = append(lines, f.Lines[n-1].Text)
	}
	return replaceLine(e, lines...)
}

// replaceInValue rewrites the entry's first line, replacing old with new
// inside the value only.
func replaceInValue(e *conf.Entry, old, new string) *Fix {
	f := e.Section.File
	text := f.Lines[e.FirstLine-1].Text
	vstart := e.ValuePos.Col - 1
	if vstart < 0 || vstart > len(text) || !strings.Contains(text[vstart:], old) {
		return nil
	}
	line := text[:vstart] + strings.Replace(text[vstart:], old, new, 1)
	lines := []string{line}
	for n := e.FirstLine + 1; n <= e.LastLine; n++ {
		lines = append(lines, f.Lines[n-1].Text)
	}
	return replaceLine(e, lines...)
}

// related runs report (one or more calls of p's reporting functions) and
// gives every finding it adds the locations locs.
func (p *pass) related(locs []Location, report func()) {
	n := len(*p.out)
	report()
	for i := n; i < len(*p.out); i++ {
		(*p.out)[i].Related = locs
	}
}

// locationOf is where an entry's key stands.
func locationOf(e *conf.Entry) Location {
	return Location{File: e.Section.File.Name, Line: e.FirstLine, Column: e.KeyPos.Col}
}
