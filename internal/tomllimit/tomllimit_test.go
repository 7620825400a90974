package tomllimit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/heatconf/heatconf/internal/testenv"
)

// dottedKey is the attack of the issue: one key of n parts, "a.a.a...".
func dottedKey(n int) string { return "a" + strings.Repeat(".a", n-1) + " = 1\n" }

func TestCheck(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("x.", n-1) + "x" }
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("k")
			b.WriteString(strings.Repeat("a", i%7))
			b.WriteString(string(rune('a' + i%26)))
			b.WriteString(" = 1\n")
		}
		return b.String()
	}
	tests := []struct {
		name      string
		src       string
		line, col int    // 0: accepted
		msg       string // part of the message
	}{
		{"site-like file", "release = \"2025.1\"\n[keystone]\npublic_url = \"https://k\" # c\n[[keystone.stack_owners]]\nuser = \"u\"\n[overrides.DEFAULT]\ndebug = true\n", 0, 0, ""},
		{"32 parts", deep(32) + " = 1\n", 0, 0, ""},
		{"33 parts", "# head\n\n" + deep(33) + " = 1\n", 3, 1, "33 parts deep"},
		{"the 20 KB key", dottedKey(10_000), 1, 1, "10000 parts deep"},
		{"quoted and spaced parts", `"a" . 'b' . c` + strings.Repeat(` . "d"`, 40) + " = 1\n", 1, 1, "43 parts deep"},
		{"table header", "[" + deep(33) + "]\n", 1, 1, "table name of 33 parts"},
		{"header and key add up", "[" + deep(20) + "]\n  " + deep(13) + " = 1\n", 2, 3, "33 parts deep"},
		{"nested inline tables", "a = " + strings.Repeat("{b = ", 40) + "1" + strings.Repeat("}", 40) + "\n", 1, 1 + 5*32, "33 parts deep"},
		{"inline tables over lines", "a = {\n" + strings.Repeat("b = {\n", 40) + "c = 1\n" + strings.Repeat("}\n", 41), 33, 1, "33 parts deep"},
		{"nested arrays", "a = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n", 1, 5 + 31, "nested 33 deep"},
		{"deep key after a malformed line", "= = =\n" + dottedKey(50), 2, 1, "50 parts deep"},
		{"deep key with a dangling dot", deep(50) + ". = 1\n", 1, 1, "50 parts deep"},
		{"strings hide nothing", "s = \"\"\"\n" + dottedKey(50) + "\"\"\"\nt = '''\n" + dottedKey(50) + "'''\nu = \"a.b.c\" # " + deep(50) + "\n", 0, 0, ""},
		{"escaped quote in a string", `s = "\"` + deep(50) + "\"\n", 0, 0, ""},
		{"keys at the limit", many(MaxKeys), 0, 0, ""},
		{"one key too many", many(MaxKeys + 1), MaxKeys + 1, 1, "more than 50000 keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check("f.toml", []byte(tt.src))
			if tt.line == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if e.Name != "f.toml" || e.Line != tt.line || e.Col != tt.col || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("err = %v (line %d col %d), want f.toml:%d:%d ... %q", e, e.Line, e.Col, tt.line, tt.col, tt.msg)
			}
		})
	}
}

// TestDecodeRefusesBeforeDecoding: the 20 KB dotted key of the issue (1.4
// GB and 6 s in the decoder) is refused in milliseconds, and the decoder
// is never called.
func TestDecodeRefusesBeforeDecoding(t *testing.T) {
	called := false
	decode = func(string, any) (toml.MetaData, error) {
		called = true
		return toml.MetaData{}, nil
	}
	t.Cleanup(func() { decode = toml.Decode })
	src := []byte(dottedKey(10_000))
	if len(src) < 20_000 {
		t.Fatalf("the key is %d bytes, want 20 KB", len(src))
	}
	var v map[string]any
	var err error
	// processor time and allocation, not the wall clock: a busy machine
	// cannot fail the bound, and the decoder's 6 s would
	cpu, alloc := testenv.Cost(t, func() { _, err = Decode(".heatconf.toml", src, &v) })
	if cpu > time.Second || alloc > 16<<20 {
		t.Errorf("refusing took %v of processor time, allocated %d MB", cpu, alloc>>20)
	}
	if err == nil || !strings.HasPrefix(err.Error(), ".heatconf.toml:1:1: a key 10000 parts deep") {
		t.Errorf("err = %v", err)
	}
	if called {
		t.Error("the decoder was called")
	}
	if _, err := Decode("ok.toml", []byte("a.b = 1\n"), &v); err != nil || !called {
		t.Errorf("a small file: err %v, decoded %v", err, called)
	}
}

// TestCheckIsLinear: a document at the byte cap of every shape scans in
// milliseconds of processor time (a quadratic scan of 1 MiB would take
// hours); the bound is processor time, which a busy machine barely moves.
func TestCheckIsLinear(t *testing.T) {
	const size = 1 << 20
	for name, unit := range map[string]string{
		"dotted key":    "a.",
		"brackets":      "[",
		"braces":        "{a=",
		"quotes":        `"`,
		"backslashes":   `"\`,
		"newlines":      "\n",
		"short keys":    "a=1\n",
		"array entries": "1,",
	} {
		src := []byte(strings.Repeat(unit, size/len(unit)))
		if name == "array entries" {
			src = append([]byte("a = ["), src...)
		}
		cpu, _ := testenv.Cost(t, func() { Check(name, src) })
		if cpu > 5*time.Second {
			t.Errorf("%s: %v of processor time", name, cpu)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"a.b = 1\n", "[x]\ny = [1, {z = 2}]\n", "s = '''\n'''\n", dottedKey(40)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		err := Check("f", src)
		var e *Error
		if err != nil && (!errors.As(err, &e) || e.Line < 1 || e.Col < 1) {
			t.Fatalf("err = %#v", err)
		}
	})
}

// BenchmarkCheck scans a site of 1,000 hosts (the largest site the
// render benchmarks use): the cost the limits add to every decode.
func BenchmarkCheck(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("release = \"2025.1\"\n[keystone]\npublic_url = \"https://k:5000\"\n")
	for i := range 1000 {
		sb.WriteString("[hosts.ctl")
		sb.WriteString(strings.Repeat("x", i%5))
		sb.WriteString(string(rune('a'+i%26)) + "]\nbind_host = \"10.0.0.1\"\nname = \"ctl.example.net\"\n")
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := Check("site.toml", src); err != nil {
			b.Fatal(err)
		}
	}
}
