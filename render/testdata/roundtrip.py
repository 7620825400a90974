"""Reads values back with the real libraries Heat uses, for render's tests.

stdin: {"conf": PATH, "keys": [NAME, ...], "transport_urls": [URL, ...], "db_urls": [URL, ...],
        "sections": [PATH, ...]}
stdout: {"values": {NAME: VALUE}, "transport": [{"username", "password", "hosts", "virtual_host"}],
         "db": [{"username", "password", "host", "port", "database", "query"}],
         "sections": [{SECTION: {KEY: [RAW VALUE, ...]}}, ...]}
"sections" parses whole files with oslo.config's own parser (no options
registered, no interpolation), to see which sections and keys it holds.
The conf file's keys are read from group [t] as StrOpts through oslo.config's
ConfigOpts, so interpolation ($name, $$) and quote stripping apply as in Heat.
"""
import json
import sys

from oslo_config import cfg


def main():
    req = json.load(sys.stdin)
    out = {"values": {}, "transport": [], "db": [], "sections": []}
    for path in req.get("sections") or []:
        sections = {}
        cfg.ConfigParser(path, sections).parse()
        out["sections"].append({s: {k: list(v) for k, v in kv.items()} for s, kv in sections.items()})
    if req.get("conf"):
        conf = cfg.ConfigOpts()
        conf.register_opts([cfg.StrOpt(k) for k in req["keys"]], group="t")
        conf(args=["--config-file", req["conf"]], project="roundtrip", default_config_files=[],
             default_config_dirs=[])
        for k in req["keys"]:
            out["values"][k] = getattr(conf.t, k)
    if req.get("transport_urls"):
        import oslo_messaging
        conf = cfg.ConfigOpts()
        for u in req["transport_urls"]:
            t = oslo_messaging.TransportURL.parse(conf, u)
            out["transport"].append({
                "hosts": [{"hostname": h.hostname, "port": h.port, "username": h.username,
                           "password": h.password} for h in t.hosts],
                "virtual_host": t.virtual_host,
            })
    if req.get("db_urls"):
        from sqlalchemy.engine import make_url
        for u in req["db_urls"]:
            url = make_url(u)
            out["db"].append({"username": url.username, "password": url.password, "host": url.host,
                              "port": url.port, "database": url.database,
                              "query": {k: v for k, v in url.query.items()}})
    json.dump(out, sys.stdout)


main()
