// Package probe checks a running Heat deployment from the outside: Keystone
// version discovery and a v3 token, the catalog's orchestration and
// cloudformation endpoints, the heat user and its role, the stack domain and
// its admin (with heat.conf's own password), the stack roles, heat-api and
// heat-api-cfn, every heat-engine, the EC2-signed path through heat-api-cfn
// and, when asked, a tiny stack created and deleted.
//
// Each check has a stable kebab-case id, a verdict (ok, warn, fail, skip or
// error, where error means "could not check", never "broken"), a duration,
// a message and, unless it passed, a hint saying what to do. Checks run
// concurrently; a check whose dependency did not pass is skipped, not failed
// again. Every request runs under a context with a timeout and the whole run
// under one deadline.
//
// The checks use gophercloud v2 wherever it has a call, and plain HTTP
// through gophercloud's ProviderClient.Request where it has none (heat-api's
// /services and /healthcheck, heat-api-cfn). Endpoints are taken from the
// token's catalog directly (gophercloud's locator runs without a context).
//
// Formatters (table, json, nagios, prometheus) turn a Report into text; see
// docs/probe.md for the check ids, the formats and the exit codes.
package probe
