package schemaview

import (
	"testing"

	"github.com/heatconf/heatconf/schema"
)

func embedded(t testing.TB, release string) *schema.Registry {
	t.Helper()
	r, err := schema.Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
