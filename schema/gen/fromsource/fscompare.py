#!/usr/bin/python3
"""Cross-check the data made from source against gen.sh's Debian data.

    fscompare.py DEBIAN_DIR SOURCE_DIR [--write] PAIR...
    fscompare.py --points DATA_DIR POINTS_DIR [--write]

PAIR is DEBIAN_RELEASE=SRC_KEY (e.g. victoria=2020.2). File names come from
DEBIAN_DIR/versions.json (gen.sh) and SOURCE_DIR/sources.json (fromsource.sh).

For each pair, every group and option of the four files is compared field by field,
order-insensitively (groups, options by dest, deprecated_options as a set):
  yaml      every field the generator writes (type, default, choices, min/max,
            deprecated names/groups, deprecated_for_removal/reason/since, secret,
            advanced, required, mutable, sample_default, help, namespace, ...)
  types     oslo.config type class and parameters, raw deprecated names, multi,
            formatted default
  runtime   options registered at run time (every field) and the modules imported
  plugins   keystoneauth plugins, auth/session/adapter options, keystonemiddleware
            auth_token options, dynamic groups
Library versions recorded inside the files (versions:) are not compared; sources.json
and versions.json say them.

The report (one line per difference, sorted) is compared with
compare-expected/<DEBIAN_RELEASE>=<SRC_KEY>.txt next to this script: exit 0 when every pair's
report equals its expected file (each line of which README.md explains), 1 otherwise
(the unified diff is printed). --write rewrites the expected files.
"""

