package probe

import (
	"fmt"
	"time"
)

// Verdict is the outcome of one check.
type Verdict string

// The verdicts. Error means the check could not be made (no permission, a
// bug, the deadline): it says nothing about the deployment being broken.
const (
	OK    Verdict = "ok"
	Warn  Verdict = "warn"
	Fail  Verdict = "fail"
	Skip  Verdict = "skip"
	Error Verdict = "error"
)

// Verdicts lists every verdict in the order reports count them.
func Verdicts() []Verdict { return []Verdict{OK, Warn, Fail, Skip, Error} }

// passed reports whether dependents of a check with this verdict may run.
func (v Verdict) passed() bool { return v == OK || v == Warn }

// Result is what one check found.
type Result struct {
	ID       string        // stable, kebab-case
	Title    string        // what the check verifies, in a few words
	Verdict  Verdict       //
	Message  string        // what was found
	Hint     string        // what to do; empty when the check passed
	Details  []string      // further lines (one per engine, per endpoint...)
	Duration time.Duration // how long the check ran (0 when skipped)
	Needs    []string      // ids of the checks it depends on
}

// Report is one probe run.
type Report struct {
	StartedAt time.Time
	Duration  time.Duration
	Target    Target
	Checks    []Result
}

// Target describes what was probed, without secrets.
type Target struct {
	AuthURL     string `json:"auth_url"`
	Region      string `json:"region,omitempty"`
	Interface   string `json:"interface"`
	User        string `json:"user,omitempty"`
	Project     string `json:"project,omitempty"`
	Credentials string `json:"credentials"` // where the credentials came from
	Expectation string `json:"expectation"` // what the deployment is compared with
}

// Counts returns how many checks ended with each verdict.
func (r *Report) Counts() map[Verdict]int {
	c := map[Verdict]int{}
	for _, v := range Verdicts() {
		c[v] = 0
	}
	for _, res := range r.Checks {
		c[res.Verdict]++
	}
	return c
}

// Status is the report's overall verdict: fail if any check failed, else
// error if any could not be made, else warn if any warned, else ok.
func (r *Report) Status() Verdict {
	c := r.Counts()
	switch {
	case c[Fail] > 0:
		return Fail
	case c[Error] > 0:
		return Error
	case c[Warn] > 0:
		return Warn
	}
	return OK
}

// Healthy reports whether no check failed or could not be made.
func (r *Report) Healthy() bool { s := r.Status(); return s == OK || s == Warn }

// ExitCode is heatconf's exit code for the report: 0 healthy (warnings
// allowed), 1 a check failed, 3 a check could not be made (and none failed).
func (r *Report) ExitCode() int {
	switch r.Status() {
	case Fail:
		return 1
	case Error:
		return 3
	}
	return 0
}

// Failing returns the ids of the checks with verdict v, in report order.
func (r *Report) Failing(v Verdict) []string {
	var ids []string
	for _, res := range r.Checks {
		if res.Verdict == v {
			ids = append(ids, res.ID)
		}
	}
	return ids
}

// Check returns the result of the check id.
func (r *Report) Check(id string) (Result, bool) {
	for _, res := range r.Checks {
		if res.ID == id {
			return res, true
		}
	}
	return Result{}, false
}

// Summary is one line: "14 ok, 1 warn, 1 fail, 2 skip in 0.84s".
func (r *Report) Summary() string {
	c := r.Counts()
	s := ""
	for _, v := range Verdicts() {
		if c[v] == 0 && v != OK {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%d %s", c[v], v)
	}
	return fmt.Sprintf("%s in %s", s, seconds(r.Duration))
}

// seconds formats d as seconds with two decimals: "0.84s".
func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }
