#!/usr/bin/python3
"""Helpers of schema/gen/fromsource/fromsource.sh, run on the HOST with /usr/bin/python3.

    fslib.py lock RELEASES.in RELEASES.lock [RELEASE...]
        resolve, for every row of RELEASES.in (release, codename, Heat ref,
        openstack/requirements ref), the Heat commit, the requirements commit and the
        OpenStack libraries Heat needs (the closure of requirements.txt, [extras] taken
        when a requirement names them), each at the version upper-constraints.txt pins
        at that requirements ref, as a git tag -> commit of its fetched mirror; the
        third-party closure is listed by name (it comes from Debian). Writes the lock.
    fslib.py site RELEASES.lock KEY SITE_DIR
        extract every source of release KEY (cached under $HEATCONF_SRC/src) and make
        SITE_DIR: a symlink per top-level package, a <name>-<version>.dist-info per
        source (METADATA, entry_points.txt from setup.cfg/pyproject.toml), symlinks to
        the Debian third-party modules the closure needs, sitecustomize.py (the shims)
        and site.json (what was used: Debian package versions included).
    fslib.py namespaces RELEASES.lock KEY
        print the namespaces of that Heat tag's config-generator.conf, one a line.
    fslib.py sources OUT.json RELEASES.lock KEY=@FILE...
        write the provenance file from the lock and the per-release records.
    fslib.py compare A.yaml B.yaml [A.types.yaml B.types.yaml] [A.runtime.yaml B.runtime.yaml]
        compare two generated option sets (per group/option: type, default, flags,
        deprecations, help) and print every difference; exit 1 when there is one.

Environment: HEATCONF_SRC (default /var/tmp/heatconf-src) is the source cache,
HEATCONF_MIRRORS (default /work/.mirror) holds the fetched git mirrors
(<owner>+<name>/repo, bare or with a .git inside).
Only the standard library and python3-packaging are used.
"""

import configparser
import json
import os
import re
import subprocess
import sys
import tarfile
import io

SRC_CACHE = os.environ.get("HEATCONF_SRC", "/var/tmp/heatconf-src")
MIRRORS = os.environ.get("HEATCONF_MIRRORS", "/work/.mirror")
DEBIAN_SITE = "/usr/lib/python3/dist-packages"
PYTHON_FOR_MARKERS = "3.11"

# PyPI name (normalised) -> GitHub repository of the OpenStack (or OpenStack-used)
# projects taken from source. Anything else a requirement names is third-party and
# comes from Debian's python3-* packages.
REPOS = {
    "openstack-heat": "openstack/heat",
    "pbr": "openstack/pbr",
    "oslo-config": "openstack/oslo.config",
    "oslo-messaging": "openstack/oslo.messaging",
    "oslo-db": "openstack/oslo.db",
    "oslo-log": "openstack/oslo.log",
    "oslo-policy": "openstack/oslo.policy",
    "oslo-middleware": "openstack/oslo.middleware",
    "oslo-cache": "openstack/oslo.cache",
    "oslo-service": "openstack/oslo.service",
    "oslo-reports": "openstack/oslo.reports",
    "oslo-concurrency": "openstack/oslo.concurrency",
    "oslo-serialization": "openstack/oslo.serialization",
    "oslo-utils": "openstack/oslo.utils",
    "oslo-i18n": "openstack/oslo.i18n",
    "oslo-context": "openstack/oslo.context",
    "oslo-upgradecheck": "openstack/oslo.upgradecheck",
    "oslo-versionedobjects": "openstack/oslo.versionedobjects",
    "oslo-metrics": "openstack/oslo.metrics",
    "oslo-privsep": "openstack/oslo.privsep",
    "oslo-rootwrap": "openstack/oslo.rootwrap",
    "keystonemiddleware": "openstack/keystonemiddleware",
    "keystoneauth1": "openstack/keystoneauth",
    "osprofiler": "openstack/osprofiler",
    "stevedore": "openstack/stevedore",
    "debtcollector": "openstack/debtcollector",
    "futurist": "openstack/futurist",
    "os-service-types": "openstack/os-service-types",
    "openstacksdk": "openstack/openstacksdk",
    "neutron-lib": "openstack/neutron-lib",
    "os-ken": "openstack/os-ken",
    "os-traits": "openstack/os-traits",
    "yaql": "openstack/yaql",
    "os-client-config": "openstack/os-client-config",
    "python-ceilometerclient": "openstack/python-ceilometerclient",
    "pycadf": "openstack/pycadf",
    "osc-lib": "openstack/osc-lib",
    "cliff": "openstack/cliff",
    "cotyledon": "sileht/cotyledon",
    "python-keystoneclient": "openstack/python-keystoneclient",
    "python-openstackclient": "openstack/python-openstackclient",
    "aodhclient": "openstack/python-aodhclient",
    "python-barbicanclient": "openstack/python-barbicanclient",
    "python-blazarclient": "openstack/python-blazarclient",
    "python-cinderclient": "openstack/python-cinderclient",
    "python-designateclient": "openstack/python-designateclient",
    "python-glanceclient": "openstack/python-glanceclient",
    "python-heatclient": "openstack/python-heatclient",
    "python-ironicclient": "openstack/python-ironicclient",
    "python-magnumclient": "openstack/python-magnumclient",
    "python-manilaclient": "openstack/python-manilaclient",
    "python-mistralclient": "openstack/python-mistralclient",
    "python-monascaclient": "openstack/python-monascaclient",
    "python-neutronclient": "openstack/python-neutronclient",
    "python-novaclient": "openstack/python-novaclient",
    "python-octaviaclient": "openstack/python-octaviaclient",
    "python-saharaclient": "openstack/python-saharaclient",
    "python-swiftclient": "openstack/python-swiftclient",
    "python-troveclient": "openstack/python-troveclient",
    "python-vitrageclient": "openstack/python-vitrageclient",
    "python-zaqarclient": "openstack/python-zaqarclient",
    "python-zunclient": "openstack/python-zunclient",
}

