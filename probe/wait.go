package probe

import (
	"context"
	"fmt"
	"time"
)

// WaitOptions configure RunUntilHealthy.
type WaitOptions struct {
	// Timeout is each attempt's deadline.
	Timeout time.Duration
	// Wait is how long to keep trying; 0 runs once.
	Wait time.Duration
	// Interval is the pause between attempts (default 2 s).
	Interval time.Duration
	// Progress is told about each attempt that was not healthy and will be
	// retried (for a line on stderr); may be nil.
	Progress func(attempt int, r *Report, next time.Duration)
	// GaveUp is told, when Wait is given, that the last attempt was not
	// healthy and why no other follows; may be nil.
	GaveUp func(attempts int, r *Report, why string)
}

// RunUntilHealthy runs the probe until a run is healthy or Wait has
// passed, and returns the last report. Each run has its own deadline; the
// last one is cut to end when Wait does.
func RunUntilHealthy(ctx context.Context, opts Options, w WaitOptions) (*Report, error) {
	if w.Interval <= 0 {
		w.Interval = 2 * time.Second
	}
	end := time.Now().Add(w.Wait)
	for attempt := 1; ; attempt++ {
		timeout := w.Timeout
		opts.Deadline, opts.DeadlineFlag = fmt.Sprintf("--timeout %s", w.Timeout), "--timeout"
		if left := time.Until(end); w.Wait > 0 && left < timeout && left > time.Second {
			timeout = left
			opts.Deadline, opts.DeadlineFlag = fmt.Sprintf("the end of --wait %s", w.Wait), "--wait"
		}
		actx, cancel := context.WithTimeout(ctx, timeout)
		r, err := Run(actx, opts)
		cancel()
		if err != nil || r.Healthy() || w.Wait <= 0 {
			return r, err
		}
		if ctx.Err() != nil {
			w.gaveUp(attempt, r, "interrupted")
			return r, nil
		}
		if time.Until(end) < w.Interval {
			w.gaveUp(attempt, r, fmt.Sprintf("--wait %s is over", w.Wait))
			return r, nil
		}
		if w.Progress != nil {
			w.Progress(attempt, r, w.Interval)
		}
		t := time.NewTimer(w.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			w.gaveUp(attempt, r, "interrupted")
			return r, nil
		case <-t.C:
		}
	}
}

func (w WaitOptions) gaveUp(attempts int, r *Report, why string) {
	if w.GaveUp != nil {
		w.GaveUp(attempts, r, why)
	}
}
