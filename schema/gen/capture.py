#!/usr/bin/python3
"""The options Heat's services register and the defaults they read, captured by
starting each service up to the point where it would serve.

    capture.py service SERVICE OUT.yaml
    capture.py merge OUT.yaml NAMESPACE... -- SERVICE.yaml...

service: starts one Heat program, SERVICE being the name of a console script
  (heat-api, heat-api-cfn, heat-engine) or a WSGI script (heat-wsgi-api,
  heat-wsgi-api-cfn) of Heat's distribution, exactly as its entry point does
  (console script: main(); WSGI script: init_application()), with sys.argv[0]
  the program's path, an empty configuration file and config directory of its
  own (Heat's etc/heat/api-paste.ini beside it, so the API's paste pipeline
  loads: keystonemiddleware's auth_token, Heat's ec2token and the other
  middleware are built) and stops it where it would start serving:
  oslo_service.service.launch (heat-engine: its workers), Heat's
  wsgi.Server.start (the eventlet API servers); a WSGI script returns its
  application. By then the program has parsed its configuration, set up
  logging, loaded the messaging transport and its driver (oslo.messaging's
  RabbitMQ driver registers its options, the connection pool's among them, in
  [oslo_messaging_rabbit] when it loads), built the paste pipeline and called
  every set_defaults Heat calls at start (oslo_messaging.set_transport_defaults
  ('heat'), oslo.policy's, cors', the [ec2authtoken] service_type default of
  Heat >= 24.1.1, ...). heat-engine then loads its resource plugins
  (heat.engine.resources.initialise(), what EngineService.start does) and every
  program builds Heat's policy enforcer.

  It writes every option then registered on cfg.CONF, keyed by group, each row
  genlib.runtime_row() of the option with the default the program reads (a
  set_default() or cfg.set_defaults() applied), plus:
    registered_by   where the option was first registered (the first frame out
                    of oslo.config, and the first Heat frame that led to
                    it), e.g. "oslo_messaging/_drivers/impl_rabbit.py:1385
                    (__init__) from heat/common/messaging.py:88 (setup)"
    default_set_by  the set_default()/set_defaults() call that gave the
                    default, likewise
  Nothing is contacted: the transport is rabbit:// on the local host, built
  but never connected (run it in a network namespace of its own all the same).

merge: compares the services' captures with the options the namespaces list
  (oslo-config-generator's view, through its own _list_opts, as genlib.py
  types) and writes what the run-time view adds or changes:
    services    per program: entry point, where it stopped, steps done
    options     options registered at run time in a group where the generator
                does not list them (with the programs that register them)
    defaults    options the generator lists whose default at run time differs
                (default, format, default_set_by, generator_default, programs)
    program_defaults
                options whose default is the running program's name
                (os.path.basename(sys.argv[0]): oslo.messaging's
                [oslo_messaging_rabbit] processname): no fixed default
    relocated   options the generator lists in one group that no program
                registers there but that every program registering them
                registers in another (oslo.messaging < 16 lists the RabbitMQ
                connection pool options in [DEFAULT]; its driver registers
                them in [oslo_messaging_rabbit])
    conflicts   options two programs register with different defaults, both
                set by a call (none expected; the first program's is kept)
Only the Python standard library and PyYAML are used.
"""

import importlib
import importlib.metadata
import os
import sys
import tempfile
import traceback

import genlib


class StopCapture(BaseException):
    """Raised where the program would start serving (not an Exception, so no
    `except Exception` in the program catches it)."""


def _where(frame):
    """'heat/common/messaging.py:84 (setup)' for a frame."""
    mod = frame.f_globals.get("__name__", "?")
    fn = frame.f_code.co_filename
    path = mod.replace(".", "/") + ("/__init__.py" if fn.endswith("__init__.py") else ".py")
    return "%s:%d (%s)" % (path, frame.f_lineno, frame.f_code.co_name)


def _call_site():
    """The first frame out of oslo.config and this script, and the first Heat
    frame that led to it (when it is another one)."""
    f = sys._getframe(2)
    first = None
    heat = None
    while f is not None:
        mod = f.f_globals.get("__name__", "") or ""
        if mod == __name__ or mod.startswith("oslo_config") or mod.startswith("importlib") or mod == "genlib":
            f = f.f_back
            continue
        if first is None:
            first = f
        if heat is None and (mod == "heat" or mod.startswith("heat.")):
            heat = f
        f = f.f_back
    if first is None:
        return "?"
    out = _where(first)
    if heat is not None and heat is not first:
        out += " from " + _where(heat)
    return out


