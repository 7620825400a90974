#!/bin/bash
# Keystone bootstrap for Heat, rendered by heatconf from hostile.toml.
# It creates or corrects: the heat user and its roles on project service,
# the orchestration and cloudformation services and their six endpoints in RegionOne, the stack
# domain heat with its admin heat_domain_admin, the roles heat_stack_user and heat_stack_owner
# and the stack owner grants. Safe to run again: a second run changes nothing.
#
#   bootstrap-keystone.sh [--dry-run]
#
#   --dry-run  print what it would create, update, grant and delete (duplicate endpoints),
#              and change nothing in Keystone
#
# Admin credentials come from your environment, never from this file: source an
# openrc (OS_AUTH_URL, OS_USERNAME, ...) or set OS_CLOUD to a clouds.yaml entry.
# Needs python3-openstacksdk (Debian/Ubuntu package; it comes with python3-openstackclient).
# Set HEATCONF_PYTHON to use another interpreter. This file holds passwords: keep it 0700.
set -euo pipefail
umask 077
args=()
while [ $# -gt 0 ]; do
	case $1 in
	--dry-run) args+=(--dry-run) ;;
	-h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; exit 0 ;;
	*) echo "bootstrap-keystone.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
python=${HEATCONF_PYTHON:-/usr/bin/python3}
if [ ! -x "$python" ]; then
	echo "bootstrap-keystone.sh: $python not found; install python3-openstacksdk or set HEATCONF_PYTHON" >&2
	exit 3
fi
if [ -z "${OS_AUTH_URL:-}" ] && [ -z "${OS_CLOUD:-}" ]; then
	echo "bootstrap-keystone.sh: no admin credentials: source an admin openrc or set OS_CLOUD" >&2
	exit 2
fi
# The program comes on file descriptor 3 (python3 /dev/fd/3), its plan (which holds the passwords) on standard input: the command line shows
# neither, and neither the environment nor the command line of any process ever carries a password.
exec 3<<'HEATCONF_PY_END'
# keystone_bootstrap.py from internal/ksboot, verbatim (checked by TestGolden)
HEATCONF_PY_END
exec "$python" /dev/fd/3 "${args[@]}" <<'HEATCONF_PLAN_END'
{"region":"RegionOne","service_domain":"Default","service_project":"service","heat_user":"heat","heat_password":"p@ss:w/rd'\"$x%;#\\","heat_roles":["admin"],"services":[{"name":"heat","type":"orchestration","description":"Orchestration","endpoints":{"admin":"http://heat.example.net:8004/v1/%(tenant_id)s","internal":"http://heat.example.net:8004/v1/%(tenant_id)s","public":"http://heat.example.net:8004/v1/%(tenant_id)s"}},{"name":"heat-cfn","type":"cloudformation","description":"Orchestration","endpoints":{"admin":"http://heat.example.net:8000/v1","internal":"http://heat.example.net:8000/v1","public":"http://heat.example.net:8000/v1"}}],"stack_domain":"heat","stack_domain_description":"Stack projects and users","stack_domain_admin":"heat_domain_admin","stack_domain_admin_password":" \"$$ {quoted} ${x} 'end' ","roles":["heat_stack_user","heat_stack_owner"],"stack_owner_role":"heat_stack_owner","stack_owners":[],"strong_secrets":["heat_password","stack_domain_admin_password"]}
HEATCONF_PLAN_END
