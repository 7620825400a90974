package exporter

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heatconf/heatconf/probe"
)

// fakeRuns counts runs; each takes delay (or until its context ends, when
// hang) and reports healthy.
type fakeRuns struct {
	n     atomic.Int32
	delay time.Duration
	hang  bool
}

func (f *fakeRuns) resolve(name string) (Run, error) {
	if name != "prod" {
		return nil, fmt.Errorf("%w: no cloud %q", ErrUnknownTarget, name)
	}
	return func(ctx context.Context) (*probe.Report, error) {
		f.n.Add(1)
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
		}
		if f.hang {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return &probe.Report{StartedAt: time.Now(), Checks: []probe.Result{{ID: probe.IDKeystoneDiscovery, Verdict: probe.OK}}}, nil
	}, nil
}

func scrape(t *testing.T, srv *httptest.Server, target string, timeout string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+"/probe?target="+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if timeout != "" {
		req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", timeout)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Ten scrapes of one target at once make one probe run, and each gets its
// result; a scrape within the minimum interval gets it again.
func TestConcurrentScrapesShareOneRun(t *testing.T) {
	runs := &fakeRuns{delay: 300 * time.Millisecond}
	s := New(Config{Resolve: runs.resolve, MinInterval: time.Minute, Timeout: 10 * time.Second})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			code, body := scrape(t, srv, "prod", "10")
			if code != 200 || !strings.Contains(body, "heatconf_probe_healthy 1") || !strings.Contains(body, "heatconf_probe_up 1") {
				t.Errorf("%d %s", code, body)
			}
		})
	}
	wg.Wait()
	if n := runs.n.Load(); n != 1 {
		t.Errorf("10 concurrent scrapes made %d probe runs, want 1", n)
	}
	if code, _ := scrape(t, srv, "prod", ""); code != 200 || runs.n.Load() != 1 {
		t.Errorf("a scrape within the minimum interval: %d, %d runs", code, runs.n.Load())
	}
	scrape(t, srv, "prod", "")
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"process_resident_memory_bytes", "go_goroutines", `heatconf_exporter_probe_runs_total{target="prod"} 1`,
		`heatconf_exporter_scrapes_total{answer="ran",target="prod"} 1`, `heatconf_exporter_scrapes_total{answer="joined",target="prod"} 9`,
		`heatconf_exporter_scrapes_total{answer="cached",target="prod"} 2`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// Past the minimum interval a scrape runs the probe again.
func TestMinIntervalExpires(t *testing.T) {
	runs := &fakeRuns{}
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := New(Config{Resolve: runs.resolve, MinInterval: 30 * time.Second, Now: clock})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	scrape(t, srv, "prod", "")
	scrape(t, srv, "prod", "")
	mu.Lock()
	now = now.Add(31 * time.Second)
	mu.Unlock()
	scrape(t, srv, "prod", "")
	if n := runs.n.Load(); n != 2 {
		t.Errorf("%d runs, want 2", n)
	}
}

// A scrape never waits past its deadline: a run that outlives it is
// answered heatconf_probe_up 0 in time.
func TestScrapeDeadline(t *testing.T) {
	runs := &fakeRuns{hang: true}
	s := New(Config{Resolve: runs.resolve, Timeout: time.Minute, Offset: 200 * time.Millisecond})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	start := time.Now()
	code, body := scrape(t, srv, "prod", "1")
	if el := time.Since(start); el > 1500*time.Millisecond || code != 200 || !strings.Contains(body, "heatconf_probe_up 0") {
		t.Errorf("after %s: %d %s", el, code, body)
	}
}

// Only configured names are targets: a URL, a path or an unknown name is
// refused, and nothing is run.
func TestTargetsAreNames(t *testing.T) {
	runs := &fakeRuns{}
	s := New(Config{Resolve: runs.resolve})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for target, want := range map[string]int{
		"http%3A%2F%2F169.254.169.254%2F": 400, "..%2Fetc%2Fpasswd": 400, "": 400, "staging": 404, "a%20b": 400,
	} {
		if code, body := scrape(t, srv, target, ""); code != want {
			t.Errorf("target %q: %d %s, want %d", target, code, body, want)
		}
	}
	if runs.n.Load() != 0 {
		t.Errorf("%d runs", runs.n.Load())
	}
}

// A scrape whose deadline comes before the run under way ends is answered
// with the last result; the run ends for the scrapes after.
func TestLateScrapeGetsLastResult(t *testing.T) {
	runs := &fakeRuns{delay: 50 * time.Millisecond}
	s := New(Config{Resolve: runs.resolve, Offset: 100 * time.Millisecond})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	if _, body := scrape(t, srv, "prod", "1"); !strings.Contains(body, "heatconf_probe_up 1") {
		t.Fatalf("first scrape: %s", body)
	}
	runs.delay = 600 * time.Millisecond
	start := time.Now()
	code, body := scrape(t, srv, "prod", "0.3")
	if el := time.Since(start); el > 500*time.Millisecond || code != 200 || !strings.Contains(body, "heatconf_probe_up 1") ||
		!strings.Contains(body, "did not end within this scrape") {
		t.Errorf("after %s: %d %s", el, code, body)
	}
	time.Sleep(700 * time.Millisecond)
	if _, body := scrape(t, srv, "prod", "1"); !strings.Contains(body, "heatconf_probe_up 1") || runs.n.Load() < 2 {
		t.Errorf("%d runs: %s", runs.n.Load(), body)
	}
}
