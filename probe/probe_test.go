package probe

import (
	"context"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/secret"
)

// fakeOptions probes f as admin, expecting what f serves (as a site would).
func fakeOptions(f *fakeCloud) Options {
	x := DefaultExpect()
	x.Source, x.Strict, x.Region = "site test.toml", true, "RegionOne"
	x.OrchestrationURLs = map[string]string{}
	x.CloudformationURLs = map[string]string{}
	for _, i := range interfaces {
		x.OrchestrationURLs[i] = f.heat.URL + "/v1/%(tenant_id)s"
		x.CloudformationURLs[i] = f.cfn.URL + "/v1"
	}
	x.WWWAuthenticateURI = f.keystone.URL
	x.StackDomainAdminPassword, x.PasswordSource = domAdmPW, "the site's stack_domain_admin_password"
	x.Trustee = &Credentials{AuthURL: f.keystone.URL + "/v3", Username: "heat", Password: heatPW, UserDomainName: "Default", Source: "heat.conf [trustee]"}
	x.StackOwners = []Grant{{User: "demo", Project: "demo", Domain: "Default"}}
	return Options{
		Credentials: Credentials{AuthURL: f.keystone.URL + "/v3", Username: "admin", Password: adminPW,
			UserDomainName: "Default", ProjectName: "admin", ProjectDomainName: "Default", Source: "test"},
		Expect:       x,
		CheckTimeout: 2 * time.Second,
	}
}

func probeOnce(t *testing.T, opts Options, timeout time.Duration) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	r, err := Run(ctx, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

// verdicts is id -> verdict of a report.
func verdicts(r *Report) map[string]Verdict {
	m := map[string]Verdict{}
	for _, c := range r.Checks {
		m[c.ID] = c.Verdict
	}
	return m
}

// expectVerdicts checks the listed verdicts; every other check must be ok,
// except stack-create (skip unless asked).
func expectVerdicts(t *testing.T, r *Report, want map[string]Verdict) {
	t.Helper()
	got := verdicts(r)
	for _, id := range CheckIDs() {
		w, ok := want[id]
		if !ok {
			w = OK
			if id == IDStackCreate {
				w = Skip
			}
		}
		if got[id] != w {
			res, _ := r.Check(id)
			t.Errorf("%s: %s, want %s: %s | hint: %s | %v", id, got[id], w, res.Message, res.Hint, res.Details)
		}
	}
}

func TestHealthyDeployment(t *testing.T) {
	f := newFakeCloud(t, false)
	r := probeOnce(t, fakeOptions(f), 20*time.Second)
	expectVerdicts(t, r, nil)
	if r.ExitCode() != 0 || !r.Healthy() {
		t.Errorf("exit %d, healthy %v", r.ExitCode(), r.Healthy())
	}
	if len(f.ec2) != 0 || len(f.ec2Deleted) != 1 {
		t.Errorf("the EC2 credential was not cleaned up: left %v, deleted %v", f.ec2, f.ec2Deleted)
	}
	if r.Target.Region != "RegionOne" || r.Target.Interface != "public" {
		t.Errorf("target %+v", r.Target)
	}
	res, _ := r.Check(IDHeatEngines)
	if len(res.Details) != 2 || !strings.Contains(res.Details[0], "last report") {
		t.Errorf("engine details: %q", res.Details)
	}
}

func TestCreateStack(t *testing.T) {
	f := newFakeCloud(t, false)
	o := fakeOptions(f)
	o.CreateStack = true
	r := probeOnce(t, o, 20*time.Second)
	expectVerdicts(t, r, map[string]Verdict{IDStackCreate: OK})
	if res, _ := r.Check(IDStackCreate); !strings.Contains(res.Message, "created in") {
		t.Errorf("stack-create: %s", res.Message)
	}
}

// The Debian 12 break: Keystone refuses anonymous ec2tokens and Heat Zed
// calls it anonymously.
func TestEC2TokenBreak(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.heatSendsEC2Auth = false })
	o := fakeOptions(f)
	o.Expect.Release = "zed"
	r := probeOnce(t, o, 20*time.Second)
	expectVerdicts(t, r, map[string]Verdict{IDEC2Token: Fail})
	res, _ := r.Check(IDEC2Token)
	for _, want := range []string{"403 AccessDenied", "anonymous", "release zed"} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("message lacks %q: %s", want, res.Message)
		}
	}
	for _, want := range []string{"OSSA-2025-002", "[ec2authtoken] auth_type = password", "OS::Heat::WaitConditionHandle"} {
		if !strings.Contains(res.Hint, want) {
			t.Errorf("hint lacks %q: %s", want, res.Hint)
		}
	}
	if r.ExitCode() != 1 {
		t.Errorf("exit %d", r.ExitCode())
	}
	if len(f.ec2) != 0 {
		t.Errorf("EC2 credential left behind: %v", f.ec2)
	}
}

