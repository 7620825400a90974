// Package lint checks heat.conf files for what breaks Heat: options the
// release does not have, removed and deprecated options, values oslo.config
// rejects, parsing traps and options that contradict each other. Every
// finding has a position, a rule id and a message that says what to write
// instead; many carry a mechanical fix.
//
// lint is the engine: it checks configurations already parsed (package
// conf) against the option data of a release (package schema) and rewrites
// a file with its fixes, all in memory. It reads no file and writes no
// output; package lint/runner does that for the command line.
package lint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/heatconf/heatconf/internal/escape"
)

// Severity orders findings. The zero value is Info.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string { return [...]string{"info", "warning", "error"}[s] }

// MarshalText writes the severity as in the JSON contract.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity as the JSON contract writes it.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (error, warning or info)", s)
}

// Finding is one problem at one place.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Len      int      `json:"-"`    // length of the span, for carets
	Rule     *Rule    `json:"rule"` // the rule that made it; written as its id
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Fix      *Fix     `json:"-"`
	FixText  string   `json:"fix,omitempty"` // what the fix writes, for people and JSON
	// Related are the other lines of the same problem (the rest of a
	// pre-Stein messaging block, every plain-http URL of a file): one root
	// cause, one finding.
	Related []Location `json:"related,omitempty"`
}

// Location is a place in a file that a finding also concerns.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Also is the text form of the related locations: " (also lines 5, 7)",
// with the file name for a location in another file; "" when none.
func (f Finding) Also() string {
	if len(f.Related) == 0 {
		return ""
	}
	parts := make([]string, 0, len(f.Related))
	for _, r := range f.Related {
		if r.File != f.File {
			parts = append(parts, fmt.Sprintf("%s:%d", escape.Printable(r.File), r.Line))
		} else {
			parts = append(parts, fmt.Sprint(r.Line))
		}
	}
	word := "line"
	if len(parts) > 1 {
		word = "lines"
	}
	return " (also " + word + " " + strings.Join(parts, ", ") + ")"
}

// Fix is a mechanical change that resolves a finding: whole lines of one
// file replaced by new lines. Lines not named are kept byte for byte.
type Fix struct {
	Edits []Edit
}

// Edit replaces lines First..Last (1-based, inclusive) of File with Lines.
// Last = First-1 inserts Lines before line First without removing any.
type Edit struct {
	File        string
	First, Last int
	Lines       []string
}

// The file name and message are made printable (escape.Printable): a file
// name or a quoted value cannot put escape sequences on a terminal.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s%s [%s]", escape.Printable(f.File), f.Line, f.Column, f.Severity, escape.Printable(f.Message), f.Also(), f.Rule)
}

// sortFindings orders by file, line, column, rule and message, and drops
// exact duplicates (the same rule at the same place saying the same thing).
func sortFindings(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if ra, rb := a.Rule.String(), b.Rule.String(); ra != rb {
			return ra < rb
		}
		return a.Message < b.Message
	})
	out := fs[:0]
	for i, f := range fs {
		if i > 0 {
			p := fs[i-1]
			if p.File == f.File && p.Line == f.Line && p.Column == f.Column && p.Rule == f.Rule && p.Message == f.Message {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}
