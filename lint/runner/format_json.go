package runner

import (
	"io"

	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/lint"
)

// JSONVersion is the version of `heatconf lint --format json`: it changes
// only when a field changes meaning or goes away (new fields may come).
const JSONVersion = 1

// jsonReport is the JSON document scripts read.
type jsonReport struct {
	Version int      `json:"version"`
	Tool    jsonTool `json:"tool"`
	// Release: the release the files were linted as; absent when they
	// were linted as different releases (see Releases).
	Release string `json:"release,omitempty"`
	// ReleaseFrom: what chose the release (command line, site file,
	// .heatconf.toml, a file's stamp, or the default); absent when
	// different things chose for different files.
	ReleaseFrom *ReleaseFrom `json:"release_from,omitempty"`
	// Releases: when files under different .heatconf.toml files were
	// linted in one run, each configuration's release, what chose it and
	// how many files it had; each finding then names its release.
	Releases []Linted      `json:"releases,omitempty"`
	Files    int           `json:"files"`
	Summary  jsonSummary   `json:"summary"`
	Findings []jsonFinding `json:"findings"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type jsonSummary struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

type jsonFinding struct {
	File      string          `json:"file"`
	Line      int             `json:"line"`
	Column    int             `json:"column"`
	EndLine   int             `json:"end_line"`
	EndColumn int             `json:"end_column"` // exclusive
	Rule      string          `json:"rule"`
	Severity  lint.Severity   `json:"severity"`
	Release   string          `json:"release,omitempty"` // when the run linted files as different releases
	Message   string          `json:"message"`
	Related   []lint.Location `json:"related,omitempty"`
	Fix       *jsonFix        `json:"fix,omitempty"`
}

type jsonFix struct {
	// Text says what the fix writes, for people.
	Text string `json:"text,omitempty"`
	// Edits replace whole lines; absent when a line holds a secret.
	Edits []jsonEdit `json:"edits,omitempty"`
}

type jsonEdit struct {
	File      string   `json:"file"`
	FirstLine int      `json:"first_line"` // 1-based
	LastLine  int      `json:"last_line"`  // inclusive; first_line - 1 inserts before first_line
	Lines     []string `json:"lines"`
}

// writeJSON prints the versioned JSON report.
func writeJSON(w io.Writer, fs []lint.Finding, opts WriteOptions) error {
	rep := jsonReport{Version: JSONVersion, Tool: jsonTool{"heatconf", opts.Version}, Release: opts.Release,
		ReleaseFrom: opts.ReleaseFrom, Releases: opts.Releases, Files: opts.Files, Findings: []jsonFinding{}}
	for _, f := range fs {
		switch f.Severity {
		case lint.Error:
			rep.Summary.Error++
		case lint.Warning:
			rep.Summary.Warning++
		default:
			rep.Summary.Info++
		}
		line, col := max(f.Line, 1), max(f.Column, 1)
		jf := jsonFinding{File: f.File, Line: line, Column: col, EndLine: line, EndColumn: col + f.Len,
			Rule: f.Rule.String(), Severity: f.Severity, Message: f.Message, Related: f.Related}
		if opts.ReleaseOf != nil {
			jf.Release = opts.ReleaseOf(f.File)
		}
		if f.Fix != nil || f.FixText != "" {
			jf.Fix = &jsonFix{Text: f.FixText, Edits: shownEdits(f.Fix)}
		}
		rep.Findings = append(rep.Findings, jf)
	}
	return output.JSON(w, rep)
}

// shownEdits are a fix's edits as output may show them: none when a line
// of them stands where a secret stands (an edit with **** in it would
// write **** if applied, and one without would show the secret).
func shownEdits(fix *lint.Fix) []jsonEdit {
	if fix == nil {
		return nil
	}
	var out []jsonEdit
	for _, e := range fix.Edits {
		for _, l := range e.Lines {
			if secret.Structure(l) != l {
				return nil
			}
		}
		out = append(out, jsonEdit{File: e.File, FirstLine: e.First, LastLine: e.Last, Lines: e.Lines})
	}
	return out
}
