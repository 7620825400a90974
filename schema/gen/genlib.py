#!/usr/bin/python3
"""Small helpers for schema/gen/gen.sh, run INSIDE the Debian chroot.

    genlib.py entrypoints NAMESPACE...        check oslo.config.opts entry points
    genlib.py envdiff CANONICAL.yaml PROBE.yaml
    genlib.py summary GENERATED.yaml
    genlib.py merge VERSIONS.json RELEASE ENTRY.json
    genlib.py entry OUT.json KEY=VALUE...
    genlib.py generate GENERATOR-ARGS...      oslo-config-generator, with bug 1928582 fixed
    genlib.py types OUT.yaml NAMESPACE...     type parameters the generator YAML leaves out
    genlib.py runtime OUT.yaml NAMESPACE... -- MODULE...
                                              options Heat registers at run time that the
                                              generator does not list

entrypoints: prints a JSON object {"missing": [...], "unlisted": [...]}:
  missing   = namespaces given that no installed distribution provides
  unlisted  = oslo.config.opts entry points installed by heat's own distribution
              (openstack-heat) that are not among the namespaces given
  and exits 1 when something is missing.
envdiff: compares two oslo-config-generator YAML files made with different
  hostnames / CPU counts and prints a JSON list of {"option": "GROUP/NAME",
  "field": F, "canonical": V, "probe": W}: the values that depend on the machine.
summary: prints {"groups": N, "options": N, "group_names": [...]}.
merge: reads VERSIONS.json (may be missing), sets releases[RELEASE] to the JSON
  object in ENTRY.json and writes VERSIONS.json back, sorted, 2-space indented.
entry: writes one release's record for versions.json. VALUE forms: "@FILE" =
  the JSON in FILE; "list:a,b,c" = a list of strings; "pkgs:a,b,c" = a mapping
  package -> installed version (dpkg-query; "(not installed)" if absent);
  anything else = a string.
types: writes, for every option of the namespaces (the options oslo-config-generator
  lists, read through the generator's own _list_opts, so default updaters and driver
  options are applied the same way), what the generator's YAML does not say: the
  oslo_config.types class and its parameters (regex, ignore_case, quotes,
  max_length, item/value types, bounds, schemes, IP version, ...), the raw
  deprecated names (the generator drops names with '-', which oslo.config still
  reads from files), whether the option is multi-valued, and the default as
  the type's format_defaults() writes it. Keyed by group, then dest.
runtime: imports what Heat's services import (the MODULEs that exist; which
  failed is recorded), loads the engine's resource plugins, and writes every
  option then registered on cfg.CONF that the namespaces' options do not
  include, keyed by group: e.g. [yaql] and the *_cache groups of heat 19,
  [cache] of heat 15 (heat.common.cache registers it, no namespace lists it),
  oslo.concurrency's [oslo_concurrency]. Rows are describe_opt() plus help,
  secret, required, advanced and the deprecation fields; a default changed
  with set_default() is the one written.
Only the Python standard library and PyYAML (a dependency of oslo.config) are used.
"""

import importlib.metadata
import json
import os
import sys


def _eps(group):
    """[(entry point name, distribution name)] for one entry point group.

    Walks distributions instead of using EntryPoint.dist, which python 3.9
    (bullseye) does not have. Sorted, duplicates removed.
    """
    out = set()
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == group:
                out.add((ep.name, dist.metadata["Name"] or ""))
    return sorted(out)


def plain(value):
    """Return value as something yaml.safe_dump writes deterministically."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, str):  # oslo.i18n Message and other str subclasses
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    # oslo.i18n messages and other str-like objects
    return str(value)


_BUILTINS = [(str, "str"), (int, "int"), (float, "float"), (bool, "bool")]


def describe_type(t):
    """An oslo.config option type -> dict of its class and parameters.

    class is the oslo_config.types class the type is (or derives from);
    builtin:str / builtin:int / ... for plain python callables (keystoneauth1
    loading.Opt types); custom: for anything else (then "callable" names it).
    """
    from oslo_config import types
    if t is None:
        return {"class": "String"}
    for builtin, name in _BUILTINS:
        if t is builtin:
            return {"class": "builtin:" + name}
    base = None
    for cls in type(t).__mro__:
        if cls.__module__ == "oslo_config.types" and cls is not types.ConfigType:
            base = cls.__name__
            break
    if base is None:
        return {"class": "custom", "callable": "%s.%s" % (getattr(t, "__module__", "?"),
                                                           getattr(t, "__qualname__", type(t).__qualname__))}
    out = {"class": base}
    if type(t).__module__ != "oslo_config.types":
        out["subclass"] = "%s.%s" % (type(t).__module__, type(t).__qualname__)
    out["type_name"] = plain(getattr(t, "type_name", None))
    choices = getattr(t, "choices", None)
    if choices is not None:
        # [] differs from no choices: Integer(choices=[]) accepts nothing
        out["choices"] = [[plain(k), plain(v)] for k, v in choices.items()]
    for attr in ("quotes", "ignore_case", "max_length", "min", "max", "bounds",
                 "key_value_separator", "inclusive"):
        if attr in vars(t):
            out[attr] = plain(getattr(t, attr))
    if "schemes" in vars(t):
        out["schemes"] = plain(list(t.schemes) if t.schemes is not None else None)
    regex = getattr(t, "regex", None)
    if regex is not None:
        out["regex"] = regex.pattern
        out["regex_flags"] = int(regex.flags)
    checker = getattr(t, "version_checker", None)
    if checker is None and getattr(t, "ip_address", None) is not None:
        checker = getattr(t.ip_address, "version_checker", None)
    if checker is not None:
        out["ip_version"] = {"_check_ipv4": 4, "_check_ipv6": 6}.get(checker.__name__)
    if getattr(t, "item_type", None) is not None:
        out["item_type"] = describe_type(t.item_type)
    if getattr(t, "value_type", None) is not None:
        out["value_type"] = describe_type(t.value_type)
    return out


def describe_deprecated(opt):
    """The (group, name) pairs oslo.config reads for opt besides its dest, raw:
    group None = the option's own group, name None = the option's dest."""
    out = []
    for d in getattr(opt, "deprecated_opts", None) or []:
        pair = [d.group, d.name]
        if pair not in out:
            out.append(pair)
    return out


def format_default(opt):
    """The default as the generator's sample writes it, ignoring sample_default."""
    from oslo_config import generator
    t = getattr(opt, "type", None)
    if hasattr(t, "format_defaults"):
        return [str(v) for v in t.format_defaults(opt.default)]
    saved = opt.sample_default
    try:
        opt.sample_default = None
        return generator._format_defaults(opt)
    finally:
        opt.sample_default = saved


