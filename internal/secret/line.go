package secret

import (
	"strings"
	"unicode"
)

// MaskLine hides what looks like a secret on one configuration line (the
// value of a key that IsKey names or that has no name, else the passwords
// of URLs on it) and maps the byte span [start, end) of line onto the
// masked text, so that a caret under the line still points at the right
// place. White space around a value is kept; any Unicode space counts, so
// a value is never shown short of its ends.
func MaskLine(line string, start, end int) (string, int, int) {
	type cut struct{ a, b int }
	var cuts []cut
	if i := strings.IndexAny(line, ":="); i >= 0 {
		key := line[:i]
		if IsKey(strings.TrimSpace(key)) || strings.TrimFunc(key, unicode.IsSpace) == "" {
			v := line[i+1:]
			a := i + 1 + len(v) - len(strings.TrimLeftFunc(v, unicode.IsSpace))
			b := i + 1 + len(strings.TrimRightFunc(v, unicode.IsSpace))
			if a < b {
				cuts = append(cuts, cut{a, b})
			}
		}
	}
	if len(cuts) == 0 {
		// user:password@ in URLs, anywhere on the line
		for from := 0; ; {
			j := strings.Index(line[from:], "://")
			if j < 0 {
				break
			}
			j += from + 3
			rest := line[j:]
			at := strings.IndexByte(rest, '@')
			if stop := strings.IndexAny(rest, "/ \t"); at < 0 || (stop >= 0 && stop < at) {
				from = j
				continue
			}
			if colon := strings.IndexByte(rest[:at], ':'); colon >= 0 {
				cuts = append(cuts, cut{j + colon + 1, j + at})
			}
			from = j + at
		}
	}
	if len(cuts) == 0 {
		return line, start, end
	}
	mapOff := func(x int, isEnd bool) int {
		shift := 0
		for _, c := range cuts {
			switch {
			case x >= c.b:
				shift += len(Mask) - (c.b - c.a)
			case x > c.a:
				if isEnd {
					return c.a + shift + len(Mask)
				}
				return c.a + shift
			}
		}
		return x + shift
	}
	var b strings.Builder
	last := 0
	for _, c := range cuts {
		b.WriteString(line[last:c.a])
		b.WriteString(Mask)
		last = c.b
	}
	b.WriteString(line[last:])
	return b.String(), mapOff(start, false), mapOff(end, true)
}
