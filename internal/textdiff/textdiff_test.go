package textdiff

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/testenv"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{name: "empty", old: "", new: "", want: ""},
		{name: "identical", old: "a\nb\nc\n", new: "a\nb\nc\n", want: ""},
		{name: "create", old: "", new: "x\n", want: "--- old\n+++ new\n@@ -0,0 +1 @@\n+x\n"},
		{name: "remove all", old: "x\ny\n", new: "", want: "--- old\n+++ new\n@@ -1,2 +0,0 @@\n-x\n-y\n"},
		{
			name: "two hunks",
			old:  "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n",
			new:  "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\n",
			want: `--- old
+++ new
@@ -1,7 +1,7 @@
 a
 b
 c
-d
+D
 e
 f
 g
@@ -9,3 +9,4 @@
 i
 j
 k
+l
`,
		},
		{
			name: "insert at start",
			old:  "a\nb\nc\nd\ne\n",
			new:  "x\na\nb\nc\nd\ne\n",
			want: "--- old\n+++ new\n@@ -1,3 +1,4 @@\n+x\n a\n b\n c\n",
		},
		{
			name: "insert in the middle",
			old:  "a\nb\nc\nd\ne\nf\ng\nh\n",
			new:  "a\nb\nc\nd\nx\ne\nf\ng\nh\n",
			want: "--- old\n+++ new\n@@ -2,6 +2,7 @@\n b\n c\n d\n+x\n e\n f\n g\n",
		},
		{
			name: "insert at end",
			old:  "a\nb\nc\nd\ne\n",
			new:  "a\nb\nc\nd\ne\nx\n",
			want: "--- old\n+++ new\n@@ -3,3 +3,4 @@\n c\n d\n e\n+x\n",
		},
		{
			name: "delete at start",
			old:  "x\na\nb\nc\nd\n",
			new:  "a\nb\nc\nd\n",
			want: "--- old\n+++ new\n@@ -1,4 +1,3 @@\n-x\n a\n b\n c\n",
		},
		{
			name: "delete in the middle",
			old:  "a\nb\nc\nd\nx\ne\nf\ng\nh\n",
			new:  "a\nb\nc\nd\ne\nf\ng\nh\n",
			want: "--- old\n+++ new\n@@ -2,7 +2,6 @@\n b\n c\n d\n-x\n e\n f\n g\n",
		},
		{
			name: "delete at end",
			old:  "a\nb\nc\nd\nx\n",
			new:  "a\nb\nc\nd\n",
			want: "--- old\n+++ new\n@@ -2,4 +2,3 @@\n b\n c\n d\n-x\n",
		},
		{
			name: "changes 6 lines apart share a hunk",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n",
			new:  "x\n2\n3\n4\n5\n6\n7\ny\n",
			want: "--- old\n+++ new\n@@ -1,8 +1,8 @@\n-1\n+x\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+y\n",
		},
		{
			name: "changes 7 lines apart do not",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
			new:  "x\n2\n3\n4\n5\n6\n7\n8\ny\n",
			want: "--- old\n+++ new\n@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+y\n",
		},
		{
			name: "no newline at end of the new text",
			old:  "a\nb\n",
			new:  "a\nb",
			want: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n",
		},
		{
			name: "no newline at end of the old text",
			old:  "a\nb",
			new:  "a\nc",
			want: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
		},
		{
			name: "unchanged last line without newline as context",
			old:  "a\nb",
			new:  "x\nb",
			want: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n-a\n+x\n b\n\\ No newline at end of file\n",
		},
		{
			name: "all lines different",
			old:  "a\nb\nc\n",
			new:  "x\ny\n",
			want: "--- old\n+++ new\n@@ -1,3 +1,2 @@\n-a\n-b\n-c\n+x\n+y\n",
		},
		{
			name: "repeated lines",
			old:  "x\nx\nx\nx\n",
			new:  "x\nx\n",
			want: "--- old\n+++ new\n@@ -1,4 +1,2 @@\n x\n x\n-x\n-x\n",
		},
		{
			name: "repeated blocks",
			old:  "[a]\nk = 1\n\n[a]\nk = 1\n",
			new:  "[a]\nk = 1\n\n[b]\nk = 1\n\n[a]\nk = 1\n",
			want: "--- old\n+++ new\n@@ -1,5 +1,8 @@\n [a]\n k = 1\n \n+[b]\n+k = 1\n+\n [a]\n k = 1\n",
		},
		{
			name: "blank lines only",
			old:  "\n\n",
			new:  "\n\n\n",
			want: "--- old\n+++ new\n@@ -1,2 +1,3 @@\n \n \n+\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unified("old", "new", tt.old, tt.new, nil)
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			checkPatch(t, tt.old, tt.new, got)
		})
	}
}

