package probe

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/utils"
)

// serviceRoot is the unversioned root of a catalog URL:
// http://h:8004/v1/<project> -> http://h:8004/.
func serviceRoot(u string) string {
	root, err := utils.BaseEndpoint(u)
	if err != nil {
		return u
	}
	return gophercloud.NormalizeURL(root)
}

// checkVersions: the API's root answers its version document with v1.
func checkVersions(ctx context.Context, s *state, typ, daemon string) outcome {
	ep, ok := s.endpoint(typ)
	if !ok {
		return couldNot("", "no %s endpoint on interface %s", typ, s.opts.Interface)
	}
	root := serviceRoot(ep.URL)
	versions, err := utils.GetServiceVersions(ctx, s.anon, root, true)
	if err != nil {
		p := describe(err, budgetOf(ctx))
		hint := netHint(p, daemon)
		if p.kind == "refused" || p.kind == "timeout" {
			hint += fmt.Sprintf(" (the URL is the catalog's %s %s endpoint; see %s)", s.opts.Interface, typ, IDCatalogURLs)
		}
		if p.kind == "other" {
			hint = fmt.Sprintf("the answer is not a version document: is %s what listens at %s?", daemon, root)
		}
		return failf(hint, "%s at %s: %s", daemon, root, p.text)
	}
	var found []string
	for _, v := range versions {
		found = append(found, fmt.Sprintf("v%d.%d %s", v.Major, v.Minor, v.Status))
		if v.Major == 1 {
			return pass("%s at %s offers v%d.%d (%s)", daemon, root, v.Major, v.Minor, v.Status)
		}
	}
	return failf(fmt.Sprintf("is %s what listens at %s?", daemon, root), "%s at %s offers no v1 API (found: %s)", daemon, root, listOrNone(found))
}

// checkHealthcheck: GET /healthcheck (oslo.middleware) answers 200.
func checkHealthcheck(ctx context.Context, s *state, typ, daemon string) outcome {
	ep, ok := s.endpoint(typ)
	if !ok {
		return couldNot("", "no %s endpoint on interface %s", typ, s.opts.Interface)
	}
	u := serviceRoot(ep.URL) + "healthcheck"
	_, err := s.anon.Request(ctx, "GET", u, &gophercloud.RequestOpts{OkCodes: []int{200}, MoreHeaders: map[string]string{"Accept": "text/plain"}})
	if err == nil {
		return pass("GET %s: 200", u)
	}
	p := describe(err, budgetOf(ctx))
	switch {
	case p.kind == "http" && p.status == 404:
		return warnf(fmt.Sprintf("add the healthcheck filter to %s's pipeline in api-paste.ini, so load balancers and monitoring can ask", daemon),
			"%s has no /healthcheck (HTTP 404)", daemon)
	case p.kind == "http" && p.status == 503:
		return failf("oslo.middleware's healthcheck reports the node out of service (a disable_by_file_path file exists?): remove the file or fix what it reports",
			"GET %s: 503 %s", u, keystoneMessage(p.body))
	}
	return failf(netHint(p, daemon), "GET %s: %s", u, p.text)
}

var keystoneURIRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)uri\s*=\s*"([^"]*)"`) })

// checkWWWAuthenticate: heat-api's 401 names the Keystone that heat.conf
// (www_authenticate_uri) or the site expects.
func checkWWWAuthenticate(ctx context.Context, s *state) outcome {
	ep, ok := s.endpoint("orchestration")
	if !ok {
		return couldNot("", "no orchestration endpoint on interface %s", s.opts.Interface)
	}
	u := strings.TrimSuffix(ep.URL, "/") + "/stacks"
	resp, err := s.anon.Request(ctx, "GET", u, &gophercloud.RequestOpts{OkCodes: []int{401}})
	if err != nil {
		p := describe(err, budgetOf(ctx))
		if p.kind == "http" && p.status < 300 {
			return failf("put keystonemiddleware's authtoken filter back in heat-api's pipeline (api-paste.ini)",
				"heat-api answered GET /stacks without a token (HTTP %d): authentication is off", p.status)
		}
		return failf(netHint(p, "heat-api"), "GET %s without a token: %s", u, p.text)
	}
	header := resp.Header.Get("Www-Authenticate")
	m := keystoneURIRE().FindStringSubmatch(header)
	want, from := s.opts.Expect.WWWAuthenticateURI, s.opts.Expect.Source
	strict := want != ""
	if want == "" {
		want, from = s.opts.Credentials.AuthURL, "the probe's auth URL"
	}
	if m == nil {
		return warnf("set [keystone_authtoken] www_authenticate_uri to Keystone's public URL so that clients can find it",
			"heat-api's 401 has no Keystone uri in Www-Authenticate (%q)", header)
	}
	if sameKeystone(m[1], want) {
		return pass("heat-api sends clients to %s, matching %s", m[1], from)
	}
	msg := fmt.Sprintf("heat-api sends clients to %s, %s says %s", m[1], from, want)
	hint := "set [keystone_authtoken] www_authenticate_uri in heat.conf to Keystone's public URL and restart heat-api"
	if strict {
		return failf(hint+" (heat-api may run with another heat.conf than the one compared)", "%s", msg)
	}
	return warnf(hint+", unless clients reach Keystone by another URL than the probe", "%s", msg)
}

// sameKeystone compares Keystone URLs ignoring a trailing /v3 and slash.
func sameKeystone(a, b string) bool {
	norm := func(u string) string {
		u = strings.TrimSuffix(strings.TrimSpace(u), "/")
		u = strings.TrimSuffix(u, "/v3")
		return strings.TrimSuffix(u, "/")
	}
	return sameURL(norm(a), norm(b))
}
