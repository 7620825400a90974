package upgrade

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/lint"
)

// formats are the output formats of Write: text for people, json for
// scripts (the versioned contract of docs/upgrade.md), markdown as a task
// list to paste into a change ticket.
var formats = output.NewFormats(
	output.Format[*Plan]{Name: "text", Write: writeText},
	output.Format[*Plan]{Name: "json", Write: func(w io.Writer, p *Plan) error { return output.JSON(w, p) }},
	output.Format[*Plan]{Name: "markdown", Write: writeMarkdown},
)

// Formats lists the output formats of Write, the default first.
func Formats() []string { return formats.Names() }

// Write prints the plan in one of Formats().
func Write(w io.Writer, format string, p *Plan) error { return formats.Write(w, format, p) }

// Changes counts what the files must change: renamed, removed and
// deprecated options they set, requirements of the target they do not
// meet, and lint's warnings and errors on the target. Steps, limits and
// defaults are to check, not to change in the files.
func (p *Plan) Changes() int {
	n := len(p.Renamed) + len(p.Removed) + len(p.Deprecated)
	for _, r := range p.Requirements {
		if !r.Met {
			n++
		}
	}
	for _, f := range p.Findings {
		if f.Severity >= lint.Warning {
			n++
		}
	}
	return n
}

func (p *Plan) title() string {
	return fmt.Sprintf("Upgrade %s from %s to %s", strings.Join(p.Files, ", "), p.From, p.To)
}

// heat names the Heat versions of the plan's ends.
func (p *Plan) heat() string { return "Heat " + p.FromHeat + " to " + p.ToHeat }

// routeText says whether the route is one supported upgrade, and which
// releases to pass through when it is not.
func (p *Plan) routeText(arrow string) (hops string, why string) {
	var b strings.Builder
	for i, h := range p.Route.Hops {
		if i == 0 {
			b.WriteString(h.From)
		}
		b.WriteString(" " + arrow + " " + h.To)
		if h.Kind == "slurp" {
			b.WriteString(" (SLURP)")
		}
	}
	if p.Route.Direct {
		return b.String(), "one supported upgrade"
	}
	return b.String(), fmt.Sprintf("not one supported upgrade: OpenStack supports an upgrade to the next series, and from a SLURP series (2023.1, 2024.1, 2025.1, 2026.1) to the next one; pass through %s",
		strings.Join(p.Route.Through(), ", then "))
}

// covered reports a lint finding that an item of the plan says already.
func (p *Plan) covered(f lint.Finding) bool {
	if !isOptionRule(f.Rule.String()) {
		return false
	}
	for _, items := range [][]Item{p.Renamed, p.Removed, p.Deprecated} {
		for _, it := range items {
			if it.File == f.File && it.Line == f.Line {
				return true
			}
		}
	}
	return false
}

