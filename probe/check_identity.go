package probe

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/domains"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/projects"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/roles"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/users"
)

// notFound is a lookup that found nothing.
type notFound struct{ what string }

func (e *notFound) Error() string { return "no " + e.what }

// identity is the v3 identity client on the probe's token (IdentityBase +
// v3/, no catalog lookup).
func (s *state) identity() (*gophercloud.ServiceClient, error) {
	pc, _ := s.provider()
	if pc == nil {
		return nil, fmt.Errorf("no token")
	}
	return openstack.NewIdentityV3(pc, gophercloud.EndpointOpts{})
}

// lookupErr turns an identity lookup error into an outcome: 403 is "could
// not check", a missing object is a failure with fix, the rest a failure.
func lookupErr(ctx context.Context, s *state, err error, doing, fix string) outcome {
	if nf, ok := err.(*notFound); ok {
		return failf(fix, "%s", nf.Error())
	}
	p := describe(err, budgetOf(ctx))
	if p.kind == "http" && p.status == 403 {
		return couldNot("probe with admin credentials, or heat's own (--config-file /etc/heat/heat.conf)",
			"%s is not allowed for the probing user (%s)", doing, p.text)
	}
	return failf(netHint(p, "Keystone"), "%s: %s", doing, p.text)
}

// domainID finds a domain by name, then by ID: one a token named needs no
// request, and each other is looked up once per run.
func (s *state) domainID(ctx context.Context, nameOrID string) (domains.Domain, error) {
	if d, ok := s.knownDomain(nameOrID); ok {
		return d, nil
	}
	return shared(ctx, s, "domain "+nameOrID, func(ctx context.Context) (domains.Domain, error) {
		return s.lookupDomain(ctx, nameOrID)
	})
}

// lookupDomain asks Keystone for the domain named nameOrID, or with that ID.
func (s *state) lookupDomain(ctx context.Context, nameOrID string) (domains.Domain, error) {
	idc, err := s.identity()
	if err != nil {
		return domains.Domain{}, err
	}
	what := fmt.Sprintf("domains named %q", nameOrID)
	ds, err := listAll(ctx, idc, what, domains.List(idc, domains.ListOpts{Name: nameOrID}), domains.ExtractDomains)
	if err != nil {
		return domains.Domain{}, fmt.Errorf("listing %s: %w", what, err)
	}
	if len(ds) > 0 {
		return ds[0], nil
	}
	// the ID goes into the URL path: escaped, it cannot name another path
	// ("../users") or start a query or fragment
	d, err := domains.Get(ctx, idc, url.PathEscape(nameOrID)).Extract()
	if err == nil {
		if d == nil || d.ID == "" {
			return domains.Domain{}, &malformedError{fmt.Sprintf("Keystone answered GET domain %q without a domain", nameOrID)}
		}
		return *d, nil
	}
	if gophercloud.ResponseCodeIs(err, 404) {
		return domains.Domain{}, &notFound{fmt.Sprintf("domain %q", nameOrID)}
	}
	return domains.Domain{}, fmt.Errorf("getting domain %q: %w", nameOrID, err)
}

// findUser finds a user by name in a domain, once per run.
func (s *state) findUser(ctx context.Context, name string, d domains.Domain) (users.User, error) {
	return shared(ctx, s, "user "+d.ID+" "+name, func(ctx context.Context) (users.User, error) {
		return s.lookupUser(ctx, name, d)
	})
}

func (s *state) lookupUser(ctx context.Context, name string, d domains.Domain) (users.User, error) {
	idc, err := s.identity()
	if err != nil {
		return users.User{}, err
	}
	what := fmt.Sprintf("users named %q in domain %s", name, d.Name)
	us, err := listAll(ctx, idc, what, users.List(idc, users.ListOpts{DomainID: d.ID, Name: name}), users.ExtractUsers)
	if err != nil {
		return users.User{}, fmt.Errorf("listing %s: %w", what, err)
	}
	if len(us) == 0 {
		return users.User{}, &notFound{fmt.Sprintf("user %q in domain %s", name, d.Name)}
	}
	return us[0], nil
}