# Requirements never followed: build/test-only tools, or packages for other
# Pythons/platforms (a marker usually says so already).
SKIP = {"setuptools", "wheel", "pip"}


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def log(msg):
    sys.stderr.write("[fslib] %s\n" % msg)


def mirror(repo):
    owner, name = repo.split("/")
    base = os.path.join(MIRRORS, "%s+%s" % (owner, name), "repo")
    if os.path.isdir(os.path.join(base, ".git")):
        return os.path.join(base, ".git")
    if os.path.isdir(base):
        return base
    raise SystemExit("no mirror of %s under %s: fetch github:%s first" % (repo, MIRRORS, repo))


def git(repo, *args, check=True):
    r = subprocess.run(["git", "--git-dir=" + mirror(repo)] + list(args),
                       capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit("git %s in %s: %s" % (" ".join(args), repo, r.stderr.strip()))
    return r.stdout if r.returncode == 0 else None


def rev_commit(repo, ref):
    for cand in (ref, "refs/tags/" + ref, "refs/heads/" + ref, "refs/remotes/origin/" + ref):
        out = git(repo, "rev-parse", "--verify", "-q", cand + "^{commit}", check=False)
        if out:
            return out.strip()
    return None


def show(repo, commit, path):
    return git(repo, "show", "%s:%s" % (commit, path), check=False)


# ---------------------------------------------------------------- requirements

def _marker_ok(marker):
    if not marker:
        return True
    from packaging.markers import Marker
    env = {"python_version": PYTHON_FOR_MARKERS, "python_full_version": PYTHON_FOR_MARKERS + ".2",
           "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
           "platform_python_implementation": "CPython", "implementation_name": "cpython",
           "extra": ""}
    try:
        return Marker(marker).evaluate(env)
    except Exception:
        return True


def parse_requirements(text):
    """requirements.txt text -> [(normalised name, [extras], raw line)]."""
    out = []
    for line in (text or "").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        spec, _, marker = line.partition(";")
        if not _marker_ok(marker.strip()):
            continue
        m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[([^\]]*)\])?", spec)
        if not m:
            continue
        extras = [e.strip() for e in (m.group(3) or "").split(",") if e.strip()]
        out.append((norm(m.group(1)), extras, line))
    return out


def parse_uc(text):
    """upper-constraints.txt -> {normalised name: version} for Python 3.11.

    A name listed several times with python_version markers: the line whose marker
    holds for 3.11, else the highest version listed."""
    cands = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, _, marker = line.partition(";")
        name, _, version = spec.partition("===")
        cands.setdefault(norm(name), []).append((version.strip(), marker.strip()))
    out = {}
    for name, rows in cands.items():
        ok = [v for v, m in rows if _marker_ok(m)]
        if ok:
            out[name] = ok[-1]
        else:
            from packaging.version import Version
            out[name] = max((v for v, _ in rows), key=Version)
    return out


