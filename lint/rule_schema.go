package lint

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/suggest"
	"github.com/heatconf/heatconf/schema"
)

// Rules against the release's option data: what oslo.config would silently
// ignore (unknown or removed), what still works under an old name, and
// values the option's type rejects.

var ruleUnknownGroup = &Rule{
	ID: "unknown-group", Severity: Error, Family: "schema",
	Summary: "a section the release does not have: oslo.config ignores every option in it",
	check:   checkUnknownGroups,
}

var ruleUnknownOption = &Rule{
	ID: "unknown-option", Severity: Error, Family: "schema",
	Summary: "an option the release does not have (a typo, or one for another auth_type): oslo.config ignores it",
	check:   checkUnknownOptions,
}

var ruleRemovedOption = &Rule{
	ID: "removed-option", Severity: Error, Family: "schema",
	Summary: "an option that was removed: oslo.config ignores it, and what it set falls back to a default",
	check:   checkRemovedOptions,
}

var ruleDeprecatedOption = &Rule{
	ID: "deprecated-option", Severity: Warning, Family: "schema",
	Summary: "an old name that still works, or an option that is going away: write the new name",
	check:   checkDeprecatedOptions,
}

var ruleInvalidValue = &Rule{
	ID: "invalid-value", Severity: Error, Family: "schema",
	Summary: "a value the option's type rejects (oslo.config fails when Heat reads it)",
	check:   checkInvalidValues,
}

// isDefaultSpelling reports names that mean to be DEFAULT but are not.
func isDefaultSpelling(name string) bool {
	return name != conf.Default && strings.EqualFold(strings.TrimSpace(name), conf.Default)
}

func checkUnknownGroups(p *pass) {
	for _, f := range p.files {
		set := groupsSet(f)
		for _, s := range f.Sections {
			if isDefaultSpelling(s.Name) || strings.TrimSpace(s.Name) != s.Name {
				continue // section-name owns it
			}
			if _, ok := p.reg.Group(s.Name); ok {
				continue
			}
			if mw := middlewareOf(s.Name); mw != nil {
				p.report(f.Name, s.Pos, Info, nil, "", "[%s] is not Heat's: the paste filter %s registers it when api-paste.ini puts that filter in heat-api's pipeline (Heat's own api-paste.ini does not); without it the section is ignored",
					s.Name, mw.filter)
				continue
			}
			if !set[s.Group] {
				// nothing in it to ignore: a sample's empty section, or
				// options commented out
				p.report(f.Name, s.Pos, Info, nil, "", "Heat %s has no section [%s]; it holds no option, so nothing is lost", p.reg.Release().Heat(), s.Name)
				continue
			}
			if len(s.Entries) > 0 {
				if rm, ok := p.reg.Removed(s.Group, s.Entries[0].Key); ok && rm.Group != "" {
					p.report(f.Name, s.Pos, Error, nil, "", "[%s] was removed in %s: Heat ignores everything in it%s",
						s.Name, rm.RemovedIn, replacementText(rm))
					continue
				}
			}
			if rel, ok := p.reg.PointReleaseOfGroup(s.Name); ok {
				p.report(f.Name, s.Pos, Info, nil, "", "Heat reads [%s] from %s on; %s ignores everything in it", s.Name, rel.HeatVersion, p.reg.DataVersion())
				continue
			}
			msg := fmt.Sprintf("Heat %s has no section [%s]: oslo.config ignores everything in it", p.reg.Release().Heat(), s.Name)
			if near := p.reg.SuggestGroup(s.Name); len(near) > 0 {
				msg += fmt.Sprintf("; did you mean [%s]?", near[0])
			}
			p.report(f.Name, s.Pos, Error, nil, "", "%s", msg)
		}
	}
}

func replacementText(rm schema.Removal) string {
	if rm.Replacement == "" {
		return ""
	}
	return "; use " + rm.Replacement + " instead"
}

// The four rules below read the class resolve gave each entry (see
// class): one owner per class, so each can be disabled alone.

// checkUnknownOptions reports the keys the release does not have: a typo
// (with the option meant, renamed by the fix when that one is not set), a
// key of another auth_type, or one a later point release reads.
func checkUnknownOptions(p *pass) {
	p.entries(func(e *conf.Entry) {
		re := p.res.of(e)
		switch re.class {
		case classPointRelease:
			// a later point release of the series reads it (25.0.1 added
			// what 24.1.1 had and 25.0.0 lacks): not removed, not yet there
			p.atKey(e, Info, nil, "",
				"Heat reads [%s] %s from %s on; %s ignores it", e.Section.Name, e.Key, re.point.HeatVersion, p.reg.DataVersion())
		case classUnknown:
			if mw := re.middleware; mw != nil {
				msg := fmt.Sprintf("the paste filter %s has no option [%s] %s: it is ignored", mw.filter, e.Section.Name, e.Key)
				if near, ok := suggest.Closest(e.Key, mw.options); ok {
					msg += fmt.Sprintf("; did you mean %s?", near)
				}
				p.atKey(e, Error, nil, "", "%s", msg)
				return
			}
			reportUnknownOption(p, re.group, p.res.authType[re.group], e)
		}
	})
}

