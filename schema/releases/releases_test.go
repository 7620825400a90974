package releases

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema/internal/optdata"
)

// debianOnly is the table with the upstream releases of the Heat versions
// Debian packages only (15.0.0, 19.0.0, 24.0.0, 27.0.0): the series between
// them have no data in it, as a build with less data would.
func debianOnly() []Release {
	debian := map[string]bool{}
	for _, r := range builtinRows {
		if r.Variant == VariantDebian {
			debian[r.HeatVersion] = true
		}
	}
	var rows []Release
	for _, r := range builtinRows {
		if r.Variant == "" && debian[r.HeatVersion] {
			rows = append(rows, r)
		}
	}
	return rows
}

// epoxyPoint is debianOnly plus Heat 24.1.1 as a point release of 2025.1.
func epoxyPoint() []Release {
	var rows []Release
	for _, r := range debianOnly() {
		rows = append(rows, r)
		if r.HeatVersion == "24.0.0" {
			rows = append(rows, Release{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.1.1", Point: true,
				Source: Source{HeatTag: "24.1.1", UpperConstraints: "stable/2025.1"}})
		}
	}
	return rows
}

func TestLookup(t *testing.T) {
	type want struct {
		version string // HeatVersion of the data; "" for an error
		asked   string
		err     error  // ErrUnknown or ErrNoData
		text    string // a part of the error
	}
	const noCaracal = "no option data for 2024.1 (caracal, Heat 22) in this build; known: 2020.2 (victoria, Heat 15.0.0), 2022.2 (zed, Heat 19.0.0), 2025.1 (epoxy, Heat 24.0.0)"
	tests := []struct {
		name  string
		spell string
		point bool // with the 24.1.1 row
		want  want
	}{
		{"series", "2025.1", false, want{version: "24.0.0"}},
		{"series with spaces", " 2025.1 ", false, want{version: "24.0.0"}},
		{"code name", "epoxy", false, want{version: "24.0.0"}},
		{"code name in capitals", "EPOXY", false, want{version: "24.0.0"}},
		{"older series", "2022.2", false, want{version: "19.0.0"}},
		{"older code name", "victoria", false, want{version: "15.0.0"}},
		{"major", "24", false, want{version: "24.0.0"}},
		{"heat- and major", "heat-24", false, want{version: "24.0.0"}},
		{"Heat- and major", "Heat-27", false, want{version: "27.0.0"}},
		{"Heat version", "24.0.0", false, want{version: "24.0.0"}},
		{"heat- and Heat version", "heat-19.0.0", false, want{version: "19.0.0"}},
		{"version between known ones", "24.0.5", false, want{version: "24.0.0", asked: "24.0.5"}},
		{"major.minor", "24.1", false, want{version: "24.0.0", asked: "24.1.0"}},
		{"series with a point release", "2025.1", true, want{version: "24.0.0"}},
		{"code name with a point release", "epoxy", true, want{version: "24.0.0"}},
		{"major with a point release", "heat-24", true, want{version: "24.0.0"}},
		{"point release", "24.1.1", true, want{version: "24.1.1"}},
		{"heat- and point release", "heat-24.1.1", true, want{version: "24.1.1"}},
		{"between first and point release", "24.0.5", true, want{version: "24.0.0", asked: "24.0.5"}},
		{"after the point release", "24.1.5", true, want{version: "24.1.1", asked: "24.1.5"}},
		{"major.minor of the point release", "24.1", true, want{version: "24.0.0", asked: "24.1.0"}},
		{"series without data", "2024.1", false, want{err: ErrNoData, text: noCaracal}},
		{"code name without data", "caracal", false, want{err: ErrNoData, text: noCaracal}},
		{"code name without data in capitals", "Caracal", false, want{err: ErrNoData, text: noCaracal}},
		{"major without data", "heat-22", false, want{err: ErrNoData, text: noCaracal}},
		{"Heat version without data", "22.0.1", false, want{err: ErrNoData, text: noCaracal}},
		{"every series is known", "wallaby", false, want{err: ErrNoData, text: "2021.1 (wallaby, Heat 16)"}},
		{"newest series", "gazpacho", false, want{err: ErrNoData, text: "2026.1 (gazpacho, Heat 26)"}},
		{"unknown name", "nosuch", false, want{err: ErrUnknown, text: `unknown release "nosuch" (known: 2020.2 (victoria, Heat 15.0.0), `}},
		{"series heatconf does not know", "ussuri", false, want{err: ErrUnknown, text: `unknown release "ussuri"`}},
		{"major heatconf does not know", "14", false, want{err: ErrUnknown, text: `unknown release "14"`}},
		{"version heatconf does not know", "14.0.0", false, want{err: ErrUnknown}},
		{"not a version", "24.x", false, want{err: ErrUnknown}},
		{"empty", "", false, want{err: ErrUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := NewTable(debianOnly())
			if tt.point {
				table = NewTable(epoxyPoint())
			}
			rel, err := table.Lookup(tt.spell)
			if tt.want.err != nil {
				if !errors.Is(err, tt.want.err) || !strings.Contains(fmt.Sprint(err), tt.want.text) {
					t.Fatalf("Lookup(%q) = %+v, %v; want %v with %q", tt.spell, rel, err, tt.want.err, tt.want.text)
				}
				if tt.want.err == ErrNoData && strings.Contains(err.Error(), "unknown release") {
					t.Errorf("Lookup(%q): %v", tt.spell, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Lookup(%q): %v", tt.spell, err)
			}
			if rel.HeatVersion != tt.want.version || rel.Asked != tt.want.asked {
				t.Errorf("Lookup(%q) = Heat %s asked %q; want Heat %s asked %q", tt.spell, rel.HeatVersion, rel.Asked, tt.want.version, tt.want.asked)
			}
		})
	}
}

// TestReleaseTable: the rows agree with the series table, are oldest
// first, say where their data comes from, and each series' first data is
// the only row of it that is not a point release.
func TestReleaseTable(t *testing.T) {
	for _, rows := range [][]Release{Upstream(), Variants(), epoxyPoint()} {
		first := map[string]int{}
		for i, r := range rows {
			if r.Variant != "" && (r.Source.DebianSuite == "" || r.Point) {
				t.Errorf("%s: a variant row without its suite, or a point release", r)
			}
			s, ok := seriesOfMajor(r.HeatMajor)
			if !ok || s.Name != r.Name || s.Codename != r.Codename {
				t.Errorf("%s (Heat %s): series table says %+v", r, r.HeatVersion, s)
			}
			if !strings.HasPrefix(r.HeatVersion, fmt.Sprint(r.HeatMajor)+".") || !versionRE.MatchString(r.HeatVersion) {
				t.Errorf("%s: Heat version %q", r, r.HeatVersion)
			}
			if i > 0 && optdata.CompareVersions(rows[i-1].HeatVersion, r.HeatVersion) >= 0 {
				t.Errorf("%s: rows not oldest first", r)
			}
			if r.Source.String() == "" || (r.Source.DebianSuite == "" && r.Source.UpperConstraints == "") {
				t.Errorf("%s: source %+v", r, r.Source)
			}
			if !r.Point {
				first[r.Name]++
			} else if first[r.Name] == 0 {
				t.Errorf("%s: a point release before its series' first data", r)
			}
			if r.Asked != "" {
				t.Errorf("%s: Asked set in the table", r)
			}
		}
		for name, n := range first {
			if n != 1 {
				t.Errorf("series %s has %d first releases", name, n)
			}
		}
	}
	for i, s := range series {
		if i > 0 && s.HeatMajor != series[i-1].HeatMajor+1 {
			t.Errorf("series %s: Heat %d after %d", s.Name, s.HeatMajor, series[i-1].HeatMajor)
		}
	}
	if _, err := Lookup(Default); err != nil {
		t.Errorf("Default: %v", err)
	}
}

func TestReleaseText(t *testing.T) {
	table := NewTable(epoxyPoint())
	tests := []struct {
		spell, str, heat string
	}{
		{"2025.1", "2025.1 (epoxy)", "2025.1"},
		{"24.1.1", "2025.1 (epoxy, Heat 24.1.1)", "24.1.1"},
		{"24.0.5", "2025.1 (epoxy)", "24.0.5 (data of 24.0.0)"},
	}
	for _, tt := range tests {
		rel, err := table.Lookup(tt.spell)
		if err != nil {
			t.Fatal(err)
		}
		if rel.String() != tt.str || rel.Heat() != tt.heat {
			t.Errorf("%s: String %q Heat %q; want %q %q", tt.spell, rel.String(), rel.Heat(), tt.str, tt.heat)
		}
	}
	if got := (Source{HeatTag: "24.1.1", UpperConstraints: "stable/2025.1"}).String(); got != "heat 24.1.1, upper-constraints stable/2025.1" {
		t.Errorf("Source.String() = %q", got)
	}
}

// TestLookupVariant: "-<variant>" after any spelling of a release names
// the variant's data; upstream's is the plain name.
func TestLookupVariant(t *testing.T) {
	tests := []struct {
		name, spell     string
		version, varnt  string
		err             error
		spec, str, heat string
	}{
		{"series", "2025.1", "24.0.0", "", nil, "2025.1", "2025.1 (epoxy)", "2025.1"},
		{"series of the variant", "2025.1-debian", "24.0.0", VariantDebian, nil, "2025.1-debian", "2025.1-debian (epoxy)", "2025.1-debian"},
		{"code name of the variant", "Zed-Debian", "19.0.0", VariantDebian, nil, "2022.2-debian", "2022.2-debian (zed)", "2022.2-debian"},
		{"Heat version of the variant", "heat-27.0.0-debian", "27.0.0", VariantDebian, nil, "2026.2-debian", "2026.2-debian (hibiscus)", "2026.2-debian"},
		{"major of the variant", "15-debian", "15.0.0", VariantDebian, nil, "2020.2-debian", "2020.2-debian (victoria)", "2020.2-debian"},
		{"version between, variant", "24.0.3-debian", "24.0.0", VariantDebian, nil, "2025.1-debian", "2025.1-debian (epoxy)", "24.0.3-debian (data of 24.0.0)"},
		{"point release the variant lacks", "24.1.1-debian", "24.0.0", VariantDebian, nil, "2025.1-debian", "2025.1-debian (epoxy)", "24.1.1-debian (data of 24.0.0)"},
		{"series the variant lacks", "2024.1-debian", "", "", ErrNoData, "", "", ""},
		{"unknown variant", "2025.1-fedora", "", "", ErrUnknown, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel, err := Lookup(tt.spell)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Lookup(%q) = %+v, %v; want %v", tt.spell, rel, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rel.HeatVersion != tt.version || rel.Variant != tt.varnt || rel.Spec() != tt.spec || rel.String() != tt.str || rel.Heat() != tt.heat {
				t.Errorf("Lookup(%q) = Heat %s variant %q spec %q %q %q; want %s %q %q %q %q", tt.spell,
					rel.HeatVersion, rel.Variant, rel.Spec(), rel.String(), rel.Heat(), tt.version, tt.varnt, tt.spec, tt.str, tt.heat)
			}
			if back, err := Lookup(rel.Spec()); err != nil || back.HeatVersion != rel.HeatVersion || back.Variant != rel.Variant {
				t.Errorf("Lookup(Spec() %q) = %+v, %v", rel.Spec(), back, err)
			}
		})
	}
}