def describe_opt(opt):
    return {
        "name": opt.name,
        "dest": opt.dest,
        "opt_class": type(opt).__name__,
        "multi": bool(getattr(opt, "multi", False)),
        "type": describe_type(getattr(opt, "type", None)),
        "deprecated": describe_deprecated(opt),
        "default": plain(opt.default),
        "format": format_default(opt),
    }


def cmd_types(out_path, namespaces):
    import yaml
    from oslo_config import generator
    options = {}
    conflicts = []
    for namespace, listing in generator._list_opts(namespaces):
        for group, opts in listing:
            gname = getattr(group, "name", group) or "DEFAULT"
            gname = str(gname)
            for opt in opts:
                row = describe_opt(opt)
                row["namespace"] = namespace
                old = options.setdefault(gname, {}).get(opt.dest)
                if old is None:
                    options[gname][opt.dest] = row
                elif {k: v for k, v in old.items() if k != "namespace"} != {k: v for k, v in row.items() if k != "namespace"}:
                    conflicts.append("%s/%s (%s, %s)" % (gname, opt.dest, old["namespace"], namespace))
    versions = {}
    for dist in ("oslo.config", "rfc3986", "netaddr"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    data = {"versions": versions, "options": options, "conflicts": conflicts}
    text = yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          allow_unicode=True, width=1000)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


def runtime_row(opt, default=None, has_default=False):
    """An oslo.config option -> the row AddRuntime (schema/internal/optdata) reads."""
    import copy
    if has_default:
        opt = copy.copy(opt)
        opt.default = default
    row = {
        "name": opt.name,
        "dest": opt.dest,
        "help": plain(opt.help),
        "secret": bool(opt.secret),
        "required": bool(opt.required),
        "advanced": bool(getattr(opt, "advanced", False)),
        "oslo": describe_opt(opt),
    }
    if getattr(opt, "deprecated_for_removal", False):
        row["deprecated_for_removal"] = True
        row["deprecated_reason"] = plain(opt.deprecated_reason)
        row["deprecated_since"] = plain(opt.deprecated_since)
    return row


def cmd_runtime(out_path, args):
    import importlib
    import yaml
    from oslo_config import cfg, generator
    if "--" not in args:
        sys.stderr.write("runtime: NAMESPACE... -- MODULE...\n")
        return 2
    i = args.index("--")
    namespaces, modules = args[:i], args[i + 1:]
    known = set()
    for namespace, listing in generator._list_opts(namespaces):
        for group, opts in listing:
            gname = str(getattr(group, "name", group) or "DEFAULT")
            for opt in opts:
                known.add((gname.lower() if gname != "DEFAULT" else gname, opt.dest))
    imported, failed = [], []
    for m in modules:
        try:
            importlib.import_module(m)
            imported.append(m)
        except Exception as e:  # a module of another Heat version
            failed.append({"module": m, "error": type(e).__name__})
    try:
        from heat.engine import resources
        resources.initialise()
        imported.append("heat.engine.resources.initialise()")
    except Exception as e:
        failed.append({"module": "heat.engine.resources.initialise()", "error": type(e).__name__})
    options = {}
    groups = [("DEFAULT", cfg.CONF._opts)]
    groups += [(name, g._opts) for name, g in cfg.CONF._groups.items()]
    for gname, opts in groups:
        canon = gname if gname == "DEFAULT" else gname.lower()
        for dest, info in sorted(opts.items()):
            if (canon, dest) in known:
                continue
            opt = info["opt"]
            if getattr(opt, "positional", False):
                continue  # command line only
            row = runtime_row(opt, info.get("default"), "default" in info)
            options.setdefault(gname, []).append(row)
    data = {"modules": {"imported": imported, "failed": failed}, "options": options}
    text = yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          allow_unicode=True, width=1000)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