// findProject finds a project by name in a domain, once per run.
func (s *state) findProject(ctx context.Context, name string, d domains.Domain) (projects.Project, error) {
	return shared(ctx, s, "project "+d.ID+" "+name, func(ctx context.Context) (projects.Project, error) {
		return s.lookupProject(ctx, name, d)
	})
}

func (s *state) lookupProject(ctx context.Context, name string, d domains.Domain) (projects.Project, error) {
	idc, err := s.identity()
	if err != nil {
		return projects.Project{}, err
	}
	what := fmt.Sprintf("projects named %q in domain %s", name, d.Name)
	ps, err := listAll(ctx, idc, what, projects.List(idc, projects.ListOpts{DomainID: d.ID, Name: name}), projects.ExtractProjects)
	if err != nil {
		return projects.Project{}, fmt.Errorf("listing %s: %w", what, err)
	}
	if len(ps) == 0 {
		return projects.Project{}, &notFound{fmt.Sprintf("project %q in domain %s", name, d.Name)}
	}
	return ps[0], nil
}

// roleNames lists the names of the roles userID has on a project or domain,
// effective ones included (through groups and inheritance).
func (s *state) roleNames(ctx context.Context, userID, projectID, domainID string) ([]string, error) {
	return shared(ctx, s, "role assignments of "+userID+" on "+projectID+domainID, func(ctx context.Context) ([]string, error) {
		return s.listRoleNames(ctx, userID, projectID, domainID)
	})
}

func (s *state) listRoleNames(ctx context.Context, userID, projectID, domainID string) ([]string, error) {
	idc, err := s.identity()
	if err != nil {
		return nil, err
	}
	yes := true
	opts := roles.ListAssignmentsOpts{UserID: userID, ScopeProjectID: projectID, ScopeDomainID: domainID,
		Effective: &yes, IncludeNames: &yes}
	as, err := listAll(ctx, idc, "role assignments", roles.ListAssignments(idc, opts), roles.ExtractRoleAssignments)
	if err != nil {
		return nil, fmt.Errorf("listing role assignments: %w", err)
	}
	var names []string
	for _, a := range as {
		if !slices.Contains(names, a.Role.Name) {
			names = append(names, a.Role.Name)
		}
	}
	sort.Strings(names)
	return names, nil
}

// assignments lists the effective role assignments opts select, with the
// names of their users, projects, domains and roles, once per run.
func (s *state) assignments(ctx context.Context, key string, opts roles.ListAssignmentsOpts) ([]roles.RoleAssignment, error) {
	return shared(ctx, s, "role assignments "+key, func(ctx context.Context) ([]roles.RoleAssignment, error) {
		idc, err := s.identity()
		if err != nil {
			return nil, err
		}
		yes := true
		opts.Effective, opts.IncludeNames = &yes, &yes
		as, err := listAll(ctx, idc, "role assignments", roles.ListAssignments(idc, opts), roles.ExtractRoleAssignments)
		if err != nil {
			return nil, fmt.Errorf("listing role assignments: %w", err)
		}
		return as, nil
	})
}

// heatUserToken finds, among the tokens the run holds (the probing
// user's, the [trustee] user's), one issued to the heat user: the user
// exists and is enabled. It returns the user and its domain's name.
func (s *state) heatUserToken(ctx context.Context) (tokens.User, string, bool) {
	x := s.opts.Expect
	calls := []*call{s.mainToken()}
	if !s.trusteeIsProber() && s.opts.Expect.Trustee != nil {
		calls = append(calls, s.trusteeToken())
	}
	for _, c := range calls {
		a, err := await[authed](ctx, c)
		if err != nil {
			continue
		}
		if u, ok := tokenUser(a); ok && u.Name == x.HeatUser && inDomain(u.Domain.ID, u.Domain.Name, x.HeatUserDomain) {
			return u, firstOf(u.Domain.Name, x.HeatUserDomain), true
		}
	}
	return tokens.User{}, "", false
}