// A heat-api-cfn of Heat 15 to 22 is first asked about a key Keystone does
// not have: AccessDenied (Keystone refused heat-api-cfn's own call) is the
// verdict without any EC2 credential; InvalidClientTokenId sends the check
// on with a real credential. Other releases, or none known, start with the
// credential.
func TestEC2TokenUnknownKey(t *testing.T) {
	for _, tc := range []struct {
		name      string
		release   string
		set       func(f *fakeCloud)
		verdict   Verdict
		made      bool // an EC2 credential was made (and deleted)
		inMessage string
		inHint    string
	}{
		{"zed, the EC2-token break", "zed", func(f *fakeCloud) { f.heatSendsEC2Auth = false },
			Fail, false, "access key that does not exist", "OSSA-2025-002"},
		{"zed, heat-api-cfn's call fails otherwise", "zed", func(f *fakeCloud) { f.ec2Open, f.heatCallFails = true, true },
			Fail, false, "Keystone refused heat-api-cfn's own call", "[ec2authtoken] auth_uri"},
		{"zed, Keystone before the fix", "zed", func(f *fakeCloud) { f.heatSendsEC2Auth, f.ec2Open = false, true },
			OK, true, "accepted an EC2-signed ListStacks", ""},
		{"2024.1, heat-api-cfn authenticated", "2024.1", func(f *fakeCloud) {},
			OK, true, "accepted an EC2-signed ListStacks", ""},
		{"2025.1: keystoneauth answers AccessDenied to any 401", "2025.1", func(f *fakeCloud) { f.heatSendsEC2Auth = false },
			Fail, true, "403 AccessDenied to a correctly signed request", "OSSA-2025-002"},
		{"no release known", "", func(f *fakeCloud) { f.heatSendsEC2Auth = false },
			Fail, true, "403 AccessDenied to a correctly signed request", "OSSA-2025-002"},
		{"2026.1 without credentials, Keystone before the fix: the placeholder token", "2026.1",
			func(f *fakeCloud) { f.heatSendsEC2Auth, f.ec2Open, f.heatCallFails = false, true, true },
			Fail, true, "placeholder token (X-Auth-Token: notused)", "[ec2authtoken] auth_type = password"},
		{"24.1.1 likewise", "24.1.1", func(f *fakeCloud) { f.heatSendsEC2Auth, f.ec2Open, f.heatCallFails = false, true, true },
			Fail, true, "placeholder token", "[ec2authtoken] auth_type = password"},
		{"2025.1 (24.0.0) without a token: auth_uri", "2025.1", func(f *fakeCloud) { f.heatSendsEC2Auth, f.ec2Open, f.heatCallFails = false, true, true },
			Fail, true, "to a request Keystone validates", "[ec2authtoken] auth_uri"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeCloud(t, false)
			f.set(func(f *fakeCloud) {
				f.heatOldMapping = tellsKeystoneAnswersApart(tc.release)
				tc.set(f)
			})
			o := fakeOptions(f)
			o.Expect.Release = tc.release
			r := probeOnce(t, o, 20*time.Second)
			expectVerdicts(t, r, map[string]Verdict{IDEC2Token: tc.verdict})
			res, _ := r.Check(IDEC2Token)
			if !strings.Contains(res.Message, tc.inMessage) || !strings.Contains(res.Hint, tc.inHint) {
				t.Errorf("message lacks %q or hint lacks %q: %s | %s", tc.inMessage, tc.inHint, res.Message, res.Hint)
			}
			f.mu.Lock()
			made, left := len(f.ec2Deleted), len(f.ec2)
			f.mu.Unlock()
			if (made > 0) != tc.made || left != 0 {
				t.Errorf("%d EC2 credentials made and deleted, %d left; want one made: %v", made, left, tc.made)
			}
		})
	}
}

func TestEC2TokenBeforeKeystoneFix(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.heatSendsEC2Auth, f.ec2Open = false, true })
	expectVerdicts(t, probeOnce(t, fakeOptions(f), 20*time.Second), nil)
}

