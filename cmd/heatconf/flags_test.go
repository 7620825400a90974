package main

import (
	"strings"
	"testing"
)

// Every --format and --fail-on is checked when the command line is parsed,
// suggests the closest value, and completes exactly the values it takes,
// each with a description.
func TestEnumFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		values  string // what the shell completes
		suggest string // for a near miss
	}{
		{"lint format", []string{"lint", "--format"}, "text json sarif github", "sarif"},
		{"lint fail-on", []string{"lint", "--fail-on"}, "error warning info", "warning"},
		{"probe format", []string{"probe", "--format"}, "text json nagios prometheus", "nagios"},
		{"upgrade format", []string{"upgrade", "--format"}, "text json markdown", "markdown"},
		{"rules format", []string{"rules", "--format"}, "text json", "json"},
		{"schema list format", []string{"schema", "list", "--format"}, "text json", "json"},
		{"schema show format", []string{"schema", "show", "--format"}, "text json", "json"},
		{"schema diff format", []string{"schema", "diff", "--format"}, "text json", "json"},
		{"schema dump format", []string{"schema", "dump", "--format"}, "yaml json", "yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comp := run(t, nil, append([]string{"__complete"}, append(tt.args, "")...)...)
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(comp.out), "\n") {
				if !strings.HasPrefix(l, ":") {
					// each value comes with what it means
					v, desc, _ := strings.Cut(l, "\t")
					if desc == "" {
						t.Errorf("%s: no description", v)
					}
					got = append(got, v)
				}
			}
			if strings.Join(got, " ") != tt.values {
				t.Errorf("completes %q, want %q", got, tt.values)
			}
			typo := tt.suggest[:len(tt.suggest)-1] + "x"
			r := run(t, nil, append(tt.args, typo)...)
			want := `did you mean "` + tt.suggest + `"?`
			if r.code != exitUsage || !strings.Contains(r.err, "not one of "+strings.ReplaceAll(tt.values, " ", ", ")) || !strings.Contains(r.err, want) {
				t.Errorf("%s: exit %d, stderr %q; want exit %d with the values and %s", typo, r.code, r.err, exitUsage, want)
			}
			help := run(t, nil, append(tt.args[:len(tt.args)-1], "--help")...)
			if !strings.Contains(help.out, strings.ReplaceAll(tt.values, " ", ", ")) {
				t.Errorf("--help does not list %s", tt.values)
			}
		})
	}
}

// A misspelt release or rule gets the one it was likely meant to be, not a
// list of every release or rule; a name nothing is close to gets the list.
func TestMisspeltNamesSuggest(t *testing.T) {
	conf := "../../testdata/lint/ok/kolla-zed.conf"
	for _, tc := range []struct {
		name     string
		args     []string
		want     string
		listsAll string
	}{
		{"release", []string{"lint", "-r", "epoxi", conf}, `unknown release "epoxi": did you mean "epoxy"?`, "(known: "},
		{"schema release", []string{"schema", "show", "-r", "epoxi", "DEFAULT"}, `did you mean "epoxy"?`, "(known: "},
		{"rule", []string{"lint", "-r", "zed", "--disable", "plain-htp", conf}, `unknown rule "plain-htp": did you mean plain-http?`, "rules: "},
		{"enable", []string{"lint", "-r", "zed", "--enable", "weak-pasword", conf}, "did you mean weak-password?", "rules: "},
	} {
		r := run(t, nil, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.err, tc.want) || strings.Contains(r.err, tc.listsAll) {
			t.Errorf("%s: exit %d: %s", tc.name, r.code, r.err)
		}
	}
	if r := run(t, nil, "lint", "-r", "mitaka", conf); !strings.Contains(r.err, "(known: 2020.2 (victoria") {
		t.Errorf("a release nothing is close to: %s", r.err)
	}
	if r := run(t, nil, "lint", "-r", "zed", "--disable", "nope", conf); !strings.Contains(r.err, "rules: auth-encryption-key") {
		t.Errorf("a rule nothing is close to: %s", r.err)
	}
}

// FORCE_COLOR colours output that is no terminal (a CI log); NO_COLOR wins
// over it, and --color over both.
func TestForceColor(t *testing.T) {
	bad := "../../testdata/lint/guide.conf"
	for _, tc := range []struct {
		name  string
		env   map[string]string
		args  []string
		color bool
	}{
		{"no terminal", nil, nil, false},
		{"FORCE_COLOR", map[string]string{"FORCE_COLOR": "1"}, nil, true},
		{"FORCE_COLOR and NO_COLOR", map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, nil, false},
		{"FORCE_COLOR and --color never", map[string]string{"FORCE_COLOR": "1"}, []string{"--color", "never"}, false},
		{"NO_COLOR and --color always", map[string]string{"NO_COLOR": "1"}, []string{"--color", "always"}, true},
	} {
		r := run(t, tc.env, append([]string{"lint", "-r", "zed", bad}, tc.args...)...)
		if r.code != exitFindings || strings.Contains(r.out, "\x1b[") != tc.color {
			t.Errorf("%s: exit %d, colour %v, want %v", tc.name, r.code, strings.Contains(r.out, "\x1b["), tc.color)
		}
	}
}
