package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/releases"
)

// The upstream facts: what Heat and its libraries register and read at
// run time, each written down from upstream source at a tag with the file
// and line that say it (testdata/upstream-facts.yaml; docs/schema.md,
// "Upstream facts", has the format). TestUpstreamFacts checks every fact
// against the built-in data. A fact the data is known to get wrong carries
// `known: <issue>`: it is reported, and the test fails when it starts to
// pass, so that the mark is removed once the data is right.

const upstreamFactsFile = "testdata/upstream-facts.yaml"

// factKinds are the kinds of fact and whether each has an expected value.
var factKinds = map[string]bool{
	"exists":                 false, // the option (or, with option "", the group) is registered
	"absent":                 false, // nothing reads the key (or the group) at all
	"default":                true,  // the effective default, formatted as oslo.config's sample does; null for none
	"runtime-default":        true,  // the default is computed when the program runs (expected says from what)
	"type":                   true,  // heatconf's type name of the option's oslo.config type
	"deprecated-name":        true,  // "[group] name": a deprecated spelling the option still reads
	"deprecated-for-removal": true,  // "true" or "false"
	"secret":                 true,  // "true" or "false": the value is masked in logs
	"choices":                true,  // the allowed values in their order, as a JSON list: ["", "trusts"]
	"min":                    true,  // the lower bound, as a number
	"max":                    true,  // the upper bound, as a number
	"plugin-option":          true,  // an auth_type whose keystoneauth plugin reads the key in the group
}

type factEvidence struct {
	Repo string `yaml:"repo"`
	Tag  string `yaml:"tag"`
	Path string `yaml:"path"`
	Line int    `yaml:"line"`
	To   int    `yaml:"to"`
	Text string `yaml:"text"`
}

type upstreamFact struct {
	Release      string  `yaml:"release"`
	Group        string  `yaml:"group"`
	Option       string  `yaml:"option"`
	Kind         string  `yaml:"kind"`
	Expected     *string `yaml:"expected"`
	factEvidence `yaml:",inline"`
	Also         []factEvidence `yaml:"also"`
	NoMatch      *struct {
		Repo    string   `yaml:"repo"`
		Tag     string   `yaml:"tag"`
		Pattern string   `yaml:"pattern"`
		Paths   []string `yaml:"paths"`
	} `yaml:"no_match"`
	Note  string `yaml:"note"`
	Known string `yaml:"known"`

	hasExpected bool
}

func (f *upstreamFact) String() string {
	s := f.Release + " [" + f.Group + "]"
	if f.Option != "" {
		s += " " + f.Option
	}
	return s + " " + f.Kind
}

// upstream is what the fact says, for messages.
func (f *upstreamFact) upstream() string {
	switch {
	case !f.hasExpected:
		return f.Kind
	case f.Expected == nil:
		return "no default"
	}
	return strconv.Quote(*f.Expected)
}

func (f *upstreamFact) where() string {
	return fmt.Sprintf("%s %s %s:%d", f.Repo, short(f.Tag), f.Path, f.Line)
}

func short(tag string) string {
	if len(tag) == 40 {
		return tag[:9]
	}
	return tag
}

