package main

import (
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