// checkHeatUser: the heat service user exists and is enabled.
func checkHeatUser(ctx context.Context, s *state) outcome {
	x := s.opts.Expect
	if u, domain, ok := s.heatUserToken(ctx); ok {
		s.mu.Lock()
		s.heatUser = u.ID
		s.mu.Unlock()
		return pass("user %s (id %s) in domain %s is enabled", x.HeatUser, u.ID, domain)
	}
	d, err := s.domainID(ctx, x.HeatUserDomain)
	if err != nil {
		return lookupErr(ctx, s, err, "looking up the heat user's domain", "create the domain or correct its name in "+x.Source)
	}
	u, err := s.findUser(ctx, x.HeatUser, d)
	if err != nil {
		return lookupErr(ctx, s, err, "looking up the heat user",
			fmt.Sprintf("create it (bootstrap-keystone.sh does): openstack user create --domain %s --password-prompt %s", d.Name, x.HeatUser))
	}
	if !u.Enabled {
		return failf(fmt.Sprintf("openstack user set --enable --domain %s %s", d.Name, x.HeatUser),
			"user %s in domain %s is disabled: heat-api cannot validate tokens", x.HeatUser, d.Name)
	}
	s.mu.Lock()
	s.heatUser = u.ID
	s.mu.Unlock()
	return pass("user %s (id %s) in domain %s is enabled", x.HeatUser, u.ID, d.Name)
}

// checkHeatUserRole: the heat user has its roles on the service project.
func checkHeatUserRole(ctx context.Context, s *state) outcome {
	x := s.opts.Expect
	s.mu.Lock()
	uid := s.heatUser
	s.mu.Unlock()
	// the probing user's token answers when it is the heat user's in the
	// service project with every role
	_, tok := s.provider()
	if tok.userID == uid && tok.projectName == x.ServiceProject && inDomain(tok.projectDomainID, tok.projectDomainName, x.ServiceDomain) &&
		!slices.ContainsFunc(x.HeatRoles, func(r string) bool { return !slices.Contains(tok.roles, r) }) {
		return pass("user %s has %s on project %s", x.HeatUser, strings.Join(x.HeatRoles, ", "), x.ServiceProject)
	}
	d, err := s.domainID(ctx, x.ServiceDomain)
	if err != nil {
		return lookupErr(ctx, s, err, "looking up the service project's domain", "create the domain or correct its name in "+x.Source)
	}
	as, err := s.assignments(ctx, "of user "+uid, roles.ListAssignmentsOpts{UserID: uid})
	if err != nil {
		return lookupErr(ctx, s, err, "listing the heat user's roles", "")
	}
	projectID := ""
	for _, a := range as {
		if p := a.Scope.Project; p.ID != "" && p.Name == x.ServiceProject && p.Domain.ID == d.ID {
			projectID = p.ID
		}
	}
	if projectID == "" {
		// no role there: does the project exist?
		p, err := s.findProject(ctx, x.ServiceProject, d)
		if err != nil {
			return lookupErr(ctx, s, err, "looking up the service project",
				fmt.Sprintf("openstack project create --domain %s %s", d.Name, x.ServiceProject))
		}
		projectID = p.ID
	}
	var names []string
	for _, a := range as {
		if a.Scope.Project.ID == projectID && a.Role.Name != "" && !slices.Contains(names, a.Role.Name) {
			names = append(names, a.Role.Name)
		}
	}
	sort.Strings(names)
	var missing, cmds []string
	for _, r := range x.HeatRoles {
		if !slices.Contains(names, r) {
			missing = append(missing, r)
			cmds = append(cmds, fmt.Sprintf("openstack role add --project %s --project-domain %s --user %s --user-domain %s %s",
				x.ServiceProject, d.Name, x.HeatUser, x.HeatUserDomain, r))
		}
	}
	if len(missing) > 0 {
		return failf(strings.Join(cmds, "; "), "user %s lacks %s on project %s (has: %s)",
			x.HeatUser, strings.Join(missing, ", "), x.ServiceProject, listOrNone(names))
	}
	return pass("user %s has %s on project %s", x.HeatUser, strings.Join(x.HeatRoles, ", "), x.ServiceProject)
}

