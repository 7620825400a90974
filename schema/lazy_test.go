package schema_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
)

// TestLintMakesFewGroups lints the install guide's heat.conf with a fresh
// registry: only the groups the file and the rules look at may be made (the
// reason a lint run starts in microseconds), and the findings must be the
// same as with every group made beforehand.
func TestLintMakesFewGroups(t *testing.T) {
	data, err := os.ReadFile("../testdata/lint/guide.conf")
	if err != nil {
		t.Fatal(err)
	}
	run := func(reg *schema.Registry) []lint.Finding {
		f, err := conf.Parse("guide.conf", data)
		if err != nil {
			t.Fatal(err)
		}
		l, err := lint.New(lint.Options{Registry: reg})
		if err != nil {
			t.Fatal(err)
		}
		return l.Lint([]*conf.File{f})
	}
	lazy, err := schema.FreshEmbedded("zed")
	if err != nil {
		t.Fatal(err)
	}
	got := run(lazy)
	built, all := lazy.BuiltGroups()
	t.Logf("linting the guide made %d of %d groups", built, all)
	if built == 0 || built > all/3 {
		t.Errorf("linting the guide made %d of %d groups", built, all)
	}

	eager, err := schema.FreshEmbedded("zed")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range eager.Groups() {
		eager.Options(g)
	}
	if b, a := eager.BuiltGroups(); b != a {
		t.Fatalf("Options made %d of %d groups", b, a)
	}
	want := run(eager)
	if len(got) != len(want) {
		t.Fatalf("%d findings with a fresh registry, %d with every group made", len(got), len(want))
	}
	for i := range got {
		if got[i].String() != want[i].String() {
			t.Errorf("finding %d: %s\nwith every group made: %s", i, got[i], want[i])
		}
	}
}

// TestLookupMakesOneOption looks keys up in a fresh registry: each lookup
// makes the option it finds and no other of the group, and the options
// made later for a listing are the same ones.
func TestLookupMakesOneOption(t *testing.T) {
	reg, err := schema.FreshEmbedded("2025.1")
	if err != nil {
		t.Fatal(err)
	}
	m, ok := reg.Lookup("DEFAULT", "debug", "")
	if !ok {
		t.Fatal("[DEFAULT] debug not found")
	}
	if n := reg.MadeOptions("DEFAULT"); n != 1 {
		t.Errorf("looking up [DEFAULT] debug made %d options", n)
	}
	if _, ok := reg.Lookup("DEFAULT", "no_such_option", ""); ok {
		t.Fatal("[DEFAULT] no_such_option found")
	}
	if again, _ := reg.Lookup("DEFAULT", "debug", ""); again.Option != m.Option {
		t.Error("a second lookup made another option")
	}
	var listed *schema.Option
	for _, o := range reg.Options("DEFAULT") {
		if o.Name == "debug" {
			listed = o
		}
	}
	if listed != m.Option {
		t.Error("Options lists another [DEFAULT] debug than Lookup found")
	}
	if again, _ := reg.Lookup("DEFAULT", "debug", ""); again.Option != m.Option {
		t.Error("a lookup after Options found another option")
	}
}

// TestPluginLookupMatchesListing looks every option of the password plugin
// up in [keystone_authtoken] of a fresh registry, by name and by each
// deprecated name, then lists them: the listing holds the very options the
// lookups found, and a fresh registry listed first answers alike.
func TestPluginLookupMatchesListing(t *testing.T) {
	lazy, err := schema.FreshEmbedded("2025.1")
	if err != nil {
		t.Fatal(err)
	}
	eager, err := schema.FreshEmbedded("2025.1")
	if err != nil {
		t.Fatal(err)
	}
	listed, ok := eager.PluginOptions("keystone_authtoken", "password")
	if !ok || len(listed) == 0 {
		t.Fatal("no password plugin options in [keystone_authtoken]")
	}
	var keys []string
	for _, o := range listed {
		keys = append(keys, o.Name, strings.ReplaceAll(o.Name, "_", "-"))
		for _, a := range o.Deprecated {
			keys = append(keys, a.Name, strings.ReplaceAll(a.Name, "-", "_"))
		}
	}
	keys = append(keys, "no_such_option")
	found := map[string]*schema.Option{}
	for _, k := range keys {
		m, ok := lazy.Lookup("keystone_authtoken", k, "password")
		want, wantOK := eager.Lookup("keystone_authtoken", k, "password")
		if ok != wantOK || ok && (m.Via != want.Via || m.Option.Name != want.Option.Name || (m.Alias == nil) != (want.Alias == nil)) {
			t.Errorf("%s: %+v, %v; listed first: %+v, %v", k, m, ok, want, wantOK)
		}
		if ok {
			found[k] = m.Option
		}
	}
	after, _ := lazy.PluginOptions("keystone_authtoken", "password")
	for k, o := range found {
		if !slices.Contains(after, o) {
			t.Errorf("%s: PluginOptions lists another option than Lookup found", k)
		}
	}
}
