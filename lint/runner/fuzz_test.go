package runner

import (
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
)

// TestConfigNestingIsCheap: a .heatconf.toml that nests as deep as a
// pull request can make it (a 20 KB dotted key cost the decoder 1.4 GB
// and 6 s) is refused, naming the file, in little processor time and
// memory: bounds a busy machine cannot miss and the decoder would exceed
// many times over.
func TestConfigNestingIsCheap(t *testing.T) {
	for name, data := range map[string]string{
		"dotted key":    strings.Repeat("a.", 10_000) + "a = 1\n",
		"inline tables": "x = " + strings.Repeat("{a = ", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n",
		"arrays":        "x = " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n",
		"table header":  "[" + strings.Repeat("a.", 10_000) + "a]\n",
	} {
		var err error
		cpu, alloc := testenv.Cost(t, func() { _, err = parseConfig("repo/.heatconf.toml", []byte(data)) })
		t.Logf("%s: %v of processor time, %d KB allocated: %v", name, cpu, alloc>>10, err)
		if err == nil || !strings.Contains(err.Error(), "repo/.heatconf.toml") {
			t.Errorf("%s: the error does not name the file: %v", name, err)
		}
		if cpu > time.Second || alloc > 64<<20 {
			t.Errorf("%s: %v of processor time, %d MB allocated", name, cpu, alloc>>20)
		}
	}
}

// FuzzConfig reads any .heatconf.toml, as a pull request can commit one
// above a linted file: it is a Config or an error that names the file,
// never a panic. That it costs milliseconds however it nests (the TOML key
// limits are checked before the decoder runs) is TestConfigNestingIsCheap's:
// a fuzz target bounds no time, which a busy machine could miss.
func FuzzConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		"release = \"zed\"\nfail_on = \"warning\"\ndisable = [\"weak-password\"]\n",
		"[severity]\nweak-password = \"error\"\nplain-http = \"info\"\n",
		"severity.weak-password = \"info\"\n",
		"include = [\"etc/**/*.conf\"]\nexclude = [\"etc/old/**\"]\nfragment = true\n",
		"schema = \"heat.yaml\"\nenable = [\"plain-http\"]\n",
		"[severty]\nweak-password = \"error\"\n",
		"release = \"zed\"\nrelease = \"yoga\"\n",
		strings.Repeat("a.", 40) + "a = 1\n",
		"x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n",
		"x = {a = {b = {c = 1}}}\n",
		"\x1b[2J = 1\n",
		"include = [\"[\"]\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseConfig("repo/.heatconf.toml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "repo/.heatconf.toml") {
				t.Errorf("the error does not name the file: %v", err)
			}
			return
		}
		if c == nil || c.Path != "repo/.heatconf.toml" {
			t.Fatalf("no error and no Config: %+v", c)
		}
	})
}
