package probe

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
)

// The request plan. The checks say what they conclude; the plan says what
// is asked of Keystone to conclude it, each thing once per run, and when.
// Its dependency order, in Keystone round trips:
//
//	1. (nothing needed)  GET / (keystone-discovery), and at the same time:
//	                     the probing user's token (keystone-token),
//	                     the stack domain admin's domain-scoped token,
//	                     the [trustee] user's token (unless it is the
//	                     probing user with the same password),
//	                     an anonymous POST /v3/ec2tokens (unless heat.conf
//	                     gives heat-api-cfn credentials of its own)
//	2. (a token)         the stack roles by name (one request for both),
//	                     the heat user (unless a token is the heat user's),
//	                     the heat user's role assignments, the EC2 credential
//	3. (a role, a user)  the stack owner role's assignments, the EC2
//	                     credential's deletion (after heat-api-cfn's answer)
//
// A token answers what it can: its user and roles say that the heat user
// exists with its role in the service project, its domain scope that the
// stack domain exists and that its admin has admin on it. Lookups by name
// (GET /v3/domains?name=heat) come in only where no token answers, and
// each is made once and shared by the checks that need it. Requests of
// the plan that wait for nothing go out together, at most planWidth at a
// time, each under its own timeout (--check-timeout) within the run's
// deadline. A check still waits for the checks it needs before it
// concludes anything: a token asked for while discovery is under way is
// read only if discovery passed.

// planWidth bounds the plan's requests in flight together.
const planWidth = 8

// call is one shared request of the plan: made once, awaited by any
// number of checks.
type call struct {
	done  chan struct{}
	val   any
	err   error
	panic any // what the fetch panicked with, re-raised in each check
	hops  *hopLog
}

// plan is a run's shared requests.
type plan struct {
	base  context.Context // the checks' context: the run's deadline
	sem   chan struct{}
	calls map[string]*call // under state.mu
}

// start makes the request key once, through fetch, and returns its call.
func (s *state) start(key string, fetch func(ctx context.Context) (any, error)) *call {
	s.mu.Lock()
	if s.plan.calls == nil { // a state made without run (tests)
		s.plan = plan{base: context.Background(), sem: make(chan struct{}, planWidth), calls: map[string]*call{}}
	}
	if c, ok := s.plan.calls[key]; ok {
		s.mu.Unlock()
		return c
	}
	c := &call{done: make(chan struct{}), hops: &hopLog{}}
	s.plan.calls[key] = c
	s.mu.Unlock()
	go func() {
		defer close(c.done)
		defer func() {
			if r := recover(); r != nil {
				c.panic = r
			}
		}()
		ctx, cancel := context.WithTimeout(s.plan.base, s.opts.CheckTimeout)
		defer cancel()
		select {
		case s.plan.sem <- struct{}{}:
		case <-ctx.Done():
			c.err = ctx.Err()
			return
		}
		defer func() { <-s.plan.sem }()
		budget := s.opts.CheckTimeout
		if d, ok := ctx.Deadline(); ok {
			budget = time.Until(d)
		}
		ctx = withHops(context.WithValue(ctx, budgetKey{}, budget), c.hops)
		c.val, c.err = fetch(ctx)
	}()
	return c
}

// started is the call of key, if the plan made it.
func (s *state) started(key string) *call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.plan.calls[key]
}