// TestUnifiedMasksEveryLine: the diff is computed on the real lines, so a
// changed secret shows as a change, labelled old and new so that the two
// lines differ, but no line is printed unmasked.
func TestUnifiedMasksEveryLine(t *testing.T) {
	mask := func(s string) string {
		if k, _, ok := strings.Cut(s, " = "); ok && strings.Contains(k, "password") {
			return k + " = ****"
		}
		return s
	}
	old := "[database]\nuser = heat\npassword = old-secret\nhost = db\n"
	new := "[database]\nuser = heat\npassword = new-secret\nhost = db\n"
	got := Unified("a", "b", old, new, mask)
	want := "--- a\n+++ b\n@@ -1,4 +1,4 @@\n [database]\n user = heat\n-password = ****  (masked: old)\n+password = ****  (masked: new)\n host = db\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "secret") {
		t.Errorf("a secret shows:\n%s", got)
	}
	// a line taken out and put back as it was is no changed secret; a
	// masked line whose mask differs needs no label
	got = Unified("a", "b", "password = s\nx\n", "x\npassword = s\nuser = u\n", mask)
	if strings.Contains(got, "(masked") {
		t.Errorf("labels on a moved line:\n%s", got)
	}
	got = Unified("a", "b", "password = s\n", "password2 = t\n", mask)
	if got != "--- a\n+++ b\n@@ -1 +1 @@\n-password = ****\n+password2 = ****\n" {
		t.Errorf("labels on lines that differ:\n%s", got)
	}
	// context lines go through the mask too
	got = Unified("a", "b", old, strings.Replace(old, "user = heat", "user = heat2", 1), mask)
	if strings.Contains(got, "secret") || !strings.Contains(got, " password = ****\n") {
		t.Errorf("context shows a secret:\n%s", got)
	}
}

// TestUnifiedWithRedactor: through heatconf's redactor, a changed secret
// shows as a changed line of ****, labelled old and new, in neither its old
// nor its new value nor their length.
func TestUnifiedWithRedactor(t *testing.T) {
	r := secret.New([]string{"new-secret"})
	got := Unified("a", "b", "[x]\npassword = old-secret\n", "[x]\npassword = new-secret\n", r.Document)
	if !strings.Contains(got, "-password = ****  (masked: old)\n+password = ****  (masked: new)\n") || strings.Contains(got, "secret") {
		t.Errorf("masked diff:\n%s", got)
	}
}

// TestMinimal compares the number of changed lines with a longest common
// subsequence computed the slow way, on many small random texts over a
// small alphabet (so there are many ways to match).
func TestMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		old, new := randomText(r, 12, 4), randomText(r, 12, 4)
		got := Unified("old", "new", old, new, nil)
		checkPatch(t, old, new, got)
		a, b := splitLines(old), splitLines(new)
		if changed, want := countChanged(got), len(a)+len(b)-2*lcs(a, b); changed != want {
			t.Fatalf("case %d: %d changed lines, the fewest is %d\nold %q\nnew %q\n%s", i, changed, want, old, new, got)
		}
	}
}

// TestCostLimit: with the search cut short, the diff is coarser but still
// turns the old text into the new one.
func TestCostLimit(t *testing.T) {
	defer func(n int) { costLimit = n }(costLimit)
	r := rand.New(rand.NewPCG(3, 4))
	for _, limit := range []int{1, 2, 3, 5} {
		costLimit = limit
		for range 1000 {
			old, new := randomText(r, 40, 6), randomText(r, 40, 6)
			checkPatch(t, old, new, Unified("old", "new", old, new, nil))
		}
	}
}

