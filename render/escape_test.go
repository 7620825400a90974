package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/site"
)

func TestINIValueTable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a$b", "a$$b"},
		{"$", "$$"},
		{" x", `" x"`},
		{"x ", `"x "`},
		{`"x"`, `""x""`},
		{`'x'`, `"'x'"`},
		{`"`, `"""`},
		{`"x'`, `"x'`},
		{"a # b", "a # b"},
		{"", ""},
		{"tab\tinside", "tab\tinside"},
		{`a\$b`, `a\\$b`}, // oslo.config turns \$ into $$ before substituting
	}
	for _, tt := range tests {
		got, err := INIValue(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("INIValue(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"a\nb", "a\rb", "a\x00b", "\x1b[31m"} {
		if _, err := INIValue(bad); err == nil {
			t.Errorf("INIValue(%q) accepted a control character", bad)
		}
	}
}

type roundTrip struct {
	Values    map[string]string `json:"values"`
	Transport []struct {
		Hosts []struct {
			Hostname string `json:"hostname"`
			Port     int    `json:"port"`
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"hosts"`
		VirtualHost string `json:"virtual_host"`
	} `json:"transport"`
	DB []struct {
		Username string            `json:"username"`
		Password string            `json:"password"`
		Host     string            `json:"host"`
		Port     int               `json:"port"`
		Database string            `json:"database"`
		Query    map[string]string `json:"query"`
	} `json:"db"`
	Sections []map[string]map[string][]string `json:"sections"`
}

func readBack(t *testing.T, req map[string]any) roundTrip {
	t.Helper()
	py := testenv.Python(t, []string{"oslo_config", "oslo_messaging", "sqlalchemy"},
		"python3-oslo.config", "python3-oslo.messaging", "python3-sqlalchemy")
	body, _ := json.Marshal(req)
	cmd := exec.Command(py, "testdata/roundtrip.py")
	cmd.Env = testenv.Env()
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("roundtrip.py: %v\n%s", err, stderr.String())
	}
	var rt roundTrip
	if err := json.Unmarshal(out, &rt); err != nil {
		t.Fatalf("roundtrip.py output: %v", err)
	}
	return rt
}

// TestINIValueRealOsloConfig writes every testenv.Hostile value with INIValue and
// reads it back through oslo.config's ConfigOpts, interpolation and all.
func TestINIValueRealOsloConfig(t *testing.T) {
	testenv.Oracle(t, "python3 with oslo.config")
	var conf strings.Builder
	conf.WriteString("[t]\n")
	keys := make([]string, len(testenv.Hostile))
	for i, h := range testenv.Hostile {
		keys[i] = fmt.Sprintf("v%d", i)
		v, err := INIValue(h)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&conf, "%s = %s\n", keys[i], v)
	}
	p := filepath.Join(t.TempDir(), "t.conf")
	if err := os.WriteFile(p, []byte(conf.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	rt := readBack(t, map[string]any{"conf": p, "keys": keys})
	for i, h := range testenv.Hostile {
		if got := rt.Values[keys[i]]; got != h {
			t.Errorf("oslo.config read %q back as %q", h, got)
		}
	}
}

// TestURLsRealParsers builds transport_url and [database] connection with
// testenv.Hostile credentials and parses them with oslo.messaging and SQLAlchemy.
func TestURLsRealParsers(t *testing.T) {
	testenv.Oracle(t, "python3 with oslo.messaging and SQLAlchemy")
	var transports, dbs []string
	for _, h := range testenv.Hostile {
		m := site.Messaging{Hosts: []string{"rabbit1:5672", "[fd00::2]"}, User: h, Password: site.NewSecret(h), VHost: h}
		u, err := transportURL(m)
		if err != nil {
			t.Fatal(err)
		}
		transports = append(transports, u)
		dbs = append(dbs, dbConnection(site.Database{Host: "db.example.net", Port: 3307, Name: "heat", User: h, Password: site.NewSecret(h)}))
	}
	rt := readBack(t, map[string]any{"transport_urls": transports, "db_urls": dbs})
	for i, h := range testenv.Hostile {
		tr := rt.Transport[i]
		if len(tr.Hosts) != 2 {
			t.Fatalf("%q: oslo.messaging found %d hosts in %s", h, len(tr.Hosts), transports[i])
		}
		for _, host := range tr.Hosts {
			if host.Username != h || host.Password != h {
				t.Errorf("oslo.messaging read user %q password %q, want %q", host.Username, host.Password, h)
			}
		}
		if tr.Hosts[0].Hostname != "rabbit1" || tr.Hosts[1].Hostname != "fd00::2" || tr.Hosts[1].Port != 5672 {
			t.Errorf("oslo.messaging hosts: %+v", tr.Hosts)
		}
		if tr.VirtualHost != h {
			t.Errorf("oslo.messaging read vhost %q, want %q", tr.VirtualHost, h)
		}
		db := rt.DB[i]
		if db.Username != h || db.Password != h || db.Host != "db.example.net" || db.Port != 3307 || db.Database != "heat" {
			t.Errorf("SQLAlchemy read %+v, want user and password %q", db, h)
		}
		if db.Query["charset"] != "utf8mb4" {
			t.Errorf("SQLAlchemy query %v", db.Query)
		}
	}
}

// TestURLsReadBack reads the transport_url and [database] connection that
// render writes with conf's URL reader (oslo.messaging's reading, which
// TestURLsRealParsers checks against the real thing where Python is
// installed): every host gives back its credentials, name and port.
func TestURLsReadBack(t *testing.T) {
	for _, h := range testenv.Hostile {
		m := site.Messaging{Hosts: []string{"rabbit1:5672", "[fd00::2]"}, User: h, Password: site.NewSecret(h), VHost: h}
		raw, err := transportURL(m)
		if err != nil {
			t.Fatal(err)
		}
		db := dbConnection(site.Database{Host: "db.example.net", Port: 3307, Name: "heat", User: h, Password: site.NewSecret(h)})
		for _, c := range []struct {
			url   string
			hosts [][2]string // name, port
		}{
			{raw, [][2]string{{"rabbit1", "5672"}, {"fd00::2", "5672"}}},
			{db, [][2]string{{"db.example.net", "3307"}}},
		} {
			u, ok := conf.ParseURL(c.url)
			if !ok || len(u.Hosts) != len(c.hosts) {
				t.Fatalf("%q: %s read as %+v", h, c.url, u)
			}
			for i, host := range u.Hosts {
				user, pw := conf.URLUnquote(host.User.Text(c.url)), conf.URLUnquote(host.Password.Text(c.url))
				name, port := host.Name.Text(c.url), host.Port.Text(c.url)
				if user != h || pw != h || name != c.hosts[i][0] || port != c.hosts[i][1] {
					t.Errorf("%s: host %d read as user %q password %q at %s port %s; want %q at %s", c.url, i, user, pw, name, port, h, c.hosts[i])
				}
			}
		}
	}
}
