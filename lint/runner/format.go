package runner

import (
	"fmt"
	"io"
	"strings"

	"github.com/heatconf/heatconf/lint"
)

// Formats are the output formats of Write.
var formats = []string{"text", "json", "sarif", "github"}

// Formats returns the names of the output formats.
func Formats() []string { return append([]string(nil), formats...) }

// WriteOptions tune the output.
type WriteOptions struct {
	Color   bool   // ANSI colours in text (only on a terminal, never with NO_COLOR)
	Version string // heatconf's version, for JSON and SARIF
	Release string // the release linted, for JSON
	Files   int    // how many files were read, for JSON
	// Command and WorkDir describe the run, for SARIF's invocation; the
	// working directory is what relative file names are relative to.
	Command []string
	WorkDir string
}

// Write prints findings in one of Formats().
func Write(w io.Writer, format string, fs []lint.Finding, opts WriteOptions) error {
	switch format {
	case "text":
		return writeText(w, fs, opts)
	case "json":
		return writeJSON(w, fs, opts)
	case "sarif":
		return writeSARIF(w, fs, opts)
	case "github":
		return writeGitHub(w, fs)
	}
	return fmt.Errorf("unknown format %q (%s)", format, strings.Join(formats, ", "))
}
