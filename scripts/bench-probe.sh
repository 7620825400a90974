#!/usr/bin/env bash
# bench-probe.sh - side by side on a running Heat, in one run: `heatconf probe` as a whole process
# against the five `openstack` commands that answer only its first questions (catalog list,
# orchestration service list, domain show heat, user show --domain heat heat_domain_admin, role
# show heat_stack_user), one process each, as an operator types them. The two are run in turn,
# probe then the five commands, RUNS times; the medians and the median of the pairs' ratios count.
# With CACHE_SWITCH it does so with Keystone's cache off, then on.
#
# Prints one line per run on stderr, and the figures on stdout, one line per cache state:
#
#   bench-probe: cache off: probe 0.31 s, 5 openstack commands 13.6 s (medians of 5); 44x faster
#
# Usage: scripts/bench-probe.sh
# Environment:
#   HEATCONF      the heatconf binary (default: heatconf in PATH)
#   PROBE_ARGS    arguments of `heatconf probe` (e.g. "--config-file /etc/heat/heat.conf --site site.toml")
#   OS_*          an admin's openrc, for the openstack commands (source it, or eval "$(stack.sh env)")
#   STACK_DOMAIN  (default heat); RUNS pairs of runs (default 5)
#   CACHE_SWITCH  a command that turns Keystone's cache on or off, given "on" or "off" (the e2e
#                 stack's: "bash testdata/e2e/stack.sh keystone-cache"); without it the
#                 Keystone is measured as it is ("cache as is"). The cache is left on.
# Exit status: 0 when every openstack command succeeded, 1 otherwise.
set -euo pipefail

HEATCONF=${HEATCONF:-heatconf}
STACK_DOMAIN=${STACK_DOMAIN:-heat}
RUNS=${RUNS:-5}
: "${OS_AUTH_URL:?source an admin openrc first}"
read -r -a args <<<"${PROBE_ARGS:-}"

ns() { date +%s%N; }
failed=0

# the five commands an operator starts with, one process each
five() {
  local rc=0
  openstack catalog list >/dev/null 2>&1 || rc=1
  openstack orchestration service list >/dev/null 2>&1 || rc=1
  openstack domain show "$STACK_DOMAIN" >/dev/null 2>&1 || rc=1
  openstack user show --domain "$STACK_DOMAIN" heat_domain_admin >/dev/null 2>&1 || rc=1
  openstack role show heat_stack_user >/dev/null 2>&1 || rc=1
  return $rc
}

# measure LABEL: RUNS pairs, probe then the five; one figures line
measure() {
  local label=$1 i t0 t1 p c rc
  local -a probe_ms=() cli_ms=() ratio=()
  # warm-up, not counted: Keystone may just have restarted
  "$HEATCONF" probe "${args[@]}" --format json >/dev/null 2>&1 || true
  openstack token issue >/dev/null 2>&1 || true
  for ((i = 1; i <= RUNS; i++)); do
    t0=$(ns)
    "$HEATCONF" probe "${args[@]}" --format json >/dev/null 2>&1 || true
    t1=$(ns)
    p=$(((t1 - t0) / 1000000))
    rc=0
    t0=$(ns)
    five || rc=$?
    t1=$(ns)
    c=$(((t1 - t0) / 1000000))
    ((rc == 0)) || failed=$((failed + 1))
    probe_ms+=("$p")
    cli_ms+=("$c")
    ratio+=("$(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.2f", (p > 0 ? c / p : 0) }')")
    printf 'bench-probe: %s: run %d: probe %d ms, 5 openstack commands %d ms%s\n' "$label" "$i" "$p" "$c" \
      "$( ((rc == 0)) || echo ' (a command FAILED)')" >&2
  done
  local mp mc mr mid=$(((RUNS + 1) / 2))
  mp=$(printf '%s\n' "${probe_ms[@]}" | sort -n | sed -n "${mid}p")
  mc=$(printf '%s\n' "${cli_ms[@]}" | sort -n | sed -n "${mid}p")
  mr=$(printf '%s\n' "${ratio[@]}" | sort -g | sed -n "${mid}p")
  awk -v l="$label" -v p="$mp" -v c="$mc" -v r="$mr" -v n="$RUNS" 'BEGIN {
    printf "bench-probe: %s: probe %.2f s, 5 openstack commands %.1f s (medians of %d); %.0fx faster\n", l, p / 1000, c / 1000, n, r }'
}

if [[ -n ${CACHE_SWITCH:-} ]]; then
  read -r -a switch <<<"$CACHE_SWITCH"
  for state in off on; do
    "${switch[@]}" "$state" >&2
    measure "cache $state"
  done
else
  measure "cache as is"
fi
((failed == 0)) || { echo "bench-probe: $failed runs of the openstack commands failed" >&2; exit 1; }