def project_meta(repo, commit):
    """Metadata of a source tree at commit: name, packages, py_modules, entry points,
    extras (name -> requirement lines)."""
    meta = {"name": None, "packages": [], "py_modules": [], "entry_points": {}, "extras": {}}
    cfg_text = show(repo, commit, "setup.cfg")
    if cfg_text:
        cp = configparser.RawConfigParser(strict=False)
        cp.optionxform = str
        cp.read_string(cfg_text)
        if cp.has_section("metadata"):
            meta["name"] = cp.get("metadata", "name", fallback=None)
        if cp.has_section("files"):
            meta["packages"] = cp.get("files", "packages", fallback="").split()
            meta["py_modules"] = cp.get("files", "modules", fallback="").split()
        for section in ("entry_points", "options.entry_points"):
            if not cp.has_section(section):
                continue
            for group, value in cp.items(section):
                eps = []
                for line in value.splitlines():
                    if "=" in line:
                        k, v = line.split("=", 1)
                        eps.append([k.strip(), v.strip()])
                if eps:
                    meta["entry_points"].setdefault(group, eps)
        for section in ("extras", "options.extras_require"):
            if not cp.has_section(section):
                continue
            for extra, value in cp.items(section):
                meta["extras"].setdefault(extra, [l.strip() for l in value.splitlines() if l.strip()])
    toml_text = show(repo, commit, "pyproject.toml")
    if toml_text:
        import tomllib
        t = tomllib.loads(toml_text)
        proj = t.get("project", {})
        meta["name"] = meta["name"] or proj.get("name")
        for group, eps in sorted(proj.get("entry-points", {}).items()):
            meta["entry_points"].setdefault(group, [[k, v] for k, v in eps.items()])
        if proj.get("scripts"):
            meta["entry_points"].setdefault("console_scripts", [[k, v] for k, v in proj["scripts"].items()])
        for extra, reqs in proj.get("optional-dependencies", {}).items():
            meta["extras"].setdefault(extra, list(reqs))
        st = t.get("tool", {}).get("setuptools", {})
        if not meta["packages"] and isinstance(st.get("packages"), list):
            meta["packages"] = list(st["packages"])
        if not meta["py_modules"] and st.get("py-modules"):
            meta["py_modules"] = list(st["py-modules"])
    if not meta["packages"] and not meta["py_modules"]:
        # pbr's default: the package named like the distribution; else every
        # top-level directory with an __init__.py that is not tests/docs.
        tree = git(repo, "ls-tree", "--name-only", commit)
        names = tree.split()
        inits = set((git(repo, "ls-tree", "--name-only", commit, *[n + "/__init__.py" for n in names], check=False) or "").split())
        meta["packages"] = sorted(n.split("/")[0] for n in inits
                                  if n.split("/")[0] not in ("tests", "doc", "docs", "releasenotes", "tools"))
        if not meta["packages"]:
            meta["py_modules"] = sorted(n[:-3] for n in names if n.endswith(".py") and n != "setup.py")
    return meta


def find_tag(repo, version):
    for cand in (version, "v" + version, version.rstrip("0").rstrip(".") if version.endswith(".0") else None):
        if cand and rev_commit(repo, "refs/tags/" + cand):
            return cand
    return None


_RELEASES_INDEX = None


def releases_index():
    """{(repo, version): (hash, file)} from openstack/releases' deliverables (master)."""
    global _RELEASES_INDEX
    if _RELEASES_INDEX is None:
        import yaml
        _RELEASES_INDEX = {}
        files = git("openstack/releases", "ls-tree", "-r", "--name-only", "master", "deliverables").split()
        wanted = {r.split("/")[1] for r in REPOS.values()}
        for path in files:
            base = os.path.basename(path)[:-5] if path.endswith(".yaml") else None
            if base not in wanted:
                continue
            d = yaml.safe_load(show("openstack/releases", "master", path)) or {}
            for rel in d.get("releases") or []:
                for proj in rel.get("projects") or []:
                    _RELEASES_INDEX[(proj["repo"], str(rel["version"]))] = (proj["hash"], path)
    return _RELEASES_INDEX


