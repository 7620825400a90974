#!/bin/bash
# Installs the heat.conf beside this script (host ctl2), rendered by heatconf from secretfree.toml.
#
#   install-heat.sh [--install-packages] [--dest PATH] [--no-restart] [--systemd-dir DIR]
#
#   --install-packages  apt-get install heat-api heat-api-cfn heat-engine python3-heatclient first
#   --dest PATH         where heat.conf goes (default /etc/heat/heat.conf)
#   --no-restart        do not restart heat-api, heat-api-cfn and heat-engine
#   --systemd-dir DIR   where the services' drop-ins go (default /etc/systemd/system)
#
# heat.conf is placed atomically, owned root:heat with mode 0640, then the
# database schema is brought up to date with heat-manage db_sync as the heat user.
# heat.conf holds no secret: heat.env goes to /etc/heat/secrets/heat.env (root:root 0600) and
# heat-environment.conf makes systemd give it to each service (oslo.config reads OS_* first).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=/etc/heat/heat.conf
packages=0
restart=1
env_dest=/etc/heat/secrets/heat.env
systemd_dir=/etc/systemd/system
while [ $# -gt 0 ]; do
	case $1 in
	--install-packages) packages=1 ;;
	--dest) [ $# -ge 2 ] || { echo "install-heat.sh: --dest needs a path" >&2; exit 2; }; dest=$2; shift ;;
	--dest=*) dest=${1#--dest=} ;;
	--no-restart) restart=0 ;;
	--systemd-dir) [ $# -ge 2 ] || { echo "install-heat.sh: --systemd-dir needs a directory" >&2; exit 2; }; systemd_dir=$2; shift ;;
	--systemd-dir=*) systemd_dir=${1#--systemd-dir=} ;;
	-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
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
tmp=$(mktemp "$dest.heatconf.XXXXXX")
trap 'rm -f "$tmp"' EXIT
cat "$here/heat.conf" >"$tmp"
chown root:heat "$tmp"
chmod 0640 "$tmp"
mv -f "$tmp" "$dest"
trap - EXIT
echo "installed $dest (root:heat 0640)"
install -d -m 0755 "$(dirname "$env_dest")"
tmp=$(mktemp "$env_dest.heatconf.XXXXXX")
trap 'rm -f "$tmp"' EXIT
cat "$here/heat.env" >"$tmp"
chown root:root "$tmp"
chmod 0600 "$tmp"
mv -f "$tmp" "$env_dest"
trap - EXIT
echo "installed $env_dest (root:root 0600)"
for svc in heat-api heat-api-cfn heat-engine; do
	install -d -m 0755 "$systemd_dir/$svc.service.d"
	install -m 0644 "$here/heat-environment.conf" "$systemd_dir/$svc.service.d/heat-environment.conf"
done
echo "installed $systemd_dir/{heat-api,heat-api-cfn,heat-engine}.service.d/heat-environment.conf"
if [ "$systemd_dir" = /etc/systemd/system ] && [ -d /run/systemd/system ]; then
	systemctl daemon-reload
fi
# heat-manage reads the secrets as the services do: from the environment
(set -a && . "$env_dest" && set +a && exec runuser -u heat -- heat-manage --config-file "$dest" db_sync)
echo "database schema is up to date"
if [ "$restart" = 1 ]; then
	for svc in heat-api heat-api-cfn heat-engine; do
		if [ -d /run/systemd/system ]; then
			systemctl restart "$svc"
		else
			service "$svc" restart
		fi
		echo "restarted $svc"
	done
fi
