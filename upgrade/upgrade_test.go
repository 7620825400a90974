package upgrade

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/releases"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const guide = "../testdata/lint/guide.conf"

func parse(t *testing.T, path string) []*conf.File {
	t.Helper()
	f, err := conf.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return []*conf.File{f}
}

func names(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Release+" ["+it.Group+"] "+it.Name+" -> "+it.New)
	}
	return out
}

func TestMake(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		renamed        []string
		removed        []string
		deprecated     []string
		defaults       []string // "[group] name old -> new" that must be among the changes
		policy         string   // the release the policy step dates the new policy defaults to
		errIs          error
		errText        string
	}{
		{name: "the guide from zed to 2025.1", from: "zed", to: "2025.1",
			renamed:    []string{"2022.2 [keystone_authtoken] auth_plugin -> [keystone_authtoken] auth_type", "2022.2 [trustee] auth_plugin -> [trustee] auth_type"},
			deprecated: []string{"2022.2 [keystone_authtoken] auth_uri -> "},
			defaults:   []string{"[oslo_messaging_rabbit] heartbeat_rate 2 -> 3"}, policy: "2024.1"},
		{name: "the guide from zed to 2026.2", from: "2022.2", to: "hibiscus",
			renamed: []string{"2022.2 [keystone_authtoken] auth_plugin -> [keystone_authtoken] auth_type", "2022.2 [trustee] auth_plugin -> [trustee] auth_type"},
			removed: []string{"2026.2 [keystone_authtoken] auth_uri -> [keystone_authtoken] www_authenticate_uri",
				"2026.2 [ec2authtoken] auth_uri -> [ec2authtoken] auth_type = password with auth_url, username, password, ... (keystoneauth)"},
			defaults: []string{"[clients] endpoint_type publicURL -> public"}, policy: "2024.1"},
		{name: "same release", from: "2025.1", to: "epoxy", errIs: ErrSameRelease},
		{name: "downgrade", from: "2025.1", to: "zed", errText: "downgrade"},
		{name: "unknown release", from: "zed", to: "2099.1", errIs: releases.ErrUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Make(Request{Files: parse(t, guide), From: tc.from, To: tc.to})
			if tc.errIs != nil || tc.errText != "" {
				if err == nil || (tc.errIs != nil && !errors.Is(err, tc.errIs)) || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("err = %v, want %v %q", err, tc.errIs, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for what, pair := range map[string][2][]string{"renamed": {names(p.Renamed), tc.renamed}, "removed": {names(p.Removed), tc.removed}, "deprecated": {names(p.Deprecated), tc.deprecated}} {
				if !slices.Equal(pair[0], pair[1]) {
					t.Errorf("%s: %q\nwant %q", what, pair[0], pair[1])
				}
			}
			var defaults []string
			for _, d := range p.Defaults {
				defaults = append(defaults, "["+d.Group+"] "+d.Name+" "+d.Old.String()+" -> "+d.New.String())
			}
			for _, want := range tc.defaults {
				if !slices.Contains(defaults, want) {
					t.Errorf("no default change %q in %q", want, defaults)
				}
			}
			// enforce_scope and enforce_new_defaults false -> true: a
			// step that says what they mean, not two lines of defaults
			if tc.policy != "" && !hasPolicyStep(p, tc.policy) {
				t.Errorf("no policy step at %s in %+v", tc.policy, p.Steps)
			}
			if len(p.Findings) == 0 {
				t.Error("no lint finding on the target")
			}
		})
	}
}

// hasPolicyStep reports a policy step dated to release that names both
// options whose defaults turned true.
func hasPolicyStep(p *Plan, release string) bool {
	for _, s := range p.Steps {
		if s.Kind == "policy" && strings.Contains(s.Title, "enforce_new_defaults and enforce_scope on from "+release) {
			return true
		}
	}
	return false
}

