package conf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// flatten lists a file's entries as "[section] key=value" with values quoted.
func flatten(f *File) []string {
	var out []string
	for _, s := range f.Sections {
		if len(s.Entries) == 0 {
			out = append(out, "["+s.Name+"]")
		}
		for _, e := range s.Entries {
			out = append(out, fmt.Sprintf("[%s] %s=%q", s.Name, e.Key, e.Value))
		}
	}
	return out
}

func TestParseRules(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // flatten(f), or one "error: line:col: msg" (OsloLine in brackets when it differs)
	}{
		// Comments only in column 1.
		{"hash comment", "[DEFAULT]\n# c\na = 1\n", []string{`[DEFAULT] a="1"`}},
		{"semicolon comment", "[DEFAULT]\n; c\na = 1\n", []string{`[DEFAULT] a="1"`}},
		{"inline hash is value", "[DEFAULT]\na = 1 # c\n", []string{`[DEFAULT] a="1 # c"`}},
		{"inline semicolon is value", "[DEFAULT]\na = x;y ; z\n", []string{`[DEFAULT] a="x;y ; z"`}},
		{"hash in url", "[DEFAULT]\nauth_uri = http://10.10.10.30:5000 #controller\n", []string{`[DEFAULT] auth_uri="http://10.10.10.30:5000 #controller"`}},
		{"hash in key", "[DEFAULT]\nk#1 = v\n", []string{`[DEFAULT] k#1="v"`}},
		// Continuation.
		{"space continuation", "[DEFAULT]\na = 1\n 2\n", []string{`[DEFAULT] a="1\n2"`}},
		{"tab continuation", "[DEFAULT]\na = 1\n\t\t2 \n", []string{`[DEFAULT] a="1\n2"`}},
		{"indented hash continues", "[DEFAULT]\na = 1\n    # c\n", []string{`[DEFAULT] a="1\n# c"`}},
		{"indented semicolon continues", "[DEFAULT]\na = 1\n ;c\n", []string{`[DEFAULT] a="1\n;c"`}},
		{"indented section continues", "[DEFAULT]\na = 1\n  [x]\n", []string{`[DEFAULT] a="1\n[x]"`}},
		{"indented assignment continues", "[DEFAULT]\na = 1\n  b = 2\n", []string{`[DEFAULT] a="1\nb = 2"`}},
		{"empty first line", "[DEFAULT]\na =\n  x\n  y\n", []string{`[DEFAULT] a="\nx\ny"`}},
		{"quotes only on first line", "[DEFAULT]\na = \"x\"\n  \"y\"\n", []string{`[DEFAULT] a="x\n\"y\""`}},
		{"blank line ends value", "[DEFAULT]\na = 1\n\n  2\n", []string{"error: 4:3: " + MsgUnexpectedContinuation}},
		{"whitespace line is blank", "[DEFAULT]\na = 1\n \t \n  2\n", []string{"error: 4:3: " + MsgUnexpectedContinuation}},
		{"comment ends value", "[DEFAULT]\na = 1\n#c\n  2\n", []string{"error: 4:3: " + MsgUnexpectedContinuation}},
		{"header ends value", "[DEFAULT]\na = 1\n[x]\n  2\n", []string{"error: 4:3: " + MsgUnexpectedContinuation}},
		{"continuation first line", "  a = 1\n", []string{"error: 1:3: " + MsgUnexpectedContinuation}},
		{"no backslash continuation", "[DEFAULT]\na = x\\\nb = y\n", []string{`[DEFAULT] a="x\\"`, `[DEFAULT] b="y"`}},
		{"form feed is not continuation", "[DEFAULT]\n\fa = 1\n", []string{`[DEFAULT] a="1"`}},
		{"nbsp is not continuation", "[DEFAULT]\n\u00a0a = 1\n", []string{`[DEFAULT] a="1"`}},
		// Split at the first '=' or ':'.
		{"equals", "[DEFAULT]\na=b\n", []string{`[DEFAULT] a="b"`}},
		{"colon", "[DEFAULT]\na: b\n", []string{`[DEFAULT] a="b"`}},
		{"first of both", "[DEFAULT]\na = b=c:d\nx:y=z\n", []string{`[DEFAULT] a="b=c:d"`, `[DEFAULT] x="y=z"`}},
		{"url value", "[DEFAULT]\nurl = http://h:5000/v3\n", []string{`[DEFAULT] url="http://h:5000/v3"`}},
		{"key with spaces", "[DEFAULT]\nmy  key \t= v\n", []string{`[DEFAULT] my  key="v"`}},
		{"keys are case-sensitive", "[DEFAULT]\nA = 1\na = 2\n", []string{`[DEFAULT] A="1"`, `[DEFAULT] a="2"`}},
		{"hyphen key kept", "[DEFAULT]\nlog-file = x\n", []string{`[DEFAULT] log-file="x"`}},
		{"empty value", "[DEFAULT]\na =\nb=\nc:\n", []string{`[DEFAULT] a=""`, `[DEFAULT] b=""`, `[DEFAULT] c=""`}},
		{"stripped value", "[DEFAULT]\na =  x y \t\n", []string{`[DEFAULT] a="x y"`}},
		{"unicode spaces stripped", "[DEFAULT]\na =\u3000x\u00a0\u2003\n", []string{`[DEFAULT] a="x"`}},
		{"info separators stripped", "[DEFAULT]\na = x\x1c\x1f\n", []string{`[DEFAULT] a="x"`}},
		{"zero width space kept", "[DEFAULT]\na = x\u200b\n", []string{`[DEFAULT] a="x\u200b"`}},
		{"nul kept", "[DEFAULT]\na = x\x00y\n", []string{`[DEFAULT] a="x\x00y"`}},
		// Quotes: one pair iff first == last and it is a quote.
		{"double quotes", `[DEFAULT]` + "\na = \"x\"\n", []string{`[DEFAULT] a="x"`}},
		{"single quotes", "[DEFAULT]\na = 'x'\n", []string{`[DEFAULT] a="x"`}},
		{"inner quote", "[DEFAULT]\na = \"a\"b\"\n", []string{`[DEFAULT] a="a\"b"`}},
		{"mixed quotes kept", "[DEFAULT]\na = \"x'\n", []string{`[DEFAULT] a="\"x'"`}},
		{"lone quote", "[DEFAULT]\na = \"\n", []string{`[DEFAULT] a=""`}},
		{"two pairs", "[DEFAULT]\na = \"\"x\"\"\n", []string{`[DEFAULT] a="\"x\""`}},
		{"quoted spaces kept", "[DEFAULT]\na = \" x \"\n", []string{`[DEFAULT] a=" x "`}},
		{"no escapes", "[DEFAULT]\na = \"x\\\"\n", []string{`[DEFAULT] a="x\\"`}},
		{"quote then comment", "[DEFAULT]\na = \"x\" # c\n", []string{`[DEFAULT] a="\"x\" # c"`}},
		// Sections.
		{"name not stripped", "[ grp ]\na = 1\n", []string{`[ grp ] a="1"`}},
		{"name up to last bracket", "[a]b]\nk = 1\n", []string{`[a]b] k="1"`}},
		{"header trailing spaces", "[x]  \t\nk = 1\n", []string{`[x] k="1"`}},
		{"empty section kept", "[x]\n[y]\n", []string{"[x]", "[y]"}},
		{"header inline comment", "[x] # c\n", []string{"error: 1:5: " + MsgNoSectionEnd}},
		{"header trailing text", "[x] y\n", []string{"error: 1:4: " + MsgNoSectionEnd}},
		{"unclosed header", "[x\n", []string{"error: 1:1: " + MsgNoSectionEnd}},
		{"lone bracket", "[\n", []string{"error: 1:1: " + MsgNoSectionEnd}},
		{"empty name", "[]\n", []string{"error: 1:1: " + MsgEmptySection}},
		{"blank name is a name", "[ ]\nk = v\n", []string{`[ ] k="v"`}},
		// Errors.
		{"no delimiter", "[x]\nfoo\n", []string{"error: 2:1: " + MsgNoDelimiter}},
		{"empty key", "[x]\n= v\n", []string{"error: 2:1: " + MsgEmptyKey}},
		{"empty key colon", "[x]\n : v\n", []string{"error: 2:2: " + MsgUnexpectedContinuation}},
		{"empty key after form feed", "[x]\n\f= v\n", []string{"error: 2:2: " + MsgEmptyKey}},
		{"key before section", "a = 1\n[x]\n", []string{"error: 1:1: " + MsgNoSection + " [oslo line 2]"}},
		{"key before section continued", "a = 1\n 2\n 3\nb = 2\n", []string{"error: 1:1: " + MsgNoSection + " [oslo line 4]"}},
		{"key before section at eof", "a = 1\n 2", []string{"error: 1:1: " + MsgNoSection + " [oslo line 2]"}},
		{"key before section then blank", "a = 1\n\n\n", []string{"error: 1:1: " + MsgNoSection + " [oslo line 2]"}},
		{"no-section raised before line error", "a = 1\nfoo\n", []string{"error: 1:1: " + MsgNoSection + " [oslo line 2]"}},
		{"first error wins", "[x\n= v\n", []string{"error: 1:1: " + MsgNoSectionEnd}},
		// Byte-order mark, encodings.
		{"bom header", "\ufeff[DEFAULT]\n", []string{"error: 1:1: " + MsgNoDelimiter}},
		{"bom key", "\ufeffa = 1\n", []string{"error: 1:1: " + MsgNoSection}},
		{"bom mid-file kept", "[x]\na = \ufeff\n", []string{`[x] a="\ufeff"`}},
		{"latin-1", "[x]\na = caf\xe9\n", []string{"error: 2:8: 'utf-8' codec can't decode byte 0xe9 in position 11: invalid continuation byte"}},
		{"truncated", "[x]\na = \xe2\x82", []string{"error: 2:5: 'utf-8' codec can't decode bytes in position 8-9: unexpected end of data"}},
		{"bad continuation bytes", "\xe2\x82x", []string{"error: 1:1: 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"}},
		{"surrogate", "\xed\xa0\x80", []string{"error: 1:1: 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"}},
		{"overlong", "\xc0\x80", []string{"error: 1:1: 'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"}},
		{"too large", "\xf4\x90\x80\x80", []string{"error: 1:1: 'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte"}},
		{"utf-8 checked before parsing", "oops\n\xff", []string{"error: 2:1: 'utf-8' codec can't decode byte 0xff in position 5: invalid start byte"}},
		// Line breaks: universal newlines.
		{"crlf", "[x]\r\na = 1\r\n 2\r\n", []string{`[x] a="1\n2"`}},
		{"lone cr", "[x]\ra = 1\r 2\r", []string{`[x] a="1\n2"`}},
		{"cr splits a line", "[x]\na = 1\rb = 2\n", []string{`[x] a="1"`, `[x] b="2"`}},
		{"vertical tab does not split", "[x]\na = 1\vb = 2\n", []string{"[x] a=\"1\\vb = 2\""}},
		{"line separator does not split", "[x]\na = 1\u2028b\n", []string{`[x] a="1\u2028b"`}},
		{"no final newline", "[x]\na = 1", []string{`[x] a="1"`}},
		{"empty file", "", nil},
		// Duplicates.
		{"duplicate keys kept", "[x]\na = 1\na = 2\n", []string{`[x] a="1"`, `[x] a="2"`}},
		{"duplicate sections kept", "[x]\na = 1\n[y]\n[x]\na = 2\n", []string{`[x] a="1"`, "[y]", `[x] a="2"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("t.conf", []byte(tc.src))
			var got []string
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %T %v", err, err)
				}
				s := fmt.Sprintf("error: %d:%d: %s", pe.Pos.Line, pe.Pos.Col, pe.Msg)
				if pe.OsloLine != pe.Pos.Line {
					s += fmt.Sprintf(" [oslo line %d]", pe.OsloLine)
				}
				got = []string{s}
			} else {
				got = flatten(f)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Parse(%q):\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

func TestGroupNames(t *testing.T) {
	src := "[DEFAULT]\na = 1\n[default]\na = 2\n[Database]\nc = x\n[DATABASE]\nc = y\n[ database ]\nc = z\n[ΣΑΣ]\nd = 1\n[İ]\ne = 1\n"
	f, err := Parse("t.conf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, s := range f.Sections {
		groups = append(groups, s.Name+"→"+s.Group)
	}
	want := "DEFAULT→DEFAULT default→default Database→database DATABASE→database  database → database  ΣΑΣ→σας İ→i̇"
	if got := strings.Join(groups, " "); got != want {
		t.Errorf("groups:\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(f.Groups(), ","); got != "DEFAULT,default,database, database ,σας,i̇" {
		t.Errorf("Groups() = %s", got)
	}
	for _, tc := range []struct{ group, key, want string }{
		{"DEFAULT", "a", "1"},
		{"", "a", "1"},
		{"default", "a", "2"},
		{"Default", "a", "2"},
		{"database", "c", "y"},
		{"DataBase", "c", "y"},
		{" database ", "c", "z"},
		{"σας", "d", "1"},
		{"ΣΑΣ", "d", "1"},
		{"İ", "e", "1"},
		{"database", "C", ""},
	} {
		e, ok := f.Lookup(tc.group, tc.key)
		got := ""
		if ok {
			got = e.Value
		}
		if got != tc.want {
			t.Errorf("Lookup(%q, %q) = %q, want %q", tc.group, tc.key, got, tc.want)
		}
	}
	if vs := f.Values("database", "c"); len(vs) != 2 || vs[0].Section.Name != "Database" || vs[1].Section.Name != "DATABASE" {
		t.Errorf("Values(database, c) = %v", vs)
	}
}

func TestPositions(t *testing.T) {
	src := "# c\r\n[ grp ]\r\n  \r\nmy key\t=  \"quoted $x\"  \r\n\t second\r\nk:\r\nu = 한국어 $y\n"
	f, err := Parse("t.conf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	text := func(p Pos) string { return src[p.Offset:p.End()] }
	s := f.Sections[0]
	if s.Pos != (Pos{Line: 2, Col: 2, Offset: 6, Len: 5}) || text(s.Pos) != " grp " {
		t.Errorf("section pos %+v %q", s.Pos, text(s.Pos))
	}
	e := s.Entries[0]
	if e.KeyPos != (Pos{Line: 4, Col: 1, Offset: 18, Len: 6}) || text(e.KeyPos) != "my key" {
		t.Errorf("key pos %+v", e.KeyPos)
	}
	if text(e.ValuePos) != "\"quoted $x\"  \r\n\t second" || e.ValuePos.Line != 4 || e.ValuePos.Col != 11 {
		t.Errorf("value pos %+v %q", e.ValuePos, text(e.ValuePos))
	}
	if e.Value != "quoted $x\nsecond" || e.Quote != '"' || e.FirstLine != 4 || e.LastLine != 5 {
		t.Errorf("entry %+v", e)
	}
	// Offsets inside the value map back to the file.
	_, refs := Unescape(e.Value)
	if len(refs) != 1 {
		t.Fatalf("refs %v", refs)
	}
	p := e.ValueOffsetPos(refs[0].Offset, refs[0].Len)
	if text(p) != "$x" || p.Line != 4 || p.Col != 19 {
		t.Errorf("ref pos %+v %q", p, text(p))
	}
	if p := e.ValueOffsetPos(strings.Index(e.Value, "second"), 6); text(p) != "second" || p.Line != 5 || p.Col != 3 {
		t.Errorf("second line pos %+v %q", p, text(p))
	}
	if p := e.ValueOffsetPos(strings.Index(e.Value, "\n"), 1); p.Line != 4 || p.Len != 0 {
		t.Errorf("newline pos %+v", p)
	}
	k := s.Entries[1]
	if k.Value != "" || k.ValuePos.Len != 0 || k.ValuePos.Line != 6 || k.ValuePos.Col != 3 {
		t.Errorf("empty value %+v", k)
	}
	u := s.Entries[2]
	_, refs = Unescape(u.Value)
	if p := u.ValueOffsetPos(refs[0].Offset, refs[0].Len); text(p) != "$y" || p.Col != 15 {
		t.Errorf("unicode ref pos %+v %q", p, text(p))
	}
	// Lines cover the whole file.
	var kinds []string
	var rebuilt strings.Builder
	for i, l := range f.Lines {
		if l.Pos.Line != i+1 || l.Text != src[l.Pos.Offset:l.Pos.End()] {
			t.Errorf("line %d: %+v", i+1, l)
		}
		kinds = append(kinds, l.Kind.String())
		rebuilt.WriteString(src[l.Pos.Offset : l.Pos.End()+l.EOL])
	}
	if rebuilt.String() != src {
		t.Errorf("lines do not cover the source")
	}
	if got := strings.Join(kinds, " "); got != "comment section blank entry continuation entry entry" {
		t.Errorf("kinds: %s", got)
	}
}

func TestParseErrorFormat(t *testing.T) {
	tests := []struct {
		src, oneLine, pretty string
	}{
		{
			"[keystone_authtoken]\nusername = heat\n\n    password = s3cret\n",
			"t.conf:4:5: Unexpected continuation line (a line starting with a space or tab continues the value above, but a blank line ended it; remove the indentation)",
			"t.conf:4:5: Unexpected continuation line\n" +
				"   |\n" +
				" 4 |     password = ****\n" +
				"   |     ^^^^^^^^^^^^^^^\n" +
				"   = hint: a line starting with a space or tab continues the value above, but a blank line ended it; remove the indentation\n",
		},
		{
			"\ufeff[DEFAULT]\n",
			"t.conf:1:1: No ':' or '=' found in assignment (the file starts with a UTF-8 byte-order mark (U+FEFF), which oslo.config does not skip; save the file without it)",
			"t.conf:1:1: No ':' or '=' found in assignment\n" +
				"   |\n" +
				" 1 | \\ufeff[DEFAULT]\n" +
				"   | ^^^^^^\n" +
				"   = hint: the file starts with a UTF-8 byte-order mark (U+FEFF), which oslo.config does not skip; save the file without it\n",
		},
		{
			"[DEFAULT] # main\n",
			"t.conf:1:11: Invalid section (must end with ]) (a comment must be on a line of its own; oslo.config does not allow one after a section header)",
			"t.conf:1:11: Invalid section (must end with ])\n" +
				"   |\n" +
				" 1 | [DEFAULT] # main\n" +
				"   |           ^^^^^^\n" +
				"   = hint: a comment must be on a line of its own; oslo.config does not allow one after a section header\n",
		},
		{
			"[x]\n\tconnection = mysql://heat:pw@db/heat\n",
			"t.conf:2:2: Unexpected continuation line (a line starting with a space or tab continues a value, and there is none above; remove the indentation)",
			"t.conf:2:2: Unexpected continuation line\n" +
				"   |\n" +
				" 2 |     connection = mysql://heat:****@db/heat\n" +
				"   |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n" +
				"   = hint: a line starting with a space or tab continues a value, and there is none above; remove the indentation\n",
		},
		{
			"[x]\n\t한국 = http://u:pw@h:1 x\n",
			"t.conf:2:2: Unexpected continuation line (a line starting with a space or tab continues a value, and there is none above; remove the indentation)",
			"t.conf:2:2: Unexpected continuation line\n" +
				"   |\n" +
				" 2 |     한국 = http://u:****@h:1 x\n" +
				"   |     ^^^^^^^^^^^^^^^^^^^^^^^^^^\n" +
				"   = hint: a line starting with a space or tab continues a value, and there is none above; remove the indentation\n",
		},
		{
			"[x]\na = caf\xe9\n",
			"t.conf:2:8: 'utf-8' codec can't decode byte 0xe9 in position 11: invalid continuation byte (oslo.config reads configuration files as UTF-8)",
			"t.conf:2:8: 'utf-8' codec can't decode byte 0xe9 in position 11: invalid continuation byte\n" +
				"   |\n" +
				" 2 | a = caf\\xe9\n" +
				"   |        ^^^^\n" +
				"   = hint: oslo.config reads configuration files as UTF-8\n",
		},
		{
			"a = 1\n  2\n",
			"t.conf:1:1: Section must be started before assignment (add a section header such as [DEFAULT] above this line)",
			"t.conf:1:1: Section must be started before assignment\n" +
				"   |\n" +
				" 1 | a = 1\n" +
				"   | ^\n" +
				"   = hint: add a section header such as [DEFAULT] above this line\n",
		},
	}
	for _, tc := range tests {
		_, err := Parse("t.conf", []byte(tc.src))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Parse(%q) = %v", tc.src, err)
		}
		if got := pe.Error(); got != tc.oneLine {
			t.Errorf("Error():\n got %s\nwant %s", got, tc.oneLine)
		}
		if got := pe.ErrorWithPosition(); got != tc.pretty {
			t.Errorf("ErrorWithPosition():\n got:\n%s\nwant:\n%s", got, tc.pretty)
		}
	}
}

// TestTooManyEntries: a file of more options than any configuration has is
// refused at the entry past MaxEntries, quickly and with heatconf's own
// message; MaxEntries of them are read.
func TestTooManyEntries(t *testing.T) {
	var b strings.Builder
	b.WriteString("[DEFAULT]\n")
	for i := range MaxEntries {
		fmt.Fprintf(&b, "o%d = x\n", i)
	}
	if f, err := Parse("heat.conf", []byte(b.String())); err != nil || len(f.Sections[0].Entries) != MaxEntries {
		t.Fatalf("%d entries: %v", MaxEntries, err)
	}
	b.WriteString("one = too many\n")
	_, err := Parse("heat.conf", []byte(b.String()))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Msg != MsgTooManyEntries || pe.Pos.Line != MaxEntries+2 {
		t.Fatalf("got %v", err)
	}
}
