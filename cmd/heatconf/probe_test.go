package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestNewProbeCmd(t *testing.T) {
	tests := []struct {
		args []string
		want func(o *probeOptions) bool
	}{
		{[]string{"--os-cloud", "prod", "--format", "json", "--wait", "2m"}, func(o *probeOptions) bool {
			return o.Cloud == "prod" && o.Format == "json" && o.Wait == 2*time.Minute && o.Timeout == 30*time.Second
		}},
		{[]string{"--config", "a.conf", "--config", "b.conf", "--site", "s.toml", "--create-stack"}, func(o *probeOptions) bool {
			return len(o.Configs) == 2 && o.SitePath == "s.toml" && o.CreateStack && o.Timeout == 2*time.Minute
		}},
		{[]string{"--create-stack", "--timeout", "45s"}, func(o *probeOptions) bool { return o.Timeout == 45*time.Second }},
		{[]string{"--cacert", "ca.pem", "--cert", "c.pem", "--key", "k.pem", "--insecure", "--os-interface", "internalURL"}, func(o *probeOptions) bool {
			return o.TLS.CACert == "ca.pem" && o.TLS.Cert == "c.pem" && o.TLS.Key == "k.pem" && o.TLS.Insecure
		}},
	}
	for _, tt := range tests {
		var got *probeOptions
		cmd := newProbeCmd(Streams{Out: &strings.Builder{}, Err: &strings.Builder{}}, func(string) (string, bool) { return "", false },
			func(o *probeOptions) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil || got == nil || !tt.want(got) {
			t.Errorf("%v: err %v, options %+v", tt.args, err, got)
		}
	}
}

func TestProbeUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"probe", "--format", "xml"}, exitUsage, `not one of text, json, nagios, prometheus`},
		{[]string{"probe", "--cert", "c.pem"}, exitUsage, "--cert and --key go together"},
		{[]string{"probe", "--timeout", "0s"}, exitUsage, "--timeout must be positive"},
		{[]string{"probe", "--os-interface", "private"}, exitUsage, "want public, internal or admin"},
		{[]string{"probe", "extra"}, exitUsage, "no arguments"},
		{[]string{"probe"}, exitUsage, "no credentials"},
		{[]string{"probe", "--format", "nagios", "--timeout", "0s"}, 3, "HEAT UNKNOWN - --timeout must be positive"},
		{[]string{"probe", "--format", "nagios"}, 3, "HEAT UNKNOWN - no credentials"},
		{[]string{"probe", "--site", "/nonexistent/site.toml"}, exitFatal, "nonexistent"},
		{[]string{"probe", "--config-file", "/nonexistent/heat.conf"}, exitFatal, "Failed to find some config files"},
	}
	for _, tt := range tests {
		r := run(t, nil, tt.args...)
		if r.code != tt.code || !strings.Contains(r.out+r.err, tt.want) {
			t.Errorf("%v: exit %d (want %d)\nout: %s\nerr: %s", tt.args, r.code, tt.code, r.out, r.err)
		}
	}
}

// fakeKeystone answers discovery and refuses every token.
func fakeKeystone(t *testing.T) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/" {
			w.WriteHeader(300)
			w.Write([]byte(`{"versions":{"values":[{"id":"v3.14","status":"stable"}]}}`))
			return
		}
		w.WriteHeader(401)
		w.Write([]byte(`{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`))
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestProbeRunFormats(t *testing.T) {
	ks := fakeKeystone(t)
	env := map[string]string{"OS_AUTH_URL": ks.URL + "/v3", "OS_USERNAME": "admin", "OS_PASSWORD": "sekret-Pa55",
		"OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default"}

	r := run(t, env, "probe")
	// piped, the text is what a terminal shows: header, checks, what to do, summary
	if r.code != exitFindings || !strings.HasPrefix(r.out, "Probing ") || !regexp.MustCompile(`(?m)^keystone-discovery +ok `).MatchString(r.out) ||
		!regexp.MustCompile(`(?m)^keystone-token +fail `).MatchString(r.out) || !strings.Contains(r.out, "What to do:") {
		t.Errorf("table: %d\n%s\n%s", r.code, r.out, r.err)
	}

	r = run(t, env, "probe", "--format", "json")
	var doc struct {
		Status string `json:"status"`
		Checks []struct{ ID, Verdict string }
	}
	if err := json.Unmarshal([]byte(r.out), &doc); err != nil || r.code != exitFindings || doc.Status != "fail" || len(doc.Checks) < 20 {
		t.Errorf("json: %d %v %+v", r.code, err, doc)
	}

	r = run(t, env, "probe", "--format", "nagios")
	first, long, _ := strings.Cut(r.out, "\n")
	if r.code != 2 || !strings.HasPrefix(first, "HEAT CRITICAL - 1 of 21 checks failed: keystone-token | ok=1;;;0;21 ") ||
		!strings.HasPrefix(long, "keystone-token fail: Keystone refused") || !strings.Contains(long, "\n'stack-create'=U;;;0\n") {
		t.Errorf("nagios: %d %q", r.code, r.out)
	}

	prom := filepath.Join(t.TempDir(), "heat.prom")
	r = run(t, env, "probe", "--format", "prometheus", "--output", prom)
	b, err := os.ReadFile(prom)
	if r.code != exitFindings || err != nil || !strings.Contains(string(b), `heatconf_probe_check_ok{check="keystone-token"} 0`) || r.out != "" ||
		!strings.Contains(r.err, "written to "+prom) {
		t.Errorf("prometheus: %d %v\n%s\n%s", r.code, err, b, r.err)
	}

	for _, text := range []string{r.out, r.err, string(b)} {
		if strings.Contains(text, "sekret-Pa55") {
			t.Errorf("the password was printed: %s", text)
		}
	}

	r = run(t, env, "probe", "--insecure")
	if !strings.Contains(r.err, "warning: --insecure") {
		t.Errorf("no --insecure warning: %s", r.err)
	}
}

