package e2e

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// accessLine is one line of Keystone's uwsgi access log, in the format
// stack.sh gives it: method, path, status, when it came in and how long it
// took (µs), the user agent.
var accessLine = regexp.MustCompile(`\] (GET|POST|PUT|PATCH|DELETE|HEAD) (\S+) => generated \d+ bytes in \d+ msecs \(\S+ (\d+)\) start_us=(\d+) took_us=(\d+) agent="([^"]*)"`)

// keystoneRequest is one request in Keystone's access log.
type keystoneRequest struct {
	method, path, agent string
	status              int
	start, end          int64 // µs
}

// keystoneRequestsSince reads Keystone's access log from offset.
func (e *e2e) keystoneRequestsSince(offset int64) ([]keystoneRequest, error) {
	f, err := os.Open(filepath.Join(e.state, "logs", "keystone.log"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	var reqs []keystoneRequest
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		m := accessLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		status, _ := strconv.Atoi(m[3])
		start, _ := strconv.ParseInt(m[4], 10, 64)
		took, _ := strconv.ParseInt(m[5], 10, 64)
		path, _, _ := strings.Cut(m[2], "?")
		reqs = append(reqs, keystoneRequest{method: m[1], path: path, status: status, agent: m[6], start: start, end: start + took})
	}
	sort.Slice(reqs, func(i, j int) bool { return reqs[i].start < reqs[j].start })
	return reqs, sc.Err()
}

// sequential is the longest chain of reqs in which each came in after the
// one before it was answered: an upper bound on the sequential round trips
// (a request that came in later need not have waited for the other).
func sequential(reqs []keystoneRequest) int {
	depth := make([]int, len(reqs))
	longest := 0
	for i, r := range reqs {
		depth[i] = 1
		for j := range i {
			if reqs[j].end <= r.start {
				depth[i] = max(depth[i], depth[j]+1)
			}
		}
		longest = max(longest, depth[i])
	}
	return longest
}

// keystoneRequestSteps (k3): one full probe, as step k runs it but without
// --create-stack, and the requests Keystone logged meanwhile -- the
// probe's own and those heat-api and heat-api-cfn make for it: at most 10.
func (e *e2e) keystoneRequestSteps(bin string, siteEnv []string, args []string) {
	t := e.t
	log := filepath.Join(e.state, "logs", "keystone.log")
	fi, err := os.Stat(log)
	if err != nil {
		t.Errorf("k3. Keystone's access log: %v", err)
		return
	}
	e.probe("k3. heatconf probe (Keystone's requests counted)", bin, siteEnv, args...)
	time.Sleep(time.Second) // uwsgi logs a request once it is answered
	reqs, err := e.keystoneRequestsSince(fi.Size())
	if err != nil {
		t.Errorf("k3. reading %s: %v", log, err)
		return
	}
	// counted: the probe's own, and what heat-api and heat-api-cfn ask for
	// it (validating its token, its EC2 signature); not heat-api renewing
	// its own service token (a worker whose token an earlier step's
	// password change revoked: its validation is refused with 401, it
	// gets a token and validates again), which no probe causes
	var own, counted []keystoneRequest
	var lines []string
	for _, r := range reqs {
		who, count := "heat", true
		switch {
		case strings.HasPrefix(r.agent, "heatconf-probe"):
			who = "probe"
			own = append(own, r)
		case r.path == "/v3/auth/tokens" && (r.method == "POST" || r.status == 401):
			who, count = "heat*", false
		}
		if count {
			counted = append(counted, r)
		}
		lines = append(lines, fmt.Sprintf("%7.3fs %5s %-6s %s %d (%d ms)", float64(r.start-reqs[0].start)/1e6, who, r.method, r.path, r.status, (r.end-r.start)/1000))
	}
	t.Logf("k3. Keystone logged %d requests during one full probe: %d for it (%d the probe's own, the others heat-api's and heat-api-cfn's "+
		"for it; heat* is heat-api renewing its own service token, not counted); at most %d sequential among the probe's own, %d among all "+
		"(upper bounds: a request that came in after another was answered is counted as waiting for it):\n    %s",
		len(reqs), len(counted), len(own), sequential(own), sequential(reqs), strings.Join(lines, "\n    "))
	if len(own) == 0 {
		t.Errorf("k3. no request of the probe's in Keystone's access log: does stack.sh still give uwsgi its --log-format?")
	}
	if len(counted) > 10 {
		t.Errorf("k3. one full probe made %d Keystone requests, want at most 10", len(counted))
	}
}