def _hook(cfg):
    """Record where options are registered and defaults set on cfg.CONF."""
    registered = {}   # (group name, dest) -> call site
    set_by = {}       # (group name, dest) -> call site (ConfigOpts.set_default)
    opt_set_by = {}   # id(opt) -> call site (cfg.set_defaults changes the Opt)

    orig_register = cfg.ConfigOpts.register_opt

    def register_opt(self, opt, group=None, *args, **kwargs):
        if self is cfg.CONF:
            gname = str(getattr(group, "name", group) or "DEFAULT")
            registered.setdefault((gname, opt.dest), _call_site())
        return orig_register(self, opt, group, *args, **kwargs)

    cfg.ConfigOpts.register_opt = register_opt

    orig_set_default = cfg.ConfigOpts.set_default

    def set_default(self, name, default, group=None, *args, **kwargs):
        if self is cfg.CONF:
            gname = str(getattr(group, "name", group) or "DEFAULT")
            set_by[(gname, name)] = _call_site()
        return orig_set_default(self, name, default, group, *args, **kwargs)

    cfg.ConfigOpts.set_default = set_default

    orig_set_defaults = cfg.set_defaults

    def set_defaults(opts, **kwargs):
        site = _call_site()
        for opt in opts:
            if opt.dest in kwargs:
                opt_set_by[id(opt)] = site
        return orig_set_defaults(opts, **kwargs)

    cfg.set_defaults = set_defaults
    return registered, set_by, opt_set_by


def _pbr_local_version():
    """Heat between tags is installed as <next>.dev0+g<commit> (fslib.py: a PEP 440
    local version saying which commit), which pbr's SemanticVersion, behind the
    version_string() every program passes to CONF(), cannot parse (pbr itself
    would have named it <next>.dev<N>). Parse it without the local part; the
    version string only goes into --version."""
    try:
        from pbr import version as pbr_version
    except ImportError:
        return
    sv = pbr_version.SemanticVersion
    orig = sv.from_pip_string.__func__

    def from_pip_string(klass, version_string):
        return orig(klass, version_string.split("+", 1)[0])

    sv.from_pip_string = classmethod(from_pip_string)


def _entry(service):
    """(kind, 'module:attr') of a console or WSGI script of Heat's distribution."""
    for dist in importlib.metadata.distributions():
        if (dist.metadata["Name"] or "").lower().replace("_", "-") != "openstack-heat":
            continue
        for ep in dist.entry_points:
            if ep.name == service and ep.group in ("console_scripts", "wsgi_scripts"):
                return ep.group, ep.value
    return None, None


def _stop_points(steps):
    """Make the places where a program would start serving raise StopCapture."""
    def stopper(what):
        def stop(*args, **kwargs):
            steps.append("stopped at " + what)
            raise StopCapture(what)
        return stop

    try:
        from oslo_service import service as oslo_service_service
        oslo_service_service.launch = stopper("oslo_service.service.launch")
    except ImportError:
        pass
    try:
        from heat.common import wsgi as heat_wsgi
        if hasattr(heat_wsgi, "Server"):
            heat_wsgi.Server.start = stopper("heat.common.wsgi.Server.start")
    except ImportError:
        pass


def cmd_service(service, out_path):
    import yaml
    kind, value = _entry(service)
    if kind is None:
        sys.stderr.write("capture: %s is no console or WSGI script of openstack-heat\n" % service)
        return 3
    # The program's own name: oslo.messaging's processname defaults to it.
    sys.argv = ["/usr/bin/" + service]
    confdir = tempfile.mkdtemp(prefix="heatconf-capture-")
    conffile = os.path.join(confdir, "heat.conf")
    with open(conffile, "w", encoding="utf-8") as f:
        f.write("# empty: every value is the program's default\n")
    os.mkdir(os.path.join(confdir, "heat.conf.d"))
    import heat
    paste = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(heat.__file__))),
                         "etc", "heat", "api-paste.ini")
    if os.path.exists(paste):
        os.symlink(paste, os.path.join(confdir, "api-paste.ini"))
    sys.argv += ["--config-file", conffile, "--config-dir", os.path.join(confdir, "heat.conf.d")]

    _pbr_local_version()
    from oslo_config import cfg
    registered, set_by, opt_set_by = _hook(cfg)
    steps = []
    modname, _, attr = value.partition(":")
    module = importlib.import_module(modname)
    _stop_points(steps)
    func = getattr(module, attr)
    try:
        func()
        steps.append("%s returned" % value)
    except StopCapture:
        pass
    except SystemExit as e:
        steps.append("%s exited: %s" % (value, e))
        raise
    if service == "heat-engine":
        try:
            from heat.engine import resources
            resources.initialise()
            steps.append("heat.engine.resources.initialise()")
        except Exception as e:
            steps.append("heat.engine.resources.initialise() failed: %s" % type(e).__name__)
    try:
        from heat.common import policy
        if hasattr(policy, "get_enforcer"):
            policy.get_enforcer()
            steps.append("heat.common.policy.get_enforcer()")
        else:
            policy.Enforcer()
            steps.append("heat.common.policy.Enforcer()")
        enf = getattr(policy, "_ENFORCER", None)
        if enf is not None and hasattr(enf, "load_rules"):
            pass
    except Exception as e:
        steps.append("policy enforcer failed: %s: %s" % (type(e).__name__, e))

    options = {}
    groups = [("DEFAULT", cfg.CONF._opts)]
    groups += [(name, g._opts) for name, g in cfg.CONF._groups.items()]
    for gname, opts in groups:
        rows = []
        for dest, info in sorted(opts.items()):
            opt = info["opt"]
            if getattr(opt, "positional", False) or info.get("cli") and gname == "DEFAULT" and dest in ("config_file", "config_dir"):
                continue
            row = genlib.runtime_row(opt, info.get("default"), "default" in info)
            row["registered_by"] = registered.get((gname, dest), "oslo_config/cfg.py (cfg.CONF itself)")
            site = set_by.get((gname, dest)) if "default" in info else None
            if site is None:
                site = opt_set_by.get(id(opt))
            if site is not None:
                row["default_set_by"] = site
            rows.append(row)
        if rows:
            options[gname] = rows
    data = {
        "service": service,
        "entry_point": "%s %s" % (kind, value),
        "argv0": sys.argv[0],
        "steps": steps,
        "options": options,
    }
    text = yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          allow_unicode=True, width=1000)
    # the temporary paths would make two runs differ
    text = text.replace(confdir, "<confdir>")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


