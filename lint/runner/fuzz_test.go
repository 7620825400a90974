package runner

import (
	"strings"
	"testing"
	"time"
)

// FuzzConfig reads any .heatconf.toml, as a pull request can commit one
// above a linted file: it is a Config or an error that names the file,
// never a panic, and it costs milliseconds however it nests (the TOML key
// limits are checked before the decoder runs).
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
		start := time.Now()
		c, err := parseConfig("repo/.heatconf.toml", data)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
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
