package runner

import "testing"

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, rel string
		dir          bool
		want         bool
	}{
		{"*.conf", "heat.conf", false, true},
		{"*.conf", "a/b/heat-engine.conf", false, true},
		{"*.conf", "a/b/heat.conf.bak", false, false},
		{"templates", "roles/heat/templates", true, true},
		{"templates/", "roles/heat/templates", true, true},
		{"templates/", "roles/heat/templates", false, false},
		{"etc/heat/heat-*.conf", "etc/heat/heat-engine.conf", false, true},
		{"etc/heat/heat-*.conf", "x/etc/heat/heat-engine.conf", false, false},
		{"/vendor", "vendor", true, true},
		{"/vendor", "a/vendor", true, false},
		{"./vendor", "vendor", true, true},
		{"deploy/**/heat.conf", "deploy/heat.conf", false, true},
		{"deploy/**/heat.conf", "deploy/a/b/c/heat.conf", false, true},
		{"deploy/**/heat.conf", "other/a/heat.conf", false, false},
		{"**/overrides/*.conf", "overrides/heat.conf", false, true},
		{"**/overrides/*.conf", "kolla/config/overrides/heat.conf", false, true},
		{"**/overrides/*.conf", "kolla/config/overrides/x/heat.conf", false, false},
		{"deploy/**", "deploy/a/heat.conf", false, true},
		{"a/**/**/b", "a/b", true, true},
		{"h?at.conf", "heat.conf", false, true},
		{"[hn]*.conf", "nova.conf", false, true},
		{"etc/*.conf", "../etc/heat.conf", false, false},
		{"*.conf", "../elsewhere/heat.conf", false, true},
	}
	for _, tt := range tests {
		if got := matchGlob(tt.pattern, tt.rel, tt.dir); got != tt.want {
			t.Errorf("matchGlob(%q, %q, dir %v) = %v; want %v", tt.pattern, tt.rel, tt.dir, got, tt.want)
		}
	}
	for _, bad := range []string{"[", "a/[b/c", "**/x[/y"} {
		if checkGlob(bad) == nil {
			t.Errorf("checkGlob(%q) accepted a malformed pattern", bad)
		}
	}
	for _, good := range []string{"**", "a/**/b/", "/x", "*.conf"} {
		if err := checkGlob(good); err != nil {
			t.Errorf("checkGlob(%q): %v", good, err)
		}
	}
}
