package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUpgradeCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "heat.conf")
	src := "[keystone_authtoken]\nauth_plugin = password\nauth_uri = http://k:5000\n"
	if err := os.WriteFile(file, []byte(src), 0o640); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"text", []string{"upgrade", file, "--from", "zed", "--to", "2026.2"}, exitFindings,
			[]string{"auth_plugin is read as [keystone_authtoken] auth_type", "auth_uri is gone in 2026.2", "Give users the roles the new policy defaults require ([oslo_policy] enforce_new_defaults and enforce_scope on from 2024.1)"}},
		{"markdown", []string{"upgrade", file, "--from", "2022.2", "--to", "2025.1", "--format", "markdown"}, exitFindings,
			[]string{"# Upgrade " + file + " from 2022.2 to 2025.1", "- [ ] `" + file + ":2`: rename"}},
		{"json", []string{"upgrade", file, "--from", "zed", "--to", "2025.1", "--format", "json"}, exitFindings, []string{`"renamed": [`}},
		{"fix diff", []string{"upgrade", file, "--to", "2025.1", "--fix", "--diff"}, exitOK, []string{"-auth_plugin = password", "+auth_type = password"}},
		{"no --to", []string{"upgrade", file}, exitUsage, []string{"needs --to"}},
		{"downgrade", []string{"upgrade", file, "--from", "2025.1", "--to", "zed"}, exitUsage, []string{"downgrade"}},
		{"unknown release", []string{"upgrade", file, "--from", "zed", "--to", "2099.1"}, exitUsage, []string{"unknown release"}},
		{"bad format", []string{"upgrade", file, "--to", "2025.1", "--format", "xml"}, exitUsage, []string{"--format"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, nil, tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tc.code, r.out, r.err)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.out+r.err, w) {
					t.Errorf("no %q in\n%s%s", w, r.out, r.err)
				}
			}
		})
	}
	if data, _ := os.ReadFile(file); string(data) != src {
		t.Fatalf("--diff wrote the file:\n%s", data)
	}
	if r := run(t, nil, "upgrade", file, "--from", "zed", "--to", "2025.1", "--fix"); !strings.Contains(r.err, "applied 2 fixes of 2025.1") {
		t.Fatalf("--fix: %+v", r)
	}
	if data, _ := os.ReadFile(file); !strings.Contains(string(data), "auth_type = password") {
		t.Errorf("--fix did not rename:\n%s", data)
	}
}

// TestUpgradeFixThenLint: `upgrade --fix --to 2026.2` on the install
// guide's heat.conf, then `lint --release 2026.2`: no error (the guide's
// weak passwords and missing auth_encryption_key are warnings only its
// operator can fix); the guide with its secrets chosen lints clean of
// warnings too. [keystone_authtoken] auth_uri is renamed, not deleted.
func TestUpgradeFixThenLint(t *testing.T) {
	for _, tc := range []struct {
		src, failOn string
	}{
		{"../../testdata/lint/guide.conf", "error"},
		{"../../upgrade/testdata/guide-secrets.conf", "warning"},
	} {
		t.Run(filepath.Base(tc.src), func(t *testing.T) {
			data, err := os.ReadFile(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "heat.conf")
			if err := os.WriteFile(file, data, 0o640); err != nil {
				t.Fatal(err)
			}
			// without --from: the file tells its release before the fixes
			if r := run(t, nil, "upgrade", file, "--to", "2026.2", "--fix"); r.code != exitFindings || !strings.Contains(r.err, "fixes of 2026.2") || !strings.Contains(r.out, "from the file's own options") {
				t.Fatalf("upgrade --fix: %d\n%s", r.code, r.err)
			}
			if fixed, _ := os.ReadFile(file); !strings.Contains(string(fixed), "www_authenticate_uri = http://172.21.70.22:5000\n") {
				t.Errorf("auth_uri not renamed:\n%s", fixed)
			}
			if r := run(t, nil, "lint", "--release", "2026.2", "--fail-on", tc.failOn, file); r.code != exitOK {
				t.Errorf("lint --fail-on %s: %d\n%s", tc.failOn, r.code, r.out)
			}
		})
	}
}
