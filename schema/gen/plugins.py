#!/usr/bin/python3
"""Dump keystoneauth1 plugin options and keystonemiddleware auth_token options.

Run by schema/gen/gen.sh INSIDE a Debian chroot that has python3-keystoneauth1,
python3-keystonemiddleware and python3-yaml installed:

    python3 plugins.py OUTPUT.yaml

The output is YAML, sorted and free of anything that depends on the machine,
so two runs give byte-identical files. It holds:

  versions:            python distribution versions read (keystoneauth1, keystonemiddleware)
  available_plugins:   every keystoneauth1.plugin entry point installed, with its distribution
  plugins:             for each auth type in PLUGINS: its options (missing plugins are listed
                       under missing_plugins instead)
  auth_common:         auth_type / auth_section (register_auth_conf_options)
  session:             keystoneauth1 session options (register_session_conf_options)
  adapter:             keystoneauth1 adapter options (register_adapter_conf_options)
  keystone_authtoken:  keystonemiddleware.auth_token.list_opts(), each option marked
                       legacy: true when it belongs to the pre-keystoneauth
                       AuthTokenPlugin (auth_token._auth.OPTS; used only when
                       auth_type is unset)

Option fields: name (as written by the library; keystoneauth uses hyphens),
dest (the key oslo.config reads from a file), type, default, secret, required,
deprecated (names, in the library's spelling), deprecated_dest (underscore form),
help; oslo.config options also carry deprecated_for_removal / deprecated_reason /
deprecated_since where set.
"""

import importlib.metadata
import sys

import yaml

PLUGINS = [
    "password",
    "v3password",
    "token",
    "v3token",
    "v3applicationcredential",
    "v3totp",
    "v2password",
    "v2token",
]


def _plain(value):
    """Return value as something yaml.safe_dump writes deterministically."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    return repr(value)


def _type_name(t):
    if t is None:
        return None
    # oslo.config types: use the class name (String, Integer, Boolean, ...)
    # python types (keystoneauth1.loading.Opt): str, int, bool, float, ...
    name = getattr(t, "__name__", None) or type(t).__name__
    return name


def _ksa_opt(opt):
    """keystoneauth1.loading.Opt -> dict."""
    deprecated = [d.name for d in (opt.deprecated or [])]
    out = {
        "name": opt.name,
        "dest": opt.dest,
        "type": _type_name(opt.type),
        "default": _plain(opt.default),
        "secret": bool(opt.secret),
        "required": bool(opt.required),
        "deprecated": deprecated,
        "deprecated_dest": [d.replace("-", "_") for d in deprecated],
        "help": opt.help,
    }
    return out


def _oslo_opt(opt):
    """oslo_config.cfg.Opt -> dict."""
    deprecated = []
    for d in opt.deprecated_opts or []:
        name = d.name or opt.name
        deprecated.append(name if d.group is None else "%s/%s" % (d.group, name))
    out = {
        "name": opt.name,
        "dest": opt.dest,
        "type": _type_name(getattr(opt, "type", None)),
        "default": _plain(opt.default),
        "secret": bool(opt.secret),
        "required": bool(opt.required),
        "deprecated": deprecated,
        "deprecated_dest": [d.replace("-", "_") for d in deprecated],
        "help": opt.help,
    }
    if getattr(opt, "deprecated_for_removal", False):
        out["deprecated_for_removal"] = True
        out["deprecated_reason"] = opt.deprecated_reason
        out["deprecated_since"] = opt.deprecated_since
    return out


def _any_opt(opt):
    from keystoneauth1 import loading

    if isinstance(opt, loading.Opt):
        return _ksa_opt(opt)
    return _oslo_opt(opt)


def _by_dest(opts):
    return sorted(opts, key=lambda o: (o["dest"], o["name"]))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: plugins.py OUTPUT.yaml\n")
        return 2
    from keystoneauth1 import loading
    import keystonemiddleware.auth_token as auth_token

    data = {}
    data["versions"] = {
        dist: importlib.metadata.version(dist)
        for dist in ("keystoneauth1", "keystonemiddleware")
    }

    # Walk distributions rather than EntryPoint.dist (absent in python 3.9).
    loadable = set(loading.get_available_plugin_names())
    available = set()
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == "keystoneauth1.plugin":
                available.add((ep.name, dist.metadata["Name"] or ""))
    data["available_plugins"] = [
        {"name": name, "distribution": dist, "loadable": name in loadable}
        for name, dist in sorted(available)
    ]

    plugins = {}
    missing = []
    for name in PLUGINS:
        if name not in loadable:
            missing.append(name)
            continue
        plugins[name] = _by_dest(_ksa_opt(o) for o in loading.get_plugin_options(name))
    data["plugins"] = plugins
    data["missing_plugins"] = missing

    data["auth_common"] = _by_dest(_any_opt(o) for o in loading.get_auth_common_conf_options())
    data["session"] = _by_dest(_any_opt(o) for o in loading.get_session_conf_options())
    data["adapter"] = _by_dest(_any_opt(o) for o in loading.get_adapter_conf_options())

    legacy = set()
    try:
        from keystonemiddleware.auth_token import _auth
        legacy = {o.dest for o in getattr(_auth, "OPTS", [])}
    except ImportError:
        pass
    groups = {}
    for group, opts in auth_token.list_opts():
        rows = []
        for o in opts:
            row = _any_opt(o)
            row["legacy"] = row["dest"] in legacy
            rows.append(row)
        groups[group] = _by_dest(rows)
    data["keystone_authtoken"] = groups.get("keystone_authtoken", [])
    other = sorted(g for g in groups if g != "keystone_authtoken")
    if other:
        data["auth_token_other_groups"] = {g: groups[g] for g in other}

    text = yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          allow_unicode=True, width=1000)
    with open(argv[1], "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
