package probe

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/domains"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
	"github.com/gophercloud/gophercloud/v2/openstack/utils"
)

// checkKeystoneDiscovery: GET the unversioned Keystone URL; v3 must be there.
func checkKeystoneDiscovery(ctx context.Context, s *state) outcome {
	base, err := utils.BaseEndpoint(s.opts.Credentials.AuthURL)
	if err != nil {
		return failf("give a Keystone URL such as https://keystone.example.net:5000/v3", "the auth URL %q: %v", s.opts.Credentials.AuthURL, err)
	}
	versions, err := utils.GetServiceVersions(ctx, s.anon, base, true)
	if err != nil {
		p := describe(err, budgetOf(ctx))
		hint := netHint(p, "Keystone")
		if p.kind == "other" {
			hint = "the answer is not a Keystone version document: is the auth URL Keystone's?"
		}
		return failf(hint+fmt.Sprintf(" (the auth URL comes from %s)", s.opts.Credentials.Source),
			"Keystone version discovery at %s: %s", base, p.text)
	}
	var found []string
	for _, v := range versions {
		found = append(found, fmt.Sprintf("v%d.%d", v.Major, v.Minor))
		if v.Major != 3 {
			continue
		}
		switch v.Status {
		case utils.StatusCurrent, utils.StatusSupported:
			return pass("Keystone at %s offers identity v%d.%d (%s)", base, v.Major, v.Minor, v.Status)
		default:
			return warnf("Heat needs Keystone v3: upgrade Keystone", "Keystone at %s offers identity v%d.%d with status %q", base, v.Major, v.Minor, v.Status)
		}
	}
	return failf("Heat needs the identity v3 API: is the auth URL Keystone's?", "Keystone at %s offers no v3 API (found: %s)", base, strings.Join(found, ", "))
}

// authOptions turns credentials into gophercloud's, scoped to the project.
func authOptions(c Credentials) gophercloud.AuthOptions {
	ao := gophercloud.AuthOptions{
		IdentityEndpoint:            c.AuthURL,
		Username:                    c.Username,
		UserID:                      c.UserID,
		Password:                    c.Password,
		ApplicationCredentialID:     c.ApplicationCredentialID,
		ApplicationCredentialName:   c.ApplicationCredentialName,
		ApplicationCredentialSecret: c.ApplicationCredentialSecret,
	}
	if c.UserID == "" {
		if c.UserDomainID != "" {
			ao.DomainID = c.UserDomainID
		} else {
			ao.DomainName = c.UserDomainName
		}
	}
	if c.ApplicationCredentialID != "" || c.ApplicationCredentialName != "" {
		ao.Password = ""
		return ao
	}
	switch {
	case c.ProjectID != "":
		ao.Scope = &gophercloud.AuthScope{ProjectID: c.ProjectID}
	case c.ProjectName != "":
		sc := &gophercloud.AuthScope{ProjectName: c.ProjectName}
		switch {
		case c.ProjectDomainID != "":
			sc.DomainID = c.ProjectDomainID
		case c.ProjectDomainName != "":
			sc.DomainName = c.ProjectDomainName
		case c.UserDomainID != "":
			sc.DomainID = c.UserDomainID
		default:
			sc.DomainName = firstOf(c.UserDomainName, "Default")
		}
		ao.Scope = sc
	}
	return ao
}

// authenticate gets a token for ao on a fresh provider client.
func authenticate(ctx context.Context, s *state, ao gophercloud.AuthOptions) (*gophercloud.ProviderClient, tokens.CreateResult, error) {
	pc, err := newProvider(ao.IdentityEndpoint, s.hc)
	if err != nil {
		return nil, tokens.CreateResult{}, err
	}
	err = openstack.AuthenticateV3(ctx, pc, &ao, gophercloud.EndpointOpts{})
	if err != nil {
		return nil, tokens.CreateResult{}, err
	}
	s.addSecrets(pc.Token())
	res, _ := pc.GetAuthResult().(tokens.CreateResult)
	return pc, res, nil
}

