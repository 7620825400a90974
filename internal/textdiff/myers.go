package textdiff

// diffLines compares a and b and reports which lines of a are deleted and
// which lines of b are inserted; the lines left over in each are equal, in
// order.
func diffLines(a, b []string) (del, ins []bool) {
	del, ins = make([]bool, len(a)), make([]bool, len(b))
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	a, b = a[head:len(a)-tail], b[head:len(b)-tail]
	delMid, insMid := del[head:head+len(a)], ins[head:head+len(b)]

	// number the distinct lines, so the search compares integers, and
	// count where each occurs
	ids := make(map[string]int32, len(a)+len(b))
	var inA, inB []bool
	number := func(lines []string) []int32 {
		out := make([]int32, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
				inA, inB = append(inA, false), append(inB, false)
			}
			out[i] = id
		}
		return out
	}
	na, nb := number(a), number(b)
	for _, id := range na {
		inA[id] = true
	}
	for _, id := range nb {
		inB[id] = true
	}

	// a line found only on one side is changed in every edit script; the
	// search runs over the others, and posA/posB lead back to the lines
	keep := func(n []int32, other []bool, changed []bool) (kept []int32, pos []int32) {
		for i, id := range n {
			if other[id] {
				kept = append(kept, id)
				pos = append(pos, int32(i))
			} else {
				changed[i] = true
			}
		}
		return kept, pos
	}
	ka, posA := keep(na, inB, delMid)
	kb, posB := keep(nb, inA, insMid)

	m := myers{
		a: ka, b: kb,
		del: make([]bool, len(ka)), ins: make([]bool, len(kb)),
		vf: make([]int, len(ka)+len(kb)+3), vb: make([]int, len(ka)+len(kb)+3),
	}
	m.compare(0, len(ka), 0, len(kb))
	for i, d := range m.del {
		if d {
			delMid[posA[i]] = true
		}
	}
	for j, d := range m.ins {
		if d {
			insMid[posB[j]] = true
		}
	}
	return del, ins
}

// myers finds a shortest edit script between a and b, marking the deleted
// elements of a in del and the inserted elements of b in ins. vf and vb are
// the search's furthest-reaching points per diagonal, forward and backward,
// shared by every step of the recursion.
type myers struct {
	a, b     []int32
	del, ins []bool
	vf, vb   []int
}

// compare solves a[aLo:aHi] against b[bLo:bHi].
func (m *myers) compare(aLo, aHi, bLo, bHi int) {
	for {
		for aLo < aHi && bLo < bHi && m.a[aLo] == m.b[bLo] {
			aLo, bLo = aLo+1, bLo+1
		}
		for aLo < aHi && bLo < bHi && m.a[aHi-1] == m.b[bHi-1] {
			aHi, bHi = aHi-1, bHi-1
		}
		if aLo == aHi || bLo == bHi {
			m.changeAll(aLo, aHi, bLo, bHi)
			return
		}
		x, y := m.split(aLo, aHi, bLo, bHi)
		if (x == aLo && y == bLo) || (x == aHi && y == bHi) {
			// a split must make both halves smaller; if the search ever
			// failed to, replacing the whole range is still a correct diff
			m.changeAll(aLo, aHi, bLo, bHi)
			return
		}
		// recurse on the first half, loop on the second
		m.compare(aLo, x, bLo, y)
		aLo, bLo = x, y
	}
}

func (m *myers) changeAll(aLo, aHi, bLo, bHi int) {
	for i := aLo; i < aHi; i++ {
		m.del[i] = true
	}
	for j := bLo; j < bHi; j++ {
		m.ins[j] = true
	}
}

