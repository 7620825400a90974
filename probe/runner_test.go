package probe

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRunnerDependencies(t *testing.T) {
	ran := make(chan string, 10)
	mk := func(id string, v Verdict, needs ...string) check {
		return check{id: id, needs: needs, run: func(context.Context, *state) outcome {
			ran <- id
			return outcome{verdict: v, message: id + " ran", hint: "do something"}
		}}
	}
	checks := []check{
		mk("a", OK), mk("b", Fail, "a"), mk("c", OK, "b"), mk("d", Warn, "a"), mk("e", OK, "d"),
		mk("f", Error), mk("g", OK, "f", "a"), mk("h", OK, "nope"),
		{id: "p", run: func(context.Context, *state) outcome { panic("boom") }},
		{id: "q", run: func(context.Context, *state) outcome { return outcome{} }},
	}
	res := runChecks(context.Background(), checks, &state{}, time.Second, time.Now)
	want := map[string]Verdict{"a": OK, "b": Fail, "c": Skip, "d": Warn, "e": OK, "f": Error, "g": Skip, "h": Error, "p": Error, "q": Error}
	for i, r := range res {
		if r.ID != checks[i].id {
			t.Fatalf("order: %d is %s", i, r.ID)
		}
		if r.Verdict != want[r.ID] {
			t.Errorf("%s: %s, want %s (%s)", r.ID, r.Verdict, want[r.ID], r.Message)
		}
	}
	if res[2].Message != "skipped: needs b (fail)" || res[6].Message != "skipped: needs f (error)" {
		t.Errorf("skip messages: %q, %q", res[2].Message, res[6].Message)
	}
	if res[0].Hint != "" {
		t.Errorf("an ok check kept its hint: %q", res[0].Hint)
	}
	if !strings.Contains(res[8].Message, "internal error: boom") {
		t.Errorf("panic: %s", res[8].Message)
	}
	if !strings.Contains(res[7].Message, "unknown check nope") {
		t.Errorf("unknown need: %s", res[7].Message)
	}
	close(ran)
	for id := range ran {
		if id == "c" || id == "g" || id == "h" {
			t.Errorf("%s ran though a need did not pass", id)
		}
	}
}

// A check that ignores its context is abandoned after its timeout + grace.
func TestRunnerAbandonsStuckCheck(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	checks := []check{
		{id: "stuck", run: func(context.Context, *state) outcome { <-block; return pass("never") }},
		{id: "after", needs: []string{"stuck"}, run: func(context.Context, *state) outcome { return pass("x") }},
	}
	start := time.Now()
	res := runChecks(context.Background(), checks, &state{}, 100*time.Millisecond, time.Now)
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("took %s", el)
	}
	if res[0].Verdict != Error || !strings.Contains(res[0].Message, "did not finish within 100ms") {
		t.Errorf("stuck: %s %s", res[0].Verdict, res[0].Message)
	}
	if res[1].Verdict != Skip {
		t.Errorf("after: %s", res[1].Verdict)
	}
}

// Checks run concurrently: each of ten checks waits until all ten have
// started, which only checks running at the same time can do (run one
// after another, the first would wait until its timeout).
func TestRunnerConcurrent(t *testing.T) {
	const n = 10
	var mu sync.Mutex
	started := 0
	all := make(chan struct{})
	var checks []check
	for i := 0; i < n; i++ {
		checks = append(checks, check{id: string(rune('a' + i)), run: func(ctx context.Context, _ *state) outcome {
			mu.Lock()
			if started++; started == n {
				close(all)
			}
			mu.Unlock()
			select {
			case <-all:
				return pass("met the others")
			case <-ctx.Done():
				return outcome{verdict: Fail, message: "ran alone"}
			}
		}})
	}
	for _, r := range runChecks(context.Background(), checks, &state{}, 30*time.Second, time.Now) {
		if r.Verdict != OK {
			t.Errorf("%s: %s %s", r.ID, r.Verdict, r.Message)
		}
	}
}

// Every check's needs exist and come earlier in the list (no cycles).
func TestCheckTableIsOrdered(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range allChecks(Options{CreateStack: true}) {
		if seen[c.id] {
			t.Errorf("duplicate id %s", c.id)
		}
		for _, n := range c.needs {
			if !seen[n] {
				t.Errorf("%s needs %s, which does not come before it", c.id, n)
			}
		}
		if c.title == "" || c.run == nil {
			t.Errorf("%s lacks a title or a function", c.id)
		}
		seen[c.id] = true
	}
}

func TestReportStatus(t *testing.T) {
	tests := []struct {
		verdicts []Verdict
		status   Verdict
		exit     int
		nagios   int
	}{
		{[]Verdict{OK, Skip}, OK, 0, 0},
		{[]Verdict{OK, Warn}, Warn, 0, 1},
		{[]Verdict{OK, Error, Warn}, Error, 3, 3},
		{[]Verdict{Fail, Error}, Fail, 1, 2},
	}
	for _, tt := range tests {
		r := &Report{}
		for _, v := range tt.verdicts {
			r.Checks = append(r.Checks, Result{ID: string(v), Verdict: v})
		}
		if r.Status() != tt.status || r.ExitCode() != tt.exit || NagiosCode(r) != tt.nagios {
			t.Errorf("%v: status %s exit %d nagios %d", tt.verdicts, r.Status(), r.ExitCode(), NagiosCode(r))
		}
	}
}
