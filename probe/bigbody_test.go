package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// streamBig writes head and then n bytes of "a", generated as it goes
// (nothing of the size is allocated), until the client stops reading.
func streamBig(w http.ResponseWriter, head string, n int64) {
	if _, err := w.Write([]byte(head)); err != nil {
		return
	}
	chunk := []byte(strings.Repeat("a", 64<<10))
	for sent := int64(0); sent < n; sent += int64(len(chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return // the client hung up
		}
	}
}

// TestHugeResponses: a Keystone that answers version discovery or the
// token request with a 1 GB body fails the check within the timeout,
// saying the answer is too large, in bounded memory.
func TestHugeResponses(t *testing.T) {
	const gb = 1 << 30
	tests := []struct {
		name      string
		bigPath   string // "/" (discovery) or "/v3/auth/tokens"
		declare   bool   // send Content-Length
		check     string
		wantInMsg string
	}{
		{"discovery, streamed", "/", false, IDKeystoneDiscovery, "is larger than 16 MiB"},
		{"discovery, Content-Length", "/", true, IDKeystoneDiscovery, "is larger than 16 MiB"},
		{"token, streamed", "/v3/auth/tokens", false, IDKeystoneToken, "is larger than 16 MiB"},
		{"token, Content-Length", "/v3/auth/tokens", true, IDKeystoneToken, "is larger than 16 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				big := r.URL.Path == tt.bigPath
				switch {
				case r.URL.Path == "/" && !big:
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(300)
					fmt.Fprintf(w, `{"versions":{"values":[{"id":"v3.14","status":"stable","links":[{"rel":"self","href":%q}]}]}}`, srv.URL+"/v3/")
				case big:
					head := `{"versions":{"values":[{"id":"v3.14","status":"stable","x":"`
					status := 300
					if r.URL.Path != "/" {
						head = `{"token":{"methods":["password"],"catalog":[],"x":"`
						status = 201
						w.Header().Set("X-Subject-Token", "tok")
					}
					w.Header().Set("Content-Type", "application/json")
					if tt.declare {
						w.Header().Set("Content-Length", strconv.Itoa(len(head)+gb))
					}
					w.WriteHeader(status)
					streamBig(w, head, gb)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			opts := Options{
				Credentials: Credentials{AuthURL: srv.URL + "/v3", Username: "admin", Password: "pw",
					UserDomainName: "Default", ProjectName: "admin", ProjectDomainName: "Default", Source: "test"},
				Expect:       DefaultExpect(),
				CheckTimeout: 5 * time.Second,
			}
			const timeout = 10 * time.Second
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			r, err := Run(ctx, opts)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			res, ok := r.Check(tt.check)
			t.Logf("%s: %s in %v, %d MB allocated: %s [hint: %s]", tt.check, res.Verdict, took.Round(time.Millisecond), alloc>>20, res.Message, res.Hint)
			if !ok || res.Verdict != Fail || !strings.Contains(res.Message, tt.wantInMsg) {
				t.Errorf("%s: %s %q, want fail with %q", tt.check, res.Verdict, res.Message, tt.wantInMsg)
			}
			if took > timeout {
				t.Errorf("took %v, over the %v timeout", took, timeout)
			}
			if alloc > 200<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
		})
	}
}
