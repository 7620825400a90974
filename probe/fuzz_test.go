package probe

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// answerCodes are the statuses a fuzzed answer comes with.
var answerCodes = []int{200, 201, 300, 204, 401, 403, 404, 500, 503, 302}

// scripted answers the requests of a check in turn, in memory: body is
// split at NUL bytes into answers, the last repeated; an answer that
// starts with three digits and a space has that status, the others code.
// The checks read them through the probe's own client (caps, budgets,
// origin guard) and gophercloud's decoding, as they read a server's.
type scripted struct {
	mu      sync.Mutex
	answers []answer
}

type answer struct {
	code int
	body []byte
}

func newScripted(code int, body []byte) *scripted {
	s := &scripted{}
	for _, part := range bytes.Split(body, []byte{0}) {
		a := answer{code, part}
		if len(part) >= 4 && part[3] == ' ' {
			if n, err := strconv.Atoi(string(part[:3])); err == nil && n >= 100 {
				a = answer{n, part[4:]}
			}
		}
		s.answers = append(s.answers, a)
	}
	return s
}

func (s *scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	s.mu.Lock()
	a := s.answers[0]
	if len(s.answers) > 1 {
		s.answers = s.answers[1:]
	}
	s.mu.Unlock()
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Subject-Token", "tok-fuzz")
	h.Set("Www-Authenticate", `Keystone uri="http://ks.fuzz:5000"`)
	return &http.Response{StatusCode: a.code, Status: http.StatusText(a.code), Header: h, Request: req,
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body))}, nil
}

// fuzzState is the state of a run past its token, whose every request is
// answered with code and body.
func fuzzState(t *testing.T, code int, body []byte) (*state, []check) {
	x := DefaultExpect()
	x.StackDomainAdminPassword = domAdmPW
	x.Trustee = &Credentials{AuthURL: "http://ks.fuzz:5000/v3", Username: "heat", Password: heatPW, UserDomainName: "Default"}
	x.StackOwners = []Grant{{User: "demo", Project: "demo", Domain: "Default"}}
	x.OrchestrationURLs = map[string]string{"public": "http://heat.fuzz:8004/v1/%(tenant_id)s"}
	opts := Options{Credentials: Credentials{AuthURL: "http://ks.fuzz:5000/v3", Username: "admin", Password: adminPW,
		UserDomainName: "Default", ProjectName: "admin", ProjectDomainName: "Default", Source: "fuzz"},
		Expect: x, CreateStack: true, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}
	if err := opts.defaults(); err != nil {
		t.Fatal(err)
	}
	hc := newClient(newScripted(code, body))
	anon, err := newProvider(opts.Credentials.AuthURL, hc)
	if err != nil {
		t.Fatal(err)
	}
	authed, err := newProvider(opts.Credentials.AuthURL, hc)
	if err != nil {
		t.Fatal(err)
	}
	authed.SetToken("tok-fuzz")
	s := &state{opts: opts, hc: hc, anon: anon, authed: authed, region: "RegionOne", redact: newRedactor(opts),
		token: tokenInfo{userID: "u-admin", userName: "admin", projectID: "p-admin", projectName: "admin", roles: []string{"admin"},
			catalog: []catalogEntry{
				{Type: "orchestration", Endpoints: []catalogEndpoint{{ID: "e1", Interface: "public", Region: "RegionOne", URL: "http://heat.fuzz:8004/v1/p-admin"}}},
				{Type: "cloudformation", Endpoints: []catalogEndpoint{{ID: "e2", Interface: "public", Region: "RegionOne", URL: "http://cfn.fuzz:8000/v1"}}},
			}},
		orch: map[string]catalogURL{"public": {ID: "e1", URL: "http://heat.fuzz:8004/v1/p-admin"}},
		cfn:  map[string]catalogURL{"public": {ID: "e2", URL: "http://cfn.fuzz:8000/v1"}},
	}
	return s, allChecks(opts)
}