// split returns a point (x, y) on a shortest edit path from (aLo, bLo) to
// (aHi, bHi), strictly between the two: the end of the middle snake, found
// by searching forward from the start and backward from the end, d edits at
// a time, until the two searches meet. Past costLimit edits it settles for
// the point either search has carried furthest.
//
// The searches work in coordinates relative to the range. Diagonal k holds
// the points with x-y = k; vf[off+k] is the largest x reached on diagonal k
// from the start. The backward search is the same search run on the two
// sequences reversed: vb[off+k] is the largest x' reached on its diagonal
// k = x'-y', where x' = n-x and y' = mm-y, so the backward diagonal k' is
// the forward diagonal delta-k'. Only diagonals within the grid are
// searched, and a move that would leave the grid stops at its edge (a point
// reached in d edits is then reached in at most d, which is all the search
// needs).
func (m *myers) split(aLo, aHi, bLo, bHi int) (int, int) {
	a, b := m.a[aLo:aHi], m.b[bLo:bHi]
	n, mm := len(a), len(b)
	delta := n - mm
	odd := delta&1 != 0
	off := mm + 1
	vf, vb := m.vf, m.vb
	// the ranges of diagonals searched in the previous step (d-1), empty
	// before the first step
	flo, fhi, blo, bhi := 1, 0, 1, 0
	for d := 0; ; d++ {
		// diagonals reachable in d edits: -d..d in steps of 2, within the grid
		lo, hi := -d, d
		if d > mm {
			lo = -mm + (d-mm)&1
		}
		if d > n {
			hi = n - (d-n)&1
		}

		// forward
		for k := lo; k <= hi; k += 2 {
			x := reach(vf, off, k, d, flo, fhi, n, mm)
			if x < 0 {
				vf[off+k] = -1
				continue
			}
			y := x - k
			for x < n && y < mm && a[x] == b[y] {
				x, y = x+1, y+1
			}
			vf[off+k] = x
			// D = 2d-1: does this meet the backward search of step d-1?
			if kb := delta - k; odd && kb >= blo && kb <= bhi && vb[off+kb] >= 0 && x+vb[off+kb] >= n {
				return aLo + x, bLo + y
			}
		}
		flo, fhi = lo, hi

		// backward
		for k := lo; k <= hi; k += 2 {
			x := reach(vb, off, k, d, blo, bhi, n, mm)
			if x < 0 {
				vb[off+k] = -1
				continue
			}
			y := x - k
			for x < n && y < mm && a[n-1-x] == b[mm-1-y] {
				x, y = x+1, y+1
			}
			vb[off+k] = x
			// D = 2d: does this meet the forward search of step d?
			if kf := delta - k; !odd && kf >= flo && kf <= fhi && vf[off+kf] >= 0 && vf[off+kf]+x >= n {
				return aLo + n - x, bLo + mm - y
			}
		}
		blo, bhi = lo, hi

		if d >= costLimit {
			return m.furthest(aLo, bLo, n, mm, off, flo, fhi)
		}
	}
}

// reach is where a d-edit path gets on diagonal k before its final snake:
// one step down from diagonal k+1 or right from diagonal k-1, whichever
// lands further, held within the grid; -1 if neither was reached.
func reach(v []int, off, k, d, plo, phi, n, mm int) int {
	if d == 0 {
		return 0
	}
	x := -1
	if k+1 >= plo && k+1 <= phi && v[off+k+1] >= 0 {
		x = min(v[off+k+1], mm+k) // down: y+1, at most mm
	}
	if k-1 >= plo && k-1 <= phi && v[off+k-1] >= 0 {
		x = max(x, min(v[off+k-1]+1, n)) // right: x+1, at most n
	}
	return x
}

// furthest returns the point that the forward or the backward search (of
// the step just done, over diagonals lo..hi) has carried furthest from its
// start, as measured by x+y; it is on a path of the fewest edits to that
// point, so a split there costs only whatever the halves cannot share.
func (m *myers) furthest(aLo, bLo, n, mm, off, lo, hi int) (int, int) {
	bestF, fx, fy := -1, 0, 0
	bestB, bx, by := -1, 0, 0
	for k := lo; k <= hi; k += 2 {
		if x := m.vf[off+k]; x >= 0 && 2*x-k > bestF && 2*x-k < n+mm {
			bestF, fx, fy = 2*x-k, x, x-k
		}
		if x := m.vb[off+k]; x >= 0 && 2*x-k > bestB && 2*x-k < n+mm {
			bestB, bx, by = 2*x-k, n-x, mm-(x-k)
		}
	}
	if bestB > bestF {
		return aLo + bx, bLo + by
	}
	return aLo + fx, bLo + fy
}
