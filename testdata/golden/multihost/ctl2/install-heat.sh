#!/bin/bash
# Installs the heat.conf beside this script (host ctl2), rendered by heatconf from multihost.toml.
#
#   install-heat.sh [--install-packages] [--dest PATH] [--no-restart]
#
#   --install-packages  apt-get install heat-api heat-api-cfn heat-engine python3-heatclient first
#   --dest PATH         where heat.conf goes (default /etc/heat/heat.conf)
#   --no-restart        do not restart heat-api, heat-api-cfn and heat-engine (they keep the
#                       configuration they started with until you restart them)
#
# Safe to run again: it changes only what differs. heat.conf is placed atomically, owned
# root:heat with mode 0640, only when its bytes differ from the installed file's (SHA-256);
# the services are restarted only then. heat-manage db_sync runs, as the heat user, only
# when the database is not at the schema revision the installed Heat ships.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=/etc/heat/heat.conf
packages=0
restart=1
while [ $# -gt 0 ]; do
	case $1 in
	--install-packages) packages=1 ;;
	--dest) [ $# -ge 2 ] || { echo "install-heat.sh: --dest needs a path" >&2; exit 2; }; dest=$2; shift ;;
	--dest=*) dest=${1#--dest=} ;;
	--no-restart) restart=0 ;;
	-h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; exit 0 ;;
	*) echo "install-heat.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ "$(id -u)" != 0 ]; then
	echo "install-heat.sh: run as root" >&2
	exit 2
fi
if [ "$packages" = 1 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y heat-api heat-api-cfn heat-engine python3-heatclient
fi
if ! getent group heat >/dev/null; then
	echo "install-heat.sh: there is no heat group: install the heat packages first (--install-packages)" >&2
	exit 3
fi
dir=$(dirname "$dest")
if [ ! -d "$dir" ]; then
	install -d -o heat -g heat -m 0750 "$dir"
fi
# place SRC DEST MODE [OWNER]: installs SRC as DEST (OWNER, default root:heat;
# MODE) unless DEST already holds the same bytes; says which, and sets
# changed=1 when it wrote
changed=0
place() {
	local src=$1 dst=$2 mode=$3 owner=${4:-root:heat} tmp
	if [ -f "$dst" ] && [ "$(sha256sum <"$src")" = "$(sha256sum <"$dst")" ]; then
		if [ "$(stat -c '%U:%G %a' "$dst")" != "$owner ${mode#0}" ]; then
			chown "$owner" "$dst"
			chmod "$mode" "$dst"
			echo "unchanged $dst (owner and mode set to $owner $mode)"
		else
			echo "unchanged $dst"
		fi
		return
	fi
	tmp=$(mktemp "$dst.heatconf.XXXXXX")
	trap 'rm -f "$tmp"' EXIT
	cat "$src" >"$tmp"
	chown "$owner" "$tmp"
	chmod "$mode" "$tmp"
	mv -f "$tmp" "$dst"
	trap - EXIT
	echo "installed $dst ($owner $mode)"
	changed=1
}
place "$here/heat.conf" "$dest" 0640

# heat_manage ARGS: heat-manage as the heat user, with heat.conf
heat_manage() {
	runuser -u heat -- heat-manage --config-file "$dest" "$@"
}

# Whether the schema needs db_sync: `heat-manage db_version` prints the
# database's revision, and the installed Heat ships its newest one (the
# head). Heat 21 (2023.2 bobcat) and later migrate with alembic: the head of
# heat/db/migrations, and db_version prints the current revision (None before
# the first db_sync). Heat 15 to 20 use sqlalchemy-migrate: the highest
# numbered script of heat/db/sqlalchemy/migrate_repo/versions, and db_version
# prints a number. The head is read with the Python that runs heat-manage (its
# #! line). Equal: nothing to do; different, or either unknown: db_sync, which
# is itself safe to run again.
heat_manage=$(command -v heat-manage || true)
if [ -z "$heat_manage" ]; then
	echo "install-heat.sh: heat-manage not found: install the heat packages first (--install-packages)" >&2
	exit 3
fi
read -r heat_python heat_python_arg <<<"$(sed -n '1s/^#! *//p' "$heat_manage")"
if [ "${heat_python##*/}" = env ]; then
	heat_python=$(command -v "$heat_python_arg" || true)
fi
head=$("${heat_python:-python3}" - 2>/dev/null <<'HEATCONF_PY_END' || true
import os
import heat.db
base = os.path.dirname(heat.db.__file__)
alembic = os.path.join(base, "migrations")
if os.path.isdir(os.path.join(alembic, "versions")):
    from alembic.script import ScriptDirectory
    print(ScriptDirectory(alembic).get_current_head())
else:
    legacy = os.path.join(base, "sqlalchemy", "migrate_repo", "versions")
    print(max(int(n.split("_")[0]) for n in os.listdir(legacy) if n.split("_")[0].isdigit()))
HEATCONF_PY_END
)
current=$(heat_manage db_version 2>/dev/null | tail -n 1 || true)
if [ -n "$head" ] && [ "$current" = "$head" ]; then
	echo "database schema is up to date (revision $current)"
else
	echo "database schema: revision ${current:-unknown}, Heat ships ${head:-unknown}: heat-manage db_sync"
	heat_manage db_sync
	echo "database schema is up to date"
fi
if [ "$restart" = 1 ] && [ "$changed" = 1 ]; then
	for svc in heat-api heat-api-cfn heat-engine; do
		if [ -d /run/systemd/system ]; then
			systemctl restart "$svc"
		else
			service "$svc" restart
		fi
		echo "restarted $svc"
	done
elif [ "$restart" = 1 ]; then
	echo "no configuration changed: heat-api, heat-api-cfn and heat-engine keep running"
fi
