"""Reads a fixed configuration back the way the services read it, for lint's fix tests.

stdin: {"files": [PATH, ...],
        "opts": [{"group": G, "name": N, "multi": BOOL, "deprecated": [[G, N], ...]}, ...],
        "transport": [KEY, ...], "db": [KEY, ...], "drivers": [KEY, ...]}
  files are one configuration, in oslo.config's order (--config-file each).
  opts are registered as the release registers them (name, multi-valued or not, deprecated names
  and groups); KEY is "GROUP.NAME" of one of them.
stdout: {"values": {KEY: VALUE or [VALUE, ...] or null},
         "transport": {KEY: {"hosts": [{"hostname", "port", "username", "password"}],
                             "virtual_host": VHOST} or null},
         "db": {KEY: {"drivername", "username", "password", "host", "port", "database"} or null},
         "drivers": {KEY: [{"name": NAME, "entry_point": "module:Class" or null}, ...]}}
  values are what oslo.config's ConfigOpts gives (substitution and quotes applied); transport is
  oslo.messaging's TransportURL.parse of the value, db SQLAlchemy's make_url, and drivers the
  oslo.messaging.notify.drivers entry point each driver name loads (null: none, the driver is
  missing).
"""
import json
import sys
from importlib import metadata

from oslo_config import cfg


def main():
    req = json.load(sys.stdin)
    conf = cfg.ConfigOpts()
    for o in req["opts"]:
        kind = cfg.MultiStrOpt if o.get("multi") else cfg.StrOpt
        deprecated = [cfg.DeprecatedOpt(n, group=g) for g, n in o.get("deprecated") or []]
        group = None if o["group"] == "DEFAULT" else o["group"]
        conf.register_opt(kind(o["name"], deprecated_opts=deprecated), group=group)
    args = []
    for path in req["files"]:
        args += ["--config-file", path]
    conf(args=args, project="readback", default_config_files=[], default_config_dirs=[])

    def get(key):
        group, name = key.split(".", 1)
        return getattr(conf, name) if group == "DEFAULT" else getattr(getattr(conf, group), name)

    out = {"values": {}, "transport": {}, "db": {}, "drivers": {}}
    for o in req["opts"]:
        key = o["group"] + "." + o["name"]
        out["values"][key] = get(key)
    for key in req.get("transport") or []:
        value = get(key)
        if value is None:
            out["transport"][key] = None
            continue
        import oslo_messaging
        t = oslo_messaging.TransportURL.parse(cfg.ConfigOpts(), value)
        out["transport"][key] = {
            "hosts": [{"hostname": h.hostname, "port": h.port, "username": h.username,
                       "password": h.password} for h in t.hosts],
            "virtual_host": t.virtual_host,
        }
    for key in req.get("db") or []:
        value = get(key)
        if value is None:
            out["db"][key] = None
            continue
        from sqlalchemy.engine import make_url
        u = make_url(value)
        out["db"][key] = {"drivername": u.drivername, "username": u.username, "password": u.password,
                          "host": u.host, "port": u.port, "database": u.database}
    eps = {ep.name: ep.value for ep in metadata.entry_points(group="oslo.messaging.notify.drivers")}
    for key in req.get("drivers") or []:
        names = get(key) or []
        if isinstance(names, str):
            names = [names]
        out["drivers"][key] = [{"name": n, "entry_point": eps.get(n)} for n in names]
    json.dump(out, sys.stdout)


main()
