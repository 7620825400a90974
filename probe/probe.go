package probe

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/domains"

	"github.com/heatconf/heatconf/internal/secret"
)

// cleanupBudget is the most of the run's time kept back for deleting what
// the checks created (an EC2 credential, a stack).
const cleanupBudget = 3 * time.Second

// Run probes the deployment and returns the report. ctx's deadline is the
// run's deadline: checks stop a little before it, so that what they
// created can still be deleted in time. An error means the probe could not
// run at all (bad options, an unreadable CA file).
func Run(ctx context.Context, opts Options) (*Report, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	tr := opts.Transport
	if tr == nil {
		t, err := newTransport(opts.TLS, opts.BaseTLS, opts.CheckTimeout)
		if err != nil {
			return nil, err
		}
		defer t.CloseIdleConnections()
		tr = t
	}
	return run(ctx, opts, newClient(tr))
}

// newClient is the one HTTP client of a run, over tr: every answer capped
// (limitBodies) and charged to the run's budget and its listing's
// (chargeBodies), requests kept to their pinned origin (originGuard), and
// redirects followed only within their origin (checkRedirect).
func newClient(tr http.RoundTripper) *http.Client {
	return &http.Client{
		Transport:     limitBodies{chargeBodies{next: originGuard{tr}, run: runBudget()}},
		CheckRedirect: checkRedirect,
	}
}

func run(ctx context.Context, opts Options, hc *http.Client) (*Report, error) {
	anon, err := newProvider(opts.Credentials.AuthURL, hc)
	if err != nil {
		return nil, err
	}
	s := &state{opts: opts, hc: hc, anon: anon, region: opts.Region, redact: newRedactor(opts)}
	start := opts.Now()
	checkCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if d, ok := ctx.Deadline(); ok {
		reserve := min(cleanupBudget, time.Until(d)/5)
		checkCtx, cancel = context.WithDeadline(checkCtx, d.Add(-reserve))
		defer cancel()
	}
	s.plan = plan{base: checkCtx, sem: make(chan struct{}, planWidth), calls: map[string]*call{}}
	s.startPlan()
	results := runChecks(checkCtx, allChecks(opts), s, opts.CheckTimeout, opts.Now)
	cancel() // what the plan asked and no check waited for ends here
	s.runCleanups(ctx)
	for i := range results {
		r := &results[i]
		r.Message, r.Hint = s.redact.Message(r.Message), s.redact.Message(r.Hint)
		for j := range r.Details {
			r.Details[j] = s.redact.Message(r.Details[j])
		}
	}
	c := opts.Credentials
	rep := &Report{
		StartedAt: start,
		Duration:  opts.Now().Sub(start),
		Checks:    results,
		Target: Target{
			AuthURL:     secret.URLCredentials(c.AuthURL),
			Region:      s.getRegion(),
			Interface:   opts.Interface,
			User:        c.who(),
			Project:     c.project(),
			Credentials: secret.URLCredentials(c.Source),
			Expectation: secret.URLCredentials(opts.Expect.Source),
		},
	}
	return rep, nil
}

// newRedactor hides the secrets of opts in a run's report.
func newRedactor(opts Options) *secret.Redactor {
	return secret.New(slices.Concat(opts.Credentials.secrets(), opts.Expect.secrets(), opts.Secrets),
		slices.Concat(opts.Credentials.names(), opts.Expect.names())...)
}

// catalogURL is one endpoint of the token's catalog.
type catalogURL struct {
	ID, URL, Region string
}

// tokenInfo is what keystone-token learnt.
type tokenInfo struct {
	userID, userName, projectID, projectName string
	projectDomainID, projectDomainName       string
	roles                                    []string
	catalog                                  []catalogEntry
}

type catalogEntry struct {
	Type, Name string
	Endpoints  []catalogEndpoint
}

type catalogEndpoint struct {
	ID, Interface, Region, URL string
}

// state is shared by the checks of one run. A check writes a fact before it
// finishes and dependents read it after, under mu.
type state struct {
	opts Options
	hc   *http.Client
	anon *gophercloud.ProviderClient // never holds a token

	mu       sync.Mutex
	authed   *gophercloud.ProviderClient
	token    tokenInfo
	region   string
	orch     map[string]catalogURL // by interface
	cfn      map[string]catalogURL
	heatUser string           // ID
	domains  []domains.Domain // known from the tokens: they exist and are enabled
	plan     plan
	redact   *secret.Redactor // what the checks learn of secrets goes here
	cleanups []func(context.Context)
}

// addSecrets makes secrets a check obtained (a token, an EC2 secret)
// known to the report's redactor.
func (s *state) addSecrets(vals ...string) { s.redact.Add(vals...) }

func (s *state) onCleanup(f func(context.Context)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cleanups = append(s.cleanups, f)
}

// runCleanups runs the cleanups, last first, within ctx.
func (s *state) runCleanups(ctx context.Context) {
	s.mu.Lock()
	fs := s.cleanups
	s.cleanups = nil
	s.mu.Unlock()
	d, ok := ctx.Deadline()
	if !ok {
		d = time.Now().Add(cleanupBudget)
	}
	c, cancel := context.WithDeadline(context.WithoutCancel(ctx), d)
	defer cancel()
	for i := len(fs) - 1; i >= 0; i-- {
		runCleanup(c, fs[i])
	}
}

// runCleanup runs f; a panic in it (an answer it did not expect) ends it
// and no more: the other cleanups still run, and the report is made.
func runCleanup(ctx context.Context, f func(context.Context)) {
	defer func() { _ = recover() }()
	f(ctx)
}

func (s *state) getRegion() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.region
}

func (s *state) provider() (*gophercloud.ProviderClient, tokenInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authed, s.token
}

// endpoint returns the catalog URL of service typ ("orchestration" or
// "cloudformation") on the probe's interface.
func (s *state) endpoint(typ string) (catalogURL, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.orch
	if typ == "cloudformation" {
		m = s.cfn
	}
	u, ok := m[s.opts.Interface]
	return u, ok
}

// deadlineName names the run's deadline: "--timeout 30s".
func (s *state) deadlineName() string { return firstOf(s.opts.Deadline, "the probe's deadline") }

// deadlineFlag is the flag that sets the run's deadline.
func (s *state) deadlineFlag() string { return firstOf(s.opts.DeadlineFlag, "--timeout") }
