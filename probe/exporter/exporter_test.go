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

// fakeRuns counts runs. Run k reports healthy with its one check taking k
// seconds, so that a body tells which run made it. A run takes delay; while
// the runs are held (hold), a run that starts waits until they are released
// or its context ends.
type fakeRuns struct {
	n     atomic.Int32 // runs started
	delay time.Duration

	mu   sync.Mutex
	gate chan struct{} // closed by release; nil when the runs are not held
}

// hold makes the runs that start from now on wait until release is called
// (or their context ends). release may be called more than once.
func (f *fakeRuns) hold() (release func()) {
	gate := make(chan struct{})
	f.mu.Lock()
	f.gate = gate
	f.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			f.mu.Lock()
			f.gate = nil
			f.mu.Unlock()
			close(gate)
		})
	}
}

func (f *fakeRuns) resolve(name string) (Run, error) {
	if name != "prod" {
		return nil, fmt.Errorf("%w: no cloud %q", ErrUnknownTarget, name)
	}
	return func(ctx context.Context) (*probe.Report, error) {
		k := f.n.Add(1)
		f.mu.Lock()
		gate := f.gate
		f.mu.Unlock()
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
		}
		if gate != nil {
			select {
			case <-gate:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return &probe.Report{StartedAt: time.Now(), Checks: []probe.Result{{ID: probe.IDKeystoneDiscovery, Verdict: probe.OK,
			Duration: time.Duration(k) * time.Second}}}, nil
	}, nil
}

// ofRun is the line of the exposition that says it is run k's result.
func ofRun(k int) string {
	return fmt.Sprintf("heatconf_probe_check_duration_seconds{check=%q} %d.000\n", probe.IDKeystoneDiscovery, k)
}

// fakeClock is a Config.Now that moves only when told, and counts its
// readings.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	reads int
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) readings() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

// eventually waits for cond, polling, and fails the test if it does not
// hold within 30 s: far longer than anything here takes on a loaded
// machine, and no test can hang on it.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not within 30 s: %s", what)
		}
	}
}

// client gives up on a scrape after two minutes, so that a server that
// waits for a held run fails the test instead of hanging it.
var client = &http.Client{Timeout: 2 * time.Minute}

func scrape(t *testing.T, srv *httptest.Server, target string, timeout string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+"/probe?target="+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if timeout != "" {
		req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", timeout)
	}
	resp, err := client.Do(req)
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
//
// The run is held until all ten have come: a first run gives the target a
// result, so that each scrape reads the clock once, under the server's lock,
// as it decides to start a run or join the one under way; ten readings say
// that all ten have decided. Only then does the run end.
func TestConcurrentScrapesShareOneRun(t *testing.T) {
	runs := &fakeRuns{}
	clock := &fakeClock{now: time.Now()}
	s := New(Config{Resolve: runs.resolve, MinInterval: time.Minute, Timeout: 10 * time.Minute, Now: clock.Now})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	if code, body := scrape(t, srv, "prod", "60"); code != 200 || !strings.Contains(body, ofRun(1)) {
		t.Fatalf("the first scrape: %d %s", code, body)
	}
	clock.advance(2 * time.Minute) // past the minimum interval: the next scrape runs the probe
	release := runs.hold()
	defer release()
	before := clock.readings()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			code, body := scrape(t, srv, "prod", "60")
			if code != 200 || !strings.Contains(body, "heatconf_probe_healthy 1") || !strings.Contains(body, "heatconf_probe_up 1") ||
				!strings.Contains(body, ofRun(2)) {
				t.Errorf("%d %s", code, body)
			}
		})
	}
	eventually(t, "ten scrapes at the server", func() bool { return clock.readings() >= before+10 })
	release()
	wg.Wait()
	if n := runs.n.Load(); n != 2 {
		t.Errorf("10 concurrent scrapes made %d probe runs, want 1", n-1)
	}
	if code, body := scrape(t, srv, "prod", ""); code != 200 || runs.n.Load() != 2 || !strings.Contains(body, ofRun(2)) {
		t.Errorf("a scrape within the minimum interval: %d, %d runs: %s", code, runs.n.Load(), body)
	}
	scrape(t, srv, "prod", "")
	resp, err := client.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"process_resident_memory_bytes", "go_goroutines", `heatconf_exporter_probe_runs_total{target="prod"} 2`,
		`heatconf_exporter_scrapes_total{answer="ran",target="prod"} 2`, `heatconf_exporter_scrapes_total{answer="joined",target="prod"} 9`,
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

// A scrape never waits past its deadline: a run that outlives it (held
// here until the test ends) is answered heatconf_probe_up 0 at the
// deadline, 0.8 s (1 s less the offset); 30 s leaves room for any load.
func TestScrapeDeadline(t *testing.T) {
	runs := &fakeRuns{}
	release := runs.hold()
	defer release()
	s := New(Config{Resolve: runs.resolve, Timeout: time.Hour, Offset: 200 * time.Millisecond})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	start := time.Now()
	code, body := scrape(t, srv, "prod", "1")
	if el := time.Since(start); el > 30*time.Second || code != 200 || !strings.Contains(body, "heatconf_probe_up 0") ||
		!strings.Contains(body, "did not end within this scrape's 800ms") {
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
// with the last result; the run ends for the scrapes after. The run is held
// until the late scrape has its answer, so that it is late on any machine.
func TestLateScrapeGetsLastResult(t *testing.T) {
	runs := &fakeRuns{}
	clock := &fakeClock{now: time.Now()}
	s := New(Config{Resolve: runs.resolve, MinInterval: 30 * time.Second, Timeout: time.Hour, Offset: 100 * time.Millisecond, Now: clock.Now})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	if _, body := scrape(t, srv, "prod", "60"); !strings.Contains(body, "heatconf_probe_up 1") || !strings.Contains(body, ofRun(1)) {
		t.Fatalf("first scrape: %s", body)
	}
	release := runs.hold()
	defer release()
	clock.advance(31 * time.Second) // past the minimum interval: the next scrape starts run 2
	start := time.Now()
	code, body := scrape(t, srv, "prod", "0.3")
	if el := time.Since(start); el > 30*time.Second || code != 200 || !strings.Contains(body, "heatconf_probe_up 1") ||
		!strings.Contains(body, ofRun(1)) || !strings.Contains(body, "did not end within this scrape") {
		t.Errorf("after %s: %d %s", el, code, body)
	}
	// run 2 goes on: released, its result is the next scrape's, whether
	// that scrape joins it or finds it ended, and no run 3 is made
	release()
	if _, body := scrape(t, srv, "prod", "60"); !strings.Contains(body, "heatconf_probe_up 1") || !strings.Contains(body, ofRun(2)) || runs.n.Load() != 2 {
		t.Errorf("%d runs: %s", runs.n.Load(), body)
	}
}
