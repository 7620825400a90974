package lint

import (
	"regexp"
	"slices"
	"testing"
)

// favorRE is what inFavorOf scans for, as a regular expression: the
// judge of the scan.
var favorRE = regexp.MustCompile(`in favou?r of (?:the )?"?([a-z_]+)"?`)

func TestInFavorOfAsTheRegexp(t *testing.T) {
	for _, reason := range []string{
		"", "in favor of", "in favor of www_authenticate_uri", "Deprecated in favour of the auth_type option.",
		`in favor of "transport_url".`, `in favor of the "X" option`, "in favor of the", "in favor of the_option",
		"in favorr of x", "in favor of X, in favor of y", "in favo", "in favour of the \"a_b\"c", "in favor of 123 in favor of z",
		"use in favor of\tx", `in favor of ""`, "in favor of the the_x",
	} {
		if got, want := inFavorOf(reason), favorRE.FindStringSubmatch(reason); !slices.Equal(got, want) {
			t.Errorf("%q: scan %q, regexp %q", reason, got, want)
		}
	}
}

func FuzzInFavorOf(f *testing.F) {
	for _, s := range []string{"in favor of the x", `in favour of "y"`, "in favor of the \"Z\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reason string) {
		if got, want := inFavorOf(reason), favorRE.FindStringSubmatch(reason); !slices.Equal(got, want) {
			t.Fatalf("%q: scan %q, regexp %q", reason, got, want)
		}
	})
}