def resolve_version(repo, version):
    """(ref description, commit) of version of repo: its git tag, or else the hash
    openstack/releases recorded for it (GitHub mirrors miss some stable tags)."""
    tag = find_tag(repo, version)
    if tag is not None:
        return tag, rev_commit(repo, "refs/tags/" + tag)
    hit = releases_index().get((repo, version))
    if hit is not None and rev_commit(repo, hit[0]):
        return "openstack/releases:%s" % hit[1], hit[0]
    return None, None


# Taken besides what Heat's requirements.txt needs: keystoneauth1's "oauth1" extra
# (oauthlib), so that the v3oauth1 auth plugin is loadable and its options are in the
# .plugins.yaml, as with Debian's python3-keystoneauth1 (which depends on
# python3-oauthlib) that gen.sh reads.
EXTRA_ROOTS = [("keystoneauth1", ["oauth1"])]


def resolve_release(row):
    """One row of releases.in -> its lock entry."""
    release, codename, heat_ref, req_ref = row["release"], row["codename"], row["heat"], row["requirements"]
    heat_commit = rev_commit("openstack/heat", heat_ref)
    if not heat_commit:
        raise SystemExit("%s: heat ref %s not in the mirror" % (release, heat_ref))
    req_commit = rev_commit("openstack/requirements", req_ref)
    if not req_commit:
        raise SystemExit("%s: requirements ref %s not in the mirror" % (release, req_ref))
    uc = parse_uc(show("openstack/requirements", req_commit, "upper-constraints.txt"))
    pins, pinned_from = {}, None
    if row.get("pin", "").startswith("debian:"):
        # the library versions gen.sh's Debian chroot had (versions.json), for the
        # cross-check: upstream version = Debian version less epoch and revision
        pinned_from = row["pin"]
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                               "versions.json"), encoding="utf-8") as f:
            debpkgs = json.load(f)["releases"][row["pin"].split(":", 1)[1]]["packages"]
        for pkg, ver in debpkgs.items():
            if not pkg.startswith("python3-") or pkg == "python3-heat" or ver.startswith("("):
                continue
            up = ver.split(":", 1)[-1].rsplit("-", 1)[0]
            pins[norm(pkg[len("python3-"):])] = up
    if git("openstack/heat", "tag", "--points-at", heat_commit).split().count(heat_ref):
        heat_version = heat_ref
    else:
        # not a release tag (the series is not released yet): the version pbr would
        # give is not meaningful, name the commit instead.
        heat_version = row.get("heat_version") or ("%s.dev0+g%s" % (row.get("next", "0"), heat_commit[:9]))
    libs = {}
    third = {}
    todo = [("openstack-heat", [], "releases.in")] + [(n, e, "fslib.EXTRA_ROOTS") for n, e in EXTRA_ROOTS]
    seen_extras = set()
    heat_meta = project_meta("openstack/heat", heat_commit)
    while todo:
        name, extras, by = todo.pop(0)
        if name in SKIP:
            continue
        if name not in REPOS:
            third.setdefault(name, set()).add(by)
            continue
        repo = REPOS[name]
        if name == "openstack-heat":
            commit, version, tag = heat_commit, heat_version, heat_ref
        elif name in libs:
            commit, version, tag = libs[name]["commit"], libs[name]["version"], libs[name]["tag"]
        else:
            version = pins.get(name) or uc.get(name)
            if version is None:
                raise SystemExit("%s: %s (needed by %s) not in upper-constraints at %s" % (release, name, by, req_ref))
            tag, commit = resolve_version(repo, version)
            wanted = version
            if tag is None:
                # the mirror lacks this release's commit: take the newest earlier
                # release of the same major.minor that it has, and say so
                from packaging.version import Version
                mm = Version(version).release[:2]
                cands = sorted({v for v in [v for (r, v) in releases_index() if r == repo] + git(repo, "tag").split()
                                if re.match(r"^[0-9]+\.[0-9]+\.[0-9]+$", v)},
                               key=Version, reverse=True)
                # same major.minor first, then any earlier release
                for same in (True, False):
                    for v in cands:
                        if (Version(v).release[:2] == mm or not same) and Version(v) < Version(version):
                            tag, commit = resolve_version(repo, v)
                            if tag is not None:
                                break
                    if tag is not None:
                        log("%s: %s %s is not in the mirror; using %s" % (release, name, version, v))
                        version = v
                        break
            if tag is None:
                raise SystemExit("%s: %s %s: no tag %s in the mirror of %s, and no hash for it in "
                                 "openstack/releases that the mirror has" % (release, name, version, version, repo))
            libs[name] = {"name": name, "repo": repo, "version": version, "tag": tag, "commit": commit,
                          "required_by": []}
            if name in pins:
                libs[name]["pinned"] = "%s (upper-constraints: %s)" % (pinned_from, uc.get(name))
            if version != wanted:
                libs[name]["wanted"] = wanted
        if name != "openstack-heat":
            if by not in libs[name]["required_by"]:
                libs[name]["required_by"].append(by)
        key = (name, tuple(extras))
        if key in seen_extras:
            continue
        first = not any(k[0] == name for k in seen_extras)
        seen_extras.add(key)
        meta = heat_meta if name == "openstack-heat" else project_meta(repo, commit)
        reqs = []
        if first:
            reqs += parse_requirements(show(repo, commit, "requirements.txt"))
        for e in extras:
            reqs += parse_requirements("\n".join(meta["extras"].get(e, [])))
        for rname, rextras, _ in reqs:
            todo.append((rname, rextras, name))
    for lib in libs.values():
        lib["required_by"] = sorted(lib["required_by"])
    gen_conf = None
    for path in ("etc/heat/heat-config-generator.conf", "config-generator.conf"):
        if show("openstack/heat", heat_commit, path) is not None:
            gen_conf = path
            break
    return {
        "release": release,
        "codename": codename,
        "key": row["key"],
        "heat": {"ref": heat_ref, "version": heat_version, "commit": heat_commit,
                 "commit_date": git("openstack/heat", "log", "-1", "--format=%cI", heat_commit).strip(),
                 "config_generator_conf": gen_conf},
        "requirements": {"ref": req_ref, "commit": req_commit,
                         "commit_date": git("openstack/requirements", "log", "-1", "--format=%cI", req_commit).strip()},
        "libraries": [libs[n] for n in sorted(libs)],
        "third_party": {n: sorted(b) for n, b in sorted(third.items())},
        "third_party_upper_constraints": {n: uc[n] for n in sorted(third) if n in uc},
    }