func TestWrongPassword(t *testing.T) {
	f := newFakeCloud(t, false)
	o := fakeOptions(f)
	o.Credentials.Password = "wrong"
	o.Credentials.Source = "/etc/heat/heat.conf [keystone_authtoken]"
	r := probeOnce(t, o, 20*time.Second)
	want := map[string]Verdict{IDKeystoneToken: Fail, IDTrusteeAuth: OK, IDKeystoneDiscovery: OK}
	for _, id := range CheckIDs() {
		if _, ok := want[id]; !ok {
			want[id] = Skip
		}
	}
	expectVerdicts(t, r, want)
	res, _ := r.Check(IDKeystoneToken)
	if !strings.Contains(res.Hint, "[keystone_authtoken] password") || !strings.Contains(res.Message, "HTTP 401") {
		t.Errorf("keystone-token: %s | %s", res.Message, res.Hint)
	}
	if s, _ := r.Check(IDHeatUser); s.Message != "skipped: needs keystone-token (fail)" {
		t.Errorf("heat-user: %q", s.Message)
	}
}

func TestStaleDomainAdminPassword(t *testing.T) {
	f := newFakeCloud(t, false)
	o := fakeOptions(f)
	o.Expect.StackDomainAdminPassword = "stale"
	r := probeOnce(t, o, 20*time.Second)
	expectVerdicts(t, r, map[string]Verdict{IDStackDomainAdminAuth: Fail})
	res, _ := r.Check(IDStackDomainAdminAuth)
	if !strings.Contains(res.Message, "refuses heat_domain_admin's password") || !strings.Contains(res.Hint, "stack_domain_admin_password") {
		t.Errorf("%s | %s", res.Message, res.Hint)
	}
}

func TestNoDomainAdminPassword(t *testing.T) {
	f := newFakeCloud(t, false)
	o := fakeOptions(f)
	o.Expect.StackDomainAdminPassword = ""
	expectVerdicts(t, probeOnce(t, o, 20*time.Second), map[string]Verdict{IDStackDomainAdminAuth: Skip})
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestWrongPortInCatalog(t *testing.T) {
	f := newFakeCloud(t, false)
	wrong := "http://" + closedPort(t) + "/v1/%(tenant_id)s"
	f.set(func(f *fakeCloud) { f.orchURLs["public"] = wrong })
	r := probeOnce(t, fakeOptions(f), 20*time.Second)
	expectVerdicts(t, r, map[string]Verdict{IDCatalogURLs: Fail, IDHeatAPIVersions: Fail, IDHeatAPIHealthcheck: Fail,
		IDHeatAPIAuthURI: Fail, IDHeatEngines: Skip})
	res, _ := r.Check(IDCatalogURLs)
	if !strings.Contains(res.Message, "orchestration public is http://127.0.0.1:") || !strings.Contains(res.Hint, "openstack endpoint set --url") {
		t.Errorf("%s | %s", res.Message, res.Hint)
	}
	res, _ = r.Check(IDHeatAPIVersions)
	if !strings.Contains(res.Message, "connection refused") || !strings.Contains(res.Hint, IDCatalogURLs) {
		t.Errorf("%s | %s", res.Message, res.Hint)
	}
}

func TestCatalogProblems(t *testing.T) {
	tests := []struct {
		name string
		mod  func(f *fakeCloud)
		want map[string]Verdict
		msg  string
	}{
		{"no orchestration service", func(f *fakeCloud) { f.orchURLs = nil },
			map[string]Verdict{IDCatalogOrchestration: Fail, IDCatalogURLs: Skip, IDHeatAPIVersions: Skip, IDHeatAPIHealthcheck: Skip,
				IDHeatAPIAuthURI: Skip, IDHeatEngines: Skip}, "no orchestration service"},
		{"missing internal cfn endpoint", func(f *fakeCloud) { f.cfnURLs["internal"] = "" },
			map[string]Verdict{IDCatalogCloudform: Fail, IDCatalogURLs: Skip, IDCfnVersions: Skip, IDCfnHealthcheck: Skip, IDEC2Token: Skip},
			"no internal endpoint"},
		{"orchestration without the project", func(f *fakeCloud) {
			for _, i := range interfaces {
				f.orchURLs[i] = f.heat.URL + "/v1"
			}
		}, map[string]Verdict{IDCatalogOrchestration: Fail, IDCatalogURLs: Skip, IDHeatAPIVersions: Skip, IDHeatAPIHealthcheck: Skip,
			IDHeatAPIAuthURI: Skip, IDHeatEngines: Skip}, "without the project"},
		{"cfn without /v1", func(f *fakeCloud) { f.cfnURLs["admin"] = f.cfn.URL },
			map[string]Verdict{IDCatalogCloudform: Warn, IDCatalogURLs: Fail}, "not /v1"},
		{"other region", func(f *fakeCloud) { f.region = "RegionTwo" },
			map[string]Verdict{IDCatalogOrchestration: Fail, IDCatalogCloudform: Fail, IDCatalogURLs: Skip, IDHeatAPIVersions: Skip,
				IDHeatAPIHealthcheck: Skip, IDHeatAPIAuthURI: Skip, IDHeatEngines: Skip, IDCfnVersions: Skip, IDCfnHealthcheck: Skip, IDEC2Token: Skip},
			"in region RegionOne"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCloud(t, false)
			f.set(tt.mod)
			r := probeOnce(t, fakeOptions(f), 20*time.Second)
			expectVerdicts(t, r, tt.want)
			found := false
			for _, c := range r.Checks {
				found = found || strings.Contains(c.Message, tt.msg)
			}
			if !found {
				t.Errorf("no message says %q", tt.msg)
			}
		})
	}
}

