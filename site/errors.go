package site

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/heatconf/heatconf/internal/escape"
)

// Error is one problem in a site file, at a position when it has one.
type Error struct {
	File string // the site file
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based; 0 when unknown
	Key  string // the key path, e.g. "database.password"
	Msg  string // what is wrong, lower case, no final full stop
	Hint string // what to do, if there is more to say
}

// Error writes the file name and key with escape.Printable: both come from
// the user, and a newline or terminal escape in them must not forge or hide
// lines of a log.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(escape.Printable(e.File))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(escape.Printable(e.Key))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Errors is every problem found in one pass, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Counted heads an error of several site problems with how many there
// are ("3 problems in the site file:", then one per line); other errors,
// which already carry file:line, are returned as they are.
func Counted(err error) error {
	var es Errors
	if errors.As(err, &es) && len(es) > 1 {
		return fmt.Errorf("%d problems in the site file:\n%w", len(es), err)
	}
	return err
}

// Unwrap lets errors.As find the individual errors.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Key < es[j].Key
	})
	return es
}

// ErrorAt returns an error about key (a key path such as
// "keystone.heat_password" or "hosts.ctl1.name") at the line where the site
// file writes it, for problems found after decoding, by the renderer's
// escapers. msg must not hold a secret.
func (s *Site) ErrorAt(key, msg, hint string) *Error { return s.errAt(key, msg, hint) }

// errAt builds an Error for key, positioned where the site file wrote it
// (or its nearest parent table).
func (s *Site) errAt(key, msg, hint string) *Error {
	e := &Error{File: s.displayPath(), Key: key, Msg: msg, Hint: hint}
	if p, ok := s.keys.lookup(key); ok {
		e.Line, e.Col = p.line, p.col
	}
	return e
}

func (s *Site) displayPath() string {
	if s.Path == "" {
		return "<site>"
	}
	return s.Path
}
