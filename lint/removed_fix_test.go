package lint

import (
	"testing"

	"github.com/heatconf/heatconf/conf"
)

// TestRemovedOptionFix: a removed option whose replacement is one option
// the release reads is renamed (its value carries over), moved when the
// replacement lives in another group; it is deleted when the replacement
// is set already or is more than one option.
func TestRemovedOptionFix(t *testing.T) {
	for _, tc := range []struct {
		name, release, src, want, fixText string
	}{
		{"same group: renamed in place", "2026.2",
			"[keystone_authtoken]\nauth_uri = http://k:5000\nauth_type = password\n",
			"[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\nauth_type = password\n", "rename to www_authenticate_uri"},
		{"the new name is set: deleted", "2026.2",
			"[keystone_authtoken]\nauth_uri = http://old:5000\nwww_authenticate_uri = http://k:5000\n",
			"[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\n", "delete the line: www_authenticate_uri is set"},
		{"another group: moved to its section", "2025.1",
			"[DEFAULT]\nlock_path = /var/lib/heat/tmp\ndebug = true\n\n[oslo_concurrency]\n# locks\ndisable_process_locking = false\n\n[database]\n",
			"[DEFAULT]\ndebug = true\n\n[oslo_concurrency]\n# locks\ndisable_process_locking = false\nlock_path = /var/lib/heat/tmp\n\n[database]\n", "move to [oslo_concurrency] as lock_path"},
		{"another group without a section: a new one at the end", "2025.1",
			"[DEFAULT]\nlock_path = /var/lib/heat/tmp\ndebug = true",
			"[DEFAULT]\ndebug = true\n[oslo_concurrency]\nlock_path = /var/lib/heat/tmp\n", "move to [oslo_concurrency] as lock_path"},
		{"a new section after a blank line", "2025.1",
			"[DEFAULT]\nlock_path = /var/lib/heat/tmp\n",
			"[DEFAULT]\n\n[oslo_concurrency]\nlock_path = /var/lib/heat/tmp\n", "move to [oslo_concurrency] as lock_path"},
		{"more than one option replaces it: deleted", "2026.2",
			"[ec2authtoken]\nauth_uri = http://k:5000/v3\n",
			"[ec2authtoken]\n", "delete the line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := conf.Parse("heat.conf", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			l, err := New(Options{Registry: registry(t, tc.release)})
			if err != nil {
				t.Fatal(err)
			}
			var removed []Finding
			for _, fd := range l.Lint([]*conf.File{f}) {
				if fd.Rule == ruleRemovedOption {
					removed = append(removed, fd)
				}
			}
			if len(removed) != 1 || removed[0].FixText != tc.fixText {
				t.Fatalf("removed-option findings %s, want one with fix %q", text(removed), tc.fixText)
			}
			got, n := ApplyFixes(f, removed)
			if n == 0 || string(got) != tc.want {
				t.Errorf("fixed (%d):\n%q\nwant\n%q", n, got, tc.want)
			}
		})
	}
}