func TestEngines(t *testing.T) {
	old := time.Now().UTC().Add(-5 * time.Minute).Format("2006-01-02T15:04:05.000000")
	tests := []struct {
		name    string
		mod     func(f *fakeCloud)
		verdict Verdict
		msg     string
	}{
		{"one down", func(f *fakeCloud) { f.engines[1].Status, f.engines[1].UpdatedAt = "down", old }, Warn, "1 heat-engine worker up on ctl, 1 down"},
		{"all down", func(f *fakeCloud) {
			for i := range f.engines {
				f.engines[i].Status, f.engines[i].UpdatedAt = "down", old
			}
		}, Fail, "all 2 heat-engine workers down"},
		{"none", func(f *fakeCloud) { f.engines = []engine{} }, Fail, "no heat-engine has ever reported"},
		{"503", func(f *fakeCloud) { f.faults["heat GET /v1/p-admin/services"] = 503 }, Fail, "HTTP 503"},
		{"500", func(f *fakeCloud) { f.faults["heat GET /v1/p-admin/services"] = 500 }, Fail, "HTTP 500"},
		{"403", func(f *fakeCloud) { f.faults["heat GET /v1/p-admin/services"] = 403 }, Error, "could not check"},
		{"no engine answers RPC", func(f *fakeCloud) { f.hang["heat GET /v1/p-admin/services"] = true }, Fail, "no heat-engine answered its RPC call"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCloud(t, false)
			f.set(tt.mod)
			if tt.name == "one down" {
				f.engines[0].Status = "up"
			}
			o := fakeOptions(f)
			o.CheckTimeout = time.Second
			start := time.Now()
			r := probeOnce(t, o, 20*time.Second)
			expectVerdicts(t, r, map[string]Verdict{IDHeatEngines: tt.verdict})
			res, _ := r.Check(IDHeatEngines)
			if !strings.Contains(res.Message, tt.msg) {
				t.Errorf("message %q lacks %q", res.Message, tt.msg)
			}
			if tt.verdict != OK && res.Hint == "" {
				t.Errorf("no hint")
			}
			if el := time.Since(start); el > 15*time.Second {
				t.Errorf("took %s", el)
			}
		})
	}
}

func TestIdentityProblems(t *testing.T) {
	tests := []struct {
		name string
		mod  func(f *fakeCloud)
		want map[string]Verdict
		hint string
	}{
		{"heat user missing", func(f *fakeCloud) { f.users[1].Name = "heat2" },
			map[string]Verdict{IDHeatUser: Fail, IDHeatUserRole: Skip, IDTrusteeAuth: Fail}, "openstack user create --domain Default"},
		{"heat user disabled", func(f *fakeCloud) { f.users[1].Enabled = false },
			map[string]Verdict{IDHeatUser: Fail, IDHeatUserRole: Skip, IDTrusteeAuth: Fail}, "--enable"},
		{"heat role missing", func(f *fakeCloud) { f.assignments[1].Role = "r-member" },
			map[string]Verdict{IDHeatUserRole: Fail}, "openstack role add --project service"},
		{"stack domain missing", func(f *fakeCloud) { f.domains[1].Name = "heat2" },
			map[string]Verdict{IDStackDomain: Fail, IDStackDomainAdmin: Skip, IDStackDomainAdminAuth: Skip}, "openstack domain create"},
		{"stack domain disabled", func(f *fakeCloud) { f.domains[1].Enabled = false },
			map[string]Verdict{IDStackDomain: Fail, IDStackDomainAdmin: Skip, IDStackDomainAdminAuth: Skip}, "openstack domain set --enable heat"},
		{"domain admin without admin role", func(f *fakeCloud) { f.assignments[4].Role = "r-member" },
			map[string]Verdict{IDStackDomainAdmin: Fail, IDStackDomainAdminAuth: Fail}, "openstack role add --domain heat"},
		{"stack user role missing", func(f *fakeCloud) { f.roles[2].Name = "x" },
			map[string]Verdict{IDStackUserRole: Fail}, "openstack role create heat_stack_user"},
		{"stack owner not granted", func(f *fakeCloud) { f.assignments[3].Role = "r-admin" },
			map[string]Verdict{IDStackOwnerRole: Fail}, "openstack role add --project demo --user demo heat_stack_owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCloud(t, false)
			f.set(tt.mod)
			r := probeOnce(t, fakeOptions(f), 20*time.Second)
			expectVerdicts(t, r, tt.want)
			found := false
			for _, c := range r.Checks {
				found = found || strings.Contains(c.Hint, tt.hint)
			}
			if !found {
				t.Errorf("no hint says %q", tt.hint)
			}
		})
	}
}

