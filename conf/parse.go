package conf

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/heatconf/heatconf/internal/pystr"
)

// Default is the name of oslo.config's default group. Only this exact
// spelling is the default group: "[default]" is a group of its own.
const Default = "DEFAULT"

// Pos is a span of the source: 1-based line and column (columns count
// bytes), the byte offset of its first byte in the file and its length in
// bytes. Lines are counted as oslo.config counts them: "\n", "\r\n" and a
// lone "\r" each end a line.
type Pos struct {
	Line, Col, Offset, Len int
}

// End returns the byte offset just past the span.
func (p Pos) End() int { return p.Offset + p.Len }

// LineKind says what a line of the file is to oslo.config.
type LineKind uint8

// The kinds of lines. A blank line and a comment line both end a
// multi-line value.
const (
	LineBlank        LineKind = iota // empty or only whitespace
	LineComment                      // '#' or ';' in column 1
	LineSection                      // "[name]"
	LineEntry                        // "key = value", the first line of an entry
	LineContinuation                 // starts with a space or tab: continues the entry above
)

var lineKindNames = [...]string{"blank", "comment", "section", "entry", "continuation"}

func (k LineKind) String() string {
	if int(k) < len(lineKindNames) {
		return lineKindNames[k]
	}
	return "LineKind(?)"
}

// Line is one physical line of the file.
type Line struct {
	Kind LineKind
	Pos  Pos    // Col is 1; Len excludes the line break
	EOL  int    // length of the line break: 0 (last line without one), 1 or 2 ("\r\n")
	Text string // the line without its line break, exactly as in the file
}

// File is a parsed configuration file. Src keeps the original bytes and
// Lines covers every one of them, so a fixer can rewrite some lines and
// copy the others unchanged.
type File struct {
	Name     string
	Src      []byte
	Lines    []Line     // Lines[i] is line i+1
	Sections []*Section // in file order; a repeated header is a new *Section

	index  map[string]*groupIndex
	groups []string // normalized group names in order of first appearance
	env    bool     // made by Environment
}

// Section is one section header and the entries under it.
type Section struct {
	File    *File
	Name    string // as written between the brackets, not trimmed
	Group   string // the name oslo.config looks up: Name, lower-cased unless it is exactly DEFAULT
	Pos     Pos    // of Name (the text between the brackets)
	Entries []*Entry
}

// Entry is one assignment, possibly spread over continuation lines.
type Entry struct {
	Section *Section
	Key     string // stripped
	KeyPos  Pos
	// Value as oslo.config stores it: stripped, one pair of surrounding
	// quotes removed, continuation lines left-stripped and joined with "\n".
	// Substitution ($name) is not applied; see Expand.
	Value string
	// ValuePos spans the value as written, from its first byte (a quote
	// included) on the entry's first line to the end of its last
	// continuation line. For an empty value it has Len 0.
	ValuePos Pos
	Quote    byte // the quote character oslo.config removed, or 0
	// FirstLine and LastLine are the first and last line of the entry;
	// a fixer replaces exactly File.Lines[FirstLine-1 : LastLine].
	FirstLine, LastLine int

	segs []segment
}

// segment maps a stretch of Entry.Value to the source.
type segment struct {
	val, src, n int // offset in Value, offset in File.Src, length
}

// Group returns the normalized group name of the entry's section.
func (e *Entry) Group() string { return e.Section.Group }

// ValueOffsetPos returns the position in the file of byte i of e.Value
// (the span has length n, cut at the end of its line), so a finding about
// part of a value (a "$" reference, say) points at the right column even
// in a quoted or multi-line value.
func (e *Entry) ValueOffsetPos(i, n int) Pos {
	if len(e.segs) == 0 {
		return e.ValuePos
	}
	k := sort.Search(len(e.segs), func(k int) bool { return e.segs[k].val > i })
	s := e.segs[max(k-1, 0)]
	off := s.src + (i - s.val)
	if i-s.val > s.n { // the "\n" joining two lines: point just past the line
		off = s.src + s.n
	}
	if rest := s.src + s.n - off; n > rest {
		n = rest
	}
	if n < 0 {
		n = 0
	}
	return e.Section.File.pos(off, n)
}

