package conf

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

var updateOslo = flag.Bool("update-oslo", false, "rewrite testdata/conf/oslo.golden.json from the installed oslo.config")

// loadGolden reads what oslo.config made of the corpus when the golden
// file was last written (go test ./conf -run TestOsloCorpus -update-oslo).
func loadGolden(t *testing.T) map[string]osloDump {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, osloGoldenRel))
	if err != nil {
		t.Fatalf("%v (write it with: go test ./conf -run TestOsloCorpus -update-oslo)", err)
	}
	var g map[string]osloDump
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestCorpusGolden compares Parse with oslo.config's verdict on every
// corpus file, as recorded in the golden file (no Python needed).
func TestCorpusGolden(t *testing.T) {
	golden := loadGolden(t)
	files := corpusFiles(t)
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			want, ok := golden[rel]
			if !ok {
				t.Fatalf("%s is not in %s; run go test ./conf -run TestOsloCorpus -update-oslo", rel, osloGoldenRel)
			}
			src := readCorpus(t, rel)
			if strings.HasPrefix(rel, "valid/") != want.OK {
				t.Errorf("file is in the wrong folder: oslo.config ok=%v", want.OK)
			}
			if d := diffDumps(ourDump(rel, src).reduce(len(src)).digest(), want.reduce(len(src))); d != "" {
				t.Error(d)
			}
		})
	}
	if len(golden) != len(files) {
		t.Errorf("golden has %d files, corpus %d: rewrite it with -update-oslo", len(golden), len(files))
	}
}

