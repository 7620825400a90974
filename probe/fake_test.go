package probe

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeCloud answers as Keystone (Zed), heat-api and heat-api-cfn do, with
// the shapes of shared/e2e-stack.md, and knobs for faults.
type fakeCloud struct {
	t                   *testing.T
	keystone, heat, cfn *httptest.Server

	mu sync.Mutex
	// identity
	domains     []fakeObj // ID, Name, Enabled
	projects    []fakeObj // + Domain
	users       []fakeUser
	roles       []fakeObj
	assignments []fakeAssign
	tokens      map[string]fakeToken
	ec2         map[string]fakeEC2 // by access
	ec2Deleted  []string
	// catalog: interface -> URL templates; empty string drops the endpoint
	orchURLs, cfnURLs map[string]string
	region            string
	// heat
	engines          []engine
	wwwAuthenticate  string
	heatSendsEC2Auth bool              // heat-api-cfn authenticates its ec2tokens call
	ec2Open          bool              // Keystone accepts anonymous ec2tokens (before OSSA-2025-002)
	heatOldMapping   bool              // heat-api-cfn of Heat 15-22: InvalidClientTokenId for a key Keystone has not
	heatCallFails    bool              // heat-api-cfn's POST to Keystone fails whatever it sends (a wrong auth_uri)
	stacks           map[string]string // id -> status
	// faults: "METHOD path-prefix" -> status code (0: none); hang: never answer
	faults map[string]int
	hang   map[string]bool
	delay  map[string]time.Duration
	calls  map[string]int
	// answers: "server METHOD path-prefix" -> a raw answer, sent as is
	answers map[string]fakeAnswer
	// ksLog is every request Keystone answered, in the order they came
	ksLog []fakeRequest
}

// fakeRequest is one request Keystone answered: what, and when it came in
// and was answered.
type fakeRequest struct {
	what       string // "METHOD path?query"
	start, end time.Time
}

// fakeAnswer is a raw answer: status, Content-Type and body, whatever
// they say.
type fakeAnswer struct {
	code        int
	contentType string
	body        string
}

type fakeObj struct {
	ID, Name, Domain string
	Enabled          bool
}

type fakeUser struct {
	fakeObj
	Password string
}

type fakeAssign struct{ User, Role, Project, Domain string }

type fakeToken struct {
	user    fakeUser
	project *fakeObj
	domain  *fakeObj
}

type fakeEC2 struct{ user, project, secret string }

const (
	adminPW  = "admin-secret-pw"
	heatPW   = "heat-secret-pw"
	domAdmPW = "domain-admin-secret-pw"
)

