package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
)

// prometheusSteps (p): Debian's real Prometheus scrapes `heatconf probe
// --listen` (the stack as target "e2e", with the rendered heat.conf and the
// site) every second and records heatconf_probe_healthy for the real
// stack; then an endpoint is moved to a wrong port and Prometheus records
// the probe unhealthy; the endpoint is put back. Both processes are
// started here and stopped here, by PID.
//
// On Debian 12 the EC2-token break is real (see probeSteps): ec2-token then
// fails on the healthy stack, and heatconf_probe_healthy is 0 throughout.
// "Healthy" is then every check but ec2-token passing, which Prometheus
// also records (min of heatconf_probe_check_ok without ec2-token); the
// test says which it waited for.
func (e *e2e) prometheusSteps(bin, heatConf string, siteEnv []string) {
	t := e.t
	prom, err := lookPathIn("prometheus", debianPATH)
	if err != nil {
		msg := "p. Debian's prometheus is not installed (scripts/test.sh installs it: apt-get install prometheus)"
		if testenv.InCI() {
			t.Errorf("%s: CI=true, so this is an error, not a skip", msg)
		} else {
			t.Logf("%s: the Prometheus steps are left out", msg)
		}
		return
	}
	dir := filepath.Join(e.tmp, "prometheus")
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	exporterAddr, promAddr := freeAddr(t), freeAddr(t)

	// the exporter
	exporter := e.startExporter("p.", filepath.Join(dir, "exporter.log"), siteEnv, bin, exporterAddr, heatConf, "1s", "20s")
	if exporter == nil {
		return
	}
	defer e.stopPID("p. heatconf probe --listen", exporter)

	// Prometheus, its own storage, scraping the exporter every second
	cfg := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: heat
    metrics_path: /probe
    params:
      target: [e2e]
    static_configs:
      - targets: ['%[1]s']
  - job_name: heatconf-exporter
    static_configs:
      - targets: ['%[1]s']
`, exporterAddr)
	cfgFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	p := e.start("p. prometheus", filepath.Join(dir, "prometheus.log"), e.env(), prom, "--config.file="+cfgFile,
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+promAddr, "--log.level=warn")
	if p == nil {
		return
	}
	defer e.stopPID("p. prometheus", p)
	if !e.waitHTTP("p. prometheus", "http://"+promAddr+"/-/ready") {
		return
	}
	query := func(expr string) (float64, bool) { return promQuery(e.ctx, promAddr, expr) }
	healthy := `heatconf_probe_healthy{job="heat"}`
	allButEC2 := `min(heatconf_probe_check_ok{job="heat",check!="ec2-token"})`

	// healthy: heatconf_probe_healthy 1, or every check but ec2-token
	// passing while ec2-token fails as the known break
	watch := healthy
	start := time.Now()
	ok := e.until("p1. Prometheus records the healthy stack", 90*time.Second, func() bool {
		up, _ := query(`heatconf_probe_up{job="heat"}`)
		h, hok := query(healthy)
		rest, rok := query(allButEC2)
		ec2, _ := query(`heatconf_probe_check_ok{job="heat",check="ec2-token"}`)
		switch {
		case up == 1 && hok && h == 1:
			return true
		case up == 1 && hok && h == 0 && rok && rest == 1 && ec2 == 0:
			watch = allButEC2
			return true
		}
		return false
	})
	if !ok {
		return
	}
	h, _ := query(healthy)
	t.Logf("p1. Prometheus records heatconf_probe_healthy %v for the real stack after %s%s", h, time.Since(start).Round(time.Second),
		map[bool]string{true: " (ec2-token fails as the Debian 12 EC2-token break; every other check passes: " + allButEC2 + " = 1)", false: ""}[watch == allButEC2])
	// its own /metrics, scraped as a job of its own (the counter appears
	// with the first run: a scrape or two later there)
	e.until("p1. Prometheus records the exporter's own metrics", 30*time.Second, func() bool {
		runs, rok := query(`heatconf_exporter_probe_runs_total{job="heatconf-exporter",target="e2e"}`)
		_, mok := query(`process_resident_memory_bytes{job="heatconf-exporter"}`)
		return rok && runs >= 1 && mok
	})

	// the fault: the orchestration public endpoint on a wrong port (as m1)
	admin := e.adminEnv()
	epID := strings.TrimSpace(e.mustRun("p2. openstack endpoint list (orchestration public)", time.Minute, admin,
		"openstack", "endpoint", "list", "--service", "orchestration", "--interface", "public", "-f", "value", "-c", "ID").stdout)
	e.mustRun("p2. openstack endpoint set --url :9999", time.Minute, admin,
		"openstack", "endpoint", "set", "--url", "http://127.0.0.1:9999/v1/%(tenant_id)s", epID)
	start = time.Now()
	if e.until("p2. Prometheus records the broken stack", 90*time.Second, func() bool {
		v, ok := query(watch)
		h, hok := query(healthy)
		return ok && v == 0 && hok && h == 0
	}) {
		urls, _ := query(`heatconf_probe_check_ok{job="heat",check="catalog-urls"}`)
		t.Logf("p2. after the endpoint moved, Prometheus records %s = 0 and heatconf_probe_healthy 0 after %s (catalog-urls ok: %v)",
			watch, time.Since(start).Round(time.Second), urls)
	}
	e.mustRun("p2. openstack endpoint set --url :8004 (restore)", time.Minute, admin,
		"openstack", "endpoint", "set", "--url", "http://127.0.0.1:8004/v1/%(tenant_id)s", epID)

}

// startExporter starts `heatconf probe --listen addr` with the stack as
// target e2e (heat.conf and the site) and waits until it answers; nil when
// it did not (the test has failed). The caller stops it by PID.
func (e *e2e) startExporter(step, logFile string, env []string, bin, addr, heatConf, minInterval, timeout string) *exec.Cmd {
	cmd := e.start(step+" heatconf probe --listen", logFile, env, bin, "probe", "--listen", addr, "--target", "e2e="+heatConf,
		"--site", "testdata/e2e/site.toml", "--allow-env", "E2E_*", "--min-interval", minInterval, "--timeout", timeout)
	if cmd == nil {
		return nil
	}
	if !e.waitHTTP(step+" the exporter", "http://"+addr+"/") {
		e.stopPID(step+" heatconf probe --listen", cmd)
		return nil
	}
	return cmd
}

// concurrentScrapes (p3): ten scrapes of one target at once, against an
// exporter of its own (no Prometheus scraping it) probing the real stack:
// every scrape gets the probe's answer and the exporter ran the probe once.
func (e *e2e) concurrentScrapes(bin, heatConf string, siteEnv []string, logFile string) {
	t := e.t
	addr := freeAddr(t)
	exporter := e.startExporter("p3.", logFile, siteEnv, bin, addr, heatConf, "10m", "60s")
	if exporter == nil {
		return
	}
	defer e.stopPID("p3. heatconf probe --listen", exporter)
	client := &http.Client{Timeout: 2 * time.Minute}
	get := func(path string) (int, string, error) {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return resp.StatusCode, string(b), err
	}
	type answer struct {
		code int
		body string
		err  error
	}
	answers := make(chan answer, 10)
	var ready sync.WaitGroup
	ready.Add(10)
	gate := make(chan struct{})
	for range 10 {
		go func() {
			ready.Done()
			<-gate
			code, body, err := get("/probe?target=e2e")
			answers <- answer{code, body, err}
		}()
	}
	ready.Wait()
	close(gate)
	for range 10 {
		a := <-answers
		if a.err != nil || a.code != 200 || !strings.Contains(a.body, "heatconf_probe_up 1") {
			t.Errorf("p3. a scrape of ten: %d %v\n%s", a.code, a.err, a.body)
		}
	}
	_, metrics, err := get("/metrics")
	if err != nil {
		t.Errorf("p3. /metrics: %v", err)
		return
	}
	runs := regexp.MustCompile(`(?m)^heatconf_exporter_probe_runs_total\{target="e2e"\} (\S+)$`).FindStringSubmatch(metrics)
	var scrapes []string
	for _, l := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(l, "heatconf_exporter_scrapes_total{") {
			scrapes = append(scrapes, l)
		}
	}
	if runs == nil || runs[1] != "1" {
		t.Errorf("p3. ten concurrent scrapes of one target: %v probe runs, want 1\n%s", runs, metrics)
		return
	}
	t.Logf("p3. ten concurrent scrapes of target e2e: one probe run; %s", strings.Join(scrapes, ", "))
}

// freeAddr is a loopback address with a port nothing listens on.
func freeAddr(t interface{ Fatal(...any) }) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start starts a daemon of the test, its output to logFile; nil when it
// could not start (the test has failed).
func (e *e2e) start(step, logFile string, env []string, name string, args ...string) *exec.Cmd {
	out, err := os.Create(logFile)
	if err != nil {
		e.t.Errorf("%s: %v", step, err)
		return nil
	}
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = e.root, env, out, out
	if err := cmd.Start(); err != nil {
		out.Close()
		e.t.Errorf("%s: %v", step, err)
		return nil
	}
	e.t.Cleanup(func() { out.Close() })
	e.t.Logf("%s: started (pid %d, log %s)", step, cmd.Process.Pid, logFile)
	return cmd
}

// stopPID stops a daemon the test started, by its PID: TERM, then KILL
// after 10 s.
func (e *e2e) stopPID(step string, cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			e.t.Errorf("%s: %v", step, err)
		}
		e.t.Logf("%s: stopped (pid %d)", step, cmd.Process.Pid)
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		e.t.Errorf("%s: pid %d did not stop within 10 s of SIGTERM: killed", step, cmd.Process.Pid)
	}
}

// waitHTTP waits up to 30 s for u to answer 200.
func (e *e2e) waitHTTP(step, u string) bool {
	return e.until(step+" answers", 30*time.Second, func() bool {
		resp, err := http.Get(u)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
}

// until polls cond every half second for up to d; false (the test has
// failed) when it never held.
func (e *e2e) until(step string, d time.Duration, cond func() bool) bool {
	end := time.Now().Add(d)
	for time.Now().Before(end) && e.ctx.Err() == nil {
		if cond() {
			return true
		}
		time.Sleep(500 * time.Millisecond)
	}
	e.t.Errorf("%s: not within %s", step, d)
	return false
}

// promQuery is the value of an instant PromQL query that gives one
// series; false when it gives none (or several).
func promQuery(ctx context.Context, addr, expr string) (float64, bool) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+addr+"/api/v1/query?query="+url.QueryEscape(expr), nil)
	if err != nil {
		return 0, false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	var doc struct {
		Status string `json:"status"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || doc.Status != "success" || len(doc.Data.Result) != 1 {
		return 0, false
	}
	s, _ := doc.Data.Result[0].Value[1].(string)
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