// A member (not admin) may not list users: "could not check", exit 3.
// (Without the [trustee] user's and the domain admin's tokens, which
// answer for the heat user and the stack domain: see
// TestTokensAnswerForTheNotAdmin.)
func TestNotAdminCouldNotCheck(t *testing.T) {
	f := newFakeCloud(t, false)
	o := fakeOptions(f)
	o.Credentials.Username, o.Credentials.Password, o.Credentials.ProjectName = "demo", "demo-pw", "demo"
	noTrusteeToken(f, &o)
	noDomainAdminToken(f, &o)
	r := probeOnce(t, o, 20*time.Second)
	want := map[string]Verdict{IDHeatUser: Error, IDHeatUserRole: Skip, IDStackDomain: Error, IDStackDomainAdmin: Skip,
		IDStackDomainAdminAuth: Skip, IDStackUserRole: Error, IDStackOwnerRole: Error, IDTrusteeAuth: Skip}
	expectVerdicts(t, r, want)
	if r.ExitCode() != 3 || r.Status() != Error {
		t.Errorf("exit %d status %s", r.ExitCode(), r.Status())
	}
	res, _ := r.Check(IDHeatUser)
	if !strings.Contains(res.Message, "could not check") || !strings.Contains(res.Hint, "--config") {
		t.Errorf("%s | %s", res.Message, res.Hint)
	}
	if res, _ := r.Check(IDKeystoneToken); !strings.Contains(strings.Join(res.Details, " "), "no admin role") {
		t.Errorf("keystone-token details: %v", res.Details)
	}
}

// The tokens of the heat user ([trustee]) and of the stack domain admin
// answer for them where the probing user may not look them up; what only
// a lookup answers stays "could not check".
func TestTokensAnswerForTheNotAdmin(t *testing.T) {
	f := newFakeCloud(t, false)
	o := fakeOptions(f)
	o.Credentials.Username, o.Credentials.Password, o.Credentials.ProjectName = "demo", "demo-pw", "demo"
	r := probeOnce(t, o, 20*time.Second)
	want := map[string]Verdict{IDHeatUserRole: Error, IDStackUserRole: Error, IDStackOwnerRole: Error}
	expectVerdicts(t, r, want)
	if r.ExitCode() != 3 {
		t.Errorf("exit %d", r.ExitCode())
	}
	res, _ := r.Check(IDHeatUserRole)
	if !strings.Contains(res.Message, "could not check") || !strings.Contains(res.Hint, "--config") {
		t.Errorf("%s | %s", res.Message, res.Hint)
	}
}

func TestKeystoneDown(t *testing.T) {
	f := newFakeCloud(t, false)
	o := fakeOptions(f)
	o.Credentials.AuthURL = "http://" + closedPort(t) + "/v3"
	o.Expect.Trustee = nil
	r := probeOnce(t, o, 20*time.Second)
	want := map[string]Verdict{IDKeystoneDiscovery: Fail}
	for _, id := range CheckIDs()[1:] {
		want[id] = Skip
	}
	expectVerdicts(t, r, want)
	if res, _ := r.Check(IDHeatEngines); res.Message != "skipped: needs heat-api-versions (skip, because keystone-discovery: fail)" {
		t.Errorf("heat-engines: %q", res.Message)
	}
	res, _ := r.Check(IDKeystoneDiscovery)
	if !strings.Contains(res.Message, "connection refused") || !strings.Contains(res.Hint, "is Keystone running") {
		t.Errorf("%s | %s", res.Message, res.Hint)
	}
	if r.ExitCode() != 1 {
		t.Errorf("exit %d", r.ExitCode())
	}
}

