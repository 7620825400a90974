package probe

import (
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// spy is a server on another origin that logs every request it gets and
// answers as a willing Keystone would, so that a request that reached it
// could be credited to the probed one.
type spy struct {
	srv *httptest.Server
	mu  sync.Mutex
	log []string // "METHOD path?query token=... body=..."
}

func newSpy(t *testing.T) *spy {
	s := &spy{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.log = append(s.log, fmt.Sprintf("%s %s token=%q body=%q", r.Method, r.URL.RequestURI(), r.Header.Get("X-Auth-Token"), body))
		s.mu.Unlock()
		w.Header().Set("X-Subject-Token", "tok-spy")
		writeJSON(w, 200, map[string]any{"versions": map[string]any{"values": []any{map[string]any{"id": "v3.14", "status": "stable"}}},
			"domains": []any{map[string]any{"id": "d-heat", "name": "heat", "enabled": true}}, "links": map[string]any{"next": nil},
			"services": []any{}})
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// requests is the spy's request log.
func (s *spy) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// assertNoCredential fails when the spy saw a token, a password or an EC2
// signature, and logs what it saw.
func (s *spy) assertNoCredential(t *testing.T) {
	t.Helper()
	for _, req := range s.requests() {
		for _, secret := range []string{adminPW, heatPW, domAdmPW, "tok-", "Signature", "signature", "ec2-secret", `token="t`} {
			if strings.Contains(req, secret) {
				t.Errorf("the other origin got a credential (%q): %s", secret, req)
			}
		}
	}
	if reqs := s.requests(); len(reqs) > 0 {
		t.Errorf("the other origin got %d requests: %q", len(reqs), reqs)
	}
}

// interpose puts fn in front of srv's handler: what fn answers (true) is
// not passed on.
func interpose(srv *httptest.Server, fn func(w http.ResponseWriter, r *http.Request) bool) {
	next := srv.Config.Handler
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fn(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// redirect answers method path (a prefix) with code to where+the request URI.
func redirect(srv *httptest.Server, method, path string, code int, where string) {
	interpose(srv, func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != method || !strings.HasPrefix(r.URL.Path, path) {
			return false
		}
		w.Header().Set("Location", where+r.URL.RequestURI())
		w.WriteHeader(code)
		return true
	})
}

// TestCredentialsStayWithTheirOrigin: a Keystone, heat-api or heat-api-cfn
// that redirects, or links its next page, to another origin never makes
// the probe send that origin a credential, and the check that asked does
// not pass, saying why.
func TestCredentialsStayWithTheirOrigin(t *testing.T) {
	tests := []struct {
		name  string
		tls   bool // Keystone over https, the other origin plain http
		setup func(f *fakeCloud, other string)
		check string // the check that must not pass
		want  string // in its message
	}{
		{"token POST 307", false, func(f *fakeCloud, other string) {
			redirect(f.keystone, "POST", "/v3/auth/tokens", 307, other)
		}, IDKeystoneToken, "answered 307 with a redirect to " + "OTHER/v3/auth/tokens, not followed: it leaves"},
		{"token POST 308", false, func(f *fakeCloud, other string) {
			redirect(f.keystone, "POST", "/v3/auth/tokens", 308, other)
		}, IDKeystoneToken, "answered 308 with a redirect"},
		{"token POST 302", false, func(f *fakeCloud, other string) {
			redirect(f.keystone, "POST", "/v3/auth/tokens", 302, other)
		}, IDKeystoneToken, "answered 302 with a redirect"},
		{"token POST 307 from https to http", true, func(f *fakeCloud, other string) {
			redirect(f.keystone, "POST", "/v3/auth/tokens", 307, other)
		}, IDKeystoneToken, "it goes from https to http"},
		{"discovery GET 302", false, func(f *fakeCloud, other string) {
			redirect(f.keystone, "GET", "/", 302, other)
		}, IDKeystoneDiscovery, "answered 302 with a redirect"},
		{"domains GET 302", false, func(f *fakeCloud, other string) {
			redirect(f.keystone, "GET", "/v3/domains", 302, other)
		}, IDStackDomain, "answered 302 with a redirect"},
		{"users GET 303", false, func(f *fakeCloud, other string) {
			redirect(f.keystone, "GET", "/v3/users", 303, other)
		}, IDHeatUser, "answered 303 with a redirect"},
		{"engines GET 302", false, func(f *fakeCloud, other string) {
			redirect(f.heat, "GET", "/v1/", 302, other)
		}, IDHeatEngines, "answered 302 with a redirect"},
		{"EC2-signed GET 302", false, func(f *fakeCloud, other string) {
			redirect(f.cfn, "GET", "/v1", 302, other)
		}, IDEC2Token, "answered 302 with a redirect"},
		{"domains links.next elsewhere", false, func(f *fakeCloud, other string) {
			nextElsewhere(f, "/v3/domains", "domains", other)
		}, IDStackDomain, "links its next page to OTHER/v3/domains, not followed"},
		{"role assignments links.next elsewhere", false, func(f *fakeCloud, other string) {
			nextElsewhere(f, "/v3/role_assignments", "role_assignments", other)
		}, IDHeatUserRole, "links its next page to OTHER/v3/role_assignments"},
		{"links.next from https to http", true, func(f *fakeCloud, other string) {
			nextElsewhere(f, "/v3/roles", "roles", other)
		}, IDStackUserRole, "it goes from https to http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCloud(t, tt.tls)
			other := newSpy(t)
			tt.setup(f, other.srv.URL)
			o := fakeOptions(f)
			if tt.tls {
				o.TLS.CACert = caFile(t, f.keystone)
			}
			o.CreateStack = true
			// the lookups these checks make when no token answers for them
			switch tt.check {
			case IDStackDomain:
				noDomainAdminToken(f, &o)
			case IDHeatUser:
				noTrusteeToken(f, &o)
			}
			r := probeOnce(t, o, 20*time.Second)
			other.assertNoCredential(t)
			res, _ := r.Check(tt.check)
			want := strings.ReplaceAll(tt.want, "OTHER", other.srv.URL)
			if res.Verdict.passed() || !strings.Contains(res.Message, want) || !strings.Contains(res.Hint, "scheme, host and port") {
				t.Errorf("%s: %s: %s | %s\nwant %q", tt.check, res.Verdict, res.Message, res.Hint, want)
			}
			for _, c := range r.Checks {
				assertOneLine(t, c)
			}
		})
	}
}

// nextElsewhere makes Keystone's list at path link its next page to other.
func nextElsewhere(f *fakeCloud, path, key, other string) {
	interpose(f.keystone, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != path {
			return false
		}
		writeJSON(w, 200, map[string]any{key: []any{map[string]any{"id": "x", "name": "x"}},
			"links": map[string]any{"next": other + path + "?page=2"}})
		return true
	})
}

// caFile writes srv's certificate as a CA file.
func caFile(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return ca
}

// Within its origin, a redirect is followed and the verdict names the URL
// that answered; links.next is followed page after page.
func TestSameOriginRedirectAndPages(t *testing.T) {
	f := newFakeCloud(t, false)
	// discovery moves to /identity/, which answers as / does
	interpose(f.keystone, func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/":
			http.Redirect(w, r, "/identity/", http.StatusFound)
		case "/identity/":
			r.URL.Path = "/"
			f.serveKeystone(w, r)
		default:
			return false
		}
		return true
	})
	// the domain list comes in three pages, the stack domain on the last
	pages := 0
	interpose(f.keystone, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/v3/domains" || r.URL.Query().Get("name") != "heat" {
			return false
		}
		if r.Header.Get("X-Auth-Token") == "" {
			unauthorized(w, "no token")
			return true
		}
		page := r.URL.Query().Get("page")
		f.mu.Lock()
		pages++
		f.mu.Unlock()
		switch page {
		case "", "2":
			next := map[string]string{"": "2", "2": "3"}[page]
			writeJSON(w, 200, map[string]any{"domains": []any{map[string]any{"id": "d-other" + page, "name": "heat-" + page, "enabled": true}},
				"links": map[string]any{"next": f.keystone.URL + "/v3/domains?name=heat&page=" + next}})
		default:
			writeJSON(w, 200, map[string]any{"domains": []any{map[string]any{"id": "d-heat", "name": "heat", "enabled": true}},
				"links": map[string]any{"next": nil}})
		}
		return true
	})
	o := fakeOptions(f)
	noDomainAdminToken(f, &o) // the stack domain is looked up
	r := probeOnce(t, o, 20*time.Second)
	res, _ := r.Check(IDKeystoneDiscovery)
	want := "GET " + f.keystone.URL + "/ was answered by " + f.keystone.URL + "/identity/ after a redirect"
	if res.Verdict != OK || !strings.Contains(res.Message, want) {
		t.Errorf("%s: %s\nwant %q", res.Verdict, res.Message, want)
	}
	if res, _ := r.Check(IDStackDomain); res.Verdict != OK || pages < 3 {
		t.Errorf("stack-domain after %d pages: %s: %s", pages, res.Verdict, res.Message)
	}
}

