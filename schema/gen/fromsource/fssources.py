#!/usr/bin/python3
"""Write one release's provenance record into schema/data/sources.json.

    fssources.py record LOCK KEY WORK_DIR SITE_JSON BASE GENERATOR SOURCES.json

The record says where every byte of heat-<ver>-<release>.src.* came from: the Heat
tag and commit, the openstack/requirements ref and commit, each OpenStack library's
version, tag (or the openstack/releases file naming its commit) and commit (and
"wanted": the version asked for when the mirror lacked that release), the Python and Debian package
versions of the third-party modules, the namespaces and their source, entry-point
check, counts and the machine-dependent values normalised (like gen.sh's versions.json).
"""

import json
import os
import subprocess
import sys

from fslib import write_json


def _load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _dpkg_version(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def record(lock, key, work, site_json, base, generator, out):
    rel = [r for r in _load(lock)["releases"] if r["key"] == key][0]
    site = _load(site_json)
    with open(os.path.join(work, "namespaces.txt"), encoding="utf-8") as f:
        namespaces = [l.strip() for l in f if l.strip()]
    names = {s["repo"]: s["name"] for s in site["sources"]}
    libs = []
    for lib in rel["libraries"]:
        row = {"name": names.get(lib["repo"], lib["name"]), "version": lib["version"],
               "repo": lib["repo"], "commit": lib["commit"], "ref": lib["tag"]}
        if "wanted" in lib:
            row["wanted"] = lib["wanted"]
        if "pinned" in lib:
            row["pinned"] = lib["pinned"]
        libs.append(row)
    entry = {
        "release": rel["release"],
        "codename": rel["codename"],
        "heat_version": rel["heat"]["version"],
        "heat": rel["heat"],
        "requirements": rel["requirements"],
        "libraries": libs,
        "python": {"executable": "/usr/bin/python3 -S",
                   "version": "%d.%d.%d" % sys.version_info[:3],
                   "debian_package": "python3.11 " + (_dpkg_version("python3.11") or "?")},
        "debian_third_party": site["debian"]["packages"],
        "third_party_requirements": site["debian"]["requirement_to_package"],
        "namespaces": namespaces,
        "namespaces_source": "openstack/heat %s:%s" % (rel["heat"]["commit"], rel["heat"]["config_generator_conf"]),
        "entry_points": _load(os.path.join(work, "entrypoints.json")),
        "summary": _load(os.path.join(work, "summary.json")),
        "normalised": _load(os.path.join(work, "envdiff.json")),
        "generator": generator,
        "data": base + ".yaml",
        "types": base + ".types.yaml",
        "runtime": base + ".runtime.yaml",
        "plugins": base + ".plugins.yaml",
        "capture": base + ".capture.yaml",
        "capture_services": sorted(_load_yaml(os.path.join(work, "capture-1.yaml"))["services"]),
    }
    data = {}
    if os.path.exists(out):
        data = _load(out)
    data["generator"] = "schema/gen/fromsource/fromsource.sh"
    data.setdefault("releases", {})[key] = entry
    write_json(out, data, indent=2)
    return 0


def _load_yaml(path):
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def variants(lock, built, data_dir):
    """Copy the capture.yaml of each cross-check build (crosscheck.lock: the Heat of a
    Debian release with Debian's library versions) next to that Debian release's files
    in schema/data (versions.json names them), and record where it came from in
    sources.json under "variants"."""
    import shutil
    with open(lock, encoding="utf-8") as f:
        rows = json.load(f)["releases"]
    with open(os.path.join(data_dir, "versions.json"), encoding="utf-8") as f:
        versions = json.load(f)["releases"]
    built_sources = _load(os.path.join(built, "sources.json"))["releases"]
    out = os.path.join(data_dir, "sources.json")
    data = _load(out)
    data["variants"] = {}
    by_suite = {v["debian_suite"]: v for v in versions.values()}
    for row in rows:
        if not row["key"].startswith("debian-"):
            continue
        deb = by_suite[row["key"][len("debian-"):]]
        src = built_sources[row["key"]]["capture"]
        dst = deb["data"][:-len(".yaml")] + ".capture.yaml"
        shutil.copyfile(os.path.join(built, src), os.path.join(data_dir, dst))
        data["variants"]["debian:" + deb["release"]] = {
            "data": deb["data"],
            "capture": dst,
            "capture_from": "fromsource.sh variants: %s, heat %s (%s) with the library versions "
                            "Debian %s had (crosscheck.lock %s)" % (
                                src, row["heat"]["version"], row["heat"]["commit"][:10],
                                deb["debian_suite"], row["key"]),
            "capture_services": built_sources[row["key"]]["capture_services"],
        }
    write_json(out, data, indent=2)
    return 0


def main(argv):
    if len(argv) == 9 and argv[1] == "record":
        return record(*argv[2:])
    if len(argv) == 5 and argv[1] == "variants":
        return variants(*argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