// TestCleanProductionFile: a clean zed production file (kolla-ansible's)
// needs no change to reach 2024.1 or 2025.1, but learns of the defaults
// that change under it, each dated to the release that changed it, and of
// the new policy defaults.
func TestCleanProductionFile(t *testing.T) {
	for _, tc := range []struct {
		to       string
		defaults []string
	}{
		{"2024.1", []string{"2024.1 [oslo_messaging_rabbit] heartbeat_rate 2 -> 3"}},
		{"2025.1", []string{"2024.2 [DEFAULT] hidden_stack_tags data-processing-cluster -> []"}},
	} {
		t.Run(tc.to, func(t *testing.T) {
			p, err := Make(Request{Files: parse(t, "../testdata/lint/ok/kolla-zed.conf"), From: "zed", To: tc.to})
			if err != nil {
				t.Fatal(err)
			}
			if p.Changes() != 0 {
				t.Errorf("%d changes for a clean file: %+v %+v %+v %v", p.Changes(), p.Renamed, p.Removed, p.Deprecated, p.Findings)
			}
			if !hasPolicyStep(p, "2024.1") {
				t.Errorf("no policy step at 2024.1 in %+v", p.Steps)
			}
			var got []string
			for _, d := range p.Defaults {
				got = append(got, d.Release+" ["+d.Group+"] "+d.Name+" "+d.Old.String()+" -> "+d.New.String())
			}
			for _, w := range tc.defaults {
				if !slices.Contains(got, w) {
					t.Errorf("no %q in %q", w, got)
				}
			}
		})
	}
}

// TestDefaultsOnlyForUnsetOptions: a default that changes under an option
// the file sets is not listed (the file decides it).
func TestDefaultsOnlyForUnsetOptions(t *testing.T) {
	f, err := conf.Parse("heat.conf", []byte("[oslo_policy]\nenforce_scope = false\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Make(Request{Files: []*conf.File{f}, From: "zed", To: "2025.1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range p.Defaults {
		if d.Name == "enforce_scope" {
			t.Errorf("enforce_scope is set, yet listed: %+v", d)
		}
	}
	for _, s := range p.Steps {
		if s.Kind == "policy" && strings.Contains(s.Title, "enforce_scope") {
			t.Errorf("enforce_scope is set, yet the policy step names it: %s", s.Title)
		}
	}
}

// TestGuessFrom: without --from the file's own options say which releases
// it fits, and the plan says it guessed.
func TestGuessFrom(t *testing.T) {
	f, err := conf.Parse("heat.conf", []byte("[heat_api]\nbind_port = 8004\n[keystone_authtoken]\nauth_uri = http://k:5000\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Make(Request{Files: []*conf.File{f}, To: "2026.2"})
	if err != nil {
		t.Fatal(err)
	}
	// 24.1.1 is 2025.1's newest data: the last that has [heat_api]
	// bind_port (gone in 25.0.0)
	if p.From != "2020.2" || !strings.Contains(p.FromNote, "fits 2020.2 to 24.1.1") {
		t.Errorf("from %s: %s", p.From, p.FromNote)
	}
}

// TestFormats: golden text, Markdown and JSON (the contract of
// docs/upgrade.md), JSON that decodes, and no unknown format.
func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		file, from, to, golden string
		formats                []string
	}{
		{guide, "zed", "2025.1", "guide-zed-2025.1", []string{"text", "markdown", "json"}},
		{guide, "zed", "24.1.1", "guide-zed-24.1.1", []string{"text"}},
		{"../testdata/realworld/kolla-zed-heat-engine.conf", "zed", "2026.2", "kolla-zed-2026.2", []string{"markdown"}},
	} {
		p, err := Make(Request{Files: parse(t, tc.file), From: tc.from, To: tc.to})
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range tc.formats {
			var b bytes.Buffer
			if err := Write(&b, format, p); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.golden+"."+format)
			if *update {
				os.WriteFile(golden, b.Bytes(), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./upgrade -update writes it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("%s differs from %s:\n%s", format, golden, b.String())
			}
		}
	}
	p, err := Make(Request{Files: parse(t, guide), From: "zed", To: "2025.1"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, "json", p); err != nil {
		t.Fatal(err)
	}
	var back Plan
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Version != PlanVersion || back.To != "2025.1" || len(back.Renamed) != 2 || len(back.Limits) != 3 {
		t.Errorf("json: %v %+v", err, back)
	}
	if err := Write(&b, "yaml", p); err == nil {
		t.Error("unknown format accepted")
	}
}
