package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"

	"github.com/heatconf/heatconf/internal/boundedread"
)

// userAgent is prepended to gophercloud's.
const userAgent = "heatconf-probe"

// newTransport builds the HTTP transport from the TLS options over base
// (clouds.yaml's), with dial and handshake bounded by timeout.
func newTransport(t TLS, base *tls.Config, timeout time.Duration) (*http.Transport, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		tc = base.Clone()
	}
	if t.CACert != "" {
		pem, err := boundedread.ReadFile(t.CACert, boundedread.CABundleMax)
		if err != nil {
			return nil, fmt.Errorf("reading the CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("the CA file %s holds no PEM certificate", t.CACert)
		}
		tc.RootCAs = pool
	}
	if t.Cert != "" {
		certPEM, err := boundedread.ReadFile(t.Cert, boundedread.CABundleMax)
		if err != nil {
			return nil, fmt.Errorf("reading the client certificate: %w", err)
		}
		keyPEM, err := boundedread.ReadFile(t.Key, boundedread.CABundleMax)
		if err != nil {
			return nil, fmt.Errorf("reading the client key: %w", err)
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("loading the client certificate %s and key %s: %w", t.Cert, t.Key, err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	if t.Insecure {
		tc.InsecureSkipVerify = true
	}
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		TLSClientConfig:       tc,
		TLSHandshakeTimeout:   timeout,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       30 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}, nil
}

// limitBodies caps every response body the probe reads at
// boundedread.HTTPBodyMax. gophercloud reads bodies whole (error bodies with
// io.ReadAll, results with a JSON decoder that buffers the whole value), so
// the cap must sit under it, in the transport: past it, reading fails with
// a *boundedread.TooLargeError, and an answer that announces a larger
// Content-Length is refused unread.
type limitBodies struct{ next http.RoundTripper }

func (l limitBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(req)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	// name the request without credentials or query (EC2 signatures)
	u := *req.URL
	u.User, u.RawQuery, u.ForceQuery, u.Fragment = nil, "", false, ""
	name := "the answer to " + req.Method + " " + u.String()
	if resp.ContentLength > boundedread.HTTPBodyMax {
		resp.Body.Close()
		return nil, &boundedread.TooLargeError{Name: name, Max: boundedread.HTTPBodyMax}
	}
	resp.Body = boundedread.ReadCloser(resp.Body, boundedread.HTTPBodyMax, name)
	return resp, nil
}

// newProvider is a ProviderClient for authURL that sends no token until one
// is set: every request runs under the caller's context.
func newProvider(authURL string, hc *http.Client) (*gophercloud.ProviderClient, error) {
	pc, err := openstack.NewClient(authURL)
	if err != nil {
		return nil, fmt.Errorf("the auth URL %q: %w", authURL, err)
	}
	pc.HTTPClient = *hc
	pc.UserAgent.Prepend(userAgent)
	return pc, nil
}

// serviceClient addresses endpoint (a catalog URL) with pc's token,
// without gophercloud's endpoint locator (which runs without a context).
func serviceClient(pc *gophercloud.ProviderClient, endpoint, typ string) *gophercloud.ServiceClient {
	return &gophercloud.ServiceClient{ProviderClient: pc, Endpoint: gophercloud.NormalizeURL(endpoint), Type: typ}
}

// problem is a request's failure put in words, with its kind for hints.
type problem struct {
	kind   string // "timeout", "refused", "dns", "tls", "http", "other"
	status int    // HTTP status for kind "http"
	text   string
	body   string
	hint   string // what to do, when the error knows better than netHint
}

// describe turns a request error into a problem. timeout is the budget the
// request had, for "no answer within".
func describe(err error, timeout time.Duration) problem {
	var code gophercloud.ErrUnexpectedResponseCode
	var codePtr *gophercloud.ErrUnexpectedResponseCode
	var tooLarge *boundedread.TooLargeError
	var bound *boundError
	var away *originError
	var bad *malformedError
	switch {
	case errors.As(err, &away):
		return problem{kind: "origin", text: away.Error()}
	case errors.As(err, &bound):
		return problem{kind: "toolarge", text: bound.text, hint: bound.hint}
	case errors.As(err, &tooLarge):
		return problem{kind: "toolarge", text: tooLarge.Error()}
	case errors.As(err, &bad):
		return problem{kind: "malformed", text: bad.text}
	case errors.As(err, &code):
		return httpProblem(code)
	case errors.As(err, &codePtr):
		return httpProblem(*codePtr)
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return problem{kind: "timeout", text: fmt.Sprintf("no answer within %s", round(timeout))}
	case errors.Is(err, context.Canceled):
		return problem{kind: "timeout", text: "cancelled"}
	case isHTTPS(err) && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)):
		return problem{kind: "protocol", text: "protocol mismatch: the server" + at(err) +
			" closed the connection instead of a TLS handshake: an https URL for a port that speaks plain HTTP?"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return problem{kind: "refused", text: "connection refused" + at(err)}
	case errors.Is(err, syscall.ECONNRESET):
		return problem{kind: "refused", text: "connection reset" + at(err)}
	}
	if text, ok := malformed(err); ok {
		return problem{kind: "malformed", text: text}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return problem{kind: "dns", text: fmt.Sprintf("cannot resolve %s: %s", dnsErr.Name, dnsErr.Err)}
	}
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	switch {
	case errors.As(err, &unknownCA):
		return problem{kind: "tls", text: "TLS: the server's certificate is signed by an unknown authority" + at(err)}
	case errors.As(err, &hostErr):
		return problem{kind: "tls", text: "TLS: " + hostErr.Error()}
	case errors.As(err, &invalid):
		return problem{kind: "tls", text: "TLS: " + invalid.Error()}
	case errors.As(err, &verify):
		return problem{kind: "tls", text: "TLS: " + verify.Err.Error()}
	case errors.As(err, &recErr):
		return problem{kind: "protocol", text: "protocol mismatch: the server" + at(err) + " answers in plain HTTP, not TLS: an https URL for a port that speaks plain HTTP"}
	}
	if strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		return problem{kind: "protocol", text: "protocol mismatch: the server" + at(err) + " answers in plain HTTP, not TLS: an https URL for a port that speaks plain HTTP"}
	}
	if strings.Contains(err.Error(), "tls: ") || strings.Contains(err.Error(), "x509: ") {
		return problem{kind: "tls", text: "TLS: " + strings.TrimSpace(lastPart(err.Error()))}
	}
	// gophercloud's own errors can quote what a server sent at length
	return problem{kind: "other", text: clip(err.Error(), maxQuoted)}
}