// await waits for c within ctx (a check's). The redirects c followed are
// noted in the check's own verdict; a panic in c is the check's.
func await[T any](ctx context.Context, c *call) (T, error) {
	var zero T
	select {
	case <-c.done:
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	if c.panic != nil {
		panic(c.panic)
	}
	if hl := hopsOf(ctx); hl != nil {
		c.hops.mu.Lock()
		hops := append([]hop(nil), c.hops.hops...)
		c.hops.mu.Unlock()
		for _, h := range hops {
			hl.add(h.method, h.from, h.to)
		}
	}
	if c.err != nil {
		return zero, c.err
	}
	v, _ := c.val.(T)
	return v, nil
}

// shared makes the request key once (see start) and waits for it.
func shared[T any](ctx context.Context, s *state, key string, fetch func(ctx context.Context) (T, error)) (T, error) {
	return await[T](ctx, s.start(key, func(ctx context.Context) (any, error) { return fetch(ctx) }))
}

// authed is a token the plan obtained: Keystone's answer, and a client
// holding the token when the probe uses it further (the probing user's).
type authed struct {
	pc  *gophercloud.ProviderClient
	res tokens.CreateResult
}

// Keys of the plan's requests.
const (
	keyToken       = "token"
	keyDomainAdmin = "token of the stack domain admin"
	keyTrustee     = "token of the [trustee] user"
	keyEC2Anon     = "anonymous ec2tokens"
)

// startPlan sends the requests that wait for nothing: the tokens of every
// identity the run knows, and the anonymous ec2tokens question.
func (s *state) startPlan() {
	s.mainToken()
	s.domainAdminToken()
	if !s.trusteeIsProber() {
		s.trusteeToken()
	}
	if !s.opts.Expect.EC2AuthCredentials {
		s.anonEC2Tokens()
	}
}

// mainToken is the probing user's token, scoped to the project.
func (s *state) mainToken() *call {
	return s.start(keyToken, func(ctx context.Context) (any, error) {
		pc, res, err := authenticate(ctx, s, authOptions(s.opts.Credentials))
		return authed{pc, res}, err
	})
}

// domainAdminToken is the stack domain admin's token scoped to the stack
// domain, as heat-engine gets it; nil without a password.
func (s *state) domainAdminToken() *call {
	x := s.opts.Expect
	if x.StackDomainAdminPassword == "" {
		return nil
	}
	return s.start(keyDomainAdmin, func(ctx context.Context) (any, error) {
		ao := gophercloud.AuthOptions{IdentityEndpoint: s.opts.Credentials.AuthURL, Username: x.StackDomainAdmin,
			Password: x.StackDomainAdminPassword}
		if x.StackDomainID != "" {
			ao.DomainID, ao.Scope = x.StackDomainID, &gophercloud.AuthScope{DomainID: x.StackDomainID}
		} else {
			ao.DomainName, ao.Scope = x.StackDomain, &gophercloud.AuthScope{DomainName: x.StackDomain}
		}
		res, err := tokenWithoutCatalog(ctx, s, ao)
		return authed{res: res}, err
	})
}

// tokenWithoutCatalog gets a token for ao without its catalog (POST
// /v3/auth/tokens?nocatalog): the tokens that only say who and where do
// not need one, and Keystone spares building it.
func tokenWithoutCatalog(ctx context.Context, s *state, ao gophercloud.AuthOptions) (tokens.CreateResult, error) {
	var r tokens.CreateResult
	pc, err := newProvider(ao.IdentityEndpoint, s.hc)
	if err != nil {
		return r, err
	}
	idc, err := openstack.NewIdentityV3(pc, gophercloud.EndpointOpts{})
	if err != nil {
		return r, err
	}
	scope, err := ao.ToTokenV3ScopeMap()
	if err != nil {
		return r, err
	}
	body, err := ao.ToTokenV3CreateMap(scope)
	if err != nil {
		return r, err
	}
	resp, err := idc.Post(ctx, idc.ServiceURL("auth", "tokens")+"?nocatalog", body, &r.Body,
		&gophercloud.RequestOpts{OmitHeaders: []string{"X-Auth-Token"}, OkCodes: []int{201}})
	_, r.Header, r.Err = gophercloud.ParseResponse(resp, err)
	if r.Err != nil {
		return r, r.Err
	}
	if tok := r.Header.Get("X-Subject-Token"); tok != "" {
		s.addSecrets(tok)
	}
	return r, nil
}

// trusteeToken is the [trustee] user's (unscoped) token; nil without one.
func (s *state) trusteeToken() *call {
	t := s.opts.Expect.Trustee
	if t == nil {
		return nil
	}
	return s.start(keyTrustee, func(ctx context.Context) (any, error) {
		ao := gophercloud.AuthOptions{IdentityEndpoint: firstOf(t.AuthURL, s.opts.Credentials.AuthURL),
			Username: t.Username, UserID: t.UserID, Password: t.Password}
		if t.UserID == "" {
			ao.DomainID, ao.DomainName = t.UserDomainID, t.UserDomainName
			if ao.DomainID != "" {
				ao.DomainName = ""
			}
		}
		res, err := tokenWithoutCatalog(ctx, s, ao)
		return authed{res: res}, err
	})
}

// trusteeIsProber reports whether [trustee] is the probing user with the
// same password at the same Keystone: the probing user's token then
// answers trustee-auth (unless it failed for its project scope).
func (s *state) trusteeIsProber() bool {
	t, c := s.opts.Expect.Trustee, s.opts.Credentials
	if t == nil || c.ApplicationCredentialID != "" || c.ApplicationCredentialName != "" {
		return false
	}
	return firstOf(t.AuthURL, c.AuthURL) == c.AuthURL && t.Username == c.Username && t.UserID == c.UserID &&
		t.Password == c.Password && t.Password != "" && t.UserDomainName == c.UserDomainName && t.UserDomainID == c.UserDomainID
}

// tokenUser is the user a token was issued to, with its domain.
func tokenUser(a authed) (tokens.User, bool) {
	u, err := a.res.ExtractUser()
	if err != nil || u == nil || u.ID == "" {
		return tokens.User{}, false
	}
	return *u, true
}

// tokenRoles are the names of a token's roles.
func tokenRoles(a authed) []string {
	rs, _ := a.res.ExtractRoles()
	var names []string
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return names
}

// inDomain reports whether the domain (id, name) is the one named or
// identified by want.
func inDomain(id, name, want string) bool {
	return want != "" && (want == id || want == name)
}

// anonEC2Tokens asks Keystone, without a token and with a credential that
// does not exist, whether it refuses anonymous POST /v3/ec2tokens (the
// OSSA-2025-002 fix): the answer does not depend on the credential there,
// so it needs none, and goes out at once.
func (s *state) anonEC2Tokens() *call {
	return s.start(keyEC2Anon, func(ctx context.Context) (any, error) {
		body := map[string]any{"credentials": map[string]any{
			"access": "heatconf-probe-none", "signature": "none", "host": "heatconf-probe.invalid", "verb": "GET", "path": "/",
			"params": map[string]string{}, "headers": map[string]string{}, "body_hash": "",
		}}
		_, err := s.anon.Request(ctx, "POST", s.anon.IdentityBase+"v3/ec2tokens", &gophercloud.RequestOpts{JSONBody: body, OkCodes: []int{200}})
		return nil, err
	})
}

// requiresAuth reports whether err is Keystone's 401 for a caller without
// credentials.
func requiresAuth(err error) bool {
	if err == nil {
		return false
	}
	p := describe(err, 0)
	return p.kind == "http" && p.status == 401 && strings.Contains(strings.ToLower(keystoneMessage(p.body)), "requires authentication")
}

// rolesKey is the plan's key of a roles request.
func rolesKey(filter, value string) string { return fmt.Sprintf("roles %s=%s", filter, value) }
