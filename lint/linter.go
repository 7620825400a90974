package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/suggest"
	"github.com/heatconf/heatconf/schema"
)

// Options configure a Linter.
type Options struct {
	// Registry is the option data of the release the files are for.
	Registry *schema.Registry
	// Disable turns rules off by id; Enable turns them back on (a
	// command line --enable undoes a .heatconf.toml disable).
	Disable, Enable []string
	// Fragment lints files that are part of a configuration merged
	// elsewhere (a kolla-ansible or kayobe override, a drop-in kept on its
	// own): nothing is reported as missing, since the rest of the
	// configuration may have it. A file can say so itself with a comment
	// "# heatconf: fragment".
	Fragment bool
}

// Linter runs the enabled rules. It is safe for concurrent use.
type Linter struct {
	opts   Options
	on     map[*Rule]bool // enabled rules
	checks []*Rule        // the enabled rules that have a check, by id
}

// New checks the options and assembles the rules.
func New(opts Options) (*Linter, error) {
	if opts.Registry == nil {
		return nil, errors.New("lint: no option registry")
	}
	off := map[*Rule]bool{}
	for _, id := range opts.Disable {
		r, ok := RuleByID(id)
		if !ok {
			return nil, UnknownRule(id)
		}
		off[r] = true
	}
	for _, id := range opts.Enable {
		r, ok := RuleByID(id)
		if !ok {
			return nil, UnknownRule(id)
		}
		delete(off, r)
	}
	l := &Linter{opts: opts, on: map[*Rule]bool{}}
	for _, r := range Rules() {
		if off[r] {
			continue
		}
		l.on[r] = true
		if r.check != nil {
			l.checks = append(l.checks, r)
		}
	}
	return l, nil
}

// Enabled reports whether the linter runs rule r (and keeps its
// findings).
func (l *Linter) Enabled(r *Rule) bool { return l.on[r] }

// Keep returns the findings of fs whose rule is enabled, in their order:
// findings made outside the engine (a file that cannot be parsed, a site
// file's problems) are subject to --disable like the engine's own.
func (l *Linter) Keep(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if l.on[f.Rule] {
			out = append(out, f)
		}
	}
	return out
}

// UnknownRule is the error for an id that names no rule: the rule it was
// likely meant to be, else every rule there is.
func UnknownRule(id string) error {
	if guess, ok := suggest.Closest(id, ruleIDs()); ok {
		return fmt.Errorf("unknown rule %q: did you mean %s? (see 'heatconf rules')", id, guess)
	}
	return fmt.Errorf("unknown rule %q (see 'heatconf rules'; rules: %s)", id, strings.Join(ruleIDs(), ", "))
}

// Lint checks one configuration: the files oslo.config would read together,
// in their order (one file, or --config-file and --config-dir files).
// Findings are sorted, masked and filtered by suppression comments.
func (l *Linter) Lint(files []*conf.File) []Finding {
	return l.LintModes(files, nil)
}

// LintModes is Lint with the permission bits of the files on disk, by file
// name, for the file-permissions rule (files not in modes are not checked).
func (l *Linter) LintModes(files []*conf.File, modes map[string]uint32) []Finding {
	fs, _ := l.lint(files, modes, false)
	return fs
}

// LintShared is LintModes that also reads, from the same resolution of
// the files, what they say of the values every host of a deployment must
// agree on (see Shared and Agree); the *Shared is nil when the cross-host
// rule is off or the files are a fragment.
func (l *Linter) LintShared(files []*conf.File, modes map[string]uint32) ([]Finding, *Shared) {
	return l.lint(files, modes, true)
}

