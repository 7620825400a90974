package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/conf"
)

// applyOverrides merges the site's [overrides] into a rendered heat.conf:
// a key the template wrote is replaced in place, a new key goes at the end
// of its section, a new section at the end of the file, and {} removes a
// key. Section names match the way oslo.config matches them
// (conf.SameGroup): DEFAULT exactly, every other name lower-cased.
//
// It works on heatconf's own output, which has no continuation lines and
// one line per key, so a line scanner is exact here.
func applyOverrides(conf []byte, overrides map[string]map[string]any) ([]byte, error) {
	if len(overrides) == 0 {
		return conf, nil
	}
	lines := strings.Split(strings.TrimSuffix(string(conf), "\n"), "\n")
	for _, sec := range sortedKeys(overrides) {
		for _, key := range sortedKeys(overrides[sec]) {
			v := overrides[sec][key]
			_, remove := v.(map[string]any)
			var line string
			if !remove {
				text, err := overrideText(v)
				if err != nil {
					return nil, fmt.Errorf("overrides.%s.%s: %w", sec, key, err)
				}
				esc, err := INIValue(text)
				if err != nil {
					return nil, fmt.Errorf("overrides.%s.%s: %w", sec, key, err)
				}
				line = key + " = " + esc
			}
			lines = setKey(lines, sec, key, line, remove)
		}
	}
	return []byte(strings.Join(lines, "\n") + "\n"), nil
}

// setKey sets, adds or removes one key.
func setKey(lines []string, sec, key, line string, remove bool) []string {
	start, end := -1, len(lines) // the section's header and the line after it
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
	lines = append(lines[:lastKey+1], append([]string{line}, lines[lastKey+1:]...)...)
	return lines
}

// overrideText writes a TOML value the way oslo.config reads it: lists
// comma-separated, booleans true/false.
func overrideText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			s, err := overrideText(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("a %T cannot be written to heat.conf", v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
