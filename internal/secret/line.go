package secret

import (
	"strings"

	"github.com/heatconf/heatconf/internal/netloc"
	"github.com/heatconf/heatconf/internal/pystr"
)

// MaskLine hides what looks like a secret on one configuration line (the
// value of a key that IsKey names or that has no name, else the passwords
// of URLs on it) and maps the byte span [start, end) of line onto the
// masked text, so that a caret under the line still points at the right
// place. White space around a value is kept; it is Python's, as
// oslo.config strips it, so a value is never shown short of its ends.
func MaskLine(line string, start, end int) (string, int, int) {
	type cut struct{ a, b int }
	var cuts []cut
	if i := strings.IndexAny(line, ":="); i >= 0 {
		key := line[:i]
		if IsKey(pystr.Strip(key)) || pystr.Strip(key) == "" {
			v := line[i+1:]
			a := i + 1 + len(v) - len(pystr.LStrip(v))
			b := i + 1 + len(pystr.RStrip(v))
			if a < b {
				cuts = append(cuts, cut{a, b})
			}
		}
	}
	if len(cuts) == 0 {
		// the password of every host of every URL on the line
		for _, p := range urlPasswords(line) {
			cuts = append(cuts, cut{p.Start, p.End})
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

// urlPasswords are the spans of the passwords of the URLs in free text, in
// order (internal/netloc reads them as oslo.messaging does; white space
// also ends a URL's network location).
func urlPasswords(text string) []netloc.Span {
	var out []netloc.Span
	for _, u := range netloc.Find(text) {
		for _, h := range u.Hosts {
			if h.Password.Present() {
				out = append(out, h.Password)
			}
		}
	}
	return out
}
