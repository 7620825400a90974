package probe

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// nagiosOutput is a plugin output taken apart as the guidelines define it:
// the first line's text and perfdata, the long text lines, and the
// perfdata that follows the first | of the long text.
type nagiosOutput struct {
	first, firstPerf string
	long             []string
	perf             []string // every perfdata item, first line's first
}

func parseNagios(t *testing.T, out string) nagiosOutput {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("no final newline: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var o nagiosOutput
	var ok bool
	o.first, o.firstPerf, ok = strings.Cut(lines[0], " | ")
	if !ok || strings.Contains(o.firstPerf, "|") || strings.Contains(o.first, "|") {
		t.Fatalf("first line is not TEXT | PERFDATA: %q", lines[0])
	}
	o.perf = strings.Fields(o.firstPerf)
	inPerf := false
	for _, l := range lines[1:] {
		if inPerf {
			if strings.Contains(l, "|") {
				t.Fatalf("a second | after the long text's: %q", l)
			}
			o.perf = append(o.perf, strings.Fields(l)...)
			continue
		}
		text, perf, found := strings.Cut(l, " | ")
		o.long = append(o.long, text)
		if found {
			inPerf = true
			o.perf = append(o.perf, strings.Fields(perf)...)
		} else if strings.Contains(l, "|") {
			t.Fatalf("a | in the long text: %q", l)
		}
	}
	return o
}

// labels returns the perfdata labels, in order.
func (o nagiosOutput) labels() []string {
	var ls []string
	for _, p := range o.perf {
		l, _, _ := strings.Cut(p, "=")
		ls = append(ls, strings.Trim(l, "'"))
	}
	return ls
}

func nagiosOf(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := (nagiosFormat{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// healthyAndBroken probes a healthy fake cloud and two broken ones.
func healthyAndBroken(t *testing.T) map[string]*Report {
	f := newFakeCloud(t, false)
	healthy := probeOnce(t, fakeOptions(f), 20*time.Second)
	if healthy.Status() != OK {
		t.Fatalf("healthy run: %s", healthy.Summary())
	}
	o := fakeOptions(f)
	o.Credentials.Password = "wrong"
	badPassword := probeOnce(t, o, 20*time.Second)
	o = fakeOptions(f)
	o.Credentials.AuthURL = "http://" + closedPort(t) + "/v3"
	o.Expect.Trustee = nil
	keystoneDown := probeOnce(t, o, 20*time.Second)
	for _, r := range []*Report{badPassword, keystoneDown} {
		if r.Status() != Fail {
			t.Fatalf("broken run: %s", r.Summary())
		}
	}
	return map[string]*Report{"healthy": healthy, "bad password": badPassword, "keystone down": keystoneDown}
}

// everyCheckFails is the longest first line a real report can have: all
// 21 checks fail, with long messages, after a long time.
func everyCheckFails() *Report {
	r := &Report{Duration: 123456 * time.Second}
	for _, id := range CheckIDs() {
		r.Checks = append(r.Checks, Result{ID: id, Verdict: Fail, Duration: 99 * time.Second, Message: strings.Repeat("broken ", 100)})
	}
	return r
}

// The first line holds the state, a summary and the summary perfdata in at
// most 200 bytes, whatever the report.
func TestNagiosFirstLineIsShort(t *testing.T) {
	reports := healthyAndBroken(t)
	reports["sample"] = sampleReport()
	reports["every check fails"] = everyCheckFails()
	for name, r := range reports {
		out := nagiosOf(t, r)
		first, _, _ := strings.Cut(out, "\n")
		if len(first) > NagiosFirstLineMax {
			t.Errorf("%s: first line has %d bytes: %q", name, len(first), first)
		}
		o := parseNagios(t, out)
		if len(o.long) != len(r.Checks) {
			t.Errorf("%s: %d long text lines for %d checks", name, len(o.long), len(r.Checks))
		}
		t.Logf("%s: %s", name, first)
	}
	first := strings.SplitN(nagiosOf(t, reports["bad password"]), "\n", 2)[0]
	if !strings.HasPrefix(first, "HEAT CRITICAL - 1 of 21 checks failed: keystone-token | ok=2;;;0;21 ") {
		t.Errorf("bad password: %q", first)
	}
	first = strings.SplitN(nagiosOf(t, reports["healthy"]), "\n", 2)[0]
	if !strings.HasPrefix(first, "HEAT OK - 20 of 21 checks ok, 1 skipped | ") {
		t.Errorf("healthy: %q", first)
	}
	first = strings.SplitN(nagiosOf(t, reports["every check fails"]), "\n", 2)[0]
	if !strings.HasPrefix(first, "HEAT CRITICAL - 21 of 21 checks failed: keystone-discovery, keystone-token and 19 more | ") {
		t.Errorf("every check fails: %q", first)
	}
}

// The long text puts what did not pass first, then the rest.
func TestNagiosLongTextOrder(t *testing.T) {
	o := parseNagios(t, nagiosOf(t, sampleReport()))
	var got []string
	for _, l := range o.long {
		id, _, _ := strings.Cut(l, " ")
		got = append(got, id)
	}
	want := []string{"catalog-urls", "heat-user", "heat-engines", "keystone-discovery", "keystone-token", "stack-create", `label"with\odd`}
	if !slices.Equal(got, want) {
		t.Errorf("long text order %q, want %q", got, want)
	}
	if !strings.Contains(o.long[0], " - hint: the catalog drifted") {
		t.Errorf("no hint on a failed check: %q", o.long[0])
	}
}

// The perfdata labels are the same on a healthy and a broken run: skipped
// checks stay, with the value U.
func TestNagiosPerfLabelsFixed(t *testing.T) {
	reports := healthyAndBroken(t)
	want := append([]string{"ok", "warn", "fail", "error", "skip", "time"}, CheckIDs()...)
	for name, r := range reports {
		o := parseNagios(t, nagiosOf(t, r))
		if got := o.labels(); !slices.Equal(got, want) {
			t.Errorf("%s: labels\n%q\nwant\n%q", name, got, want)
		}
		for _, p := range o.perf {
			label, value, _ := strings.Cut(p, "=")
			res, isCheck := r.Check(strings.Trim(label, "'"))
			if isCheck && (res.Verdict == Skip) != strings.HasPrefix(value, "U;") {
				t.Errorf("%s: %s is %s but its perfdata is %q", name, res.ID, res.Verdict, p)
			}
		}
	}
	o := parseNagios(t, nagiosOf(t, reports["keystone down"]))
	if !slices.Contains(o.perf, "'stack-create'=U;;;0") || !slices.Contains(o.perf, "'heat-engines'=U;;;0") {
		t.Errorf("skipped checks: %q", o.perf)
	}
}

// Truncation never cuts inside a rune, on the first line or the long text.
func TestNagiosTruncatesUTF8(t *testing.T) {
	for _, s := range []string{"é", "日本語のメッセージ", "a😀b", strings.Repeat("ß€𝄞", 50)} {
		for n := 0; n <= len(s)+4; n++ {
			got := truncate(s, n)
			if len(got) > n || !utf8.ValidString(got) {
				t.Fatalf("truncate(%q, %d) = %q (%d bytes, valid %v)", s, n, got, len(got), utf8.ValidString(got))
			}
			if len(s) > n && n >= 3 && !strings.HasSuffix(got, "...") {
				t.Fatalf("truncate(%q, %d) = %q: no ellipsis", s, n, got)
			}
		}
	}
	r := everyCheckFails()
	for i := range r.Checks {
		// the cut falls on a different byte of a 2-, 3- or 4-byte rune in each check
		r.Checks[i].ID = strings.Repeat("ü", i) + r.Checks[i].ID
		r.Checks[i].Message = strings.Repeat("x", i) + strings.Repeat("日本𝄞é|", 200)
	}
	out := nagiosOf(t, r)
	if !utf8.ValidString(out) {
		t.Fatalf("invalid UTF-8:\n%q", out)
	}
	o := parseNagios(t, out)
	for _, l := range o.long {
		if len(l) > nagiosLongLineMax || !strings.HasSuffix(l, "...") {
			t.Errorf("long text line of %d bytes: %q", len(l), l)
		}
	}
	if first := strings.SplitN(out, "\n", 2)[0]; len(first) > NagiosFirstLineMax {
		t.Errorf("first line of %d bytes", len(first))
	}
	line := NagiosUnknownLine(fmtError(strings.Repeat("ключ ", 100)))
	if len(line) > NagiosFirstLineMax || !utf8.ValidString(line) || strings.Contains(line, "\n") {
		t.Errorf("unknown line (%d bytes): %q", len(line), line)
	}
}

type fmtError string

func (e fmtError) Error() string { return string(e) }
