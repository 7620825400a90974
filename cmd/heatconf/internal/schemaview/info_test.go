package schemaview

import (
	"slices"
	"testing"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

func TestReleaseInfos(t *testing.T) {
	infos, err := ReleaseInfos()
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != len(releases.All()) {
		t.Fatalf("%d infos for %d releases and variants", len(infos), len(releases.All()))
	}
	for _, in := range infos {
		t.Run(in.Release+"-"+in.HeatVersion, func(t *testing.T) {
			spec := in.HeatVersion
			if in.Variant != "" {
				spec += "-" + in.Variant
			}
			reg := embedded(t, spec)
			if reg.Release().Variant != in.Variant {
				t.Errorf("%s: variant %q, registry's %q", spec, in.Variant, reg.Release().Variant)
			}
			if in.Groups != len(reg.Groups()) || in.AuthPlugins != len(reg.AuthTypes()) || in.HeatVersion != reg.HeatVersion() {
				t.Errorf("%+v does not match the registry", in)
			}
			if in.Options <= in.Groups {
				t.Errorf("%d options in %d groups", in.Options, in.Groups)
			}
			if in.Default != (in.Release == releases.Default && !in.Point) {
				t.Errorf("Default = %v", in.Default)
			}
		})
	}
}

func TestOptionDescriptions(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name  string
		o     schema.Option
		label string
		rng   string
		notes []string
	}{
		{name: "plain string", o: schema.Option{Type: "string"}, label: "string"},
		{name: "list of strings", o: schema.Option{Type: "list", ItemType: "string"}, label: "list"},
		{name: "list of integers", o: schema.Option{Type: "list", ItemType: "integer"}, label: "list of integer"},
		{name: "port", o: schema.Option{Type: "port", Min: f(0), Max: f(65535)}, label: "port", rng: "0 to 65535"},
		{name: "lower bound", o: schema.Option{Type: "integer", Min: f(1)}, label: "integer", rng: ">= 1"},
		{name: "upper bound", o: schema.Option{Type: "float", Max: f(2.5)}, label: "float", rng: "<= 2.5"},
		{
			name: "every note", label: "string",
			o: schema.Option{Type: "string", Secret: true, Required: true, DeprecatedForRemoval: true, Legacy: true, Advanced: true,
				Choices: []string{"a", "b"}, Deprecated: []schema.Alias{{Group: "DEFAULT", Name: "old"}, {Name: "older"}}},
			notes: []string{"secret", "required", "deprecated for removal", "legacy: only without auth_type", "advanced", "2 choices", "was [DEFAULT] old, older"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TypeLabel(&tt.o); got != tt.label {
				t.Errorf("TypeLabel() = %q; want %q", got, tt.label)
			}
			if got := RangeText(&tt.o); got != tt.rng {
				t.Errorf("RangeText() = %q; want %q", got, tt.rng)
			}
			if got := Notes(&tt.o); !slices.Equal(got, tt.notes) {
				t.Errorf("Notes() = %q; want %q", got, tt.notes)
			}
		})
	}
}