// FuzzAnswers: whatever a Keystone, heat-api or heat-api-cfn answers (any
// status, any body, in any order: see scripted), every check -- and every cleanup it leaves -- ends
// with a verdict: decoding never panics. which picks the check (in report
// order), status the answer's code.
func FuzzAnswers(f *testing.F) {
	for _, seed := range answerSeeds {
		f.Add(uint8(slices.Index(CheckIDs(), seed.check)), uint8(slices.Index(answerCodes, seed.code)), []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, which uint8, status uint8, body []byte) {
		code := answerCodes[int(status)%len(answerCodes)]
		s, checks := fuzzState(t, code, body)
		c := checks[int(which)%len(checks)]
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		o := c.run(ctx, s)
		if !slices.Contains(Verdicts(), o.verdict) {
			t.Fatalf("%s: verdict %q: %s", c.id, o.verdict, o.message)
		}
		// the cleanups a check leaves run as they would, without the
		// runner's recover: a panic there is a finding too
		for _, cleanup := range slices.Backward(s.cleanups) {
			cleanup(ctx)
		}
	})
}

// answerSeeds are answers as Keystone (Zed), heat-api and heat-api-cfn
// give them, one per check that reads an answer.
var answerSeeds = []struct {
	check string
	code  int
	body  string
}{
	{IDKeystoneDiscovery, 300, `{"versions":{"values":[{"id":"v3.14","status":"stable","updated":"2020-04-07T00:00:00Z",` +
		`"links":[{"rel":"self","href":"http://ks.fuzz:5000/v3/"}],"media-types":[{"base":"application/json","type":"application/vnd.openstack.identity-v3+json"}]}]}}`},
	{IDKeystoneToken, 201, `{"token":{"methods":["password"],"user":{"domain":{"id":"default","name":"Default"},"id":"u-admin","name":"admin",` +
		`"password_expires_at":null},"audit_ids":["x"],"expires_at":"2030-01-01T00:00:00.000000Z","issued_at":"2026-01-01T00:00:00.000000Z",` +
		`"project":{"domain":{"id":"default","name":"Default"},"id":"p-admin","name":"admin"},"is_domain":false,` +
		`"roles":[{"id":"r-admin","name":"admin"},{"id":"r-member","name":"member"}],"catalog":[{"endpoints":[` +
		`{"id":"e1","interface":"public","region_id":"RegionOne","url":"http://heat.fuzz:8004/v1/p-admin","region":"RegionOne"}],` +
		`"id":"s-heat","type":"orchestration","name":"heat"}]}}`},
	{IDKeystoneToken, 401, `{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`},
	{IDHeatUser, 200, `{"domains":[{"id":"default","name":"Default","enabled":true,"description":"","links":{}}],` +
		`"users":[{"id":"u-heat","name":"heat","domain_id":"default","enabled":true,"password_expires_at":null,"options":{}}],` +
		`"links":{"self":"http://ks.fuzz:5000/v3/users","previous":null,"next":null}}`},
	{IDHeatUser, 200, `{"domains":[{"id":"default","name":"Default","enabled":true}],"links":{"next":"http://ks.fuzz:5000/v3/domains?page=2"}}` +
		"\x00" + `{"domains":[],"links":{"next":null}}` + "\x00" + `{"users":[{"id":"u-heat","name":"heat","enabled":false}],"links":{"next":"http://elsewhere.fuzz/v3/users"}}`},
	{IDHeatUserRole, 200, `{"domains":[{"id":"default","name":"Default","enabled":true}],"projects":[{"id":"p-service","name":"service",` +
		`"domain_id":"default","enabled":true,"is_domain":false,"parent_id":"default","tags":[]}],"role_assignments":[{"role":{"id":"r-admin",` +
		`"name":"admin"},"user":{"id":"u-heat","name":"heat","domain":{"id":"default","name":"Default"}},"scope":{"project":{"id":"p-service",` +
		`"name":"service","domain":{"id":"default","name":"Default"}}},"links":{"assignment":"http://ks.fuzz:5000/v3/projects/p-service/users/u-heat/roles/r-admin"}}],` +
		`"links":{"self":"http://ks.fuzz:5000/v3/role_assignments","previous":null,"next":"http://ks.fuzz:5000/v3/role_assignments?page=2"}}`},
	{IDStackDomain, 200, `{"domain":{"id":"d-heat","name":"heat","enabled":true,"description":"Stack projects and users"},` +
		`"domains":[],"links":{"next":null}}`},
	{IDStackDomainAdmin, 200, `{"domains":[{"id":"d-heat","name":"heat","enabled":true}],"users":[{"id":"u-hda","name":"heat_domain_admin",` +
		`"domain_id":"d-heat","enabled":true}],"role_assignments":[{"role":{"id":"r-admin","name":"admin"},"user":{"id":"u-hda"},` +
		`"scope":{"domain":{"id":"d-heat"}}}],"links":{"next":null}}`},
	{IDStackDomainAdminAuth, 201, `{"domains":[{"id":"d-heat","name":"heat","enabled":true}],"token":{"methods":["password"],` +
		`"user":{"id":"u-hda","name":"heat_domain_admin"},"domain":{"id":"d-heat","name":"heat"},"expires_at":"2030-01-01T00:00:00.000000Z"}}`},
	{IDStackOwnerRole, 200, `{"roles":[{"id":"r-hso","name":"heat_stack_owner","domain_id":null,"options":{}}],"domains":[{"id":"default",` +
		`"name":"Default","enabled":true}],"users":[{"id":"u-demo","name":"demo","enabled":true}],"projects":[{"id":"p-demo","name":"demo"}],` +
		`"role_assignments":[{"role":{"id":"r-hso","name":"heat_stack_owner"},"user":{"id":"u-demo"},"scope":{"project":{"id":"p-demo"}}}],"links":{"next":null}}`},
	{IDHeatAPIVersions, 300, `{"versions":[{"id":"v1.0","status":"CURRENT","links":[{"rel":"self","href":"http://heat.fuzz:8004/v1/"}]}]}`},
	{IDHeatAPIAuthURI, 401, `{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`},
	{IDHeatAPIHealthcheck, 503, `DISABLED BY FILE`},
	{IDHeatEngines, 200, `{"services":[{"id":"s1","engine_id":"e1","host":"ctl","hostname":"ctl","binary":"heat-engine","topic":"engine",` +
		`"report_interval":60,"created_at":"2025-12-31T23:59:00.000000","updated_at":"2025-12-31T23:59:58.000000","deleted_at":null,"status":"up"}]}`},
	{IDHeatEngines, 503, `{"explanation":"The server is currently unavailable.","code":503,"error":{"message":"Timed out waiting for a reply",` +
		`"traceback":null,"type":"MessagingTimeout"},"title":"Service Unavailable"}`},
	{IDEC2Token, 201, `{"credential":{"user_id":"u-admin","tenant_id":"p-admin","access":"ak1","secret":"ec2-secret-ak1"}}` + "\x00" +
		`200 <ListStacksResponse><ListStacksResult><StackSummaries/></ListStacksResult></ListStacksResponse>` + "\x00" + `204 `},
	{IDEC2Token, 201, `{"credential":{"access":"ak1","secret":"s"}}` + "\x00" + `403 <ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>` +
		"\x00" + `401 {"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`},
	{IDStackCreate, 201, `{"stack":{"id":"s1","links":[]}}` + "\x00" + `200 {"stack":{"id":"s1","stack_name":"x","stack_status":"CREATE_COMPLETE"}}` +
		"\x00" + `204 ` + "\x00" + `404 {"explanation":"The Stack could not be found."}`},
	{IDEC2Token, 201, `{"credential":{"user_id":"u-admin","tenant_id":"p-admin","access":"ak1","secret":"ec2-secret-ak1","trust_id":null,` +
		`"links":{"self":"http://ks.fuzz:5000/v3/users/u-admin/credentials/OS-EC2/ak1"}}}`},
	{IDEC2Token, 200, `<ListStacksResponse><ListStacksResult><StackSummaries/></ListStacksResult></ListStacksResponse>`},
	{IDEC2Token, 403, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform action</Message></Error></ErrorResponse>`},
	{IDStackCreate, 201, `{"stack":{"id":"6f1b3e2a-1111-4222-8333-944445555666","links":[{"href":"http://heat.fuzz:8004/v1/p-admin/stacks/` +
		`heatconf-probe/6f1b3e2a-1111-4222-8333-944445555666","rel":"self"}],"stack_name":"heatconf-probe","stack_status":"CREATE_COMPLETE",` +
		`"creation_time":"2026-01-01T00:00:00Z","stack_status_reason":"Stack CREATE completed successfully"}}`},
}
