package oslotype

import (
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema/internal/optdata"
)

// FuzzValidate: no value makes a type's Validate panic.
func FuzzValidate(f *testing.F) {
	for _, c := range handCases() {
		for _, v := range c.values {
			f.Add(c.t.Class, v)
		}
	}
	var types []*Type
	for _, c := range handCases() {
		tt := c.t
		typ, err := New(&tt)
		if err != nil {
			f.Fatal(err)
		}
		types = append(types, typ)
	}
	f.Fuzz(func(t *testing.T, class, value string) {
		for _, typ := range types {
			if typ.Class == class || strings.HasPrefix(class, "*") {
				_ = typ.Validate(value)
			}
		}
		typ, err := New(&optdata.Type{Class: class})
		if err == nil {
			_ = typ.Validate(value)
		}
	})
}
