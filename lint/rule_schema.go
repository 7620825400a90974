package lint

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
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
		for _, s := range f.Sections {
			if isDefaultSpelling(s.Name) || strings.TrimSpace(s.Name) != s.Name {
				continue // section-name owns it
			}
			if _, ok := p.reg.Group(s.Name); ok {
				continue
			}
			if !hasEntries(f, s) {
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
			reportUnknownOption(p, re.group, p.res.authType[re.group], e)
		}
	})
}

func reportUnknownOption(p *pass, group, authType string, e *conf.Entry) {
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
		rm := re.removal
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
	if m := favorRE().FindStringSubmatch(reason); m != nil && m[1] != o.Name {
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
var replacementRE = regexp.MustCompile(`^\[([A-Za-z0-9_.-]+)\] ([A-Za-z0-9_]+)$`)

// removalFix deletes the line of a removed option; when what replaces it
// is one option the release reads under another name ("[keystone_authtoken]
// www_authenticate_uri" for auth_uri), it renames the key instead, so that
// the value carries over: in place in the same group, else moved to the
// end of that group's section (a new section at the end of the file when
// it has none). An option already set under the new name wins: the old
// line is deleted.
func removalFix(p *pass, e *conf.Entry, rm schema.Removal) (*Fix, string) {
	m := replacementRE.FindStringSubmatch(rm.Replacement)
	if m == nil {
		return deleteEntry(e), "delete the line"
	}
	nm, ok := p.reg.Lookup(m[1], m[2], "")
	if !ok || nm.Via != "" {
		return deleteEntry(e), "delete the line"
	}
	o := nm.Option
	if _, set := p.find(o.Group, o.Name); set {
		return deleteEntry(e), "delete the line: " + o.Name + " is set"
	}
	if e.Section.Group == o.Group {
		return renameKey(e, o.Name), "rename to " + o.Name
	}
	return moveEntry(e, o.Group, o.Name), "move to [" + o.Group + "] as " + o.Name
}

// moveEntry deletes an entry and writes it, as key, at the end of the last
// section of group in the same file, or in a new section at the file's end.
func moveEntry(e *conf.Entry, group, key string) *Fix {
	f := e.Section.File
	lines := renameKey(e, key).Edits[0].Lines
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
// the section, the old line is deleted instead (the new name wins anyway).
func renameFix(p *pass, e *conf.Entry, o *schema.Option) (*Fix, string) {
	if e.Section.Group != o.Group {
		return nil, ""
	}
	for _, other := range e.Section.Entries {
		if other.Key == o.Name {
			return deleteEntry(e), "delete the line: " + o.Name + " is set too"
		}
	}
	return renameKey(e, o.Name), "rename to " + o.Name
}

var favorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`in favou?r of (?:the )?"?([a-z_]+)"?`) })

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

// hasEntries reports whether any section of f with s's group, s itself
// included, sets an option (oslo.config merges repeated sections).
func hasEntries(f *conf.File, s *conf.Section) bool {
	for _, o := range f.Sections {
		if o.Group == s.Group && len(o.Entries) > 0 {
			return true
		}
	}
	return false
}
