package render

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
)

// scanSetKey is setKey as first written, a scan of the file for every
// key: the definition applyOverrides keeps.
func scanSetKey(lines []string, sec, key, line string, remove bool) []string {
	start, end := -1, len(lines)
	for i, l := range lines {
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			if start >= 0 {
				end = i
				break
			}
			if conf.SameGroup(l[1:len(l)-1], sec) {
				start = i
			}
		}
	}
	if start < 0 {
		if remove {
			return lines
		}
		return append(lines, "", "["+sec+"]", line)
	}
	lastKey := start
	for i := start + 1; i < end; i++ {
		l := lines[i]
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		lastKey = i
		if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == key {
			if remove {
				return append(lines[:i], lines[i+1:]...)
			}
			lines[i] = line
			return lines
		}
	}
	if remove {
		return lines
	}
	return append(lines[:lastKey+1], append([]string{line}, lines[lastKey+1:]...)...)
}

// TestOverridesAsTheScan: random files and overrides (removals, repeated
// keys and sections, sections differing in case, comments after the last
// key) come out of applyOverrides as out of the scan.
func TestOverridesAsTheScan(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	sections := []string{"DEFAULT", "default", "database", "Database", "keystone_authtoken", "new", "New"}
	keys := []string{"a", "b", "c", "debug", "host"}
	for round := range 3000 {
		var lines []string
		if r.IntN(3) == 0 {
			lines = append(lines, "# preamble", "a = 0")
		}
		for range r.IntN(5) {
			lines = append(lines, "["+sections[r.IntN(len(sections))]+"]")
			for range r.IntN(6) {
				switch r.IntN(4) {
				case 0:
					lines = append(lines, "")
				case 1:
					lines = append(lines, "# "+keys[r.IntN(len(keys))]+" = x")
				default:
					lines = append(lines, keys[r.IntN(len(keys))]+" = "+fmt.Sprint(r.IntN(9)))
				}
			}
		}
		ov := map[string]map[string]any{}
		for range r.IntN(6) {
			sec := sections[r.IntN(len(sections))]
			if ov[sec] == nil {
				ov[sec] = map[string]any{}
			}
			k := keys[r.IntN(len(keys))]
			if r.IntN(3) == 0 {
				ov[sec][k] = map[string]any{}
			} else {
				ov[sec][k] = fmt.Sprint("v", r.IntN(9))
			}
		}
		src := strings.Join(lines, "\n") + "\n"
		want := append([]string(nil), strings.Split(strings.TrimSuffix(src, "\n"), "\n")...)
		for _, sec := range sortedKeys(ov) {
			for _, key := range sortedKeys(ov[sec]) {
				_, remove := ov[sec][key].(map[string]any)
				line := ""
				if !remove {
					line = key + " = " + ov[sec][key].(string)
				}
				want = scanSetKey(want, sec, key, line, remove)
			}
		}
		got, err := applyOverrides([]byte(src), ov)
		if err != nil {
			t.Fatal(err)
		}
		if w := strings.Join(want, "\n") + "\n"; string(got) != w {
			t.Fatalf("round %d: overrides %v of\n%s\ngave\n%s\nthe scan gives\n%s", round, ov, src, got, w)
		}
	}
}

// TestManyOverridesAreLinear: 60,000 overrides, in one section and in
// 20,000, cost well under a second (39 s when each was a scan), counted in
// processor time, which a busy machine barely moves.
func TestManyOverridesAreLinear(t *testing.T) {
	base := "[DEFAULT]\ndebug = true\n# end\n\n[database]\nconnection = x\n"
	one, many := map[string]map[string]any{"DEFAULT": {}}, map[string]map[string]any{}
	for i := range 60000 {
		one["DEFAULT"][fmt.Sprintf("k%d", i)] = "v"
		if i%3 == 0 {
			many[fmt.Sprintf("g%d", i)] = map[string]any{"a": "1", "b": "2", "c": "3"}
		}
	}
	for name, ov := range map[string]map[string]map[string]any{"one section": one, "20,000 sections": many} {
		var out []byte
		var err error
		cpu, _ := testenv.Cost(t, func() { out, err = applyOverrides([]byte(base), ov) })
		if err != nil {
			t.Fatal(err)
		}
		if cpu > 5*time.Second {
			t.Errorf("%s: %v of processor time", name, cpu)
		}
		if n := strings.Count(string(out), " = "); n < 60000 {
			t.Errorf("%s: %d keys written", name, n)
		}
	}
}