// checkKeystoneToken: a password (or application credential) token scoped
// to the project, with its catalog.
func checkKeystoneToken(ctx context.Context, s *state) outcome {
	c := s.opts.Credentials
	tok, err := await[authed](ctx, s.mainToken())
	pc, res := tok.pc, tok.res
	if err != nil {
		p := describe(err, budgetOf(ctx))
		if p.kind == "http" && (p.status == 401 || p.status == 403) {
			hint := fmt.Sprintf("check the password and the user, project and domain names of %s", c.Source)
			if strings.Contains(c.Source, "[keystone_authtoken]") {
				hint = "heat.conf's [keystone_authtoken] password (or user, project or domain) does not match Keystone: heat-api cannot validate any token. " +
					"Set the same password in Keystone (openstack user set --password-prompt " + c.Username + ") and heat.conf, then restart the Heat services"
			}
			return failf(hint, "Keystone refused the credentials of %s for project %s (%s): %s", c.who(), c.project(), c.Source, p.text)
		}
		return failf(netHint(p, "Keystone"), "getting a token from %s: %s", c.AuthURL, p.text)
	}
	project, err := res.ExtractProject()
	if err != nil || project == nil || project.ID == "" {
		return failf("give a project (OS_PROJECT_NAME and OS_PROJECT_DOMAIN_NAME): Heat's endpoints need a project-scoped token",
			"the token is not scoped to a project")
	}
	user, _ := res.ExtractUser()
	roles, _ := res.ExtractRoles()
	cat, err := res.ExtractServiceCatalog()
	if err != nil {
		return couldNot("", "reading the token's catalog: %v", err)
	}
	info := tokenInfo{projectID: project.ID, projectName: project.Name,
		projectDomainID: project.Domain.ID, projectDomainName: project.Domain.Name}
	if user != nil {
		info.userID, info.userName = user.ID, user.Name
	}
	for _, r := range roles {
		info.roles = append(info.roles, r.Name)
	}
	sort.Strings(info.roles)
	for _, e := range cat.Entries {
		ce := catalogEntry{Type: e.Type, Name: e.Name}
		for _, ep := range e.Endpoints {
			ce.Endpoints = append(ce.Endpoints, catalogEndpoint{ID: ep.ID, Interface: ep.Interface,
				Region: firstOf(ep.Region, ep.RegionID), URL: ep.URL})
		}
		info.catalog = append(info.catalog, ce)
	}
	region, note := pickRegion(info.catalog, s.opts.Region)
	s.mu.Lock()
	s.authed, s.token, s.region = pc, info, region
	s.mu.Unlock()
	if user != nil {
		s.knowDomain(user.Domain)
	}
	s.knowDomain(project.Domain)
	o := pass("token for user %s in project %s (roles: %s); catalog of %d services", info.userName, info.projectName,
		strings.Join(info.roles, ", "), len(info.catalog))
	if note != "" {
		o = warnf("give the region with --os-region-name (or OS_REGION_NAME)", "%s; %s", o.message, note)
	}
	if !slices.Contains(info.roles, "admin") {
		o.details = append(o.details, "the user has no admin role in this project: the identity and engine checks may not be allowed")
	}
	return o
}

// pickRegion returns want, or the only region of Heat's endpoints, with a
// note when there are several to choose from.
func pickRegion(cat []catalogEntry, want string) (string, string) {
	if want != "" {
		return want, ""
	}
	seen := map[string]bool{}
	for _, e := range cat {
		if e.Type != "orchestration" && e.Type != "cloudformation" {
			continue
		}
		for _, ep := range e.Endpoints {
			if ep.Region != "" {
				seen[ep.Region] = true
			}
		}
	}
	var regions []string
	for r := range seen {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	switch len(regions) {
	case 0:
		return "", ""
	case 1:
		return regions[0], ""
	}
	return regions[0], fmt.Sprintf("Heat has endpoints in regions %s: probing %s", strings.Join(regions, ", "), regions[0])
}

// knowDomain notes a domain a token names: it exists and is enabled, or
// Keystone would not have issued the token. Lookups of it by name or ID
// need no request.
func (s *state) knowDomain(d tokens.Domain) {
	if d.ID == "" || d.Name == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range s.domains {
		if k.ID == d.ID {
			return
		}
	}
	s.domains = append(s.domains, domains.Domain{ID: d.ID, Name: d.Name, Enabled: true})
}

// knownDomain is the domain named or identified by nameOrID that a token
// named, if any.
func (s *state) knownDomain(nameOrID string) (domains.Domain, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.domains {
		if inDomain(d.ID, d.Name, nameOrID) {
			return d, true
		}
	}
	return domains.Domain{}, false
}
