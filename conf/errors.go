package conf

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/heatconf/heatconf/internal/secret"
)

// The messages of oslo.config's parse errors (oslo_config/iniparser.py and
// cfg.ConfigParser), which ParseError.Msg carries verbatim.
const (
	MsgNoDelimiter            = "No ':' or '=' found in assignment"
	MsgEmptyKey               = "Key cannot be empty"
	MsgUnexpectedContinuation = "Unexpected continuation line"
	MsgNoSectionEnd           = "Invalid section (must end with ])"
	MsgEmptySection           = "Empty section name"
	MsgNoSection              = "Section must be started before assignment"
)

// MaxEntries bounds the options of one file. Heat with every library it
// loads registers about 1,500, so no configuration comes near; a file past
// it (a generated attack, a log written into heat.conf) is refused at the
// entry that passes it, with MsgTooManyEntries, heatconf's own message:
// oslo.config would read on.
const MaxEntries = 100_000

// MsgTooManyEntries is the message of the error for a file of more than
// MaxEntries options.
const MsgTooManyEntries = "more than 100,000 options in one file (Heat registers about 1,500): heatconf reads no further"

// ParseError is the first error in a file, at the place and with the
// message oslo.config would raise.
type ParseError struct {
	File string
	Pos  Pos    // the offending span
	Msg  string // one of oslo.config's Msg constants, Python's UTF-8 decoding error when Decode is set, or MsgTooManyEntries
	Hint string // what to do about it; may be empty
	Line string // the source line holding Pos, without its line break (unmasked)
	// OsloLine is the line number in oslo.config's own message. It is
	// Pos.Line except for MsgNoSection, which oslo.config raises only when
	// the entry is complete: on the line after it (or after its last
	// continuation line), or on the last line of the file.
	OsloLine int
	// Decode is set when the file is not valid UTF-8: Python then fails
	// with a UnicodeDecodeError before oslo.config parses anything.
	Decode bool
}

// Error returns "file:line:col: message", with the hint in parentheses.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(e.Pos.Line))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(e.Pos.Col))
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteByte(')')
	}
	return b.String()
}

// ErrorWithPosition returns the one-line error followed by the source line
// and a caret under the offending span:
//
//	heat.conf:3:3: Unexpected continuation line
//	   |
//	 3 |   password = ****
//	   |   ^^^^^^^^^^^^^^^
//	   = hint: a line starting with a space or tab continues ...
//
// Tabs are expanded, invisible characters are shown escaped (a byte-order
// mark as \ufeff), wide characters count two columns, and a value that
// looks like a secret (the key names a password, secret, token or key, or
// a URL carries a password) is masked.
func (e *ParseError) ErrorWithPosition() string {
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(e.Pos.Line))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(e.Pos.Col))
	b.WriteString(": ")
	b.WriteString(e.Msg)
	b.WriteByte('\n')
	num := strconv.Itoa(e.Pos.Line)
	gutter := strings.Repeat(" ", len(num)+1)
	text, start, end := secret.MaskLine(e.Line, e.Pos.Col-1, e.Pos.Col-1+e.Pos.Len)
	shown, c0, c1 := displayLine(text, start, end)
	b.WriteString(gutter + " |\n")
	b.WriteString(" " + num + " | " + shown + "\n")
	if c1 <= c0 {
		c1 = c0 + 1
	}
	b.WriteString(gutter + " | " + strings.Repeat(" ", c0) + strings.Repeat("^", c1-c0) + "\n")
	if e.Hint != "" {
		b.WriteString(gutter + " = hint: " + e.Hint + "\n")
	}
	return b.String()
}

// displayLine makes line printable and returns the display columns of the
// bytes start and end (0-based).
func displayLine(line string, start, end int) (string, int, int) {
	var b strings.Builder
	col, c0, c1 := 0, -1, -1
	mark := func(i int) {
		if c0 < 0 && i >= start {
			c0 = col
		}
		if c1 < 0 && i >= end {
			c1 = col
		}
	}
	for i, r := range line {
		mark(i)
		switch {
		case r == '\t':
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case r == utf8.RuneError && !strings.HasPrefix(line[i:], "\uFFFD"):
			s := `\x` + hex2(line[i])
			b.WriteString(s)
			col += len(s)
		case !unicode.IsPrint(r):
			s := strconv.QuoteRune(r)
			s = s[1 : len(s)-1]
			b.WriteString(s)
			col += len(s)
		default:
			b.WriteRune(r)
			col += runeWidth(r)
		}
	}
	mark(len(line))
	if c0 < 0 {
		c0 = col
	}
	if c1 < 0 {
		c1 = col
	}
	return b.String(), c0, c1
}

// runeWidth is the number of terminal columns r takes: 0 for combining
// marks, 2 for East Asian wide characters (Hangul, CJK, full-width forms),
// 1 otherwise.
func runeWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0x303e, r >= 0x3041 && r <= 0x33ff,
		r >= 0x3400 && r <= 0x4dbf, r >= 0x4e00 && r <= 0x9fff, r >= 0xa000 && r <= 0xa4cf,
		r >= 0xac00 && r <= 0xd7a3, r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f,
		r >= 0xff00 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6, r >= 0x1f300 && r <= 0x1f64f,
		r >= 0x1f900 && r <= 0x1f9ff, r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}

func itoa(i int) string { return strconv.Itoa(i) }
