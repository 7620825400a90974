package conf

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/heatconf/heatconf/internal/testenv"
)

// The reference side of the differential tests: Debian's python3 with
// python3-oslo.config, driven by testdata/conf/oslo_dump.py.

const (
	python        = "/usr/bin/python3"
	osloPackage   = "python3-oslo.config"
	osloInstall   = "apt-get install -y --no-install-recommends python3-oslo.config"
	corpusDir     = "../testdata/conf"
	osloScript    = "oslo_dump.py"
	osloGoldenRel = "oslo.golden.json"
)

// requireOslo skips the test under -short (testenv.Oracle) or when
// oslo.config is not installed, or fails it when CI=true: CI must run the
// differential tests. Every differential test calls it first.
func requireOslo(t testing.TB) {
	t.Helper()
	testenv.Oracle(t, "python3 with oslo.config")
	cmd := exec.Command(python, "-c", "import oslo_config.cfg, oslo_config.iniparser")
	cmd.Env = pythonEnv()
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	msg := fmt.Sprintf("the differential tests need %s with Debian's %s (%s): %v\n%s",
		python, osloPackage, osloInstall, err, out)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func pythonEnv() []string {
	return []string{
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		"PYTHONUTF8=1", // oslo.config opens files with the locale's encoding: UTF-8
		"LC_ALL=C.UTF-8",
		"PYTHONDONTWRITEBYTECODE=1",
		"HOME=" + os.Getenv("HOME"),
	}
}

// runOslo runs oslo_dump.py cmd args in dir (the corpus directory when ""),
// with stdin as its standard input, and decodes its JSON output into out.
func runOslo(t testing.TB, dir string, stdin any, out any, cmdArgs ...string) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join(corpusDir, osloScript))
	if err != nil {
		t.Fatal(err)
	}
	if dir == "" {
		dir = corpusDir
	}
	cmd := exec.Command(python, append([]string{script}, cmdArgs...)...)
	cmd.Dir = dir
	cmd.Env = pythonEnv()
	if stdin != nil {
		in, err := json.Marshal(stdin)
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdin = bytes.NewReader(in)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", osloScript, cmdArgs[0], err, stderr.String())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("%s %s: bad JSON: %v", osloScript, cmdArgs[0], err)
	}
}

// osloDump is what oslo_dump.py parse reports for one file, reduced to
// what both readers must agree on.
type osloDump struct {
	File       string     `json:"file"`
	OK         bool       `json:"ok"`
	Sections   []osloSect `json:"sections,omitempty"`
	Normalized []osloSect `json:"normalized,omitempty"`
	Error      *osloErr   `json:"error,omitempty"`
}

type osloErr struct {
	Kind   string  `json:"kind"`             // parse, decode or other
	Msg    string  `json:"msg,omitempty"`    // parse: iniparser's message
	Lineno int     `json:"lineno,omitempty"` // parse
	Line   *string `json:"line"`             // parse: the rstripped line, or null
	Str    string  `json:"str,omitempty"`    // parse: str(ConfigFileParseError)
	Reason string  `json:"reason,omitempty"` // decode: the codec's reason
	Start  int     `json:"start,omitempty"`  // decode: offset, relative to the decoded chunk
}

// osloSect is a [name, [[key, [values...]]...]] pair.
type osloSect struct {
	Name string
	Keys []osloKey
}

type osloKey struct {
	Key    string
	Values []string
}

func (s osloSect) MarshalJSON() ([]byte, error) {
	keys := make([][2]any, len(s.Keys))
	for i, k := range s.Keys {
		keys[i] = [2]any{k.Key, k.Values}
	}
	return json.Marshal([2]any{s.Name, keys})
}

func (s *osloSect) UnmarshalJSON(b []byte) error {
	var raw [2]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if err := json.Unmarshal(raw[0], &s.Name); err != nil {
		return err
	}
	var keys [][2]json.RawMessage
	if err := json.Unmarshal(raw[1], &keys); err != nil {
		return err
	}
	for _, k := range keys {
		var ok osloKey
		if err := json.Unmarshal(k[0], &ok.Key); err != nil {
			return err
		}
		if err := json.Unmarshal(k[1], &ok.Values); err != nil {
			return err
		}
		s.Keys = append(s.Keys, ok)
	}
	return nil
}

