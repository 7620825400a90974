package runner

import (
	"io"

	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/lint"
)

// formats are the output formats of Write: a report's findings with how
// to write them.
var formats = output.NewFormats(
	output.Format[written]{Name: "text", Write: func(w io.Writer, v written) error { return writeText(w, v.fs, v.opts) }},
	output.Format[written]{Name: "json", Write: func(w io.Writer, v written) error { return writeJSON(w, v.fs, v.opts) }},
	output.Format[written]{Name: "sarif", Write: func(w io.Writer, v written) error { return writeSARIF(w, v.fs, v.opts) }},
	output.Format[written]{Name: "github", Write: func(w io.Writer, v written) error { return writeGitHub(w, v.fs) }},
)

type written struct {
	fs   []lint.Finding
	opts WriteOptions
}

// Formats returns the names of the output formats, the default first.
func Formats() []string { return formats.Names() }

// WriteOptions tune the output.
type WriteOptions struct {
	Color   bool   // ANSI colours in text (only on a terminal, never with NO_COLOR)
	Version string // heatconf's version, for JSON and SARIF
	Release string // the release linted, for JSON
	// ReleaseFrom says what chose it, for JSON (absent when nil).
	ReleaseFrom *ReleaseFrom
	// Releases are the releases of a run that linted files under
	// different configurations, for JSON (absent when nil).
	Releases []Linted
	// ReleaseOf is the release of a file, for each finding in JSON, when
	// the files were linted as different releases (nil otherwise).
	ReleaseOf func(file string) string
	Files     int // how many files were read, for JSON
	// Command and WorkDir describe the run, for SARIF's invocation; the
	// working directory is what relative file names are relative to.
	Command []string
	WorkDir string
}

// Write prints findings in one of Formats().
func Write(w io.Writer, format string, fs []lint.Finding, opts WriteOptions) error {
	return formats.Write(w, format, written{fs, opts})
}
