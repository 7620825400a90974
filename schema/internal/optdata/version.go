package optdata

import (
	"cmp"
	"strconv"
	"strings"
)

// CompareVersions orders Heat versions numerically ("24.0.0" < "24.1.1" <
// "100.0.0").
func CompareVersions(a, b string) int {
	for {
		pa, restA, moreA := strings.Cut(a, ".")
		pb, restB, moreB := strings.Cut(b, ".")
		x, errx := strconv.Atoi(pa)
		y, erry := strconv.Atoi(pb)
		if errx != nil || erry != nil {
			if c := strings.Compare(pa, pb); c != 0 {
				return c
			}
		} else if c := cmp.Compare(x, y); c != 0 {
			return c
		}
		switch {
		case moreA && moreB:
			a, b = restA, restB
		case moreA: // a has more parts
			return 1
		case moreB:
			return -1
		default:
			return 0
		}
	}
}
