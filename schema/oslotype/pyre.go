package oslotype

import (
	"fmt"
	"strings"
)

// Python re flags.
const (
	pyIgnoreCase = 2
	pyMultiline  = 8
	pyDotAll     = 16
	pyASCII      = 256
)

// Python's \s for str patterns: str.isspace() characters.
const pySpaceClass = `\t\n\v\f\r \x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}`

// translatePyRegex turns a Python regular expression into Go (RE2) syntax
// with the same meaning for re.search: \d, \w, \s are Unicode classes
// unless re.ASCII, $ also matches before a final newline. Constructs RE2
// lacks (look-arounds, back-references, conditionals) are errors.
func translatePyRegex(pat string, flags int) (string, error) {
	var b strings.Builder
	ascii := flags&pyASCII != 0
	var prefix []string
	if flags&pyIgnoreCase != 0 {
		prefix = append(prefix, "i")
	}
	if flags&pyMultiline != 0 {
		prefix = append(prefix, "m")
	}
	if flags&pyDotAll != 0 {
		prefix = append(prefix, "s")
	}
	if len(prefix) > 0 {
		b.WriteString("(?" + strings.Join(prefix, "") + ")")
	}
	multiline := flags&pyMultiline != 0
	inClass := false
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case c == '\\':
			if i+1 >= len(pat) {
				return "", fmt.Errorf("trailing backslash")
			}
			i++
			e := pat[i]
			switch e {
			case 'd':
				b.WriteString(pick(ascii, inClass, `0-9`, `[0-9]`, `\p{Nd}`, `\p{Nd}`))
			case 'w':
				b.WriteString(pick(ascii, inClass, `0-9A-Za-z_`, `[0-9A-Za-z_]`, `\p{L}\p{N}_`, `[\p{L}\p{N}_]`))
			case 's':
				b.WriteString(pick(ascii, inClass, `\t\n\v\f\r `, `[\t\n\v\f\r ]`, pySpaceClass, `[`+pySpaceClass+`]`))
			case 'D', 'W', 'S':
				if inClass {
					return "", fmt.Errorf(`\%c inside a character class`, e)
				}
				neg := map[byte]string{'D': `\d`, 'W': `\w`, 'S': `\s`}[e]
				inner, err := translatePyRegex(neg, flags&pyASCII)
				if err != nil {
					return "", err
				}
				b.WriteString("[^" + strings.TrimSuffix(strings.TrimPrefix(inner, "["), "]") + "]")
			case 'Z':
				b.WriteString(`\z`)
			case 'A':
				b.WriteString(`\A`)
			case 'b', 'B':
				if !ascii {
					return "", fmt.Errorf(`\%c with Unicode word characters`, e)
				}
				b.WriteByte('\\')
				b.WriteByte(e)
			case '1', '2', '3', '4', '5', '6', '7', '8', '9':
				return "", fmt.Errorf("back-reference")
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			// a ']' right after '[' or '[^' is literal
			if i+1 < len(pat) && pat[i+1] == '^' {
				i++
				b.WriteByte('^')
			}
			if i+1 < len(pat) && pat[i+1] == ']' {
				i++
				b.WriteString(`\]`)
			}
		case c == '$':
			if multiline {
				b.WriteString(`(?:$)`)
			} else {
				b.WriteString(`(?:\n?\z)`)
			}
		case c == '(' && i+1 < len(pat) && pat[i+1] == '?':
			rest := pat[i+2:]
			switch {
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"),
				strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				return "", fmt.Errorf("look-around")
			case strings.HasPrefix(rest, "P="), strings.HasPrefix(rest, "("):
				return "", fmt.Errorf("back-reference or conditional")
			case strings.HasPrefix(rest, "#"):
				j := strings.IndexByte(rest, ')')
				if j < 0 {
					return "", fmt.Errorf("unterminated comment")
				}
				i += 2 + j
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	if inClass {
		return "", fmt.Errorf("unterminated character class")
	}
	return b.String(), nil
}

func pick(ascii, inClass bool, asciiIn, asciiOut, uniIn, uniOut string) string {
	switch {
	case ascii && inClass:
		return asciiIn
	case ascii:
		return asciiOut
	case inClass:
		return uniIn
	}
	return uniOut
}
