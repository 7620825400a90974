package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/heatconf/heatconf/internal/escape"
)

// check is one verification. run returns its outcome; it must honour ctx.
type check struct {
	id, title string
	needs     []string
	// timeout replaces the default per-check timeout (0 = default).
	timeout time.Duration
	run     func(ctx context.Context, s *state) outcome
}

// outcome is what a check function returns.
type outcome struct {
	verdict Verdict
	message string
	hint    string
	details []string
}

func pass(format string, a ...any) outcome {
	return outcome{verdict: OK, message: fmt.Sprintf(format, a...)}
}

func warnf(hint, format string, a ...any) outcome {
	return outcome{verdict: Warn, message: fmt.Sprintf(format, a...), hint: hint}
}

func failf(hint, format string, a ...any) outcome {
	return outcome{verdict: Fail, message: fmt.Sprintf(format, a...), hint: hint}
}

func skipf(format string, a ...any) outcome {
	return outcome{verdict: Skip, message: fmt.Sprintf(format, a...)}
}

// couldNot is the "error" verdict: the check could not be made.
func couldNot(hint, format string, a ...any) outcome {
	return outcome{verdict: Error, message: "could not check: " + fmt.Sprintf(format, a...), hint: hint}
}

func (o outcome) with(details ...string) outcome {
	o.details = append(o.details, details...)
	return o
}

// grace is how long a check that ignores its context may overrun before the
// runner gives up on it.
const grace = 250 * time.Millisecond

// runChecks runs checks concurrently, each once its needs are done, and
// returns their results in the order of checks. A check whose need did not
// pass is skipped. Each check gets timeout (or its own), within ctx's
// deadline; nothing runs past ctx's deadline plus grace.
func runChecks(ctx context.Context, checks []check, s *state, timeout time.Duration, now func() time.Time) []Result {
	index := make(map[string]int, len(checks))
	done := make([]chan struct{}, len(checks))
	for i, c := range checks {
		index[c.id] = i
		done[i] = make(chan struct{})
	}
	results := make([]Result, len(checks))
	for i, c := range checks {
		go func() {
			defer close(done[i])
			defer func() {
				if r := recover(); r != nil {
					results[i] = Result{ID: c.id, Title: c.title, Needs: c.needs, Verdict: Error,
						Message: "could not check: " + internalError(r), Hint: bugHint}
				}
			}()
			results[i] = runOne(ctx, c, s, timeout, now, func(need string) (Verdict, bool) {
				j, ok := index[need]
				if !ok {
					return Error, false
				}
				select {
				case <-done[j]:
					return results[j].Verdict, true
				case <-ctx.Done():
				}
				// the need is cut off by the same deadline: it ends
				// within grace, and its verdict says more than ours
				t := time.NewTimer(2 * grace)
				defer t.Stop()
				select {
				case <-done[j]:
					return results[j].Verdict, true
				case <-t.C:
					return "", false
				}
			}, func(need string) string {
				// called only after need is done: its result is final
				return rootCause(results, index, need)
			})
		}()
	}
	for i := range checks {
		<-done[i]
	}
	return results
}

