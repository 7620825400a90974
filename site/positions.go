package site

import (
	"strconv"
	"strings"
)

// keyIndex maps key paths of a TOML document to the line and column where
// each key is first written. BurntSushi/toml keeps key positions private, so
// this small scanner recovers them for error messages. Paths use dots between
// table and key names and [i] after an array-of-tables name:
// "database.password", "hosts.ctl1.bind_host", "keystone.stack_owners[1].user".
type keyIndex map[string]pos

type pos struct{ line, col int }

func indexKeys(src string) keyIndex {
	idx := keyIndex{}
	prefix := ""
	arrays := map[string]int{}
	var inString string // the closing delimiter of an open multi-line string
	depth := 0          // open brackets/braces of a multi-line value
	for n, line := range strings.Split(src, "\n") {
		lineNo := n + 1
		if inString != "" {
			if i := strings.Index(line, inString); i >= 0 {
				rest := line[i+len(inString):]
				inString = ""
				depth += bracketDelta(rest)
			}
			continue
		}
		if depth > 0 {
			var open string
			depth, open = scanValue(line, depth)
			if open != "" {
				inString = open
			}
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1
		switch {
		case trimmed == "" || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "[["):
			end := closing(trimmed, "]]")
			if end < 0 {
				continue
			}
			name := joinKey(splitKey(trimmed[2:end]))
			i := arrays[name]
			arrays[name] = i + 1
			prefix = name + "[" + strconv.Itoa(i) + "]"
			idx.add(prefix, lineNo, col)
		case trimmed[0] == '[':
			end := closing(trimmed, "]")
			if end < 0 {
				continue
			}
			prefix = joinKey(splitKey(trimmed[1:end]))
			idx.add(prefix, lineNo, col)
		default:
			eq := keyEnd(trimmed)
			if eq < 0 {
				continue
			}
			path := joinKey(splitKey(trimmed[:eq]))
			if prefix != "" {
				path = prefix + "." + path
			}
			idx.add(path, lineNo, col)
			var open string
			depth, open = scanValue(trimmed[eq+1:], 0)
			if open != "" {
				inString = open
			}
		}
	}
	return idx
}

func (idx keyIndex) add(path string, line, col int) {
	if _, ok := idx[path]; !ok {
		idx[path] = pos{line, col}
	}
}

// lookup finds the position of path, or of its nearest written parent.
func (idx keyIndex) lookup(path string) (pos, bool) {
	for path != "" {
		if p, ok := idx[path]; ok {
			return p, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return pos{}, false
}

// closing returns the index of the first delim in s outside quoted keys,
// or -1: the end of a table header such as [hosts."a]b"].
func closing(s, delim string) int {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '"' && c == '\\':
			i++
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case strings.HasPrefix(s[i:], delim):
			return i
		}
	}
	return -1
}

// keyEnd returns the index of the '=' that ends the key, skipping quoted parts.
func keyEnd(s string) int {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '=':
			return i
		}
	}
	return -1
}

// splitKey splits a dotted key, unquoting quoted parts: a basic ("...")
// part with its escapes (\n, \u00e9, \"), a literal ('...') part as it is.
func splitKey(s string) []string {
	var parts []string
	var cur, quoted strings.Builder
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '"' && c == '\\' && i+1 < len(s):
			quoted.WriteByte(c)
			quoted.WriteByte(s[i+1])
			i++
		case q != 0 && c == q:
			if u, err := strconv.Unquote(`"` + quoted.String() + `"`); q == '"' && err == nil {
				cur.WriteString(u)
			} else {
				cur.WriteString(quoted.String())
			}
			quoted.Reset()
			q = 0
		case q != 0:
			quoted.WriteByte(c)
		case c == '"' || c == '\'':
			q = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

func joinKey(parts []string) string { return strings.Join(parts, ".") }

// scanValue follows brackets and strings through one line of a value and
// returns the bracket depth after it and, if a multi-line string was opened
// and not closed, its closing delimiter.
func scanValue(s string, depth int) (int, string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '#':
			return depth, ""
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '"', '\'':
			delim := string(c)
			if strings.HasPrefix(s[i:], strings.Repeat(delim, 3)) {
				delim = strings.Repeat(delim, 3)
			}
			end := strings.Index(s[i+len(delim):], delim)
			for end >= 0 && delim == `"` && escaped(s[i+1:], end) {
				next := strings.Index(s[i+1+end+1:], delim)
				if next < 0 {
					end = -1
					break
				}
				end += 1 + next
			}
			if end < 0 {
				if len(delim) == 3 {
					return depth, delim
				}
				return depth, ""
			}
			i += len(delim) + end + len(delim) - 1
		}
	}
	return depth, ""
}

// escaped reports whether the quote at s[i] is preceded by an odd number of
// backslashes.
func escaped(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func bracketDelta(s string) int {
	d, _ := scanValue(s, 0)
	return d
}