// pos returns the Pos of the n bytes at offset off.
func (f *File) pos(off, n int) Pos {
	// Binary search the line holding off.
	lo, hi := 0, len(f.Lines)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if f.Lines[m].Pos.Offset <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return Pos{Line: 1, Col: 1 + off, Offset: off, Len: n}
	}
	l := f.Lines[lo-1]
	return Pos{Line: l.Pos.Line, Col: off - l.Pos.Offset + 1, Offset: off, Len: n}
}

// Parse reads src as oslo.config reads a configuration file (the
// ConfigParser of oslo_config/cfg.py on top of
// oslo_config/iniparser.BaseParser, after Python has opened the file as
// UTF-8 text with universal newlines).
//
// Like oslo.config it stops at the first error and returns it as a
// *ParseError; the error's Msg is oslo.config's own text. The file must be
// valid UTF-8 (Python fails to decode it otherwise), and a byte-order mark
// is not skipped: oslo.config rejects such a file, and so does Parse.
func Parse(name string, src []byte) (*File, error) {
	f := &File{Name: name, Src: src, index: map[string]*groupIndex{}}
	if err := checkUTF8(f); err != nil {
		return nil, err
	}
	f.Lines = splitLines(src)
	p := parser{f: f}
	if err := p.run(); err != nil {
		return nil, err
	}
	return f, nil
}

// splitLines cuts src as Python's universal newlines mode does.
func splitLines(src []byte) []Line {
	text := string(src) // one copy; every Line.Text is a slice of it
	// every line ends at a '\n' or '\r' but the last: as many Lines as
	// that, made once (growing by doubling held twice the final size of
	// a file of a million short lines)
	n := 1 + bytes.Count(src, []byte{'\n'}) + bytes.Count(src, []byte{'\r'})
	lines := make([]Line, 0, n)
	start := 0
	for start < len(src) {
		end, eol := start, 0
		for end < len(src) {
			c := src[end]
			if c == '\n' {
				eol = 1
				break
			}
			if c == '\r' {
				eol = 1
				if end+1 < len(src) && src[end+1] == '\n' {
					eol = 2
				}
				break
			}
			end++
		}
		lines = append(lines, Line{
			Pos:  Pos{Line: len(lines) + 1, Col: 1, Offset: start, Len: end - start},
			EOL:  eol,
			Text: text[start:end],
		})
		start = end + eol
	}
	return lines
}

type parser struct {
	f       *File
	section *Section
	cur     *Entry   // pending assignment (BaseParser's "key")
	bomKey  bool     // the pending key starts with a byte-order mark
	parts   []string // the pending entry's continuation lines
	valLen  int      // the length its Value will have
	entries int      // the entries read so far (MaxEntries)
}

// run is BaseParser.parse, line for line.
func (p *parser) run() error {
	f := p.f
	for i := range f.Lines {
		l := &f.Lines[i]
		line := pyRStrip(l.Text)
		if line == "" {
			l.Kind = LineBlank
			if err := p.flush(l.Pos.Line); err != nil {
				return err
			}
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			l.Kind = LineContinuation
			if p.cur == nil {
				return p.unexpectedContinuation(l, line)
			}
			p.continuation(l, line)
			continue
		}
		if err := p.flush(l.Pos.Line); err != nil {
			return err
		}
		switch line[0] {
		case '[':
			l.Kind = LineSection
			if err := p.header(l, line); err != nil {
				return err
			}
		case '#', ';':
			l.Kind = LineComment
		default:
			l.Kind = LineEntry
			if err := p.assignment(l, line); err != nil {
				return err
			}
		}
	}
	if len(f.Lines) > 0 {
		return p.flush(len(f.Lines))
	}
	return nil
}

