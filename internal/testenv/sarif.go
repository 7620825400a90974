package testenv

import (
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifURL is the official SARIF 2.1.0 schema's own id.
const sarifURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SARIFSchema compiles the official SARIF 2.1.0 JSON schema kept at path
// (lint/runner/testdata/sarif/sarif-schema-2.1.0.json, relative to the
// calling test's package).
func SARIFSchema(t testing.TB, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(sarifURL, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(sarifURL)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}
