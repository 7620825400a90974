// Package exporter serves `heatconf probe --listen`: a Prometheus exporter
// in the multi-target style of the blackbox exporter. GET /probe?target=NAME
// probes one configured target (a clouds.yaml cloud or a named heat.conf,
// never a URL) and answers with the metrics of `heatconf probe --format
// prometheus`; GET /metrics answers with the exporter's own process
// metrics and its counts of probes and scrapes.
//
// A target's result is kept for a minimum interval, so that several
// Prometheus servers scraping it do not multiply the load on Keystone;
// scrapes that come while a run of their target is under way wait for that
// run instead of starting another; and no scrape waits past its deadline
// (Prometheus's X-Prometheus-Scrape-Timeout-Seconds, less a margin): a run
// that has not ended by then goes on (within Timeout) for the scrapes
// after, and the scrape is answered with the last result there is, or
// heatconf_probe_up 0 when there is none.
package exporter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/heatconf/heatconf/probe"
)

// ErrUnknownTarget is what Resolve returns for a name that is not
// configured.
var ErrUnknownTarget = errors.New("unknown target")

// Run is one probe of a target within ctx's deadline.
type Run func(ctx context.Context) (*probe.Report, error)

// Config configures a Server.
type Config struct {
	// Resolve returns the run of a configured target, or an error
	// wrapping ErrUnknownTarget. It is given only names ValidName accepts.
	Resolve func(name string) (Run, error)
	// MinInterval is how long a result is served again before the next
	// scrape runs the probe anew (0: every scrape that finds no run under
	// way starts one).
	MinInterval time.Duration
	// Timeout bounds a run, and a scrape that names no deadline (or a
	// longer one).
	Timeout time.Duration
	// Offset is kept from the scrape's deadline for the answer to reach
	// Prometheus (default 500 ms).
	Offset time.Duration
	// MaxRuns bounds the runs under way together, all targets (default 4).
	MaxRuns int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log is told why a run could not be made (the error carries no
	// secret: see probe.Do); may be nil.
	Log func(string)
}

// targetName is what a target's name may be (made on first use).
var targetName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`) })

// ValidName reports whether name may name a target: a cloud or config
// name of letters, digits, '.', '_' and '-', never a URL or a path.
func ValidName(name string) bool { return targetName().MatchString(name) }

// Server is the exporter.
type Server struct {
	cfg     Config
	slots   chan struct{}
	mu      sync.Mutex
	targets map[string]*target

	runs    *counter
	scrapes *counter
}

// target is the runs of one target: the last result and the run under way.
type target struct {
	last   *result
	flight *flight
}

// result is what one run gave: the exposition to serve.
type result struct {
	body []byte
	at   time.Time
}

// flight is a run under way; done is closed when res is set.
type flight struct {
	done chan struct{}
	res  *result
}

// New makes a Server.
func New(cfg Config) *Server {
	if cfg.Offset <= 0 {
		cfg.Offset = 500 * time.Millisecond
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, slots: make(chan struct{}, cfg.MaxRuns), targets: map[string]*target{}}
	s.runs = newCounter("heatconf_exporter_probe_runs_total", "Probe runs started, by target.", "target")
	s.scrapes = newCounter("heatconf_exporter_scrapes_total",
		"Scrapes of /probe, by target and how they were answered: ran (started a run), joined (waited for a run under way), cached (a result younger than the minimum interval), late (the run outlived the scrape's deadline), refused (unknown target).",
		"target", "answer")
	return s
}

// Handler serves /probe, /metrics and an index at /.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /probe", s.serveProbe)
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		writeProcess(&b)
		s.runs.write(&b)
		s.scrapes.write(&b)
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_, _ = w.Write(b.Bytes())
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "heatconf probe exporter\n\n/probe?target=NAME  one probe of a configured target (a clouds.yaml cloud or a --target name)\n/metrics            the exporter's own metrics\n")
	})
	return mux
}

// deadline is how long a scrape may take: Prometheus's timeout less the
// offset, within Timeout.
func (s *Server) deadline(r *http.Request) time.Duration {
	d := s.cfg.Timeout
	if v := r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds"); v != "" {
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs > 0 {
			d = min(d, time.Duration(secs*float64(time.Second)))
		}
	}
	d -= s.cfg.Offset
	return max(d, 100*time.Millisecond)
}

func (s *Server) serveProbe(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("target")
	if !ValidName(name) {
		http.Error(w, "target: give the name of a configured target (a clouds.yaml cloud or a --target name), not a URL", http.StatusBadRequest)
		return
	}
	run, err := s.cfg.Resolve(name)
	if err != nil {
		s.scrapes.inc("", "refused") // no label for a name that is not configured
		code := http.StatusInternalServerError
		if errors.Is(err, ErrUnknownTarget) {
			code = http.StatusNotFound
		}
		http.Error(w, fmt.Sprintf("target %q: %v", name, err), code)
		return
	}
	wait := s.deadline(r)
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	res, answer := s.result(ctx, name, run, wait)
	s.scrapes.inc(name, answer)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	switch {
	case res == nil:
		var b bytes.Buffer
		_ = probe.WritePrometheusDown(&b, s.cfg.Now())
		fmt.Fprintf(&b, "# the probe of %s did not end within this scrape's %s: its result goes to the next scrape\n", name, wait)
		_, _ = w.Write(b.Bytes())
	case answer == "late":
		_, _ = w.Write(res.body)
		fmt.Fprintf(w, "# the result of %s's run of %s: the run under way did not end within this scrape's %s\n",
			name, res.at.UTC().Format(time.RFC3339), wait)
	default:
		_, _ = w.Write(res.body)
	}
}

// result is the answer to one scrape of name: a fresh cached result, the
// end of the run under way, or of a new one; nil when ctx ends first.
// answer says which, for the scrapes counter.
func (s *Server) result(ctx context.Context, name string, run Run, wait time.Duration) (*result, string) {
	s.mu.Lock()
	t := s.targets[name]
	if t == nil {
		t = &target{}
		s.targets[name] = t
	}
	if t.last != nil && s.cfg.Now().Sub(t.last.at) < s.cfg.MinInterval {
		res := t.last
		s.mu.Unlock()
		return res, "cached"
	}
	answer := "joined"
	f := t.flight
	if f == nil {
		answer = "ran"
		f = &flight{done: make(chan struct{})}
		t.flight = f
		s.runs.inc(name)
		go s.fly(name, t, f, run)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.res, answer
	case <-ctx.Done():
		// the run goes on for the scrapes after; this one gets the last
		// result there is, if any
		s.mu.Lock()
		defer s.mu.Unlock()
		return t.last, "late"
	}
}

// fly runs the probe of t once, within Timeout: not within the deadline
// of the scrape that started it, whose giving up does not end the run;
// the scrapes after it are served its result.
func (s *Server) fly(name string, t *target, f *flight, run Run) {
	defer close(f.done)
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.Timeout)
	defer cancel()
	var b bytes.Buffer
	res := &result{}
	func() {
		defer func() {
			if r := recover(); r != nil {
				b.Reset()
				_ = probe.WritePrometheusDown(&b, s.cfg.Now())
			}
		}()
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
		case <-ctx.Done():
			_ = probe.WritePrometheusDown(&b, s.cfg.Now())
			return
		}
		rep, err := run(ctx)
		if err != nil || rep == nil {
			if s.cfg.Log != nil {
				s.cfg.Log(fmt.Sprintf("the probe of %s could not run: %v", name, err))
			}
			_ = probe.WritePrometheusDown(&b, s.cfg.Now())
			fmt.Fprintf(&b, "# the probe of %s could not run\n", name)
			return
		}
		f, _ := probe.NewFormatter("prometheus", probe.FormatOptions{})
		if err := f.Write(&b, rep); err != nil {
			b.Reset()
			_ = probe.WritePrometheusDown(&b, s.cfg.Now())
		}
	}()
	res.body, res.at = b.Bytes(), s.cfg.Now()
	s.mu.Lock()
	f.res = res
	t.last, t.flight = res, nil
	s.mu.Unlock()
}