func readUpstreamFacts(t *testing.T) []*upstreamFact {
	t.Helper()
	data, err := os.ReadFile(upstreamFactsFile)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Facts []*upstreamFact `yaml:"facts"`
	}
	if err := yaml.UnmarshalStrict(data, &file); err != nil {
		t.Fatalf("%s: %v", upstreamFactsFile, err)
	}
	// which facts write an expected value, null included
	var raw struct {
		Facts []map[string]any `yaml:"facts"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", upstreamFactsFile, err)
	}
	for i, f := range file.Facts {
		_, f.hasExpected = raw.Facts[i]["expected"]
	}
	return file.Facts
}

var factSpelling = regexp.MustCompile(`^\[([^\]]+)\] (\S+)$`)

// checkFactShape reports what is wrong in how a fact is written.
func checkFactShape(f *upstreamFact) []string {
	var bad []string
	if _, err := table.Lookup(f.Release); err != nil {
		bad = append(bad, err.Error())
	}
	needs, ok := factKinds[f.Kind]
	switch {
	case !ok:
		bad = append(bad, "unknown kind "+strconv.Quote(f.Kind))
	case needs != f.hasExpected:
		bad = append(bad, fmt.Sprintf("kind %s: expected given %v", f.Kind, f.hasExpected))
	case f.Kind != "default" && f.hasExpected && f.Expected == nil:
		bad = append(bad, "expected is null")
	case f.Kind == "deprecated-name" && !factSpelling.MatchString(*f.Expected):
		bad = append(bad, "expected is not \"[group] name\"")
	case (f.Kind == "deprecated-for-removal" || f.Kind == "secret") && *f.Expected != "true" && *f.Expected != "false":
		bad = append(bad, "expected is not true or false")
	case f.Kind == "choices" && json.Unmarshal([]byte(*f.Expected), new([]string)) != nil:
		bad = append(bad, "expected is not a JSON list of strings")
	case f.Kind == "min" || f.Kind == "max":
		if _, err := strconv.ParseFloat(*f.Expected, 64); err != nil {
			bad = append(bad, "expected is not a number")
		}
	}
	if f.Group == "" || (f.Option == "" && f.Kind != "exists" && f.Kind != "absent") {
		bad = append(bad, "no group or option")
	}
	for _, e := range append([]factEvidence{f.factEvidence}, f.Also...) {
		if !strings.HasPrefix(e.Repo, "openstack/") || e.Tag == "" || e.Path == "" || e.Line < 1 ||
			(e.To != 0 && e.To <= e.Line) || strings.TrimSpace(e.Text) == "" ||
			strings.Count(e.Text, "\n") != max(e.To-e.Line, 0) {
			bad = append(bad, fmt.Sprintf("incomplete evidence %+v", e))
		}
	}
	if f.Kind == "absent" && f.NoMatch == nil {
		bad = append(bad, "an absent fact needs no_match (what is not in the source)")
	}
	if f.NoMatch != nil && (!strings.HasPrefix(f.NoMatch.Repo, "openstack/") || f.NoMatch.Tag == "" ||
		f.NoMatch.Pattern == "" || len(f.NoMatch.Paths) == 0) {
		bad = append(bad, "incomplete no_match")
	}
	if f.Known != "" && !strings.HasPrefix(f.Known, "issue ") {
		bad = append(bad, "known names no issue")
	}
	return bad
}

// option is the option the registry registers under the fact's own name.
func factOption(reg *Registry, f *upstreamFact) *Option {
	m, ok := reg.Lookup(f.Group, f.Option, "")
	if !ok || m.Via != "" {
		return nil
	}
	return m.Option
}

func describeDefault(d *string) string {
	if d == nil {
		return "no default"
	}
	return strconv.Quote(*d)
}

// checkFact compares a fact with the registry: ok, and what the data says.
func checkFact(reg *Registry, f *upstreamFact) (ok bool, got string) {
	if f.Option == "" {
		canon, has := reg.Group(f.Group)
		if has {
			got = "has [" + canon + "]"
		} else {
			got = "has no [" + canon + "]"
		}
		return has == (f.Kind == "exists"), got
	}
	switch f.Kind {
	case "absent":
		ms := reg.LookupAll(f.Group, f.Option, "")
		if len(ms) == 0 {
			return true, "does not read it"
		}
		if ms[0].Via == "" || ms[0].Via == "plugin" {
			return false, "has " + ms[0].Option.String()
		}
		return false, "reads it as a deprecated spelling of " + ms[0].Option.String()
	case "deprecated-name":
		sp := factSpelling.FindStringSubmatch(*f.Expected)
		var reads []string
		for _, m := range reg.LookupAll(sp[1], sp[2], "") {
			if m.Via != "" && m.Via != "plugin" && m.Option.Group == conf.NormalizeGroup(f.Group) && m.Option.Name == f.Option {
				return true, "reads it"
			}
			reads = append(reads, m.Option.String())
		}
		if len(reads) == 0 {
			return false, "does not read " + *f.Expected
		}
		return false, "reads " + *f.Expected + " as " + strings.Join(reads, ", ")
	case "plugin-option":
		m, found := reg.Lookup(f.Group, f.Option, *f.Expected)
		switch {
		case !found:
			return false, "does not read it"
		case m.Via != "plugin":
			return false, "has it as " + m.Option.String() + ", not a plugin option"
		}
		return true, "reads it with the " + m.Option.Plugin + " plugin"
	}
	o := factOption(reg, f)
	if o == nil {
		m, found := reg.Lookup(f.Group, f.Option, "")
		if found {
			return false, "reads it as a deprecated spelling of " + m.Option.String()
		}
		return false, "has no such option"
	}
	switch f.Kind {
	case "exists":
		return true, "has it"
	case "default":
		got = describeDefault(o.Default)
		if f.Expected == nil || o.Default == nil {
			return f.Expected == nil && o.Default == nil, got
		}
		return *o.Default == *f.Expected, got
	case "runtime-default":
		got = describeDefault(o.Default)
		return o.Default == nil || (strings.HasPrefix(*o.Default, "<") && strings.HasSuffix(*o.Default, ">")), got
	case "type":
		return o.Type == *f.Expected, strconv.Quote(o.Type)
	case "deprecated-for-removal":
		got = strconv.FormatBool(o.DeprecatedForRemoval)
		return got == *f.Expected, got
	case "secret":
		got = strconv.FormatBool(o.Secret)
		return got == *f.Expected, got
	case "choices":
		var want []string
		_ = json.Unmarshal([]byte(*f.Expected), &want) // checked by checkFactShape
		data, _ := json.Marshal(o.Choices)
		return slices.Equal(o.Choices, want), string(data)
	case "min", "max":
		bound := o.Min
		if f.Kind == "max" {
			bound = o.Max
		}
		if bound == nil {
			return false, "no " + f.Kind
		}
		want, _ := strconv.ParseFloat(*f.Expected, 64) // checked by checkFactShape
		return *bound == want, strconv.FormatFloat(*bound, 'g', -1, 64)
	}
	return false, "unknown kind"
}

// TestUpstreamFacts checks the built-in data against every upstream fact.
func TestUpstreamFacts(t *testing.T) {
	facts := readUpstreamFacts(t)
	const minFacts = 250
	if len(facts) < minFacts {
		t.Errorf("%d facts; want at least %d", len(facts), minFacts)
	}
	seen := map[string]bool{}
	perRelease := map[string]int{}
	kinds := map[string]int{}
	known := 0
	for _, f := range facts {
		if bad := checkFactShape(f); len(bad) > 0 {
			t.Errorf("%s (%s): %s", f, f.where(), strings.Join(bad, "; "))
			continue
		}
		key := f.String()
		if seen[key] {
			t.Errorf("%s: written twice", f)
		}
		seen[key] = true
		kinds[f.Kind]++
		rel, _ := table.Lookup(f.Release)
		perRelease[rel.HeatVersion]++
		reg, err := EmbeddedRelease(rel)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		ok, got := checkFact(reg, f)
		switch {
		case f.Known == "" && !ok:
			t.Errorf("%s: upstream %s (%s), heatconf %s", f, f.upstream(), f.where(), got)
		case f.Known != "" && ok:
			t.Errorf("%s: marked known (%s) but the data now agrees (%s): remove the mark", f, f.Known, got)
		case f.Known != "":
			known++
			t.Logf("known wrong (%s): %s: upstream %s (%s), heatconf %s", f.Known, f, f.upstream(), f.where(), got)
		}
	}
	for _, rel := range releases.Upstream() {
		if perRelease[rel.HeatVersion] < 3 {
			t.Errorf("Heat %s (%s) has %d facts; want at least 3", rel.HeatVersion, rel.Name, perRelease[rel.HeatVersion])
		}
	}
	for kind := range factKinds {
		if kinds[kind] == 0 {
			t.Errorf("no fact of kind %s", kind)
		}
	}
	var counts []string
	for _, rel := range releases.Upstream() {
		counts = append(counts, fmt.Sprintf("%s %d", rel.HeatVersion, perRelease[rel.HeatVersion]))
	}
	t.Logf("per Heat version: %s", strings.Join(counts, ", "))
	t.Logf("%d facts, %d known wrong", len(facts), known)
}