// newFakeCloud starts the three servers with a healthy deployment: the
// guide's objects, the site's endpoints, two engines up.
func newFakeCloud(t *testing.T, tlsKeystone bool) *fakeCloud {
	t.Helper()
	f := &fakeCloud{t: t, tokens: map[string]fakeToken{}, ec2: map[string]fakeEC2{}, stacks: map[string]string{},
		faults: map[string]int{}, hang: map[string]bool{}, delay: map[string]time.Duration{}, calls: map[string]int{},
		answers: map[string]fakeAnswer{}, region: "RegionOne", heatSendsEC2Auth: true}
	f.domains = []fakeObj{{ID: "default", Name: "Default", Enabled: true}, {ID: "d-heat", Name: "heat", Enabled: true}}
	f.projects = []fakeObj{{ID: "p-admin", Name: "admin", Domain: "default", Enabled: true},
		{ID: "p-service", Name: "service", Domain: "default", Enabled: true}, {ID: "p-demo", Name: "demo", Domain: "default", Enabled: true}}
	f.users = []fakeUser{
		{fakeObj{ID: "u-admin", Name: "admin", Domain: "default", Enabled: true}, adminPW},
		{fakeObj{ID: "u-heat", Name: "heat", Domain: "default", Enabled: true}, heatPW},
		{fakeObj{ID: "u-demo", Name: "demo", Domain: "default", Enabled: true}, "demo-pw"},
		{fakeObj{ID: "u-hda", Name: "heat_domain_admin", Domain: "d-heat", Enabled: true}, domAdmPW},
	}
	f.roles = []fakeObj{{ID: "r-admin", Name: "admin"}, {ID: "r-member", Name: "member"},
		{ID: "r-hsu", Name: "heat_stack_user"}, {ID: "r-hso", Name: "heat_stack_owner"}}
	f.assignments = []fakeAssign{{"u-admin", "r-admin", "p-admin", ""}, {"u-heat", "r-admin", "p-service", ""},
		{"u-demo", "r-member", "p-demo", ""}, {"u-demo", "r-hso", "p-demo", ""}, {"u-hda", "r-admin", "", "d-heat"}}
	now := time.Now().UTC().Add(-2 * time.Second).Format("2006-01-02T15:04:05.000000")
	f.engines = []engine{
		{ID: "s1", EngineID: "e1", Host: "ctl", Hostname: "ctl", Binary: "heat-engine", Topic: "engine", ReportInterval: 5, CreatedAt: now, UpdatedAt: now, Status: "up"},
		{ID: "s2", EngineID: "e2", Host: "ctl", Hostname: "ctl", Binary: "heat-engine", Topic: "engine", ReportInterval: 5, CreatedAt: now, UpdatedAt: now, Status: "up"},
	}
	ks := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := fakeRequest{what: r.Method + " " + r.URL.RequestURI(), start: time.Now()}
		f.serveKeystone(w, r)
		req.end = time.Now()
		f.mu.Lock()
		f.ksLog = append(f.ksLog, req)
		f.mu.Unlock()
	})
	if tlsKeystone {
		f.keystone = httptest.NewTLSServer(ks)
	} else {
		f.keystone = httptest.NewServer(ks)
	}
	f.heat = httptest.NewServer(http.HandlerFunc(f.serveHeat))
	f.cfn = httptest.NewServer(http.HandlerFunc(f.serveCfn))
	f.orchURLs = map[string]string{}
	f.cfnURLs = map[string]string{}
	for _, i := range interfaces {
		f.orchURLs[i] = f.heat.URL + "/v1/%(tenant_id)s"
		f.cfnURLs[i] = f.cfn.URL + "/v1"
	}
	f.wwwAuthenticate = `Keystone uri="` + f.keystone.URL + `"`
	t.Cleanup(func() { f.keystone.Close(); f.heat.Close(); f.cfn.Close() })
	return f
}

