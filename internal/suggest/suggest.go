// Package suggest finds the closest spelling among known names, for
// "did you mean" hints in errors and findings.
package suggest

import (
	"sort"
	"strings"
)

// Closest returns the candidate nearest to word by edit distance when it is
// near enough to be a plausible typo, and false otherwise. Case differences
// count as half an edit, so `Password` finds `password` before `passwd`.
// Ties go to the candidate that sorts first, so the answer is stable.
func Closest(word string, candidates []string) (string, bool) {
	best, bestD := "", -1
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		d := Distance(word, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return "", false
	}
	limit := 2 * maxInt(2, len([]rune(word))/3) // in half-edits
	if bestD > limit || best == word {
		return "", false
	}
	return best, true
}

// Distance is the Levenshtein distance in half-edits: a substitution that
// only changes case costs 1, every other edit costs 2. A transposition of
// two neighbours costs 2 (Damerau), the commonest typo of all.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = 2 * j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = 2 * i
		for j := 1; j <= len(rb); j++ {
			sub := 2
			if ra[i-1] == rb[j-1] {
				sub = 0
			} else if strings.EqualFold(string(ra[i-1]), string(rb[j-1])) {
				sub = 1
			}
			v := minInt(prev[j]+2, cur[j-1]+2, prev[j-1]+sub)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = minInt(v, prev2[j-2]+2)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func minInt(v ...int) int {
	m := v[0]
	for _, x := range v[1:] {
		if x < m {
			m = x
		}
	}
	return m
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
