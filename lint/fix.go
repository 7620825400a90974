package lint

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/heatconf/heatconf/conf"
)

// ApplyFixes rewrites file with the fixes of findings that belong to it and
// returns the new contents and how many fixes were applied. Every line no
// fix names is kept byte for byte, line endings included. Overlapping edits
// are applied once: the first finding's fix wins and the later one waits for
// the next run.
func ApplyFixes(file *conf.File, findings []Finding) ([]byte, int) {
	type edit struct {
		Edit
		order int
	}
	var edits []edit
	seen := map[string]bool{}
	for i, f := range findings {
		if f.Fix == nil || f.File != file.Name {
			continue
		}
		for _, e := range f.Fix.Edits {
			if e.File != file.Name {
				continue
			}
			key := fmt.Sprintf("%d/%d/%s", e.First, e.Last, joinLines(e.Lines))
			if seen[key] {
				continue
			}
			seen[key] = true
			edits = append(edits, edit{e, i})
		}
	}
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].First != edits[j].First {
			return edits[i].First < edits[j].First
		}
		return edits[i].Last < edits[j].Last
	})
	// keep edits that do not overlap one already kept
	var kept []edit
	for _, e := range edits {
		clash := false
		for _, k := range kept {
			if overlaps(e.Edit, k.Edit) {
				clash = true
				break
			}
		}
		if !clash {
			kept = append(kept, e)
		}
	}
	eol := dominantEOL(file)
	var out bytes.Buffer
	next := 1                  // next original line to copy
	copyTo := func(line int) { // copy original lines next..line-1
		for ; next < line && next <= len(file.Lines); next++ {
			l := file.Lines[next-1]
			out.Write(file.Src[l.Pos.Offset : l.Pos.Offset+l.Pos.Len+l.EOL])
		}
	}
	for _, e := range kept {
		copyTo(e.First)
		for _, l := range e.Lines {
			out.WriteString(l)
			out.WriteString(eol)
		}
		if e.Last >= e.First {
			next = e.Last + 1
		}
	}
	copyTo(len(file.Lines) + 1)
	return out.Bytes(), len(kept)
}

func overlaps(a, b Edit) bool {
	// an insertion (Last < First) sits between lines First-1 and First
	aLo, aHi := a.First, a.Last
	bLo, bHi := b.First, b.Last
	if aHi < aLo && bHi < bLo {
		return aLo == bLo
	}
	if aHi < aLo {
		return aLo > bLo && aLo <= bHi
	}
	if bHi < bLo {
		return bLo > aLo && bLo <= aHi
	}
	return aLo <= bHi && bLo <= aHi
}

func dominantEOL(f *conf.File) string {
	crlf := 0
	for _, l := range f.Lines {
		if l.EOL == 2 {
			crlf++
		}
	}
	if crlf*2 > len(f.Lines) {
		return "\r\n"
	}
	return "\n"
}

func joinLines(ls []string) string {
	var b bytes.Buffer
	for _, l := range ls {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