func (l *Linter) lint(files []*conf.File, modes map[string]uint32, wantShared bool) ([]Finding, *Shared) {
	if len(files) == 0 {
		return nil, nil
	}
	var out []Finding
	p := &pass{files: files, cfg: conf.Merge(files...), reg: l.opts.Registry, res: resolve(files, l.opts.Registry), modes: modes, rules: ruleIndex(), out: &out,
		fragment: l.opts.Fragment || slices.ContainsFunc(files, isFragment)}
	fromEnv := lacksEnvironment(files)
	p.fragment = p.fragment || len(fromEnv) > 0
	var shared *Shared
	if wantShared && l.on[ruleCrossHost] && !p.fragment {
		shared = p.shared()
	}
	for _, r := range l.checks {
		p.rule = r
		r.check(p)
		p.endRule()
	}
	out = suppress(files, out)
	if len(fromEnv) > 0 {
		out = slices.DeleteFunc(out, func(f Finding) bool { return aboutAny(f.Message, fromEnv) })
	}
	if len(out) == 0 {
		return nil, shared
	}
	r := redactor(files, l.opts.Registry)
	for i := range out {
		out[i].Message = r.Message(out[i].Message)
		out[i].FixText = r.Document(out[i].FixText)
	}
	return sortFindings(out), shared
}

// ParseErrorFinding turns a file that oslo.config cannot read into a
// finding of the parse-error rule.
func ParseErrorFinding(err error) (Finding, bool) {
	var pe *conf.ParseError
	if !errors.As(err, &pe) {
		return Finding{}, false
	}
	if pe.Msg == conf.MsgTooManyEntries { // heatconf's limit, not oslo.config's error
		return Finding{File: pe.File, Line: pe.Pos.Line, Column: pe.Pos.Col, Len: pe.Pos.Len, Rule: ParseErrorRule, Severity: Error,
			Message: pe.Msg + "; lint the real configuration"}, true
	}
	msg := pe.Msg
	if pe.Hint != "" {
		msg += ": " + pe.Hint
	}
	return Finding{File: pe.File, Line: pe.Pos.Line, Column: pe.Pos.Col, Len: pe.Pos.Len,
		Rule: ParseErrorRule, Severity: Error,
		Message: "oslo.config cannot read this file (" + msg + "); every Heat service would fail to start"}, true
}

// UnreadableFinding is the parse-error finding for a file that cannot be
// read at all (a dangling link, a directory named *.conf, no permission).
func UnreadableFinding(name string, err error) Finding {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is the finding's file already
	}
	return Finding{File: name, Line: 1, Column: 1, Rule: ParseErrorRule, Severity: Error,
		Message: "the file cannot be read (" + err.Error() + "); oslo.config fails to start every service that reads it"}
}

// ParseErrorRule is the rule of a file that cannot be read or parsed
// (ParseErrorFinding, UnreadableFinding): its findings are made where the
// files are read, not by a check.
var ParseErrorRule = &Rule{
	ID: "parse-error", Severity: Error, Family: "parsing",
	Summary: "the file cannot be read, or is not valid for oslo.config's parser (every service fails to start)",
}

// SiteRule is the rule of a site file's problems (`heatconf lint --site`):
// package gate reports them where it reads the site file, and they are a
// rule here so that --disable, suppression and the SARIF driver know them
// like every other.
var SiteRule = &Rule{
	ID: "site", Severity: Error, Family: "site",
	Summary: "a site file (heatconf render's input) that heatconf cannot render: an unknown key, a missing or invalid value, a secret it cannot read",
	example: "toml",
}

var ignoreRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[#;]\s*heatconf:\s*ignore(-file)?=([A-Za-z0-9_,\s-]+)$`)
})

// fragmentRE matches the comment that marks a file as a fragment.
var fragmentRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[#;]\s*heatconf:\s*fragment\s*$`) })

// isFragment reports a file that says "# heatconf: fragment" on a line of
// its own: part of a configuration merged elsewhere (see Options.Fragment).
func isFragment(f *conf.File) bool {
	for _, l := range f.Lines {
		if t := strings.TrimSpace(l.Text); strings.Contains(t, "fragment") && fragmentRE().MatchString(t) {
			return true
		}
	}
	return false
}

// fromEnvRE matches the comment a secret-free render writes where it took
// a secret out of heat.conf: "# password: from the environment
// (OS_KEYSTONE_AUTHTOKEN__PASSWORD in /etc/heat/heat.env)".
var fromEnvRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^#\s*[A-Za-z0-9_.-]+: from the environment \(OS_[A-Za-z0-9_]+__[A-Za-z0-9_]+ in [^)]+\)$`)
})