func (f *fakeCloud) set(fn func(f *fakeCloud)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

// fault answers a configured fault for r: a status, a delay, or a hang
// until the client gives up. It reports whether it answered.
func (f *fakeCloud) fault(w http.ResponseWriter, r *http.Request, server string) bool {
	key := server + " " + r.Method + " " + r.URL.Path
	// read the body first: the server notices a client that gave up (and
	// ends r's context) only once the body is read
	if body, err := io.ReadAll(r.Body); err == nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	f.mu.Lock()
	f.calls[key]++
	var code int
	var hang bool
	var delay time.Duration
	var answer *fakeAnswer
	for k, v := range f.faults {
		if strings.HasPrefix(key, k) {
			code = v
		}
	}
	for k, v := range f.answers {
		if strings.HasPrefix(key, k) {
			answer = &v
		}
	}
	for k, v := range f.hang {
		if v && strings.HasPrefix(key, k) {
			hang = true
		}
	}
	for k, v := range f.delay {
		if strings.HasPrefix(key, k) {
			delay = v
		}
	}
	f.mu.Unlock()
	if hang {
		<-r.Context().Done()
		return true
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return true
		}
	}
	if answer != nil {
		if answer.contentType != "" {
			w.Header().Set("Content-Type", answer.contentType)
		}
		if r.URL.Path == "/v3/auth/tokens" {
			w.Header().Set("X-Subject-Token", "tok-hostile")
		}
		w.WriteHeader(answer.code)
		_, _ = io.WriteString(w, answer.body)
		return true
	}
	if code != 0 {
		writeJSON(w, code, map[string]any{"error": map[string]any{"code": code, "message": fmt.Sprintf("fault %d", code), "title": http.StatusText(code)}})
		return true
	}
	return false
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func unauthorized(w http.ResponseWriter, msg string) {
	writeJSON(w, 401, map[string]any{"error": map[string]any{"code": 401, "message": msg, "title": "Unauthorized"}})
}

func (f *fakeCloud) domainByNameOrID(name, id string) *fakeObj {
	for i := range f.domains {
		d := &f.domains[i]
		if (id != "" && d.ID == id) || (id == "" && d.Name == name) {
			return d
		}
	}
	return nil
}

func ref(o *fakeObj) map[string]any { return map[string]any{"id": o.ID, "name": o.Name} }

// domainRef is a domain as Keystone names it in a token or with
// include_names: id and name.
func (f *fakeCloud) domainRef(id string) map[string]any {
	if d := f.domainByNameOrID("", id); d != nil {
		return ref(d)
	}
	return map[string]any{"id": id}
}

// serveKeystone is Keystone's v3 API, the parts the probe uses.
func (f *fakeCloud) serveKeystone(w http.ResponseWriter, r *http.Request) {
	if f.fault(w, r, "keystone") {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p := r.URL.Path
	switch {
	case p == "/" && r.Method == "GET":
		writeJSON(w, 300, map[string]any{"versions": map[string]any{"values": []any{map[string]any{
			"id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
			"links": []any{map[string]any{"rel": "self", "href": f.keystone.URL + "/v3/"}}}}}})
		return
	case p == "/v3/auth/tokens" && r.Method == "POST":
		f.issueToken(w, r)
		return
	case p == "/v3/ec2tokens" && r.Method == "POST":
		f.ec2tokens(w, r)
		return
	}
	tok, ok := f.tokens[r.Header.Get("X-Auth-Token")]
	if !ok {
		unauthorized(w, "The request you have made requires authentication.")
		return
	}
	isAdmin := tok.project != nil && f.hasRole(tok.user.ID, "r-admin", tok.project.ID, "")
	q := r.URL.Query()
	list := func(key string, objs []fakeObj, match func(fakeObj) bool) {
		var out []any
		for _, o := range objs {
			if match(o) {
				m := map[string]any{"id": o.ID, "name": o.Name, "enabled": o.Enabled}
				if o.Domain != "" {
					m["domain_id"] = o.Domain
				}
				out = append(out, m)
			}
		}
		if out == nil {
			out = []any{}
		}
		writeJSON(w, 200, map[string]any{key: out, "links": map[string]any{"next": nil}})
	}
	name := q.Get("name")
	switch {
	case strings.HasPrefix(p, "/v3/users/") && strings.Contains(p, "/credentials/OS-EC2"):
		f.ec2creds(w, r, tok)
	case !isAdmin:
		writeJSON(w, 403, map[string]any{"error": map[string]any{"code": 403, "message": "You are not authorized to perform the requested action.", "title": "Forbidden"}})
	case p == "/v3/domains":
		list("domains", f.domains, func(o fakeObj) bool { return name == "" || o.Name == name })
	case strings.HasPrefix(p, "/v3/domains/"):
		if d := f.domainByNameOrID("", strings.TrimPrefix(p, "/v3/domains/")); d != nil {
			writeJSON(w, 200, map[string]any{"domain": map[string]any{"id": d.ID, "name": d.Name, "enabled": d.Enabled}})
		} else {
			writeJSON(w, 404, map[string]any{"error": map[string]any{"code": 404, "message": "Could not find domain.", "title": "Not Found"}})
		}
	case p == "/v3/projects":
		list("projects", f.projects, func(o fakeObj) bool {
			return (name == "" || o.Name == name) && (q.Get("domain_id") == "" || o.Domain == q.Get("domain_id"))
		})
	case p == "/v3/users":
		var objs []fakeObj
		for _, u := range f.users {
			objs = append(objs, u.fakeObj)
		}
		list("users", objs, func(o fakeObj) bool {
			return (name == "" || o.Name == name) && (q.Get("domain_id") == "" || o.Domain == q.Get("domain_id"))
		})
	case p == "/v3/roles":
		prefix := q.Get("name__startswith")
		list("roles", f.roles, func(o fakeObj) bool { return (name == "" || o.Name == name) && strings.HasPrefix(o.Name, prefix) })
	case p == "/v3/role_assignments":
		var out []any
		for _, a := range f.assignments {
			if (q.Get("user.id") == "" || a.User == q.Get("user.id")) &&
				(q.Get("role.id") == "" || a.Role == q.Get("role.id")) &&
				(q.Get("scope.project.id") == "" || a.Project == q.Get("scope.project.id")) &&
				(q.Get("scope.domain.id") == "" || a.Domain == q.Get("scope.domain.id")) {
				names := q.Get("include_names") == "true"
				scope := map[string]any{}
				user := map[string]any{"id": a.User}
				if a.Project != "" {
					scope["project"] = map[string]any{"id": a.Project}
					if p := f.project(a.Project); names && p != nil {
						scope["project"] = map[string]any{"id": p.ID, "name": p.Name, "domain": f.domainRef(p.Domain)}
					}
				} else {
					scope["domain"] = map[string]any{"id": a.Domain}
					if names {
						scope["domain"] = f.domainRef(a.Domain)
					}
				}
				if u := f.user(a.User); names && u != nil {
					user = map[string]any{"id": u.ID, "name": u.Name, "domain": f.domainRef(u.Domain)}
				}
				out = append(out, map[string]any{"role": map[string]any{"id": a.Role, "name": f.roleName(a.Role)},
					"user": user, "scope": scope})
			}
		}
		if out == nil {
			out = []any{}
		}
		writeJSON(w, 200, map[string]any{"role_assignments": out, "links": map[string]any{"next": nil}})
	default:
		writeJSON(w, 404, map[string]any{"error": map[string]any{"code": 404, "message": "not found: " + p, "title": "Not Found"}})
	}
}

func (f *fakeCloud) project(id string) *fakeObj {
	for i := range f.projects {
		if f.projects[i].ID == id {
			return &f.projects[i]
		}
	}
	return nil
}

func (f *fakeCloud) user(id string) *fakeUser {
	for i := range f.users {
		if f.users[i].ID == id {
			return &f.users[i]
		}
	}
	return nil
}

func (f *fakeCloud) roleName(id string) string {
	for _, r := range f.roles {
		if r.ID == id {
			return r.Name
		}
	}
	return ""
}

func (f *fakeCloud) hasRole(user, role, project, domain string) bool {
	for _, a := range f.assignments {
		if a.User == user && a.Role == role && a.Project == project && a.Domain == domain {
			return true
		}
	}
	return false
}

// issueToken implements password auth with project, domain or no scope.
func (f *fakeCloud) issueToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Auth struct {
			Identity struct {
				Password struct {
					User struct {
						ID, Name, Password string
						Domain             struct{ ID, Name string }
					}
				}
			}
			Scope struct {
				Project *struct {
					ID, Name string
					Domain   struct{ ID, Name string }
				}
				Domain *struct{ ID, Name string }
			}
		}
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, 400, map[string]any{"error": map[string]any{"code": 400, "message": err.Error()}})
		return
	}
	pu := body.Auth.Identity.Password.User
	var user *fakeUser
	for i := range f.users {
		u := &f.users[i]
		if pu.ID != "" && u.ID == pu.ID {
			user = u
		}
		if pu.ID == "" && u.Name == pu.Name {
			d := f.domainByNameOrID(pu.Domain.Name, pu.Domain.ID)
			if d != nil && d.ID == u.Domain {
				user = u
			}
		}
	}
	if user == nil || user.Password != pu.Password || !user.Enabled {
		unauthorized(w, "The request you have made requires authentication.")
		return
	}
	tok := fakeToken{user: *user}
	resp := map[string]any{"methods": []string{"password"}, "expires_at": "2030-01-01T00:00:00.000000Z",
		"issued_at": "2026-01-01T00:00:00.000000Z",
		"user":      map[string]any{"id": user.ID, "name": user.Name, "domain": f.domainRef(user.Domain)}}
	if sp := body.Auth.Scope.Project; sp != nil {
		for i := range f.projects {
			p := &f.projects[i]
			d := f.domainByNameOrID(sp.Domain.Name, sp.Domain.ID)
			if (sp.ID != "" && p.ID == sp.ID) || (sp.ID == "" && d != nil && p.Name == sp.Name && p.Domain == d.ID) {
				tok.project = p
			}
		}
		if tok.project == nil {
			unauthorized(w, "The request you have made requires authentication.")
			return
		}
		var roles []any
		for _, a := range f.assignments {
			if a.User == user.ID && a.Project == tok.project.ID {
				roles = append(roles, map[string]any{"id": a.Role, "name": f.roleName(a.Role)})
			}
		}
		if len(roles) == 0 {
			unauthorized(w, "User has no access to project")
			return
		}
		resp["project"] = map[string]any{"id": tok.project.ID, "name": tok.project.Name, "domain": f.domainRef(tok.project.Domain)}
		resp["roles"] = roles
		if _, ok := r.URL.Query()["nocatalog"]; !ok {
			resp["catalog"] = f.catalog(tok.project.ID)
		}
	} else if sd := body.Auth.Scope.Domain; sd != nil {
		tok.domain = f.domainByNameOrID(sd.Name, sd.ID)
		if tok.domain == nil || !tok.domain.Enabled || !f.hasRole(user.ID, "r-admin", "", tok.domain.ID) {
			unauthorized(w, "User has no access to domain")
			return
		}
		resp["domain"] = ref(tok.domain)
		var roles []any
		for _, a := range f.assignments {
			if a.User == user.ID && a.Domain == tok.domain.ID {
				roles = append(roles, map[string]any{"id": a.Role, "name": f.roleName(a.Role)})
			}
		}
		resp["roles"] = roles
	}
	id := fmt.Sprintf("tok-%s-%d", user.Name, len(f.tokens)+1)
	f.tokens[id] = tok
	w.Header().Set("X-Subject-Token", id)
	writeJSON(w, 201, map[string]any{"token": resp})
}

