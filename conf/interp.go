package conf

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/heatconf/heatconf/internal/escape"
)

// RefKind tells the kinds of "$" in a value apart.
type RefKind uint8

// The kinds of "$" oslo.config's substitution (string.Template with the
// identifier pattern [_a-z][._a-z0-9]*, case-insensitive) finds in a value.
const (
	RefNamed  RefKind = iota // $name or $group.name
	RefBraced                // ${name} or ${group.name}
	RefBare                  // a "$" followed by none of these: oslo.config keeps it as it is
)

func (k RefKind) String() string {
	switch k {
	case RefNamed:
		return "named"
	case RefBraced:
		return "braced"
	case RefBare:
		return "bare"
	}
	return "RefKind(?)"
}

// Ref is a "$" in a value that is not an escaped "$$" (or "\$").
//
// oslo.config substitutes a reference when the option is read: a Name
// without a dot is looked up in the group of the option being read, then
// in DEFAULT; "group.opt" is looked up in that group (the registered group
// name, matched exactly: no lower-casing here), then as an option called
// "group.opt" in DEFAULT. A reference to an unknown option is an error
// (NoSuchOptError), so a password such as "abc$def" breaks the service.
type Ref struct {
	Kind   RefKind
	Name   string // the identifier, "" for RefBare; it may end with "." ("$host." names "host.")
	Group  string // the part of Name before its first ".", or "" without one
	Opt    string // the part of Name after its first ".", or Name without one
	Offset int    // byte offset of the "$" in the value given to Unescape or Expand
	Len    int    // length of the whole placeholder: "$host", "${a.b}" or "$"
}

// Unescape reads a value as oslo.config's substitution does, without
// looking anything up: "$$" and "\$" become "$", every placeholder is kept
// as written and reported in refs, in order. A value that needs no
// substitution has no refs of kind RefNamed or RefBraced.
func Unescape(value string) (string, []Ref) {
	var refs []Ref
	s, _ := expand(value, func(r Ref) (string, error) {
		refs = append(refs, r)
		return value[r.Offset : r.Offset+r.Len], nil
	})
	return s, refs
}

// Expand substitutes the references in value as oslo.config does, calling
// resolve for each RefNamed and RefBraced reference (never for RefBare,
// which stays a "$"). The first error from resolve is returned.
func Expand(value string, resolve func(Ref) (string, error)) (string, error) {
	return expand(value, func(r Ref) (string, error) {
		if r.Kind == RefBare {
			return "$", nil
		}
		return resolve(r)
	})
}

// expand implements ConfigOpts._substitute: every `\$` is first replaced
// by `$$`, then string.Template.safe_substitute runs over the result.
func expand(value string, resolve func(Ref) (string, error)) (string, error) {
	if strings.IndexByte(value, '$') < 0 {
		return value, nil
	}
	// t is value with `\$` replaced by `$$`; orig maps t's offsets back.
	t := value
	var orig []int
	if strings.Contains(value, `\$`) {
		t = strings.ReplaceAll(value, `\$`, `$$`)
		orig = make([]int, 0, len(t)+1)
		for i := 0; i < len(value); i++ {
			orig = append(orig, i)
			if value[i] == '\\' && i+1 < len(value) && value[i+1] == '$' {
				orig = append(orig, i+1)
				i++
			}
		}
		orig = append(orig, len(value))
	}
	at := func(i int) int {
		if orig == nil {
			return i
		}
		return orig[i]
	}
	var b strings.Builder
	b.Grow(len(t))
	for i := 0; i < len(t); {
		j := strings.IndexByte(t[i:], '$')
		if j < 0 {
			b.WriteString(t[i:])
			break
		}
		j += i
		b.WriteString(t[i:j])
		var r Ref
		next := j + 1
		switch {
		case j+1 < len(t) && t[j+1] == '$':
			b.WriteByte('$')
			i = j + 2
			continue
		case idLen(t[j+1:], true) > 0:
			n := idLen(t[j+1:], false)
			r = Ref{Kind: RefNamed, Name: t[j+1 : j+1+n]}
			next = j + 1 + n
		case j+1 < len(t) && t[j+1] == '{' && idLen(t[j+2:], true) > 0:
			n := idLen(t[j+2:], false)
			if j+2+n < len(t) && t[j+2+n] == '}' {
				r = Ref{Kind: RefBraced, Name: t[j+2 : j+2+n]}
				next = j + 3 + n
			} else {
				r = Ref{Kind: RefBare}
			}
		default:
			r = Ref{Kind: RefBare}
		}
		r.Offset = at(j)
		r.Len = at(next) - r.Offset
		if g, o, ok := strings.Cut(r.Name, "."); ok {
			r.Group, r.Opt = g, o
		} else {
			r.Opt = r.Name
		}
		s, err := resolve(r)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		i = next
	}
	return b.String(), nil
}

// idLen returns the length of the identifier at the start of s
// ([_a-z][._a-z0-9]* under Python's re.IGNORECASE, which also lets in
// U+0130, U+0131, U+017F and U+212A); with first set it returns the length
// of the first character only, or 0.
func idLen(s string, first bool) int {
	n := 0
	for n < len(s) {
		c := s[n]
		switch {
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			n++
		case n > 0 && (c == '.' || '0' <= c && c <= '9'):
			n++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[n:])
			if r != 0x130 && r != 0x131 && r != 0x17f && r != 0x212a {
				return n
			}
			n += size
		default:
			return n
		}
		if first {
			return n
		}
	}
	return n
}

// Escape returns s written so that oslo.config's substitution gives s
// back: every "$" becomes "$$", or "\$" right after a backslash (see
// escape.Subst, its one home).
func Escape(s string) string { return escape.Subst(s) }

// ErrUnrepresentable is returned by FormatValue for a value no line of a
// configuration file can give.
var ErrUnrepresentable = errors.New("value cannot be written so that oslo.config reads it back")

// FormatValue returns the text to write after "key = " so that oslo.config
// reads s back exactly, substitution included: "$" is escaped, and the
// value is put in double quotes when oslo.config would otherwise strip
// whitespace or a pair of quotes from it. A multi-line s is written with
// continuation lines; it fails with ErrUnrepresentable when a line after
// the first is empty or starts or ends with whitespace, or s holds "\r".
func FormatValue(s string) (string, error) {
	if strings.IndexByte(s, '\r') >= 0 {
		return "", ErrUnrepresentable
	}
	lines := strings.Split(Escape(s), "\n")
	first := lines[0]
	if first != "" && (pyStrip(first) != first || (first[0] == first[len(first)-1] && (first[0] == '"' || first[0] == '\''))) {
		first = `"` + first + `"`
	}
	if len(lines) == 1 {
		return first, nil
	}
	var b strings.Builder
	b.WriteString(first)
	for _, l := range lines[1:] {
		if l == "" || pyStrip(l) != l {
			return "", ErrUnrepresentable
		}
		b.WriteString("\n    ")
		b.WriteString(l)
	}
	return b.String(), nil
}
