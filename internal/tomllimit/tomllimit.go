// Package tomllimit refuses TOML documents whose shape would make the
// decoder slow, before the decoder sees them.
//
// BurntSushi/toml's cost grows with the square of a key's depth: a dotted
// key of 10,000 parts (20 KB) costs it 1.4 GB and 6 s, and 10,000 nested
// inline tables (40 KB) 25 s. Byte caps alone do not help. Check scans the
// document once, in time linear in its size and without allocating per
// key, and refuses a key path deeper than MaxDepth parts (table header,
// dotted key, inline tables and arrays it is nested in, all counted), or
// more than MaxKeys keys and table headers in all. Real heatconf inputs
// stay far below both: a site file's deepest key has four parts.
//
// The scan is lenient: it does not validate TOML (the decoder does that,
// with its own messages), it only counts. Whatever it cannot read as TOML
// it passes over to the end of the line, so that no malformed line hides a
// deep key from it.
package tomllimit

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// The limits.
const (
	// MaxDepth bounds the parts of one key path: a table header's dotted
	// name, plus the parts of a dotted key under it, plus one for each
	// inline table or array a value is nested in.
	MaxDepth = 32
	// MaxKeys bounds the keys and table headers of one document. A site
	// of 1,000 hosts with ten keys each has 10,000.
	MaxKeys = 50_000
)

// Error is a document refused before decoding: Name is its file name as
// the caller gave it, Line and Col (1-based, bytes) where the key or value
// that went over the limit starts.
type Error struct {
	Name      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Col, e.Msg)
}

// decode is toml.Decode; a test replaces it to see that a refused document
// never reaches the decoder.
var decode = toml.Decode

// Decode checks data (see Check) and decodes it into v with
// BurntSushi/toml. name is used in the error of a refused document.
func Decode(name string, data []byte, v any) (toml.MetaData, error) {
	if err := Check(name, data); err != nil {
		return toml.MetaData{}, err
	}
	return decode(string(data), v)
}

// Check scans data and returns an *Error for a key path deeper than
// MaxDepth or for more than MaxKeys keys, nil otherwise (also for a
// document that is not valid TOML: the decoder reports that).
func Check(name string, data []byte) error {
	s := scanner{src: data, line: 1, lineStart: 0}
	if err := s.run(); err != nil {
		err.Name = name
		return err
	}
	return nil
}

type scanner struct {
	src       []byte
	i         int
	line      int
	lineStart int // offset of the current line's first byte
	keys      int
}

func (s *scanner) errAt(off int, format string, args ...any) *Error {
	// off is on the current line or a line before it (a key that spans
	// lines cannot: TOML keys are on one line)
	line, start := s.line, s.lineStart
	for off < start && line > 1 {
		line--
		start = lastLineStart(s.src, start-1)
	}
	return &Error{Line: line, Col: off - start + 1, Msg: fmt.Sprintf(format, args...)}
}

// lastLineStart is the offset of the first byte of the line holding the
// newline at end.
func lastLineStart(src []byte, end int) int {
	for i := end - 1; i >= 0; i-- {
		if src[i] == '\n' {
			return i + 1
		}
	}
	return 0
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.i]
}

// newline steps over the '\n' at s.i.
func (s *scanner) newline() {
	s.i++
	s.line++
	s.lineStart = s.i
}

