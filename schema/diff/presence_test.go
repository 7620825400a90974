package diff

import (
	"slices"
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
)

// debianOnly are the upstream releases of the Heat versions Debian
// packages: the series between them are left out, as a build with less
// data would.
func debianOnly() []releases.Release {
	debian := map[string]bool{}
	for _, r := range releases.Variants() {
		debian[r.HeatVersion] = true
	}
	var rows []releases.Release
	for _, r := range releases.Upstream() {
		if debian[r.HeatVersion] {
			rows = append(rows, r)
		}
	}
	return rows
}

func TestPresence(t *testing.T) {
	rels := debianOnly()
	tests := []struct {
		name       string
		group, opt string
		has        []string
		since      string
		removedIn  string
		text       string
	}{
		{
			name: "in every release", group: "DEFAULT", opt: "auth_encryption_key",
			has:  []string{"2020.2", "2022.2", "2025.1", "2026.2"},
			text: "every known release (2020.2 to 2026.2)",
		},
		{
			name: "removed", group: "keystone_authtoken", opt: "auth_uri",
			has: []string{"2020.2", "2022.2", "2025.1"}, removedIn: "2026.2",
			text: "from 2020.2 (the oldest known); removed in 2026.2",
		},
		{
			name: "added", group: "DEFAULT", opt: "max_snapshots_per_stack",
			has: []string{"2025.1", "2026.2"}, since: "2025.1",
			text: "since 2025.1 (not in 2022.2)",
		},
		{
			name: "group spelt in capitals", group: "Keystone_Authtoken", opt: "auth_uri",
			has: []string{"2020.2", "2022.2", "2025.1"}, removedIn: "2026.2",
			text: "from 2020.2 (the oldest known); removed in 2026.2",
		},
		{
			name: "never", group: "DEFAULT", opt: "no_such_option",
			text: "none of the known releases under this name",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Presence(rels, tt.group, tt.opt)
			if len(l) != len(rels) {
				t.Fatalf("Presence has %d releases; want %d", len(l), len(rels))
			}
			if got := l.Has(); !slices.Equal(got, tt.has) {
				t.Errorf("Has() = %v; want %v", got, tt.has)
			}
			if got, _ := l.Since(); got != tt.since {
				t.Errorf("Since() = %q; want %q", got, tt.since)
			}
			if got := l.RemovedIn(); got != tt.removedIn {
				t.Errorf("RemovedIn() = %q; want %q", got, tt.removedIn)
			}
			if got := l.String(); got != tt.text {
				t.Errorf("String() = %q; want %q", got, tt.text)
			}
		})
	}
}

func TestLifespanText(t *testing.T) {
	span := func(has ...bool) Lifespan {
		names := []string{"a", "b", "c", "d"}
		var l Lifespan
		for i, h := range has {
			l = append(l, InRelease{names[i], h})
		}
		return l
	}
	tests := []struct {
		name string
		l    Lifespan
		want string
	}{
		{"all", span(true, true, true, true), "every known release (a to d)"},
		{"none", span(false, false, false, false), "none of the known releases under this name"},
		{"oldest only", span(true, false, false, false), "from a (the oldest known); removed in b"},
		{"newest only", span(false, false, false, true), "since d (not in c)"},
		{"middle", span(false, true, true, false), "since b (not in a); removed in d"},
		{"gap", span(true, false, true, true), "from a (the oldest known); present in a, c, d"},
		{"gap, in the newest", span(false, true, false, true), "since b (not in a); present in b, d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.String(); got != tt.want {
				t.Errorf("String() = %q; want %q", got, tt.want)
			}
		})
	}
}
