package probe

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// haproxy503 is HAProxy's own 503 page, as it answers when no backend is up.
const haproxy503 = "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"

// TestOnCallMessages: what reaches an on-call engineer is one line that
// names the fault: a proxy's HTML error page by its status and title,
// a protocol mismatch as such.
func TestOnCallMessages(t *testing.T) {
	// a port that closes every connection at once, as uwsgi's http-socket
	// does with a TLS handshake
	closer, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closer.Close() })
	go func() {
		for {
			c, err := closer.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 512)
			_, _ = c.Read(buf)
			c.Close()
		}
	}()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(300) }))
	t.Cleanup(plain.Close)
	tlsOnly := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(300) }))
	t.Cleanup(tlsOnly.Close)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(503)
		_, _ = w.Write([]byte(haproxy503))
	}))
	t.Cleanup(proxy.Close)

	tests := []struct {
		name, authURL string
		want, hint    []string
		not           []string
	}{
		{"HAProxy's 503 page", proxy.URL + "/v3",
			[]string{"HTTP 503 from GET", "an HTML page", "503 Service Unavailable"}, []string{"proxy", "is Keystone up behind it"}, []string{"<", "failed internally"}},
		{"https to a port that closes", "https://" + closer.Addr().String() + "/v3",
			[]string{"protocol mismatch", "https URL for a port that speaks plain HTTP"}, []string{"scheme"}, []string{"EOF", "version document"}},
		{"https to a plain HTTP server", "https://" + strings.TrimPrefix(plain.URL, "http://") + "/v3",
			[]string{"protocol mismatch", "answers in plain HTTP"}, []string{"scheme"}, []string{"--cacert"}},
		{"http to a TLS port", "http://" + strings.TrimPrefix(tlsOnly.URL, "https://") + "/v3",
			[]string{"protocol mismatch", "speaks https"}, []string{"scheme"}, []string{"Client sent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Credentials: Credentials{AuthURL: tt.authURL, Username: "admin", Password: adminPW,
				ProjectName: "admin", UserDomainName: "Default", Source: "test"}, CheckTimeout: 2 * time.Second}
			r := probeOnce(t, o, 10*time.Second)
			res, _ := r.Check(IDKeystoneDiscovery)
			assertOneLine(t, res)
			t.Logf("%s: %s | %s", res.Verdict, res.Message, res.Hint)
			if res.Verdict != Fail {
				t.Errorf("verdict %s", res.Verdict)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Message, w) {
					t.Errorf("message lacks %q", w)
				}
			}
			for _, w := range tt.hint {
				if !strings.Contains(res.Hint, w) {
					t.Errorf("hint lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(res.Message+res.Hint, w) {
					t.Errorf("says %q", w)
				}
			}
		})
	}
}

// TestWholeProbeDeadlineNamed: a check cut by the whole probe's deadline
// says so and names that deadline, not --check-timeout.
func TestWholeProbeDeadlineNamed(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.hang["heat GET /healthcheck"] = true })
	o := fakeOptions(f)
	o.CheckTimeout = time.Minute
	o.Deadline, o.DeadlineFlag = "--timeout 3s", "--timeout"
	r := probeOnce(t, o, 3*time.Second)
	res, _ := r.Check(IDHeatAPIHealthcheck)
	t.Logf("%s: %s | %s", res.Verdict, res.Message, res.Hint)
	if res.Verdict.passed() || !strings.Contains(res.Message, "cut by the whole probe's deadline, --timeout 3s") ||
		strings.Contains(res.Hint, "--check-timeout") || !strings.Contains(res.Hint, "--timeout") {
		t.Errorf("%s: %s | %s", res.Verdict, res.Message, res.Hint)
	}
}