// stackDomain looks up the stack domain by ID or name.
func (s *state) stackDomain(ctx context.Context) (domains.Domain, error) {
	x := s.opts.Expect
	return s.domainID(ctx, firstOf(x.StackDomainID, x.StackDomain))
}

// checkStackDomain: the domain of stack users exists and is enabled.
func checkStackDomain(ctx context.Context, s *state) outcome {
	x := s.opts.Expect
	name := firstOf(x.StackDomainID, x.StackDomain)
	if _, d, ok := s.domainAdminAuthed(ctx); ok {
		return pass("stack domain %s (id %s) is enabled", firstOf(d.Name, name), d.ID)
	}
	d, err := s.stackDomain(ctx)
	if err != nil {
		return lookupErr(ctx, s, err, "looking up the stack domain",
			fmt.Sprintf("create it (bootstrap-keystone.sh does): openstack domain create --description \"Stack projects and users\" %s; "+
				"heat.conf's stack_user_domain_name must name it", name))
	}
	if !d.Enabled {
		return failf("openstack domain set --enable "+d.Name, "the stack domain %s is disabled: stacks cannot create their users", d.Name)
	}
	return pass("stack domain %s (id %s) is enabled", d.Name, d.ID)
}

// checkStackDomainAdmin: the domain admin exists and has admin on the domain.
func checkStackDomainAdmin(ctx context.Context, s *state) outcome {
	x := s.opts.Expect
	if a, d, ok := s.domainAdminAuthed(ctx); ok && slices.Contains(tokenRoles(a), "admin") {
		return pass("%s in domain %s is enabled and has admin on it", x.StackDomainAdmin, firstOf(d.Name, x.StackDomain, d.ID))
	}
	d, err := s.stackDomain(ctx)
	if err != nil {
		return lookupErr(ctx, s, err, "looking up the stack domain", "")
	}
	u, err := s.findUser(ctx, x.StackDomainAdmin, d)
	if err != nil {
		return lookupErr(ctx, s, err, "looking up the stack domain admin",
			fmt.Sprintf("openstack user create --domain %s --password-prompt %s; openstack role add --domain %s --user-domain %s --user %s admin",
				d.Name, x.StackDomainAdmin, d.Name, d.Name, x.StackDomainAdmin))
	}
	if !u.Enabled {
		return failf(fmt.Sprintf("openstack user set --enable --domain %s %s", d.Name, x.StackDomainAdmin),
			"the stack domain admin %s is disabled", x.StackDomainAdmin)
	}
	names, err := s.roleNames(ctx, u.ID, "", d.ID)
	if err != nil {
		return lookupErr(ctx, s, err, "listing the stack domain admin's roles", "")
	}
	if !slices.Contains(names, "admin") {
		return failf(fmt.Sprintf("openstack role add --domain %s --user-domain %s --user %s admin", d.Name, d.Name, x.StackDomainAdmin),
			"%s has no admin role on domain %s (has: %s): Heat cannot create stack users", x.StackDomainAdmin, d.Name, listOrNone(names))
	}
	return pass("%s in domain %s is enabled and has admin on it", x.StackDomainAdmin, d.Name)
}