func where(it Item) string { return fmt.Sprintf("%s:%d", it.File, it.Line) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// The kinds of Item, for its text.
const (
	kindRenamed    = "renamed"
	kindRemoved    = "removed"
	kindDeprecated = "deprecated"
)

func (it Item) text(kind string) string {
	var b strings.Builder
	switch kind {
	case kindRenamed:
		fmt.Fprintf(&b, "[%s] %s is read as %s from %s on; write the new name", it.Group, it.Name, it.New, it.Release)
	case kindRemoved:
		fmt.Fprintf(&b, "[%s] %s is gone in %s", it.Group, it.Name, it.Release)
		if it.New != "" {
			fmt.Fprintf(&b, "; instead: %s", it.New)
		}
		if it.Note != "" {
			fmt.Fprintf(&b, " (%s)", oneLine(it.Note))
		}
	case kindDeprecated:
		fmt.Fprintf(&b, "[%s] %s is deprecated for removal in %s", it.Group, it.Name, it.Release)
		if it.Note != "" {
			fmt.Fprintf(&b, ": %s", oneLine(it.Note))
		}
	}
	if it.Fix != "" {
		fmt.Fprintf(&b, " [--fix: %s]", it.Fix)
	}
	return b.String()
}

// markdown is the item as a task: code spans for names, file text made
// printable.
func (it Item) markdown(kind string, code, text func(string) string) string {
	var b strings.Builder
	name := code("[" + it.Group + "] " + it.Name)
	switch kind {
	case kindRenamed:
		fmt.Fprintf(&b, "rename %s to %s (read under the new name from %s on)", name, code(it.New), it.Release)
	case kindRemoved:
		fmt.Fprintf(&b, "%s is gone in %s", name, it.Release)
		if it.New != "" {
			fmt.Fprintf(&b, "; instead: %s", text(it.New))
		}
		if it.Note != "" {
			fmt.Fprintf(&b, " (%s)", text(oneLine(it.Note)))
		}
	case kindDeprecated:
		fmt.Fprintf(&b, "%s is deprecated for removal in %s", name, it.Release)
		if it.Note != "" {
			fmt.Fprintf(&b, " — %s", text(oneLine(it.Note)))
		}
	}
	if it.Fix != "" {
		fmt.Fprintf(&b, "; `heatconf upgrade --fix`: %s", text(it.Fix))
	}
	return b.String()
}

// itemLists are the plan's items with their kinds, in the order shown.
func (p *Plan) itemLists() []struct {
	kind  string
	items []Item
} {
	return []struct {
		kind  string
		items []Item
	}{{kindRenamed, p.Renamed}, {kindRemoved, p.Removed}, {kindDeprecated, p.Deprecated}}
}

// change shows a default's change: "old -> new", or for two long lists
// the items that go and come.
func (d DefaultChange) change(arrow string, show func(string) string) string {
	o, okO := d.Old.strings()
	n, okN := d.New.strings()
	if !okO || !okN || len(o) < 4 || len(n) < 4 {
		return show(d.Old.String()) + " " + arrow + " " + show(d.New.String())
	}
	var parts []string
	if gone := minus(o, n); len(gone) > 0 {
		parts = append(parts, "drops "+show(strings.Join(gone, ",")))
	}
	if come := minus(n, o); len(come) > 0 {
		parts = append(parts, "adds "+show(strings.Join(come, ",")))
	}
	if len(parts) == 0 {
		parts = append(parts, "reorders "+show(d.New.String()))
	}
	return strings.Join(parts, ", ")
}

// minus is the items of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func (l Limit) text() string {
	s := fmt.Sprintf("[%s] %s = %s from %s", l.Group, l.Name, l.New, l.Release)
	if l.Old.Any() == nil {
		s += " (no limit before)"
	} else {
		s += " (was " + l.Old.String() + ")"
	}
	s += ": the " + l.Counts
	if l.AdminExempt {
		s += "; not enforced for admin"
	}
	return s + "; write -1 for no limit, or a larger number"
}

