package lint_test

import (
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

func loadYAML(t *testing.T, name, src string) *schema.Registry {
	t.Helper()
	reg, err := schema.LoadYAML(name, strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func lintText(t *testing.T, reg *schema.Registry, text string) []lint.Finding {
	t.Helper()
	f, err := conf.Parse("heat.conf", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.Options{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	return l.Lint([]*conf.File{f})
}

// TestPointReleaseFinding: with the data of a point release of the series
// (a small synthetic 24.1.1 here), lint says from which Heat version an
// option the series' first release lacks is read, instead of calling it
// unknown.
func TestPointReleaseFinding(t *testing.T) {
	const first = `
options:
  DEFAULT:
    opts:
    - {name: host, type: string value}
  ec2authtoken:
    opts:
    - {name: auth_uri, type: string value}
`
	const point = first + `    - {name: region-name, dest: region_name, type: string value}
  new_in_point:
    opts:
    - {name: x, type: string value}
`
	epoxy := releases.Release{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.0.0"}
	epoxyPoint := releases.Release{Name: "2025.1", Codename: "epoxy", HeatMajor: 24, HeatVersion: "24.1.1", Point: true,
		Source: releases.Source{HeatTag: "24.1.1", UpperConstraints: "stable/2025.1"}}
	p, err := loadYAML(t, "point.yaml", point).WithRelease(epoxyPoint)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := loadYAML(t, "first.yaml", first).WithRelease(epoxy, p)
	if err != nil {
		t.Fatal(err)
	}
	findings := lintText(t, reg, `[ec2authtoken]
region_name = RegionOne
nosuch = 1

[new_in_point]
x = 1
`)
	want := map[string]string{
		"region_name":  "info: Heat reads [ec2authtoken] region_name from 24.1.1 on; 24.0.0 ignores it [unknown-option]",
		"nosuch":       "error: Heat 2025.1 has no option [ec2authtoken] nosuch: oslo.config ignores it [unknown-option]",
		"new_in_point": "info: Heat reads [new_in_point] from 24.1.1 on; 24.0.0 ignores everything in it [unknown-group]",
	}
	got := map[string]bool{}
	for _, f := range findings {
		s := f.String()
		for key, w := range want {
			if strings.HasSuffix(s, w) {
				got[key] = true
			}
		}
	}
	for key, w := range want {
		if !got[key] {
			t.Errorf("no finding %q for %s in:\n%s", w, key, findingsText(findings))
		}
	}
	// the point release itself reads it
	for _, f := range lintText(t, p, "[ec2authtoken]\nregion_name = RegionOne\n") {
		if strings.Contains(f.Message, "region_name") {
			t.Errorf("24.1.1: %s", f)
		}
	}
}

// TestPointReleaseFindingBuiltIn: with the built-in data of Heat 24.1.1, the
// keystoneauth adapter options it reads in [ec2authtoken] are, on 2025.1
// (24.0.0), options of a later point release, not unknown or removed.
func TestPointReleaseFindingBuiltIn(t *testing.T) {
	reg, err := schema.Embedded("2025.1")
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.PointReleases()) == 0 {
		t.Fatal("the build has no data of a point release of 2025.1")
	}
	const want = "heat.conf:3:1: info: Heat reads [ec2authtoken] region_name from 24.1.1 on; 24.0.0 ignores it [unknown-option]"
	fs := lintText(t, reg, "[ec2authtoken]\nauth_type = password\nregion_name = RegionOne\n")
	if !strings.Contains(findingsText(fs), want+"\n") {
		t.Errorf("no %q in:\n%s", want, findingsText(fs))
	}
}

func findingsText(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

// TestLintEverySeries: lint --release takes every series by number, code
// name and Heat version (data for all of them is built in), and the
// example site rendered for a release lints without warnings or errors
// against that release's data.
func TestLintEverySeries(t *testing.T) {
	for _, r := range releases.Upstream() {
		for _, spell := range []string{r.Name, r.Codename, r.HeatVersion} {
			if r.Point && spell != r.HeatVersion {
				continue // the series' name means its first data
			}
			reg, err := schema.Embedded(spell)
			if err != nil || reg.HeatVersion() != r.HeatVersion {
				t.Errorf("--release %s: %v (data of %s)", spell, err, r.HeatVersion)
			}
		}
	}
	for _, spell := range []string{"2024.1", "caracal", "22.0.0"} {
		if _, err := runner.Run(runner.Request{Settings: runner.Settings{Release: spell, FailOn: "error"}}); err != nil {
			t.Errorf("lint --release %s: %v", spell, err)
		}
	}
	caracal, err := schema.Embedded("caracal")
	if err != nil {
		t.Fatal(err)
	}
	if caracal.Title() != "2024.1 (caracal), Heat 22.0.0" {
		t.Errorf("Title() = %q", caracal.Title())
	}
}
