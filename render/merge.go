package render

import (
	"fmt"
	"slices"
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
	doc := newOverrideDoc(strings.Split(strings.TrimSuffix(string(conf), "\n"), "\n"))
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
			doc.setKey(sec, key, line, remove)
		}
	}
	return []byte(strings.Join(doc.lines(), "\n") + "\n"), nil
}

// overrideDoc is a rendered heat.conf cut into its sections, each with
// the first line of every key, so that setting one key costs no scan of
// the file: 60,000 overrides took 39 s when each was a scan.
type overrideDoc struct {
	blocks []*overrideBlock // the lines before the first header, then one per header
	first  map[string]int   // the first block of each group (conf.NormalizeGroup)
}

// overrideBlock is a header (none for the lines before the first) and the
// lines under it.
type overrideBlock struct {
	header  string
	body    []string
	removed []bool         // body lines a {} took out
	keys    map[string]int // the first body line of each key
	lastKey int            // the last body line that is not blank or a comment; -1: the header
}

func newOverrideDoc(lines []string) *overrideDoc {
	d := &overrideDoc{blocks: []*overrideBlock{{lastKey: -1}}, first: map[string]int{}}
	for _, l := range lines {
		if isHeader(l) {
			g := conf.NormalizeGroup(l[1 : len(l)-1])
			if _, ok := d.first[g]; !ok {
				d.first[g] = len(d.blocks)
			}
			d.blocks = append(d.blocks, &overrideBlock{header: l, lastKey: -1})
			continue
		}
		d.blocks[len(d.blocks)-1].add(l)
	}
	return d
}

func isHeader(l string) bool { return strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") }

// add appends a line to the block.
func (b *overrideBlock) add(l string) {
	b.body = append(b.body, l)
	b.removed = append(b.removed, false)
	b.noteKey(len(b.body) - 1)
}

// noteKey records body line i as a key line, when it is one.
func (b *overrideBlock) noteKey(i int) {
	l := b.body[i]
	if l == "" || l[0] == '#' || l[0] == ';' {
		return
	}
	b.lastKey = max(b.lastKey, i)
	if k, _, ok := strings.Cut(l, "="); ok {
		if b.keys == nil {
			b.keys = map[string]int{}
		}
		if _, seen := b.keys[strings.TrimSpace(k)]; !seen {
			b.keys[strings.TrimSpace(k)] = i
		}
	}
}

// setKey sets, adds or removes one key: the line of the key in the first
// section of its group is replaced (or removed), a new key goes after the
// last key of that section, a new section at the end of the file.
func (d *overrideDoc) setKey(sec, key, line string, remove bool) {
	bi, ok := d.first[conf.NormalizeGroup(sec)]
	if !ok {
		if remove {
			return
		}
		d.blocks[len(d.blocks)-1].add("")
		d.first[conf.NormalizeGroup(sec)] = len(d.blocks)
		b := &overrideBlock{header: "[" + sec + "]", lastKey: -1}
		b.add(line)
		d.blocks = append(d.blocks, b)
		return
	}
	b := d.blocks[bi]
	if i, ok := b.keys[key]; ok {
		if !remove {
			b.body[i] = line
			return
		}
		b.removed[i] = true
		delete(b.keys, key)
		// a later line of the same key is now the first
		for j := i + 1; j < len(b.body); j++ {
			if k, _, ok := strings.Cut(b.body[j], "="); ok && !b.removed[j] && strings.TrimSpace(k) == key && b.body[j][0] != '#' && b.body[j][0] != ';' {
				b.keys[key] = j
				break
			}
		}
		if i == b.lastKey {
			b.lastKey = -1
			for j := i - 1; j >= 0; j-- {
				if l := b.body[j]; !b.removed[j] && l != "" && l[0] != '#' && l[0] != ';' {
					b.lastKey = j
					break
				}
			}
		}
		return
	}
	if remove {
		return
	}
	// after the last key: only blank and comment lines follow it, so no
	// key's line moves
	at := b.lastKey + 1
	b.body = slices.Insert(b.body, at, line)
	b.removed = slices.Insert(b.removed, at, false)
	b.noteKey(at)
}

// lines are the document's lines, removed ones left out.
func (d *overrideDoc) lines() []string {
	var out []string
	for _, b := range d.blocks {
		if b.header != "" {
			out = append(out, b.header)
		}
		for i, l := range b.body {
			if !b.removed[i] {
				out = append(out, l)
			}
		}
	}
	return out
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
