package probe

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
)

var interfaces = []string{"public", "internal", "admin"}

// defaultPath is the path each service's endpoint URLs have.
func defaultPath(typ string) string {
	if typ == "orchestration" {
		return "/v1/%(tenant_id)s"
	}
	return "/v1"
}

// checkCatalog: service typ has one endpoint per interface in the region;
// orchestration URLs end in the token's project ID (the template has
// %(tenant_id)s or $(project_id)s), cloudformation URLs in /v1.
func checkCatalog(_ context.Context, s *state, typ string) outcome {
	_, tok := s.provider()
	region := s.getRegion()
	example := exampleURL(s, typ)
	var entries []catalogEntry
	for _, e := range tok.catalog {
		if e.Type == typ {
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		name := map[string]string{"orchestration": "heat", "cloudformation": "heat-cfn"}[typ]
		return failf(fmt.Sprintf("create it (the rendered bootstrap-keystone.sh does): openstack service create --name %s %s, then its public, internal and admin endpoints, e.g. openstack endpoint create --region %s %s public '%s'",
			name, typ, firstOf(region, "RegionOne"), typ, example),
			"the catalog has no %s service (or none of its endpoints is enabled)", typ)
	}
	found := map[string][]catalogEndpoint{}
	for _, e := range entries {
		for _, ep := range e.Endpoints {
			if region == "" || ep.Region == region {
				found[ep.Interface] = append(found[ep.Interface], ep)
			}
		}
	}
	var missing, details, problems []string
	urls := map[string]catalogURL{}
	for _, iface := range interfaces {
		eps := found[iface]
		if len(eps) == 0 {
			missing = append(missing, iface)
			continue
		}
		urls[iface] = catalogURL{ID: eps[0].ID, URL: eps[0].URL, Region: eps[0].Region}
		details = append(details, fmt.Sprintf("%s %s", iface, eps[0].URL))
		if len(eps) > 1 {
			problems = append(problems, fmt.Sprintf("%d %s endpoints (clients take either)", len(eps), iface))
		}
	}
	where := "in the catalog"
	if region != "" {
		where = "in region " + region
	}
	if len(missing) > 0 {
		var cmds []string
		for _, iface := range missing {
			cmds = append(cmds, fmt.Sprintf("openstack endpoint create --region %s %s %s '%s'", firstOf(region, "RegionOne"), typ, iface, example))
		}
		return failf("create the missing endpoints (the rendered bootstrap-keystone.sh does): "+strings.Join(cmds, "; "),
			"%s has no %s endpoint %s", typ, strings.Join(missing, ", "), where).with(details...)
	}
	if typ == "orchestration" {
		var bad []string
		for _, iface := range interfaces {
			u := strings.TrimSuffix(urls[iface].URL, "/")
			if !strings.HasSuffix(u, "/"+tok.projectID) {
				bad = append(bad, fmt.Sprintf("%s %s", iface, urls[iface].URL))
			}
		}
		if len(bad) > 0 {
			return failf(fmt.Sprintf("the orchestration URLs must end in /v1/%%(tenant_id)s (or /v1/$(project_id)s) so that each client reaches its own project: openstack endpoint set --url '%s' ENDPOINT_ID", example),
				"orchestration URLs without the project: %s (the token's project is %s)", strings.Join(bad, ", "), tok.projectID).with(details...)
		}
	} else {
		for _, iface := range interfaces {
			if p := urlPath(urls[iface].URL); p != "/v1" {
				problems = append(problems, fmt.Sprintf("the %s URL's path is %q, not /v1 (heat-api-cfn answers there)", iface, p))
			}
		}
	}
	if len(entries) > 1 {
		problems = append(problems, fmt.Sprintf("%d %s services", len(entries), typ))
	}
	s.mu.Lock()
	if typ == "orchestration" {
		s.orch = urls
	} else {
		s.cfn = urls
	}
	s.mu.Unlock()
	if len(problems) > 0 {
		return warnf("remove the extra services or endpoints, and use a /v1 path for cloudformation",
			"%s has public, internal and admin endpoints %s, but: %s", typ, where, strings.Join(problems, "; ")).with(details...)
	}
	return pass("%s: public, internal and admin %s; %s is %s", typ, where, s.opts.Interface, urls[s.opts.Interface].URL).with(details...)
}

// exampleURL is the URL the expectation gives, or a template with the
// catalog's public host.
func exampleURL(s *state, typ string) string {
	m := s.opts.Expect.OrchestrationURLs
	if typ == "cloudformation" {
		m = s.opts.Expect.CloudformationURLs
	}
	if u := m["public"]; u != "" {
		return u
	}
	port := map[string]string{"orchestration": "8004", "cloudformation": "8000"}[typ]
	return "http://CONTROLLER:" + port + defaultPath(typ)
}

// checkCatalogURLs compares the endpoints with the site's (fail) or with
// heat.conf's ports and metadata URL (warn).
func checkCatalogURLs(_ context.Context, s *state) outcome {
	x := s.opts.Expect
	if len(x.OrchestrationURLs) == 0 && len(x.CloudformationURLs) == 0 && x.HeatAPIPort == 0 && x.CfnPort == 0 {
		return skipf("nothing to compare with: give --site SITE.toml (exact URLs) or --config-file heat.conf (ports)")
	}
	_, tok := s.provider()
	s.mu.Lock()
	have := map[string]map[string]catalogURL{"orchestration": s.orch, "cloudformation": s.cfn}
	s.mu.Unlock()
	var diffs, fixes, details []string
	compare := func(typ string, want map[string]string, port int) {
		for _, iface := range interfaces {
			got, ok := have[typ][iface]
			if !ok {
				continue
			}
			if w := want[iface]; w != "" {
				if !sameURL(got.URL, substituteProject(w, tok.projectID)) {
					diffs = append(diffs, fmt.Sprintf("%s %s is %s, %s says %s", typ, iface, got.URL, x.Source, w))
					fixes = append(fixes, fmt.Sprintf("openstack endpoint set --url '%s' %s", w, got.ID))
				} else {
					details = append(details, fmt.Sprintf("%s %s %s as expected", typ, iface, got.URL))
				}
				continue
			}
			if port != 0 && urlPort(got.URL) != port {
				diffs = append(diffs, fmt.Sprintf("%s %s is %s, but %s has the service listen on port %d", typ, iface, got.URL, x.Source, port))
			}
		}
	}
	compare("orchestration", x.OrchestrationURLs, x.HeatAPIPort)
	compare("cloudformation", x.CloudformationURLs, x.CfnPort)
	if len(diffs) == 0 {
		return pass("the endpoints match %s", x.Source).with(details...)
	}
	if x.Strict {
		return failf("the catalog drifted from the site: run the rendered bootstrap-keystone.sh again (it puts endpoints back), or: "+strings.Join(fixes, "; "),
			"%s", strings.Join(diffs, "; ")).with(details...)
	}
	return warnf("unless a proxy or load balancer sits in front of Heat on those ports, correct the endpoint (openstack endpoint set --url URL ENDPOINT_ID) or heat.conf",
		"%s", strings.Join(diffs, "; ")).with(details...)
}

// substituteProject fills a Keystone URL template with projectID.
func substituteProject(u, projectID string) string {
	return strings.NewReplacer("%(tenant_id)s", projectID, "%(project_id)s", projectID,
		"$(tenant_id)s", projectID, "$(project_id)s", projectID).Replace(u)
}

// sameURL compares URLs as clients reach them: scheme and host without
// case, default ports implied, paths without a trailing slash.
func sameURL(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && hostPort(ua) == hostPort(ub) &&
		strings.TrimSuffix(ua.EscapedPath(), "/") == strings.TrimSuffix(ub.EscapedPath(), "/")
}

func hostPort(u *url.URL) string {
	return strings.ToLower(net.JoinHostPort(u.Hostname(), fmt.Sprint(urlPort(u.String()))))
}

// urlPort is the port a URL reaches, the scheme's default when none is given.
func urlPort(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 0
	}
	if p := u.Port(); p != "" {
		return port(p, 0)
	}
	if strings.EqualFold(u.Scheme, "https") {
		return 443
	}
	return 80
}

func urlPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := strings.TrimSuffix(u.Path, "/")
	if p == "" {
		return "/"
	}
	return p
}