func TestHTTPFaults(t *testing.T) {
	tests := []struct {
		name string
		mod  func(f *fakeCloud)
		want map[string]Verdict
		msg  string
	}{
		{"keystone 500 on discovery", func(f *fakeCloud) { f.faults["keystone GET /"] = 500 },
			map[string]Verdict{IDKeystoneDiscovery: Fail}, "HTTP 500"},
		{"keystone 404 on discovery", func(f *fakeCloud) { f.faults["keystone GET /"] = 404 },
			map[string]Verdict{IDKeystoneDiscovery: Fail}, "HTTP 404"},
		{"token 500", func(f *fakeCloud) { f.faults["keystone POST /v3/auth/tokens"] = 500 },
			map[string]Verdict{IDKeystoneToken: Fail}, "HTTP 500"},
		{"healthcheck 404", func(f *fakeCloud) { f.faults["heat GET /healthcheck"] = 404 },
			map[string]Verdict{IDHeatAPIHealthcheck: Warn}, "no /healthcheck"},
		{"cfn healthcheck 503", func(f *fakeCloud) { f.faults["cfn GET /healthcheck"] = 503 },
			map[string]Verdict{IDCfnHealthcheck: Fail}, "503"},
		{"heat-api versions 500", func(f *fakeCloud) { f.faults["heat GET /"] = 500 },
			map[string]Verdict{IDHeatAPIVersions: Fail, IDHeatAPIHealthcheck: Fail, IDHeatAPIAuthURI: Fail, IDHeatEngines: Skip}, "HTTP 500"},
		{"ec2 credential 403", func(f *fakeCloud) { f.faults["keystone POST /v3/users/"] = 403 },
			map[string]Verdict{IDEC2Token: Error}, "could not check"},
		{"www-authenticate elsewhere", func(f *fakeCloud) { f.wwwAuthenticate = `Keystone uri="http://elsewhere:5000"` },
			map[string]Verdict{IDHeatAPIAuthURI: Fail}, "elsewhere"},
		{"www-authenticate missing", func(f *fakeCloud) { f.wwwAuthenticate = "" },
			map[string]Verdict{IDHeatAPIAuthURI: Warn}, "no Keystone uri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCloud(t, false)
			f.set(tt.mod)
			r := probeOnce(t, fakeOptions(f), 20*time.Second)
			got := verdicts(r)
			for id, w := range tt.want {
				if got[id] != w {
					res, _ := r.Check(id)
					t.Errorf("%s: %s, want %s: %s", id, got[id], w, res.Message)
				}
			}
			found := false
			for id := range tt.want {
				res, _ := r.Check(id)
				found = found || strings.Contains(res.Message, tt.msg)
			}
			if !found {
				t.Errorf("no message says %q", tt.msg)
			}
		})
	}
}

// The deadline holds against a Keystone that never answers.
func TestDeadlineHolds(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.hang["keystone"] = true })
	o := fakeOptions(f)
	o.CheckTimeout = time.Minute
	start := time.Now()
	r := probeOnce(t, o, 1500*time.Millisecond)
	el := time.Since(start)
	// without the deadline it would wait a minute; the bound is loose so
	// that a loaded machine cannot fail it
	if el > 10*time.Second {
		t.Errorf("the probe took %s against a 1.5s deadline", el)
	}
	res, _ := r.Check(IDKeystoneDiscovery)
	if res.Verdict != Fail || !strings.Contains(res.Message, "no answer within") {
		t.Errorf("%s: %s", res.Verdict, res.Message)
	}
	if res, _ := r.Check(IDTrusteeAuth); res.Verdict != Skip {
		t.Errorf("trustee-auth: %s %s", res.Verdict, res.Message)
	}
}

// A slow heat-api is cut off by the check timeout; the other checks go on.
func TestSlowServer(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.delay["heat GET /healthcheck"] = time.Minute })
	o := fakeOptions(f)
	o.CheckTimeout = 500 * time.Millisecond
	start := time.Now()
	r := probeOnce(t, o, 20*time.Second)
	if el := time.Since(start); el > 15*time.Second {
		t.Errorf("took %s", el)
	}
	expectVerdicts(t, r, map[string]Verdict{IDHeatAPIHealthcheck: Fail})
	res, _ := r.Check(IDHeatAPIHealthcheck)
	if !strings.Contains(res.Message, "no answer within") || !strings.Contains(res.Hint, "--check-timeout") {
		t.Errorf("%s | %s", res.Message, res.Hint)
	}
}

