#!/bin/bash
# Heat database bootstrap for MariaDB and MySQL 8, rendered by heatconf from secretfree.toml.
# It runs bootstrap-db.sql (beside it) with the database password, which neither file holds: it
# reads OS_DATABASE__CONNECTION from heat.env at run time and gives the password to the client on
# standard input, never on a command line.
#
#   bootstrap-db.sh [CLIENT ARGUMENTS...]      e.g. bootstrap-db.sh -u root
#
# heat.env is HEATCONF_ENV_FILE, else the heat.env of this render (beside this script or in a
# host's directory), else /etc/heat/secrets/heat.env. The client is HEATCONF_MYSQL, else mariadb, else mysql.
set -euo pipefail
umask 077
here=$(cd "$(dirname "$0")" && pwd)
env_file=${HEATCONF_ENV_FILE:-}
if [ -z "$env_file" ]; then
	env_file=/etc/heat/secrets/heat.env
	for f in "$here"/*/heat.env "$here/heat.env"; do
		if [ -e "$f" ]; then env_file=$f; fi
	done
fi
if [ ! -r "$env_file" ]; then
	echo "bootstrap-db.sh: cannot read $env_file, the render's heat.env: set HEATCONF_ENV_FILE to where it is" >&2
	exit 2
fi
# heat.env is systemd's EnvironmentFile= syntax, which the shell reads alike
url=$(set -a && . "$env_file" && printf '%s' "${OS_DATABASE__CONNECTION:-}")
# oslo.config's "$" escaping: \$ and $$ stand for $
url=${url//'\$'/'$$'}
url=${url//'$$'/'$'}
rest=${url#*://}
userinfo=${rest%%@*}
if [ -z "$url" ] || [ "$userinfo" = "$rest" ] || [ "${userinfo#*:}" = "$userinfo" ]; then
	echo "bootstrap-db.sh: $env_file has no OS_DATABASE__CONNECTION with a password" >&2
	exit 2
fi
password=${userinfo#*:}
# the password is percent-encoded: every byte but A-Z a-z 0-9 - . _ ~ is %XX
printf -v password '%b' "${password//'%'/'\x'}"
hex=$(printf '%s' "$password" | od -An -v -tx1 | tr -d ' \n')
client=${HEATCONF_MYSQL:-}
if [ -z "$client" ]; then
	client=mariadb
	if ! command -v mariadb >/dev/null; then client=mysql; fi
fi
{
	printf "SET @heatconf_db_password = CONVERT(UNHEX('%s') USING utf8mb4);\n" "$hex"
	cat "$here/bootstrap-db.sql"
} | "$client" "$@"
