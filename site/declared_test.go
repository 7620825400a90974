package site

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
)

// The declared rules are written in go-playground/validator/v10's tag
// language, and validator/v10 is the judge of what they mean: these tests
// run it beside heatconf's checker (declared.go) on the same site values and
// require the same failures, key by key and tag by tag. The binary does not
// link validator/v10 because of its cost at every start (see declared.go).

// oracle runs validator/v10 on s and returns its failures as
// "key tag=param", sorted.
func oracle(t testing.TB, s *Site) []string {
	t.Helper()
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(tomlName)
	err := v.Struct(s)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		t.Fatalf("validator/v10: %v", err)
	}
	var out []string
	for _, fe := range ves {
		out = append(out, oracleKey(fe.Namespace())+" "+fe.Tag()+"="+fe.Param())
	}
	slices.Sort(out)
	return out
}

// oracleKey turns validator's "Site.hosts[ctl1].bind_host" into the site
// file's key path "hosts.ctl1.bind_host"; list indexes stay ("[0]").
func oracleKey(ns string) string {
	ns = strings.TrimPrefix(ns, "Site.")
	var b strings.Builder
	for i := 0; i < len(ns); i++ {
		if ns[i] == '[' {
			if end := strings.IndexByte(ns[i:], ']'); end > 0 {
				if inner := ns[i+1 : i+end]; !isIndex(inner) {
					b.WriteString("." + inner)
					i += end
					continue
				}
			}
		}
		b.WriteByte(ns[i])
	}
	return b.String()
}

func isIndex(s string) bool { _, err := strconv.Atoi(s); return err == nil }

// ours runs heatconf's checker in the same shape.
func ours(s *Site) []string {
	var out []string
	for _, f := range checkDeclared(s) {
		out = append(out, f.key+" "+f.tag+"="+f.param)
	}
	slices.Sort(out)
	return out
}

// fullSite has a value in every field the declared rules look at, so that
// each mutation below breaks at most the rules of the field it changes.
func fullSite() *Site {
	s := &Site{}
	fill(reflect.ValueOf(s).Elem())
	s.Database.Port = 3306
	s.Heat.EngineWorkers, s.Heat.APIWorkers = 4, 4
	s.Messaging.Notifications = "noop"
	s.Render.Secrets = "inline"
	s.Hosts = map[string]Host{"ctl1": {Name: "ctl1", BindHost: "192.0.2.1"}, "ctl2": {BindHost: "2001:db8::2"}}
	s.Keystone.StackOwners = []Grant{{User: "u", Project: "p", Domain: "d"}, {User: "v", Project: "q", Domain: "d"}}
	return s
}

// fill gives every settable string, secret and list of strings a value.
func fill(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanSet() {
			continue
		}
		switch {
		case f.Type() == reflect.TypeFor[Secret]():
			f.Set(reflect.ValueOf(NewSecret("s3cret")))
		case f.Kind() == reflect.String:
			f.SetString("value")
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			f.Set(reflect.ValueOf([]string{"a", "b"}))
		case f.Kind() == reflect.Struct:
			fill(f)
		}
	}
}

// leaves lists the exported fields under typ that are not structs (a
// Secret is a leaf), by Go path, with their field indexes.
func leaves(typ reflect.Type, path string, index []int, out map[string][]int) {
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if !sf.IsExported() {
			continue
		}
		p := strings.TrimPrefix(path+"."+sf.Name, ".")
		idx := append(slices.Clone(index), i)
		if sf.Type.Kind() == reflect.Struct && sf.Type != reflect.TypeFor[Secret]() {
			leaves(sf.Type, p, idx, out)
			continue
		}
		out[p] = idx
	}
}

func siteFields() (paths []string, index map[string][]int) {
	index = map[string][]int{}
	leaves(reflect.TypeFor[Site](), "", nil, index)
	return slices.Sorted(maps.Keys(index)), index
}

