package conf

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that every position it
// reports lies inside the input and says what the text there is, that
// error rendering never panics, and that FormatValue writes back every
// value Parse reads.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		paths, _ := filepath.Glob(filepath.Join(corpusDir, dir, "*.conf"))
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil && len(src) < 1<<14 {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("[DEFAULT]\na = $b ${c.d} $$ \\$ \"q\"\n  cont\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := lineStarts(src)
		checkPos := func(t *testing.T, src []byte, p Pos) { t.Helper(); checkPosIn(t, src, lines, p) }
		file, err := Parse("fuzz.conf", src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error of type %T", err)
			}
			checkPos(t, src, pe.Pos)
			_ = pe.Error()
			_ = pe.ErrorWithPosition()
			if !strings.Contains(string(src), pe.Line) {
				t.Fatalf("error line %q not in the input", pe.Line)
			}
			if pe.OsloLine < pe.Pos.Line {
				t.Fatalf("oslo line %d before %d", pe.OsloLine, pe.Pos.Line)
			}
			return
		}
		end := 0
		for i, l := range file.Lines {
			if l.Pos.Offset != end || l.Pos.Line != i+1 || l.Text != string(src[l.Pos.Offset:l.Pos.End()]) {
				t.Fatalf("line %d: %+v", i+1, l)
			}
			end = l.Pos.End() + l.EOL
		}
		if end != len(src) {
			t.Fatalf("lines end at %d of %d", end, len(src))
		}
		for _, s := range file.Sections {
			checkPos(t, src, s.Pos)
			if string(src[s.Pos.Offset:s.Pos.End()]) != s.Name {
				t.Fatalf("section name %q at %+v", s.Name, s.Pos)
			}
			for _, e := range s.Entries {
				checkPos(t, src, e.KeyPos)
				checkPos(t, src, e.ValuePos)
				if string(src[e.KeyPos.Offset:e.KeyPos.End()]) != e.Key {
					t.Fatalf("key %q at %+v", e.Key, e.KeyPos)
				}
				if e.FirstLine == e.LastLine {
					raw := string(src[e.ValuePos.Offset:e.ValuePos.End()])
					if e.Quote != 0 {
						raw = raw[1:max(1, len(raw)-1)]
					}
					if raw != e.Value {
						t.Fatalf("value %q at %+v reads %q", e.Value, e.ValuePos, raw)
					}
				}
				for i := 0; i < len(e.Value); i++ {
					if i == 64 && len(e.Value) > 128 {
						i = len(e.Value) - 64 // both ends are enough; keep this linear
					}
					p := e.ValueOffsetPos(i, 1)
					checkPos(t, src, p)
					if e.Value[i] != '\n' && (p.Len != 1 || src[p.Offset] != e.Value[i]) {
						t.Fatalf("value byte %d of %q maps to %+v", i, e.Value, p)
					}
				}
				_, refs := Unescape(e.Value)
				for _, r := range refs {
					if r.Offset < 0 || r.Offset+r.Len > len(e.Value) {
						t.Fatalf("ref %+v outside %q", r, e.Value)
					}
				}
				if v, err := FormatValue(e.Value); err == nil {
					back, err := Parse("back.conf", []byte("[x]\nk = "+v+"\n"))
					if err != nil {
						t.Fatalf("FormatValue(%q) = %q: %v", e.Value, v, err)
					}
					got, _ := back.Lookup("x", "k")
					if u, refs := Unescape(got.Value); u != e.Value || len(refs) > 0 {
						t.Fatalf("FormatValue(%q) = %q reads back as %q", e.Value, v, u)
					}
				}
			}
		}
	})
}

// lineStarts returns the offset of each line's first byte, lines ending
// at "\n", "\r\n" or "\r" (counted independently of Parse).
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		case '\n':
			starts = append(starts, i+1)
		}
	}
	return starts
}

func checkPosIn(t *testing.T, src []byte, starts []int, p Pos) {
	t.Helper()
	if p.Offset < 0 || p.Len < 0 || p.End() > len(src) || p.Line < 1 || p.Col < 1 {
		t.Fatalf("position %+v outside input of %d bytes", p, len(src))
	}
	line := sort.Search(len(starts), func(i int) bool { return starts[i] > p.Offset })
	if col := p.Offset - starts[line-1] + 1; line != p.Line || col != p.Col {
		t.Fatalf("position %+v is at %d:%d", p, line, col)
	}
}