func writeText(w io.Writer, p *Plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n", p.title(), p.heat())
	if p.FromNote != "" {
		fmt.Fprintf(&b, "from: %s\n", p.FromNote)
	}
	fmt.Fprintf(&b, "option data compared: %s\n", strings.Join(p.Path, " -> "))
	hops, why := p.routeText("->")
	fmt.Fprintf(&b, "supported route: %s (%s)\n", hops, why)
	section := func(title string, n int) {
		fmt.Fprintf(&b, "\n%s: %d\n", title, n)
	}
	section("Steps", len(p.Steps))
	said := map[string]bool{} // a step's detail is said at its first occurrence
	for i, s := range p.Steps {
		at := ""
		if s.Release != "" {
			at = "[" + s.Release + "] "
		}
		fmt.Fprintf(&b, "  %d. %s%s\n", i+1, at, s.Title)
		if s.Detail != "" && !said[s.Kind] {
			said[s.Kind] = true
			fmt.Fprintf(&b, "     %s\n", s.Detail)
		}
		for _, c := range s.Commands {
			fmt.Fprintf(&b, "     $ %s\n", c)
		}
	}
	section("Requirements of "+p.To+" the file does not meet", unmet(p.Requirements))
	for _, r := range p.Requirements {
		status := "to do"
		if r.Met {
			status = "met"
		}
		fmt.Fprintf(&b, "  [%s] from %s (%s): %s\n     %s\n", r.Group, r.Release, status, r.Title, r.Why)
		if len(r.Write) > 0 {
			b.WriteString("     write (HEAT_PASS: the password of the same user as in [keystone_authtoken]):\n")
			for _, l := range r.Write {
				fmt.Fprintf(&b, "       %s\n", l)
			}
		}
	}
	section("Limits Heat starts to enforce or changes", len(p.Limits))
	for _, l := range p.Limits {
		fmt.Fprintf(&b, "  %s\n", l.text())
	}
	for _, l := range p.itemLists() {
		section(strings.ToUpper(l.kind[:1])+l.kind[1:]+" options the file sets", len(l.items))
		for _, it := range l.items {
			fmt.Fprintf(&b, "  %s: %s\n", where(it), it.text(l.kind))
		}
	}
	if len(p.VariantOnly) > 0 {
		section("Options only a distribution's packages read", len(p.VariantOnly))
		for _, it := range p.VariantOnly {
			fmt.Fprintf(&b, "  %s: [%s] %s is not read by %s: %s\n", where(it), it.Group, it.Name, it.Release, it.Note)
		}
	}
	section("Defaults that change under options the file leaves unset", len(p.Defaults))
	for _, d := range p.Defaults {
		fmt.Fprintf(&b, "  [%s] %s: %s from %s\n", d.Group, d.Name, d.change("->", func(s string) string { return s }), d.Release)
	}
	section("New options whose default changes what Heat does", len(p.Added))
	for _, o := range p.Added {
		fmt.Fprintf(&b, "  [%s] %s = %s from %s: %s\n", o.Group, o.Name, o.Default, o.Release, o.Help)
	}
	shown := 0
	for _, f := range p.Findings {
		if !p.covered(f) {
			shown++
		}
	}
	title := "lint on " + p.To
	if shown < len(p.Findings) {
		title += fmt.Sprintf(" (%d more about the options above)", len(p.Findings)-shown)
	}
	section(title, shown)
	for _, f := range p.Findings {
		if !p.covered(f) {
			fmt.Fprintf(&b, "  %s\n", f)
		}
	}
	_, err := io.WriteString(w, escape.PrintableLines(b.String()))
	return err
}

func unmet(rs []Requirement) int {
	n := 0
	for _, r := range rs {
		if !r.Met {
			n++
		}
	}
	return n
}