func TestTLS(t *testing.T) {
	f := newFakeCloud(t, true)
	o := fakeOptions(f)
	o.Expect.Trustee = nil
	r := probeOnce(t, o, 20*time.Second)
	res, _ := r.Check(IDKeystoneDiscovery)
	if res.Verdict != Fail || !strings.Contains(res.Message, "TLS") || !strings.Contains(res.Hint, "--cacert") {
		t.Errorf("without a CA: %s %s | %s", res.Verdict, res.Message, res.Hint)
	}

	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.keystone.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	o.TLS.CACert = ca
	expectVerdicts(t, probeOnce(t, o, 20*time.Second), map[string]Verdict{IDTrusteeAuth: Skip})

	o.TLS = TLS{Insecure: true}
	expectVerdicts(t, probeOnce(t, o, 20*time.Second), map[string]Verdict{IDTrusteeAuth: Skip})

	o.TLS = TLS{CACert: filepath.Join(t.TempDir(), "missing.pem")}
	if _, err := Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), "reading the CA file") {
		t.Errorf("missing CA file: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.pem")
	os.WriteFile(empty, []byte("not a cert"), 0o600)
	o.TLS = TLS{CACert: empty}
	if _, err := Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("bad CA file: %v", err)
	}
	// https URL to a plain HTTP port
	o.TLS = TLS{}
	o.Credentials.AuthURL = strings.Replace(f.heat.URL, "http://", "https://", 1) + "/v3"
	res, _ = probeOnce(t, o, 20*time.Second).Check(IDKeystoneDiscovery)
	if res.Verdict != Fail || !strings.Contains(res.Message, "TLS") {
		t.Errorf("https to http: %s %s", res.Verdict, res.Message)
	}
}

