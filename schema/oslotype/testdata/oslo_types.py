#!/usr/bin/python3
"""Check values with the REAL oslo_config.types, for schema/oslotype's differential test.

Reads a JSON list of cases from stdin: {"type": SPEC, "value": STR}, where
SPEC is the JSON form of schema/internal/optdata.Type ({"class": "Integer",
"min": 1, ...}). Writes a JSON list of results, one per case, in order:
{"ok": true} or {"ok": false, "error": "...", "exception": "ValueError"}.
Run with Debian's /usr/bin/python3 (python3-oslo.config).
"""
import inspect
import json
import re
import sys

from oslo_config import types


def choices(spec):
    if not spec.get("has_choices") and not spec.get("choices"):
        return None
    out = []
    for c in spec.get("choices") or []:
        value = c[0]
        desc = c[1] if len(c) > 1 else None
        out.append((value, desc))
    return out


def build(spec):
    c = spec.get("class", "String")
    if c == "builtin:str":
        return str
    if c == "builtin:int":
        return int
    if c == "builtin:float":
        return float
    if c == "builtin:bool":
        return bool
    item = build(spec["item"]) if spec.get("item") else None
    if c == "String":
        kw = {}
        ch = choices(spec)
        if ch is not None:
            kw["choices"] = ch
        if spec.get("quotes"):
            kw["quotes"] = True
        if spec.get("regex"):
            kw["regex"] = re.compile(spec["regex"], spec.get("regex_flags", 0))
        if spec.get("ignore_case"):
            kw["ignore_case"] = True
        if spec.get("max_length") is not None:
            kw["max_length"] = spec["max_length"]
        return types.String(**kw)
    if c == "MultiString":
        return types.MultiString()
    if c == "Boolean":
        return types.Boolean()
    if c in ("Integer", "Port"):
        kw = {}
        for k in ("min", "max"):
            if spec.get(k) is not None:
                kw[k] = spec[k]
        ch = choices(spec)
        if ch is not None:
            kw["choices"] = ch
        return getattr(types, c)(**kw)
    if c == "Float":
        kw = {}
        for k in ("min", "max"):
            if spec.get(k) is not None:
                kw[k] = spec[k]
        return types.Float(**kw)
    if c == "List":
        return types.List(item_type=item, bounds=bool(spec.get("bounds")))
    if c == "Dict":
        kw = {"value_type": item, "bounds": bool(spec.get("bounds"))}
        if spec.get("kv_sep"):
            if "key_value_separator" not in inspect.signature(types.Dict).parameters:
                raise SystemExit("this oslo.config has no Dict key_value_separator")
            kw["key_value_separator"] = spec["kv_sep"]
        return types.Dict(**kw)
    if c == "IPAddress":
        return types.IPAddress(version=spec.get("ip_version") or None)
    if c == "Hostname":
        return types.Hostname()
    if c == "HostAddress":
        return types.HostAddress(version=spec.get("ip_version") or None)
    if c == "HostDomain":
        return types.HostDomain(version=spec.get("ip_version") or None)
    if c == "URI":
        return types.URI(max_length=spec.get("max_length"), schemes=spec.get("schemes"))
    if c == "Range":
        return types.Range(min=spec.get("min"), max=spec.get("max"),
                           inclusive=not spec.get("exclusive"))
    raise SystemExit("unknown type class %r" % c)


def main():
    cases = json.load(sys.stdin)
    out = []
    cache = {}
    for case in cases:
        key = json.dumps(case["type"], sort_keys=True)
        t = cache.get(key)
        if t is None:
            t = cache[key] = build(case["type"])
        try:
            t(case["value"])
            out.append({"ok": True})
        except ValueError as e:
            out.append({"ok": False, "error": str(e), "exception": type(e).__name__})
        except Exception as e:  # anything else also fails the option's read
            out.append({"ok": False, "error": str(e), "exception": type(e).__name__})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