// checkStackDomainAdminAuth: the domain admin gets a domain-scoped token
// with the password heat.conf (or the site) gives, as heat-engine does.
func checkStackDomainAdminAuth(ctx context.Context, s *state) outcome {
	x := s.opts.Expect
	if x.StackDomainAdminPassword == "" {
		return skipf("no password to try: give --config-file /etc/heat/heat.conf or --site SITE.toml")
	}
	if _, d, ok := s.domainAdminAuthed(ctx); ok {
		return pass("%s gets a token scoped to domain %s with the password from %s", x.StackDomainAdmin, firstOf(d.Name, x.StackDomain, d.ID), x.PasswordSource)
	}
	_, err := await[authed](ctx, s.domainAdminToken())
	d, lerr := s.stackDomain(ctx)
	if lerr != nil {
		return lookupErr(ctx, s, lerr, "looking up the stack domain", "")
	}
	if err == nil {
		err = &malformedError{"Keystone issued the stack domain admin a token without its domain"}
	}
	if err != nil {
		p := describe(err, budgetOf(ctx))
		if p.kind == "http" && p.status == 401 {
			return failf(fmt.Sprintf("heat.conf and Keystone disagree on the password (stale?): set it again in Keystone "+
				"(openstack user set --domain %s --password-prompt %s, or run the rendered bootstrap-keystone.sh) or in heat.conf's "+
				"[DEFAULT] stack_domain_admin_password, then restart heat-engine. Until then stacks with stack users or signals fail",
				d.Name, x.StackDomainAdmin),
				"Keystone refuses %s's password from %s for domain %s (%s)", x.StackDomainAdmin, x.PasswordSource, d.Name, p.text)
		}
		return failf(netHint(p, "Keystone"), "authenticating as %s: %s", x.StackDomainAdmin, p.text)
	}
	return pass("%s gets a token scoped to domain %s with the password from %s", x.StackDomainAdmin, d.Name, x.PasswordSource)
}

// domainAdminAuthed is the stack domain admin's domain-scoped token and
// its domain, when Keystone issued one.
func (s *state) domainAdminAuthed(ctx context.Context) (authed, tokens.Domain, bool) {
	c := s.domainAdminToken()
	if c == nil {
		return authed{}, tokens.Domain{}, false
	}
	a, err := await[authed](ctx, c)
	if err != nil {
		return authed{}, tokens.Domain{}, false
	}
	u, ok := tokenUser(a)
	d, err := a.res.ExtractDomain()
	if !ok || u.Name != s.opts.Expect.StackDomainAdmin || err != nil || d == nil || d.ID == "" {
		return authed{}, tokens.Domain{}, false
	}
	return a, *d, true
}

// rolesNamed finds the roles named name. Both stack roles come with one
// request when their names share a beginning (heat_stack_): Keystone
// filters by it, the probe by the exact names.
func (s *state) rolesNamed(ctx context.Context, name string) ([]roles.Role, error) {
	x := s.opts.Expect
	var opts roles.ListOptsBuilder = roles.ListOpts{Name: name}
	what := fmt.Sprintf("roles named %q", name)
	if pair := []string{x.StackUserRole, x.StackOwnerRole}; slices.Contains(pair, name) && pair[0] != pair[1] {
		if prefix := commonPrefix(pair[0], pair[1]); prefix != "" {
			opts, what = namePrefix(prefix), fmt.Sprintf("roles named %q or %q", pair[0], pair[1])
		}
	}
	all, err := shared(ctx, s, "roles "+what, func(ctx context.Context) ([]roles.Role, error) {
		idc, err := s.identity()
		if err != nil {
			return nil, err
		}
		return listAll(ctx, idc, what, roles.List(idc, opts), roles.ExtractRoles)
	})
	var out []roles.Role
	for _, r := range all {
		if r.Name == name {
			out = append(out, r)
		}
	}
	return out, err
}

// namePrefix lists the roles whose name begins with it (Keystone's
// name__startswith filter).
type namePrefix string

func (p namePrefix) ToRoleListQuery() (string, error) {
	return "?" + url.Values{"name__startswith": {string(p)}}.Encode(), nil
}

// commonPrefix is the beginning a and b share.
func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return a[:n]
}

// granted reports whether the assignments give g's user role on g's project.
func granted(as []roles.RoleAssignment, roleID string, g Grant) bool {
	for _, a := range as {
		u, p := a.User, a.Scope.Project
		if a.Role.ID == roleID && u.Name == g.User && inDomain(u.Domain.ID, u.Domain.Name, g.Domain) &&
			p.Name == g.Project && inDomain(p.Domain.ID, p.Domain.Name, g.Domain) {
			return true
		}
	}
	return false
}

