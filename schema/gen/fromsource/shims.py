"""sitecustomize for fromsource.sh: run-time shims that let old OpenStack code run
on Debian 12's Python 3.11 and third-party libraries, plus the determinism
normalisation gen.sh gets from its chroot. Copied into every private site
directory as sitecustomize.py and imported by run.py. Every shim is listed with
its reason in README.md; none edits a fetched source.
"""
import os

# S1 determinism: gen.sh's chroot has no /proc or /sys, so os.cpu_count() follows
# the one-CPU affinity mask it sets; on this host it would count every CPU. Options
# whose default is computed from the CPU count (e.g. worker counts) must not depend
# on the machine, so cpu_count follows the affinity mask here too.
os.cpu_count = lambda: len(os.sched_getaffinity(0))

# S2 collections ABC aliases: Python 3.10 removed collections.Mapping,
# MutableMapping, Sequence, ... (deprecated since 3.3). oslo.context < 3.2
# (Victoria's 3.1.2: class _DeprecatedPolicyValues(collections.MutableMapping))
# and other old code still use them at import time.
import collections
import collections.abc
for _name in collections.abc.__all__:
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

# S3 determinism: importlib.metadata finds distributions (and so the entry points
# stevedore and oslo-config-generator load) in os.listdir() order, which on ext4
# depends on a per-file-system hash seed, not on the names. That order decides the
# order of the options inside a group in the generator's output; sorting the listing
# makes it the same on every machine.
import importlib.metadata as _md
_children = _md.FastPath.children


def _sorted_children(self):
    return sorted(_children(self))


_md.FastPath.children = _sorted_children
