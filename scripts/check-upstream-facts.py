#!/usr/bin/env python3
"""Re-reads the evidence of every upstream fact from local git mirrors.

schema/testdata/upstream-facts.yaml says, for each fact, which upstream file
and lines say it. This script checks, against git mirrors of the
repositories, that every evidence's lines at its tag are exactly its text
(each line stripped of surrounding blanks), that every no_match pattern
matches nothing under its paths at its tag, and that an upper-constraints
pin named in "also" is the version of the library evidence beside it (its
tag, or the commit openstack/releases records for that version). It also
checks schema/data/sources.json: every library the built-in data was made
with is the version upper-constraints pins at the release's requirements
commit, and a pin the mirrors lacked ("wanted") is still missing from them
(else the data is to be rebuilt). The
Go test (TestUpstreamFacts) needs no network and no mirror; this is for
whoever adds or changes a fact.

    scripts/check-upstream-facts.py [FACTS.yaml]

Mirrors: $HEATCONF_MIRRORS (default /work/.mirror), one bare-or-not git
repository per project at <mirrors>/<owner>+<name>/repo (for example
openstack+heat/repo). Needs python3-yaml and git.

Exit status: 0 all evidence checked, 1 a mismatch, 2 a mirror or tag is
missing.
"""
import json
import os
import re
import subprocess
import sys

import yaml

MIRRORS = os.environ.get('HEATCONF_MIRRORS', '/work/.mirror')
FACTS = os.path.join(os.path.dirname(__file__), '..', 'schema', 'testdata', 'upstream-facts.yaml')
PYPI = {'openstack/keystoneauth': 'keystoneauth1'}


class Missing(Exception):
    pass


def git(repo, *args, ok_codes=(0,)):
    path = os.path.join(MIRRORS, repo.replace('/', '+'), 'repo')
    if not os.path.isdir(path):
        raise Missing(f'no mirror of {repo} at {path}')
    r = subprocess.run(['git', '-C', path, *args], capture_output=True, text=True)
    if r.returncode not in ok_codes:
        raise Missing(f'git {" ".join(args)} in {repo}: {r.stderr.strip()}')
    return r.stdout


_files = {}


def lines_of(repo, tag, path):
    key = (repo, tag, path)
    if key not in _files:
        _files[key] = git(repo, 'show', f'{tag}:{path}').split('\n')
    return _files[key]


def check_evidence(e):
    lines = lines_of(e['repo'], e['tag'], e['path'])
    first, last = e['line'], e.get('to', e['line'])
    got = '\n'.join(l.strip() for l in lines[first - 1:last])
    if got != e['text']:
        return f"{e['repo']} {e['tag']} {e['path']}:{first}: the source says {got!r}, the fact {e['text']!r}"
    return None


def check_no_match(n):
    out = git(n['repo'], 'grep', '-n', '-E', n['pattern'], n['tag'], '--', *n['paths'], ok_codes=(0, 1))
    if out.strip():
        return f"{n['repo']} {n['tag']}: /{n['pattern']}/ matches:\n{out.rstrip()}"
    return None


_released = {}


def released_commit(repo, version):
    """The commit openstack/releases records for a release of repo (None if none)."""
    key = (repo, version)
    if key not in _released:
        name = repo.split('/', 1)[1]
        out = git('openstack/releases', 'grep', '-h', '-A3', '-E', f'^  - version: {re.escape(version)}$',
                  'HEAD', '--', f'deliverables/*/{name}.yaml', ok_codes=(0, 1))
        hashes = re.findall(r'hash: ([0-9a-f]{40})', out)
        _released[key] = hashes[0] if hashes else None
    return _released[key]


