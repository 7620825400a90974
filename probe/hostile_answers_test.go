package probe

import (
	"strings"
	"testing"
	"time"
)

// hostileBodies are answers no OpenStack service gives: empty, the wrong
// JSON type, cut short, or an HTML error page.
var hostileBodies = []struct{ name, body, contentType string }{
	{"empty", "", "application/json"},
	{"empty object", "{}", "application/json"},
	{"null", "null", "application/json"},
	{"array", "[]", "application/json"},
	{"truncated", `{"token": {"catalog": [{"endpoints": [`, "application/json"},
	{"html", "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"},
}

// TestHostileAnswers: whatever body an endpoint answers with, the probe
// ends with a verdict for every check, never a panic, with messages of one
// line (no stack trace, no source path), and the check that reads the
// answer does not pass.
func TestHostileAnswers(t *testing.T) {
	endpoints := []struct {
		name string
		key  string // server METHOD path-prefix
		code int
		// the check that reads this answer and must not pass ("" when any
		// body is a right answer, as for a 200 from /healthcheck)
		check string
		// opts makes the probe read this answer, where a token would
		// otherwise answer for it
		opts func(f *fakeCloud, o *Options)
	}{
		{"keystone discovery", "keystone GET /", 300, IDKeystoneDiscovery, nil},
		{"token", "keystone POST /v3/auth/tokens", 201, IDKeystoneToken, nil},
		{"domains", "keystone GET /v3/domains", 200, IDStackDomain, noDomainAdminToken},
		{"users", "keystone GET /v3/users", 200, IDHeatUser, noTrusteeToken},
		{"projects", "keystone GET /v3/projects", 200, IDHeatUserRole, func(f *fakeCloud, o *Options) {
			f.assignments[1].Project = "p-demo" // none on service: is there a service project?
		}},
		{"roles", "keystone GET /v3/roles", 200, IDStackUserRole, nil},
		{"role assignments", "keystone GET /v3/role_assignments", 200, IDHeatUserRole, nil},
		{"ec2 credential", "keystone POST /v3/users/u-admin/credentials/OS-EC2", 201, IDEC2Token, nil},
		{"heat versions", "heat GET /", 300, IDHeatAPIVersions, nil},
		{"heat 401", "heat GET /v1/p-admin/stacks", 401, "", nil},
		{"engines", "heat GET /v1/p-admin/services", 200, IDHeatEngines, nil},
		{"stack create", "heat POST /v1/p-admin/stacks", 201, IDStackCreate, nil},
		{"stack status", "heat GET /v1/p-admin/stacks/", 200, IDStackCreate, nil},
		{"cfn versions", "cfn GET /", 300, IDCfnVersions, nil},
		{"cfn list stacks", "cfn GET /v1", 200, IDEC2Token, nil},
	}
	for _, ep := range endpoints {
		for _, b := range hostileBodies {
			t.Run(ep.name+"/"+b.name, func(t *testing.T) {
				f := newFakeCloud(t, false)
				f.set(func(f *fakeCloud) { f.answers[ep.key] = fakeAnswer{ep.code, b.contentType, b.body} })
				o := fakeOptions(f)
				o.CreateStack = true
				if ep.opts != nil {
					f.set(func(f *fakeCloud) { ep.opts(f, &o) })
				}
				r := probeOnce(t, o, 20*time.Second)
				for _, res := range r.Checks {
					assertOneLine(t, res)
					// a recovered panic is a net, not the answer
					if strings.Contains(res.Message, "internal error") {
						t.Errorf("%s: %s", res.ID, res.Message)
					}
				}
				if ep.check == "" {
					return
				}
				res, _ := r.Check(ep.check)
				t.Logf("%s: %s: %s | %s", res.ID, res.Verdict, res.Message, res.Hint)
				if res.Verdict.passed() || r.Healthy() {
					t.Errorf("%s: %s (%s), healthy %v", ep.check, res.Verdict, res.Message, r.Healthy())
				}
			})
		}
	}
}

// noDomainAdminToken leaves the stack domain to a lookup: without the
// domain admin's password there is no token scoped to it.
func noDomainAdminToken(_ *fakeCloud, o *Options) { o.Expect.StackDomainAdminPassword = "" }

// noTrusteeToken leaves the heat user to a lookup: without [trustee]
// (user heat) no token of the heat user's is at hand.
func noTrusteeToken(_ *fakeCloud, o *Options) { o.Expect.Trustee = nil }

// assertOneLine fails when a result has no verdict, or a message or hint
// that spans lines or shows the inside of the program.
func assertOneLine(t *testing.T, res Result) {
	t.Helper()
	known := false
	for _, v := range Verdicts() {
		known = known || res.Verdict == v
	}
	if !known {
		t.Errorf("%s: verdict %q", res.ID, res.Verdict)
	}
	for _, text := range append([]string{res.Message, res.Hint}, res.Details...) {
		for _, bad := range []string{"\n", "goroutine ", ".go:", "runtime/", "panic"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: %s %q", res.ID, res.Verdict, text)
				break
			}
		}
	}
}