// reduce drops what may legitimately differ: Python's decode position is
// relative to the chunk its incremental decoder was given (exact only for
// a small file with an invalid byte that is not at its end).
func (d osloDump) reduce(srcLen int) osloDump {
	if d.Error != nil && d.Error.Kind == "decode" {
		e := *d.Error
		e.Msg = ""
		e.Line = nil
		if e.Reason == "unexpected end of data" || srcLen > 8192 {
			e.Start = 0
		}
		d.Error = &e
	}
	return d
}

// digest replaces every key and value longer than 1 KiB by its length and
// SHA-256, to keep the golden file small.
func (d osloDump) digest() osloDump {
	short := func(s string) string {
		if len(s) <= 1024 {
			return s
		}
		return fmt.Sprintf("<%d bytes, sha256 %x>", len(s), sha256.Sum256([]byte(s)))
	}
	sects := func(in []osloSect) []osloSect {
		var out []osloSect
		for _, s := range in {
			n := osloSect{Name: short(s.Name), Keys: []osloKey{}}
			for _, k := range s.Keys {
				nk := osloKey{Key: short(k.Key)}
				for _, v := range k.Values {
					nk.Values = append(nk.Values, short(v))
				}
				n.Keys = append(n.Keys, nk)
			}
			out = append(out, n)
		}
		return out
	}
	d.Sections, d.Normalized = sects(d.Sections), sects(d.Normalized)
	return d
}

// ourDump reports what Parse makes of src in oslo_dump.py's shape.
func ourDump(name string, src []byte) osloDump {
	d := osloDump{File: name, OK: true}
	f, err := Parse(name, src)
	if err != nil {
		d.OK = false
		var pe *ParseError
		if !errors.As(err, &pe) {
			d.Error = &osloErr{Kind: "other", Msg: err.Error()}
			return d
		}
		if pe.Decode {
			d.Error = &osloErr{Kind: "decode", Reason: pe.Msg[strings.LastIndex(pe.Msg, ": ")+2:], Start: pe.Pos.Offset}
			return d
		}
		e := &osloErr{Kind: "parse", Msg: pe.Msg, Lineno: pe.OsloLine}
		repr := "None"
		if pe.Msg != MsgNoSection {
			line := pyRStrip(pe.Line)
			e.Line = &line
			repr = pyRepr(line)
		}
		e.Str = fmt.Sprintf("Failed to parse %s: at %s:%d, %s: %s", name, name, pe.OsloLine, pe.Msg, repr)
		d.Error = e
		return d
	}
	d.Sections = sectionsBy(f, func(s *Section) string { return s.Name })
	d.Normalized = sectionsBy(f, func(s *Section) string { return s.Group })
	return d
}

// sectionsBy builds oslo.config's {section: {key: [values]}} dict, keyed
// by name(section), in insertion order.
func sectionsBy(f *File, name func(*Section) string) []osloSect {
	var out []osloSect
	idx := map[string]int{}
	for _, s := range f.Sections {
		n := name(s)
		i, ok := idx[n]
		if !ok {
			i = len(out)
			idx[n] = i
			out = append(out, osloSect{Name: n, Keys: []osloKey{}})
		}
		for _, e := range s.Entries {
			found := false
			for k := range out[i].Keys {
				if out[i].Keys[k].Key == e.Key {
					out[i].Keys[k].Values = append(out[i].Keys[k].Values, e.Value)
					found = true
					break
				}
			}
			if !found {
				out[i].Keys = append(out[i].Keys, osloKey{Key: e.Key, Values: []string{e.Value}})
			}
		}
	}
	return out
}

// pyRepr is Python's repr() of a str.
func pyRepr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f || unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// diffDumps returns "" when a and b agree, or a readable difference.
func diffDumps(a, b osloDump) string {
	if reflect.DeepEqual(a, b) {
		return ""
	}
	ja, _ := json.MarshalIndent(a, "", "  ")
	jb, _ := json.MarshalIndent(b, "", "  ")
	if bytes.Equal(ja, jb) {
		return ""
	}
	la, lb := strings.Split(string(ja), "\n"), strings.Split(string(jb), "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("first difference at line %d of the JSON:\n  ours:  %s\n  oslo:  %s", i+1, x, y)
		}
	}
	return "differ"
}

// corpusFiles lists the corpus, relative to corpusDir.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"valid", "invalid"} {
		m, err := filepath.Glob(filepath.Join(corpusDir, dir, "*.conf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			rel, _ := filepath.Rel(corpusDir, p)
			out = append(out, filepath.ToSlash(rel))
		}
	}
	if len(out) < 40 {
		t.Fatalf("corpus has %d files, want at least 40", len(out))
	}
	return out
}

func readCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(corpusDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return src
}