def check_pins(f):
    """A pin (openstack/requirements upper-constraints.txt) names the version of the library evidence."""
    evidence = [f] + f.get('also', [])
    problems = []
    for p in evidence:
        if p['repo'] != 'openstack/requirements' or p['path'] != 'upper-constraints.txt':
            continue
        m = re.match(r'^([A-Za-z0-9._-]+)===([^;]+)', p['text'])
        if not m:
            problems.append(f"pin {p['text']!r} is not name===version")
            continue
        name, version = m.groups()
        repos = [e for e in evidence if PYPI.get(e['repo'], e['repo'].split('/', 1)[1]).lower() == name.lower()]
        if repos and any(released_commit(e['repo'], version) == e['tag'] for e in repos):
            continue  # at the commit openstack/releases records for the pinned version (a mirror without the tag)
        if repos and not any(e['tag'] == version for e in repos) and 'pins' not in f.get('note', ''):
            problems.append(f"pin {name}==={version} but the {name} evidence is at {[e['tag'] for e in repos]}"
                            " (say why in the note: \"... pins ...\")")
    return problems


SOURCES = os.path.join(os.path.dirname(__file__), '..', 'schema', 'data', 'sources.json')


def norm(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def upper_constraints(commit):
    """name -> [version, ...] of upper-constraints.txt at a requirements commit."""
    pins = {}
    for line in git('openstack/requirements', 'show', f'{commit}:upper-constraints.txt').split('\n'):
        m = re.match(r'^([A-Za-z0-9._-]+)===([^;\s]+)', line.strip())
        if m:
            pins.setdefault(norm(m.group(1)), []).append(m.group(2))
    return pins


def has_commit(repo, commit):
    return git(repo, 'cat-file', '-t', commit, ok_codes=(0, 128)).strip() == 'commit'


def check_sources():
    """Every library the built-in data was made with is the version upper-constraints pins.

    schema/data/sources.json records, per release, the requirements commit and
    each OpenStack library's version and commit; a library whose pinned release
    the mirror lacked records the pin as "wanted". A version that is not the pin
    is an error; a "wanted" pin is reported, and is an error once the mirror has
    the commit openstack/releases records for it (rebuild the data:
    schema/gen/fromsource/README.md, "The lock")."""
    with open(SOURCES) as fh:
        releases = json.load(fh)['releases']
    problems, lacking = [], []
    for key, r in releases.items():
        pins = upper_constraints(r['requirements']['commit'])
        for lib in r['libraries']:
            want = lib.get('wanted', lib['version'])
            if want not in pins.get(norm(lib['name']), []):
                problems.append(f"{key}: {lib['name']} {want}, upper-constraints at {r['requirements']['ref']} pins "
                                f"{pins.get(norm(lib['name']))}")
            if 'wanted' not in lib:
                continue
            commit = released_commit(lib['repo'], lib['wanted'])
            if commit and has_commit(lib['repo'], commit):
                problems.append(f"{key}: data built with {lib['name']} {lib['version']}, and the mirror now has "
                                f"the pinned {lib['wanted']} ({commit[:9]}): rebuild the data")
            else:
                lacking.append(f"{key}: {lib['name']} {lib['version']} (pinned {lib['wanted']}, "
                               f"{commit[:9] if commit else 'no openstack/releases record'}, not in the mirror)")
    return problems, lacking


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else FACTS
    with open(path) as fh:
        facts = yaml.safe_load(fh)['facts']
    bad = 0
    try:
        for f in facts:
            name = f"{f['release']} [{f['group']}] {f['option']} {f['kind']}".replace('] ', '] ', 1)
            problems = [check_evidence(e) for e in [f] + f.get('also', [])]
            if 'no_match' in f:
                problems.append(check_no_match(f['no_match']))
            problems += check_pins(f)
            problems = [p for p in problems if p]
            for p in problems:
                print(f'{name}: {p}')
            bad += bool(problems)
        pin_problems, lacking = check_sources()
    except Missing as e:
        print(f'check-upstream-facts: {e}', file=sys.stderr)
        return 2
    for p in pin_problems:
        print(f'sources.json: {p}')
    for p in lacking:
        print(f'sources.json (mirror lacks the pin): {p}')
    print(f'{len(facts)} facts, {bad} with evidence that does not hold; '
          f'{len(pin_problems)} library versions of the data that are not the pins, {len(lacking)} pins the mirrors lack')
    return 1 if bad or pin_problems else 0


if __name__ == '__main__':
    sys.exit(main())
