package runner

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/lint"
)

// TestSARIFValidates: the SARIF of the guide's heat.conf (relative and
// absolute paths, standard input, names that need percent-encoding,
// fixes, related locations) validates against the official SARIF 2.1.0
// JSON schema, and has what code scanning uses: fixes, invocations,
// fingerprints, SRCROOT-relative URIs.
func TestSARIFValidates(t *testing.T) {
	sch := testenv.SARIFSchema(t, "testdata/sarif/sarif-schema-2.1.0.json")
	fs := guideFindings(t)
	extra := fs[0]
	extra.File = "/etc/heat/heat conf #1.conf"
	stdin := fs[0]
	stdin.File = "<stdin>"
	fs = append(fs, extra, stdin)
	var buf bytes.Buffer
	if err := Write(&buf, "sarif", fs, WriteOptions{Version: "test", Command: []string{"heatconf", "lint", "guide.conf"}, WorkDir: "/src/repo"}); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the SARIF does not validate against SARIF 2.1.0:\n%v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Fixes               []any             `json:"fixes"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful || run.OriginalURIBaseIDs["SRCROOT"].URI != "file:///src/repo/" {
		t.Errorf("invocations %+v, base ids %+v", run.Invocations, run.OriginalURIBaseIDs)
	}
	fixes, prints := 0, map[string]bool{}
	var uris []string
	for _, r := range run.Results {
		if rules := run.Tool.Driver.Rules; r.RuleIndex < 0 || r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result of %s has ruleIndex %d", r.RuleID, r.RuleIndex)
		}
		fixes += len(r.Fixes)
		p := r.PartialFingerprints["heatconf/v1"]
		if p == "" || prints[p] {
			t.Errorf("fingerprint %q missing or repeated", p)
		}
		prints[p] = true
		a := r.Locations[0].PhysicalLocation.ArtifactLocation
		uris = append(uris, a.URIBaseID+" "+a.URI)
	}
	if fixes == 0 {
		t.Error("no result carries a fix")
	}
	for _, want := range []string{"SRCROOT ../testdata/lint/guide.conf", " file:///etc/heat/heat%20conf%20%231.conf", "SRCROOT %3Cstdin%3E"} {
		found := false
		for _, u := range uris {
			found = found || u == want
		}
		if !found {
			t.Errorf("no location %q in %q", want, strings.Join(uris[len(uris)-3:], ", "))
		}
	}
}

// TestSARIFRefusesUnknownRules: a finding whose rule is not among the
// driver's rules (or that has none) cannot be written as SARIF: its
// ruleIndex would point at another rule. Nothing is written.
func TestSARIFRefusesUnknownRules(t *testing.T) {
	for _, r := range []*lint.Rule{nil, {ID: "no-such-rule"}} {
		var buf bytes.Buffer
		fs := []lint.Finding{{File: "a.conf", Line: 1, Column: 1, Rule: r, Severity: lint.Error, Message: "m"}}
		err := Write(&buf, "sarif", fs, WriteOptions{})
		if err == nil || !strings.Contains(err.Error(), "not a heatconf rule") || buf.Len() > 0 {
			t.Errorf("rule %q: err %v, wrote %d bytes", r, err, buf.Len())
		}
	}
	for _, r := range lint.Rules() {
		fs := []lint.Finding{{File: "a.conf", Line: 1, Column: 1, Rule: r, Severity: lint.Error, Message: "m"}}
		if err := Write(io.Discard, "sarif", fs, WriteOptions{}); err != nil {
			t.Errorf("rule %s: %v", r, err)
		}
	}
}