func FuzzUnified(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd\n")
	f.Add("", "x")
	f.Add("x\ny", "x\ny\n")
	f.Add("a\n\nb\n\n", "\n\na\nb")
	f.Add("-- x\n++ y\n", "++ y\n-- x\n")
	f.Fuzz(func(t *testing.T, old, new string) {
		got := Unified("old", "new", old, new, nil)
		if (got == "") != (old == new) {
			t.Fatalf("equal texts %v, diff %q", old == new, got)
		}
		checkPatch(t, old, new, got)
		if again := Unified("old", "new", old, new, nil); again != got {
			t.Fatalf("two runs differ:\n%s\n%s", got, again)
		}
		// small enough that the cost limit cannot apply: minimal
		if a, b := splitLines(old), splitLines(new); len(a)+len(b) < costLimit {
			if changed, want := countChanged(got), len(a)+len(b)-2*lcs(a, b); changed != want {
				t.Fatalf("%d changed lines, the fewest is %d\n%s", changed, want, got)
			}
		}
	})
}

// checkPatch applies the hunks of diff to old and fails t unless the result
// is new.
func checkPatch(t *testing.T, old, new, diff string) {
	t.Helper()
	got, err := applyPatch(old, diff)
	if err != nil {
		t.Fatalf("%v\nold %q\nnew %q\ndiff:\n%s", err, old, new, diff)
	}
	if got != new {
		t.Fatalf("the patch gives %q, want %q\ndiff:\n%s", got, new, diff)
	}
}

// applyPatch is a small, strict patch(1): every context and deleted line
// must match, and the header's counts must match the hunk's lines.
func applyPatch(old, diff string) (string, error) {
	if diff == "" {
		return old, nil
	}
	src := splitLines(old)
	lines := strings.SplitAfter(diff, "\n")
	if lines[len(lines)-1] != "" {
		return "", fmt.Errorf("diff does not end in a newline")
	}
	lines = lines[:len(lines)-1]
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", fmt.Errorf("bad header")
	}
	var out strings.Builder
	next := 0 // the next line of src not yet copied
	for i := 2; i < len(lines); {
		var aStart, aLen, bStart, bLen int
		if err := parseHunkHeader(lines[i], &aStart, &aLen, &bStart, &bLen); err != nil {
			return "", err
		}
		i++
		// the old range names the line before it when it is empty
		from := aStart - 1
		if aLen == 0 {
			from = aStart
		}
		if from < next || from > len(src) {
			return "", fmt.Errorf("hunk at line %d out of order", aStart)
		}
		for _, l := range src[next:from] {
			out.WriteString(l)
		}
		next = from
		seenA, seenB := 0, 0
		for i < len(lines) && !strings.HasPrefix(lines[i], "@@ ") {
			l := lines[i]
			i++
			if l == "\\ No newline at end of file\n" {
				return "", fmt.Errorf("misplaced no-newline marker")
			}
			text := l[1:]
			if i < len(lines) && lines[i] == "\\ No newline at end of file\n" {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(src) || src[next] != text {
					return "", fmt.Errorf("line %d: %q does not match %q", next+1, l, src[min(next, len(src)-1)])
				}
				next++
				seenA++
				if l[0] == ' ' {
					out.WriteString(text)
					seenB++
				}
			case '+':
				out.WriteString(text)
				seenB++
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
		}
		if seenA != aLen || seenB != bLen {
			return "", fmt.Errorf("hunk -%d,%d +%d,%d has %d old and %d new lines", aStart, aLen, bStart, bLen, seenA, seenB)
		}
	}
	for _, l := range src[next:] {
		out.WriteString(l)
	}
	return out.String(), nil
}

func parseHunkHeader(l string, aStart, aLen, bStart, bLen *int) error {
	var a, b string
	if _, err := fmt.Sscanf(l, "@@ -%s +%s @@\n", &a, &b); err != nil {
		return fmt.Errorf("bad hunk header %q: %v", l, err)
	}
	parse := func(s string, start, n *int) error {
		first, count, ok := strings.Cut(s, ",")
		var err error
		if *start, err = strconv.Atoi(first); err != nil {
			return err
		}
		*n = 1
		if ok {
			if *n, err = strconv.Atoi(count); err != nil {
				return err
			}
			if *n == 1 {
				return fmt.Errorf("range %q spells out a count of 1", s)
			}
		}
		return nil
	}
	if err := parse(a, aStart, aLen); err != nil {
		return err
	}
	return parse(b, bStart, bLen)
}