// catalog is the token catalog: URLs substituted, as Keystone does.
func (f *fakeCloud) catalog(project string) []any {
	eps := func(urls map[string]string) []any {
		var out []any
		for _, i := range interfaces {
			if u := urls[i]; u != "" {
				out = append(out, map[string]any{"id": "ep-" + i, "interface": i, "region": f.region, "region_id": f.region,
					"url": substituteProject(u, project)})
			}
		}
		return out
	}
	var cat []any
	cat = append(cat, map[string]any{"id": "s-ks", "type": "identity", "name": "keystone",
		"endpoints": eps(map[string]string{"public": f.keystone.URL + "/v3", "internal": f.keystone.URL + "/v3", "admin": f.keystone.URL + "/v3"})})
	if f.orchURLs != nil {
		cat = append(cat, map[string]any{"id": "s-heat", "type": "orchestration", "name": "heat", "endpoints": eps(f.orchURLs)})
	}
	if f.cfnURLs != nil {
		cat = append(cat, map[string]any{"id": "s-cfn", "type": "cloudformation", "name": "heat-cfn", "endpoints": eps(f.cfnURLs)})
	}
	return cat
}

func (f *fakeCloud) ec2creds(w http.ResponseWriter, r *http.Request, tok fakeToken) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/v3/users/"), "/")
	switch {
	case r.Method == "POST" && len(parts) == 3:
		var b struct {
			TenantID string `json:"tenant_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&b)
		access := fmt.Sprintf("ak%d", len(f.ec2)+1)
		secret := "ec2-secret-" + access
		f.ec2[access] = fakeEC2{user: parts[0], project: b.TenantID, secret: secret}
		writeJSON(w, 201, map[string]any{"credential": map[string]any{"access": access, "secret": secret,
			"tenant_id": b.TenantID, "user_id": parts[0]}})
	case r.Method == "DELETE" && len(parts) == 4:
		delete(f.ec2, parts[3])
		f.ec2Deleted = append(f.ec2Deleted, parts[3])
		w.WriteHeader(204)
	default:
		writeJSON(w, 404, map[string]any{"error": map[string]any{"code": 404, "message": "no"}})
	}
}

// ec2Signature is keystoneclient's Ec2Signer for signature version 2,
// written apart from the probe's signer.
func ec2Signature(secret, verb, host, path string, params map[string]string) string {
	var keys []string
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		pairs = append(pairs, k+"="+strings.ReplaceAll(url.QueryEscape(params[k]), "+", "%20"))
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(verb + "\n" + host + "\n" + path + "\n" + strings.Join(pairs, "&")))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// validEC2 checks credentials as Keystone does; the caller holds mu.
func (f *fakeCloud) validEC2(c map[string]any) (int, string) {
	access, _ := c["access"].(string)
	cred, ok := f.ec2[access]
	if !ok {
		return 401, "EC2 access key not found."
	}
	params := map[string]string{}
	if m, ok := c["params"].(map[string]any); ok {
		for k, v := range m {
			params[k], _ = v.(string)
		}
	}
	host, _ := c["host"].(string)
	verb, _ := c["verb"].(string)
	path, _ := c["path"].(string)
	if sig, _ := c["signature"].(string); sig != ec2Signature(cred.secret, verb, host, path, params) {
		return 401, "Invalid EC2 signature."
	}
	return 200, ""
}

func (f *fakeCloud) ec2tokens(w http.ResponseWriter, r *http.Request) {
	var body map[string]map[string]any
	_ = json.NewDecoder(r.Body).Decode(&body)
	_, authed := f.tokens[r.Header.Get("X-Auth-Token")]
	if !f.ec2Open && !authed {
		unauthorized(w, "The request you have made requires authentication.")
		return
	}
	c := body["credentials"]
	if c == nil {
		c = body["ec2Credentials"]
	}
	if code, msg := f.validEC2(c); code != 200 {
		unauthorized(w, msg)
		return
	}
	w.Header().Set("X-Subject-Token", "tok-ec2")
	writeJSON(w, 200, map[string]any{"token": map[string]any{"project": map[string]any{"id": "p-admin", "name": "admin"}}})
}

func (f *fakeCloud) versions(w http.ResponseWriter, base string) {
	writeJSON(w, 300, map[string]any{"versions": []any{map[string]any{"id": "v1.0", "status": "CURRENT",
		"links": []any{map[string]any{"rel": "self", "href": base + "/v1/"}}}}})
}

// serveHeat is heat-api.
func (f *fakeCloud) serveHeat(w http.ResponseWriter, r *http.Request) {
	if f.fault(w, r, "heat") {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p := r.URL.Path
	switch {
	case p == "/":
		f.versions(w, f.heat.URL)
		return
	case p == "/healthcheck":
		w.WriteHeader(200)
		return
	}
	tok, ok := f.tokens[r.Header.Get("X-Auth-Token")]
	if !ok {
		if f.wwwAuthenticate != "" {
			w.Header().Set("Www-Authenticate", f.wwwAuthenticate)
		}
		unauthorized(w, "The request you have made requires authentication.")
		return
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) < 3 || parts[0] != "v1" || tok.project == nil || parts[1] != tok.project.ID {
		writeJSON(w, 403, map[string]any{"explanation": "project mismatch"})
		return
	}
	switch {
	case parts[2] == "services" && r.Method == "GET":
		writeJSON(w, 200, map[string]any{"services": f.engines})
	case parts[2] == "stacks" && r.Method == "POST" && len(parts) == 3:
		id := fmt.Sprintf("stack-%d", len(f.stacks)+1)
		f.stacks[id] = "CREATE_COMPLETE"
		writeJSON(w, 201, map[string]any{"stack": map[string]any{"id": id, "links": []any{}}})
	case parts[2] == "stacks" && len(parts) == 5:
		st, ok := f.stacks[parts[4]]
		switch {
		case !ok:
			writeJSON(w, 404, map[string]any{"explanation": "The Stack could not be found."})
		case r.Method == "DELETE":
			f.stacks[parts[4]] = "DELETE_COMPLETE"
			w.WriteHeader(204)
		default:
			writeJSON(w, 200, map[string]any{"stack": map[string]any{"id": parts[4], "stack_name": parts[3], "stack_status": st,
				"creation_time": "2026-01-01T00:00:00Z"}})
		}
	default:
		writeJSON(w, 404, map[string]any{"explanation": "no such path " + p})
	}
}

// serveCfn is heat-api-cfn with its ec2token middleware.
func (f *fakeCloud) serveCfn(w http.ResponseWriter, r *http.Request) {
	if f.fault(w, r, "cfn") {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case "/":
		f.versions(w, f.cfn.URL)
		return
	case "/healthcheck":
		w.WriteHeader(200)
		return
	}
	xmlErr := func(code int, c string) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(code)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>User is not authorized to perform action</Message></Error></ErrorResponse>`, c)
	}
	q := r.URL.Query()
	if q.Get("Signature") == "" {
		xmlErr(400, "IncompleteSignature")
		return
	}
	params := map[string]any{}
	for k := range q {
		if k != "Signature" {
			params[k] = q.Get(k)
		}
	}
	c := map[string]any{"access": q.Get("AWSAccessKeyId"), "signature": q.Get("Signature"), "host": r.Host,
		"verb": r.Method, "path": r.URL.Path, "params": params}
	if !f.ec2Open && !f.heatSendsEC2Auth || f.heatCallFails {
		xmlErr(403, "AccessDenied") // Keystone said 401 to heat's anonymous call
		return
	}
	if code, msg := f.validEC2(c); code != 200 {
		if f.heatOldMapping && msg == "EC2 access key not found." {
			xmlErr(403, "InvalidClientTokenId")
			return
		}
		xmlErr(403, "AccessDenied")
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprint(w, `<ListStacksResponse><ListStacksResult><StackSummaries/></ListStacksResult></ListStacksResponse>`)
}

