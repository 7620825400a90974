// Package secretdiff writes the unified diff of two versions of a file
// with every secret hidden on both sides: the one masking of render's
// --diff and lint's --fix --diff. In a heat.conf every value of an option
// the release calls secret is hidden by where it stands, on every line it
// spans, on both sides (a file the other side no longer names a secret in
// is often a committed one); every line then goes through the redactor
// of known secrets, and is escaped for a terminal.
package secretdiff

import (
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/textdiff"
	"github.com/heatconf/heatconf/schema"
)

// Labels of a masked line whose text differs between the two sides: a
// changed secret shows as two lines that differ in these words, never as
// two identical "****" lines (nor in its own characters).
const (
	maskedOld = "  (masked: old)"
	maskedNew = "  (masked: new)"
)

// Texts are the two sides of a diff and how to hide their secrets.
type Texts struct {
	OldName, NewName string
	Old, New         string
	// IsSecret, when set, says the texts are heat.conf: [group] key holds
	// a secret (see ReleaseSecrets). Nil: the texts are not heat.conf.
	IsSecret func(group, key string) bool
	// Redact hides known secrets in a line (nil: none).
	Redact func(string) string
}

// Unified is the unified diff from t.Old to t.New with every secret
// hidden on both sides. A masked line that differs between the sides ends
// in "(masked: old)" or "(masked: new)"; when only masked text differs, in
// a way the labels cannot show, the diff says that secret values differ.
// The names and every line are escaped: a committed file may hold
// terminal escape sequences.
func Unified(t Texts) string {
	redact := t.Redact
	if redact == nil {
		redact = func(s string) string { return s }
	}
	var oldConf, newConf map[int]string
	if t.IsSecret != nil {
		oldConf, newConf = confSecretLines(t.Old, t.IsSecret), confSecretLines(t.New, t.IsSecret)
	}
	mo, mn := maskSides(t.Old, t.New, oldConf, newConf, redact)
	oldName, newName := escape.Printable(t.OldName), escape.Printable(t.NewName)
	if d := textdiff.Unified(oldName, newName, mo, mn, nil); d != "" || t.Old == t.New {
		return d
	}
	return "--- " + oldName + "\n+++ " + newName + "\n@@ secret values differ; they are not shown @@\n"
}

// confSecretLines finds the lines of a heat.conf text that hold a secret
// value, numbered from 0 as textdiff splits the text (at "\n"), each with
// its masked form: the key and separator kept and the value replaced by
// secret.Mask; each continuation line of the value becomes its indent and
// the Mask. A text that conf cannot read, or whose lines conf counts
// otherwise (a lone carriage return ends a line for oslo.config), is
// masked wholesale: every value of every line that has one.
func confSecretLines(text string, isSecret func(group, key string) bool) map[int]string {
	out := map[int]string{}
	lines := strings.Split(text, "\n")
	f, err := conf.Parse("heat.conf", []byte(text))
	if err != nil || strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\r") {
		for i, l := range lines {
			// a lone carriage return ends a line for oslo.config: mask
			// each of the lines it makes
			parts := strings.Split(strings.TrimSuffix(l, "\r"), "\r")
			masked := false
			for j, p := range parts {
				if m, ok := maskAnyValue(p); ok {
					parts[j], masked = m, true
				}
			}
			if masked {
				out[i] = strings.Join(parts, "\r")
			}
		}
		return out
	}
	for _, s := range f.Sections {
		for _, e := range s.Entries {
			if e.ValuePos.Len == 0 || !isSecret(s.Group, e.Key) {
				continue
			}
			for ln := e.FirstLine; ln <= e.LastLine && ln-1 < len(lines); ln++ {
				l := lines[ln-1]
				if ln == e.FirstLine {
					// up to the value's first byte: "key = "
					out[ln-1] = l[:min(max(e.ValuePos.Col-1, 0), len(l))] + secret.Mask
					continue
				}
				out[ln-1] = l[:len(l)-len(strings.TrimLeft(l, " \t"))] + secret.Mask
			}
		}
	}
	return out
}

// maskAnyValue masks a line of a text that conf cannot read: the value of
// a "key = value" or "key: value" line, or the whole of an indented line
// (which may continue a value). Section headers, comments and blank lines
// stay.
func maskAnyValue(t string) (string, bool) {
	switch {
	case strings.TrimSpace(t) == "", strings.HasPrefix(t, "#"), strings.HasPrefix(t, ";"), strings.HasPrefix(t, "["):
		return "", false
	case t[0] == ' ' || t[0] == '\t':
		return t[:len(t)-len(strings.TrimLeft(t, " \t"))] + secret.Mask, true
	}
	if i := strings.IndexAny(t, "=:"); i >= 0 {
		return t[:i+1] + " " + secret.Mask, true
	}
	return secret.Mask, true
}

// printable escapes what a terminal would act on (escape.Printable), but
// keeps tabs, which configuration files and scripts indent with.
func printable(l string) string {
	if !strings.Contains(l, "\t") {
		return escape.Printable(l)
	}
	parts := strings.Split(l, "\t")
	for i, p := range parts {
		parts[i] = escape.Printable(p)
	}
	return strings.Join(parts, "\t")
}

// maskSides masks each line of the two texts: the lines confOld and
// confNew give (heat.conf secrets, by index) take their masked form, every
// line then goes through redact. A line that masking changed and whose
// text the other side lacks gets the label of its side, so that a changed
// secret shows as lines that differ. Every line is then made printable.
func maskSides(old, new string, confOld, confNew map[int]string, redact func(string) string) (string, string) {
	oldLines, newLines := strings.Split(old, "\n"), strings.Split(new, "\n")
	in := func(lines []string) map[string]bool {
		set := make(map[string]bool, len(lines))
		for _, l := range lines {
			set[l] = true
		}
		return set
	}
	oldSet, newSet := in(oldLines), in(newLines)
	side := func(lines []string, conf map[int]string, other map[string]bool, label string) string {
		out := make([]string, len(lines))
		for i, l := range lines {
			m, ok := conf[i]
			if !ok {
				m = redact(l)
			}
			if m != l && !other[l] {
				m += label
			}
			out[i] = printable(m)
		}
		return strings.Join(out, "\n")
	}
	return side(oldLines, confOld, newSet, maskedOld), side(newLines, confNew, oldSet, maskedNew)
}

// ReleaseSecrets returns the test of whether [group] key of a heat.conf
// holds a secret: its name says so (secret.IsKey), or reg marks the option
// it names in that group secret, or reg marks secret an option of that
// name (or deprecated name) in any group, which hides a secret written in
// the wrong section too. A nil reg leaves the names alone to decide.
func ReleaseSecrets(reg *schema.Registry) func(group, key string) bool {
	names := map[string]bool{}
	if reg != nil {
		add := func(opts []*schema.Option) {
			for _, o := range opts {
				if !o.Secret {
					continue
				}
				names[o.Name] = true
				for _, a := range o.Deprecated {
					names[a.Name] = true
				}
			}
		}
		for _, g := range reg.Groups() {
			add(reg.Options(g))
			if reg.LoadsPlugin(g) {
				for _, at := range reg.AuthTypes() {
					if opts, ok := reg.PluginOptions(g, at); ok {
						add(opts)
					}
				}
			}
		}
	}
	return func(group, key string) bool {
		if secret.IsKey(key) || names[key] || names[strings.ReplaceAll(key, "-", "_")] {
			return true
		}
		if reg == nil {
			return false
		}
		m, ok := reg.Lookup(group, key, "")
		return ok && m.Option.Secret
	}
}