// runOne waits for c's needs through wait, then runs c.
func runOne(ctx context.Context, c check, s *state, timeout time.Duration, now func() time.Time,
	wait func(string) (Verdict, bool), causeOf func(string) string) Result {
	res := Result{ID: c.id, Title: c.title, Needs: c.needs}
	var notPassed []string
	for _, n := range c.needs {
		v, ok := wait(n)
		if !ok {
			if v == Error {
				res.Verdict, res.Message = Error, "could not check: it needs the unknown check "+n
				return res
			}
			res.Verdict, res.Message = Error, "could not check: the probe's deadline came before "+n+" finished"
			res.Hint = "raise --timeout"
			return res
		}
		if !v.passed() {
			notPassed = append(notPassed, fmt.Sprintf("%s (%s)", n, v))
			if v == Skip {
				notPassed[len(notPassed)-1] = fmt.Sprintf("%s (skip, because %s)", n, causeOf(n))
			}
		}
	}
	if len(notPassed) > 0 {
		res.Verdict, res.Message = Skip, "skipped: needs "+strings.Join(notPassed, ", ")
		return res
	}
	if c.timeout > 0 {
		timeout = c.timeout
	}
	// the run's deadline comes before the check's own: it is what cuts
	runDeadline, hasDeadline := ctx.Deadline()
	runCuts := hasDeadline && runDeadline.Before(time.Now().Add(timeout))
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	budget := timeout
	if d, ok := cctx.Deadline(); ok {
		budget = time.Until(d)
	}
	cctx = context.WithValue(cctx, budgetKey{}, budget)
	hops := &hopLog{}
	cctx = withHops(cctx, hops)
	start := now()
	ch := make(chan outcome, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- couldNot(bugHint, "%s", internalError(r))
			}
		}()
		ch <- c.run(cctx, s)
	}()
	var o outcome
	select {
	case o = <-ch:
	case <-cctx.Done():
		t := time.NewTimer(grace)
		select {
		case o = <-ch:
		case <-t.C:
			hint := "raise --check-timeout"
			if runCuts {
				hint = "raise " + s.deadlineFlag()
			}
			o = couldNot(hint, "the check did not finish within %s", round(budget))
		}
		t.Stop()
	}
	res.Duration = now().Sub(start)
	if res.Duration < 0 {
		res.Duration = 0
	}
	if runCuts && o.verdict != OK && errors.Is(ctx.Err(), context.DeadlineExceeded) && cctx.Err() != nil {
		// the whole probe's deadline cut this check, not --check-timeout
		flag := s.deadlineFlag()
		o.message += fmt.Sprintf(" (cut by the whole probe's deadline, %s)", s.deadlineName())
		o.hint = strings.ReplaceAll(o.hint, "Raise --check-timeout", "Raise "+flag)
		o.hint = strings.ReplaceAll(o.hint, "raise --check-timeout", "raise "+flag)
	}
	o.message += hops.note()
	res.Verdict, res.Message, res.Hint, res.Details = o.verdict, o.message, o.hint, o.details
	if res.Verdict == "" {
		res.Verdict, res.Message = Error, "could not check: the check returned no verdict"
	}
	if res.Verdict == OK {
		res.Hint = ""
	}
	return res
}

// bugHint is the hint of a check that panicked.
const bugHint = "this is a bug in heatconf, or an answer it does not expect: please report it with the output of --format json"

// internalError puts a recovered panic in one line: its value's first
// line, printable, at most 200 bytes; never a stack trace or a source path.
func internalError(r any) string {
	return "internal error: " + firstLine(fmt.Sprint(r), 200)
}

// Recovered is the error for a panic recovered outside the checks (r is
// what recover returned): one line, without a stack trace or source path.
func Recovered(r any) error { return errors.New(internalError(r)) }

// firstLine is the first line of s, clipped.
func firstLine(s string, max int) string {
	s, _, _ = strings.Cut(s, "\n")
	return clip(s, max)
}

// clip folds s onto one line, escapes its control characters and cuts it
// to at most max bytes (at a rune boundary, with "...").
func clip(s string, max int) string {
	s = escape.Printable(strings.Join(strings.Fields(s), " "))
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// budgetKey holds a check's time budget in its context.
type budgetKey struct{}

// budgetOf is the time the check of ctx was given (for "no answer within").
func budgetOf(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(budgetKey{}).(time.Duration); ok {
		return d
	}
	if d, ok := ctx.Deadline(); ok {
		return time.Until(d)
	}
	return 0
}

// rootCause names the first check that did not pass behind need:
// "keystone-discovery: fail".
func rootCause(results []Result, index map[string]int, need string) string {
	for depth := 0; depth < len(results); depth++ {
		r := results[index[need]]
		if r.Verdict != Skip {
			return fmt.Sprintf("%s: %s", need, r.Verdict)
		}
		next := ""
		for _, n := range r.Needs {
			if j, ok := index[n]; ok && !results[j].Verdict.passed() {
				next = n
				break
			}
		}
		if next == "" {
			return need + " was skipped"
		}
		need = next
	}
	return need
}
