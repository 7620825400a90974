package lint_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// The fixes are proven by reading the fixed files back the way the
// services read them: oslo.config's ConfigOpts with the options registered
// as the release registers them, oslo.messaging's TransportURL.parse,
// SQLAlchemy's make_url and oslo.messaging's notification driver entry
// points (testdata/readback.py; Debian's python3 packages). Without them
// (go test -short) the same expectations are checked with conf's reading.

// fixRun is a configuration of one or more files as --fix leaves it.
type fixRun struct {
	orig, fixed []string // paths, in oslo.config's order
	text        []string // the fixed contents
	left        []lint.Finding
}

// fixFiles writes srcs as one configuration (--config-file each, in order),
// lints it with release and applies the fixes of findings of severity from
// or worse as --fix does (every round), and writes the fixed files beside.
func fixFiles(t *testing.T, release string, from lint.Severity, srcs ...string) fixRun {
	t.Helper()
	dir := t.TempDir()
	var run fixRun
	var sources []conf.Source
	for i, src := range srcs {
		p := filepath.Join(dir, fmt.Sprintf("%c.conf", 'a'+i))
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		run.orig = append(run.orig, p)
		sources = append(sources, conf.Source{ConfigFile: p})
	}
	rep, err := runner.Run(runner.Request{Settings: runner.Settings{Release: release, FailOn: "error"},
		Inputs: runner.Inputs{Sources: sources}, Fix: true, FixFrom: from})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "fixed"), 0o700); err != nil {
		t.Fatal(err)
	}
	for i, p := range run.orig {
		text := srcs[i]
		for _, f := range rep.Fixed {
			if f.Path == p {
				text = string(f.New)
			}
		}
		q := filepath.Join(dir, "fixed", filepath.Base(p))
		if err := os.WriteFile(q, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		run.fixed, run.text = append(run.fixed, q), append(run.text, text)
	}
	run.left = rep.Findings
	return run
}

// optReg is an option as readback.py registers it.
type optReg struct {
	Group      string      `json:"group"`
	Name       string      `json:"name"`
	Multi      bool        `json:"multi"`
	Deprecated [][2]string `json:"deprecated"`
}