func (p *parser) header(l *Line, line string) error {
	if line[len(line)-1] != ']' {
		pe := p.errorf(l, MsgNoSectionEnd, 0, len(line))
		if j := strings.LastIndexByte(line, ']'); j > 0 {
			if rest := pyLStrip(line[j+1:]); rest != "" && (rest[0] == '#' || rest[0] == ';') {
				pe.Pos = p.f.pos(l.Pos.Offset+len(line)-len(rest), len(rest))
				pe.Hint = "a comment must be on a line of its own; oslo.config does not allow one after a section header"
			} else {
				pe.Pos = p.f.pos(l.Pos.Offset+j+1, len(line)-j-1)
				pe.Hint = "nothing may follow the closing ']'"
			}
		}
		return pe
	}
	if len(line) <= 2 {
		return p.errorf(l, MsgEmptySection, 0, len(line))
	}
	name := line[1 : len(line)-1]
	s := &Section{
		File:  p.f,
		Name:  name,
		Group: NormalizeGroup(name),
		Pos:   p.f.pos(l.Pos.Offset+1, len(name)),
	}
	p.f.Sections = append(p.f.Sections, s)
	p.f.group(s.Group)
	p.section = s
	return nil
}

func (p *parser) assignment(l *Line, line string) error {
	i := strings.IndexAny(line, ":=")
	if i < 0 {
		pe := p.errorf(l, MsgNoDelimiter, 0, len(line))
		switch {
		case l.Pos.Line == 1 && strings.HasPrefix(line, "\ufeff"):
			pe.Pos.Len = len("\ufeff")
			pe.Hint = bomHint
		case strings.IndexByte(line, 0) >= 0:
			pe.Hint = "the line contains NUL bytes; is the file UTF-16?"
		}
		return pe
	}
	rawKey, rawVal := line[:i], line[i+1:]
	key := pyLStrip(rawKey)
	keyOff := len(rawKey) - len(key)
	key = pyRStrip(key)
	if key == "" {
		return p.errorf(l, MsgEmptyKey, i, 1)
	}
	val := pyLStrip(rawVal)
	valOff := i + 1 + len(rawVal) - len(val)
	val = pyRStrip(val)
	e := &Entry{
		Key:       key,
		KeyPos:    p.f.pos(l.Pos.Offset+keyOff, len(key)),
		ValuePos:  p.f.pos(l.Pos.Offset+valOff, len(val)),
		FirstLine: l.Pos.Line,
		LastLine:  l.Pos.Line,
	}
	seg := segment{val: 0, src: l.Pos.Offset + valOff, n: len(val)}
	if val != "" && val[0] == val[len(val)-1] && (val[0] == '"' || val[0] == '\'') {
		e.Quote = val[0]
		if len(val) >= 2 {
			val = val[1 : len(val)-1]
		} else {
			val = ""
		}
		seg.src++
		seg.n = len(val)
	}
	e.Value = val
	e.segs = append(e.segs, seg)
	p.parts = p.parts[:0]
	p.valLen = len(val)
	if key[0] == 0xef && strings.HasPrefix(key, "\ufeff") && l.Pos.Line == 1 {
		p.bomKey = true
	}
	p.cur = e
	return nil
}

func (p *parser) continuation(l *Line, line string) {
	e := p.cur
	text := pyLStrip(line)
	off := l.Pos.Offset + len(line) - len(text)
	p.valLen++ // the "\n" joining the lines
	e.segs = append(e.segs, segment{val: p.valLen, src: off, n: len(text)})
	p.valLen += len(text)
	p.parts = append(p.parts, text)
	e.LastLine = l.Pos.Line
	e.ValuePos.Len = off + len(text) - e.ValuePos.Offset
}

