package upgrade

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
)

// fixed runs Fix on a copy of src (mode 0640, as installed) for release
// to, and returns the fixed file.
func fixed(t *testing.T, src, to string) (string, []byte) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "heat.conf")
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
	rep, err := Fix(Options{Paths: []string{path}, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Fixed) != 1 || rep.Fixed[0].Path != path {
		t.Fatalf("fixed %+v", rep.Fixed)
	}
	return path, rep.Fixed[0].New
}

// lintAt lints data as release reads it.
func lintAt(t *testing.T, data []byte, release string) []lint.Finding {
	t.Helper()
	f, err := conf.Parse("heat.conf", data)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := schema.Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.Options{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	return l.LintModes([]*conf.File{f}, map[string]uint32{"heat.conf": 0o640})
}

// TestFixGuideTo2026_2: upgrade --fix --to 2026.2 turns the install
// guide's heat.conf into one lint on 2026.2 finds no error in, with
// [keystone_authtoken] auth_uri renamed (it was removed, and
// www_authenticate_uri replaces it), not deleted. The warnings left are
// the guide's own secrets (passwords that are the user names, no
// auth_encryption_key), which lint reports on zed too and no mechanical
// fix may choose; with its secrets chosen, the guide's file comes out
// clean of errors and warnings.
func TestFixGuideTo2026_2(t *testing.T) {
	_, data := fixed(t, guide, "2026.2")
	for _, want := range []string{"www_authenticate_uri = http://172.21.70.22:5000\n", "auth_type = password\n", "transport_url = rabbit://openstack:openstack@172.21.70.22:5672/\n", "user_domain_id = default\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("no %q in\n%s", want, data)
		}
	}
	secrets := []string{"auth-encryption-key", "weak-password"}
	before := map[string]bool{}
	for _, f := range lintAt(t, mustRead(t, guide), "zed") {
		before[f.Rule.ID] = true
	}
	for _, f := range lintAt(t, data, "2026.2") {
		switch {
		case f.Severity == lint.Error:
			t.Errorf("error left: %s", f)
		case f.Severity == lint.Warning && (!slices.Contains(secrets, f.Rule.ID) || !before[f.Rule.ID]):
			t.Errorf("warning left: %s", f)
		}
	}

	_, data = fixed(t, "testdata/guide-secrets.conf", "2026.2")
	for _, f := range lintAt(t, data, "2026.2") {
		if f.Severity >= lint.Warning {
			t.Errorf("left: %s", f)
		}
	}
}

// TestFixLeavesInfo: Fix applies the fixes of errors and warnings only:
// on 2025.1 the old admin port is an info in a file the Juju charms wrote
// (their Keystone still serves it), and stays.
func TestFixLeavesInfo(t *testing.T) {
	charm := strings.Replace(string(mustRead(t, guide)), "[keystone_authtoken]\n", "[keystone_authtoken]\nmemcached_servers = inet6:[::1]:11211\n", 1)
	src := filepath.Join(t.TempDir(), "charm.conf")
	if err := os.WriteFile(src, []byte(charm), 0o640); err != nil {
		t.Fatal(err)
	}
	_, data := fixed(t, src, "2025.1")
	if !strings.Contains(string(data), "auth_url = http://172.21.70.22:35357\n") || !strings.Contains(string(data), "auth_type = password\n") {
		t.Errorf("fixed:\n%s", data)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
