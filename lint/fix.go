package lint

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/textdiff"
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

// FixedFile is one file as the fixes of its findings rewrite it.
type FixedFile struct {
	Name     string      // as findings name it
	Path     string      // where it is on disk; "" for a file held in memory (standard input, a rendered file)
	Mode     fs.FileMode // its permission bits on disk
	Old, New []byte
	Fixes    int // how many fixes made New

	redact *secret.Redactor // the file's secrets
}

// Diff is the unified diff from the file to its fixed form, with the
// file's secrets masked (changed secret lines show as ****).
func (f FixedFile) Diff() string {
	return textdiff.Unified(f.Name, f.Name+" (fixed)", string(f.Old), string(f.New), f.redact.Document)
}

// maxFixRounds bounds the rounds of fixing: a fix can make another one
// possible (a renamed option that then has a value to fix), so fixes are
// applied until nothing changes.
const maxFixRounds = 8

// Fix applies the fixes of the units' findings (results, as LintUnits
// returned them with keep set) to the units' files in memory, and again to
// what they make, until no fix changes anything: one run applies every
// fix. It returns the files that change, in the units' order, and the
// units' findings as they stand after the fixes. Nothing is written.
func (l *Linter) Fix(units []Unit, results [][]Finding) ([]FixedFile, [][]Finding, error) {
	var fixed []FixedFile
	left := slices.Clone(results)
	for i := range units {
		u := &units[i]
		byName := map[string]int{} // file name -> index in fixed
		redact := redactor(u.files, l.opts.Registry)
		for round := 0; round < maxFixRounds; round++ {
			changed := false
			for j, f := range u.files {
				data, n := ApplyFixes(f, left[i])
				if n == 0 || bytes.Equal(data, f.Src) {
					continue
				}
				nf, err := conf.Parse(f.Name, data)
				if err != nil {
					return nil, nil, fmt.Errorf("BUG: the fixed %s does not parse: %w", f.Name, err)
				}
				if k, ok := byName[f.Name]; ok {
					fixed[k].New, fixed[k].Fixes = data, fixed[k].Fixes+n
				} else {
					byName[f.Name] = len(fixed)
					fixed = append(fixed, FixedFile{Name: f.Name, Path: u.paths[f.Name], Mode: fs.FileMode(u.modes[f.Name]),
						Old: f.Src, New: data, Fixes: n, redact: redact})
				}
				u.files[j] = nf
				changed = true
			}
			if !changed {
				break
			}
			again, err := l.LintUnits(units[i:i+1], true)
			if err != nil {
				return nil, nil, err
			}
			left[i] = again[0]
		}
	}
	if len(fixed) == 0 {
		return nil, results, nil
	}
	return fixed, left, nil
}
