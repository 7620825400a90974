package upgrade

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

const kollaZed = "../testdata/realworld/kolla-zed-heat-engine.conf"

func plan(t *testing.T, path, from, to string) *Plan {
	t.Helper()
	p, err := Make(Request{Files: parse(t, path), From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func planOf(t *testing.T, src, from, to string) *Plan {
	t.Helper()
	f, err := conf.Parse("heat.conf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Make(Request{Files: []*conf.File{f}, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// options lists every option the plan names as a change: the files'
// items, defaults, new options and limits, "[group] name".
func options(p *Plan) []string {
	var out []string
	for _, l := range p.itemLists() {
		for _, it := range l.items {
			out = append(out, "["+conf.NormalizeGroup(it.Group)+"] "+it.Name)
		}
	}
	for _, d := range p.Defaults {
		out = append(out, "["+d.Group+"] "+d.Name)
	}
	for _, o := range p.Added {
		out = append(out, "["+o.Group+"] "+o.Name)
	}
	for _, l := range p.Limits {
		out = append(out, "["+l.Group+"] "+l.Name)
	}
	return out
}

// TestNoOptionTwice: on every path between two releases with data, for
// the install guide's heat.conf and kolla-ansible's zed one, the plan
// names each option once, dates it on the path, and lists no default
// change that is none (the same value, or "" against no default for a
// text option).
func TestNoOptionTwice(t *testing.T) {
	rels := releases.Upstream()
	for _, file := range []string{guide, kollaZed} {
		files := parse(t, file)
		for i, a := range rels {
			for _, b := range rels[i+1:] {
				p, err := Make(Request{Files: files, From: a.HeatVersion, To: b.HeatVersion})
				if err != nil {
					t.Fatalf("%s to %s: %v", a.HeatVersion, b.HeatVersion, err)
				}
				seen := map[string]bool{}
				for _, o := range options(p) {
					if seen[o] {
						t.Errorf("%s %s to %s: %s twice", file, p.From, p.To, o)
					}
					seen[o] = true
				}
				for _, d := range p.Defaults {
					if !slices.Contains(p.Path, d.Release) {
						t.Errorf("%s to %s: %s dated %s, not on the path %q", p.From, p.To, d.Name, d.Release, p.Path)
					}
					if d.Old.String() == d.New.String() {
						t.Errorf("%s to %s: [%s] %s %s -> %s is no change", p.From, p.To, d.Group, d.Name, d.Old, d.New)
					}
					if textTypes[d.Type] && (d.Old.Any() == nil || d.Old.Any() == "") && (d.New.Any() == nil || d.New.Any() == "") {
						t.Errorf("%s to %s: [%s] %s %s -> %s is \"\" against unset", p.From, p.To, d.Group, d.Name, d.Old, d.New)
					}
				}
			}
		}
	}
}

// TestNetChange: a default that goes 60 -> none -> 60 -> none over point
// releases is one net change or none; so is an option that goes and
// comes back.
func TestNetChange(t *testing.T) {
	t.Run("no flip-flop of [ec2authtoken] timeout", func(t *testing.T) {
		for _, to := range []string{"2026.2", "25.0.1", "2025.2", "2026.1"} {
			p := plan(t, kollaZed, "zed", to)
			n := 0
			for _, o := range options(p) {
				if o == "[ec2authtoken] timeout" {
					n++
				}
			}
			if n > 1 {
				t.Errorf("to %s: [ec2authtoken] timeout %d times", to, n)
			}
		}
	})
	t.Run("an option gone on the way and back is no change", func(t *testing.T) {
		// 25.0.0 lacks the keystoneauth options of 24.1.1; 26.0.0 has them
		p := planOf(t, "[ec2authtoken]\nauth_type = password\nauth_url = http://k:5000\n", "24.1.1", "2026.1")
		if len(p.Removed)+len(p.Renamed) > 0 {
			t.Errorf("removed %+v renamed %+v", p.Removed, p.Renamed)
		}
	})
	t.Run("gone on the target, dated where it went for good", func(t *testing.T) {
		p := planOf(t, "[ec2authtoken]\nauth_type = password\n", "24.1.1", "2025.2")
		if len(p.Removed) != 1 || p.Removed[0].Release != "2025.2" || !strings.Contains(p.Removed[0].Note, "again from 25.0.1") {
			t.Errorf("removed %+v", p.Removed)
		}
	})
	t.Run(`"" and unset are one for text options`, func(t *testing.T) {
		for _, tc := range []struct{ from, to, option string }{
			{"zed", "2025.1", "memcache_username"},    // [cache]: oslo.cache 3.7.0 dropped default=''
			{"2024.2", "2025.2", "url"},               // [clients_heat] url: URIOpt without default
			{"2026.1", "2026.2", "memcache_password"}, // [keystone_authtoken]
			{"24.1.1", "2025.2", "auth_uri"},          // [clients_keystone]
		} {
			p := plan(t, kollaZed, tc.from, tc.to)
			for _, d := range p.Defaults {
				if d.Name == tc.option {
					t.Errorf("%s to %s: %+v", tc.from, tc.to, d)
				}
			}
		}
	})
}

// TestDefaultKey: what the plan counts as the same default.
func TestDefaultKey(t *testing.T) {
	val := func(s string) json.RawMessage { return json.RawMessage(s) }
	for _, tc := range []struct {
		name string
		a, b *schema.Option
		same bool
	}{
		{"string: empty and none", &schema.Option{Type: "string", Value: val(`""`)}, &schema.Option{Type: "string"}, true},
		{"uri: empty and none", &schema.Option{Type: "uri", Value: val(`""`)}, &schema.Option{Type: "uri"}, true},
		{"list: [] and none", &schema.Option{Type: "list", Value: val(`[]`)}, &schema.Option{Type: "list"}, false},
		{"multi: [] and none", &schema.Option{Type: "string", Multi: true, Value: val(`[]`)}, &schema.Option{Type: "string", Multi: true}, false},
		{"false and false", &schema.Option{Type: "boolean", Value: val(`false`)}, &schema.Option{Type: "boolean", Value: val(`false`)}, true},
		{"none of two types", &schema.Option{Type: "float"}, &schema.Option{Type: "string"}, true},
		{"absent and none", nil, &schema.Option{Type: "string"}, false},
		{"60 and none", &schema.Option{Type: "integer", Value: val(`60`)}, &schema.Option{Type: "integer"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := defaultKey(tc.a) == defaultKey(tc.b); got != tc.same {
				t.Errorf("same = %v, want %v", got, tc.same)
			}
		})
	}
}

// TestTypedValues: defaults are the option data's typed values (what
// oslo.config holds for Heat), never the sample file's display strings.
func TestTypedValues(t *testing.T) {
	reg, err := schema.Embedded("2026.2")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		group, name string
		want        string
	}{
		{"DEFAULT", "auth_encryption_key", `"notgood but just long enough i t"`},
		{"DEFAULT", "debug", `false`},
		{"DEFAULT", "max_resources_per_stack", `1000`},
		{"oslo_messaging_rabbit", "heartbeat_rate", `3`},
		{"DEFAULT", "hidden_stack_tags", `[]`},
		{"DEFAULT", "instance_format", `"[instance: %(uuid)s] "`},
		{"keystone_authtoken", "auth_type", `null`},
	} {
		t.Run(tc.group+"."+tc.name, func(t *testing.T) {
			m, ok := reg.Lookup(tc.group, tc.name, "")
			if !ok {
				t.Fatalf("no [%s] %s", tc.group, tc.name)
			}
			got, err := output.CompactJSON(typedDefault(m.Option))
			if err != nil || got != tc.want {
				t.Errorf("%s %v, want %s", got, err, tc.want)
			}
		})
	}
	p := plan(t, guide, "zed", "2026.2")
	var b bytes.Buffer
	if err := Write(&b, "json", p); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["version"] != float64(PlanVersion) {
		t.Errorf("version %v", doc["version"])
	}
	for _, key := range []string{"defaults_changed", "options_added", "limits"} {
		for _, x := range doc[key].([]any) {
			for _, field := range []string{"old", "new", "default"} {
				if s, ok := x.(map[string]any)[field].(string); ok && (s == `""` || s == "(none)") {
					t.Errorf("%s: %s is the display string %q: %v", key, field, s, x)
				}
			}
		}
	}
	for _, d := range p.Defaults {
		if d.Name == "heartbeat_rate" && (d.Old.Any() != float64(2) || d.New.Any() != float64(3)) {
			t.Errorf("heartbeat_rate %#v -> %#v", d.Old.Any(), d.New.Any())
		}
	}
}

// TestPlanSections: what zed -> 2025.1 and -> 24.1.1 tell beyond the
// options: the route, the limits of 2024.1, the policy defaults with the
// roles they require, db_sync and upgrade check at every release of the
// route, and from 24.1.1 the [ec2authtoken] credentials.
func TestPlanSections(t *testing.T) {
	for _, file := range []string{guide, kollaZed} {
		for _, to := range []string{"2025.1", "24.1.1"} {
			p := plan(t, file, "zed", to)
			if p.Route.Direct || !slices.Equal(p.Route.Through(), []string{"2023.1", "2024.1"}) {
				t.Errorf("%s to %s: route %+v", file, to, p.Route)
			}
			var limits []string
			for _, l := range p.Limits {
				limits = append(limits, l.Release+" "+l.Name+"="+l.New.String())
				if l.Old.Any() != nil || !l.AdminExempt {
					t.Errorf("%+v", l)
				}
			}
			if want := []string{"2024.1 max_snapshots_per_stack=32", "2024.1 max_software_configs_per_tenant=4096", "2024.1 max_software_deployments_per_tenant=4096"}; !slices.Equal(limits, want) {
				t.Errorf("%s to %s: limits %q, want %q", file, to, limits, want)
			}
			kinds := map[string][]string{}
			for _, s := range p.Steps {
				kinds[s.Kind] = append(kinds[s.Kind], s.Release)
			}
			if want := []string{"2023.1", "2024.1", to}; !slices.Equal(kinds["db_sync"], want) || !slices.Equal(kinds["upgrade_check"], want) {
				t.Errorf("%s to %s: db_sync at %q, upgrade check at %q", file, to, kinds["db_sync"], kinds["upgrade_check"])
			}
			if !hasPolicyStep(p, "2024.1") || len(kinds["wsgi"]) > 0 || len(kinds["backup"]) != 1 {
				t.Errorf("%s to %s: steps %q", file, to, kinds)
			}
			for _, s := range p.Steps {
				if s.Kind == "policy" && (!strings.Contains(s.Detail, "member") || !strings.Contains(s.Detail, "reader") || !strings.Contains(s.Detail, "heat_stack_owner") || !strings.Contains(s.Detail, "policy file")) {
					t.Errorf("the policy step does not say what the roles are: %s", s.Detail)
				}
			}
			ec2 := len(p.Requirements) == 1 && p.Requirements[0].Group == "ec2authtoken" && !p.Requirements[0].Met
			if ec2 != (to == "24.1.1") {
				t.Errorf("%s to %s: requirements %+v", file, to, p.Requirements)
			}
		}
	}
}

// TestPointReleases: --to 24.1.1 and --from 25.0.1 use that Heat
// version's data, and the plan differs from the series' first release's
// where the data does.
func TestPointReleases(t *testing.T) {
	a, b := plan(t, kollaZed, "zed", "24.0.0"), plan(t, kollaZed, "zed", "24.1.1")
	if a.To != "2025.1" || a.ToHeat != "24.0.0" || b.To != "24.1.1" || b.ToHeat != "24.1.1" {
		t.Errorf("to %s (%s), %s (%s)", a.To, a.ToHeat, b.To, b.ToHeat)
	}
	if len(a.Requirements) != 0 || len(b.Requirements) != 1 {
		t.Errorf("requirements: 24.0.0 %+v, 24.1.1 %+v", a.Requirements, b.Requirements)
	}
	if !slices.Contains(options(a), "[ec2authtoken] timeout") || slices.Contains(options(b), "[ec2authtoken] timeout") {
		t.Errorf("[ec2authtoken] timeout = 60 is new in 24.0.0, and comes with the credentials in 24.1.1: %q / %q", options(a), options(b))
	}
	c, d := plan(t, kollaZed, "25.0.0", "2026.1"), plan(t, kollaZed, "25.0.1", "2026.1")
	if c.From != "2025.2" || d.From != "25.0.1" || d.FromHeat != "25.0.1" || d.Path[0] != "25.0.1" {
		t.Errorf("from %s, %s (%s) path %q", c.From, d.From, d.FromHeat, d.Path)
	}
	if len(c.Requirements) != 1 || len(d.Requirements) != 0 {
		t.Errorf("25.0.1 already reads the credentials: %+v / %+v", c.Requirements, d.Requirements)
	}
}

// TestEC2Requirement: what to write, in the file's own words, never a
// secret; met when the file has an auth type there.
func TestEC2Requirement(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		met       bool
		write     []string
	}{
		{"from [keystone_authtoken]",
			"[keystone_authtoken]\nauth_url = https://k:5000\nauth_type = password\nusername = orchestration\npassword = s3cret\nuser_domain_name = Users\nproject_domain_id = default\nproject_name = services\n",
			false, []string{"[ec2authtoken]", "auth_url = https://k:5000", "auth_type = password", "project_domain_id = default", "user_domain_name = Users",
				"project_name = services", "username = orchestration", "password = HEAT_PASS"}},
		{"the install guide's words when there is nothing to copy", "[DEFAULT]\ndebug = true\n",
			false, []string{"[ec2authtoken]", "auth_url = http://controller:5000", "auth_type = password", "project_domain_name = Default", "user_domain_name = Default",
				"project_name = service", "username = heat", "password = HEAT_PASS"}},
		{"a password in the URL", "[keystone_authtoken]\nauth_url = https://heat:s3cret@k:5000\n",
			false, []string{"[ec2authtoken]", "auth_url = https://heat:****@k:5000"}},
		{"met", "[ec2authtoken]\nauth_type = password\nauth_url = http://k:5000\n", true, nil},
		{"multi-cloud", "[ec2authtoken]\nmulti_cloud = true\nallowed_auth_uris = http://a:5000/v3\n",
			false, []string{"[ec2authtoken]", "clouds = CLOUD", "", "[ec2authtoken.CLOUD]", "auth_url = http://controller:5000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := planOf(t, tc.src, "2024.2", "24.1.1")
			if len(p.Requirements) != 1 {
				t.Fatalf("requirements %+v", p.Requirements)
			}
			r := p.Requirements[0]
			if r.Met != tc.met || r.Release != "24.1.1" || len(r.Write) < len(tc.write) || !slices.Equal(r.Write[:len(tc.write)], tc.write) {
				t.Errorf("met %v at %s, write %q; want %v, %q", r.Met, r.Release, r.Write, tc.met, tc.write)
			}
			if strings.Contains(strings.Join(r.Write, "\n"), "s3cret") {
				t.Error("the password is written out")
			}
			if !tc.met && p.Changes() == 0 {
				t.Error("an unmet requirement is no change to make")
			}
		})
	}
}

// TestMarkdownTaskList: every box is a list item of its own, never a
// table cell (GitHub renders boxes only there).
func TestMarkdownTaskList(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "markdown", plan(t, guide, "zed", "2026.2")); err != nil {
		t.Fatal(err)
	}
	boxes := 0
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "|") {
			t.Errorf("a table row: %s", line)
		}
		if strings.Contains(line, "[ ]") || strings.Contains(line, "[x]") {
			if !strings.HasPrefix(line, "- [ ] ") && !strings.HasPrefix(line, "- [x] ") {
				t.Errorf("a box that is not a task list item: %s", line)
			}
			boxes++
		}
	}
	if boxes < 20 {
		t.Errorf("%d boxes", boxes)
	}
}
