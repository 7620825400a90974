package suggest

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
)

// definition is the distance as first written: every cell of the table,
// case compared by strings.EqualFold. Index and Distance must agree with it.
func definition(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
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
			v := min(prev[j]+2, cur[j-1]+2, prev[j-1]+sub)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+2)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// randomWord draws from letters that fold into each other (k, K and the
// Kelvin sign; s, S and the long s; the three sigmas), separators, digits
// and a byte that is not UTF-8.
func randomWord(r *rand.Rand, n int) string {
	alphabet := []string{"a", "b", "k", "K", "\u212a", "s", "S", "\u017f", "σ", "Σ", "ς", "_", "-", ".", "1", "é", "É", "\xff", "~"}
	var b strings.Builder
	for range r.IntN(n + 1) {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

// TestIndexAgreesWithTheDefinition: Within finds exactly the candidates
// the whole table finds, in the same order, and Distance gives the same
// numbers.
func TestIndexAgreesWithTheDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		cands := make([]string, 40)
		for i := range cands {
			cands[i] = randomWord(r, 9)
		}
		ix := NewIndex(cands)
		for range 20 {
			word := randomWord(r, 10)
			if r.IntN(4) == 0 {
				word = cands[r.IntN(len(cands))]
			}
			limit := r.IntN(12)
			var want []Match
			for _, c := range slices.Compact(slices.Sorted(slices.Values(cands))) {
				if d := definition(word, c); c != word && d <= limit {
					want = append(want, Match{c, d})
				}
			}
			sort.SliceStable(want, func(i, j int) bool { return want[i].Distance < want[j].Distance })
			if got := ix.Within(word, limit); !slices.Equal(got, want) {
				t.Fatalf("round %d: Within(%q, %d) = %v, want %v", round, word, limit, got, want)
			}
			for _, c := range cands[:5] {
				if got, want := Distance(word, c), definition(word, c); got != want {
					t.Fatalf("Distance(%q, %q) = %d, want %d", word, c, got, want)
				}
			}
		}
	}
}

// TestWithinIsBounded: 30,000 near misses of 600 option-like names, and
// a word of 18,000 characters, cost well under a second (about 30 s when
// every query computed every distance in full): what a file of 30,000
// unknown keys asks.
func TestWithinIsBounded(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	letters := "abcdefghijklmnopqrstuvwxyz_"
	var cands []string
	for range 600 {
		b := make([]byte, 5+r.IntN(26))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		cands = append(cands, string(b))
	}
	ix := NewIndex(cands)
	long := strings.Repeat("password_", 2000)
	found := 0
	// processor time, which a busy machine barely moves (about 0.25 s)
	cpu, _ := testenv.Cost(t, func() {
		for i := range 30000 {
			w := []byte(cands[i%len(cands)])
			w[r.IntN(len(w))] = 'x'
			word := string(w) + strconv.Itoa(i%10)
			found += len(ix.Within(word, Limit(word)))
		}
		ix.Within(long, Limit(long))
	})
	if cpu > 10*time.Second {
		t.Errorf("30,000 queries took %v of processor time", cpu)
	}
	if found < 30000 {
		t.Errorf("30,000 near misses found %d names", found)
	}
	t.Logf("30,000 queries: %v of processor time", cpu)
}