func reportUnknownOption(p *pass, group, authType string, e *conf.Entry) {
	if p.full(e.Section.File.Name) {
		p.atKey(e, Error, nil, "", "") // counted only: no suggestion to look for
		return
	}
	msg := fmt.Sprintf("Heat %s has no option [%s] %s: oslo.config ignores it", p.reg.Release().Heat(), e.Section.Name, e.Key)
	if _, plugin := p.reg.PluginOptions(group, authType); plugin && authType != "" {
		msg = fmt.Sprintf("[%s] %s is not an option of auth_type = %s: keystoneauth ignores it", e.Section.Name, e.Key, authType)
	}
	var fix *Fix
	text := ""
	if near := p.reg.Suggest(group, e.Key, authType); len(near) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", near[0])
		if _, exists := p.find(group, near[0]); !exists {
			fix, text = renameKey(e, near[0]), "rename to "+near[0]
		}
	}
	p.atKey(e, Error, fix, text, "%s", msg)
}

// checkRemovedOptions reports the keys of options that were removed; the
// pre-Stein messaging options of a file make one finding whose fix writes
// the transport_url they meant.
func checkRemovedOptions(p *pass) {
	legacy := newMessagingFix(p)
	p.entries(func(e *conf.Entry) {
		re := p.res.of(e)
		if re.class != classRemoved {
			return
		}
		rm := *re.removal
		if legacy.owns(e) {
			legacy.add(e, rm)
			return
		}
		fix, text := removalFix(p, e, rm)
		p.atKey(e, Error, fix, text,
			"[%s] %s was removed in %s and is ignored%s", e.Section.Name, e.Key, rm.RemovedIn, replacementText(rm))
	})
	legacy.report(p)
}

// checkDeprecatedOptions reports an option set under a deprecated name or
// group, and an option deprecated for removal.
func checkDeprecatedOptions(p *pass) {
	p.entries(func(e *conf.Entry) {
		re := p.res.of(e)
		if re.class != classOption {
			return
		}
		m, o := re.match, re.match.Option
		switch m.Via {
		case "deprecated-name":
			fix, text := renameFix(p, e, o)
			p.atKey(e, Warning, fix, text,
				"%s is the deprecated name of [%s] %s: write %s", e.Key, o.Group, o.Name, o.Name)
		case "deprecated-group":
			p.atKey(e, Warning, nil, "",
				"[%s] %s is deprecated here: move it to [%s] as %s", e.Section.Name, e.Key, o.Group, o.Name)
		}
		if re.forRemoval {
			reportForRemoval(p, e, o, re.group, p.res.authType[re.group])
		}
	})
}

// checkInvalidValues reports values the option's type rejects (a secret's
// value is not shown).
func checkInvalidValues(p *pass) {
	p.entries(func(e *conf.Entry) {
		re := p.res.of(e)
		if re.class != classOption || re.invalid == nil {
			return
		}
		o := re.match.Option
		value, _ := conf.Unescape(e.Value)
		shown := fmt.Sprintf("%q", value)
		if o.Secret || secret.IsKey(o.Name) {
			shown = "the value"
		}
		p.atValue(e, Error, nil, "", "[%s] %s: %s is not valid: %v", o.Group, o.Name, shown, re.invalid)
	})
}

// reportForRemoval reports an option deprecated for removal; when its reason
// says "in favor of X" and X is an option of the group, it says so and the
// fix renames the key.
func reportForRemoval(p *pass, e *conf.Entry, o *schema.Option, group, authType string) {
	reason := strings.TrimSpace(o.DeprecatedReason)
	if reason == "" {
		reason = "it will be removed"
	}
	if m := inFavorOf(reason); m != nil && m[1] != o.Name {
		if nm, ok := p.reg.Lookup(group, m[1], authType); ok && nm.Via == "" {
			fix, text := renameFix(p, e, nm.Option)
			p.atKey(e, Warning, fix, text,
				"[%s] %s is deprecated for removal in favor of %s: write %s", o.Group, o.Name, m[1], m[1])
			return
		}
	}
	value, _ := conf.Unescape(e.Value)
	if isDefaultValue(o, value) {
		p.atKey(e, Info, deleteEntry(e), "delete the line",
			"[%s] %s = %s is the default, and the option is deprecated for removal: delete the line", o.Group, o.Name, value)
		return
	}
	p.atKey(e, Warning, nil, "",
		"[%s] %s is deprecated for removal: %s", o.Group, o.Name, firstSentence(reason))
}