// checkRole: the role exists; grants (the site's stack owners) are given.
func checkRole(ctx context.Context, s *state, role string, grants []Grant) outcome {
	if _, err := s.identity(); err != nil {
		return couldNot("", "%v", err)
	}
	rs, err := s.rolesNamed(ctx, role)
	if err != nil {
		return lookupErr(ctx, s, err, "listing roles", "")
	}
	if len(rs) == 0 {
		return failf(fmt.Sprintf("openstack role create %s (bootstrap-keystone.sh does)", role), "no role %q", role)
	}
	var missing, cmds []string
	var as []roles.RoleAssignment
	var asErr error
	if len(grants) > 0 {
		// every grant of the role, with names: one request for all owners
		as, asErr = s.assignments(ctx, "of role "+rs[0].ID, roles.ListAssignmentsOpts{RoleID: rs[0].ID})
	}
	for _, g := range grants {
		if asErr == nil && granted(as, rs[0].ID, g) {
			continue
		}
		// not among them: find out why, one object at a time
		d, err := s.domainID(ctx, g.Domain)
		if err != nil {
			return lookupErr(ctx, s, err, "looking up domain "+g.Domain, "")
		}
		u, err := s.findUser(ctx, g.User, d)
		if err != nil {
			return lookupErr(ctx, s, err, "looking up user "+g.User, "create the user or drop it from the site's stack_owners")
		}
		p, err := s.findProject(ctx, g.Project, d)
		if err != nil {
			return lookupErr(ctx, s, err, "looking up project "+g.Project, "create the project or drop it from the site's stack_owners")
		}
		names, err := s.roleNames(ctx, u.ID, p.ID, "")
		if err != nil {
			return lookupErr(ctx, s, err, "listing roles of "+g.User, "")
		}
		if !slices.Contains(names, role) {
			missing = append(missing, fmt.Sprintf("%s on %s", g.User, g.Project))
			cmds = append(cmds, fmt.Sprintf("openstack role add --project %s --user %s %s", g.Project, g.User, role))
		}
	}
	if len(missing) > 0 {
		return failf(strings.Join(cmds, "; "), "role %s exists but is not granted to %s", role, strings.Join(missing, ", "))
	}
	if len(grants) > 0 {
		return pass("role %s exists and is granted to the site's %d stack owner(s)", role, len(grants))
	}
	return pass("role %s exists (id %s)", role, rs[0].ID)
}

// checkTrusteeAuth: heat.conf's [trustee] user authenticates (heat-engine
// creates and uses trusts with it).
func checkTrusteeAuth(ctx context.Context, s *state) outcome {
	t := s.opts.Expect.Trustee
	if t == nil {
		return skipf("no [trustee] password credentials known: give --config-file /etc/heat/heat.conf")
	}
	if s.trusteeIsProber() {
		// the same user and password got the probing user's token
		if _, err := await[authed](ctx, s.mainToken()); err == nil {
			return pass("the [trustee] user %s authenticates", t.who())
		}
	}
	ao := gophercloud.AuthOptions{IdentityEndpoint: firstOf(t.AuthURL, s.opts.Credentials.AuthURL)}
	_, err := await[authed](ctx, s.trusteeToken())
	if err != nil {
		p := describe(err, budgetOf(ctx))
		if p.kind == "http" && p.status == 401 {
			return failf("heat-engine authenticates with [trustee] to create and use trusts (deferred auth): correct its username, password and "+
				"user_domain_name or user_domain_id (a typo such as 'defaut' for 'default' fails only at runtime), then restart heat-engine",
				"Keystone refuses the [trustee] credentials of %s (%s)", t.who(), p.text)
		}
		return failf(netHint(p, "Keystone"), "authenticating the [trustee] user at %s: %s", ao.IdentityEndpoint, p.text)
	}
	return pass("the [trustee] user %s authenticates", t.who())
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}
