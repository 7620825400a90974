package upgrade

// What the option data cannot say by itself, read in the upstream source
// at the tags named: what a limit counts and who it spares, what the new
// policy defaults require, what the [ec2authtoken] credentials are for,
// and the commands around an upgrade. The data decides whether a fact
// applies to a path (an option appears, a default changes); the fact
// explains it. docs/upgrade.md cites the same sources.

const (
	srcLimits = "heat 22.0.0: heat/common/config.py, heat/engine/service.py (not enforced when context.is_admin), " +
		"releasenotes/notes/limit-resources-aeb2f24e705840de.yaml"
	srcStackLimit = "heat heat/common/config.py, heat/engine/service.py create_stack (not enforced when context.is_admin)"
	srcPolicy     = "heat 22.0.0: heat/common/policy.py (opts.set_defaults(enforce_scope=True, enforce_new_defaults=True)), " +
		"heat/policies/*.py (scope_types=['project']), releasenotes/notes/enable-enforce-scope-and-new-defaults-76e9b64cc5bed89e.yaml"
	srcEC2 = "heat 24.1.1: heat/api/aws/ec2token.py (ks_loading.register_auth_conf_options(cfg.CONF, 'ec2authtoken')), " +
		"releasenotes/notes/fix-keystone-ec2token-api-authenticated-b77da7d1edbb086c.yaml, doc/source/install/install-ubuntu.rst; " +
		"commit 006357801 (backport of 0242c28d5, in 25.0.1 as 76bf87551 and in 26.0.0)"
	srcWSGI    = "heat 25.0.0: setup.cfg (no heat-api, heat-api-cfn, heat-all console scripts; wsgi_scripts heat-wsgi-api, heat-wsgi-api-cfn), releasenotes/notes/drop-heat-wsgi-scripts-using-eventlet-fb27d7912ffbd0a4.yaml"
	srcUpgrade = "heat doc/source/operating_guides/upgrades_guide.rst"
	srcStatus  = "heat setup.cfg (heat-status = heat.cmd.status:main), heat/cmd/status.py; oslo.upgradecheck upgradecheck.Code (0 success, 1 warning, 2 failure)"
	srcSLURP   = "openstack/releases data/series_status.yaml (slurp: yes); heat .zuul.yaml grenade-heat-multinode-skip-level"
)

// limitFact explains one of Heat's limits on what a project or a stack
// may hold.
type limitFact struct {
	counts string // what it counts
	admin  bool   // not enforced for a request Heat counts as admin
	source string
}

// limitFacts are Heat's limit options, all in [DEFAULT].
var limitFacts = map[string]limitFact{
	"max_software_configs_per_tenant":     {"software configs one project may hold", true, srcLimits},
	"max_software_deployments_per_tenant": {"software deployments one project may hold", true, srcLimits},
	"max_snapshots_per_stack":             {"snapshots one stack may hold", true, srcLimits},
	"max_stacks_per_tenant":               {"stacks one project may hold", true, srcStackLimit},
	"max_resources_per_stack":             {"resources one top-level stack may hold", false, "heat heat/common/config.py"},
	"max_events_per_stack":                {"events kept per stack (older ones are purged)", false, "heat heat/common/config.py"},
	"max_nested_stack_depth":              {"levels of nested stacks", false, "heat heat/common/config.py"},
	"max_template_size":                   {"bytes of a template", false, "heat heat/common/config.py"},
	"max_json_body_size":                  {"bytes of a JSON request body", false, "heat heat/common/config.py"},
}

// policyOptions are the [oslo_policy] options whose defaults Heat 22.0.0
// turned to true; a path that crosses the change gets a policy step
// instead of two lines among the defaults.
var policyOptions = []string{"enforce_new_defaults", "enforce_scope"}

const policyDetail = "Heat checks its API with the new default rules and with token scope. " +
	"Every Heat API is project-scoped: a token scoped to the system is refused. " +
	"Reading (stack list and show, resources, events, outputs, templates) needs the reader role in the stack's project; " +
	"writing (create, update, delete, actions, snapshots, software configs and deployments) needs member. " +
	"Keystone's default roles imply one another (admin implies member, member implies reader), so users with admin or member keep working. " +
	"The old rule, any role but heat_stack_user, is gone: a user whose only role is heat_stack_owner (what the install guides told to create) or another custom role is refused with 403. " +
	"heat_stack_user, the role of the users Heat creates for servers, keeps the metadata, signal and lookup calls. " +
	"A policy file ([oslo_policy] policy_file) still overrides the rules it names; a rule in it copied from the old defaults (rule:deny_stack_user) keeps the old behaviour for that API only."

// policyGone is said when the target has no enforce_scope.
const policyGone = "oslo.policy 6.0.0 (2026.2) removed [oslo_policy] enforce_scope: scope is always enforced (releasenotes/notes/remove-enforce-scope-flag-1c3e886a31fc9b66.yaml)."

// policyCommands check users and the policy file before the upgrade.
var policyCommands = []string{
	"openstack role assignment list --names --role heat_stack_owner   # these users need member in their project",
	"openstack role add --project PROJECT --user USER member",
	"oslopolicy-list-redundant --namespace heat --config-file /etc/heat/heat.conf   # policy file rules equal to the defaults: delete them",
}

// ec2Group is the group whose keystoneauth credentials Heat 24.1.1 and on
// need to check EC2 signatures.
const ec2Group = "ec2authtoken"

const ec2Why = "Keystone's ec2tokens API requires an authenticated caller since the fix of OSSA-2025-002; " +
	"from Heat 24.1.1 (backported to 25.0.1; 26.0.0 and on) heat-api-cfn calls it with the keystoneauth credentials of [ec2authtoken]. " +
	"Without them Heat falls back to an unauthenticated call that Keystone refuses, and every EC2/CloudFormation signature fails: " +
	"wait condition handles, SIGNAL URLs of software deployments and alarms, and heat-api-cfn requests signed with EC2 keys."

// ec2Keys are what the install guide of 24.1.1 writes in [ec2authtoken]:
// the Heat service user of [keystone_authtoken], in the same words.
var ec2Keys = []struct{ key, fallback string }{
	{"auth_url", "http://controller:5000"},
	{"auth_type", "password"},
	{"project_domain_name", "Default"},
	{"user_domain_name", "Default"},
	{"project_name", "service"},
	{"username", "heat"},
	{"password", "HEAT_PASS"},
}

const (
	dbSyncDetail = "With the new release's code and heat.conf, before its heat-engine starts: it brings the database schema to the release. " +
		"Stop the old heat-api and heat-engine first (a cold upgrade), or follow Heat's rolling upgrade guide."
	statusDetail = "With the new release's code and heat.conf: exit 0 is ready, 1 a warning to read, 2 a failure that stops the upgrade " +
		"(it checks that the policy file is YAML, not JSON)."
	wsgiDetail = "Heat 25.0.0 dropped the eventlet servers: there is no heat-api, heat-api-cfn or heat-all program. " +
		"Run the APIs under a WSGI server (uWSGI, Apache mod_wsgi) with heat-wsgi-api and heat-wsgi-api-cfn; " +
		"[heat_api] and [heat_api_cfn] bind_host, bind_port and workers are gone, the WSGI server's settings replace them."
)