// replacementRE is a replacement that is one option: "[group] name".
var replacementRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\[([A-Za-z0-9_.-]+)\] ([A-Za-z0-9_]+)$`) })

// removalFix deletes the line of a removed option; when what replaces it
// is one option the release reads under another name ("[keystone_authtoken]
// www_authenticate_uri" for auth_uri), it renames the key instead, so that
// the value carries over: in place in the same group, else moved to the
// end of that group's section (a new section at the end of the file when
// it has none), with the value as the new option reads it (movedValue).
// The line is deleted instead when it was not what oslo.config read before
// the removal: another line sets the same key later, or the new option is
// set in the same file or a later one (its own name beats a deprecated one
// in a file, and a later file wins), so that no option is left set twice.
// An option of several values (notification_driver) takes every line
// whose value it does not have yet.
func removalFix(p *pass, e *conf.Entry, rm schema.Removal) (*Fix, string) {
	m := replacementRE().FindStringSubmatch(rm.Replacement)
	if m == nil {
		return deleteEntry(e), "delete the line"
	}
	nm, ok := p.reg.Lookup(m[1], m[2], "")
	if !ok || nm.Via != "" {
		return deleteEntry(e), "delete the line"
	}
	o := nm.Option
	value, changed := movedValue(o, e)
	if o.Multi {
		if p.setsValue(o, value) {
			return deleteEntry(e), "delete the line: " + o.Name + " = " + value + " is set"
		}
	} else {
		if later := p.laterSameKey(e); later != nil {
			return deleteEntry(e), fmt.Sprintf("delete the line: line %d sets %s again", later.FirstLine, e.Key)
		}
		if p.setInOrAfter(o, e.Section.File) {
			return deleteEntry(e), "delete the line: " + o.Name + " is set"
		}
	}
	what := o.Name
	if changed {
		what += " = " + value
	}
	if e.Section.Group == o.Group {
		return rewriteEntry(e, o.Name, value, changed), "rename to " + what
	}
	return moveEntry(e, o.Group, o.Name, value, changed), "move to [" + o.Group + "] as " + what
}

// movedValue is the value a removed option's line gives the option that
// replaces it, as that option reads it, and whether it differs from the
// line's: [DEFAULT] notification_driver took the module path of an old
// notifier ("heat.openstack.common.notifier.rpc_notifier"), which the
// projects mapped to oslo.messaging's drivers by entry point names that
// are long gone; [oslo_messaging_notifications] driver takes the driver's
// name (messaging, messagingv2, noop, log, test).
func movedValue(o *schema.Option, e *conf.Entry) (string, bool) {
	v, _ := conf.Unescape(e.Value)
	if o.Group != "oslo_messaging_notifications" || o.Name != "driver" || e.FirstLine != e.LastLine || e.Quote != 0 {
		return v, false
	}
	if name, ok := notifierDriver(v); ok && name != v {
		return name, true
	}
	return v, false
}

// oldNotifiers are the drivers of the old notifier module paths
// ("<project>.openstack.common.notifier.<module>", as Heat, Nova and
// Neutron registered them for oslo.messaging).
var oldNotifiers = map[string]string{
	"rpc_notifier":   "messaging",
	"rpc_notifier2":  "messagingv2",
	"no_op_notifier": "noop",
	"log_notifier":   "log",
	"test_notifier":  "test",
}

// notifierDriver is the oslo.messaging driver name an old notifier module
// path meant.
func notifierDriver(v string) (string, bool) {
	i := strings.LastIndex(v, ".openstack.common.notifier.")
	prefix := ".openstack.common.notifier."
	if i < 0 {
		if !strings.HasPrefix(v, "openstack.common.notifier.") {
			return "", false
		}
		i, prefix = 0, "openstack.common.notifier."
	}
	name, ok := oldNotifiers[v[i+len(prefix):]]
	return name, ok
}

// laterSameKey is a line that sets e's key in e's group after e: later in
// its file, or in a later file (nil when none). oslo.config reads that one.
func (p *pass) laterSameKey(e *conf.Entry) *conf.Entry {
	fi := p.res.order[e.Section.File]
	var later *conf.Entry
	p.entries(func(x *conf.Entry) {
		if later != nil || x == e || x.Key != e.Key || x.Section.Group != e.Section.Group {
			return
		}
		if xi := p.res.order[x.Section.File]; xi > fi || xi == fi && x.FirstLine > e.FirstLine {
			later = x
		}
	})
	return later
}

// setInOrAfter reports whether option o is set under its own name, or a
// name of it the release still reads, in file f or a file after it.
func (p *pass) setInOrAfter(o *schema.Option, f *conf.File) bool {
	for _, x := range p.res.setters[o] {
		if p.res.order[x.Section.File] >= p.res.order[f] {
			return true
		}
	}
	return false
}

// setsValue reports whether a line of a multi-valued option o has value.
func (p *pass) setsValue(o *schema.Option, value string) bool {
	for _, x := range p.res.setters[o] {
		if v, _ := conf.Unescape(x.Value); v == value {
			return true
		}
	}
	return false
}

// rewriteEntry renames an entry's key and, when changed, writes value in
// place of its value (a one-line, unquoted entry: see movedValue); the
// rest of its text is kept as written.
func rewriteEntry(e *conf.Entry, key, value string, changed bool) *Fix {
	fix := renameKey(e, key)
	if changed {
		f := e.Section.File
		first := f.Lines[e.FirstLine-1].Text
		start := e.ValuePos.Col - 1
		line := first[:e.KeyPos.Col-1] + key + first[e.KeyPos.Col-1+len(e.Key):start] + value + first[start+e.ValuePos.Len:]
		fix.Edits[0].Lines = []string{line}
	}
	return fix
}

// moveEntry deletes an entry and writes it, as key (with value when
// changed, see rewriteEntry), at the end of the last section of group in
// the same file, or in a new section at the file's end.
func moveEntry(e *conf.Entry, group, key, value string, changed bool) *Fix {
	f := e.Section.File
	lines := rewriteEntry(e, key, value, changed).Edits[0].Lines
	at := 0
	for _, s := range f.Sections {
		if s.Group == group {
			at = s.Pos.Line + 1
			for _, x := range s.Entries {
				at = x.LastLine + 1
			}
		}
	}
	if at == 0 {
		at = len(f.Lines) + 1
		lines = append([]string{"", "[" + group + "]"}, lines...)
	}
	fix := deleteEntry(e)
	fix.Edits = append(fix.Edits, Edit{File: f.Name, First: at, Last: at - 1, Lines: lines})
	return fix
}

// renameFix renames a deprecated key; when the new name is already set in
// the same file (it beats the deprecated name there) or a later one (which
// wins), the old line is deleted instead: oslo.config reads the other line
// anyway, and renaming would set the option twice.
func renameFix(p *pass, e *conf.Entry, o *schema.Option) (*Fix, string) {
	if e.Section.Group != o.Group {
		return nil, ""
	}
	fi := p.res.order[e.Section.File]
	for _, x := range p.res.setters[o] {
		if x.Key == o.Name && x.Section.Group == o.Group && p.res.order[x.Section.File] >= fi {
			return deleteEntry(e), "delete the line: " + o.Name + " is set too"
		}
	}
	return renameKey(e, o.Name), "rename to " + o.Name
}

// inFavorOf finds the option a deprecation reason names as its successor,
// as the regular expression `in favou?r of (?:the )?"?([a-z_]+)"?` does
// (its first match: [match, name]; favor_test.go holds the two together),
// nil if none. A scan: it runs on every lint.
func inFavorOf(reason string) []string {
	for from := 0; ; from++ {
		i := strings.Index(reason[from:], "in favo")
		if i < 0 {
			return nil
		}
		from += i
		rest := strings.TrimPrefix(reason[from+len("in favo"):], "u")
		rest, ok := strings.CutPrefix(rest, "r of ")
		if !ok {
			continue
		}
		// "the " is taken when a name follows it, as the regular
		// expression backtracks
		for _, r := range []string{strings.TrimPrefix(rest, "the "), rest} {
			name := strings.TrimPrefix(r, `"`)
			n := 0
			for n < len(name) && (name[n] >= 'a' && name[n] <= 'z' || name[n] == '_') {
				n++
			}
			if n == 0 {
				continue
			}
			end := len(reason) - len(name) + n
			if n < len(name) && name[n] == '"' {
				end++
			}
			return []string{reason[from:end], name[:n]}
		}
	}
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i]
	}
	return strings.TrimSuffix(s, ".")
}

// isDefaultValue reports a value that means the option's default: the
// same text, or the same boolean as oslo.config reads it (False = false).
func isDefaultValue(o *schema.Option, value string) bool {
	if o.Default == nil {
		return false
	}
	if value == *o.Default {
		return true
	}
	if o.Type != "boolean" {
		return false
	}
	a, ok1 := conf.ParseBool(value)
	b, ok2 := conf.ParseBool(*o.Default)
	return ok1 && ok2 && a == b
}

// groupsSet returns the groups of f in which some section sets an option
// (oslo.config merges repeated sections): one pass, so a file of many
// sections costs no more than its length.
func groupsSet(f *conf.File) map[string]bool {
	set := map[string]bool{}
	for _, s := range f.Sections {
		if len(s.Entries) > 0 {
			set[s.Group] = true
		}
	}
	return set
}
