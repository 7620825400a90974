package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/releases"
)

// hostsRE is the line that starts a host's file in a .hosts example:
// "-- ctl1/heat.conf --".
var hostsRE = regexp.MustCompile(`(?m)^-- (\S+) --\n`)

// parseHosts reads a .hosts file: several hosts' heat.conf, each after a
// line "-- NAME --", as lint sees them in one run. Line numbers are those
// of each host's file.
func parseHosts(t *testing.T, data string) [][]*conf.File {
	t.Helper()
	idx := hostsRE.FindAllStringSubmatchIndex(data, -1)
	if len(idx) == 0 {
		t.Fatal("no '-- NAME --' line")
	}
	var out [][]*conf.File
	for i, m := range idx {
		end := len(data)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		f, err := conf.Parse(data[m[2]:m[3]], []byte(data[m[1]:end]))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, []*conf.File{f})
	}
	return out
}

// agreeHosts lints each host with l and compares them as a run does.
func agreeHosts(l *Linter, hosts [][]*conf.File) []Finding {
	shared := make([]*Shared, len(hosts))
	for i, files := range hosts {
		_, shared[i] = l.LintShared(files, nil)
	}
	return Agree(shared)
}

func crossHostLinter(t *testing.T, opts Options) *Linter {
	t.Helper()
	if opts.Registry == nil {
		opts.Registry = registry(t, releases.Default)
	}
	l, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestCrossHostExample is the cross-host rule's TestRuleExamples: the
// hosts of its bad example disagree (its .out, shown in docs/rules.md),
// those of its good one do not.
func TestCrossHostExample(t *testing.T) {
	l := crossHostLinter(t, Options{})
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(rulesDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	fs := agreeHosts(l, parseHosts(t, read("cross-host.hosts")))
	if len(fs) == 0 {
		t.Fatal("the bad example finds nothing")
	}
	golden(t, filepath.Join(rulesDir, "cross-host.out"), text(fs))
	if fs := agreeHosts(l, parseHosts(t, read("cross-host.good.hosts"))); len(fs) > 0 {
		t.Errorf("the good example has findings:\n%s", text(fs))
	}
}

func hostConf(lines ...string) string { return "[DEFAULT]\n" + strings.Join(lines, "\n") + "\n" }

// TestAgree: which configurations are compared, and what a disagreement
// says.
func TestAgree(t *testing.T) {
	const (
		bus    = "transport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.0.0.11:5672/heat"
		keyA   = "auth_encryption_key = 5f1c8e2a9d4b7f3e6a0c1d8b2e9f4a7c"
		keyB   = "auth_encryption_key = 0b7e3d9a1f6c4e8b2a5d7f0c9e3b1a6d"
		stampA = "# heat.conf for Heat 24.1.1 (OpenStack 2025.1 epoxy)\n# Rendered by heatconf from site.toml\n"
	)
	for _, c := range []struct {
		name  string
		hosts []string
		want  []string // "file:line severity" and a text of the message, per finding
	}{
		{"two hosts, two keys", []string{hostConf(bus, keyA), hostConf(bus, keyB)},
			[]string{"h1/heat.conf:3 error auth_encryption_key differs from h0/heat.conf:3"}},
		{"three hosts, the odd one reported", []string{hostConf(bus, keyA), hostConf(bus, keyB), hostConf(bus, keyA)},
			[]string{"h1/heat.conf:3 error auth_encryption_key differs from h0/heat.conf:3, h2/heat.conf:3"}},
		{"same key", []string{hostConf(bus, keyA), hostConf(bus, keyA)}, nil},
		{"set on one host only (heat-api hosts need no key)", []string{hostConf(bus, keyA), hostConf(bus)}, nil},
		{"unrelated deployments", []string{
			hostConf("transport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.0.0.11:5672/heat", keyA),
			hostConf("transport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.9.0.11:5672/heat", keyB)}, nil},
		{"one database server and database", []string{
			hostConf("[database]", "connection = mysql+pymysql://heat:Db3kVq8zLm2xWp7t@db.example.net/heat", "[DEFAULT]", keyA),
			hostConf(keyB, "[database]", "connection = mysql+pymysql://heat:Db3kVq8zLm2xWp7t@DB.example.net/heat")},
			[]string{"h1/heat.conf:2 error auth_encryption_key differs from h0/heat.conf:5"}},
		{"one site, nothing else in common", []string{stampA + hostConf(keyA), stampA + hostConf(keyB)},
			[]string{"h1/heat.conf:4 error auth_encryption_key differs from h0/heat.conf:4"}},
		{"database: the nodes of a cluster may differ", []string{
			hostConf(bus, "[database]", "connection = mysql+pymysql://heat:Db3kVq8zLm2xWp7t@10.0.0.21/heat"),
			hostConf(bus, "[database]", "connection = mysql+pymysql://heat:Db3kVq8zLm2xWp7t@10.0.0.22/heat")}, nil},
		{"database: another password", []string{
			hostConf(bus, "[database]", "connection = mysql+pymysql://heat:Db3kVq8zLm2xWp7t@10.0.0.21/heat"),
			hostConf(bus, "[database]", "connection = mysql+pymysql://heat:Zz3kVq8zLm2xWp7t@10.0.0.21/heat")},
			[]string{"h1/heat.conf:4 error [database] connection differs from h0/heat.conf:4"}},
		{"bus: broker hosts in another order", []string{
			hostConf("transport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.0.0.11:5672,heat:Rb9xKq2mWz7pLt4v@10.0.0.12:5672/heat"),
			hostConf("transport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.0.0.12:5672,heat:Rb9xKq2mWz7pLt4v@10.0.0.11:5672/heat")}, nil},
		{"bus: another virtual host", []string{
			hostConf("transport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.0.0.11:5672/heat", "[database]", "connection = mysql+pymysql://heat:Db3kVq8zLm2xWp7t@10.0.0.21/heat"),
			hostConf("transport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.0.0.11:5672/", "[database]", "connection = mysql+pymysql://heat:Db3kVq8zLm2xWp7t@10.0.0.21/heat")},
			[]string{"h1/heat.conf:2 error transport_url differs from h0/heat.conf:2"}},
		{"stack domain and metadata URL", []string{
			hostConf(bus, "stack_user_domain_name = heat", "heat_metadata_server_url = http://10.0.0.5:8000"),
			hostConf(bus, "stack_user_domain_name = heat_stack", "heat_metadata_server_url = http://10.0.0.6:8000")},
			[]string{"h1/heat.conf:3 error stack_user_domain_name differs from h0/heat.conf:3", "h1/heat.conf:4 warning heat_metadata_server_url differs from h0/heat.conf:4"}},
		{"suppressed on the host that may differ", []string{hostConf(bus, keyA), hostConf(bus, "# heatconf: ignore=cross-host", keyB)}, nil},
		{"a fragment says nothing", []string{hostConf(bus, keyA), "# heatconf: fragment\n" + hostConf(bus, keyB)}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var hosts [][]*conf.File
			for i, src := range c.hosts {
				f, err := conf.Parse(fmt.Sprintf("h%d/heat.conf", i), []byte(src))
				if err != nil {
					t.Fatal(err)
				}
				hosts = append(hosts, []*conf.File{f})
			}
			fs := agreeHosts(crossHostLinter(t, Options{}), hosts)
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.Severity, f.Message))
			}
			if len(got) != len(c.want) {
				t.Fatalf("findings:\n%s\nwant %d", strings.Join(got, "\n"), len(c.want))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], c.want[i]) {
					t.Errorf("finding %q, want one starting %q", got[i], c.want[i])
				}
				for _, secret := range []string{"5f1c8e2a", "0b7e3d9a", "Db3kVq8z", "Zz3kVq8z", "Rb9xKq2m"} {
					if strings.Contains(got[i], secret) {
						t.Errorf("a secret is shown: %s", got[i])
					}
				}
			}
		})
	}
}

// TestAgreeDisabled: with the rule off, no host says anything.
func TestAgreeDisabled(t *testing.T) {
	l := crossHostLinter(t, Options{Disable: []string{"cross-host"}})
	const host = "[DEFAULT]\ntransport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@10.0.0.11:5672/heat\nauth_encryption_key = %s\n"
	hosts := parseHosts(t, "-- a/heat.conf --\n"+fmt.Sprintf(host, "5f1c8e2a9d4b7f3e6a0c1d8b2e9f4a7c")+"-- b/heat.conf --\n"+fmt.Sprintf(host, "0b7e3d9a1f6c4e8b2a5d7f0c9e3b1a6d"))
	if fs := agreeHosts(crossHostLinter(t, Options{}), hosts); len(fs) != 1 {
		t.Fatalf("enabled: %d findings, want 1", len(fs))
	}
	if fs := agreeHosts(l, hosts); len(fs) > 0 {
		t.Errorf("disabled, still:\n%s", text(fs))
	}
}
