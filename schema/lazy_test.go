package schema_test

import (
	"os"
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
