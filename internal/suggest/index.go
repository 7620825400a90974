package suggest

import (
	"math/bits"
	"sort"
	"unicode"
	"unicode/utf8"
)

// Limit is the farthest a candidate may be from word, in half-edits, to be
// offered as a plausible typo of it: a third of its length in edits, at
// least two.
func Limit(word string) int {
	return 2 * max(2, utf8.RuneCountInString(word)/3)
}

// Match is a candidate near a word, with its distance in half-edits.
type Match struct {
	Name     string
	Distance int
}

// Index holds a list of candidates ready for many queries: by length, each
// with its runes and a summary of its letters, so that a query computes the
// distance only to the few candidates that could be near enough. Its
// answers are those of Distance; only the work differs. A query costs a
// binary search, a few operations per candidate of a near length and the
// distances of those whose letters could be near enough, each stopped as
// soon as it cannot be: a file of thousands of unknown keys, or a key of
// thousands of characters, costs no more than its length times the list.
//
// An Index is immutable and safe for concurrent use.
type Index struct {
	cands []candidate // by rune length, then name; no duplicates
}

type candidate struct {
	name  string
	runes []rune
	mask  uint64    // the letter classes it has
	count [64]uint8 // how many of each class; see counted
	// counted is false when a class occurs more than 255 times: the
	// letter bound is then not used for it
	counted bool
}

// NewIndex returns an index of candidates (duplicates are kept once).
func NewIndex(candidates []string) *Index {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	ix := &Index{cands: make([]candidate, 0, len(sorted))}
	for i, s := range sorted {
		if i > 0 && s == sorted[i-1] {
			continue
		}
		c := candidate{name: s, runes: []rune(s), counted: true}
		for _, r := range c.runes {
			k := classOf(r)
			c.mask |= 1 << k
			if c.count[k] == 255 {
				c.counted = false
			} else {
				c.count[k]++
			}
		}
		ix.cands = append(ix.cands, c)
	}
	sort.SliceStable(ix.cands, func(i, j int) bool { return len(ix.cands[i].runes) < len(ix.cands[j].runes) })
	return ix
}

// Within returns the candidates at most limit half-edits from word, word
// itself excepted, nearest first, ties by name.
func (ix *Index) Within(word string, limit int) []Match {
	if ix == nil || limit < 0 {
		return nil
	}
	w := []rune(word)
	// every inserted or deleted rune costs 2: a candidate whose length
	// differs by more than limit/2 runes is too far
	lo := sort.Search(len(ix.cands), func(i int) bool { return len(ix.cands[i].runes) >= len(w)-limit/2 })
	var (
		mask    uint64
		count   [64]int
		scratch distanceRows
		out     []Match
	)
	for _, r := range w {
		k := classOf(r)
		mask |= 1 << k
		count[k]++
	}
	for i := lo; i < len(ix.cands) && len(ix.cands[i].runes) <= len(w)+limit/2; i++ {
		c := &ix.cands[i]
		if c.name == word {
			continue
		}
		// each class one has and the other lacks needs an edit of 2
		if 2*bits.OnesCount64(mask&^c.mask) > limit || 2*bits.OnesCount64(c.mask&^mask) > limit {
			continue
		}
		if c.counted && 2*letterBound(&count, len(w), c) > limit {
			continue
		}
		if d, ok := scratch.within(w, c.runes, limit); ok {
			out = append(out, Match{c.name, d})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// letterBound is a lower bound of the edits between a word (its class
// counts and length) and c: the larger of the letters either has in excess
// of the other. An insertion, deletion or substitution changes it by at
// most one, a swap of neighbours or a change of case not at all.
func letterBound(count *[64]int, n int, c *candidate) int {
	common := 0
	for m := c.mask; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		common += min(count[k], int(c.count[k]))
	}
	return max(n-common, len(c.runes)-common)
}

// classOf sorts a rune into one of 64 classes such that two runes that
// differ only in case (strings.EqualFold) share one. Different runes may
// share a class too: that only weakens the bounds, never breaks them.
func classOf(r rune) uint {
	if r >= utf8.RuneSelf {
		// the smallest rune of its case orbit: K (Kelvin) is k's
		lo := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			lo = min(lo, f)
		}
		if lo >= utf8.RuneSelf {
			return 63
		}
		r = lo
	}
	b := byte(r)
	if 'A' <= b && b <= 'Z' {
		b += 'a' - 'A'
	}
	switch {
	case 'a' <= b && b <= 'z':
		return uint(b - 'a') // 0..25
	case '0' <= b && b <= '9':
		return uint(26 + b - '0') // 26..35
	case b == '_':
		return 36
	case b == '-':
		return 37
	case b == '.':
		return 38
	}
	return 39 + uint(b)%24 // 39..62
}

// distanceRows are the rows of a distance computation, reused across
// candidates.
type distanceRows struct{ prev2, prev, cur []int }

// within returns Distance(a, b) and true when it is at most limit, and
// false as soon as it is known to exceed it: once two rows in a row hold
// nothing within limit, no later row can.
func (s *distanceRows) within(a, b []rune, limit int) (int, bool) {
	n := len(b) + 1
	if cap(s.cur) < n {
		s.prev2, s.prev, s.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := s.prev2[:n], s.prev[:n], s.cur[:n]
	for j := range prev {
		prev[j] = 2 * j
	}
	prevOver := false // the first row starts at 0
	for i := 1; i <= len(a); i++ {
		cur[0] = 2 * i
		rowMin := cur[0]
		for j := 1; j < n; j++ {
			sub := 2
			if a[i-1] == b[j-1] {
				sub = 0
			} else if foldEqual(a[i-1], b[j-1]) {
				sub = 1
			}
			v := min(prev[j]+2, cur[j-1]+2, prev[j-1]+sub)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+2)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		over := rowMin > limit
		if over && prevOver {
			return 0, false
		}
		prevOver = over
		prev2, prev, cur = prev, cur, prev2
	}
	d := prev[n-1]
	return d, d <= limit
}

// foldEqual is strings.EqualFold of two one-rune strings, without making
// them.
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return a == b
	}
	if !utf8.ValidRune(a) {
		a = utf8.RuneError
	}
	if !utf8.ValidRune(b) {
		b = utf8.RuneError
	}
	if a == b {
		return true
	}
	if b < a {
		a, b = b, a
	}
	r := unicode.SimpleFold(a)
	for r != a && r < b {
		r = unicode.SimpleFold(r)
	}
	return r == b
}

// Closest returns up to n of the candidates nearest to word that are near
// enough to be typos (Limit), best first, ties by name. A nil Index has
// none.
func (ix *Index) Closest(word string, n int) []string {
	if ix == nil {
		return nil
	}
	var out []string
	for _, m := range ix.Within(word, Limit(word)) {
		if len(out) == n {
			break
		}
		out = append(out, m.Name)
	}
	return out
}