def cmd_entrypoints(namespaces):
    eps = _eps("oslo.config.opts")
    names = {name for name, _ in eps}
    missing = sorted(n for n in namespaces if n not in names)
    unlisted = sorted({name for name, dist in eps
                       if dist.lower().replace("_", "-") == "openstack-heat"
                       and name not in namespaces})
    print(json.dumps({"missing": missing, "unlisted": unlisted}, sort_keys=True))
    return 1 if missing else 0


def cmd_generate(args):
    """Run oslo-config-generator's main() with ARGS.

    oslo.config < 8.7.1 (bullseye has 8.3.3) cannot write --format yaml when a
    help text is an oslo.i18n Message (heat's are): yaml.safe_dump raises
    RepresenterError. Upstream fixed it in e5fc313 (bug 1928582) by registering
    a SafeDumper representer that writes str(message.translation()); this
    registers the very same representer when the installed generator lacks it,
    so the output is what a fixed generator writes.
    """
    from oslo_config import generator
    if not hasattr(generator, "i18n_representer"):
        import yaml
        from oslo_i18n import _message

        def i18n_representer(dumper, data):
            return dumper.represent_str(str(data.translation()))

        yaml.SafeDumper.add_representer(_message.Message, i18n_representer)
    return generator.main(args)


def _load(path):
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def cmd_envdiff(a_path, b_path):
    a, b = _load(a_path), _load(b_path)
    out = []
    groups = sorted(set(a["options"]) | set(b["options"]))
    for g in groups:
        ao = {o["name"]: o for o in a["options"].get(g, {}).get("opts", [])}
        bo = {o["name"]: o for o in b["options"].get(g, {}).get("opts", [])}
        for name in sorted(set(ao) | set(bo)):
            x, y = ao.get(name), bo.get(name)
            if x is None or y is None:
                out.append({"option": "%s/%s" % (g, name), "field": "(presence)",
                            "canonical": x is not None, "probe": y is not None})
                continue
            for field in sorted(set(x) | set(y)):
                if x.get(field) != y.get(field):
                    out.append({"option": "%s/%s" % (g, name), "field": field,
                                "canonical": x.get(field), "probe": y.get(field)})
    if a.get("deprecated_options") != b.get("deprecated_options"):
        out.append({"option": "(deprecated_options)", "field": "(any)",
                    "canonical": None, "probe": None})
    print(json.dumps(out, sort_keys=True))
    return 0


def cmd_summary(path):
    d = _load(path)
    opts = d["options"]
    print(json.dumps({
        "groups": len(opts),
        "options": sum(len(v.get("opts", [])) for v in opts.values()),
        "group_names": sorted(opts),
    }, sort_keys=True))
    return 0


def cmd_merge(versions_path, release, entry_path):
    data = {}
    if os.path.exists(versions_path) and os.path.getsize(versions_path) > 0:
        with open(versions_path, encoding="utf-8") as f:
            data = json.load(f)
    with open(entry_path, encoding="utf-8") as f:
        entry = json.load(f)
    data.setdefault("releases", {})[release] = entry
    data["generator"] = "schema/gen/gen.sh"
    tmp = versions_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, versions_path)
    return 0


def _pkg_versions(names):
    import subprocess
    out = {}
    for n in names:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}\t${Version}", n],
                           capture_output=True, text=True)
        status, _, version = r.stdout.partition("\t")
        out[n] = version if r.returncode == 0 and status.endswith(" installed") else "(not installed)"
    return out


def cmd_entry(out_path, pairs):
    entry = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if value.startswith("@"):
            with open(value[1:], encoding="utf-8") as f:
                entry[key] = json.load(f)
        elif value.startswith("list:"):
            entry[key] = [v for v in value[5:].split(",") if v]
        elif value.startswith("pkgs:"):
            entry[key] = _pkg_versions([v for v in value[5:].split(",") if v])
        else:
            entry[key] = value
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(entry, f, indent=2, sort_keys=True)
        f.write("\n")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "entrypoints":
        return cmd_entrypoints(argv[2:])
    if len(argv) == 4 and argv[1] == "envdiff":
        return cmd_envdiff(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "summary":
        return cmd_summary(argv[2])
    if len(argv) == 5 and argv[1] == "merge":
        return cmd_merge(argv[2], argv[3], argv[4])
    if len(argv) >= 2 and argv[1] == "generate":
        return cmd_generate(argv[2:])
    if len(argv) >= 3 and argv[1] == "runtime":
        return cmd_runtime(argv[2], argv[3:])
    if len(argv) >= 3 and argv[1] == "types":
        return cmd_types(argv[2], argv[3:])
    if len(argv) >= 3 and argv[1] == "entry":
        return cmd_entry(argv[2], argv[3:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