def _canon(gname):
    return gname if gname == "DEFAULT" else gname.lower()


def cmd_merge(out_path, args):
    import yaml
    from oslo_config import generator
    if "--" not in args:
        sys.stderr.write("merge: NAMESPACE... -- SERVICE.yaml...\n")
        return 2
    i = args.index("--")
    namespaces, paths = args[:i], args[i + 1:]
    gen = {}  # (group, dest) -> describe_opt row of the generator's option
    gen_help = {}
    for namespace, listing in generator._list_opts(namespaces):
        for group, opts in listing:
            gname = _canon(str(getattr(group, "name", group) or "DEFAULT"))
            for opt in opts:
                gen.setdefault((gname, opt.dest), genlib.describe_opt(opt))
                gen_help.setdefault((gname, opt.dest), genlib.plain(opt.help))
    caps = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            caps.append(yaml.safe_load(f))
    services = {}
    runtime = {}  # (group, dest) -> {service: row}
    for c in caps:
        svc = c["service"]
        services[svc] = {"entry_point": c["entry_point"], "steps": c["steps"]}
        for gname, rows in c["options"].items():
            for row in rows:
                runtime.setdefault((_canon(gname), row["dest"]), {})[svc] = (gname, row)
    prog = {c["service"]: os.path.basename(c["argv0"]) for c in caps}

    options, defaults, program_defaults, relocated, conflicts = {}, {}, [], [], []
    for key in sorted(runtime):
        by_svc = runtime[key]
        svcs = sorted(by_svc)
        # the program name as default: every program reads its own name
        if all(r["oslo"]["default"] == prog[s] for s, (_, r) in by_svc.items()):
            program_defaults.append({"group": key[0], "dest": key[1], "services": svcs,
                                     "listed": key in gen,
                                     "reason": "the running program's name (os.path.basename(sys.argv[0]))"})
            if key not in gen:
                gname, row = by_svc[svcs[0]]
                options.setdefault(gname, []).append(dict(row, services=svcs))
            continue
        # one row per option: the one whose default a call set, else the first
        chosen = None
        for s in svcs:
            gname, r = by_svc[s]
            if chosen is None or ("default_set_by" in r and "default_set_by" not in chosen[1]):
                chosen = (gname, r)
        for s in svcs:
            r = by_svc[s][1]
            if r["oslo"]["default"] != chosen[1]["oslo"]["default"] and "default_set_by" in r and r is not chosen[1]:
                conflicts.append({"group": key[0], "dest": key[1], "services": svcs})
        gname, row = chosen
        row = dict(row)
        row["services"] = [s for s in svcs if by_svc[s][1]["oslo"]["default"] == row["oslo"]["default"]]
        if key not in gen:
            options.setdefault(gname, []).append(row)
            continue
        g = gen[key]
        if row["oslo"]["default"] != g["default"]:
            d = {"dest": key[1], "default": row["oslo"]["default"], "format": row["oslo"]["format"],
                 "generator_default": g["default"], "generator_format": g["format"],
                 "services": row["services"]}
            if "default_set_by" in row:
                d["default_set_by"] = row["default_set_by"]
            defaults.setdefault(key[0], []).append(d)
    # relocated: listed in G, registered by no program in G, registered elsewhere
    # with the same help by the programs that register it at all
    for key in sorted(gen):
        if key in runtime:
            continue
        grp, dest = key
        elsewhere = sorted(k for k in runtime if k[1] == dest and k[0] != grp
                           and any(genlib.plain(r["help"]) == gen_help[key] for _, r in runtime[k].values()))
        if len(elsewhere) == 1 and grp in {k[0] for k in runtime}:
            relocated.append({"dest": dest, "generator_group": grp, "group": elsewhere[0][0],
                              "services": sorted(runtime[elsewhere[0]])})
    data = {
        "services": services,
        "options": options,
        "defaults": defaults,
        "program_defaults": program_defaults,
        "relocated": relocated,
        "conflicts": conflicts,
    }
    text = yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          allow_unicode=True, width=1000)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == "service":
        try:
            return cmd_service(argv[2], argv[3])
        except Exception:
            traceback.print_exc()
            return 1
    if len(argv) >= 3 and argv[1] == "merge":
        return cmd_merge(argv[2], argv[3:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