// valuesFor are the values a mutation sets for a field of this kind:
// the zero value and values on and past each boundary the rules use.
func valuesFor(t reflect.Type) []reflect.Value {
	var vs []any
	switch {
	case t == reflect.TypeFor[Secret]():
		vs = []any{Secret{}, NewSecret("x")}
	case t.Kind() == reflect.String:
		vs = []any{"", "x", "noop", "messagingv2", "log", "inline", "environment", "10.0.0.1", "::1", "not an ip", "héllo"}
	case t.Kind() == reflect.Int:
		vs = []any{0, -1, 1, 255, 256, 257, 65535, 65536}
	case t.Kind() == reflect.Bool:
		vs = []any{false, true}
	case t == reflect.TypeFor[[]string]():
		vs = []any{[]string(nil), []string{}, []string{""}, []string{"a"}, []string{"a", "a"}, []string{"a", ""}, []string{"", ""}}
	case t == reflect.TypeFor[[]Grant]():
		vs = []any{[]Grant(nil), []Grant{}, []Grant{{}}, []Grant{{User: "u"}, {User: "u", Project: "p", Domain: "d"}}}
	case t == reflect.TypeFor[map[string]Host]():
		vs = []any{map[string]Host(nil), map[string]Host{}, map[string]Host{"a": {}, "b": {BindHost: "nope"}, "c": {BindHost: "10.1.1.1"}}}
	default:
		return nil
	}
	out := make([]reflect.Value, len(vs))
	for i, v := range vs {
		out[i] = reflect.ValueOf(v)
	}
	return out
}

// TestDeclaredRulesAsValidatorReadsThem changes one field at a time to
// every value of its kind and compares the two checkers.
func TestDeclaredRulesAsValidatorReadsThem(t *testing.T) {
	if got, want := ours(fullSite()), oracle(t, fullSite()); len(got) != 0 || len(want) != 0 {
		t.Fatalf("the full site must pass both: heatconf %q, validator/v10 %q", got, want)
	}
	paths, index := siteFields()
	compared, failing := 0, 0
	for _, path := range paths {
		typ := reflect.TypeFor[Site]().FieldByIndex(index[path]).Type
		for _, val := range valuesFor(typ) {
			s := fullSite()
			field := reflect.ValueOf(s).Elem().FieldByIndex(index[path])
			if !field.CanSet() || !val.Type().AssignableTo(field.Type()) {
				continue
			}
			field.Set(val)
			got, want := ours(s), oracle(t, s)
			if !slices.Equal(got, want) {
				t.Errorf("%s = %#v:\n heatconf      %q\n validator/v10 %q", path, val.Interface(), got, want)
			}
			compared++
			if len(want) > 0 {
				failing++
			}
		}
	}
	// the comparison must have covered both sides: values that pass and
	// values that break each kind of rule
	if compared < 200 || failing < 50 {
		t.Fatalf("only %d comparisons (%d failing): the mutations no longer reach the fields", compared, failing)
	}
}

// TestDeclaredTagsAreKnown walks every validate tag of the site model and
// makes the checker read each rule once: a tag heatconf does not know
// panics here, before a site could reach it.
func TestDeclaredTagsAreKnown(t *testing.T) {
	var tags []string
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tags = append(tags, splitTags(f.Tag.Get("validate"))...)
			ft := f.Type
			for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[Secret]() {
				walk(ft)
			}
		}
	}
	walk(reflect.TypeFor[Site]())
	known := []string{"required", "omitempty", "min", "max", "oneof", "unique", "ip", "dive"}
	for _, tag := range tags {
		name, _, _ := strings.Cut(tag, "=")
		if !slices.Contains(known, name) {
			t.Errorf("the site model declares %q, which heatconf's checker does not know: teach declared.go its meaning and extend this test", tag)
		}
	}
	if len(tags) < 40 {
		t.Fatalf("found %d declared rules; the walk no longer reaches the model", len(tags))
	}
}

// FuzzDeclaredRules sets fields of a full site from the fuzzer's bytes and
// compares the two checkers.
func FuzzDeclaredRules(f *testing.F) {
	f.Add([]byte{0, 0, 1, 2, 3, 4})
	f.Add([]byte("\x05\x01\x10\x03\x22\x06"))
	paths, index := siteFields()
	f.Fuzz(func(t *testing.T, b []byte) {
		s := fullSite()
		for i := 0; i+1 < len(b) && i < 64; i += 2 {
			path := paths[int(b[i])%len(paths)]
			field := reflect.ValueOf(s).Elem().FieldByIndex(index[path])
			vals := valuesFor(field.Type())
			if len(vals) == 0 || !field.CanSet() {
				continue
			}
			field.Set(vals[int(b[i+1])%len(vals)])
		}
		if got, want := ours(s), oracle(t, s); !slices.Equal(got, want) {
			t.Fatalf("heatconf %q, validator/v10 %q", got, want)
		}
	})
}
