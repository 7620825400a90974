package site

import (
	"fmt"
	"net"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The declared rules are the site model's `validate:` struct tags, written in
// go-playground/validator/v10's tag language. heatconf checks them with the
// interpreter below instead of linking validator/v10 into the binary: the
// library's package initialisation (its built-in tables, regular expressions
// and dependencies) costs more than a third of every heatconf start, and Go
// runs it in every command whether or not a site is validated. The
// interpreter knows the tags the site model uses — required, omitempty, min,
// max, oneof, unique, ip and dive — and declared_test.go holds it to
// validator/v10 itself: the same structs and values give the same failures,
// key by key and tag by tag. A tag it does not know panics in that test, so a
// new tag cannot slip in unchecked.

// declaredFailure is one declared rule a value broke.
type declaredFailure struct {
	key   string       // the site file's key path: "database.port", "hosts.ctl1.bind_host", "keystone.stack_owners[0].user"
	tag   string       // the rule: "required", "min", ...
	param string       // its parameter: "1" of min=1, "noop messagingv2" of oneof
	kind  reflect.Kind // the kind of the value checked
	typ   reflect.Type
	value any
}

// checkDeclared checks every declared rule of the site, in field order
// (map entries in the order of their keys).
func checkDeclared(s *Site) []declaredFailure {
	var out []declaredFailure
	declaredStruct(reflect.ValueOf(s).Elem(), "", &out)
	return out
}

func declaredStruct(v reflect.Value, prefix string, out *[]declaredFailure) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name := tomlName(f)
		if name == "" {
			continue
		}
		key := name
		if prefix != "" {
			key = prefix + "." + name
		}
		declaredField(v.Field(i), key, splitTags(f.Tag.Get("validate")), out)
	}
}

// splitTags splits "required,min=1,unique,dive,required" into its rules;
// "" has none.
func splitTags(tag string) []string {
	if tag == "" {
		return nil
	}
	return strings.Split(tag, ",")
}

// declaredField applies rules to one value, then descends: into a struct's
// fields always, into a list's or map's entries after "dive".
func declaredField(v reflect.Value, key string, rules []string, out *[]declaredFailure) {
	for i, rule := range rules {
		tag, param, _ := strings.Cut(rule, "=")
		switch tag {
		case "omitempty":
			if v.IsZero() {
				return
			}
			continue
		case "dive":
			declaredEntries(v, key, rules[i+1:], out)
			return
		}
		if !declaredHolds(v, tag, param) {
			*out = append(*out, declaredFailure{key: key, tag: tag, param: param, kind: v.Kind(), typ: v.Type(), value: v.Interface()})
			return // validator/v10 reports the first rule a value breaks
		}
	}
	if v.Kind() == reflect.Struct && v.Type() != reflect.TypeFor[Secret]() {
		declaredStruct(v, key, out)
	}
}

// declaredEntries applies rules to each entry of a list or map, named as
// the site file names it: key[0] for a list, key.NAME for a map.
func declaredEntries(v reflect.Value, key string, rules []string, out *[]declaredFailure) {
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			declaredField(v.Index(i), key+"["+strconv.Itoa(i)+"]", rules, out)
		}
	case reflect.Map:
		for _, k := range sortedMapKeys(v) {
			declaredField(v.MapIndex(k), key+"."+k.String(), rules, out)
		}
	default:
		panic("site: dive on a " + v.Kind().String())
	}
}

func sortedMapKeys(v reflect.Value) []reflect.Value {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	return keys
}

// declaredHolds reports whether v keeps one rule, with validator/v10's
// meaning of it for the kinds the site model has.
func declaredHolds(v reflect.Value, tag, param string) bool {
	switch tag {
	case "required":
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface:
			return !v.IsNil() // an empty but present list passes; min=1 says more
		}
		return !v.IsZero()
	case "min", "max":
		n, err := strconv.ParseInt(param, 10, 64)
		if err != nil {
			panic("site: bad " + tag + " parameter " + strconv.Quote(param))
		}
		var size int64
		switch v.Kind() {
		case reflect.String:
			size = int64(utf8.RuneCountInString(v.String()))
		case reflect.Slice, reflect.Map, reflect.Array:
			size = int64(v.Len())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			size = v.Int()
		default:
			panic("site: " + tag + " on a " + v.Kind().String())
		}
		if tag == "min" {
			return size >= n
		}
		return size <= n
	case "oneof":
		s := fmt.Sprint(v.Interface())
		for _, w := range strings.Fields(param) {
			if s == w {
				return true
			}
		}
		return false
	case "unique":
		switch v.Kind() {
		case reflect.Slice, reflect.Array:
			seen := make(map[any]bool, v.Len())
			for i := range v.Len() {
				e := v.Index(i).Interface()
				if seen[e] {
					return false
				}
				seen[e] = true
			}
			return true
		}
		panic("site: unique on a " + v.Kind().String())
	case "ip":
		return net.ParseIP(v.String()) != nil
	}
	panic("site: the declared rule " + strconv.Quote(tag) + " is not known to heatconf's checker")
}

// declaredMessage says what a declared rule found wrong.
func declaredMessage(f declaredFailure) string {
	val := fmt.Sprint(f.value)
	switch f.tag {
	case "required":
		if f.kind == reflect.Slice {
			return "needs at least one entry"
		}
		return "is required"
	case "min", "max":
		if f.kind == reflect.Slice {
			return fmt.Sprintf("needs at least %s entries", f.param)
		}
		if f.tag == "min" {
			return fmt.Sprintf("is %s, must be at least %s", val, f.param)
		}
		return fmt.Sprintf("is %s, must be at most %s", val, f.param)
	case "oneof":
		return fmt.Sprintf("is %q, must be one of: %s", val, strings.Join(strings.Fields(f.param), ", "))
	case "unique":
		return "lists the same entry twice"
	case "ip":
		return fmt.Sprintf("%q is not an IP address", val)
	}
	return fmt.Sprintf("fails the %q rule", f.tag)
}

// declaredHint says how to give a required secret.
func declaredHint(f declaredFailure) string {
	if f.tag == "required" && f.typ == reflect.TypeFor[Secret]() {
		return `write the value, or better a reference: "env:NAME" or "file:PATH"`
	}
	return ""
}