// No run prints a secret: passwords, tokens, EC2 secrets, in any format.
func TestSecretsNeverPrinted(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.heatSendsEC2Auth = false })
	o := fakeOptions(f)
	o.Expect.StackDomainAdminPassword = "stale-" + domAdmPW
	o.CreateStack = true
	r := probeOnce(t, o, 20*time.Second)
	var all strings.Builder
	for _, name := range Formats() {
		for _, tty := range []bool{true, false} {
			fm, _ := NewFormatter(name, FormatOptions{TTY: tty})
			if err := fm.Write(&all, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	secrets := []string{adminPW, heatPW, domAdmPW, "tok-", "ec2-secret"}
	for _, s := range secrets {
		if strings.Contains(all.String(), s) {
			t.Errorf("output shows %q", s)
		}
	}
}

func TestOptionsErrors(t *testing.T) {
	tests := []struct {
		name string
		mod  func(o *Options)
		want string
	}{
		{"no auth URL", func(o *Options) { o.Credentials.AuthURL = "" }, "an auth URL"},
		{"bad auth URL", func(o *Options) { o.Credentials.AuthURL = "keystone:5000" }, "not an http(s) URL"},
		{"no password", func(o *Options) { o.Credentials.Password = "" }, "a password"},
		{"no project", func(o *Options) { o.Credentials.ProjectName = "" }, "a project"},
		{"bad interface", func(o *Options) { o.Interface = "private" }, "interface"},
		{"cert without key", func(o *Options) { o.TLS.Cert = "c.pem" }, "--cert and --key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Credentials: Credentials{AuthURL: "http://127.0.0.1:1/v3", Username: "u", Password: "p", ProjectName: "p"}}
			tt.mod(&o)
			_, err := Run(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestRunUntilHealthy(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.faults["heat GET /v1/p-admin/services"] = 503 })
	o := fakeOptions(f)
	attempts := 0
	r, err := RunUntilHealthy(context.Background(), o, WaitOptions{Timeout: 10 * time.Second, Wait: 20 * time.Second,
		Interval: 50 * time.Millisecond, Progress: func(n int, r *Report, next time.Duration) {
			attempts = n
			if n == 2 {
				f.set(func(f *fakeCloud) { delete(f.faults, "heat GET /v1/p-admin/services") })
			}
		}})
	if err != nil || !r.Healthy() || attempts != 2 {
		t.Errorf("healthy %v after %d failed attempts, err %v", r.Healthy(), attempts, err)
	}
	// without --wait: once
	f.set(func(f *fakeCloud) { f.faults["heat GET /v1/p-admin/services"] = 503 })
	r, _ = RunUntilHealthy(context.Background(), o, WaitOptions{Timeout: 10 * time.Second})
	if r.Healthy() {
		t.Error("healthy with engines down")
	}
	// the wait ends
	start := time.Now()
	r, _ = RunUntilHealthy(context.Background(), o, WaitOptions{Timeout: 10 * time.Second, Wait: 300 * time.Millisecond, Interval: 100 * time.Millisecond})
	if r.Healthy() || time.Since(start) > 8*time.Second {
		t.Errorf("healthy %v after %s", r.Healthy(), time.Since(start))
	}
}

// What a check created is deleted even when the check ran out of time.
func TestCleanupAfterTimeout(t *testing.T) {
	f := newFakeCloud(t, false)
	f.set(func(f *fakeCloud) { f.hang["cfn GET /v1"] = true })
	o := fakeOptions(f)
	o.CheckTimeout = 500 * time.Millisecond
	r := probeOnce(t, o, 20*time.Second)
	expectVerdicts(t, r, map[string]Verdict{IDEC2Token: Fail})
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.ec2) != 0 || len(f.ec2Deleted) != 1 {
		t.Errorf("EC2 credential left after a timeout: %v", f.ec2)
	}
}

// TestLabPasswordsLeaveOutputIntact runs the same deployment with the lab
// passwords (heat/heat, admin/admin) and with random ones: every format's
// output must be byte for byte the same (once times are fixed), so no
// password text reaches it and no identifier is mangled by masking; the
// random passwords must not appear either.
func TestLabPasswordsLeaveOutputIntact(t *testing.T) {
	stackRE := regexp.MustCompile(`heatconf-probe-[0-9a-f]+ created in \S+ and deleted in [0-9.a-zµ]+`)
	run := func(adminPass, heatPass, domPass string) map[string]string {
		f := newFakeCloud(t, false)
		f.set(func(f *fakeCloud) {
			for i := range f.users {
				switch f.users[i].Name {
				case "admin":
					f.users[i].Password = adminPass
				case "heat":
					f.users[i].Password = heatPass
				case "heat_domain_admin":
					f.users[i].Password = domPass
				}
			}
		})
		o := fakeOptions(f)
		o.Credentials.Password = adminPass
		o.Expect.StackDomainAdminPassword = domPass
		o.Expect.Trustee.Password = heatPass
		o.CreateStack = true
		r := probeOnce(t, o, 20*time.Second)
		r.StartedAt, r.Duration = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Second
		for i := range r.Checks {
			r.Checks[i].Duration = time.Millisecond
		}
		// the servers' addresses differ between the two runs
		repl := strings.NewReplacer(f.keystone.URL, "KEYSTONE", f.heat.URL, "HEAT", f.cfn.URL, "CFN",
			strings.TrimPrefix(f.keystone.URL, "http://"), "KEYSTONE", strings.TrimPrefix(f.heat.URL, "http://"), "HEAT",
			strings.TrimPrefix(f.cfn.URL, "http://"), "CFN")
		out := map[string]string{}
		for _, name := range Formats() {
			for _, tty := range []bool{false, true} {
				var b strings.Builder
				fm, _ := NewFormatter(name, FormatOptions{TTY: tty})
				if err := fm.Write(&b, r); err != nil {
					t.Fatal(err)
				}
				// the stack's random name and its timings differ too
				text := stackRE.ReplaceAllString(repl.Replace(b.String()), "heatconf-probe-X created in T and deleted in T")
				out[fmt.Sprintf("%s tty=%v", name, tty)] = text
			}
		}
		return out
	}
	lab := run("admin", "heat", "heat")
	random := []string{"Vb7#q2Lx-9mZ!rT4", "k3P$wN8e_Yq1&uJ6", "Zr5^cM0t+Hs8=pD2"}
	strong := run(random[0], random[1], random[2])
	for name, got := range lab {
		if got != strong[name] {
			t.Errorf("%s: the output with lab passwords differs from the one with random passwords:\n--- lab\n%s\n--- random\n%s", name, got, strong[name])
		}
		for _, pw := range random {
			for _, form := range secret.Forms(pw) {
				if strings.Contains(strong[name], form) {
					t.Errorf("%s shows the password %q as %q", name, pw, form)
				}
			}
		}
		if strings.Contains(got, secret.Mask) {
			t.Errorf("%s masks something although no secret is in it:\n%s", name, got)
		}
	}
	ids := []string{IDKeystoneDiscovery, IDKeystoneToken, IDCatalogURLs, IDHeatUser, IDHeatEngines, IDStackCreate}
	for _, id := range ids {
		if !strings.Contains(lab["json tty=false"], `"`+id+`"`) || !strings.Contains(lab["text tty=false"], id) {
			t.Errorf("check id %s missing from the lab output", id)
		}
	}
	for _, metric := range []string{"heatconf_probe_healthy", "heatconf_probe_check"} {
		if !strings.Contains(lab["prometheus tty=false"], metric) {
			t.Errorf("metric %s missing:\n%s", metric, lab["prometheus tty=false"])
		}
	}
}