// keystoneRequests is what Keystone answered, and the longest chain of
// them in which each came in after the one before was answered: the
// sequential round trips (an upper bound on them, since a request that
// came in later need not have waited).
func (f *fakeCloud) keystoneRequests() ([]fakeRequest, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	reqs := append([]fakeRequest(nil), f.ksLog...)
	sort.Slice(reqs, func(i, j int) bool { return reqs[i].start.Before(reqs[j].start) })
	depth := make([]int, len(reqs))
	longest := 0
	for i, r := range reqs {
		depth[i] = 1
		for j := range i {
			if !reqs[j].end.After(r.start) {
				depth[i] = max(depth[i], depth[j]+1)
			}
		}
		longest = max(longest, depth[i])
	}
	return reqs, longest
}

// TestKeystoneRequestPlan: one full probe asks Keystone at most 10
// times, in at most 3 sequential round trips, as an admin and as heat's
// own user (heat.conf's [keystone_authtoken], [trustee] the same user) --
// each with the site's stack owners to check; never GET /v3/auth/tokens.
// Keystone answers each request after a fixed latency, so that a request
// that waited for another comes in after it was answered.
func TestKeystoneRequestPlan(t *testing.T) {
	const latency = 150 * time.Millisecond
	tests := []struct {
		name string
		opts func(f *fakeCloud, o *Options)
	}{
		{"as admin", func(*fakeCloud, *Options) {}},
		{"as heat from heat.conf", func(f *fakeCloud, o *Options) {
			o.Credentials = Credentials{AuthURL: f.keystone.URL + "/v3", Username: "heat", Password: heatPW, UserDomainName: "Default",
				ProjectName: "service", ProjectDomainName: "Default", Source: "heat.conf [keystone_authtoken]"}
			o.Expect.Trustee = &Credentials{AuthURL: f.keystone.URL + "/v3", Username: "heat", Password: heatPW, UserDomainName: "Default",
				Source: "heat.conf [trustee]"}
		}},
		{"Debian 12's EC2 break", func(f *fakeCloud, o *Options) {
			f.heatSendsEC2Auth = false
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCloud(t, false)
			o := fakeOptions(f)
			f.set(func(f *fakeCloud) {
				tt.opts(f, &o)
				f.delay["keystone"] = latency
			})
			start := time.Now()
			r := probeOnce(t, o, 20*time.Second)
			took := time.Since(start)
			want := map[string]Verdict{}
			if !f.heatSendsEC2Auth {
				want[IDEC2Token] = Fail
			}
			expectVerdicts(t, r, want)
			reqs, depth := f.keystoneRequests()
			var lines []string
			for _, q := range reqs {
				lines = append(lines, fmt.Sprintf("%6s  %s", q.start.Sub(start).Round(time.Millisecond), q.what))
				if strings.HasPrefix(q.what, "GET /v3/auth/tokens") {
					t.Errorf("the probe validated a token it had just been given: %s", q.what)
				}
			}
			t.Logf("%d Keystone requests, %d sequential, whole run %s:\n%s", len(reqs), depth, took.Round(time.Millisecond), strings.Join(lines, "\n"))
			if len(reqs) > 10 {
				t.Errorf("%d Keystone requests, want at most 10", len(reqs))
			}
			if depth > 3 {
				t.Errorf("%d sequential Keystone round trips, want at most 3", depth)
			}
		})
	}
}
