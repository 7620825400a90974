package schemaview

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/diff"
	"github.com/heatconf/heatconf/schema/releases"
)

// Detail is one labelled fact of a description for people. A value of
// several lines has them joined with "\n".
type Detail struct {
	Label, Value string
}

// OptionDetails describe the option for people, one fact a row: type,
// default, what the sample shows, choices, range, the type's limits, flags,
// where the option comes from, deprecated names, deprecation, the releases
// that have it and its help.
func OptionDetails(o *schema.Option) []Detail {
	var d []Detail
	add := func(label, value string) { d = append(d, Detail{label, value}) }
	add("type", TypeLabel(o))
	def := "(none)"
	if o.Default != nil {
		def = *o.Default
		if def == "" {
			def = `"" (empty)`
		}
	}
	if o.DefaultNote != "" && o.Default == nil {
		def = "(none fixed: " + o.DefaultNote + ")"
	}
	add("default", def)
	if o.DefaultSetBy != "" || o.DefaultNote != "" {
		why := o.DefaultSetBy
		if why == "" {
			why = "Heat's programs at start"
		}
		gen := "(none)"
		if o.GeneratorDefault != nil {
			gen = *o.GeneratorDefault
			if gen == "" {
				gen = `""`
			}
		}
		add("default from", why+"; the sample config's generator lists "+gen)
	}
	if o.SampleDefault != "" {
		add("sample shows", o.SampleDefault+" (the default depends on the machine)")
	}
	if len(o.Choices) > 0 {
		add("choices", strings.Join(quoted(o.Choices), ", "))
	}
	if r := RangeText(o); r != "" {
		add("range", r)
	}
	if ti := o.TypeInfo; ti != nil {
		if ti.Regex != "" {
			add("must match", ti.Regex)
		}
		if len(ti.Schemes) > 0 {
			add("schemes", strings.Join(ti.Schemes, ", "))
		}
		if ti.MaxLength != nil && *ti.MaxLength > 0 {
			add("max length", fmt.Sprint(*ti.MaxLength))
		}
	}
	var flags []string
	for _, f := range []struct {
		on   bool
		text string
	}{{o.Secret, "secret (masked in logs)"}, {o.Required, "required"}, {o.Multi, "multi-valued (repeat the key)"}, {o.Advanced, "advanced"}} {
		if f.on {
			flags = append(flags, f.text)
		}
	}
	if len(flags) > 0 {
		add("flags", strings.Join(flags, ", "))
	}
	if o.Plugin != "" {
		add("from", "keystoneauth auth plugin "+o.Plugin+" (read when auth_type = "+o.Plugin+")")
	} else if o.Legacy {
		add("from", "keystonemiddleware's legacy AuthTokenPlugin: read only when auth_type is unset")
	} else if o.RegisteredBy != "" && o.Source == "runtime" {
		from := "registered at run time by " + o.RegisteredBy
		if o.GeneratorGroup != "" {
			from += " (the sample config's generator lists it in [" + o.GeneratorGroup + "], where Heat does not read it)"
		}
		add("from", from)
	}
	if o.Variant != "" {
		add("variant", "only the "+o.Variant+" packages have it (upstream Heat of the same version does not)")
	}
	if len(o.Deprecated) > 0 {
		add("deprecated names", AliasList(o.Deprecated))
	}
	if o.DeprecatedForRemoval {
		v := "yes"
		if o.DeprecatedSince != "" {
			v += ", since " + o.DeprecatedSince
		}
		if o.DeprecatedReason != "" {
			v += ": " + strings.Join(strings.Fields(o.DeprecatedReason), " ")
		}
		add("deprecated for removal", v)
	}
	add("releases", diff.Presence(releases.Upstream(), o.Group, o.Name).String())
	if o.Help != "" {
		add("help", o.Help)
	}
	return d
}

// RemovalDetails describe a removal for people: removed in, instead, note,
// source.
func RemovalDetails(rm schema.Removal) []Detail {
	d := []Detail{{"removed in", rm.RemovedIn}}
	if rm.Replacement != "" {
		d = append(d, Detail{"instead", rm.Replacement})
	}
	if rm.Note != "" {
		d = append(d, Detail{"note", rm.Note})
	}
	return append(d, Detail{"source", rm.Source})
}

// ShortDefault is the option's default as a table cell: "-" for none, `""`
// for empty, lines joined with " | ", cut to 40 characters.
func ShortDefault(o *schema.Option) string {
	if o.Default == nil {
		return "-"
	}
	d := *o.Default
	if d == "" {
		return `""`
	}
	d = strings.ReplaceAll(d, "\n", " | ")
	if r := []rune(d); len(r) > 40 {
		d = string(r[:39]) + "…"
	}
	return d
}

