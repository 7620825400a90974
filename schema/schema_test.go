package schema

import "testing"

func embedded(t testing.TB, release string) *Registry {
	t.Helper()
	r, err := Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
