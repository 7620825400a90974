package diff

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

// TestCompareZedTo2025 checks the diff of two known releases.
func TestCompareZedTo2025(t *testing.T) {
	d := Compare(embedded(t, "zed"), embedded(t, "2025.1"))
	groupIn := func(list []GroupChange, g string) bool {
		for _, x := range list {
			if x.Group == g {
				return true
			}
		}
		return false
	}
	for _, g := range []string{"oslo_messaging_amqp", "clients_sahara", "clients_senlin"} {
		if !groupIn(d.GroupsRemoved, g) {
			t.Errorf("groups removed lack %s: %v", g, d.GroupsRemoved)
		}
	}
	for _, g := range []string{"profiler_jaeger", "profiler_otlp"} {
		if !groupIn(d.GroupsAdded, g) {
			t.Errorf("groups added lack %s", g)
		}
	}
	refIn := func(list []OptionRef, g, n string) bool {
		for _, x := range list {
			if x.Group == g && x.Name == n {
				return true
			}
		}
		return false
	}
	if !refIn(d.Added, "ec2authtoken", "timeout") {
		t.Errorf("added lacks [ec2authtoken] timeout")
	}
	if !refIn(d.Removed, "DEFAULT", "onready") {
		t.Errorf("removed lacks [DEFAULT] onready")
	}
	changeIn := func(list []Change, g, n, from, to string) bool {
		for _, c := range list {
			if c.Group == g && c.Name == n && c.From == from && c.To == to {
				return true
			}
		}
		return false
	}
	if !changeIn(d.DefaultChanged, "oslo_policy", "enforce_scope", "false", "true") {
		t.Errorf("default changes lack [oslo_policy] enforce_scope false -> true: %v", d.DefaultChanged)
	}
	// nothing that did not change
	unchanged := []struct{ g, n string }{{"DEFAULT", "transport_url"}, {"DEFAULT", "auth_encryption_key"}, {"database", "connection"},
		{"keystone_authtoken", "www_authenticate_uri"}, {"DEFAULT", "host"}}
	for _, u := range unchanged {
		if refIn(d.Added, u.g, u.n) || refIn(d.Removed, u.g, u.n) {
			t.Errorf("[%s] %s is listed as added or removed", u.g, u.n)
		}
		for _, list := range [][]Change{d.DefaultChanged, d.TypeChanged, d.ChoicesChanged, d.BoundsChanged, d.Deprecated} {
			for _, c := range list {
				if c.Group == u.g && c.Name == u.n {
					t.Errorf("[%s] %s is listed as changed: %+v", u.g, u.n, c)
				}
			}
		}
	}
	for _, r := range d.Renamed {
		if r.From == r.To || r.From.Name == "" || r.To.Name == "" {
			t.Errorf("odd rename %+v", r)
		}
	}
	same := Compare(embedded(t, "2025.1"), embedded(t, "2025.1"))
	if !same.Empty() {
		t.Errorf("a release differs from itself: %+v", same)
	}
}