// clouds.yaml's verify: false turns verification off as --insecure does,
// and gets the same warning on stderr.
func TestProbeCloudsYAMLVerifyFalse(t *testing.T) {
	ks := fakeKeystone(t)
	dir := t.TempDir()
	cloud := "clouds:\n  prod:\n    auth:\n      auth_url: " + ks.URL + "/v3\n      username: admin\n      password: sekret-Pa55\n" +
		"      project_name: admin\n      user_domain_name: Default\n      project_domain_name: Default\n"
	for _, tt := range []struct {
		name, verify, want string
	}{
		{"verify: false", "    verify: false\n", `heatconf: warning: clouds.yaml cloud "prod" has verify: false: server certificates are not verified; anyone on the path can read the credentials`},
		{"verify: true", "    verify: true\n", ""},
		{"no verify", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "")+".yaml")
			if err := os.WriteFile(p, []byte(cloud+tt.verify), 0o600); err != nil {
				t.Fatal(err)
			}
			r := run(t, map[string]string{"OS_CLIENT_CONFIG_FILE": p}, "probe", "--os-cloud", "prod")
			if r.code != exitFindings || strings.Contains(r.err, "warning") != (tt.want != "") || !strings.Contains(r.err, tt.want) {
				t.Errorf("exit %d\nerr: %s\nwant %q", r.code, r.err, tt.want)
			}
		})
	}
}

// --wait retries until its time is up, with progress on stderr, and the
// deadline holds against a Keystone that does not answer.
func TestProbeWaitAndDeadline(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() { // accept and never answer
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	env := map[string]string{"OS_AUTH_URL": "http://" + l.Addr().String() + "/v3", "OS_USERNAME": "u", "OS_PASSWORD": "p", "OS_PROJECT_NAME": "p"}
	start := time.Now()
	r := run(t, env, "probe", "--timeout", "1s")
	if el := time.Since(start); el > 10*time.Second || r.code != exitFindings || !strings.Contains(r.out, "no answer within") ||
		!strings.Contains(r.out, "cut by the whole probe's deadline, --timeout 1s") || strings.Contains(r.out, "--check-timeout") {
		t.Errorf("deadline: %s, exit %d\n%s", el, r.code, r.out)
	}
	ks := fakeKeystone(t)
	env["OS_AUTH_URL"] = ks.URL + "/v3"
	var out, errb strings.Builder
	cmd := newProbeCmd(Streams{Out: &out, Err: &errb}, func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		func(o *probeOptions) error { o.interval = 100 * time.Millisecond; return probeRun(o) })
	cmd.SetArgs([]string{"--wait", "1s", "--timeout", "1s"})
	start = time.Now()
	err = cmd.Execute()
	if el := time.Since(start); el > 15*time.Second || err == nil || !strings.Contains(errb.String(), "heatconf: attempt 2:") ||
		!strings.Contains(errb.String(), "not healthy: keystone-token") ||
		!regexp.MustCompile(`heatconf: gave up after \d+ attempts: --wait 1s is over; the last: .*not healthy: keystone-token`).MatchString(errb.String()) {
		t.Errorf("--wait: %s, %v\n%s", el, err, errb.String())
	}
}

// --listen binds loopback unless a host is given; --target takes names,
// never URLs; the listen flags go with --listen only.
func TestProbeListenFlags(t *testing.T) {
	for in, want := range map[string]string{"9469": "127.0.0.1:9469", ":9469": "127.0.0.1:9469",
		"127.0.0.1:9469": "127.0.0.1:9469", "0.0.0.0:9469": "0.0.0.0:9469", "[::1]:9469": "[::1]:9469"} {
		if got, err := listenAddr(in); err != nil || got != want {
			t.Errorf("listenAddr(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := namedTargets([]string{"ctl1=/etc/heat/heat.conf", "prod.r1=/x"}); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"http://x=/etc/heat/heat.conf", "=/x", "ctl1", "ctl1=", "../x=/y"} {
		if _, err := namedTargets([]string{bad}); err == nil {
			t.Errorf("--target %q accepted", bad)
		}
	}
	for _, args := range [][]string{{"probe", "--target", "a=b"}, {"probe", "--listen", "0", "--wait", "1m"},
		{"probe", "--listen", "0", "--config-file", "heat.conf"}} {
		if r := run(t, nil, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d %s", args, r.code, r.err)
		}
	}
}
