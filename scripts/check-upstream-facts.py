#!/usr/bin/env python3
"""Re-reads the evidence of every upstream fact from local git mirrors.

schema/testdata/upstream-facts.yaml says, for each fact, which upstream file
and lines say it. This script checks, against git mirrors of the
repositories, that every evidence's lines at its tag are exactly its text
(each line stripped of surrounding blanks), that every no_match pattern
matches nothing under its paths at its tag, and that an upper-constraints
pin named in "also" is the version of the library evidence beside it (its
tag, or the commit openstack/releases records for that version). The
Go test (TestUpstreamFacts) needs no network and no mirror; this is for
whoever adds or changes a fact.

    scripts/check-upstream-facts.py [FACTS.yaml]

Mirrors: $HEATCONF_MIRRORS (default /work/.mirror), one bare-or-not git
repository per project at <mirrors>/<owner>+<name>/repo (for example
openstack+heat/repo). Needs python3-yaml and git.

Exit status: 0 all evidence checked, 1 a mismatch, 2 a mirror or tag is
missing.
"""
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
    except Missing as e:
        print(f'check-upstream-facts: {e}', file=sys.stderr)
        return 2
    print(f'{len(facts)} facts, {bad} with evidence that does not hold')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
