package schemaview

import (
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/diff"
)

func TestOptionDetails(t *testing.T) {
	s := func(v string) *string { return &v }
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name string
		o    *schema.Option
		want []Detail // "releases" is left out of the comparison
	}{
		{name: "no default", o: &schema.Option{Type: "string"},
			want: []Detail{{"type", "string"}, {"default", "(none)"}}},
		{name: "empty default", o: &schema.Option{Type: "string", Default: s("")},
			want: []Detail{{"type", "string"}, {"default", `"" (empty)`}}},
		{name: "multi-line default stays multi-line", o: &schema.Option{Type: "multistring", Multi: true, Default: s("a\nb")},
			want: []Detail{{"type", "multistring"}, {"default", "a\nb"}, {"flags", "multi-valued (repeat the key)"}}},
		{name: "choices and range", o: &schema.Option{Type: "integer", Default: s("1"), Choices: []string{"1", "2"}, Min: f(1), Max: f(2)},
			want: []Detail{{"type", "integer"}, {"default", "1"}, {"choices", `"1", "2"`}, {"range", "1 to 2"}}},
		{name: "plugin option", o: &schema.Option{Type: "string", Plugin: "password", Secret: true, Help: "The password."},
			want: []Detail{{"type", "string"}, {"default", "(none)"}, {"flags", "secret (masked in logs)"},
				{"from", "keystoneauth auth plugin password (read when auth_type = password)"}, {"help", "The password."}}},
		{name: "legacy and deprecated", o: &schema.Option{Type: "string", Legacy: true, Deprecated: []schema.Alias{{Name: "old"}},
			DeprecatedForRemoval: true, DeprecatedSince: "Queens", DeprecatedReason: "Use\n  something else."},
			want: []Detail{{"type", "string"}, {"default", "(none)"},
				{"from", "keystonemiddleware's legacy AuthTokenPlugin: read only when auth_type is unset"},
				{"deprecated names", "old"}, {"deprecated for removal", "yes, since Queens: Use something else."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := OptionDetails(tt.o)
			if len(got) == 0 || !slices.ContainsFunc(got, func(d Detail) bool { return d.Label == "releases" }) {
				t.Fatalf("no releases row in %q", got)
			}
			got = slices.DeleteFunc(got, func(d Detail) bool { return d.Label == "releases" })
			if !slices.Equal(got, tt.want) {
				t.Errorf("Details() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestRemovalDetails(t *testing.T) {
	tests := []struct {
		name string
		rm   schema.Removal
		want []Detail
	}{
		{"bare", schema.Removal{RemovedIn: "2025.1", Source: "data"}, []Detail{{"removed in", "2025.1"}, {"source", "data"}}},
		{"everything", schema.Removal{RemovedIn: "2025.1", Replacement: "[a] b", Note: "n", Source: "data"},
			[]Detail{{"removed in", "2025.1"}, {"instead", "[a] b"}, {"note", "n"}, {"source", "data"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RemovalDetails(tt.rm); !slices.Equal(got, tt.want) {
				t.Errorf("Details() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestShortDefault(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		name string
		def  *string
		want string
	}{
		{"none", nil, "-"},
		{"empty", s(""), `""`},
		{"short", s("30"), "30"},
		{"lines", s("a\nb"), "a | b"},
		{"long", s(strings.Repeat("é", 41)), strings.Repeat("é", 39) + "…"},
		{"exactly 40", s(strings.Repeat("x", 40)), strings.Repeat("x", 40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ShortDefault(&schema.Option{Default: tt.def}); got != tt.want {
				t.Errorf("ShortDefault() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	reg := embedded(t, "2025.1")
	tests := []struct {
		name, group, key, want string
	}{
		{"unknown group", "Defualt", "debug", "2025.1 (epoxy), Heat 24.0.0 has no group [Defualt]"},
		{"group in the wrong case", "default", "debug", "did you mean [DEFAULT]?"},
		{"misspelt option", "DEFAULT", "auth_encryption_ky", "has no option [DEFAULT] auth_encryption_ky; did you mean auth_encryption_key?"},
		{"nothing close", "DEFAULT", "zzzzzzzzzzzzzzzzzzzz", "has no option [DEFAULT] zzzzzzzzzzzzzzzzzzzz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Missing(reg, tt.group, tt.key, ""); !strings.Contains(got, tt.want) {
				t.Errorf("Missing(%q, %q) = %q; want %q in it", tt.group, tt.key, got, tt.want)
			}
		})
	}
}

func TestDiffSections(t *testing.T) {
	def := "x"
	empty := ""
	tests := []struct {
		name    string
		d       diff.Diff
		summary string
		want    []DiffSection
	}{
		{name: "no changes", d: diff.Diff{},
			summary: "groups: 0 added, 0 removed; options: 0 added, 0 removed, 0 renamed; changed: 0 defaults, 0 types, 0 choices, 0 ranges; 0 newly deprecated for removal"},
		{name: "every kind", d: diff.Diff{
			GroupsAdded:    []diff.GroupChange{{Group: "new", Options: []string{"a", "b"}}},
			GroupsRemoved:  []diff.GroupChange{{Group: "old", Options: []string{"a"}}},
			Added:          []diff.OptionRef{{Group: "g", Name: "a", Type: "string"}, {Group: "g", Name: "b", Type: "string", Default: &def}, {Group: "g", Name: "c", Type: "string", Default: &empty}},
			Removed:        []diff.OptionRef{{Group: "g", Name: "r"}},
			Renamed:        []diff.Rename{{From: diff.OptionRef{Group: "g", Name: "o"}, To: diff.OptionRef{Group: "h", Name: "n"}}},
			DefaultChanged: []diff.Change{{Group: "g", Name: "d", From: "1", To: "2"}},
			ChoicesChanged: []diff.Change{{Group: "g", Name: "c", Added: []string{"x"}, Removed: []string{"y"}}, {Group: "g", Name: "e", From: "any", To: `"a"`}},
			Deprecated:     []diff.Change{{Group: "g", Name: "p", To: "Going away.  Use q. Really."}},
		},
			summary: "groups: 1 added, 1 removed; options: 3 added, 1 removed, 1 renamed; changed: 1 defaults, 0 types, 2 choices, 0 ranges; 1 newly deprecated for removal",
			want: []DiffSection{
				{"Groups added", []string{"+ [new]: a, b"}},
				{"Groups removed", []string{"- [old] (1 options: everything in it is ignored)"}},
				{"Options added", []string{"+ [g] a (string, no default)", "+ [g] b (string, default x)", `+ [g] c (string, default "")`}},
				{"Options removed", []string{"- [g] r"}},
				{"Options renamed (the old name still works as a deprecated alias)", []string{"~ [g] o -> [h] n"}},
				{"Defaults changed", []string{"[g] d: 1 -> 2"}},
				{"Choices changed", []string{`[g] c: +"x" -"y"`, `[g] e: any -> "a"`}},
				{"Newly deprecated for removal", []string{"! [g] p: Going away."}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DiffSummary(&tt.d); got != tt.summary {
				t.Errorf("Summary() = %q; want %q", got, tt.summary)
			}
			got := DiffSections(&tt.d)
			if !slices.EqualFunc(got, tt.want, func(a, b DiffSection) bool { return a.Title == b.Title && slices.Equal(a.Lines, b.Lines) }) {
				t.Errorf("Sections() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