// flush is BaseParser._assignment followed by ConfigParser.assignment;
// lineno is the line oslo.config is on when it flushes.
func (p *parser) flush(lineno int) error {
	e := p.cur
	if e == nil {
		return nil
	}
	p.cur = nil
	if len(p.parts) > 0 {
		var b strings.Builder
		b.Grow(p.valLen)
		b.WriteString(e.Value)
		for _, part := range p.parts {
			b.WriteByte('\n')
			b.WriteString(part)
		}
		e.Value = b.String()
		p.parts = p.parts[:0]
	}
	if p.section == nil {
		first := &p.f.Lines[e.FirstLine-1]
		pe := p.errorf(first, MsgNoSection, e.KeyPos.Col-1, e.KeyPos.Len)
		pe.OsloLine = lineno
		if p.bomKey {
			pe.Hint = bomHint
		} else {
			pe.Hint = "add a section header such as [DEFAULT] above this line"
		}
		return pe
	}
	if p.entries++; p.entries > MaxEntries {
		first := &p.f.Lines[e.FirstLine-1]
		return p.errorf(first, MsgTooManyEntries, e.KeyPos.Col-1, e.KeyPos.Len)
	}
	e.Section = p.section
	p.section.Entries = append(p.section.Entries, e)
	g := p.f.index[p.section.Group]
	g.add(e)
	return nil
}

func (p *parser) unexpectedContinuation(l *Line, line string) error {
	text := pyLStrip(line)
	pe := p.errorf(l, MsgUnexpectedContinuation, len(line)-len(text), len(text))
	// What ended the value above, if there was one?
	ender := LineSection
	for n := l.Pos.Line - 1; n > 0; n-- {
		if k := p.f.Lines[n-1].Kind; k == LineEntry || k == LineContinuation {
			ender = p.f.Lines[n].Kind
			break
		} else if k == LineSection {
			break
		}
	}
	switch ender {
	case LineBlank:
		pe.Hint = "a line starting with a space or tab continues the value above, but a blank line ended it; remove the indentation"
	case LineComment:
		pe.Hint = "a line starting with a space or tab continues the value above, but a comment line ended it; remove the indentation"
	default:
		pe.Hint = "a line starting with a space or tab continues a value, and there is none above; remove the indentation"
	}
	return pe
}

const bomHint = "the file starts with a UTF-8 byte-order mark (U+FEFF), which oslo.config does not skip; save the file without it"

// errorf builds a ParseError on line l spanning n bytes from byte col0
// (0-based) of the line.
func (p *parser) errorf(l *Line, msg string, col0, n int) *ParseError {
	return &ParseError{
		File:     p.f.Name,
		Pos:      p.f.pos(l.Pos.Offset+col0, n),
		Msg:      msg,
		Line:     l.Text,
		OsloLine: l.Pos.Line,
	}
}

// checkUTF8 fails like Python's strict UTF-8 decoder on the first invalid
// byte sequence, with CPython's reason.
func checkUTF8(f *File) error {
	src := f.Src
	if utf8.Valid(src) {
		return nil
	}
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if _, n := utf8.DecodeRune(src[i:]); n > 1 {
			i += n
			continue
		}
		n, reason := pystr.InvalidUTF8(src[i:])
		return utf8Error(f, i, n, reason)
	}
	return nil // not reached: utf8.Valid said otherwise
}

func utf8Error(f *File, off, n int, reason string) error {
	lines := splitLines(f.Src)
	f.Lines = lines
	pos := f.pos(off, n)
	f.Lines = nil
	var msg string
	if n == 1 {
		msg = "'utf-8' codec can't decode byte 0x" + hex2(f.Src[off]) + " in position " + itoa(off) + ": " + reason
	} else {
		msg = "'utf-8' codec can't decode bytes in position " + itoa(off) + "-" + itoa(off+n-1) + ": " + reason
	}
	pe := &ParseError{
		File:     f.Name,
		Pos:      pos,
		Msg:      msg,
		Line:     lines[pos.Line-1].Text,
		OsloLine: pos.Line,
		Decode:   true,
		Hint:     "oslo.config reads configuration files as UTF-8",
	}
	if len(f.Src) >= 2 && (f.Src[0] == 0xff && f.Src[1] == 0xfe || f.Src[0] == 0xfe && f.Src[1] == 0xff) {
		pe.Hint = "the file looks like UTF-16; oslo.config reads configuration files as UTF-8"
	}
	return pe
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
