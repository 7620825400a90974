package probe

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Credentials stay with their origin. Every request of a run goes through
// one http.Client (gophercloud's included), and that client:
//
//   - follows a redirect only within the origin (scheme, host and port) of
//     the request that was answered, so never from https to http, and never
//     more than maxRedirects times (checkRedirect);
//   - sends a request whose context is pinned to an origin (a listing and
//     the next pages its answers link to) only to that origin
//     (originGuard);
//
// so that the token (X-Auth-Token), a password (the body of POST
// /v3/auth/tokens, which a 307 or 308 would send again) and an EC2
// signature reach only the server they were meant for. A refusal is an
// *originError; describe puts it in words.

// maxRedirects is how many redirects one request may follow (Go's default).
const maxRedirects = 10

// origin is the origin of u: scheme://host:port, in lower case, with the
// scheme's default port when none is given.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// originOf is the origin of a raw URL; "" for one that does not parse or
// has no scheme or host (it matches no origin).
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return origin(u)
}

// shown is a URL as messages show it: no userinfo, query (an EC2
// signature) or fragment.
func shown(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User, c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = nil, "", false, "", ""
	return c.String()
}

// shownRaw is shown for a raw URL; one that does not parse is not shown.
func shownRaw(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(a URL that does not parse)"
	}
	return shown(u)
}

// originError is a request the probe refused to send, because it would
// have left the origin its credentials were given for.
type originError struct {
	how    string // "redirect", "next page", "request"
	what   string // the list, for "next page"
	method string
	from   string // the URL answered (shown), or the pinned origin
	to     string // where it would have gone (shown)
	status int    // the redirect's status code
	reason string
}

func (e *originError) Error() string {
	switch e.how {
	case "redirect":
		return fmt.Sprintf("%s %s answered %d with a redirect to %s, not followed: %s",
			e.method, e.from, e.status, e.to, e.reason)
	case "next page":
		return fmt.Sprintf("the list of %s from %s links its next page to %s, not followed: %s", e.what, e.from, e.to, e.reason)
	}
	return fmt.Sprintf("%s %s not sent: %s", e.method, e.to, e.reason)
}

// reasonFor says why going from origin a to b is refused.
func reasonFor(from, to *url.URL) string {
	if strings.EqualFold(from.Scheme, "https") && !strings.EqualFold(to.Scheme, "https") {
		return "it goes from https to " + firstOf(strings.ToLower(to.Scheme), "a URL without a scheme") +
			", where anyone on the path could read the credentials"
	}
	return "it leaves " + origin(from) + ", and the credentials go only there"
}

// redirectHint is what to do about a refused redirect or page link.
const redirectHint = "the probe sends credentials only to the scheme, host and port they were given for, and follows " +
	"redirects and next-page links only there: if the new place is the right one, give its URL yourself (the auth URL, " +
	"or the endpoint in the catalog); if not, find out why the server sends clients elsewhere"

// checkRedirect is the client's CheckRedirect: a redirect is followed only
// within the origin of the first request, at most maxRedirects times.
// Followed redirects are noted in the request's hop log.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first, last := via[0], via[len(via)-1]
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	if len(via) >= maxRedirects {
		return &originError{how: "redirect", method: first.Method, from: shown(last.URL), to: shown(req.URL), status: status,
			reason: fmt.Sprintf("the probe follows at most %d redirects", maxRedirects)}
	}
	if origin(req.URL) != origin(first.URL) {
		return &originError{how: "redirect", method: last.Method, from: shown(last.URL), to: shown(req.URL), status: status,
			reason: reasonFor(first.URL, req.URL)}
	}
	if hl := hopsOf(req.Context()); hl != nil {
		hl.add(first.Method, shown(first.URL), shown(req.URL))
	}
	return nil
}

// pinKey holds in a context the origin its requests may go to.
type pinKey struct{}

// pinOrigin makes every request under the returned context go to the
// origin of raw only (a listing: its first page and those its answers
// link to).
func pinOrigin(ctx context.Context, raw string) context.Context {
	return context.WithValue(ctx, pinKey{}, shownRaw(raw))
}

// originGuard refuses a request whose context is pinned to another origin.
type originGuard struct{ next http.RoundTripper }

func (g originGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if pin, ok := req.Context().Value(pinKey{}).(string); ok {
		if pu, err := url.Parse(pin); err != nil || origin(pu) != origin(req.URL) {
			if req.Body != nil {
				req.Body.Close()
			}
			reason := "it leaves the origin of the list"
			if err == nil {
				reason = reasonFor(pu, req.URL)
			}
			return nil, &originError{how: "request", method: req.Method, from: pin, to: shown(req.URL), reason: reason}
		}
	}
	return g.next.RoundTrip(req)
}

// hopLog records the redirects a check's requests followed, so that its
// verdict names the URL that answered.
type hopLog struct {
	mu   sync.Mutex
	hops []hop
}

type hop struct{ method, from, to string }

type hopKey struct{}

func withHops(ctx context.Context, hl *hopLog) context.Context {
	return context.WithValue(ctx, hopKey{}, hl)
}

func hopsOf(ctx context.Context) *hopLog {
	hl, _ := ctx.Value(hopKey{}).(*hopLog)
	return hl
}

// add notes that method from was answered by to; a later hop of the same
// request replaces the earlier.
func (hl *hopLog) add(method, from, to string) {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	for i, h := range hl.hops {
		if h.method == method && h.from == from {
			hl.hops[i].to = to
			return
		}
	}
	hl.hops = append(hl.hops, hop{method, from, to})
}

// note is " (answered by URL after a redirect from URL; ...)", or "".
func (hl *hopLog) note() string {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	var parts []string
	for _, h := range hl.hops {
		parts = append(parts, fmt.Sprintf("%s %s was answered by %s after a redirect", h.method, h.from, h.to))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