// maxQuoted bounds what a message quotes of a server's error.
const maxQuoted = 300

func httpProblem(e gophercloud.ErrUnexpectedResponseCode) problem {
	body := strings.TrimSpace(string(e.Body))
	if e.Actual == 400 && plainToTLS(body) {
		return problem{kind: "protocol", status: e.Actual, body: body, text: fmt.Sprintf(
			"protocol mismatch: HTTP 400 from %s %s says the port speaks https: an http URL for a TLS port", e.Method, e.URL)}
	}
	msg := keystoneMessage(body)
	text := fmt.Sprintf("HTTP %d from %s %s", e.Actual, e.Method, e.URL)
	if msg != "" {
		text += ": " + msg
	}
	return problem{kind: "http", status: e.Actual, text: text, body: body}
}

// keystoneMessage is the message of an OpenStack error body
// ({"error": {"message": ...}}), or a short form of the body.
func keystoneMessage(body string) string {
	var m struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
		Explanation string `json:"explanation"`
	}
	if jsonUnmarshal([]byte(body), &m) == nil {
		if m.Error.Message != "" {
			return clip(m.Error.Message, maxQuoted)
		}
		if m.Explanation != "" {
			return clip(m.Explanation, maxQuoted)
		}
	}
	if c := xmlCode(body); c != "" {
		return c
	}
	if h, ok := htmlSummary(body); ok {
		return h
	}
	body = strings.Join(strings.Fields(body), " ")
	if len(body) > 160 {
		body = body[:160] + "..."
	}
	return body
}

