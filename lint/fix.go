package lint

import (
	"bytes"
	"fmt"
	"slices"
	"sort"

	"github.com/heatconf/heatconf/conf"
)

// ApplyFixes rewrites file with the edits that the fixes of findings make
// in it and returns the new contents and how many edits were applied.
// Every line no fix names is kept byte for byte, line endings included.
// A fix is applied whole or not at all: when one of its edits overlaps an
// edit of a fix already taken (in finding order), none of its edits is
// applied and it waits for the next run, so that no fix is left half done
// (a line deleted without the line that was to replace it). The same edit
// made by two fixes is applied once.
func ApplyFixes(file *conf.File, findings []Finding) ([]byte, int) {
	var kept []Edit
	seen := map[string]bool{}
	for _, f := range findings {
		if f.Fix == nil {
			continue
		}
		var mine []Edit
		var keys []string
		clash := false
		for _, e := range f.Fix.Edits {
			if e.File != file.Name {
				continue
			}
			key := fmt.Sprintf("%d/%d/%s", e.First, e.Last, joinLines(e.Lines))
			if seen[key] || slices.Contains(keys, key) {
				continue
			}
			for _, k := range kept {
				if overlaps(e, k) {
					clash = true
				}
			}
			mine, keys = append(mine, e), append(keys, key)
		}
		if clash {
			continue
		}
		for i, e := range mine {
			seen[keys[i]] = true
			kept = append(kept, e)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].First != kept[j].First {
			return kept[i].First < kept[j].First
		}
		return kept[i].Last < kept[j].Last
	})
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
