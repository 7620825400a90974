package probe

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// engine is one row of GET /v1/{project}/services (one heat-engine worker).
type engine struct {
	ID             string `json:"id"`
	EngineID       string `json:"engine_id"`
	Host           string `json:"host"`
	Hostname       string `json:"hostname"`
	Binary         string `json:"binary"`
	Topic          string `json:"topic"`
	ReportInterval int    `json:"report_interval"`
	CreatedAt      string `json:"created_at"`
	UpdatedAt      string `json:"updated_at"`
	DeletedAt      string `json:"deleted_at"`
	Status         string `json:"status"`
}

// heatTime parses Heat's zone-less UTC times ("2026-11-24T20:00:02.000000").
func heatTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.999999", "2006-01-02T15:04:05.999999Z07:00", "2006-01-02 15:04:05.999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// age is how long ago the engine last reported, by the probe's clock.
func (e engine) age(now time.Time) (time.Duration, bool) {
	t, ok := heatTime(firstOf(e.UpdatedAt, e.CreatedAt))
	if !ok {
		return 0, false
	}
	return now.Sub(t).Round(time.Second), true
}

const rpcHint = "heat-api asks a heat-engine over RPC for this list: is heat-engine running, and does it use the same RabbitMQ " +
	"(transport_url) as heat-api? Read heat-engine's log (heat-api gives up after rpc_response_timeout, 60 s, with 503)"

// checkEngines: every heat-engine worker reports up.
func checkEngines(ctx context.Context, s *state) outcome {
	ep, ok := s.endpoint("orchestration")
	if !ok {
		return couldNot("", "no orchestration endpoint on interface %s", s.opts.Interface)
	}
	pc, _ := s.provider()
	sc := serviceClient(pc, ep.URL, "orchestration")
	var body struct {
		Services []engine `json:"services"`
	}
	_, err := sc.Get(ctx, sc.ServiceURL("services"), &body, &gophercloud.RequestOpts{OkCodes: []int{200}})
	if err != nil {
		p := describe(err, budgetOf(ctx))
		switch {
		case p.kind == "timeout":
			return failf(rpcHint, "heat-api did not answer GET /services within %s: no heat-engine answered its RPC call", round(budgetOf(ctx)))
		case p.kind == "http" && p.status == 503:
			return failf(rpcHint, "heat-api: %s", p.text)
		case p.kind == "http" && p.status == 403:
			return couldNot("listing engines needs the admin role in the token's project (Heat policy service:index): probe as admin or with --config-file heat.conf",
				"%s", p.text)
		}
		return failf(netHint(p, "heat-api"), "GET %s: %s", sc.ServiceURL("services"), p.text)
	}
	now := s.opts.Now()
	var up, down []engine
	var details []string
	for _, e := range body.Services {
		if e.Binary != "" && e.Binary != "heat-engine" {
			continue
		}
		a, ok := e.age(now)
		last := "never reported"
		if ok {
			last = fmt.Sprintf("last report %s ago", a)
			if a < -5*time.Second {
				last = fmt.Sprintf("last report %s in the future (clocks differ)", -a)
			}
		}
		details = append(details, fmt.Sprintf("%s engine %s: %s, %s (report interval %ds)",
			firstOf(e.Hostname, e.Host), e.EngineID, e.Status, last, e.ReportInterval))
		if e.Status == "up" {
			up = append(up, e)
		} else {
			down = append(down, e)
		}
	}
	sort.Strings(details)
	switch {
	case len(up)+len(down) == 0:
		return failf("start heat-engine: each worker registers itself when it starts", "no heat-engine has ever reported")
	case len(up) == 0:
		return failf("heat-engine stopped, or cannot write to Heat's database; if it runs, compare the hosts' clocks "+
			"(an engine is up when its last report is at most twice its report interval old)",
			"all %s down", workers(len(down))).with(details...)
	case len(down) > 0:
		return warnf("rows of engine workers that are gone stay down until 'heat-manage service clean'; a running engine that is down cannot reach the database",
			"%s up on %s, %d down", workers(len(up)), hosts(up), len(down)).with(details...)
	}
	return pass("%s up on %s", workers(len(up)), hosts(up)).with(details...)
}

func hosts(es []engine) string {
	seen := map[string]bool{}
	var hs []string
	for _, e := range es {
		h := firstOf(e.Hostname, e.Host)
		if !seen[h] {
			seen[h] = true
			hs = append(hs, h)
		}
	}
	sort.Strings(hs)
	return strings.Join(hs, ", ")
}

func workers(n int) string {
	if n == 1 {
		return "1 heat-engine worker"
	}
	return fmt.Sprintf("%d heat-engine workers", n)
}
