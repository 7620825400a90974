#!/usr/bin/env bash
# bench-probe.sh - side by side on a running Heat: one `heatconf probe` against the same checks made
# with `openstack` and `heat` CLI commands (one process each, as the install guide and an operator
# make them). Prints one line per CLI command and per probe run on stderr, and the figures on stdout:
#
#   bench-probe: probe 21 checks in 0.62 s (median of 3); CLI 22 commands in 51.3 s; 83x faster
#
# Usage: scripts/bench-probe.sh
# Environment:
#   HEATCONF           the heatconf binary (default: heatconf in PATH)
#   PROBE_ARGS         arguments of `heatconf probe` (e.g. "--config-file /etc/heat/heat.conf --site site.toml")
#   OS_*               an admin's openrc, for the CLI commands (source it, or eval "$(stack.sh env)")
#   DOMAIN_ADMIN_PASSWORD, HEAT_PASSWORD
#                      for the CLI's password checks (stack domain admin, [trustee] user heat)
#   HEAT_API, CFN_API  heat-api and heat-api-cfn base URLs (default http://127.0.0.1:8004, :8000)
#   STACK_DOMAIN       (default heat), RUNS probe runs (default 3)
# Exit status: 0 when every CLI command succeeded, 1 otherwise.
set -euo pipefail

HEATCONF=${HEATCONF:-heatconf}
HEAT_API=${HEAT_API:-http://127.0.0.1:8004}
CFN_API=${CFN_API:-http://127.0.0.1:8000}
STACK_DOMAIN=${STACK_DOMAIN:-heat}
RUNS=${RUNS:-3}
: "${OS_AUTH_URL:?source an admin openrc first}"
: "${DOMAIN_ADMIN_PASSWORD:?set DOMAIN_ADMIN_PASSWORD}" "${HEAT_PASSWORD:?set HEAT_PASSWORD}"

ms() { date +%s%N | cut -c1-13; }
failed=0
count=0
total=0

# cli DESCRIPTION CMD...: run one command, time it
cli() {
  local what=$1 t0 t1 rc=0
  shift
  t0=$(ms)
  "$@" >/dev/null 2>&1 || rc=$?
  t1=$(ms)
  count=$((count + 1))
  total=$((total + t1 - t0))
  if ((rc != 0)); then
    failed=$((failed + 1))
    printf 'bench-probe: CLI %-45s FAILED (exit %d) in %d ms\n' "$what" "$rc" $((t1 - t0)) >&2
  else
    printf 'bench-probe: CLI %-45s ok in %d ms\n' "$what" $((t1 - t0)) >&2
  fi
}

# what the probe checks, by hand
cli "token issue (discovery, v3 token)" openstack token issue
cli "catalog show orchestration" openstack catalog show orchestration
cli "catalog show cloudformation" openstack catalog show cloudformation
cli "endpoint list orchestration" openstack endpoint list --service orchestration
cli "endpoint list cloudformation" openstack endpoint list --service cloudformation
cli "user show heat" openstack user show --domain Default heat
cli "role assignment list heat on service" openstack role assignment list --user heat --user-domain Default --project service --project-domain Default --names
cli "domain show $STACK_DOMAIN" openstack domain show "$STACK_DOMAIN"
cli "user show heat_domain_admin" openstack user show --domain "$STACK_DOMAIN" heat_domain_admin
cli "role assignment list heat_domain_admin" openstack role assignment list --user heat_domain_admin --user-domain "$STACK_DOMAIN" --domain "$STACK_DOMAIN" --names
cli "token issue as heat_domain_admin" env -u OS_PROJECT_NAME -u OS_PROJECT_DOMAIN_NAME OS_USERNAME=heat_domain_admin \
  OS_PASSWORD="$DOMAIN_ADMIN_PASSWORD" OS_USER_DOMAIN_NAME="$STACK_DOMAIN" OS_DOMAIN_NAME="$STACK_DOMAIN" openstack token issue
cli "role show heat_stack_user" openstack role show heat_stack_user
cli "role show heat_stack_owner" openstack role show heat_stack_owner
cli "role assignment list (stack owners)" openstack role assignment list --role heat_stack_owner --names
cli "token issue as heat ([trustee])" env -u OS_PROJECT_NAME -u OS_PROJECT_DOMAIN_NAME OS_USERNAME=heat OS_PASSWORD="$HEAT_PASSWORD" \
  OS_USER_DOMAIN_NAME=Default openstack token issue
cli "orchestration build info (heat-api)" openstack orchestration build info
cli "heat service-list (engines)" heat service-list
cli "orchestration service list (engines)" openstack orchestration service list
cli "curl heat-api versions" curl -sS -o /dev/null --max-time 10 "$HEAT_API/"
cli "curl heat-api /healthcheck" curl -fsS -o /dev/null --max-time 10 "$HEAT_API/healthcheck"
cli "curl heat-api Www-Authenticate" bash -c "curl -sS -D - -o /dev/null --max-time 10 '$HEAT_API/v1/x/stacks' | grep -qi '^www-authenticate: keystone'"
cli "curl heat-api-cfn versions" curl -sS -o /dev/null --max-time 10 "$CFN_API/"
cli "curl heat-api-cfn /healthcheck" curl -fsS -o /dev/null --max-time 10 "$CFN_API/healthcheck"
access=$(openstack ec2 credentials create -f value -c access 2>/dev/null || true)
count=$((count + 1)) # timed below with the delete: create + delete of the EC2 credential
t0=$(ms)
[[ -n $access ]] && openstack ec2 credentials delete "$access" >/dev/null 2>&1 || failed=$((failed + 1))
total=$((total + $(ms) - t0))
cli_ms=$total

# the probe, RUNS times; the median counts
times=()
read -r -a args <<<"${PROBE_ARGS:-}"
nchecks=0
for ((i = 1; i <= RUNS; i++)); do
  t0=$(ms)
  out=$("$HEATCONF" probe "${args[@]}" --format json 2>/dev/null || true)
  t1=$(ms)
  times+=($((t1 - t0)))
  nchecks=$(grep -c '"verdict"' <<<"$out" || true)
  printf 'bench-probe: probe run %d: %d checks in %d ms\n' "$i" "$nchecks" $((t1 - t0)) >&2
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
awk -v p="$median" -v c="$cli_ms" -v n="$count" -v k="$nchecks" -v r="$RUNS" 'BEGIN {
  printf "bench-probe: probe %d checks in %.2f s (median of %d); CLI %d commands in %.1f s; %.0fx faster\n",
    k, p / 1000, r, n, c / 1000, (p > 0 ? c / p : 0) }'
((failed == 0)) || { echo "bench-probe: $failed CLI commands failed" >&2; exit 1; }
