// Package suggest finds the closest spelling among known names, for
// "did you mean" hints in errors and findings.
package suggest

import (
	"math"
	"slices"
)

// Closest returns the candidate nearest to word by edit distance when it is
// near enough to be a plausible typo (Limit), and false otherwise. Case
// differences count as half an edit, so `Password` finds `password` before
// `passwd`. Ties go to the candidate that sorts first, so the answer is
// stable. A caller that asks about many words keeps an Index instead.
func Closest(word string, candidates []string) (string, bool) {
	if slices.Contains(candidates, word) {
		return "", false
	}
	if near := NewIndex(candidates).Within(word, Limit(word)); len(near) > 0 {
		return near[0].Name, true
	}
	return "", false
}

// Distance is the Levenshtein distance in half-edits: a substitution that
// only changes case costs 1, every other edit costs 2. A transposition of
// two neighbours costs 2 (Damerau), the commonest typo of all.
func Distance(a, b string) int {
	var rows distanceRows
	d, _ := rows.within([]rune(a), []rune(b), math.MaxInt-2)
	return d
}