import difflib
import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def _load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _short(v, n=160):
    s = json.dumps(v, sort_keys=True, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "..."


def _cmp_rows(out, where, a, b, skip=()):
    """a, b: {key: dict}; appends difference lines."""
    for k in sorted(set(a) | set(b), key=str):
        x, y = a.get(k), b.get(k)
        if x is None:
            out.append("%s %s: only in source" % (where, k))
            continue
        if y is None:
            out.append("%s %s: only in Debian" % (where, k))
            continue
        if isinstance(x, dict) and isinstance(y, dict):
            fx, fy = _flatten(x), _flatten(y)
            for f in sorted(set(fx) | set(fy)):
                if f in skip:
                    continue
                if fx.get(f, "(absent)") != fy.get(f, "(absent)"):
                    out.append("%s %s: %s: Debian %s, source %s" % (where, k, f, _short(fx.get(f, "(absent)")),
                                                                    _short(fy.get(f, "(absent)"))))
        elif x != y:
            out.append("%s %s: Debian %s, source %s" % (where, k, _short(x), _short(y)))


def _flatten(d, prefix=""):
    """Nested dicts -> {"a.b.c": leaf}, so a difference names the exact field."""
    out = {}
    for k, v in d.items():
        key = "%s%s" % (prefix, k)
        if isinstance(v, dict) and v:
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def cmp_yaml(out, a, b):
    ga, gb = a.get("options", {}), b.get("options", {})
    for g in sorted(set(ga) | set(gb)):
        if g not in ga:
            out.append("yaml [%s]: group only in source (%d options)" % (g, len(gb[g].get("opts", []))))
            continue
        if g not in gb:
            out.append("yaml [%s]: group only in Debian (%d options)" % (g, len(ga[g].get("opts", []))))
            continue
        for f in sorted(set(ga[g]) | set(gb[g])):
            x, y = ga[g].get(f), gb[g].get(f)
            if f in ("standard_opts", "advanced_opts") and isinstance(x, list) and isinstance(y, list):
                # the options themselves are compared below; here only their order
                common = set(x) & set(y)
                if [o for o in x if o in common] != [o for o in y if o in common]:
                    out.append("yaml [%s] group %s: the options both have are in another order" % (g, f))
                continue
            if f != "opts" and x != y:
                out.append("yaml [%s] group %s: Debian %s, source %s" % (g, f, _short(ga[g].get(f)), _short(gb[g].get(f))))
        oa = {o["dest"]: o for o in ga[g].get("opts", [])}
        ob = {o["dest"]: o for o in gb[g].get("opts", [])}
        _cmp_rows(out, "yaml [%s]" % g, oa, ob)
    da = {json.dumps(x, sort_keys=True) for x in a.get("deprecated_options", {}).get("DEFAULT", [])} \
        if isinstance(a.get("deprecated_options"), dict) else None
    if isinstance(a.get("deprecated_options"), dict):
        for grp in sorted(set(a["deprecated_options"]) | set(b.get("deprecated_options", {}))):
            sa = {json.dumps(x, sort_keys=True) for x in a["deprecated_options"].get(grp, [])}
            sb = {json.dumps(x, sort_keys=True) for x in b.get("deprecated_options", {}).get(grp, [])}
            for x in sorted(sa - sb):
                out.append("yaml deprecated_options [%s] %s: only in Debian" % (grp, x))
            for x in sorted(sb - sa):
                out.append("yaml deprecated_options [%s] %s: only in source" % (grp, x))
    del da
    na = a.get("generator_options", {}).get("namespace")
    nb = b.get("generator_options", {}).get("namespace")
    if na != nb:
        out.append("yaml namespaces: Debian %s, source %s" % (_short(na, 2000), _short(nb, 2000)))


def cmp_types(out, a, b):
    ga, gb = a.get("options", {}), b.get("options", {})
    for g in sorted(set(ga) | set(gb)):
        if g not in ga or g not in gb:
            out.append("types [%s]: group only in %s" % (g, "source" if g not in ga else "Debian"))
            continue
        _cmp_rows(out, "types [%s]" % g, ga[g], gb[g])
    if a.get("conflicts") != b.get("conflicts"):
        out.append("types conflicts: Debian %s, source %s" % (_short(a.get("conflicts")), _short(b.get("conflicts"))))


def _by_dest(rows):
    return {r["dest"]: r for r in rows or []}


def cmp_runtime(out, a, b):
    ga, gb = a.get("options", {}), b.get("options", {})
    for g in sorted(set(ga) | set(gb)):
        if g not in ga or g not in gb:
            n = len((ga.get(g) or gb.get(g)))
            out.append("runtime [%s]: group only in %s (%d options)" % (g, "source" if g not in ga else "Debian", n))
            continue
        _cmp_rows(out, "runtime [%s]" % g, _by_dest(ga[g]), _by_dest(gb[g]))
    ma, mb = a.get("modules", {}), b.get("modules", {})
    for k in ("imported", "failed"):
        if ma.get(k) != mb.get(k):
            out.append("runtime modules %s: Debian %s, source %s" % (k, _short(ma.get(k), 1000), _short(mb.get(k), 1000)))


def cmp_plugins(out, a, b):
    pa, pb = a.get("plugins", {}), b.get("plugins", {})
    for p in sorted(set(pa) | set(pb)):
        if p not in pa or p not in pb:
            out.append("plugins %s: plugin only in %s" % (p, "source" if p not in pa else "Debian"))
            continue
        _cmp_rows(out, "plugins %s" % p, _by_dest(pa[p]), _by_dest(pb[p]))
    for sect in ("auth_common", "session", "adapter", "keystone_authtoken"):
        _cmp_rows(out, "plugins %s" % sect, _by_dest(a.get(sect)), _by_dest(b.get(sect)))
    for sect in ("missing_plugins", "auth_token_other_groups"):
        if a.get(sect) != b.get(sect):
            out.append("plugins %s: Debian %s, source %s" % (sect, _short(a.get(sect)), _short(b.get(sect))))
    aa = {r["name"]: r for r in a.get("available_plugins", [])}
    ab = {r["name"]: r for r in b.get("available_plugins", [])}
    _cmp_rows(out, "plugins available", aa, ab)
    dа, db = a.get("dynamic_groups") or {}, b.get("dynamic_groups") or {}
    for g in sorted(set(dа) | set(db)):
        if g not in dа or g not in db:
            out.append("plugins dynamic group %s: only in %s" % (g, "source" if g not in dа else "Debian"))
            continue
        _cmp_rows(out, "plugins dynamic %s" % g, _by_dest(dа[g].get("options")), _by_dest(db[g].get("options")))


def compare_files(dir_a, a, dir_b, b):
    out = []
    for kind, fn in (("data", cmp_yaml), ("types", cmp_types), ("runtime", cmp_runtime), ("plugins", cmp_plugins)):
        fn(out, _load(os.path.join(dir_a, a[kind])), _load(os.path.join(dir_b, b[kind])))
    return sorted(out)


def compare_pair(deb_dir, src_dir, deb_rel, src_key):
    with open(os.path.join(deb_dir, "versions.json"), encoding="utf-8") as f:
        deb = json.load(f)["releases"][deb_rel]
    with open(os.path.join(src_dir, "sources.json"), encoding="utf-8") as f:
        src = json.load(f)["releases"][src_key]
    head = ["# %s: Debian %s (%s, python3-heat %s) vs source %s (heat %s)" % (
        deb_rel, deb["data"], deb["debian_suite"], deb["packages"].get("python3-heat"), src["data"], src["heat_version"])]
    return head, compare_files(deb_dir, deb, src_dir, src)


def points(data_dir, points_dir, write):
    """Every point release of points_dir/sources.json against its series' first
    release in data_dir/sources.json ("Debian" in the lines = the series' first)."""
    with open(os.path.join(data_dir, "sources.json"), encoding="utf-8") as f:
        firsts = json.load(f)["releases"]
    with open(os.path.join(points_dir, "sources.json"), encoding="utf-8") as f:
        pts = json.load(f)["releases"]
    lines = ["# point releases vs their series' first release (lines say Debian for the first)"]
    for key in sorted(pts):
        series = key.split("-")[0]
        diff = compare_files(data_dir, firsts[series], points_dir, pts[key])
        lines.append("%s (heat %s) vs %s (heat %s): %d differences" % (
            key, pts[key]["heat_version"], series, firsts[series]["heat_version"], len(diff)))
        lines += ["  " + d for d in diff]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    path = os.path.join(HERE, "compare-expected", "points.txt")
    if write:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return 0
    want = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if want != text:
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True), path, "now"))
        return 1
    return 0


def main(argv):
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    if argv[0] == "--points":
        return points(argv[1], argv[2], "--write" in argv[3:])
    deb_dir, src_dir = argv[0], argv[1]
    write = "--write" in argv[2:]
    pairs = [a for a in argv[2:] if a != "--write"]
    status = 0
    exp_dir = os.path.join(HERE, "compare-expected")
    for pair in pairs:
        deb_rel, _, src_key = pair.partition("=")
        head, lines = compare_pair(deb_dir, src_dir, deb_rel, src_key)
        text = "\n".join(head + lines) + "\n"
        path = os.path.join(exp_dir, pair + ".txt")
        print("%s: %d differences" % (pair, len(lines)))
        if write:
            os.makedirs(exp_dir, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            continue
        want = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if want != text:
            status = 1
            sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                                       path, "now"))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
