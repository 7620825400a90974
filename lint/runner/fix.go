package runner

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema/secretdiff"
)

// FixedFile is one file as the fixes of its findings rewrite it.
type FixedFile struct {
	Name     string      // as findings name it
	Path     string      // where it is on disk; "" for a file held in memory (standard input, a rendered file)
	Mode     fs.FileMode // its permission bits on disk
	Old, New []byte
	Fixes    int // how many fixes made New

	// Read is the file as it was read (the fstat of the descriptor Old
	// was read through), so that the fixes are written to that very file
	// (atomicfile.RewriteOptions.Read); nil for a file held in memory.
	Read fs.FileInfo

	redact   *secret.Redactor             // the file's secrets
	isSecret func(group, key string) bool // what the release calls secret
}

// Diff is the unified diff from the file to its fixed form, with every
// secret hidden on both sides as render's --diff hides them
// (secretdiff.Unified): the value of every option the release calls
// secret, on every line it spans, and the file's known secrets; a changed
// secret shows as lines labelled "(masked: old)" and "(masked: new)".
func (f FixedFile) Diff() string {
	isSecret := f.isSecret
	if isSecret == nil {
		isSecret = secretdiff.ReleaseSecrets(nil)
	}
	t := secretdiff.Texts{OldName: f.Name, NewName: f.Name + " (fixed)", Old: string(f.Old), New: string(f.New), IsSecret: isSecret}
	if f.redact != nil {
		t.Redact = f.redact.Document
	}
	return secretdiff.Unified(t)
}

// maxFixRounds bounds the rounds of fixing: a fix can make another one
// possible (a renamed option that then has a value to fix), so fixes are
// applied until nothing changes.
const maxFixRounds = 8

// fix applies the fixes of the units' findings (results, as lintUnits
// returned them with keep set) to the units' files in memory, and again to
// what they make, until no fix changes anything: one run applies every
// fix. It returns the files that change, in the units' order, and the
// units' findings as they stand after the fixes. Nothing is written.
func fix(l *lint.Linter, units []Unit, results [][]lint.Finding) ([]FixedFile, [][]lint.Finding, error) {
	p := &profile{linter: l}
	return fixWith(units, results, lint.Info, func(int) *profile { return p })
}

// fixWith is fix for the findings of severity least or worse only, with
// each unit's own linter and severities: those of profileOf(i) for
// units[i].
func fixWith(units []Unit, results [][]lint.Finding, least lint.Severity, profileOf func(i int) *profile) ([]FixedFile, [][]lint.Finding, error) {
	var fixed []FixedFile
	left := slices.Clone(results)
	for i := range units {
		u := &units[i]
		p := profileOf(i)
		byName := map[string]int{} // file name -> index in fixed
		redact := p.linter.Redactor(u.files)
		reg := p.linted
		if reg == nil {
			reg = p.registry
		}
		isSecret := secretdiff.ReleaseSecrets(reg)
		for round := 0; round < maxFixRounds; round++ {
			changed := false
			for j, f := range u.files {
				if f.IsEnvironment() {
					continue // heat.env: its lines are not INI
				}
				data, n := lint.ApplyFixes(f, atLeast(left[i], least))
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
						Read: u.stats[f.Name], Old: f.Src, New: data, Fixes: n, redact: redact, isSecret: isSecret})
				}
				u.files[j] = nf
				changed = true
			}
			if !changed {
				break
			}
			again, err := lintUnitsWith(units[i:i+1], true, func(int) *profile { return p })
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

// atLeast are the findings of severity least or worse.
func atLeast(fs []lint.Finding, least lint.Severity) []lint.Finding {
	if least == lint.Info {
		return fs
	}
	var out []lint.Finding
	for _, f := range fs {
		if f.Severity >= least {
			out = append(out, f)
		}
	}
	return out
}
