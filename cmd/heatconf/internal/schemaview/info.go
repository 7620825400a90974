package schemaview

import (
	"fmt"
	"strings"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// ReleaseInfo sums up the option data heatconf has for one Heat version.
type ReleaseInfo struct {
	Release     string `json:"release"`           // the series, e.g. "2025.1"; a variant's with "-<variant>": "2025.1-debian"
	Variant     string `json:"variant,omitempty"` // "debian" for a distribution's packages, "" upstream
	Codename    string `json:"codename"`
	HeatVersion string `json:"heat_version"`
	// Point is set for a point release of the series (not its first data;
	// reached by its Heat version only).
	Point       bool   `json:"point,omitempty"`
	Source      string `json:"source"` // where the data was read from: "Debian trixie", "heat 24.1.1, upper-constraints stable/2025.1"
	DebianSuite string `json:"debian_suite,omitempty"`
	Groups      int    `json:"groups"`
	Options     int    `json:"options"` // the groups' registered options; keystoneauth plugin options not counted
	AuthPlugins int    `json:"auth_plugins"`
	Default     bool   `json:"default"` // the data releases.Default means
}

// variantSuffix is "-<variant>" for a variant, "" upstream.
func variantSuffix(v string) string {
	if v == "" {
		return ""
	}
	return "-" + v
}

// ReleaseInfos sums up every Heat version with data, upstream's and the
// variants', oldest first.
func ReleaseInfos() ([]ReleaseInfo, error) {
	def, err := releases.Lookup(releases.Default)
	if err != nil {
		return nil, err
	}
	var out []ReleaseInfo
	for _, rel := range releases.All() {
		reg, err := schema.EmbeddedRelease(rel)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, g := range reg.Groups() {
			n += len(reg.Options(g))
		}
		out = append(out, ReleaseInfo{
			Release: rel.Name + variantSuffix(rel.Variant), Variant: rel.Variant, Codename: rel.Codename, HeatVersion: reg.HeatVersion(), Point: rel.Point,
			Source: rel.Source.String(), DebianSuite: rel.Source.DebianSuite,
			Groups: len(reg.Groups()), Options: n, AuthPlugins: len(reg.AuthTypes()), Default: rel == def,
		})
	}
	return out, nil
}

// TypeLabel is the option's type with its item type when that is not
// string: "list of integer".
func TypeLabel(o *schema.Option) string {
	if o.ItemType != "" && o.ItemType != "string" {
		return o.Type + " of " + o.ItemType
	}
	return o.Type
}

// AliasList joins aliases with commas: "[DEFAULT] old_name, other_name".
func AliasList(as []schema.Alias) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ")
}

// Notes are the short facts a table of options shows beside each one:
// "secret", "required", "deprecated for removal", "3 choices", "was ...".
func Notes(o *schema.Option) []string {
	var n []string
	for _, f := range []struct {
		on   bool
		text string
	}{
		{o.Secret, "secret"}, {o.Required, "required"}, {o.DeprecatedForRemoval, "deprecated for removal"},
		{o.Legacy, "legacy: only without auth_type"}, {o.Advanced, "advanced"},
	} {
		if f.on {
			n = append(n, f.text)
		}
	}
	if len(o.Choices) > 0 {
		n = append(n, fmt.Sprintf("%d choices", len(o.Choices)))
	}
	if len(o.Deprecated) > 0 {
		n = append(n, "was "+AliasList(o.Deprecated))
	}
	return n
}

// RangeText gives the option's bounds: "1 to 65535", ">= 0", "<= 10"; ""
// when it has none.
func RangeText(o *schema.Option) string {
	f := func(p *float64) string { return fmt.Sprint(*p) }
	switch {
	case o.Min != nil && o.Max != nil:
		return f(o.Min) + " to " + f(o.Max)
	case o.Min != nil:
		return ">= " + f(o.Min)
	case o.Max != nil:
		return "<= " + f(o.Max)
	}
	return ""
}

// quoted writes each of ss as a Go string literal.
func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
