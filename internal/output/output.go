// Package output holds what the output of every heatconf command shares:
// the one JSON writer, and the contract of output formats (a command's
// formats are a Formats value: their names, for the --format flag's help,
// validation and completion, and the function that writes each).
package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// JSON writes v as JSON indented by two spaces, with a final newline.
// '<', '>' and '&' are written as they are: the output is read by scripts
// and people, never embedded in HTML.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// CompactJSON returns v as JSON on one line, without a final newline and
// with '<', '>' and '&' as they are.
func CompactJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// Format is one output format of a command: its name and the function
// that writes a T in it.
type Format[T any] struct {
	Name  string
	Write func(w io.Writer, v T) error
}

// Formats are the output formats of one command, in the order its help
// lists them; the first is the default.
type Formats[T any] struct {
	list []Format[T]
}

// NewFormats makes the formats of a command. Names must be distinct.
func NewFormats[T any](fs ...Format[T]) Formats[T] {
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Name] || f.Name == "" || f.Write == nil {
			panic("BUG: output format " + f.Name + " repeated, unnamed or without a writer")
		}
		seen[f.Name] = true
	}
	return Formats[T]{list: fs}
}

// Names returns the names of the formats, in order.
func (fs Formats[T]) Names() []string {
	names := make([]string, len(fs.list))
	for i, f := range fs.list {
		names[i] = f.Name
	}
	return names
}

// Has reports whether name is one of the formats.
func (fs Formats[T]) Has(name string) bool {
	for _, f := range fs.list {
		if f.Name == name {
			return true
		}
	}
	return false
}

// Write writes v to w in the format called name.
func (fs Formats[T]) Write(w io.Writer, name string, v T) error {
	for _, f := range fs.list {
		if f.Name == name {
			return f.Write(w, v)
		}
	}
	return &UnknownError{Name: name, Names: fs.Names()}
}

// UnknownError is a format name that is not one of a command's formats.
type UnknownError struct {
	Name  string
	Names []string
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown output format %q (formats: %s)", e.Name, strings.Join(e.Names, ", "))
}
