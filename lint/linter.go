package lint

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/mask"
	"github.com/heatconf/heatconf/schema"
)

// Options configure a Linter.
type Options struct {
	// Registry is the option data of the release the files are for.
	Registry *schema.Registry
	// Disable turns rules off by id; Enable turns them back on (a
	// command line --enable undoes a .heatconf.toml disable).
	Disable, Enable []string
}

// Linter runs the enabled rules. It is safe for concurrent use.
type Linter struct {
	opts    Options
	all     map[string]*Rule // every rule by id, enabled or not
	on      map[string]bool  // enabled rules by id
	drivers []*Rule          // the checks to run: each enabled rule's driver, once
}

// New checks the options and assembles the rules.
func New(opts Options) (*Linter, error) {
	if opts.Registry == nil {
		return nil, errors.New("lint: no option registry")
	}
	off := map[string]bool{}
	for _, id := range opts.Disable {
		if _, ok := RuleByID(id); !ok {
			return nil, unknownRule(id)
		}
		off[id] = true
	}
	for _, id := range opts.Enable {
		if _, ok := RuleByID(id); !ok {
			return nil, unknownRule(id)
		}
		delete(off, id)
	}
	l := &Linter{opts: opts, all: map[string]*Rule{}, on: map[string]bool{}}
	rules := Rules()
	for _, r := range rules {
		l.all[r.ID] = r
	}
	for _, r := range rules {
		if off[r.ID] {
			continue
		}
		l.on[r.ID] = true
		driver := r
		if r.by != "" {
			driver = l.all[r.by]
		}
		if driver.check != nil && !slices.Contains(l.drivers, driver) {
			l.drivers = append(l.drivers, driver)
		}
	}
	return l, nil
}

func unknownRule(id string) error {
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	return fmt.Errorf("unknown rule %q (see 'heatconf rules'; rules: %s)", id, strings.Join(ids, ", "))
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
	if len(files) == 0 {
		return nil
	}
	var out []Finding
	p := &pass{files: files, cfg: conf.Merge(files...), reg: l.opts.Registry, modes: modes, on: l.on, all: l.all, out: &out}
	for _, driver := range l.drivers {
		p.rule = driver
		driver.check(p)
	}
	out = suppress(files, out)
	if len(out) == 0 {
		return nil
	}
	m := newMasker(files, l.opts.Registry)
	for i := range out {
		out[i].Message = m.mask(out[i].Message)
		out[i].FixText = mask.Structure(m.mask(out[i].FixText))
	}
	return sortFindings(out)
}

// ParseErrorFinding turns a file that oslo.config cannot read into a
// finding of the parse-error rule.
func ParseErrorFinding(err error) (Finding, bool) {
	var pe *conf.ParseError
	if !errors.As(err, &pe) {
		return Finding{}, false
	}
	msg := pe.Msg
	if pe.Hint != "" {
		msg += ": " + pe.Hint
	}
	return Finding{File: pe.File, Line: pe.Pos.Line, Column: pe.Pos.Col, Len: pe.Pos.Len,
		Rule: ruleParseError.ID, Severity: Error,
		Message: "oslo.config cannot read this file (" + msg + "); every Heat service would fail to start"}, true
}

var ruleParseError = &Rule{
	ID: "parse-error", Severity: Error, Family: "parsing",
	Summary: "the file is not valid for oslo.config's parser (every service fails to start)",
}

var ignoreRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[#;]\s*heatconf:\s*ignore=([A-Za-z0-9_,\s-]+)$`) })

// suppress drops findings whose line is preceded by a comment
// "# heatconf: ignore=RULE[,RULE...]" (or ignore=all).
func suppress(files []*conf.File, fs []Finding) []Finding {
	byName := map[string]*conf.File{}
	for _, f := range files {
		byName[f.Name] = f
	}
	out := fs[:0]
	for _, f := range fs {
		if file := byName[f.File]; file != nil && f.Line >= 2 && f.Line-2 < len(file.Lines) {
			prev := strings.TrimSpace(file.Lines[f.Line-2].Text)
			if m := ignoreRE().FindStringSubmatch(prev); m != nil && ignores(m[1], f.Rule) {
				continue
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

// masker hides secret values in messages. Rules name keys, not secret
// values, so the masker works where values are quoted ("..." as %q writes
// them): a secret inside a quoted string becomes ****. Masking every
// occurrence instead would mangle messages whenever a password is a common
// word (the guide's password for the heat user is "heat").
type masker struct{ r *strings.Replacer }

var quotedRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"(?:[^"\\]|\\.)*"`) })

func newMasker(files []*conf.File, reg *schema.Registry) masker {
	seen := map[string]bool{}
	var secrets []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			secrets = append(secrets, s)
		}
	}
	for _, f := range files {
		for _, s := range f.Sections {
			for _, e := range s.Entries {
				secret := isSecretKey(e.Key)
				if !secret && reg != nil {
					if m, ok := reg.Lookup(s.Group, e.Key, ""); ok && m.Option.Secret {
						secret = true
					}
				}
				if secret && e.Value != "" {
					add(e.Value)
					v, _ := conf.Unescape(e.Value)
					add(v)
				}
				for _, u := range urlPasswords(e.Value) {
					add(u)
				}
			}
		}
	}
	// longest first, so no secret is left half shown
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, "****")
	}
	return masker{strings.NewReplacer(pairs...)}
}

// isSecretKey reports option names that hold secrets: *pass*, *secret*,
// *token*, *_key and key.
func isSecretKey(k string) bool {
	l := strings.ToLower(k)
	return strings.Contains(l, "pass") || strings.Contains(l, "secret") || strings.Contains(l, "token") ||
		strings.HasSuffix(l, "_key") || l == "key"
}

func (m masker) mask(s string) string {
	s = mask.URLCredentials(s)
	return quotedRE().ReplaceAllStringFunc(s, func(q string) string {
		uq, err := strconv.Unquote(q)
		if err != nil {
			return q
		}
		if masked := m.r.Replace(uq); masked != uq {
			return strconv.Quote(masked)
		}
		return q
	})
}

// urlPasswords returns the passwords of the URLs in a value, raw and
// decoded (transport_url may list several hosts with credentials).
func urlPasswords(v string) []string {
	if !strings.Contains(v, "://") || !strings.Contains(v, "@") {
		return nil
	}
	var out []string
	rest := v[strings.Index(v, "://")+3:]
	for _, part := range strings.Split(rest, ",") {
		at := strings.LastIndex(part, "@")
		if at < 0 {
			continue
		}
		userinfo := part[:at]
		if i := strings.IndexByte(userinfo, ':'); i >= 0 {
			pw := userinfo[i+1:]
			out = append(out, pw)
			if d, err := url.PathUnescape(pw); err == nil {
				out = append(out, d)
			}
		}
	}
	return out
}
