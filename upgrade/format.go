package upgrade

import (
	"fmt"
	"io"
	"strings"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/lint"
)

// formats are the output formats of Write: text for people, json for
// scripts, markdown as a checklist to paste into a change ticket.
var formats = output.NewFormats(
	output.Format[*Plan]{Name: "text", Write: writeText},
	output.Format[*Plan]{Name: "json", Write: func(w io.Writer, p *Plan) error { return output.JSON(w, p) }},
	output.Format[*Plan]{Name: "markdown", Write: writeMarkdown},
)

// Formats lists the output formats of Write, the default first.
func Formats() []string { return formats.Names() }

// Write prints the plan in one of Formats().
func Write(w io.Writer, format string, p *Plan) error { return formats.Write(w, format, p) }

// Changes counts what the files must change (renamed, removed and
// deprecated options they set, and lint's warnings and errors on the
// target).
func (p *Plan) Changes() int {
	n := len(p.Renamed) + len(p.Removed) + len(p.Deprecated)
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

func where(it Item) string { return fmt.Sprintf("%s:%d", it.File, it.Line) }

func writeText(w io.Writer, p *Plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (releases crossed: %s)\n", p.title(), strings.Join(p.Path, " -> "))
	if p.FromNote != "" {
		fmt.Fprintf(&b, "from: %s\n", p.FromNote)
	}
	section := func(title string, n int) {
		fmt.Fprintf(&b, "\n%s: %d\n", title, n)
	}
	section("Renamed options the file sets", len(p.Renamed))
	for _, it := range p.Renamed {
		fmt.Fprintf(&b, "  %s: [%s] %s is read as %s from %s on; write the new name\n", where(it), it.Group, it.Name, it.New, it.Release)
	}
	section("Removed options the file sets", len(p.Removed))
	for _, it := range p.Removed {
		fmt.Fprintf(&b, "  %s: [%s] %s is gone in %s", where(it), it.Group, it.Name, it.Release)
		if it.New != "" {
			fmt.Fprintf(&b, "; instead: %s", it.New)
		}
		b.WriteString("\n")
	}
	section("Deprecated options the file sets", len(p.Deprecated))
	for _, it := range p.Deprecated {
		fmt.Fprintf(&b, "  %s: [%s] %s is deprecated for removal in %s", where(it), it.Group, it.Name, it.Release)
		if it.Note != "" {
			fmt.Fprintf(&b, ": %s", it.Note)
		}
		b.WriteString("\n")
	}
	if len(p.VariantOnly) > 0 {
		section("Options only a distribution's packages read", len(p.VariantOnly))
		for _, it := range p.VariantOnly {
			fmt.Fprintf(&b, "  %s: [%s] %s is not read by %s: %s\n", where(it), it.Group, it.Name, it.Release, it.Note)
		}
	}
	section("Defaults that change under options the file leaves unset", len(p.Defaults))
	for _, d := range p.Defaults {
		fmt.Fprintf(&b, "  [%s] %s: %s -> %s in %s\n", d.Group, d.Name, show(d.Old), show(d.New), d.Release)
	}
	section("lint on "+p.To, len(p.Findings))
	for _, f := range p.Findings {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	_, err := io.WriteString(w, escape.PrintableLines(b.String()))
	return err
}

func show(v string) string {
	if v == "" {
		return `""`
	}
	return v
}

// writeMarkdown writes the plan as a checklist: one box per thing to do
// or to check, tables for defaults.
func writeMarkdown(w io.Writer, p *Plan) error {
	var b strings.Builder
	code := func(s string) string { return "`" + strings.ReplaceAll(escape.Printable(s), "`", "'") + "`" }
	fmt.Fprintf(&b, "# %s\n\n", p.title())
	fmt.Fprintf(&b, "Releases crossed: %s.", strings.Join(p.Path, " → "))
	if p.FromNote != "" {
		fmt.Fprintf(&b, " From %s.", p.FromNote)
	}
	b.WriteString("\n\n")
	if len(p.Renamed)+len(p.Removed)+len(p.Deprecated) > 0 {
		b.WriteString("## Change the file\n\n")
		for _, it := range p.Renamed {
			fmt.Fprintf(&b, "- [ ] %s: rename %s to %s (read under the new name from %s on; `heatconf upgrade --fix` does it)\n",
				code(where(it)), code("["+it.Group+"] "+it.Name), code(it.New), it.Release)
		}
		for _, it := range p.Removed {
			fmt.Fprintf(&b, "- [ ] %s: %s is gone in %s", code(where(it)), code("["+it.Group+"] "+it.Name), it.Release)
			if it.New != "" {
				fmt.Fprintf(&b, "; instead: %s", escape.Printable(it.New))
			}
			b.WriteString("\n")
		}
		for _, it := range p.Deprecated {
			fmt.Fprintf(&b, "- [ ] %s: %s is deprecated for removal in %s", code(where(it)), code("["+it.Group+"] "+it.Name), it.Release)
			if it.Note != "" {
				fmt.Fprintf(&b, " — %s", escape.Printable(it.Note))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	if len(p.VariantOnly) > 0 {
		b.WriteString("## Options only a distribution's packages read\n\n")
		for _, it := range p.VariantOnly {
			fmt.Fprintf(&b, "- [ ] %s: %s is not read by %s — %s\n", code(where(it)), code("["+it.Group+"] "+it.Name), it.Release, escape.Printable(it.Note))
		}
		b.WriteString("\n")
	}
	if len(p.Defaults) > 0 {
		b.WriteString("## Check the defaults that change\n\n")
		b.WriteString("The file does not set these options; the service behaves differently after the upgrade.\n\n")
		b.WriteString("| | option | before | after | from |\n|---|---|---|---|---|\n")
		for _, d := range p.Defaults {
			fmt.Fprintf(&b, "| [ ] | %s | %s | %s | %s |\n", code("["+d.Group+"] "+d.Name), code(show(d.Old)), code(show(d.New)), d.Release)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## lint on %s\n\n", p.To)
	if len(p.Findings) == 0 {
		b.WriteString("No finding.\n")
	}
	for _, f := range p.Findings {
		box := "- [ ] "
		if f.Severity == lint.Info {
			box = "- "
		}
		fmt.Fprintf(&b, "%s%s %s: %s (%s)\n", box, code(fmt.Sprintf("%s:%d", f.File, f.Line)), f.Severity, escape.Printable(f.Message), code(f.Rule))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