// lacksEnvironment returns the options that files (a secret-free
// render's heat.conf) say they take from the environment when no
// environment file is among them: the files are then a fragment of the
// configuration the services get, nothing is reported missing, and no
// finding about one of those options is made (heat.env has them).
func lacksEnvironment(files []*conf.File) []string {
	for _, f := range files {
		if f.IsEnvironment() {
			return nil
		}
	}
	var opts []string
	for _, f := range files {
		for _, l := range f.Lines {
			if l.Kind != conf.LineComment || !strings.Contains(l.Text, ": from the environment (OS_") {
				continue
			}
			t := strings.TrimSpace(l.Text)
			if fromEnvRE().MatchString(t) {
				name, _, _ := strings.Cut(strings.TrimSpace(strings.TrimLeft(t, "#")), ":")
				if !slices.Contains(opts, name) {
					opts = append(opts, name)
				}
			}
		}
	}
	return opts
}

// aboutAny reports whether msg names one of opts as a word.
func aboutAny(msg string, opts []string) bool {
	for _, o := range opts {
		for i := strings.Index(msg, o); i >= 0; {
			end := i + len(o)
			if (i == 0 || !isNameByte(msg[i-1])) && (end == len(msg) || !isNameByte(msg[end])) {
				return true
			}
			next := strings.Index(msg[i+1:], o)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return false
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// suppression is one "# heatconf: ignore=..." or "ignore-file=..." comment.
type suppression struct {
	line  int  // 1-based
	file  bool // ignore-file: the whole file
	list  string
	start int // column of the list, 1-based
}

// suppressions finds a file's suppression comments.
func suppressions(f *conf.File) []suppression {
	var out []suppression
	for i, l := range f.Lines {
		t := strings.TrimSpace(l.Text)
		if len(t) == 0 || (t[0] != '#' && t[0] != ';') || !strings.Contains(t, "heatconf") {
			continue
		}
		if m := ignoreRE().FindStringSubmatchIndex(t); m != nil {
			lead := len(l.Text) - len(strings.TrimLeft(l.Text, " \t"))
			out = append(out, suppression{line: i + 1, file: m[2] >= 0, list: t[m[4]:m[5]], start: lead + m[4] + 1})
		}
	}
	return out
}

// suppress drops findings whose line is preceded by a comment
// "# heatconf: ignore=RULE[,RULE...]" (or ignore=all), and every finding
// of a file with "# heatconf: ignore-file=RULE[,RULE...]" anywhere in it
// (a finding at 1:1 or at a section header, about something missing, is
// silenced so).
func suppress(files []*conf.File, fs []Finding) []Finding {
	byName := map[string]*conf.File{}
	fileWide := map[string][]string{}
	for _, f := range files {
		byName[f.Name] = f
		for _, s := range suppressions(f) {
			if s.file {
				fileWide[f.Name] = append(fileWide[f.Name], s.list)
			}
		}
	}
	out := fs[:0]
next:
	for _, f := range fs {
		if f.Rule == ruleSuppression {
			out = append(out, f) // a broken suppression cannot hide itself
			continue
		}
		for _, list := range fileWide[f.File] {
			if ignores(list, f.Rule.ID) {
				continue next
			}
		}
		if file := byName[f.File]; file != nil && f.Line >= 2 && f.Line-2 < len(file.Lines) {
			prev := strings.TrimSpace(file.Lines[f.Line-2].Text)
			if strings.Contains(prev, "heatconf") {
				if m := ignoreRE().FindStringSubmatch(prev); m != nil && m[1] == "" && ignores(m[2], f.Rule.ID) {
					continue
				}
			}
		}
		out = append(out, f)
	}
	return out
}

func ignores(list, rule string) bool {
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id == rule || id == "all" {
			return true
		}
	}
	return false
}

var ruleSuppression = &Rule{
	ID: "suppression", Severity: Warning, Family: "parsing",
	Summary: "a heatconf: ignore= or ignore-file= comment that names no rule: it silences nothing",
	check:   checkSuppressions,
}

// checkSuppressions reports rule ids in suppression comments that are no
// rule (a typo silences nothing, and the finding it was meant for stays).
func checkSuppressions(p *pass) {
	for _, f := range p.files {
		for _, s := range suppressions(f) {
			col := s.start
			for _, id := range strings.Split(s.list, ",") {
				trimmed := strings.TrimSpace(id)
				at := col + strings.Index(id, trimmed)
				col += len(id) + 1
				if trimmed == "" || trimmed == "all" {
					continue
				}
				if _, ok := p.rules[trimmed]; ok {
					continue
				}
				msg := fmt.Sprintf("%q is no heatconf rule: this comment silences nothing", trimmed)
				if near, ok := suggest.Closest(trimmed, idsOf(p.rules)); ok {
					msg += fmt.Sprintf("; did you mean %s?", near)
				}
				p.report(f.Name, conf.Pos{Line: s.line, Col: at, Len: len(trimmed)}, Warning, nil, "", "%s", msg)
			}
		}
	}
}

func idsOf(rules map[string]*Rule) []string {
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// ruleIDs are the ids of every rule, sorted.
func ruleIDs() []string {
	ids := make([]string, 0, len(allRules()))
	for _, r := range allRules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// Redactor masks the secrets of files in what is shown of them (a diff of
// their fixes): see redactor.
func (l *Linter) Redactor(files []*conf.File) *secret.Redactor {
	return redactor(files, l.opts.Registry)
}

// redactor is the last line of defence for a file's findings (rules name
// keys, not secret values): it knows the file's secret values (options
// that the option data or their name mark secret, URL passwords) and keeps
// its names intact: every section and option name, and the users,
// projects and domains it names, so that a password equal to one of them
// (which weak-password reports) never turns identifiers into stars.
func redactor(files []*conf.File, reg *schema.Registry) *secret.Redactor {
	var secrets, names []string
	seen := map[string]bool{} // a file of 500,000 entries has a few hundred keys
	name := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, f := range files {
		for _, s := range f.Sections {
			name(s.Name)
			name(s.Group)
			for _, e := range s.Entries {
				name(e.Key)
				isSecret := secret.IsKey(e.Key)
				if !isSecret && reg != nil {
					if m, ok := reg.Lookup(s.Group, e.Key, ""); ok && m.Option.Secret {
						isSecret = true
					}
				}
				switch {
				case isSecret && e.Value != "":
					v, _ := conf.Unescape(e.Value)
					secrets = append(secrets, e.Value, v)
				case isNameKey(e.Key):
					v, _ := conf.Unescape(e.Value)
					name(v)
				}
				secrets = append(secrets, urlPasswords(e.Value)...)
			}
		}
	}
	return secret.New(secrets, names...)
}

// isNameKey reports options that name a user, project or domain.
func isNameKey(k string) bool {
	return strings.HasSuffix(k, "username") || strings.HasSuffix(k, "user") || strings.HasSuffix(k, "_name") ||
		strings.HasSuffix(k, "stack_domain_admin")
}

// urlPasswords returns the passwords of the URL in a value, raw and
// decoded (transport_url may list several hosts with credentials).
func urlPasswords(v string) []string {
	if !strings.Contains(v, "@") {
		return nil
	}
	u, ok := conf.ParseURL(v)
	if !ok {
		return nil
	}
	var out []string
	for _, h := range u.Hosts {
		if p := h.Password; p.Present() {
			out = append(out, v[p.Start:p.End], conf.URLUnquote(p.Text(v)))
		}
	}
	return out
}