// writeMarkdown writes the plan as a task list: one box per thing to do
// or to check, each a list item of its own (GitHub renders a box only
// there, never in a table).
func writeMarkdown(w io.Writer, p *Plan) error {
	var b strings.Builder
	code := func(s string) string { return "`" + strings.ReplaceAll(escape.Printable(s), "`", "'") + "`" }
	text := func(s string) string { return escape.Printable(s) }
	box := func(done bool) string {
		if done {
			return "- [x] "
		}
		return "- [ ] "
	}
	fmt.Fprintf(&b, "# %s\n\n%s.\n\n", text(p.title()), p.heat())
	hops, why := p.routeText("→")
	fmt.Fprintf(&b, "Supported route: %s (%s).\n\n", hops, why)
	fmt.Fprintf(&b, "Option data compared: %s.", strings.Join(p.Path, " → "))
	if p.FromNote != "" {
		fmt.Fprintf(&b, " From %s.", text(p.FromNote))
	}
	b.WriteString("\n\n## Steps\n\n")
	release := "\x00"
	said := map[string]bool{}
	for _, s := range p.Steps {
		if s.Release != release && s.Release != "" {
			for _, h := range p.Route.Hops {
				if h.To == s.Release {
					fmt.Fprintf(&b, "\n### %s → %s\n\n", h.From, h.To)
				}
			}
		}
		release = s.Release
		fmt.Fprintf(&b, "%s%s\n", box(false), text(s.Title))
		if s.Detail != "" && !said[s.Kind] {
			said[s.Kind] = true
			fmt.Fprintf(&b, "  %s\n", text(s.Detail))
		}
		if len(s.Commands) > 0 {
			b.WriteString("  ```sh\n")
			for _, c := range s.Commands {
				fmt.Fprintf(&b, "  %s\n", text(c))
			}
			b.WriteString("  ```\n")
		}
	}
	if len(p.Requirements) > 0 {
		fmt.Fprintf(&b, "\n## What %s requires\n\n", p.To)
		for _, r := range p.Requirements {
			fmt.Fprintf(&b, "%sFrom %s: %s\n  %s\n", box(r.Met), r.Release, text(r.Title), text(r.Why))
			if len(r.Write) > 0 {
				b.WriteString("  Write (HEAT_PASS: the password of the same user as in `[keystone_authtoken]`):\n  ```ini\n")
				for _, l := range r.Write {
					fmt.Fprintf(&b, "  %s\n", text(l))
				}
				b.WriteString("  ```\n")
			}
		}
	}
	if len(p.Limits) > 0 {
		b.WriteString("\n## Limits Heat starts to enforce or changes\n\nThe file does not set these options: count what your projects and stacks hold before the upgrade.\n\n")
		for _, l := range p.Limits {
			fmt.Fprintf(&b, "%s%s\n", box(false), text(l.text()))
		}
	}
	if len(p.Renamed)+len(p.Removed)+len(p.Deprecated) > 0 {
		b.WriteString("\n## Change the file\n\n")
		for _, l := range p.itemLists() {
			for _, it := range l.items {
				fmt.Fprintf(&b, "%s%s: %s\n", box(false), code(where(it)), it.markdown(l.kind, code, text))
			}
		}
	}
	if len(p.VariantOnly) > 0 {
		b.WriteString("## Options only a distribution's packages read\n\n")
		for _, it := range p.VariantOnly {
			fmt.Fprintf(&b, "- [ ] %s: %s is not read by %s — %s\n", code(where(it)), code("["+it.Group+"] "+it.Name), it.Release, escape.Printable(it.Note))
		}
		b.WriteString("\n")
	}
	if len(p.Defaults) > 0 {
		b.WriteString("\n## Check the defaults that change\n\nThe file does not set these options; the service behaves differently after the upgrade.\n\n")
		for _, d := range p.Defaults {
			fmt.Fprintf(&b, "%s%s: %s from %s\n", box(false), code("["+d.Group+"] "+d.Name), d.change("→", code), d.Release)
		}
	}
	if len(p.Added) > 0 {
		b.WriteString("\n## Check the new options\n\nNew in Heat on the way, not set in the file: their defaults apply.\n\n")
		for _, o := range p.Added {
			fmt.Fprintf(&b, "%s%s = %s from %s: %s\n", box(false), code("["+o.Group+"] "+o.Name), code(o.Default.String()), o.Release, text(o.Help))
		}
	}
	fmt.Fprintf(&b, "\n## lint on %s\n\n", p.To)
	shown := 0
	for _, f := range p.Findings {
		if p.covered(f) {
			continue
		}
		shown++
		item := box(false)
		if f.Severity == lint.Info {
			item = "- "
		}
		fmt.Fprintf(&b, "%s%s %s: %s (%s)\n", item, code(fmt.Sprintf("%s:%d", f.File, f.Line)), f.Severity, text(f.Message), code(f.Rule.String()))
	}
	if shown == 0 {
		b.WriteString("No finding beyond the changes above.\n")
	} else if shown < len(p.Findings) {
		fmt.Fprintf(&b, "\n%d more findings are about the options in \"Change the file\".\n", len(p.Findings)-shown)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
