"""Start a Python step of fromsource.sh on a private site directory.

    python3 -S run.py SITE HOSTNAME PIN SCRIPT ARGS...
    python3 -S run.py SITE HOSTNAME PIN -c CODE ARGS...

Run with -S (no site module: Debian's /usr/lib/python3/dist-packages, which may hold
other versions of the same OpenStack libraries, is never on sys.path) in a new UTS
namespace (unshare --uts). It sets the hostname to HOSTNAME, restricts the process to
one CPU when PIN is 1 (what gen.sh does), makes sys.path = [SCRIPT's directory, SITE,
the standard library], imports SITE/sitecustomize.py (the documented shims; -S skips
the automatic import) and runs SCRIPT as __main__ with ARGS.
"""
import os
import runpy
import socket
import sys


def main():
    site, host, pin, script = sys.argv[1:5]
    if host:
        socket.sethostname(host)
    if pin == "1":
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    stdlib = [p for p in sys.path if p.startswith(sys.base_prefix + "/lib/python") and "dist-packages" not in p]
    if script == "-c":  # run.py SITE HOSTNAME PIN -c CODE ARGS...
        code = sys.argv[5]
        sys.path[:] = [site] + stdlib
        import sitecustomize  # noqa: F401  (the shims, from SITE)
        sys.argv = ["-c"] + sys.argv[6:]
        exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
        return
    sys.path[:] = [os.path.dirname(os.path.abspath(script)), site] + stdlib
    import sitecustomize  # noqa: F401  (the shims, from SITE)
    sys.argv = [script] + sys.argv[5:]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
