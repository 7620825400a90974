package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
)

// promtoolCheck validates an exposition with Prometheus's own promtool.
func promtoolCheck(t *testing.T, exposition string) {
	t.Helper()
	promtool := testenv.Command(t, "promtool", "prometheus")
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(exposition)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s\n--- exposition\n%s", err, out, exposition)
	}
}

// A probe that cannot run still replaces the textfile collector's file,
// with heatconf_probe_up 0, so the last good run is not served on.
func TestProbePrometheusCannotRun(t *testing.T) {
	testenv.Oracle(t, "promtool")
	ks := fakeKeystone(t)
	creds := map[string]string{"OS_AUTH_URL": ks.URL + "/v3", "OS_USERNAME": "admin", "OS_PASSWORD": "sekret-Pa55",
		"OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default"}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
	}{
		{"no credentials", nil, nil, exitUsage},
		{"bad credentials source", nil, []string{"--config-file", "/nonexistent/heat.conf"}, exitFatal},
		{"unreadable CA", creds, []string{"--cacert", "/nonexistent/ca.pem"}, exitFatal},
		{"bad flag value", creds, []string{"--timeout", "0s"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prom := filepath.Join(t.TempDir(), "heat.prom")
			if err := os.WriteFile(prom, []byte("heatconf_probe_up 1\nheatconf_probe_healthy 1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			r := run(t, tt.env, append([]string{"probe", "--format", "prometheus", "--output", prom}, tt.args...)...)
			b, err := os.ReadFile(prom)
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			if r.code != tt.code || r.out != "" || !strings.Contains(r.err, "heatconf_probe_up 0 written to "+prom) {
				t.Errorf("exit %d (want %d)\nout: %s\nerr: %s", r.code, tt.code, r.out, r.err)
			}
			if !strings.Contains(got, "\nheatconf_probe_up 0\n") || !strings.Contains(got, "\nheatconf_probe_healthy 0\n") {
				t.Errorf("file:\n%s", got)
			}
			promtoolCheck(t, got)
			if fi, err := os.Stat(prom); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("mode %v %v", fi.Mode(), err)
			}
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(prom), "*"))
			if len(left) != 1 {
				t.Errorf("files left beside the output: %q", left)
			}
		})
	}

	// without --output, standard output gets it
	r := run(t, creds, "probe", "--format", "prometheus", "--cacert", "/nonexistent/ca.pem")
	if r.code != exitFatal || !strings.Contains(r.out, "\nheatconf_probe_up 0\n") || !strings.Contains(r.err, "ca.pem") {
		t.Errorf("stdout: %d\n%s\n%s", r.code, r.out, r.err)
	}

	// the other formats print nothing on standard output
	r = run(t, creds, "probe", "--format", "json", "--cacert", "/nonexistent/ca.pem")
	if r.code != exitFatal || r.out != "" {
		t.Errorf("json: %d %q", r.code, r.out)
	}

	// a run that happened: heatconf_probe_up 1, and promtool accepts it
	prom := filepath.Join(t.TempDir(), "heat.prom")
	r = run(t, creds, "probe", "--format", "prometheus", "--output", prom)
	b, err := os.ReadFile(prom)
	if err != nil || r.code != exitFindings || !strings.Contains(string(b), "\nheatconf_probe_up 1\n") {
		t.Fatalf("ran: %d %v\n%s", r.code, err, b)
	}
	promtoolCheck(t, string(b))
}

// When the down file itself cannot be written, both failures are told.
func TestProbePrometheusDownUnwritable(t *testing.T) {
	prom := filepath.Join(t.TempDir(), "no-such-dir", "heat.prom")
	r := run(t, nil, "probe", "--format", "prometheus", "--output", prom, "--config-file", "/nonexistent/heat.conf")
	if r.code != exitFatal || !strings.Contains(r.err, "Failed to find some config files") || !strings.Contains(r.err, "heatconf_probe_up 0 could not be written") {
		t.Errorf("%d\n%s", r.code, r.err)
	}
}

// hostileKeystone answers version discovery as Keystone does when
// discovery is true, and every other request (the token's included) with
// status and body.
func hostileKeystone(t *testing.T, discovery bool, status int, body string) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if discovery && r.URL.Path == "/" {
			w.WriteHeader(300)
			w.Write([]byte(`{"versions":{"values":[{"id":"v3.14","status":"stable"}]}}`))
			return
		}
		w.Header().Set("X-Subject-Token", "tok-hostile")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(ts.Close)
	return ts
}