// htmlSummary puts an HTML page (a proxy's or load balancer's error page,
// HAProxy's 503) in one line: its title, else its text, clipped.
func htmlSummary(body string) (string, bool) {
	head := strings.ToLower(body[:min(len(body), 512)])
	if !strings.Contains(head, "<html") && !strings.HasPrefix(strings.TrimSpace(head), "<!doctype html") && !strings.Contains(head, "<body") {
		return "", false
	}
	text := ""
	if m := htmlTitleRE().FindStringSubmatch(body); m != nil {
		text = m[1]
	}
	if strings.TrimSpace(text) == "" {
		text = htmlTagRE().ReplaceAllString(htmlDropRE().ReplaceAllString(body, " "), " ")
	}
	text = strings.Join(strings.Fields(html.UnescapeString(text)), " ")
	if text == "" {
		return "an HTML page (a proxy's error page?)", true
	}
	return "an HTML page (a proxy's error page?): " + clip(text, 120), true
}

var (
	htmlTitleRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`) })
	htmlDropRE  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?is)<(script|style|head)[^>]*>.*?</(script|style|head)>`)
	})
	htmlTagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)<[^>]*>`) })
)

// plainToTLS reports whether a 400's body is a server's "you spoke plain
// HTTP to my TLS port" (Go, nginx, Apache).
func plainToTLS(body string) bool {
	b := strings.ToLower(body)
	return strings.Contains(b, "http request to an https server") || strings.Contains(b, "plain http request was sent to https port") ||
		strings.Contains(b, "speaking plain http to an ssl-enabled server")
}

// isHTTPS reports whether err is of a request to an https URL.
func isHTTPS(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue) && strings.HasPrefix(strings.ToLower(ue.URL), "https:")
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// at names the address of a dial error: " (127.0.0.1:9999)".
func at(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return " (" + op.Addr.String() + ")"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			return " (" + u.Host + ")"
		}
	}
	return ""
}

func lastPart(s string) string {
	if i := strings.LastIndex(s, ": tls: "); i >= 0 {
		return s[i+2:]
	}
	if i := strings.LastIndex(s, ": x509: "); i >= 0 {
		return s[i+2:]
	}
	return s
}

func round(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// netHint is the usual advice for a problem reaching what.
func netHint(p problem, what string) string {
	switch p.kind {
	case "timeout":
		return fmt.Sprintf("%s did not answer in time: is it overloaded or firewalled? Raise --check-timeout if it is only slow", what)
	case "refused":
		return fmt.Sprintf("nothing listens there: is %s running, and is the URL's host and port right?", what)
	case "dns":
		return "fix the host name in the URL or in DNS"
	case "toolarge":
		if p.hint != "" {
			return p.hint
		}
		return fmt.Sprintf("no OpenStack answer is that large: is the URL %s's, and not a file server or a proxy's error page?", what)
	case "origin":
		return redirectHint
	case "malformed":
		return fmt.Sprintf("the answer is not what %s gives: is a proxy, a load balancer's error page or another server answering at its URL?", what)
	case "protocol":
		return fmt.Sprintf("correct the URL's scheme (http or https) for %s's port: the auth URL, or the endpoint in the catalog; or put TLS in front of %s", what, what)
	case "tls":
		return "give the CA that signed the server's certificate with --cacert (or OS_CACERT); --insecure skips verification (not for production)"
	case "http":
		switch {
		case p.status == 401:
			return "the token or credentials were refused"
		case p.status == 403:
			return "the probing user may not do this: probe with admin credentials or heat's own (--config-file /etc/heat/heat.conf)"
		case p.status == 404:
			return fmt.Sprintf("%s does not know this path: is the URL (its path and version) right?", what)
		case p.status >= 500:
			if _, page := htmlSummary(p.body); page {
				return fmt.Sprintf("a proxy or load balancer answered for %s with an error page: is %s up behind it, and does the proxy reach it?", what, what)
			}
			return fmt.Sprintf("%s failed internally: read its log", what)
		}
	}
	return fmt.Sprintf("check that %s runs and that its URL is right", what)
}