// Missing says that the registry has no group, or no option key of the
// group (key ""), with the closest names it has: "2025.1 (epoxy), Heat
// 24.0.0 has no option [DEFAULT] debgu; did you mean debug?".
func Missing(r *schema.Registry, group, key, authType string) string {
	canon, ok := r.Group(group)
	if !ok {
		msg := fmt.Sprintf("%s has no group [%s]", r.Title(), group)
		if near := r.SuggestGroup(group); len(near) > 0 {
			msg += fmt.Sprintf("; did you mean [%s]?", near[0])
		}
		return msg
	}
	msg := fmt.Sprintf("%s has no option [%s] %s", r.Title(), canon, key)
	if near := r.Suggest(canon, key, authType); len(near) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(near, " or "))
	}
	return msg
}

// DiffSummary counts the changes on one line.
func DiffSummary(d *diff.Diff) string {
	return fmt.Sprintf("groups: %d added, %d removed; options: %d added, %d removed, %d renamed; changed: %d defaults, %d types, %d choices, %d ranges; %d newly deprecated for removal",
		len(d.GroupsAdded), len(d.GroupsRemoved), len(d.Added), len(d.Removed), len(d.Renamed),
		len(d.DefaultChanged), len(d.TypeChanged), len(d.ChoicesChanged), len(d.BoundsChanged), len(d.Deprecated))
}

// DiffSection is one kind of change, a line for each.
type DiffSection struct {
	Title string
	Lines []string
}

// DiffSections list the changes for people, a section for each kind that
// has any: "+ [group]: options", "- [DEFAULT] x", "~ old -> new", "[g] o:
// from -> to", "! [g] o: why it is deprecated".
func DiffSections(d *diff.Diff) []DiffSection {
	var out []DiffSection
	section := func(title string, lines []string) {
		if len(lines) > 0 {
			out = append(out, DiffSection{title, lines})
		}
	}
	lines := func(n int, line func(i int) string) []string {
		var ls []string
		for i := range n {
			ls = append(ls, line(i))
		}
		return ls
	}
	changes := func(cs []diff.Change) []string {
		return lines(len(cs), func(i int) string {
			return fmt.Sprintf("[%s] %s: %s -> %s", cs[i].Group, cs[i].Name, cs[i].From, cs[i].To)
		})
	}
	section("Groups added", lines(len(d.GroupsAdded), func(i int) string {
		return fmt.Sprintf("+ [%s]: %s", d.GroupsAdded[i].Group, strings.Join(d.GroupsAdded[i].Options, ", "))
	}))
	section("Groups removed", lines(len(d.GroupsRemoved), func(i int) string {
		return fmt.Sprintf("- [%s] (%d options: everything in it is ignored)", d.GroupsRemoved[i].Group, len(d.GroupsRemoved[i].Options))
	}))
	section("Options added", lines(len(d.Added), func(i int) string {
		o := d.Added[i]
		if o.Default == nil {
			return fmt.Sprintf("+ %s (%s, no default)", o, o.Type)
		}
		def := *o.Default
		if def == "" {
			def = `""`
		}
		return fmt.Sprintf("+ %s (%s, default %s)", o, o.Type, def)
	}))
	section("Options removed", lines(len(d.Removed), func(i int) string { return "- " + d.Removed[i].String() }))
	section("Options renamed (the old name still works as a deprecated alias)", lines(len(d.Renamed), func(i int) string {
		return fmt.Sprintf("~ %s -> %s", d.Renamed[i].From, d.Renamed[i].To)
	}))
	section("Defaults changed", changes(d.DefaultChanged))
	section("Types changed", changes(d.TypeChanged))
	section("Choices changed", lines(len(d.ChoicesChanged), func(i int) string {
		c := d.ChoicesChanged[i]
		if len(c.Added)+len(c.Removed) == 0 {
			return fmt.Sprintf("[%s] %s: %s -> %s", c.Group, c.Name, c.From, c.To)
		}
		var parts []string
		for _, a := range c.Added {
			parts = append(parts, "+"+strconv.Quote(a))
		}
		for _, r := range c.Removed {
			parts = append(parts, "-"+strconv.Quote(r))
		}
		return fmt.Sprintf("[%s] %s: %s", c.Group, c.Name, strings.Join(parts, " "))
	}))
	section("Ranges changed", changes(d.BoundsChanged))
	section("Newly deprecated for removal", lines(len(d.Deprecated), func(i int) string {
		c := d.Deprecated[i]
		return fmt.Sprintf("! [%s] %s: %s", c.Group, c.Name, firstSentence(c.To))
	}))
	section("Only in the distribution's packages (not removed by Heat: "+d.To+" never had them)", lines(len(d.VariantOnly), func(i int) string {
		return "= " + d.VariantOnly[i].String()
	}))
	return out
}

// firstSentence is s on one line, up to the end of its first sentence.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