func (s *scanner) skipSpace() {
	for !s.eof() && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// skipLine passes over the rest of the line, newline included.
func (s *scanner) skipLine() {
	for !s.eof() && s.src[s.i] != '\n' {
		s.i++
	}
	if !s.eof() {
		s.newline()
	}
}

// skipBlank passes over white space, newlines and comments (inside arrays).
func (s *scanner) skipBlank() {
	for !s.eof() {
		switch s.src[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			s.newline()
		case '#':
			for !s.eof() && s.src[s.i] != '\n' {
				s.i++
			}
		default:
			return
		}
	}
}

func (s *scanner) countKey(off int) *Error {
	s.keys++
	if s.keys > MaxKeys {
		return s.errAt(off, "more than %d keys and tables: heatconf reads no more from one file", MaxKeys)
	}
	return nil
}

// run scans the document: one expression (table header, key/value pair,
// comment or blank) per line.
func (s *scanner) run() *Error {
	base := 0 // the parts of the current table's name
	for !s.eof() {
		s.skipSpace()
		switch c := s.peek(); c {
		case 0:
			if s.eof() {
				return nil
			}
			s.skipLine()
		case '\n':
			s.newline()
		case '\r', '#':
			s.skipLine()
		case '[':
			off := s.i
			s.i++
			if s.peek() == '[' {
				s.i++
			}
			s.skipSpace()
			parts, ok := s.key()
			if err := s.countKey(off); err != nil {
				return err
			}
			if parts > MaxDepth {
				return s.errAt(off, "a table name of %d parts: heatconf reads at most %d", parts, MaxDepth)
			}
			if ok {
				base = parts
			}
			s.skipLine()
		default:
			if err := s.keyValue(base); err != nil {
				return err
			}
			s.skipLine()
		}
	}
	return nil
}

// keyValue scans one "key = value" at s.i, under a key path depth parts
// deep already.
func (s *scanner) keyValue(depth int) *Error {
	off := s.i
	parts, ok := s.key()
	if parts == 0 {
		return nil // not a key: the decoder says what it is
	}
	if err := s.countKey(off); err != nil {
		return err
	}
	depth += parts
	if depth > MaxDepth {
		return s.errAt(off, "a key %d parts deep: heatconf reads at most %d (the table name, the dotted key and the tables and arrays around it count)", depth, MaxDepth)
	}
	s.skipSpace()
	if !ok || s.peek() != '=' {
		return nil
	}
	s.i++
	s.skipSpace()
	return s.value(depth)
}

// key scans a dotted key and returns its number of parts; ok is false
// when something other than a key part follows a dot (a malformed key,
// whose parts still count).
func (s *scanner) key() (parts int, ok bool) {
	for {
		switch c := s.peek(); {
		case c == '"':
			s.basicString()
		case c == '\'':
			s.literalString()
		case isBare(c):
			for !s.eof() && isBare(s.src[s.i]) {
				s.i++
			}
		default:
			return parts, false
		}
		parts++
		s.skipSpace()
		if s.peek() != '.' {
			return parts, true
		}
		s.i++
		s.skipSpace()
	}
}

// isBare reports the bytes of a bare key: ASCII letters, digits, '_' and
// '-', and (TOML 1.1) any non-ASCII byte.
func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 0x80
}

// value scans one value at s.i, the value of a key path depth parts deep.
// Arrays and inline tables may span lines (inline tables since TOML 1.1,
// which the decoder reads): inside them newlines and comments are blank.
func (s *scanner) value(depth int) *Error {
	off := s.i
	switch s.peek() {
	case '"':
		if s.has(`"""`) {
			s.multiline(`"""`, true)
		} else {
			s.basicString()
		}
	case '\'':
		if s.has(`'''`) {
			s.multiline(`'''`, false)
		} else {
			s.literalString()
		}
	case '[', '{':
		open := s.peek()
		if open == '[' {
			depth++ // an array's elements are one level deeper
		}
		if depth > MaxDepth {
			return s.errAt(off, "a value nested %d deep: heatconf reads at most %d levels of key path and nesting", depth, MaxDepth)
		}
		s.i++
		for {
			s.skipBlank()
			switch s.peek() {
			case ']', '}':
				s.i++
				return nil
			case ',':
				s.i++
				continue
			case 0:
				if s.eof() {
					return nil
				}
			}
			before := s.i
			var err *Error
			if open == '[' {
				err = s.value(depth)
			} else {
				err = s.keyValue(depth)
			}
			if err != nil {
				return err
			}
			if s.i == before {
				s.i++ // a byte nothing starts with: pass it
			}
		}
	default:
		// a number, boolean or date: up to what ends it
		for !s.eof() {
			switch s.src[s.i] {
			case ',', ']', '}', '\n', '#', ' ', '\t', '\r':
				return nil
			}
			s.i++
		}
	}
	return nil
}

func (s *scanner) has(prefix string) bool {
	return len(s.src)-s.i >= len(prefix) && string(s.src[s.i:s.i+len(prefix)]) == prefix
}

// basicString passes over "..." on one line.
func (s *scanner) basicString() {
	s.i++
	for !s.eof() {
		switch s.src[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			s.i++
			return
		case '\n':
			return
		}
		s.i++
	}
	if s.i > len(s.src) {
		s.i = len(s.src)
	}
}

// literalString passes over '...' on one line.
func (s *scanner) literalString() {
	s.i++
	for !s.eof() {
		switch s.src[s.i] {
		case '\'':
			s.i++
			return
		case '\n':
			return
		}
		s.i++
	}
}

// multiline passes over a multi-line string opened by quote at s.i.
func (s *scanner) multiline(quote string, escapes bool) {
	s.i += len(quote)
	for !s.eof() {
		switch {
		case escapes && s.src[s.i] == '\\':
			s.i++
			if !s.eof() && s.src[s.i] == '\n' {
				s.newline()
				continue
			}
			if !s.eof() {
				s.i++
			}
			continue
		case s.src[s.i] == '\n':
			s.newline()
			continue
		case s.has(quote):
			s.i += len(quote)
			// up to two more quotes belong to the string
			for k := 0; k < 2 && s.peek() == quote[0]; k++ {
				s.i++
			}
			return
		}
		s.i++
	}
}
