#!/usr/bin/python3
"""Dump keystoneauth1 plugin options and keystonemiddleware auth_token options.

Run by schema/gen/gen.sh INSIDE a Debian chroot that has python3-keystoneauth1,
python3-keystonemiddleware and python3-yaml installed:

    python3 plugins.py OUTPUT.yaml

The output is YAML, sorted and free of anything that depends on the machine,
so two runs give byte-identical files. It holds:

  versions:            python distribution versions read (keystoneauth1, keystonemiddleware)
  available_plugins:   every keystoneauth1.plugin entry point installed, with its distribution
  plugins:             for every loadable keystoneauth1.plugin entry point: its options
                       (PLUGINS must all be loadable; those that are not are listed under
                       missing_plugins)
  auth_common:         auth_type / auth_section (register_auth_conf_options)
  session:             keystoneauth1 session options (register_session_conf_options)
  adapter:             keystoneauth1 adapter options (register_adapter_conf_options)
  keystone_authtoken:  keystonemiddleware.auth_token.list_opts(), each option marked
                       legacy: true when it belongs to the pre-keystoneauth
                       AuthTokenPlugin (auth_token._auth.OPTS; used only when
                       auth_type is unset)
  dynamic_groups:      groups Heat registers at run time under a name taken from
                       another option, with the options it registers there (Heat >= 27:
                       [ec2authtoken.<cloud>] for each name in [ec2authtoken] clouds,
                       read by calling heat.api.aws.ec2token.EC2Token._register_ks_opts)

Option fields: name (as written by the library; keystoneauth uses hyphens),
dest (the key oslo.config reads from a file), type, default, secret, required,
deprecated (names, in the library's spelling), deprecated_dest (underscore form),
help; oslo.config options also carry deprecated_for_removal / deprecated_reason /
deprecated_since where set. Every option also has "oslo": genlib.describe_opt() of
the oslo.config option keystoneauth1 registers for it (type class and parameters,
raw deprecated names, formatted default).
"""

import copy
import importlib.metadata
import sys

import yaml

import genlib

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
    return genlib.plain(value)


def _type_name(t):
    if t is None:
        return None
    # oslo.config types: use the class name (String, Integer, Boolean, ...)
    # python types (keystoneauth1.loading.Opt): str, int, bool, float, ...
    name = getattr(t, "__name__", None) or type(t).__name__
    return name


def _ksa_opt(opt):
    """keystoneauth1.loading.Opt -> dict (with the oslo.config view under "oslo")."""
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
    out["oslo"] = genlib.describe_opt(opt._to_oslo_opt())
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
    out["oslo"] = genlib.describe_opt(opt)
    return out


def _any_opt(opt):
    from keystoneauth1 import loading

    if isinstance(opt, loading.Opt):
        return _ksa_opt(opt)
    return _oslo_opt(opt)


def _by_dest(opts):
    return sorted(opts, key=lambda o: (o["dest"], o["name"]))


def _dynamic_groups():
    """Groups heat registers at run time under names read from other options.

    Heat >= 27 (heat/api/aws/ec2token.py): for each name in [ec2authtoken]
    clouds, EC2Token._register_ks_opts('ec2authtoken.<name>') registers the
    keystoneauth auth, session and adapter options in that group and loads
    the auth plugin from it. Calling it for a probe name shows exactly what is
    registered; older Heat has no such method and no such groups.
    """
    try:
        from heat.api.aws import ec2token
    except ImportError:
        return {}
    register = getattr(getattr(ec2token, "EC2Token", None), "_register_ks_opts", None)
    if register is None:
        return {}
    from oslo_config import cfg
    probe = "ec2authtoken.heatconf_probe"
    register(None, probe)
    group = cfg.CONF._get_group(probe)
    opts = []
    for info in group._opts.values():
        opt = info["opt"]
        if "default" in info:
            # set_default() (e.g. service_type = identity) keeps the new
            # default beside the option, not in it
            opt = copy.copy(opt)
            opt.default = info["default"]
        opts.append(opt)
    return {
        "ec2authtoken.<cloud>": {
            "prefix": "ec2authtoken.",
            "registered_by": "heat.api.aws.ec2token.EC2Token._register_ks_opts",
            "named_by": "ec2authtoken/clouds",
            "loads_auth_plugin": True,
            "options": _by_dest(_any_opt(o) for o in opts),
        }
    }


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
    for name in sorted(loadable):
        plugins[name] = _by_dest(_ksa_opt(o) for o in loading.get_plugin_options(name))
    data["plugins"] = plugins
    data["missing_plugins"] = [name for name in PLUGINS if name not in loadable]

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

    data["dynamic_groups"] = _dynamic_groups()

    text = yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          allow_unicode=True, width=1000)
    with open(argv[1], "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
