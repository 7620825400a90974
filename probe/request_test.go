package probe

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDo(t *testing.T) {
	f := newFakeCloud(t, false)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	heatConf := write("heat.conf", "[DEFAULT]\nstack_user_domain_name = heat\nstack_domain_admin = heat_domain_admin\n"+
		"stack_domain_admin_password = "+domAdmPW+"\n[keystone_authtoken]\nauth_type = password\nauth_url = "+f.keystone.URL+
		"\nusername = heat\npassword = "+heatPW+"\nuser_domain_name = Default\nproject_name = service\nproject_domain_name = Default\n")
	tokenConf := write("token.conf", "[keystone_authtoken]\nauth_type = token\nauth_url = "+f.keystone.URL+"\npassword = "+heatPW+"\n")
	noEnv := func(string) (string, bool) { return "", false }
	for _, tc := range []struct {
		name    string
		req     Request
		wantErr string // "" for a report
		noCreds bool
	}{
		{name: "no credentials", req: Request{Sources: Sources{Env: noEnv}}, wantErr: "no credentials", noCreds: true},
		{name: "missing site", req: Request{Sources: Sources{Env: noEnv}, SitePath: filepath.Join(dir, "none.toml")}, wantErr: "none.toml"},
		{name: "missing heat.conf", req: Request{Sources: Sources{Env: noEnv}, Configs: []string{filepath.Join(dir, "none.conf")}}, wantErr: "none.conf"},
		{name: "unusable auth type", req: Request{Sources: Sources{Env: noEnv}, Configs: []string{tokenConf}}, wantErr: "auth_type = token"},
		{name: "heat.conf credentials", req: Request{Sources: Sources{Env: noEnv}, Configs: []string{heatConf}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.CheckTimeout = 2 * time.Second
			tc.req.Wait = WaitOptions{Timeout: 10 * time.Second}
			out, err := Do(context.Background(), tc.req)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if errors.Is(err, ErrNoCredentials) != tc.noCreds {
					t.Errorf("ErrNoCredentials: %v, want %v", errors.Is(err, ErrNoCredentials), tc.noCreds)
				}
				if strings.Contains(err.Error(), heatPW) {
					t.Errorf("the error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.Report == nil || len(out.Report.Checks) == 0 {
				t.Fatalf("no report")
			}
			if v := verdicts(out.Report)[IDKeystoneToken]; v != OK {
				t.Errorf("keystone-token: %s", v)
			}
			if got := out.Redact.Message("x " + heatPW + " y"); strings.Contains(got, heatPW) {
				t.Errorf("the outcome's redactor does not know heat.conf's password: %q", got)
			}
		})
	}
}

// TestIDsAreEscapedInPaths: a stack domain ID from heat.conf cannot name
// another Keystone path ("../users") or start a query.
func TestIDsAreEscapedInPaths(t *testing.T) {
	f := newFakeCloud(t, false)
	var paths []string
	var mu sync.Mutex
	inner := f.keystone.Config.Handler
	f.keystone.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.EscapedPath()+"?"+r.URL.RawQuery)
		mu.Unlock()
		inner.ServeHTTP(w, r)
	})
	o := fakeOptions(f)
	o.Expect.StackDomain, o.Expect.StackDomainID = "", "../users?name=x#f"
	r := probeOnce(t, o, 10*time.Second)
	if v := verdicts(r)[IDStackDomain]; v == OK {
		t.Errorf("stack-domain is ok for a domain that does not exist")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range paths {
		if strings.HasPrefix(p, "/v3/users") && strings.Contains(p, "name=x") {
			t.Errorf("the domain ID reached another path: %s", p)
		}
		if strings.HasPrefix(p, "/v3/domains/") && !strings.HasPrefix(p, "/v3/domains/..%2Fusers%3Fname=x%23f") {
			t.Errorf("unescaped domain path: %s", p)
		}
	}
}

// TestCloudsYAMLVerifyFalseWarns: a clouds.yaml that turns verification
// off gets the warning --insecure gives, and the run goes on without
// verifying (a Keystone with a certificate no CA signed answers).
func TestCloudsYAMLVerifyFalseWarns(t *testing.T) {
	f := newFakeCloud(t, true)
	clouds := filepath.Join(t.TempDir(), "clouds.yaml")
	yaml := "clouds:\n  prod:\n    auth:\n      auth_url: " + f.keystone.URL + "/v3\n      username: admin\n      password: " + adminPW +
		"\n      project_name: admin\n      user_domain_name: Default\n      project_domain_name: Default\n    verify: false\n"
	if err := os.WriteFile(clouds, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	out, err := Do(context.Background(), Request{
		Sources:      Sources{Env: func(string) (string, bool) { return "", false }, Cloud: "prod", CloudFiles: []string{clouds}},
		CheckTimeout: 2 * time.Second, Wait: WaitOptions{Timeout: 10 * time.Second},
		Warn: func(s string) { warnings = append(warnings, s) },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `clouds.yaml cloud "prod" has verify: false: server certificates are not verified; anyone on the path can read the credentials`
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
	if res, _ := out.Report.Check(IDKeystoneDiscovery); res.Verdict != OK {
		t.Errorf("discovery: %s %s", res.Verdict, res.Message)
	}
}
