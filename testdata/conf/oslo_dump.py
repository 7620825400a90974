#!/usr/bin/python3
"""Dump what oslo.config makes of configuration files, as JSON.

The reference side of heatconf's differential tests (conf/oslo_test.go).
It only calls oslo.config's own code; run it with Debian's python3 and
python3-oslo.config, in UTF-8 mode (PYTHONUTF8=1), as the tests do.

  oslo_dump.py parse FILE...     one JSON object per file, in a JSON list:
      what cfg.ConfigParser._parse_file builds for the file (sections and
      normalized sections as ordered [name, [[key, [values...]]...]] pairs),
      or the error it raises
  oslo_dump.py template < JSON   JSON list of strings in; for each, the
      result of ConfigOpts._substitute with a mapping that answers "<name>"
      and records the names it was asked for
  oslo_dump.py resolve < JSON    {"opts": [[group, name, default]...],
      "files": [path...], "get": [[group, name]...]}: registers StrOpts, runs
      CONF(--config-file ...) and reads each option; returns the value or
      the error class and text
  oslo_dump.py pystr             tables of Python's str.isspace, str.lower,
      the Final_Sigma context and Template identifiers over all code points
  oslo_dump.py load < JSON       [["file"|"dir", path]...]: CONF() with
      these --config-file/--config-dir arguments in order; returns
      the error class and text, or the DEFAULT values of registered opts
"""

import json
import re
import sys

from oslo_config import cfg
from oslo_config import iniparser


def ordered(sections):
    return [[name, [[k, v] for k, v in keys.items()]]
            for name, keys in sections.items()]


def parse_one(path):
    out = {"file": path, "ok": True}
    sections = {}
    normalized = {}
    # The body of cfg.ConfigParser._parse_file, which needs a namespace
    # only to store the result.
    parser = cfg.ConfigParser(path, sections)
    parser._add_normalized(normalized)
    try:
        parser.parse()
    except iniparser.ParseError as pe:
        out["ok"] = False
        out["error"] = {
            "kind": "parse",
            "msg": pe.msg,
            "lineno": pe.lineno,
            "line": pe.line,
            "str": str(cfg.ConfigFileParseError(pe.filename, str(pe))),
        }
        return out
    except UnicodeDecodeError as ude:
        out["ok"] = False
        out["error"] = {"kind": "decode", "msg": str(ude), "reason": ude.reason,
                        "start": ude.start, "end": ude.end}
        return out
    except Exception as exc:  # noqa: BLE001 - report anything else
        out["ok"] = False
        out["error"] = {"kind": "other", "msg": "%s: %s" % (type(exc).__name__, exc)}
        return out
    out["sections"] = ordered(sections)
    out["normalized"] = ordered(normalized)
    return out


def cmd_parse(paths):
    return [parse_one(p) for p in paths]


def cmd_template(values):
    asked = []

    class Wrapper:
        def __init__(self, conf, group=None, namespace=None):
            pass

        def __getitem__(self, key):
            asked[-1].append(key)
            return "<" + key + ">"

    conf = cfg.ConfigOpts()
    conf.StrSubWrapper = Wrapper
    out = []
    for v in values:
        asked.append([])
        out.append({"value": conf._substitute(v), "names": asked[-1]})
    return out


def new_conf(opts):
    conf = cfg.ConfigOpts()
    for group, name, default in opts:
        opt = cfg.StrOpt(name, default=default)
        if group in ("", "DEFAULT"):
            conf.register_opt(opt)
        else:
            conf.register_opt(opt, group=group)
    return conf


def get(conf, group, name):
    """Read an option through ConfigOpts._get, which raises the error of the
    substitution that failed (the public conf.x / conf.group.x turn any
    such error into NoSuchOptError for x itself)."""
    try:
        if group in ("", "DEFAULT"):
            v = conf._get(name)
        else:
            v = conf._get(name, group=conf._get_group(group))
        out = {"ok": True, "value": v}
    except Exception as exc:  # noqa: BLE001
        out = {"ok": False, "error": type(exc).__name__, "msg": str(exc)}
    try:
        if group in ("", "DEFAULT"):
            conf[name]
        else:
            conf[group][name]
    except Exception as exc:  # noqa: BLE001
        out["public_error"] = type(exc).__name__
    return out


def cmd_resolve(spec):
    conf = new_conf(spec["opts"])
    args = []
    for f in spec["files"]:
        args += ["--config-file", f]
    conf(args=args, project="heatconf-test", default_config_files=[],
         default_config_dirs=[], use_env=False)
    return [get(conf, g, n) for g, n in spec["get"]]


def cmd_load(spec):
    conf = new_conf(spec.get("opts", []))
    args = []
    for kind, path in spec["args"]:
        args += ["--config-" + kind, path]
    try:
        conf(args=args, project="heatconf-test", default_config_files=[],
             default_config_dirs=[], use_env=False)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__, "msg": str(exc)}
    return {"ok": True, "values": [get(conf, g, n) for g, n in spec.get("get", [])]}


def ranges(pred):
    out = []
    start = None
    for c in range(0x110000):
        if pred(c):
            if start is None:
                start = c
        elif start is not None:
            out.append([start, c - 1])
            start = None
    if start is not None:
        out.append([start, 0x10FFFF])
    return out


def cmd_pystr():
    import unicodedata
    lower = {}
    for c in range(0x110000):
        ch = chr(c)
        lo = ch.lower()
        if lo != ch:
            lower[c] = lo
    # 'A' + c + SIGMA lowers to a final sigma iff c is case-ignorable or
    # cased; 'A' + SIGMA + c iff c is case-ignorable or not cased.
    fin = "\u03c2"

    def x(c):
        return ("A" + chr(c) + "\u03a3").lower()[-1] == fin

    def y(c):
        return ("A\u03a3" + chr(c)).lower()[1] == fin

    xs = [x(c) for c in range(0x110000)]
    ys = [y(c) for c in range(0x110000)]
    idstart = re.compile(r"[_a-z]", re.IGNORECASE)
    idcont = re.compile(r"[\._a-z0-9]", re.IGNORECASE)
    return {
        "unidata": unicodedata.unidata_version,
        "space": ranges(lambda c: chr(c).isspace()),
        "lower": [[c, s] for c, s in lower.items()],
        "ignorable": ranges(lambda c: xs[c] and ys[c]),
        "cased_not_ignorable": ranges(lambda c: xs[c] and not ys[c]),
        "idstart": ranges(lambda c: c != 10 and idstart.fullmatch(chr(c)) is not None),
        "idcont": ranges(lambda c: c != 10 and idcont.fullmatch(chr(c)) is not None),
        "unassigned": ranges(lambda c: unicodedata.category(chr(c)) == "Cn"),
    }


def main(argv):
    cmd = argv[1]
    if cmd == "parse":
        res = cmd_parse(argv[2:])
    elif cmd == "template":
        res = cmd_template(json.load(sys.stdin))
    elif cmd == "resolve":
        res = cmd_resolve(json.load(sys.stdin))
    elif cmd == "load":
        res = cmd_load(json.load(sys.stdin))
    elif cmd == "pystr":
        res = cmd_pystr()
    else:
        sys.exit("unknown command " + cmd)
    json.dump(res, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