def read_releases_in(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            row = dict(zip(("key", "release", "codename", "heat", "requirements"), parts[:5]))
            for extra in parts[5:]:
                k, _, v = extra.partition("=")
                row[k] = v
            rows.append(row)
    return rows


def cmd_lock(in_path, lock_path, only):
    rows = read_releases_in(in_path)
    old = {}
    if os.path.exists(lock_path):
        with open(lock_path, encoding="utf-8") as f:
            old = {r["key"]: r for r in json.load(f)["releases"]}
    out = []
    for row in rows:
        if only and row["key"] not in only:
            if row["key"] in old:
                out.append(old[row["key"]])
            continue
        log("resolving %s (heat %s, requirements %s)" % (row["key"], row["heat"], row["requirements"]))
        out.append(resolve_release(row))
    data = {"comment": "written by `fromsource.sh lock` from releases.in; do not edit",
            "python_for_markers": PYTHON_FOR_MARKERS, "releases": out}
    write_json(lock_path, data, indent=1)
    return 0


def write_json(path, data, indent):
    """Writes data as sorted JSON to path, replacing it whole."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=indent, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def load_lock(path, key):
    with open(path, encoding="utf-8") as f:
        for r in json.load(f)["releases"]:
            if r["key"] == key:
                return r
    raise SystemExit("%s: no release %s" % (path, key))


# ---------------------------------------------------------------- site


def extract(repo, commit):
    """git archive of commit -> $HEATCONF_SRC/src/<owner>+<name>@<commit> (cached)."""
    dest = os.path.join(SRC_CACHE, "src", "%s@%s" % (repo.replace("/", "+"), commit))
    if os.path.isdir(dest):
        return dest
    tmp = dest + ".tmp"
    subprocess.run(["rm", "-rf", tmp], check=True)
    os.makedirs(tmp)
    data = subprocess.run(["git", "--git-dir=" + mirror(repo), "archive", commit],
                          capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        tf.extractall(tmp, filter="data") if hasattr(tarfile, "data_filter") else tf.extractall(tmp)
    os.replace(tmp, dest)
    return dest


def write_dist_info(site, name, version, entry_points, top_level, source):
    dist = re.sub(r"[-.]+", "_", name)
    d = os.path.join(site, "%s-%s.dist-info" % (dist, version))
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "w", encoding="utf-8") as f:
        f.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: extracted from %s\n" % (name, version, source))
    if entry_points:
        with open(os.path.join(d, "entry_points.txt"), "w", encoding="utf-8") as f:
            for group in sorted(entry_points):
                f.write("[%s]\n" % group)
                for k, v in entry_points[group]:
                    f.write("%s = %s\n" % (k, v))
                f.write("\n")
    with open(os.path.join(d, "top_level.txt"), "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in sorted(top_level)))
    with open(os.path.join(d, "INSTALLER"), "w", encoding="utf-8") as f:
        f.write("heatconf-fromsource\n")


def _debian_dists():
    """{normalised name: (dist-info/egg-info path, Name)} of Debian's dist-packages."""
    out = {}
    for entry in sorted(os.listdir(DEBIAN_SITE)):
        if entry.endswith((".dist-info", ".egg-info")):
            path = os.path.join(DEBIAN_SITE, entry)
            name = entry.split("-")[0]
            meta = os.path.join(path, "METADATA") if entry.endswith(".dist-info") else (
                os.path.join(path, "PKG-INFO") if os.path.isdir(path) else path)
            try:
                with open(meta, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if line.startswith("Name:"):
                            name = line.split(":", 1)[1].strip()
                            break
            except OSError:
                pass
            out[norm(name)] = (path, name)
    return out


def _dpkg_owner(path):
    r = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return r.stdout.split(":")[0].split(",")[0].strip()


def _dpkg_version(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def _dpkg_top_levels(pkg):
    r = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True, check=True)
    tops = set()
    prefix = DEBIAN_SITE + "/"
    for line in r.stdout.splitlines():
        if line.startswith(prefix):
            tops.add(line[len(prefix):].split("/")[0])
    return sorted(tops)


def _dist_requires(path):
    """Requires-Dist names of a Debian dist (no extras), markers evaluated."""
    meta = None
    if path.endswith(".dist-info"):
        meta = os.path.join(path, "METADATA")
    elif os.path.isdir(path):
        req = os.path.join(path, "requires.txt")
        if not os.path.exists(req):
            return []
        with open(req, encoding="utf-8") as f:
            text = f.read().split("\n[", 1)[0]  # only the unconditional section
        return [n for n, _, _ in parse_requirements(text)]
    else:
        meta = path
    out = []
    with open(meta, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("Requires-Dist:"):
                spec = line.split(":", 1)[1].strip()
                req, _, marker = spec.partition(";")
                if "extra" in marker:
                    continue
                if not _marker_ok(marker.strip()):
                    continue
                m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
                if m:
                    out.append(norm(m.group(1)))
    return out


# Third-party modules Python 3.11's standard library provides: a requirement on them
# (for old Pythons) is not looked for in Debian.
STDLIB_BACKPORTS = {"importlib-metadata", "importlib-resources", "dataclasses", "contextvars",
                    "enum34", "futures", "typing", "funcsigs", "contextlib2",
                    "monotonic", "ordereddict", "argparse", "zipp", "mock", "unittest2", "immutables",
                    "backports-zoneinfo", "tomli", "pywin32", "wmi", "pywin32-ctypes",
                    # the IANA database for zoneinfo: Debian's python3.11 reads the
                    # system's /usr/share/zoneinfo (package tzdata) instead
                    "tzdata"}
# Names Debian's metadata spells differently from the requirement.
DEBIAN_ALIASES = {"pyyaml": "pyyaml", "pastedeploy": "pastedeploy", "python-dateutil": "python-dateutil",
                  "dogpile-cache": "dogpile-cache", "pyopenssl": "pyopenssl", "pytz": "pytz"}


ALWAYS_DEBIAN = ["python3-pkg-resources"]

# Third-party modules that bookworm (the host) ships too old for some releases: when
# upper-constraints pins at least "from", the pure-Python package of "suite" is taken
# instead (downloaded with apt-get from the Debian mirror, unpacked with dpkg-deb
# under $HEATCONF_SRC/debs, never installed). oslo.utils >= 7.4 imports
# netaddr.core.INET_ATON (netaddr >= 0.10); bookworm has netaddr 0.8.0.
NEWER_DEBIAN = {"netaddr": {"from": "0.10.0", "suite": "trixie", "package": "python3-netaddr"}}


def _apt_opts(suite):
    d = os.path.join(SRC_CACHE, "apt", suite)
    return ["-o", "Dir::Etc::SourceList=%s/sources.list" % d, "-o", "Dir::Etc::SourceParts=/nonexistent-dir",
            "-o", "Dir::State::Lists=%s/lists" % d, "-o", "Dir::Cache=%s/cache" % d,
            "-o", "Dir::State::status=/dev/null"], d


def newer_debian_package(suite, package):
    """(unpacked root, version) of a package of another Debian suite, cached."""
    opts, d = _apt_opts(suite)
    os.makedirs(os.path.join(d, "lists", "partial"), exist_ok=True)
    os.makedirs(os.path.join(d, "cache", "archives", "partial"), exist_ok=True)
    src = os.path.join(d, "sources.list")
    if not os.path.exists(src):
        with open(src, "w") as f:
            f.write("deb http://deb.debian.org/debian %s main\n" % suite)
    if not os.listdir(os.path.join(d, "lists")) or os.listdir(os.path.join(d, "lists")) == ["partial"]:
        subprocess.run(["apt-get"] + opts + ["update", "-qq"], check=True)
    out = subprocess.run(["apt-cache"] + opts + ["show", "--no-all-versions", package],
                         capture_output=True, text=True, check=True).stdout
    version = re.search(r"^Version: (.*)$", out, re.M).group(1)
    root = os.path.join(SRC_CACHE, "debs", "%s_%s_%s" % (package, version.replace(":", "%3a"), suite))
    if not os.path.isdir(root):
        dl = os.path.join(SRC_CACHE, "debs", "download")
        os.makedirs(dl, exist_ok=True)
        subprocess.run(["apt-get"] + opts + ["download", "-qq", "%s=%s" % (package, version)], cwd=dl, check=True)
        deb = [f for f in os.listdir(dl) if f.startswith(package + "_") and f.endswith(".deb")][0]
        subprocess.run(["dpkg-deb", "-x", os.path.join(dl, deb), root + ".tmp"], check=True)
        os.replace(root + ".tmp", root)
    return root, version


def debian_third_party(names, uc_versions=None):
    """Resolve third-party names (and what they require) to Debian packages.

    Returns (tops {module entry: package}, packages {package: version}, used {name: package},
    missing [names])."""
    dists = _debian_dists()
    tops, pkgs, used, missing = {}, {}, {}, []
    overridden = {}  # top-level entry -> path, from NEWER_DEBIAN
    # pbr.version falls back to pkg_resources (setuptools), which no requirements.txt
    # names: Debian ships it as python3-pkg-resources.
    pkg_dists = {}
    by_path = {path: n for n, (path, _) in dists.items()}
    r = subprocess.run(["dpkg", "-S"] + sorted(by_path), capture_output=True, text=True)
    owner_of = {}
    for line in r.stdout.splitlines():
        pkgs_part, _, path = line.partition(": ")
        if path in by_path:
            owner = pkgs_part.split(",")[0].strip()
            owner_of[path] = owner
            pkg_dists.setdefault(owner, set()).add(by_path[path])

    provides = {}
    r = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}|${Provides}\n"], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        head, _, prov = line.partition("|")
        if not head.endswith(" installed"):
            continue
        real = head.split(" ")[0].split(":")[0]
        for v in prov.split(","):
            v = v.strip().split(" ")[0]
            if v:
                provides.setdefault(v, real)

    def add_package(pkg):
        """pkg and, through Debian's Depends, the python3-* packages it needs
        (Debian's metadata is sometimes shorter than Debian's dependencies: its
        eventlet needs dnspython); packages of projects taken from source are not
        followed."""
        stack = [pkg]
        while stack:
            p = stack.pop()
            if p in pkgs:
                continue
            if any(d in REPOS for d in pkg_dists.get(p, ())):
                continue
            ver = _dpkg_version(p)
            if not ver and p in provides:
                stack.append(provides[p])
                continue
            if not ver:
                continue
            pkgs[p] = ver
            for t in _dpkg_top_levels(p):
                tops.setdefault(t, p)
            r = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", p], capture_output=True, text=True)
            for alt in r.stdout.split(","):
                for dep in alt.split("|"):
                    dep = dep.strip().split(" ")[0].split(":")[0]
                    if dep.startswith("python3-") and dep not in ("python3-all", "python3-minimal"):
                        stack.append(dep)

    for pkg in ALWAYS_DEBIAN:
        add_package(pkg)
    todo = sorted(names)
    seen = set()
    while todo:
        n = todo.pop(0)
        if n in seen or n in SKIP or n in REPOS:
            continue
        seen.add(n)
        newer = NEWER_DEBIAN.get(n)
        if newer and uc_versions and n in uc_versions:
            from packaging.version import Version
            if Version(uc_versions[n]) >= Version(newer["from"]):
                root, ver = newer_debian_package(newer["suite"], newer["package"])
                key = "%s (%s)" % (newer["package"], newer["suite"])
                pkgs[key] = ver
                used[n] = key
                base = os.path.join(root, DEBIAN_SITE.lstrip("/"))
                for t in sorted(os.listdir(base)):
                    overridden[t] = os.path.join(base, t)
                continue
        if n in dists:
            path, _ = dists[n]
        elif n in STDLIB_BACKPORTS:
            continue
        else:
            missing.append(n)
            continue
        pkg = owner_of.get(path)
        if pkg is None:
            missing.append(n)
            continue
        used[n] = pkg
        add_package(pkg)
        todo.extend(_dist_requires(path))
    paths = {t: os.path.join(DEBIAN_SITE, t) for t in tops}
    for t in list(paths):
        # the host's own copy of an overridden module (and its metadata) is left out
        stem = t.split("-")[0].split(".")[0].lower()
        if any(stem == o.split("-")[0].split(".")[0].lower() for o in overridden):
            del paths[t]
    paths.update(overridden)
    return paths, pkgs, used, sorted(set(missing))


def cmd_site(lock_path, key, site, shims):
    rel = load_lock(lock_path, key)
    if os.path.exists(site):
        subprocess.run(["rm", "-rf", "--one-file-system", site], check=True)
    os.makedirs(site)
    record = {"sources": [], "debian": {}}
    projects = [dict(name="openstack-heat", repo="openstack/heat", version=rel["heat"]["version"],
                     commit=rel["heat"]["commit"])] + rel["libraries"]
    owners = {}
    for p in projects:
        src = extract(p["repo"], p["commit"])
        meta = project_meta(p["repo"], p["commit"])
        name = meta["name"] or p["name"]
        tops = list(meta["packages"]) + list(meta["py_modules"])
        top_entries = []
        for t in tops:
            t = t.replace(".", "/").split("/")[0]
            entry = t if os.path.isdir(os.path.join(src, t)) else t + ".py"
            if not os.path.exists(os.path.join(src, entry)):
                raise SystemExit("%s: %s has no %s" % (key, p["repo"], entry))
            if entry in owners:
                if owners[entry] != p["repo"]:
                    raise SystemExit("%s: %s provided by %s and %s" % (key, entry, owners[entry], p["repo"]))
                continue
            owners[entry] = p["repo"]
            os.symlink(os.path.join(src, entry), os.path.join(site, entry))
            top_entries.append(t)
        write_dist_info(site, name, p["version"], meta["entry_points"], top_entries,
                        "%s@%s" % (p["repo"], p["commit"]))
        record["sources"].append({"name": name, "version": p["version"], "repo": p["repo"], "commit": p["commit"]})
    tops, pkgs, used, missing = debian_third_party(rel["third_party"], rel.get("third_party_upper_constraints"))
    if missing:
        raise SystemExit("%s: third-party requirements Debian does not provide here: %s "
                         "(apt-get install their python3-* packages)" % (key, " ".join(missing)))
    for t, path in sorted(tops.items()):
        if t in owners or t == "__pycache__":
            continue
        os.symlink(path, os.path.join(site, t))
    with open(shims, encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(site, "sitecustomize.py"), "w", encoding="utf-8") as f:
        f.write(text)
    record["debian"] = {"packages": pkgs, "requirement_to_package": used}
    with open(os.path.join(site, "site.json"), "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0


def cmd_namespaces(lock_path, key):
    rel = load_lock(lock_path, key)
    text = show("openstack/heat", rel["heat"]["commit"], rel["heat"]["config_generator_conf"])
    for line in text.splitlines():
        m = re.match(r"\s*namespace\s*=\s*(\S+)", line)
        if m:
            print(m.group(1))
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "lock":
        return cmd_lock(argv[2], argv[3], set(argv[4:]))
    if len(argv) == 6 and argv[1] == "site":
        return cmd_site(argv[2], argv[3], argv[4], argv[5])
    if len(argv) == 4 and argv[1] == "namespaces":
        return cmd_namespaces(argv[2], argv[3])
    if len(argv) >= 3 and argv[1] == "compare":
        import fscompare
        return fscompare.main(argv[2:])
    if len(argv) >= 4 and argv[1] == "sources":
        import fssources
        return fssources.main(argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