// readProm reads a Prometheus file written by the probe.
func readProm(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A Keystone that answers empty or broken bodies gets verdicts, never a
// panic, and the Prometheus file says not healthy.
func TestProbeHostileKeystonePrometheus(t *testing.T) {
	bodies := []struct{ name, body string }{
		{"empty", ""}, {"empty object", "{}"}, {"null", "null"}, {"array", "[]"},
		{"truncated", `{"token": {"catalog": [`}, {"html", "<html><body>502 Bad Gateway</body></html>"},
	}
	for _, discovery := range []bool{false, true} {
		for _, b := range bodies {
			t.Run(fmt.Sprintf("discovery %v/%s", discovery, b.name), func(t *testing.T) {
				status := 200
				if discovery {
					status = 201 // the token's
				}
				ks := hostileKeystone(t, discovery, status, b.body)
				env := map[string]string{"OS_AUTH_URL": ks.URL + "/v3", "OS_USERNAME": "admin", "OS_PASSWORD": "sekret-Pa55",
					"OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default"}
				prom := filepath.Join(t.TempDir(), "heat.prom")
				if err := os.WriteFile(prom, []byte("heatconf_probe_up 1\nheatconf_probe_healthy 1\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				r := run(t, env, "probe", "--create-stack", "--timeout", "10s", "--format", "prometheus", "--output", prom)
				got := readProm(t, prom)
				if r.code != exitFindings || !strings.Contains(got, "\nheatconf_probe_healthy 0\n") || strings.Contains(r.err, "goroutine") {
					t.Errorf("exit %d\nerr: %s\nfile:\n%s", r.code, r.err, got)
				}
				r = run(t, env, "probe", "--create-stack", "--timeout", "10s", "--format", "nagios")
				if first, _, _ := strings.Cut(r.out, "\n"); r.code != 2 || !strings.HasPrefix(first, "HEAT CRITICAL - ") ||
					strings.Contains(r.out, "goroutine") || strings.Contains(r.out, ".go:") {
					t.Errorf("nagios: exit %d\n%s", r.code, r.out)
				}
			})
		}
	}
}

// Whatever stops the probe after its flags are read -- a usage error, a
// panic -- replaces the Prometheus file with heatconf_probe_up 0.
func TestProbePrometheusDownOnAnyFailure(t *testing.T) {
	prom := filepath.Join(t.TempDir(), "heat.prom")
	stale := func() {
		if err := os.WriteFile(prom, []byte("heatconf_probe_up 1\nheatconf_probe_healthy 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	down := func(what string) {
		t.Helper()
		got := readProm(t, prom)
		if !strings.Contains(got, "\nheatconf_probe_up 0\n") || !strings.Contains(got, "\nheatconf_probe_healthy 0\n") {
			t.Errorf("%s: file:\n%s", what, got)
		}
	}

	stale()
	r := run(t, nil, "probe", "extra", "--format", "prometheus", "--output", prom)
	if r.code != exitUsage || !strings.Contains(r.err, "no arguments") {
		t.Errorf("extra argument: exit %d\n%s", r.code, r.err)
	}
	down("extra argument")

	stale()
	var out, errb strings.Builder
	cmd := newProbeCmd(Streams{Out: &out, Err: &errb}, func(string) (string, bool) { return "", false },
		func(*probeOptions) error { panic("boom\n\t/home/build/heatconf/probe/probe.go:12 +0x1d") })
	cmd.SetArgs([]string{"--format", "prometheus", "--output", prom})
	err := cmd.Execute()
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitFatal || ee.err == nil || ee.err.Error() != "internal error: boom" {
		t.Errorf("panic: %v", err)
	}
	down("panic")

	// nagios: UNKNOWN, one line
	out.Reset()
	cmd = newProbeCmd(Streams{Out: &out, Err: &errb}, func(string) (string, bool) { return "", false },
		func(*probeOptions) error { panic("boom") })
	cmd.SetArgs([]string{"--format", "nagios"})
	err = cmd.Execute()
	if !errors.As(err, &ee) || ee.code != 3 || out.String() != "HEAT UNKNOWN - internal error: boom\n" {
		t.Errorf("panic, nagios: %v %q", err, out.String())
	}
}
