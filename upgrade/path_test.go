package upgrade

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
)

func lookup(t *testing.T, name string) releases.Release {
	t.Helper()
	r, err := releases.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestPath: the option data compared goes through each series in between
// by its first release, and through a point release only as an end or
// between two releases of its series.
func TestPath(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		want           string // labels, space-separated
		errIs          error
		errText        string
	}{
		{name: "series to series", from: "zed", to: "2025.1", want: "2022.2 2023.1 2023.2 2024.1 2024.2 2025.1"},
		{name: "to a point release", from: "zed", to: "24.1.1", want: "2022.2 2023.1 2023.2 2024.1 2024.2 24.1.1"},
		{name: "within a series", from: "2025.1", to: "24.1.1", want: "2025.1 24.1.1"},
		{name: "from a point release", from: "24.1.1", to: "2026.1", want: "24.1.1 2025.2 2026.1"},
		{name: "from a point release of the series before", from: "25.0.1", to: "2026.2", want: "25.0.1 2026.1 2026.2"},
		{name: "to the next series' point release", from: "2025.1", to: "25.0.1", want: "2025.1 25.0.1"},
		{name: "point releases not on the way", from: "zed", to: "2026.2", want: "2022.2 2023.1 2023.2 2024.1 2024.2 2025.1 2025.2 2026.1 2026.2"},
		{name: "a version served by older data", from: "24.0.5", to: "2025.2", want: "24.0.5 2025.2"},
		{name: "same data", from: "24.0.0", to: "epoxy", errIs: ErrSameRelease},
		{name: "a point release back to its series", from: "24.1.1", to: "2025.1", errText: "downgrade"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, err := between(lookup(t, tc.from), lookup(t, tc.to))
			if tc.errIs != nil || tc.errText != "" {
				if err == nil || (tc.errIs != nil && !errors.Is(err, tc.errIs)) || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("err = %v, want %v %q", err, tc.errIs, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range path {
				got = append(got, label(s.rel))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("path %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRoute: OpenStack supports an upgrade to the next series, and from a
// SLURP series (2023.1, 2024.1, 2025.1, 2026.1) to the next SLURP series.
func TestRoute(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		direct   bool
		hops     string // "from>to:kind" space-separated
		through  []string
	}{
		{"zed", "2025.1", false, "2022.2>2023.1:next 2023.1>2024.1:slurp 2024.1>2025.1:slurp", []string{"2023.1", "2024.1"}},
		{"zed", "2023.1", true, "2022.2>2023.1:next", nil},
		{"2021.1", "2023.1", false, "2021.1>2021.2:next 2021.2>2022.1:next 2022.1>2022.2:next 2022.2>2023.1:next", []string{"2021.2", "2022.1", "2022.2"}},
		{"2023.1", "2024.1", true, "2023.1>2024.1:slurp", nil},
		{"2023.2", "2025.1", false, "2023.2>2024.1:next 2024.1>2025.1:slurp", []string{"2024.1"}},
		{"2024.1", "2024.2", true, "2024.1>2024.2:next", nil},
		{"2024.1", "2026.2", false, "2024.1>2025.1:slurp 2025.1>2026.1:slurp 2026.1>2026.2:next", []string{"2025.1", "2026.1"}},
		{"2025.1", "24.1.1", true, "2025.1>24.1.1:point", nil},
		{"2024.1", "24.1.1", true, "2024.1>24.1.1:slurp", nil},
		{"24.1.1", "2026.1", true, "24.1.1>2026.1:slurp", nil},
	} {
		t.Run(tc.from+" to "+tc.to, func(t *testing.T) {
			r := route(lookup(t, tc.from), lookup(t, tc.to))
			var hops []string
			for _, h := range r.Hops {
				hops = append(hops, h.From+">"+h.To+":"+h.Kind)
			}
			if r.Direct != tc.direct || strings.Join(hops, " ") != tc.hops || !slices.Equal(r.Through(), tc.through) {
				t.Errorf("direct %v hops %q through %q; want %v %q %q", r.Direct, hops, r.Through(), tc.direct, tc.hops, tc.through)
			}
		})
	}
}