// TestOsloCorpus runs the installed oslo.config over the corpus (one
// Python process for all files) and compares: every group, key, value list,
// and for failing files the error kind, message and line.
func TestOsloCorpus(t *testing.T) {
	requireOslo(t)
	files := corpusFiles(t)
	var got []osloDump
	runOslo(t, "", nil, &got, append([]string{"parse"}, files...)...)
	if len(got) != len(files) {
		t.Fatalf("oslo_dump.py returned %d results for %d files", len(got), len(files))
	}
	golden := map[string]osloDump{}
	for i, rel := range files {
		oslo := got[i]
		golden[rel] = oslo.digest()
		src := readCorpus(t, rel)
		if d := diffDumps(ourDump(rel, src).reduce(len(src)), oslo.reduce(len(src))); d != "" {
			t.Errorf("%s: %s", rel, d)
		}
		if strings.HasPrefix(rel, "valid/") != oslo.OK {
			t.Errorf("%s: in the wrong folder: oslo.config ok=%v", rel, oslo.OK)
		}
	}
	path := filepath.Join(corpusDir, osloGoldenRel)
	b, err := json.MarshalIndent(golden, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *updateOslo {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if old, _ := os.ReadFile(path); string(old) != string(b) {
		t.Errorf("%s is out of date with the installed oslo.config: rewrite it with -update-oslo", osloGoldenRel)
	}
	t.Logf("%d corpus files agree with oslo.config", len(files))
}

// randomConfig builds a file from fragments that probe the reader's
// corners: delimiters, quotes, indentation, comments, odd whitespace,
// line breaks, byte-order marks, NUL bytes and Unicode case rules.
func randomConfig(r *rand.Rand) []byte {
	heads := []string{"[DEFAULT]", "[default]", "[Database]", "[ grp ]", "[ΣΑΣ]", "[İx]", "[a]b]", "[K]", "[ΑΣ.b]", "[]", "[x] # c", "["}
	keys := []string{"a", "b", "A", "my key", "k#1", "\u00a0k", "k\x1c", "log-file", "\x0ck", "Σ", "\ufeffk", "", " "}
	delims := []string{"=", ":", " = ", " : ", "\t=\t", "==", ":=", "=:"}
	vals := []string{"", "v", `"q"`, `'q'`, `"a"b"`, `"x'`, `"`, `''`, "a # c", "a ; c", "b=c:d", "$host", "$$", `\$`, "${a.b}", " x ", "x\x00y", "\u3000y\u3000", "tail\\", "\u0085", "é", "🚀", "\"\"x\"\""}
	conts := []string{" more", "\tmore", "    # not a comment", "  [x]", "   = y", " \x0c", "\t\t\"q\""}
	others := []string{"", "   ", "\t", "# c", "; c", "#", "x", "\x00", "\ufeff", "\x0b", "[DEFAULT] x", "\xff", "a = \xe2\x82"}
	eols := []string{"\n", "\n", "\n", "\r\n", "\r", "\x0b\n", " \n", "\x1c\n", "\u2028\n"}
	pick := func(s []string) string { return s[r.Intn(len(s))] }
	var b strings.Builder
	if r.Intn(2) == 0 {
		// Mostly valid: a header first, then entries, continuations right
		// after an entry, comments and blank lines.
		b.WriteString(pick(heads[:7]) + pick(eols))
		for n := 1 + r.Intn(16); n > 0; n-- {
			switch x := r.Intn(10); {
			case x == 0:
				b.WriteString(pick(heads[:7]))
			case x < 7:
				b.WriteString(pick(keys[:8]) + pick(delims) + pick(vals))
				for r.Intn(3) == 0 {
					b.WriteString(pick(eols) + pick(conts))
				}
			default:
				b.WriteString(pick(others[:6]))
			}
			b.WriteString(pick(eols))
		}
		return []byte(b.String())
	}
	if r.Intn(20) == 0 {
		b.WriteString("\ufeff")
	}
	if r.Intn(5) != 0 {
		b.WriteString(pick(heads[:5]))
		b.WriteString(pick(eols))
	}
	n := 1 + r.Intn(14)
	for i := 0; i < n; i++ {
		switch x := r.Intn(20); {
		case x < 2:
			b.WriteString(pick(heads))
		case x < 12:
			b.WriteString(pick(keys) + pick(delims) + pick(vals))
		case x < 16:
			b.WriteString(pick(conts))
		default:
			b.WriteString(pick(others))
		}
		if i < n-1 || r.Intn(3) != 0 {
			b.WriteString(pick(eols))
		}
	}
	return []byte(b.String())
}

// TestOsloRandom compares both readers on a few hundred generated files
// (fixed seed, one Python process).
func TestOsloRandom(t *testing.T) {
	requireOslo(t)
	const n = 600
	r := rand.New(rand.NewSource(20260321))
	dir := t.TempDir()
	names := make([]string, n)
	srcs := make([][]byte, n)
	for i := range names {
		names[i] = fmt.Sprintf("r%03d.conf", i)
		srcs[i] = randomConfig(r)
		if err := os.WriteFile(filepath.Join(dir, names[i]), srcs[i], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []osloDump
	runOslo(t, dir, nil, &got, append([]string{"parse"}, names...)...)
	failed, bad := 0, 0
	for i, name := range names {
		if !got[i].OK {
			failed++
		}
		if d := diffDumps(ourDump(name, srcs[i]).reduce(len(srcs[i])), got[i].reduce(len(srcs[i]))); d != "" {
			bad++
			if bad <= 5 {
				t.Errorf("%s %q: %s", name, srcs[i], d)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d generated files disagree", bad, n)
	}
	t.Logf("%d generated files (%d rejected by oslo.config) agree", n, failed)
}

// TestOsloPyStr checks the Python str helpers against Python itself over
// every code point.
func TestOsloPyStr(t *testing.T) {
	requireOslo(t)
	var py struct {
		Unidata           string    `json:"unidata"`
		Space             [][2]rune `json:"space"`
		Lower             [][2]any  `json:"lower"`
		Ignorable         [][2]rune `json:"ignorable"`
		CasedNotIgnorable [][2]rune `json:"cased_not_ignorable"`
		IDStart           [][2]rune `json:"idstart"`
		IDCont            [][2]rune `json:"idcont"`
		Unassigned        [][2]rune `json:"unassigned"`
	}
	runOslo(t, "", nil, &py, "pystr")
	in := func(rs [][2]rune, c rune) bool {
		i := sort.Search(len(rs), func(i int) bool { return rs[i][1] >= c })
		return i < len(rs) && rs[i][0] <= c
	}
	lower := map[rune]string{}
	for _, p := range py.Lower {
		lower[rune(p[0].(float64))] = p[1].(string)
	}
	var errs []string
	report := func(format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf(format, args...))
		}
	}
	for c := rune(0); c <= unicode.MaxRune; c++ {
		if c >= 0xd800 && c <= 0xdfff {
			continue // surrogates cannot come out of a UTF-8 file
		}
		if in(py.Unassigned, c) && unicode.In(c, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Cf) {
			// Assigned in Go's newer Unicode, unknown to this Python:
			// either answer may be right depending on the Python release.
			continue
		}
		if got, want := isPySpace(c), in(py.Space, c); got != want {
			report("isPySpace(%U) = %v, Python %v", c, got, want)
		}
		want, ok := lower[c]
		if !ok {
			want = string(c)
		}
		// Lower-case c alone, where Σ has no cased letter before it.
		if got := pyLower(string(c)); got != want {
			report("pyLower(%U) = %q, Python %q", c, got, want)
		}
		ign, cased := in(py.Ignorable, c), in(py.CasedNotIgnorable, c)
		if got := isCaseIgnorable(c); got != ign {
			report("isCaseIgnorable(%U) = %v, Python %v", c, got, ign)
		}
		if !ign && isCased(c) != cased {
			report("isCased(%U) = %v, Python %v", c, isCased(c), cased)
		}
		s := string(c)
		if c == '\n' {
			continue
		}
		if got := idLen(s, true) > 0; got != in(py.IDStart, c) {
			report("identifier start %U: %v, Python %v", c, got, !got)
		}
		if got := idLen("a"+s, false) > 1; got != in(py.IDCont, c) {
			report("identifier char %U: %v, Python %v", c, got, !got)
		}
	}
	for _, e := range errs {
		t.Error(e)
	}
	t.Logf("Python's Unicode %s, Go's %s", py.Unidata, unicode.Version)
}

// templateCases are values for the substitution differential.
func templateCases(r *rand.Rand) []string {
	cases := []string{
		"", "$", "$$", "$$$", "$$$$", `\$`, `\\$`, `\$$`, `$\$x`, `\$\$`, `a\$b`, `\\$$`,
		"$host", "${host}", "${database.connection}", "$database.connection", "$host.", "$a.b.c",
		"${a-b}", "${}", "${", "${a", "${a}}", "$1", "$_", "$.x", "$-x", "pa$word", "pa$$word",
		"$HOST", "$İx", "$ıx", "$ſ", "$K", "$xİ", "${İ.K}", "$é", "$a$b", "${a}${b}", "a$ b",
		"$x\ny", "x\n$y", "$$host", "$$$host", "$\\$host",
	}
	alpha := []string{"$", "$", "$", `\`, "{", "}", ".", "a", "B", "_", "1", "İ", "K", "-", " ", "é", "\n"}
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for n := 1 + r.Intn(10); n > 0; n-- {
			b.WriteString(alpha[r.Intn(len(alpha))])
		}
		cases = append(cases, b.String())
	}
	return cases
}

// TestOsloTemplate checks Unescape and Expand against oslo.config's own
// ConfigOpts._substitute (the `\$` rewrite plus string.Template).
func TestOsloTemplate(t *testing.T) {
	requireOslo(t)
	cases := templateCases(rand.New(rand.NewSource(7)))
	var got []struct {
		Value string   `json:"value"`
		Names []string `json:"names"`
	}
	runOslo(t, "", cases, &got, "template")
	for i, v := range cases {
		var names []string
		out, err := Expand(v, func(r Ref) (string, error) {
			names = append(names, r.Name)
			if v[r.Offset] != '$' && !(v[r.Offset] == '\\' && v[r.Offset+1] == '$') {
				t.Errorf("%q: ref %+v does not start at a $", v, r)
			}
			return "<" + r.Name + ">", nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if out != got[i].Value || strings.Join(names, "|") != strings.Join(got[i].Names, "|") {
			t.Errorf("Expand(%q) = %q %q, oslo.config %q %q", v, out, names, got[i].Value, got[i].Names)
		}
		// Escape gives back any string through oslo's substitution.
		_, refs := Unescape(Escape(v))
		for _, r := range refs {
			if r.Kind != RefBare {
				t.Errorf("Escape(%q) = %q still has reference %+v", v, Escape(v), r)
			}
		}
	}
	// And oslo.config agrees that Escape round-trips.
	esc := make([]string, len(cases))
	for i, v := range cases {
		esc[i] = Escape(v)
	}
	runOslo(t, "", esc, &got, "template")
	for i, v := range cases {
		if got[i].Value != v || len(got[i].Names) > 0 {
			t.Errorf("oslo.config reads Escape(%q) = %q as %q (names %q)", v, esc[i], got[i].Value, got[i].Names)
		}
	}
}

// ---- ConfigOpts layer: group names, substitution, --config-file order ----

type regOpt struct{ group, name, def string }

// osloGet mirrors what oslo_dump.py's get() reports.
type osloGet struct {
	OK    bool   `json:"ok"`
	Value string `json:"value"`
	Error string `json:"error,omitempty"`
	Msg   string `json:"msg,omitempty"`
	// PublicError is the class conf.x raises: NoSuchOptError (for x) on
	// any failure, whatever the substitution's own error was.
	PublicError string `json:"public_error,omitempty"`
}

type subError struct{ class, msg string }

func (e *subError) Error() string { return e.class + ": " + e.msg }

// resolver mimics ConfigOpts for registered string options, using only
// Config.Lookup and Expand: what lint and probe can build on conf's claims.
type resolver struct {
	c    *Config
	opts map[[2]string]string // (registered group, name) -> default
	grps map[string]bool
}

func newResolver(c *Config, opts []regOpt) *resolver {
	r := &resolver{c: c, opts: map[[2]string]string{}, grps: map[string]bool{}}
	for _, o := range opts {
		g := o.group
		if g == "" {
			g = Default
		} else {
			r.grps[g] = true
		}
		r.opts[[2]string{g, o.name}] = o.def
	}
	return r
}

func (r *resolver) get(group, name string, depth int) (string, error) {
	if depth > 50 {
		return "", &subError{"RecursionError", "loop"}
	}
	if group != Default && !r.grps[group] {
		return "", &subError{"NoSuchGroupError", "no such group [" + group + "]"}
	}
	def, ok := r.opts[[2]string{group, name}]
	if !ok {
		return "", &subError{"NoSuchOptError", "no such option " + name + " in group [" + group + "]"}
	}
	v := def
	if e, ok := r.c.Lookup(group, name); ok {
		v = e.Value
	}
	return Expand(v, func(ref Ref) (string, error) {
		if strings.Contains(ref.Name, ".") {
			// "group.opt" names a registered group, matched exactly;
			// DEFAULT is not one.
			if !r.grps[ref.Group] {
				return "", &subError{"NoSuchGroupError", "no such group [" + ref.Group + "]"}
			}
			s, err := r.get(ref.Group, ref.Opt, depth+1)
			var se *subError
			if errors.As(err, &se) && se.class == "NoSuchOptError" {
				return r.get(Default, ref.Name, depth+1)
			}
			return s, err
		}
		s, err := r.get(group, ref.Name, depth+1)
		var se *subError
		if errors.As(err, &se) && se.class == "NoSuchOptError" {
			return r.get(Default, ref.Name, depth+1)
		}
		return s, err
	})
}

func compareGets(t *testing.T, r *resolver, gets [][2]string, oslo []osloGet) {
	t.Helper()
	for i, g := range gets {
		group := g[0]
		if group == "" {
			group = Default
		}
		v, err := r.get(group, g[1], 0)
		ours := osloGet{OK: err == nil, Value: v}
		if err != nil {
			ours.PublicError = "NoSuchOptError"
			ours.Value = ""
			var se *subError
			if errors.As(err, &se) {
				ours.Error, ours.Msg = se.class, se.msg
			}
		}
		if ours != oslo[i] {
			t.Errorf("[%s] %s: ours %+v, oslo.config %+v", g[0], g[1], ours, oslo[i])
		}
	}
}

func TestOsloResolve(t *testing.T) {
	requireOslo(t)
	dir := t.TempDir()
	file1 := `[DEFAULT]
host = filehost
a = $host
b = ${host}
c = $$host
d = \$host
e = ${database.connection}
f = $database.host
g = ${DEFAULT.host}
h = ${Database.connection}
i = pa$word
j = $my_ip:8000
k = cost 5$
l = $host.
m = ${mixed_case.x}
n = ${Mixed_Case.x}
o = "$host"
p = $nogroup.x
q = $x
multi = 1
multi = 2
[Database]
connection = mysql://u:p@$host/heat
x = $a-$my_ip
[DATABASE]
y = from DATABASE
[default]
host = lower-case default
[mixed_case]
x = mixed
[ mixed_case ]
x = spaced
`
	file2 := "[database]\ny = later file wins\n[DEFAULT]\nmulti = 3\n"
	p1, p2 := filepath.Join(dir, "one.conf"), filepath.Join(dir, "two.conf")
	if err := os.WriteFile(p1, []byte(file1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p2, []byte(file2), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := []regOpt{
		{"", "host", "defhost"}, {"", "my_ip", "10.0.0.1"}, {"", "multi", ""},
		{"database", "connection", ""}, {"database", "host", "dbhost"}, {"database", "x", ""}, {"database", "y", ""},
		{"default", "host", "default-group default"},
		{"Mixed_Case", "x", "mixed default"},
	}
	for _, k := range "abcdefghijklmnopq" {
		opts = append(opts, regOpt{"", string(k), ""})
	}
	var gets [][2]string
	for _, o := range opts {
		gets = append(gets, [2]string{o.group, o.name})
	}
	spec := map[string]any{"files": []string{p1, p2}}
	var optList [][3]string
	for _, o := range opts {
		optList = append(optList, [3]string{o.group, o.name, o.def})
	}
	spec["opts"] = optList
	spec["get"] = gets
	var got []osloGet
	runOslo(t, "", spec, &got, "resolve")

	f1, err := ParseFile(p1)
	if err != nil {
		t.Fatal(err)
	}
	f2, err := ParseFile(p2)
	if err != nil {
		t.Fatal(err)
	}
	compareGets(t, newResolver(Merge(f1, f2), opts), gets, got)

	// The claims the resolver relies on, spelled out.
	c := Merge(f1, f2)
	if e, ok := c.Lookup("Database", "connection"); !ok || e.Section.Name != "Database" {
		t.Errorf(`Lookup("Database", "connection") = %v, %v; want the [Database] entry`, e, ok)
	}
	if e, _ := c.Lookup("default", "host"); e == nil || e.Section.Name != "default" {
		t.Errorf(`Lookup("default", "host") should find [default], got %v`, e)
	}
	if e, _ := c.Lookup(Default, "host"); e == nil || e.Value != "filehost" {
		t.Errorf(`Lookup("DEFAULT", "host") should find [DEFAULT], got %v`, e)
	}
	if vs := c.Values("", "multi"); len(vs) != 3 || vs[2].Value != "3" {
		t.Errorf(`Values("", "multi") = %v`, vs)
	}
}

// TestOsloLoadArgs checks LoadArgs against ConfigOpts with --config-file
// and --config-dir arguments.
func TestOsloLoadArgs(t *testing.T) {
	requireOslo(t)
	dir := t.TempDir()
	write := func(rel, s string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f1 := write("f1.conf", "[DEFAULT]\na = f1\nb = f1\nc = f1\nd = f1\n")
	f2 := write("f2.conf", "[DEFAULT]\nb = f2\n")
	d := filepath.Join(dir, "d")
	write("d/10-x.conf", "[DEFAULT]\nc = d10\nd = d10\n")
	write("d/02-y.conf", "[DEFAULT]\nc = d02\nd = d02\n")
	write("d/9.conf", "[DEFAULT]\nd = d9\n")
	write("d/.hidden.conf", "[DEFAULT]\nd = hidden\n")
	write("d/zz.txt", "[DEFAULT]\nd = txt\n")
	write("d/zz.conf.bak", "[DEFAULT]\nd = bak\n")
	write("d/ZZ.CONF", "[DEFAULT]\nd = upper\n")
	bad := write("bad.conf", "[DEFAULT]\n= x\n")
	write("withdir/sub.conf/x", "")
	notDir := write("plainfile", "")
	missing1, missing2 := filepath.Join(dir, "missing1.conf"), filepath.Join(dir, "missing2.conf")

	opts := [][3]string{{"", "a", ""}, {"", "b", ""}, {"", "c", ""}, {"", "d", ""}}
	gets := [][2]string{{"", "a"}, {"", "b"}, {"", "c"}, {"", "d"}}
	cases := []struct {
		name string
		args []Source
	}{
		{"file dir file", []Source{{ConfigFile: f1}, {ConfigDir: d}, {ConfigFile: f2}}},
		{"dir then file", []Source{{ConfigDir: d}, {ConfigFile: f1}}},
		{"missing files", []Source{{ConfigFile: missing1}, {ConfigFile: f1}, {ConfigFile: missing2}}},
		{"missing dir", []Source{{ConfigFile: f1}, {ConfigDir: filepath.Join(dir, "nodir")}}},
		{"parse error beats missing", []Source{{ConfigFile: missing1}, {ConfigFile: bad}}},
		{"dir named .conf", []Source{{ConfigDir: filepath.Join(dir, "withdir")}}},
		{"dir is a file", []Source{{ConfigFile: f1}, {ConfigDir: notDir}}},
		{"relative missing", []Source{{ConfigFile: "no/such.conf"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var args [][2]string
			for _, s := range tc.args {
				if s.ConfigFile != "" {
					args = append(args, [2]string{"file", s.ConfigFile})
				} else {
					args = append(args, [2]string{"dir", s.ConfigDir})
				}
			}
			var oslo struct {
				OK     bool      `json:"ok"`
				Error  string    `json:"error"`
				Msg    string    `json:"msg"`
				Values []osloGet `json:"values"`
			}
			runOslo(t, dir, map[string]any{"args": args, "opts": opts, "get": gets}, &oslo, "load")
			wd, _ := os.Getwd()
			if err := os.Chdir(dir); err != nil { // relative paths as Python sees them
				t.Fatal(err)
			}
			c, err := LoadArgs(tc.args)
			if err := os.Chdir(wd); err != nil {
				t.Fatal(err)
			}
			if !oslo.OK {
				if err == nil {
					t.Fatalf("LoadArgs succeeded; oslo.config: %s: %s", oslo.Error, oslo.Msg)
				}
				var class string
				var pe *ParseError
				switch e := err.(type) {
				case *FilesNotFoundError:
					class = "ConfigFilesNotFoundError"
				case *DirNotFoundError:
					class = "ConfigDirNotFoundError"
				case *FilesPermissionError:
					class = "ConfigFilesPermissionDeniedError"
				default:
					if errors.As(e, &pe) {
						class = "ConfigFileParseError"
					}
				}
				switch {
				case class == "" && oslo.Error == "IsADirectoryError":
				case class != oslo.Error:
					t.Errorf("LoadArgs: %T %v; oslo.config: %s: %s", err, err, oslo.Error, oslo.Msg)
				case pe == nil && err.Error() != oslo.Msg:
					t.Errorf("LoadArgs: %q; oslo.config: %q", err.Error(), oslo.Msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadArgs: %v; oslo.config succeeded", err)
			}
			var optList []regOpt
			for _, o := range opts {
				optList = append(optList, regOpt{o[0], o[1], o[2]})
			}
			compareGets(t, newResolver(c, optList), gets, oslo.Values)
		})
	}
}