// The client itself refuses: a request pinned to one origin does not
// leave, a redirect across origins is not followed, and neither are more
// than maxRedirects within one.
func TestClientGuards(t *testing.T) {
	other := newSpy(t)
	loops := 0
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.srv.URL+"/x", http.StatusTemporaryRedirect)
		case "/loop":
			loops++
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			w.WriteHeader(204)
		}
	}))
	defer home.Close()
	hc := newClient(http.DefaultTransport)
	do := func(ctx context.Context, method, u string) error {
		req, _ := http.NewRequestWithContext(ctx, method, u, strings.NewReader("password="+adminPW))
		req.Header.Set("X-Auth-Token", "tok-secret")
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	pinned := pinOrigin(context.Background(), home.URL+"/v3/")
	if err := do(pinned, "GET", other.srv.URL+"/v3/domains?page=2"); err == nil || !strings.Contains(err.Error(), "not sent: it leaves") {
		t.Errorf("pinned: %v", err)
	}
	if err := do(pinned, "GET", home.URL+"/v3/domains?page=2"); err != nil {
		t.Errorf("pinned, same origin: %v", err)
	}
	if err := do(context.Background(), "POST", home.URL+"/away"); err == nil || !strings.Contains(err.Error(), "not followed") {
		t.Errorf("redirect away: %v", err)
	}
	if err := do(context.Background(), "GET", home.URL+"/loop"); err == nil || !strings.Contains(err.Error(), "at most 10 redirects") || loops != 10 {
		t.Errorf("redirect loop (%d): %v", loops, err)
	}
	other.assertNoCredential(t)
}
