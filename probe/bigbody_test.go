package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/domains"
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

// TestEndlessPages: a Keystone whose every list answers pages of 16 MB,
// each linking the next, for ever, does not make the probe hold hundreds
// of MB: one list reads at most HTTPListMax, one run HTTPRunMax, and the
// checks that list say so.
func TestEndlessPages(t *testing.T) {
	f := newFakeCloud(t, false)
	const page = 16_000_000 // just under the 16 MiB an answer may hold
	served := 0
	interpose(f.keystone, func(w http.ResponseWriter, r *http.Request) bool {
		key := map[string]string{"/v3/domains": "domains", "/v3/users": "users", "/v3/projects": "projects",
			"/v3/roles": "roles", "/v3/role_assignments": "role_assignments"}[r.URL.Path]
		if key == "" {
			return false
		}
		f.mu.Lock()
		served++
		n := served
		f.mu.Unlock()
		next := fmt.Sprintf("%s%s?page=%d", f.keystone.URL, r.URL.Path, n)
		head := fmt.Sprintf(`{"%s":[{"id":"x%d","name":"x","enabled":true}],"links":{"next":%q},"pad":"`, key, n, next)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		streamBig(w, head, page-int64(len(head))-2)
		_, _ = w.Write([]byte(`"}`))
		return true
	})
	o := fakeOptions(f)
	o.CheckTimeout = 20 * time.Second
	noDomainAdminToken(f, &o) // look the domain and the heat user up
	noTrusteeToken(f, &o)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	peak := sampleHeap(t)
	start := time.Now()
	r := probeOnce(t, o, 60*time.Second)
	took := time.Since(start)
	held := peak() - before.HeapAlloc
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d pages served in %v; %d MB allocated, %d MB held at most", served, took.Round(time.Millisecond), alloc>>20, held>>20)
	for _, id := range []string{IDHeatUser, IDStackDomain, IDStackUserRole} {
		res, _ := r.Check(id)
		t.Logf("%s: %s: %s | %s", id, res.Verdict, res.Message, res.Hint)
		if res.Verdict.passed() || !strings.Contains(res.Message, "the most the probe reads") {
			t.Errorf("%s: %s: %s", id, res.Verdict, res.Message)
		}
	}
	if took > 30*time.Second {
		t.Errorf("took %v", took)
	}
	// 16 MB pages, several lists at once: the bounds keep what is held
	// to a few pages' worth (without them: 490 MB and rising)
	if held > 256<<20 {
		t.Errorf("held %d MB", held>>20)
	}
	if alloc > 1<<30 {
		t.Errorf("allocated %d MB", alloc>>20)
	}
}

// sampleHeap samples the heap in use until the returned function is
// called, which returns the most seen.
func sampleHeap(t *testing.T) func() uint64 {
	var mu sync.Mutex
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapAlloc)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// TestListBounds: one listing follows at most HTTPListPagesMax pages and
// reads at most HTTPListMax bytes over all of them.
func TestListBounds(t *testing.T) {
	tests := []struct {
		name     string
		pad      int // bytes of padding per page
		want     string
		maxPages int
	}{
		{"endless small pages", 10, "goes on past 100 pages (links.next), the most the probe follows", 100},
		{"pages of 6 MB", 6_000_000, `the pages of domains named "heat" add up to more than 16 MiB, the most the probe reads for one list`, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			served := 0
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				served++
				n := served
				mu.Unlock()
				head := fmt.Sprintf(`{"domains":[{"id":"d%d","name":"heat"}],"links":{"next":"%s/v3/domains?page=%d"},"pad":"`, n, srv.URL, n)
				w.Header().Set("Content-Type", "application/json")
				streamBig(w, head, int64(tt.pad))
				_, _ = w.Write([]byte(`"}`))
			}))
			defer srv.Close()
			hc := newClient(http.DefaultTransport)
			pc, err := newProvider(srv.URL+"/v3", hc)
			if err != nil {
				t.Fatal(err)
			}
			sc := serviceClient(pc, srv.URL+"/v3/", "identity")
			ds, err := listAll(context.Background(), sc, `domains named "heat"`, domains.List(sc, domains.ListOpts{Name: "heat"}), domains.ExtractDomains)
			p := describe(err, time.Second)
			if err == nil || p.kind != "toolarge" || !strings.Contains(p.text, tt.want) || served > tt.maxPages {
				t.Errorf("after %d pages, %d domains: %v (%s)", served, len(ds), err, p.kind)
			}
		})
	}
}