// countChanged counts the deleted and added lines of diff, whose first two
// lines are its header.
func countChanged(diff string) int {
	n := 0
	lines := strings.Split(diff, "\n")
	for _, l := range lines[min(2, len(lines)):] {
		if strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+") {
			n++
		}
	}
	return n
}

func lcs(a, b []string) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

// randomText is up to maxLines lines drawn from an alphabet of n, the last
// sometimes without its newline.
func randomText(r *rand.Rand, maxLines, n int) string {
	var b strings.Builder
	for range r.IntN(maxLines + 1) {
		b.WriteString(string(rune('a' + r.IntN(n))))
		b.WriteByte('\n')
	}
	s := b.String()
	if s != "" && r.IntN(4) == 0 {
		s = s[:len(s)-1]
	}
	return s
}

// heatConf is a heat.conf-like text of n lines: sections of options, each
// "key = value", with blank lines and comments as oslo-config-generator
// writes them.
func heatConf(n int) []string {
	lines := make([]string, 0, n)
	for s := 0; len(lines) < n; s++ {
		lines = append(lines, fmt.Sprintf("[section_%d]", s), "")
		for o := 0; o < 20 && len(lines) < n; o++ {
			switch o % 4 {
			case 0:
				lines = append(lines, "# The option's help, as the generator writes it.")
			case 1:
				lines = append(lines, "")
			}
			lines = append(lines, fmt.Sprintf("option_%d = value_%d", o, (s*7+o)%13))
		}
	}
	return lines[:n]
}

// fixedPair is a 20,000-line heat.conf-like text and the same text with
// 50 scattered lines changed, as lint --fix changes a file.
func fixedPair() (old, new string) {
	lines := heatConf(20000)
	old = strings.Join(lines, "\n") + "\n"
	for i := 137; i < len(lines); i += 400 {
		lines[i] = "fixed_option = true"
	}
	return old, strings.Join(lines, "\n") + "\n"
}

// unrelatedPair is two 20,000-line texts without a line in common.
func unrelatedPair() (old, new string) {
	var a, b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&a, "old_%d = %d\n", i, i)
		fmt.Fprintf(&b, "new_%d = %d\n", i, i)
	}
	return a.String(), b.String()
}

// shuffledPair is a 20,000-line text and the same lines shuffled: every
// line has a partner, so nothing is set aside before the search, and the
// shortest edit script is long.
func shuffledPair() (old, new string) {
	lines := heatConf(20000)
	old = strings.Join(lines, "\n") + "\n"
	r := rand.New(rand.NewPCG(5, 6))
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	return old, strings.Join(lines, "\n") + "\n"
}

// TestLargeDiffsStaySmall: diffs of 20,000-line texts allocate well under
// 100 MB, so a return to quadratic memory fails here.
func TestLargeDiffsStaySmall(t *testing.T) {
	testenv.Slow(t, "large inputs")
	for name, pair := range map[string]func() (string, string){
		"50 lines fixed": fixedPair,
		"unrelated":      unrelatedPair,
		"shuffled":       shuffledPair,
	} {
		t.Run(name, func(t *testing.T) {
			old, new := pair()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			d := Unified("old", "new", old, new, nil)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
				t.Errorf("the diff allocated %d MB", alloc>>20)
			}
			checkPatch(t, old, new, d)
		})
	}
}

func TestFixedPairIsMinimal(t *testing.T) {
	old, new := fixedPair()
	if n := countChanged(Unified("old", "new", old, new, nil)); n != 100 {
		t.Errorf("%d changed lines, want 50 deleted and 50 added", n)
	}
}

func benchmark(b *testing.B, pair func() (string, string)) {
	old, new := pair()
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		Unified("old", "new", old, new, nil)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB/op")
}

// BenchmarkUnified20000 is lint --fix --diff on a 20,000-line heat.conf
// with 50 fixed lines.
func BenchmarkUnified20000(b *testing.B) { benchmark(b, fixedPair) }

// BenchmarkUnified20000Unrelated diffs two 20,000-line texts that share no line.
func BenchmarkUnified20000Unrelated(b *testing.B) { benchmark(b, unrelatedPair) }

// BenchmarkUnified20000Shuffled diffs a 20,000-line text against its lines
// shuffled: the worst case, where the cost limit applies.
func BenchmarkUnified20000Shuffled(b *testing.B) { benchmark(b, shuffledPair) }