type readBackOut struct {
	Values    map[string]any `json:"values"`
	Transport map[string]*struct {
		Hosts []struct {
			Hostname string `json:"hostname"`
			Port     int    `json:"port"`
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"hosts"`
		VirtualHost string `json:"virtual_host"`
	} `json:"transport"`
	DB map[string]*struct {
		Drivername string `json:"drivername"`
		Username   string `json:"username"`
		Password   string `json:"password"`
		Host       string `json:"host"`
		Database   string `json:"database"`
	} `json:"db"`
	Drivers map[string][]struct {
		Name       string  `json:"name"`
		EntryPoint *string `json:"entry_point"`
	} `json:"drivers"`
}

// readBack reads keys ("group.name") of the files with the real libraries,
// the options registered as release registers them; transport, db and
// drivers are keys whose value readback.py parses further.
func readBack(t *testing.T, release string, files []string, keys, transport, db, drivers []string) readBackOut {
	t.Helper()
	py := testenv.Python(t, []string{"oslo_config", "oslo_messaging", "sqlalchemy"},
		"python3-oslo.config", "python3-oslo.messaging", "python3-sqlalchemy")
	reg, err := schema.Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	req := map[string]any{"files": files, "transport": transport, "db": db, "drivers": drivers}
	var opts []optReg
	for _, k := range keys {
		group, name, _ := strings.Cut(k, ".")
		m, ok := reg.Lookup(group, name, "")
		if !ok {
			m, ok = reg.Lookup(group, name, "password") // an option of the password plugin
		}
		if !ok || m.Via != "" && m.Via != "plugin" {
			t.Fatalf("%s has no option [%s] %s", release, group, name)
		}
		o := optReg{Group: group, Name: name, Multi: m.Option.Multi}
		for _, a := range m.Option.Deprecated {
			g := a.Group
			if g == "" {
				g = group
			}
			o.Deprecated = append(o.Deprecated, [2]string{g, a.Name})
		}
		opts = append(opts, o)
	}
	req["opts"] = opts
	body, _ := json.Marshal(req)
	cmd := exec.Command(py, "testdata/readback.py")
	cmd.Env = testenv.Env()
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("readback.py: %v\n%s", err, stderr.String())
	}
	var rb readBackOut
	if err := json.Unmarshal(out, &rb); err != nil {
		t.Fatalf("readback.py output: %v\n%s", err, out)
	}
	return rb
}

// confValue is key ("group.name") as conf reads the files: the last line
// of the last file that sets it, unescaped ("" when unset).
func confValue(t *testing.T, files []string, key string) string {
	t.Helper()
	var parsed []*conf.File
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := conf.Parse(p, data)
		if err != nil {
			t.Fatalf("the fixed %s does not parse: %v", p, err)
		}
		parsed = append(parsed, f)
	}
	group, name, _ := strings.Cut(key, ".")
	e, ok := conf.Merge(parsed...).Lookup(group, name)
	if !ok {
		return ""
	}
	v, _ := conf.Unescape(e.Value)
	return v
}

// transportParts reads a transport_url as oslo.messaging does (conf's
// reading of the network location; the path, unquoted, is the vhost).
func transportParts(t *testing.T, v string) (hosts [][4]string, vhost string) {
	t.Helper()
	u, ok := conf.ParseURL(v)
	if !ok {
		t.Fatalf("%q is no URL", v)
	}
	for _, h := range u.Hosts {
		hosts = append(hosts, [4]string{conf.URLUnquote(h.User.Text(v)), conf.URLUnquote(h.Password.Text(v)), h.Name.Text(v), h.Port.Text(v)})
	}
	rest := v[u.Netloc.End:]
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	return hosts, conf.URLUnquote(strings.TrimPrefix(rest, "/"))
}

// noFixableLeft: after --fix, no finding of an error or warning the fix
// should have removed is left (one with a fix), and no finding of the
// rules named.
func noFixableLeft(t *testing.T, run fixRun, rules ...string) {
	t.Helper()
	for _, f := range run.left {
		if f.Severity >= lint.Warning && f.Fix != nil {
			t.Errorf("--fix left a fixable finding: %s\n%s", f, strings.Join(run.text, "\n---\n"))
		}
		if slices.Contains(rules, f.Rule.ID) {
			t.Errorf("--fix left %s", f)
		}
	}
}

// hasFinding reports a finding left of rule whose message has text.
func hasFinding(fs []lint.Finding, rule, text string) bool {
	return slices.ContainsFunc(fs, func(f lint.Finding) bool { return f.Rule.ID == rule && strings.Contains(f.Message, text) })
}

// TestMessagingFixReadBack: the transport_url that --fix writes for the
// pre-Stein rabbit_* options is read by oslo.messaging as the broker,
// account and virtual host those options gave: "/openstack" stays
// "/openstack" (the path %2Fopenstack, not /openstack, which selects
// "openstack"), user names and passwords of any characters arrive intact,
// every host of rabbit_hosts is kept, and [oslo_messaging_rabbit] wins
// over its deprecated group [DEFAULT] as the old driver read them. The
// guest account is never written for a remote broker (RabbitMQ refuses it
// from other hosts): the file's own RabbitMQ user stands in, else a
// placeholder that the next lint reports.
func TestMessagingFixReadBack(t *testing.T) {
	const hostile = `p@ss,w:rd/#%x;y z$$q` // $$: a literal $ in heat.conf
	const hostileRead = `p@ss,w:rd/#%x;y z$q`
	type host struct{ user, password, name, port string }
	tests := []struct {
		name        string
		src         string
		hosts       []host
		vhost       string
		placeholder bool // the next lint reports a placeholder to fill in
	}{
		{"vhost with a slash", "[DEFAULT]\nrpc_backend = rabbit\nrabbit_host = rabbit.example.net\nrabbit_userid = heat\nrabbit_password = Rb9xKq2mWz7pLt4v\nrabbit_virtual_host = /openstack\n",
			[]host{{"heat", "Rb9xKq2mWz7pLt4v", "rabbit.example.net", "5672"}}, "/openstack", false},
		{"vhost without", "[DEFAULT]\nrabbit_host = rabbit.example.net\nrabbit_userid = heat\nrabbit_password = Rb9xKq2mWz7pLt4v\nrabbit_virtual_host = openstack\n",
			[]host{{"heat", "Rb9xKq2mWz7pLt4v", "rabbit.example.net", "5672"}}, "openstack", false},
		{"the default vhost", "[DEFAULT]\nrabbit_host = rabbit.example.net\nrabbit_userid = heat\nrabbit_password = Rb9xKq2mWz7pLt4v\nrabbit_virtual_host = /\n",
			[]host{{"heat", "Rb9xKq2mWz7pLt4v", "rabbit.example.net", "5672"}}, "", false},
		{"hostile account and vhost", "[oslo_messaging_rabbit]\nrabbit_host = 192.0.2.7\nrabbit_port = 5673\nrabbit_userid = " + hostile + "\nrabbit_password = " + hostile + "\nrabbit_virtual_host = " + hostile + "\n",
			[]host{{hostileRead, hostileRead, "192.0.2.7", "5673"}}, hostileRead, false},
		{"every host of rabbit_hosts", "[oslo_messaging_rabbit]\nrabbit_hosts = r1.example.net:5674, [fd00::2], r3.example.net\nrabbit_port = 5672\nrabbit_userid = heat\nrabbit_password = Rb9xKq2mWz7pLt4v\n",
			// the IPv6 host last: Python's urlsplit refuses a network
			// location with one unless the last host is one
			[]host{{"heat", "Rb9xKq2mWz7pLt4v", "r1.example.net", "5674"}, {"heat", "Rb9xKq2mWz7pLt4v", "r3.example.net", "5672"}, {"heat", "Rb9xKq2mWz7pLt4v", "fd00::2", "5672"}}, "", false},
		{"an IPv6 host", "[oslo_messaging_rabbit]\nrabbit_host = fd00::7\nrabbit_userid = heat\nrabbit_password = Rb9xKq2mWz7pLt4v\n",
			[]host{{"heat", "Rb9xKq2mWz7pLt4v", "fd00::7", "5672"}}, "", false},
		{"the own group wins over DEFAULT", "[oslo_messaging_rabbit]\nrabbit_host = new.example.net\nrabbit_userid = heat\nrabbit_password = Rb9xKq2mWz7pLt4v\n[DEFAULT]\nrabbit_host = old.example.net\n",
			[]host{{"heat", "Rb9xKq2mWz7pLt4v", "new.example.net", "5672"}}, "", false},
		{"no user, remote broker: a placeholder, not guest", "[DEFAULT]\nrpc_backend = rabbit\nrabbit_host = rabbit.example.net\nrabbit_password = Rb9xKq2mWz7pLt4v\n",
			[]host{{"<rabbit_user>", "Rb9xKq2mWz7pLt4v", "rabbit.example.net", "5672"}}, "", true},
		{"guest named, remote broker: a placeholder", "[DEFAULT]\nrabbit_host = 192.0.2.9\nrabbit_userid = guest\n",
			[]host{{"<rabbit_user>", "RABBIT_PASS", "192.0.2.9", "5672"}}, "", true},
		{"no user, remote broker: the file's own RabbitMQ user", "[DEFAULT]\nrabbit_host = rabbit.example.net\n[oslo_messaging_notifications]\ntransport_url = rabbit://notify:Nt5vQ8wLx2kZr7Pm@rabbit.example.net:5672/\n",
			[]host{{"notify", "Nt5vQ8wLx2kZr7Pm", "rabbit.example.net", "5672"}}, "", false},
		{"no user, local broker: guest works there", "[DEFAULT]\nrpc_backend = rabbit\nrabbit_host = localhost\n",
			[]host{{"guest", "guest", "localhost", "5672"}}, "", false},
		{"a user without password: a placeholder", "[DEFAULT]\nrabbit_host = rabbit.example.net\nrabbit_userid = heat\n",
			[]host{{"heat", "RABBIT_PASS", "rabbit.example.net", "5672"}}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := fixFiles(t, "2025.1", lint.Warning, tt.src)
			noFixableLeft(t, run, "removed-option", "transport-url")
			if got := hasFinding(run.left, "placeholder", "transport_url"); got != tt.placeholder {
				t.Errorf("a placeholder finding after --fix: %v, want %v\n%s", got, tt.placeholder, run.text[0])
			}
			url := confValue(t, run.fixed, "DEFAULT.transport_url")
			hosts, vhost := transportParts(t, url)
			if len(hosts) != len(tt.hosts) || vhost != tt.vhost {
				t.Fatalf("%s read as %q, vhost %q", url, hosts, vhost)
			}
			for i, h := range tt.hosts {
				if hosts[i] != [4]string{h.user, h.password, h.name, h.port} {
					t.Errorf("host %d of %s read as %q, want %q", i, url, hosts[i], h)
				}
				if h.user == "guest" && h.name != "localhost" {
					t.Errorf("guest for the remote broker %s", h.name)
				}
			}
			if testing.Short() && !testenv.InCI() {
				return
			}
			rb := readBack(t, "2025.1", run.fixed, []string{"DEFAULT.transport_url"}, []string{"DEFAULT.transport_url"}, nil, nil)
			tr := rb.Transport["DEFAULT.transport_url"]
			if tr == nil || len(tr.Hosts) != len(tt.hosts) || tr.VirtualHost != tt.vhost {
				t.Fatalf("oslo.messaging read %s as %+v, want vhost %q", url, tr, tt.vhost)
			}
			for i, h := range tt.hosts {
				got := tr.Hosts[i]
				if got.Username != h.user || got.Password != h.password || got.Hostname != h.name || fmt.Sprint(got.Port) != h.port {
					t.Errorf("oslo.messaging read host %d as %+v, want %+v", i, got, h)
				}
			}
		})
	}
}

// TestRemovedOptionFixReadBack: for a removed option whose value another
// option takes (sql_connection -> [database] connection,
// auth_uri -> www_authenticate_uri, notification_driver ->
// [oslo_messaging_notifications] driver), the fixed files give the
// service, on the release of the removal, what the original files gave it
// on the release before: oslo.config read with each release's options.
// The option is never left set twice, and a notifier's old module path
// becomes the name of the driver oslo.messaging loads for it.
func TestRemovedOptionFixReadBack(t *testing.T) {
	tests := []struct {
		name          string
		before, after string // the releases before and of the removal
		key           string // the option that takes the value ("group.name")
		srcs          []string
		want          string // the value the service reads
		once          string // a line the fixed files must have exactly once ("" none)
		gone          string // text that must be gone from the fixed files
	}{
		{"sql_connection moved", "2023.2", "2024.1", "database.connection",
			[]string{"[DEFAULT]\nsql_connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat\n[database]\nmax_retries = 10\n"},
			"mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "sql_connection"},
		{"sql_connection into a [database] that has a connection", "2023.2", "2024.1", "database.connection",
			[]string{"[DEFAULT]\nsql_connection = mysql+pymysql://heat:Old7kQ2xWm9LpZr4@db0/heat\n[database]\nconnection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat\n"},
			"mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "sql_connection"},
		{"[DATABASE] sql_connection beside [database] connection", "2023.2", "2024.1", "database.connection",
			[]string{"[DATABASE]\nsql_connection = mysql+pymysql://heat:Old7kQ2xWm9LpZr4@db0/heat\n[database]\nconnection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat\n"},
			"mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "sql_connection"},
		{"sql_connection twice: the last one", "2023.2", "2024.1", "database.connection",
			[]string{"[DEFAULT]\nsql_connection = mysql+pymysql://heat:Old7kQ2xWm9LpZr4@db0/heat\nsql_connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat\n"},
			"mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "sql_connection"},
		{"sql_connection in a later file than connection", "2023.2", "2024.1", "database.connection",
			[]string{"[database]\nconnection = mysql+pymysql://heat:Old7kQ2xWm9LpZr4@db0/heat\n", "[DEFAULT]\nsql_connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat\n"},
			"mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "", "sql_connection"},
		{"sql_connection in an earlier file than connection", "2023.2", "2024.1", "database.connection",
			[]string{"[DEFAULT]\nsql_connection = mysql+pymysql://heat:Old7kQ2xWm9LpZr4@db0/heat\n", "[database]\nconnection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat\n"},
			"mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "connection = mysql+pymysql://heat:Db7kQ2xWm9LpZr4t@db1/heat", "sql_connection"},
		{"auth_uri renamed", "2026.1", "2026.2", "keystone_authtoken.www_authenticate_uri",
			[]string{"[keystone_authtoken]\nauth_uri = https://keystone.example.net:5000\nauth_type = password\n"},
			"https://keystone.example.net:5000", "www_authenticate_uri = https://keystone.example.net:5000", "auth_uri"},
		{"auth_uri beside www_authenticate_uri", "2026.1", "2026.2", "keystone_authtoken.www_authenticate_uri",
			[]string{"[keystone_authtoken]\nauth_uri = https://old.example.net:5000\nwww_authenticate_uri = https://keystone.example.net:5000\n"},
			"https://keystone.example.net:5000", "www_authenticate_uri = https://keystone.example.net:5000", "auth_uri"},
		{"auth_uri in a later file", "2026.1", "2026.2", "keystone_authtoken.www_authenticate_uri",
			[]string{"[keystone_authtoken]\nwww_authenticate_uri = https://old.example.net:5000\n", "[keystone_authtoken]\nauth_uri = https://keystone.example.net:5000\n"},
			"https://keystone.example.net:5000", "", "auth_uri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := fixFiles(t, tt.after, lint.Warning, tt.srcs...)
			noFixableLeft(t, run, "removed-option", "duplicate-option")
			all := strings.Join(run.text, "\n")
			if strings.Contains(all, tt.gone) {
				t.Errorf("%s is left:\n%s", tt.gone, all)
			}
			if tt.once != "" && strings.Count(all, tt.once+"\n") != 1 {
				t.Errorf("want %q once:\n%s", tt.once, all)
			}
			if got := confValue(t, run.fixed, tt.key); got != tt.want {
				t.Errorf("%s reads %q, want %q:\n%s", tt.key, got, tt.want, all)
			}
			if testing.Short() && !testenv.InCI() {
				return
			}
			var dbKeys []string
			if strings.HasPrefix(tt.key, "database.") {
				dbKeys = []string{tt.key}
			}
			before := readBack(t, tt.before, run.orig, []string{tt.key}, nil, nil, nil)
			after := readBack(t, tt.after, run.fixed, []string{tt.key}, nil, dbKeys, nil)
			if before.Values[tt.key] != tt.want || after.Values[tt.key] != tt.want {
				t.Errorf("oslo.config reads %s as %v on %s before the fix and %v on %s after; want %q",
					tt.key, before.Values[tt.key], tt.before, after.Values[tt.key], tt.after, tt.want)
			}
			if db := after.DB[tt.key]; dbKeys != nil && (db == nil || db.Password != "Db7kQ2xWm9LpZr4t" || db.Host != "db1" || db.Database != "heat") {
				t.Errorf("SQLAlchemy reads %+v", db)
			}
		})
	}
}

// TestNotificationDriverFixReadBack: notification_driver, removed in
// 2025.1, moves to [oslo_messaging_notifications] driver as the driver
// oslo.messaging loads for what the old line meant: an old notifier's
// module path becomes the name of its driver (no_op_notifier: noop), a
// driver name stays, every line of this multi-valued option is kept, and
// a driver already set is not set twice.
func TestNotificationDriverFixReadBack(t *testing.T) {
	const key = "oslo_messaging_notifications.driver"
	tests := []struct {
		name  string
		src   string
		names []string // the drivers oslo.messaging loads
		class []string // their entry points' classes
	}{
		{"a no-op notifier", "[DEFAULT]\nnotification_driver = heat.openstack.common.notifier.no_op_notifier\n",
			[]string{"noop"}, []string{"NoOpDriver"}},
		{"the rpc notifiers", "[DEFAULT]\nnotification_driver = heat.openstack.common.notifier.rpc_notifier\nnotification_driver = heat.openstack.common.notifier.rpc_notifier2\n",
			[]string{"messaging", "messagingv2"}, []string{"MessagingDriver", "MessagingV2Driver"}},
		{"a log notifier of another project's path", "[DEFAULT]\nnotification_driver = nova.openstack.common.notifier.log_notifier\n",
			[]string{"log"}, []string{"LogDriver"}},
		{"a driver name", "[DEFAULT]\nnotification_driver = messagingv2\n",
			[]string{"messagingv2"}, []string{"MessagingV2Driver"}},
		{"a driver already set", "[DEFAULT]\nnotification_driver = heat.openstack.common.notifier.rpc_notifier2\n[oslo_messaging_notifications]\ndriver = messagingv2\n",
			[]string{"messagingv2"}, []string{"MessagingV2Driver"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := fixFiles(t, "2025.1", lint.Warning, tt.src)
			noFixableLeft(t, run, "removed-option")
			all := strings.Join(run.text, "\n")
			if strings.Contains(all, "notification_driver") || strings.Contains(all, "openstack.common") {
				t.Errorf("the old driver is left:\n%s", all)
			}
			var got []string
			for _, l := range strings.Split(all, "\n") {
				if v, ok := strings.CutPrefix(l, "driver = "); ok {
					got = append(got, v)
				}
			}
			if !slices.Equal(got, tt.names) {
				t.Errorf("drivers %q, want %q:\n%s", got, tt.names, all)
			}
			if testing.Short() && !testenv.InCI() {
				return
			}
			rb := readBack(t, "2025.1", run.fixed, []string{key}, nil, nil, []string{key})
			var names, classes []string
			for _, d := range rb.Drivers[key] {
				names = append(names, d.Name)
				c := "(none)"
				if d.EntryPoint != nil {
					_, c, _ = strings.Cut(*d.EntryPoint, ":")
				}
				classes = append(classes, c)
			}
			if !slices.Equal(names, tt.names) || !slices.Equal(classes, tt.class) {
				t.Errorf("oslo.messaging loads %q (%q), want %q (%q)", names, classes, tt.names, tt.class)
			}
		})
	}
}

// TestInlineCommentFixReadBack: the inline-comment fix moves a comment
// off a value only where the value is not a secret: a password or a
// URL's credentials with " #" in them are never cut (the finding stays,
// without a fix), and a comment after a whole transport_url is moved off
// it, leaving the URL oslo.messaging reads intact.
func TestInlineCommentFixReadBack(t *testing.T) {
	tests := []struct {
		name, src, key, want string
		fixed                bool // the fix applies
	}{
		{"a password is not cut", "[keystone_authtoken]\npassword = Kx8 #Tq2mWz7pLr4\n", "keystone_authtoken.password", "Kx8 #Tq2mWz7pLr4", false},
		{"nor a secret of the option data", "[DEFAULT]\nauth_encryption_key = 0123456789abcdef ;0123456789abcde\n", "DEFAULT.auth_encryption_key", "0123456789abcdef ;0123456789abcde", false},
		{"nor a URL's credentials", "[DEFAULT]\ntransport_url = rabbit://heat:Rb9 #xKq2mWz7pLt4v@rabbit.example.net:5672/\n", "DEFAULT.transport_url",
			"rabbit://heat:Rb9 #xKq2mWz7pLt4v@rabbit.example.net:5672/", false},
		{"a comment after a URL", "[DEFAULT]\ntransport_url = rabbit://heat:Rb9xKq2mWz7pLt4v@rabbit.example.net:5672/ # the broker\n", "DEFAULT.transport_url",
			"rabbit://heat:Rb9xKq2mWz7pLt4v@rabbit.example.net:5672/", true},
		{"a comment after a plain value", "[DEFAULT]\nmax_stacks_per_tenant = 200 ; more than the default\n", "DEFAULT.max_stacks_per_tenant", "200", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := fixFiles(t, "2025.1", lint.Warning, tt.src)
			if got := confValue(t, run.fixed, tt.key); got != tt.want {
				t.Errorf("%s reads %q, want %q:\n%s", tt.key, got, tt.want, run.text[0])
			}
			left := hasFinding(run.left, "inline-comment", "")
			if left == tt.fixed {
				t.Errorf("inline-comment left after --fix: %v, want %v", left, !tt.fixed)
			}
			noFixableLeft(t, run)
			if testing.Short() && !testenv.InCI() {
				return
			}
			var transport []string
			if strings.HasSuffix(tt.key, "transport_url") && tt.fixed {
				transport = []string{tt.key}
			}
			rb := readBack(t, "2025.1", run.fixed, []string{tt.key}, transport, nil, nil)
			if rb.Values[tt.key] != tt.want {
				t.Errorf("oslo.config reads %s as %v, want %q", tt.key, rb.Values[tt.key], tt.want)
			}
			if tr := rb.Transport[tt.key]; transport != nil && (tr == nil || len(tr.Hosts) != 1 || tr.Hosts[0].Password != "Rb9xKq2mWz7pLt4v" || tr.VirtualHost != "") {
				t.Errorf("oslo.messaging reads %+v", tr)
			}
		})
	}
}

// TestFixAppliesErrorsAndWarnings: --fix applies the fixes of errors and
// warnings; the fix of an info finding (the admin port 35357 in a file
// the Juju charms wrote, whose Keystone still serves it, which only
// suggests 5000) is applied only when asked.
func TestFixAppliesErrorsAndWarnings(t *testing.T) {
	const src = "[DEFAULT]\nrpc_backend = rabbit\n[keystone_authtoken]\nmemcached_servers = inet6:[::1]:11211\nauth_url = http://192.0.2.5:35357\n"
	run := fixFiles(t, "2025.1", lint.Warning, src)
	if !strings.Contains(run.text[0], "auth_url = http://192.0.2.5:35357\n") || strings.Contains(run.text[0], "rpc_backend") {
		t.Errorf("--fix:\n%s", run.text[0])
	}
	if !hasFinding(run.left, "keystone-admin-port", "35357") {
		t.Error("the info finding is gone without its fix")
	}
	run = fixFiles(t, "2025.1", lint.Info, src)
	if !strings.Contains(run.text[0], "auth_url = http://192.0.2.5:5000\n") {
		t.Errorf("--fix --fix-info:\n%s", run.text[0])
	}
}

// TestFixReLintsClean: on every file of the real-world corpus and every
// rule example, --fix leaves no error or warning that has a fix (each was
// applied, or made unnecessary), and the fixed files parse.
func TestFixReLintsClean(t *testing.T) {
	type input struct{ path, release string }
	var inputs []input
	data, err := os.ReadFile("../testdata/realworld/corpus.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if cols := strings.Split(line, "\t"); len(cols) == 2 && !strings.HasPrefix(line, "#") {
			inputs = append(inputs, input{filepath.Join("../testdata/realworld", cols[0]), cols[1]})
		}
	}
	examples, _ := filepath.Glob("../testdata/lint/rules/*.conf")
	for _, e := range examples {
		inputs = append(inputs, input{e, releases.Default})
	}
	if len(inputs) < 100 {
		t.Fatalf("only %d inputs", len(inputs))
	}
	fixed := 0
	defer func() { t.Logf("%d inputs, %d changed by --fix", len(inputs), fixed) }()
	for _, in := range inputs {
		src, err := os.ReadFile(in.path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conf.Parse(in.path, src); err != nil {
			continue // parse-error's example: nothing to fix
		}
		run := fixFiles(t, in.release, lint.Warning, string(src))
		if run.text[0] != string(src) {
			fixed++
		}
		for _, f := range run.left {
			if f.Severity >= lint.Warning && f.Fix != nil {
				t.Errorf("%s (%s): --fix left %s", in.path, in.release, f)
			}
		}
	}
}
