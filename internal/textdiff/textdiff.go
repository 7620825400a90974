// Package textdiff compares texts line by line and prints the difference as
// a unified diff.
//
// The comparison is Myers' O(ND) algorithm in its linear-space form: each
// step finds the "middle snake" of an optimal edit path by searching from
// both ends at once, then solves the two halves on either side of it. Memory
// is O(N+M) whatever the inputs; time is O((N+M)·D) for D differing lines,
// which is small for the usual re-render or fix that touches a few lines of
// a large file.
//
// Two steps cut the work before the search: the common head and tail are
// set aside, and lines that occur in only one of the two texts are marked
// as changed at once, since no edit path can match them (this keeps the
// result minimal, and makes two wholly different texts cheap).
//
// Where several places would do equally well for a block of added or
// removed lines, the block goes as low as it can, as diff -u puts it (a
// test checks the output against diff -u on heat.conf-like edits).
//
// When the texts are so far apart that a search runs past costLimit steps
// from each end, it stops and splits the problem at the point its search
// reached furthest instead of at a middle snake. The diff is still correct
// (applied to the old text it gives the new one) but may show more changed
// lines than the fewest possible; this bounds the time for pathological
// inputs such as the same lines in a shuffled order.
package textdiff

import (
	"strconv"
	"strings"
)

// context is the number of unchanged lines shown around each change.
const context = 3

// costLimit is how many steps (edits from one end) a middle-snake search
// takes before it settles for a good split instead of an optimal one.
// Below it, in each direction, the diff is minimal. A variable so that
// tests can exercise the coarse path with small inputs.
var costLimit = 512

// Unified returns a unified diff from old to new with three lines of
// context, its header naming the two texts oldName and newName; "" when the
// texts are equal. The lines are compared as they are, and every line shown
// is passed through mask first (nil shows lines as they are): a changed
// secret is shown as a changed line of masked text, never as itself. A
// removed and an added line of one change that mask makes identical (only
// the secret in them differs) end in "  (masked: old)" and
// "  (masked: new)": the change shows, but neither value nor its length.
//
// A last line without a newline is followed by the line
// "\ No newline at end of file", as diff(1) prints it.
func Unified(oldName, newName, old, new string, mask func(string) string) string {
	if old == new {
		return ""
	}
	if mask == nil {
		mask = func(s string) string { return s }
	}
	a, b := splitLines(old), splitLines(new)
	del, ins := diffLines(a, b)
	p := printer{a: a, b: b, mask: mask}
	p.out.WriteString("--- " + oldName + "\n+++ " + newName + "\n")
	blocks := slideDown(a, b, changeBlocks(del, ins))
	for i := 0; i < len(blocks); {
		// one hunk: the blocks whose gaps of unchanged lines are short
		// enough that their contexts would touch or overlap
		j := i + 1
		for j < len(blocks) && blocks[j].a0-blocks[j-1].a1 <= 2*context {
			j++
		}
		p.hunk(blocks[i:j])
		i = j
	}
	return p.out.String()
}

// splitLines cuts s into lines that keep their "\n"; the last one lacks it
// when s does not end in a newline.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// block is a run of changes: lines a0..a1 of the old text are replaced by
// lines b0..b1 of the new one (either run may be empty). Between two blocks
// the texts are equal.
type block struct{ a0, a1, b0, b1 int }

// changeBlocks groups the deleted and inserted lines into blocks, each
// block's deletions before its insertions.
func changeBlocks(del, ins []bool) []block {
	var blocks []block
	i, j := 0, 0
	for i < len(del) || j < len(ins) {
		if (i < len(del) && del[i]) || (j < len(ins) && ins[j]) {
			bl := block{a0: i, b0: j}
			for i < len(del) && del[i] {
				i++
			}
			for j < len(ins) && ins[j] {
				j++
			}
			bl.a1, bl.b1 = i, j
			blocks = append(blocks, bl)
			continue
		}
		i++
		j++
	}
	return blocks
}

