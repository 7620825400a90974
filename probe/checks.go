package probe

// The check ids: stable, kebab-case, documented in docs/probe.md.
const (
	IDKeystoneDiscovery    = "keystone-discovery"
	IDKeystoneToken        = "keystone-token"
	IDCatalogOrchestration = "catalog-orchestration"
	IDCatalogCloudform     = "catalog-cloudformation"
	IDCatalogURLs          = "catalog-urls"
	IDHeatUser             = "heat-user"
	IDHeatUserRole         = "heat-user-role"
	IDStackDomain          = "stack-domain"
	IDStackDomainAdmin     = "stack-domain-admin"
	IDStackDomainAdminAuth = "stack-domain-admin-auth"
	IDStackUserRole        = "stack-user-role"
	IDStackOwnerRole       = "stack-owner-role"
	IDTrusteeAuth          = "trustee-auth"
	IDHeatAPIVersions      = "heat-api-versions"
	IDHeatAPIHealthcheck   = "heat-api-healthcheck"
	IDHeatAPIAuthURI       = "heat-api-www-authenticate"
	IDCfnVersions          = "heat-cfn-versions"
	IDCfnHealthcheck       = "heat-cfn-healthcheck"
	IDHeatEngines          = "heat-engines"
	IDEC2Token             = "ec2-token"
	IDStackCreate          = "stack-create"
)

// allChecks is every check in report order; a check's needs come before it.
func allChecks(opts Options) []check {
	stack := check{id: IDStackCreate, title: "a tiny stack is created and deleted",
		needs: []string{IDHeatEngines}, timeout: opts.StackTimeout, run: checkStackCreate}
	if !opts.CreateStack {
		stack.needs, stack.timeout = nil, 0
		stack.run = func(ctxArg, *state) outcome { return skipf("not asked for: add --create-stack") }
	}
	return []check{
		{id: IDKeystoneDiscovery, title: "Keystone answers version discovery with v3", run: checkKeystoneDiscovery},
		{id: IDKeystoneToken, title: "a project-scoped v3 token is issued", needs: []string{IDKeystoneDiscovery}, run: checkKeystoneToken},
		{id: IDCatalogOrchestration, title: "the catalog has orchestration endpoints", needs: []string{IDKeystoneToken},
			run: func(ctx ctxArg, s *state) outcome { return checkCatalog(ctx, s, "orchestration") }},
		{id: IDCatalogCloudform, title: "the catalog has cloudformation endpoints", needs: []string{IDKeystoneToken},
			run: func(ctx ctxArg, s *state) outcome { return checkCatalog(ctx, s, "cloudformation") }},
		{id: IDCatalogURLs, title: "endpoint URLs are the expected ones",
			needs: []string{IDCatalogOrchestration, IDCatalogCloudform}, run: checkCatalogURLs},
		{id: IDHeatUser, title: "the heat service user exists", needs: []string{IDKeystoneToken}, run: checkHeatUser},
		{id: IDHeatUserRole, title: "the heat user has its role in the service project", needs: []string{IDHeatUser}, run: checkHeatUserRole},
		{id: IDStackDomain, title: "the stack domain exists", needs: []string{IDKeystoneToken}, run: checkStackDomain},
		{id: IDStackDomainAdmin, title: "the stack domain admin exists with admin on the domain", needs: []string{IDStackDomain}, run: checkStackDomainAdmin},
		{id: IDStackDomainAdminAuth, title: "the stack domain admin's password works", needs: []string{IDStackDomain}, run: checkStackDomainAdminAuth},
		{id: IDStackUserRole, title: "the stack user role exists", needs: []string{IDKeystoneToken},
			run: func(ctx ctxArg, s *state) outcome { return checkRole(ctx, s, s.opts.Expect.StackUserRole, nil) }},
		{id: IDStackOwnerRole, title: "the stack owner role exists (and is granted)", needs: []string{IDKeystoneToken},
			run: func(ctx ctxArg, s *state) outcome {
				return checkRole(ctx, s, s.opts.Expect.StackOwnerRole, s.opts.Expect.StackOwners)
			}},
		{id: IDTrusteeAuth, title: "heat.conf's [trustee] credentials work", needs: []string{IDKeystoneDiscovery}, run: checkTrusteeAuth},
		{id: IDHeatAPIVersions, title: "heat-api answers its version document", needs: []string{IDCatalogOrchestration},
			run: func(ctx ctxArg, s *state) outcome { return checkVersions(ctx, s, "orchestration", "heat-api") }},
		{id: IDHeatAPIHealthcheck, title: "heat-api's /healthcheck answers 200", needs: []string{IDCatalogOrchestration},
			run: func(ctx ctxArg, s *state) outcome { return checkHealthcheck(ctx, s, "orchestration", "heat-api") }},
		{id: IDHeatAPIAuthURI, title: "heat-api sends clients to the right Keystone", needs: []string{IDCatalogOrchestration}, run: checkWWWAuthenticate},
		{id: IDCfnVersions, title: "heat-api-cfn answers its version document", needs: []string{IDCatalogCloudform},
			run: func(ctx ctxArg, s *state) outcome { return checkVersions(ctx, s, "cloudformation", "heat-api-cfn") }},
		{id: IDCfnHealthcheck, title: "heat-api-cfn's /healthcheck answers 200", needs: []string{IDCatalogCloudform},
			run: func(ctx ctxArg, s *state) outcome { return checkHealthcheck(ctx, s, "cloudformation", "heat-api-cfn") }},
		{id: IDHeatEngines, title: "every heat-engine reports up", needs: []string{IDHeatAPIVersions}, run: checkEngines},
		{id: IDEC2Token, title: "heat-api-cfn accepts an EC2-signed request", needs: []string{IDCfnVersions}, run: checkEC2Token},
		stack,
	}
}

// CheckIDs lists every check id in report order.
func CheckIDs() []string {
	var ids []string
	for _, c := range allChecks(Options{CreateStack: true}) {
		ids = append(ids, c.id)
	}
	return ids
}
