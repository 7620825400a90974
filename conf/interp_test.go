package conf

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

func TestUnescape(t *testing.T) {
	tests := []struct {
		in, out string
		refs    string // "kind:name@offset+len" joined by spaces
	}{
		{"plain", "plain", ""},
		{"pa$$word", "pa$word", ""},
		{`pa\$word`, "pa$word", ""},
		{"$$$$", "$$", ""},
		{"abc$def", "abc$def", "named:def@3+4"},
		{"${host}:5000", "${host}:5000", "braced:host@0+7"},
		{"${database.connection}", "${database.connection}", "braced:database.connection@0+22"},
		{"$database.connection/x", "$database.connection/x", "named:database.connection@0+20"},
		{"at $host.", "at $host.", "named:host.@3+6"},
		{"5$", "5$", "bare:@1+1"},
		{"$ x", "$ x", "bare:@0+1"},
		{"$1", "$1", "bare:@0+1"},
		{"${}", "${}", "bare:@0+1"},
		{"${a-b}", "${a-b}", "bare:@0+1"},
		{"${a", "${a", "bare:@0+1"},
		{"$HOST", "$HOST", "named:HOST@0+5"},
		{"$İx", "$İx", "named:İx@0+4"},
		{"$é", "$é", "bare:@0+1"},
		{`$\$x`, "$$x", "named:x@2+2"},
		{`\$$x`, "$$x", "named:x@2+2"},
		{`\\$`, `\$`, ""},
		{"a$b$$c${d}", "a$b$c${d}", "named:b@1+2 braced:d@6+4"},
	}
	for _, tc := range tests {
		out, refs := Unescape(tc.in)
		var rs []string
		for _, r := range refs {
			kind := [...]string{"named", "braced", "bare"}[r.Kind]
			rs = append(rs, fmt.Sprintf("%s:%s@%d+%d", kind, r.Name, r.Offset, r.Len))
		}
		if out != tc.out || strings.Join(rs, " ") != tc.refs {
			t.Errorf("Unescape(%q) = %q, %q; want %q, %q", tc.in, out, rs, tc.out, tc.refs)
		}
	}
}

func TestRefSplit(t *testing.T) {
	_, refs := Unescape("$a.b.c ${x} $y.")
	want := []Ref{
		{Kind: RefNamed, Name: "a.b.c", Group: "a", Opt: "b.c", Offset: 0, Len: 6},
		{Kind: RefBraced, Name: "x", Opt: "x", Offset: 7, Len: 4},
		{Kind: RefNamed, Name: "y.", Group: "y", Opt: "", Offset: 12, Len: 3},
	}
	if fmt.Sprint(refs) != fmt.Sprint(want) {
		t.Errorf("refs = %+v\nwant %+v", refs, want)
	}
}

func TestExpand(t *testing.T) {
	vals := map[string]string{"host": "ctl", "database.connection": "mysql://", "x": "$y"}
	resolve := func(r Ref) (string, error) {
		if v, ok := vals[r.Name]; ok {
			return v, nil
		}
		return "", errors.New("no such option " + r.Name)
	}
	for _, tc := range []struct{ in, want, err string }{
		{"http://$host:5000", "http://ctl:5000", ""},
		{"${host}x", "ctlx", ""},
		{"$database.connection", "mysql://", ""},
		{"$$host", "$host", ""},
		{`\$host`, "$host", ""},
		{"$x", "$y", ""}, // no recursion here: resolve decides
		{"5$ ${", "5$ ${", ""},
		{"pa$word", "", "no such option word"},
	} {
		got, err := Expand(tc.in, resolve)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("Expand(%q) error %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Expand(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"pa$word", "pa$$word"},
		{"$$", "$$$$"},
		{`a\$b`, `a\\$b`},
		{`\$$`, `\\$$$`},
		{`C:\path\`, `C:\path\`},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if back, refs := Unescape(Escape(tc.in)); back != tc.in || len(refs) != 0 {
			t.Errorf("Unescape(Escape(%q)) = %q %v", tc.in, back, refs)
		}
	}
}

func TestFormatValue(t *testing.T) {
	ok := []string{
		"", "plain", " lead", "trail ", `"q"`, `'q'`, `"`, `'`, `"x'`, "pa$word", "a # c", "=:", "\u3000x",
		"x\u0085", "line1\nline2", "\nsecond", `"a"` + "\nb", "€uro", "x\x00y", "tab\tinside",
	}
	bad := []string{"a\n", "a\n\nb", "a\n b", "a\nb ", "a\rb"}
	for _, s := range ok {
		v, err := FormatValue(s)
		if err != nil {
			t.Errorf("FormatValue(%q): %v", s, err)
			continue
		}
		src := "[DEFAULT]\nk = " + v + "\n"
		f, err := Parse("t.conf", []byte(src))
		if err != nil {
			t.Errorf("FormatValue(%q) = %q does not parse: %v", s, v, err)
			continue
		}
		e, _ := f.Lookup(Default, "k")
		got, refs := Unescape(e.Value)
		if got != s || len(refs) != 0 {
			t.Errorf("FormatValue(%q) = %q reads back as %q %v", s, v, got, refs)
		}
	}
	for _, s := range bad {
		if v, err := FormatValue(s); !errors.Is(err, ErrUnrepresentable) {
			t.Errorf("FormatValue(%q) = %q, %v; want ErrUnrepresentable", s, v, err)
		}
	}
}

// TestFormatValueRandom writes random single-line strings and reads them
// back through Parse and Unescape.
func TestFormatValueRandom(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	alpha := []rune{'a', ' ', '\t', '"', '\'', '$', '\\', '{', '}', '#', ';', '=', ':', '\u00a0', '\u3000', '\x1c', 'é', '\x00', '.'}
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for n := r.Intn(8); n > 0; n-- {
			b.WriteRune(alpha[r.Intn(len(alpha))])
		}
		s := b.String()
		v, err := FormatValue(s)
		if err != nil {
			t.Fatalf("FormatValue(%q): %v", s, err)
		}
		f, err := Parse("t.conf", []byte("[x]\nk = "+v+"\n"))
		if err != nil {
			t.Fatalf("FormatValue(%q) = %q: %v", s, v, err)
		}
		e, _ := f.Lookup("x", "k")
		if got, refs := Unescape(e.Value); got != s || len(refs) != 0 {
			t.Fatalf("FormatValue(%q) = %q reads back as %q %v", s, v, got, refs)
		}
	}
}