// slideDown moves each block that only inserts or only deletes lines as
// far down as equal lines let it, as diff(1) does: an edit script may put
// such a block at any of several places (a blank line added before or after
// a blank line), and the last one reads best, an added section ending
// before the blank line that follows it. A block that reaches the next one
// joins it.
func slideDown(a, b []string, blocks []block) []block {
	out := blocks[:0]
	for i := 0; i < len(blocks); i++ {
		bl := blocks[i]
		// the lines up to the next block (or the end) are equal pairs
		endA := len(a)
		if i+1 < len(blocks) {
			endA = blocks[i+1].a0
		}
		switch {
		case bl.a0 == bl.a1: // insertion
			for bl.a1 < endA && b[bl.b0] == b[bl.b1] {
				bl.a0, bl.a1, bl.b0, bl.b1 = bl.a0+1, bl.a1+1, bl.b0+1, bl.b1+1
			}
		case bl.b0 == bl.b1: // deletion
			for bl.a1 < endA && a[bl.a0] == a[bl.a1] {
				bl.a0, bl.a1, bl.b0, bl.b1 = bl.a0+1, bl.a1+1, bl.b0+1, bl.b1+1
			}
		}
		if bl.a1 == endA && i+1 < len(blocks) {
			// touches the next block: one block, which may slide on
			next := blocks[i+1]
			blocks[i+1] = block{a0: bl.a0, a1: next.a1, b0: bl.b0, b1: next.b1}
			continue
		}
		out = append(out, bl)
	}
	return out
}

type printer struct {
	a, b []string
	mask func(string) string
	out  strings.Builder
}

// hunk prints one hunk holding the given blocks.
func (p *printer) hunk(blocks []block) {
	first, last := blocks[0], blocks[len(blocks)-1]
	before := min(context, first.a0)        // the texts are equal before a block...
	after := min(context, len(p.a)-last.a1) // ...and after the last one
	aStart, bStart := first.a0-before, first.b0-before
	aEnd, bEnd := last.a1+after, last.b1+after
	p.out.WriteString("@@ -" + hunkRange(aStart, aEnd-aStart) + " +" + hunkRange(bStart, bEnd-bStart) + " @@\n")
	i := aStart
	for _, bl := range blocks {
		for ; i < bl.a0; i++ {
			p.line(' ', p.a[i], false, "")
		}
		same := p.sameMasked(bl)
		for k := bl.a0; k < bl.a1; k++ {
			p.line('-', p.a[k], same[p.mask(p.a[k])], maskedOld)
		}
		for k := bl.b0; k < bl.b1; k++ {
			p.line('+', p.b[k], same[p.mask(p.b[k])], maskedNew)
		}
		i = bl.a1
	}
	for ; i < aEnd; i++ {
		p.line(' ', p.a[i], false, "")
	}
}

// The labels of the two sides of a change that only a secret makes.
const (
	maskedOld = "  (masked: old)"
	maskedNew = "  (masked: new)"
)

// sameMasked returns the masked texts that a removed and an added line of
// bl share although the lines differ: a changed secret, which would
// otherwise show as the same line taken out and put back.
func (p *printer) sameMasked(bl block) map[string]bool {
	if bl.a0 == bl.a1 || bl.b0 == bl.b1 {
		return nil
	}
	removed := map[string]map[string]bool{} // masked -> the lines masked so
	for k := bl.a0; k < bl.a1; k++ {
		m := p.mask(p.a[k])
		if removed[m] == nil {
			removed[m] = map[string]bool{}
		}
		removed[m][p.a[k]] = true
	}
	var same map[string]bool
	for k := bl.b0; k < bl.b1; k++ {
		if m := p.mask(p.b[k]); removed[m] != nil && !removed[m][p.b[k]] {
			if same == nil {
				same = map[string]bool{}
			}
			same[m] = true
		}
	}
	return same
}

// line prints one line of a hunk, masked, with label when labelled.
func (p *printer) line(kind byte, text string, labelled bool, label string) {
	p.out.WriteByte(kind)
	t, newline := strings.CutSuffix(text, "\n")
	p.out.WriteString(p.mask(t))
	if labelled {
		p.out.WriteString(label)
	}
	if newline {
		p.out.WriteByte('\n')
		return
	}
	p.out.WriteString("\n\\ No newline at end of file\n")
}

// hunkRange is one side of a hunk header: the first line (1-based) and the
// number of lines, the number left out when it is 1; an empty range names
// the line before it.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return strconv.Itoa(start) + ",0"
	case 1:
		return strconv.Itoa(start + 1)
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(n)
}
