"""Keystone bootstrap for Heat (embedded by heatconf in bootstrap-keystone.sh).

Reads its plan as JSON from standard input and the admin credentials from OS_* variables or clouds.yaml (OS_CLOUD) through
openstacksdk. Every step looks before it acts, so a second run changes nothing.
With --dry-run it only looks: it prints what it would create, update, grant
and delete, and sends Keystone nothing but reads (and the token requests that
check whether a user's password still works).
One process talks to Keystone's REST API directly: no `openstack` CLI start-up
per step. Passwords are never printed: every line it writes is masked with the
passwords it knows, in the forms an error message may quote them.
"""
import json
import os
import sys
from urllib.parse import quote


class Fatal(Exception):
    pass


# The passwords of the plan and the admin's, which redact() masks. Strong
# ones (the plan's strong_secrets; the admin's when it is 16 characters or
# longer) are masked wherever they appear. Weak ones ("heat", a user's
# name) only where they stand quoted, as an API error quotes a value:
# masking every "heat" would mangle "user heat" and show the password by
# the pattern of stars.
STRONG = []
WEAK = []
MASK = "****"


def _forms(secret):
    return {f for f in (secret, json.dumps(secret)[1:-1], repr(secret)[1:-1]) if f}


def redact(text):
    """Masks every known password in text, also as JSON or Python quote it."""
    for form in sorted((f for s in STRONG for f in _forms(s)), key=len, reverse=True):
        text = text.replace(form, MASK)
    for form in sorted((f for s in WEAK for f in _forms(s)), key=len, reverse=True):
        for quote_char in "\"'":
            text = text.replace(quote_char + form + quote_char, quote_char + MASK + quote_char)
    return text


def say(line):
    sys.stdout.write(redact(line) + "\n")
    sys.stdout.flush()


def complain(message):
    sys.stderr.write(redact("bootstrap-keystone.sh: " + message) + "\n")
    sys.stderr.flush()


def path(*segments):
    """Builds an API path with every segment escaped: a name or an ID can
    neither add a segment nor start a query or a fragment."""
    return "".join("/" + quote(str(seg), safe="") for seg in segments)


def check_region(region):
    """Keystone takes any string as a region ID, but one that a URL path
    cannot carry intact is refused here, before any call."""
    if not isinstance(region, str) or not region:
        raise Fatal("region: want a non-empty string, got %r" % (region,))
    if len(region) > 255:
        raise Fatal("region %r: longer than Keystone's 255 characters" % region)
    if region in (".", ".."):
        raise Fatal("region %r: a URL path would read it as a relative step" % region)
    if "/" in region:
        raise Fatal("region %r: contains '/', which the path /v3/regions/{id} cannot carry "
                    "(web servers refuse or decode an escaped '/')" % region)
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in region):
        raise Fatal("region %r: contains a control character" % region)


# what a change is called in a report, and in a dry run's
WOULD = {"created": "would create", "updated": "would update", "deleted": "would delete",
         "granted": "would grant", "enabled": "would enable"}


class Keystone:
    def __init__(self, adapter, dry_run=False):
        self.api = adapter
        self.dry_run = dry_run
        self.changed = 0
        self.unchanged = 0

    # -- HTTP ---------------------------------------------------------------
    def call(self, method, url, ok=(200,), **kw):
        """url comes from path(): every segment escaped; query parameters
        go in params, which the HTTP client encodes."""
        resp = self.api.request(url, method, raise_exc=False, **kw)
        if resp.status_code not in ok:
            detail = ""
            try:
                detail = resp.json().get("error", {}).get("message", "")
            except (ValueError, AttributeError):
                detail = resp.text[:200]
            raise Fatal("%s %s: HTTP %d %s" % (method, url, resp.status_code, detail))
        return resp

    def get(self, url, **params):
        return self.call("GET", url, params=params).json()

    def write(self, method, url, ok=(200,), **kw):
        """A call that changes Keystone: none in a dry run."""
        if self.dry_run:
            return None
        return self.call(method, url, ok=ok, **kw)

    def create(self, collection, key, body):
        """POSTs a new object and returns it; in a dry run, the object as it
        would be, with no id (nothing can exist under it yet)."""
        if self.dry_run:
            return dict(body[key], id=None)
        return self.call("POST", path(collection), ok=(201,), json=body).json()[key]

    # -- reporting ----------------------------------------------------------
    def ok(self, what):
        self.unchanged += 1
        say("ok       " + what)

    def did(self, verb, what):
        self.changed += 1
        if self.dry_run:
            verb = WOULD.get(verb, "would " + verb)
        say("%-8s %s" % (verb, what))

    # -- lookups ------------------------------------------------------------
    def find_one(self, collection, key, label, **params):
        if any(v is None for v in params.values()):
            return None  # under an object a dry run would create
        items = self.get(path(collection), **params)[collection]
        if len(items) > 1:
            raise Fatal("%s: %d match, expected one" % (label, len(items)))
        return items[0] if items else None

    def require(self, collection, key, label, **params):
        item = self.find_one(collection, key, label, **params)
        if item is None:
            raise Fatal("%s does not exist: create it first" % label)
        return item

    def domain(self, name, description=None, create=False):
        label = "domain %s" % name
        d = self.find_one("domains", "domain", label, name=name)
        if d is None:
            if not create:
                raise Fatal("%s does not exist" % label)
            body = {"domain": {"name": name, "description": description or "", "enabled": True}}
            d = self.create("domains", "domain", body)
            self.did("created", label)
        elif create:
            self.ok(label)
        return d

    def project(self, name, domain, create=False):
        label = "project %s in domain %s" % (name, domain["name"])
        p = self.find_one("projects", "project", label, name=name, domain_id=domain["id"])
        if p is None:
            if not create:
                raise Fatal("%s does not exist" % label)
            body = {"project": {"name": name, "domain_id": domain["id"], "enabled": True}}
            p = self.create("projects", "project", body)
            self.did("created", label)
        elif create:
            self.ok(label)
        return p

    def user(self, name, domain, password=None):
        """Finds a user; with a password, creates it or converges the password."""
        label = "user %s in domain %s" % (name, domain["name"])
        u = self.find_one("users", "user", label, name=name, domain_id=domain["id"])
        if password is None:
            if u is None:
                raise Fatal("%s does not exist" % label)
            return u
        if u is None:
            body = {"user": {"name": name, "domain_id": domain["id"], "password": password, "enabled": True}}
            u = self.create("users", "user", body)
            self.did("created", label)
            return u
        # Keystone revokes a user's tokens on every password change, so
        # change it only when the wanted password does not authenticate.
        body = {"auth": {"identity": {"methods": ["password"],
                                      "password": {"user": {"id": u["id"], "password": password}}}}}
        resp = self.api.request(path("auth", "tokens"), "POST", json=body, authenticated=False, raise_exc=False)
        if resp.status_code == 201:
            self.ok(label)
        elif resp.status_code == 401:
            self.write("PATCH", path("users", u["id"]), json={"user": {"password": password}})
            self.did("updated", label + " (password)")
        else:
            raise Fatal("checking the password of %s: HTTP %d" % (label, resp.status_code))
        if not u.get("enabled", True):
            self.write("PATCH", path("users", u["id"]), json={"user": {"enabled": True}})
            self.did("enabled", label)
        return u

    def role(self, name, create=False):
        label = "role %s" % name
        r = self.find_one("roles", "role", label, name=name)
        if r is None:
            if not create:
                raise Fatal("%s does not exist" % label)
            r = self.create("roles", "role", {"role": {"name": name}})
            self.did("created", label)
        elif create:
            self.ok(label)
        return r

    def grant(self, target_kind, target, user, role):
        label = "role %s for user %s on %s %s" % (role["name"], user["name"], target_kind, target["name"])
        if None in (target["id"], user["id"], role["id"]):
            self.did("granted", label)  # a dry run: one of them is yet to be created
            return
        where = path(target_kind + "s", target["id"], "users", user["id"], "roles", role["id"])
        resp = self.call("HEAD", where, ok=(200, 204, 404))
        if resp.status_code == 404:
            self.write("PUT", where, ok=(200, 201, 204))
            self.did("granted", label)
        else:
            self.ok(label)

    def region(self, name):
        label = "region %s" % name
        resp = self.call("GET", path("regions", name), ok=(200, 404))
        if resp.status_code == 404:
            self.write("POST", path("regions"), ok=(201,), json={"region": {"id": name}})
            self.did("created", label)
        else:
            self.ok(label)

    def service(self, spec):
        label = "service %s (%s)" % (spec["name"], spec["type"])
        found = [s for s in self.get(path("services"), type=spec["type"])["services"] if s.get("name") == spec["name"]]
        if len(found) > 1:
            raise Fatal("%s: %d services match, expected one" % (label, len(found)))
        if not found:
            body = {"service": {"name": spec["name"], "type": spec["type"],
                                "description": spec["description"], "enabled": True}}
            svc = self.create("services", "service", body)
            self.did("created", label)
            return svc
        svc = found[0]
        want = {"description": spec["description"], "enabled": True}
        if any(svc.get(k) != v for k, v in want.items()):
            self.write("PATCH", path("services", svc["id"]), json={"service": want})
            self.did("updated", label)
        else:
            self.ok(label)
        return svc

    def endpoint(self, svc, interface, url, region):
        label = "endpoint %s %s %s" % (svc["type"], interface, url)
        eps = []
        if svc["id"] is not None:  # else a dry run would create the service
            eps = self.get(path("endpoints"), service_id=svc["id"], interface=interface)["endpoints"]
        eps = [e for e in eps if region in (e.get("region_id"), e.get("region"))]
        keep, extra = (eps[0], eps[1:]) if eps else (None, [])
        for e in extra:
            self.write("DELETE", path("endpoints", e["id"]), ok=(204,))
            self.did("deleted", "duplicate endpoint %s %s %s" % (svc["type"], interface, e["url"]))
        if keep is None:
            body = {"endpoint": {"service_id": svc["id"], "interface": interface, "url": url,
                                 "region_id": region, "enabled": True}}
            self.write("POST", path("endpoints"), ok=(201,), json=body)
            self.did("created", label)
        elif keep["url"] != url or not keep.get("enabled", True):
            old = keep["url"]
            self.write("PATCH", path("endpoints", keep["id"]), json={"endpoint": {"url": url, "enabled": True}})
            self.did("updated", "%s (was %s)" % (label, old))
        else:
            self.ok(label)


def run(plan, ks):
    region = plan["region"]
    ks.region(region)

    service_domain = ks.domain(plan["service_domain"])
    service_project = ks.project(plan["service_project"], service_domain, create=True)
    heat = ks.user(plan["heat_user"], service_domain, plan["heat_password"])
    for name in plan["heat_roles"]:
        ks.grant("project", service_project, heat, ks.role(name))

    for spec in plan["services"]:
        svc = ks.service(spec)
        for interface in ("public", "internal", "admin"):
            ks.endpoint(svc, interface, spec["endpoints"][interface], region)

    stack_domain = ks.domain(plan["stack_domain"], plan["stack_domain_description"], create=True)
    domain_admin = ks.user(plan["stack_domain_admin"], stack_domain, plan["stack_domain_admin_password"])
    ks.grant("domain", stack_domain, domain_admin, ks.role("admin"))

    roles = {name: ks.role(name, create=True) for name in plan["roles"]}
    owner_role = roles[plan["stack_owner_role"]]
    for g in plan["stack_owners"]:
        domain = ks.domain(g["domain"])
        user = ks.user(g["user"], domain)
        project = ks.project(g["project"], domain)
        ks.grant("project", project, user, owner_role)


def read_env_file(path, names):
    """Reads the variables names of heatconf's heat.env (lines NAME="VALUE",
    the double-quoted form of systemd's EnvironmentFile= with \\ before
    each of " \\ ` $) and returns their values as oslo.config reads them:
    "\\$" and "$$" stand for "$"."""
    found = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, ValueError) as exc:
        raise Fatal("cannot read %s: %s" % (path, exc.strerror if isinstance(exc, OSError) else "not UTF-8"))
    for line in lines:
        name, sep, rest = line.partition("=")
        if not sep or name not in names:
            continue
        if len(rest) < 2 or rest[0] != '"' or rest[-1] != '"':
            raise Fatal("%s: %s is not written as heatconf writes it (NAME=\"VALUE\")" % (path, name))
        value, i, body = [], 0, rest[1:-1]
        while i < len(body):
            if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in '"\\`$':
                i += 1
            value.append(body[i])
            i += 1
        found[name] = "".join(value).replace("\\$", "$$").replace("$$", "$")
    missing = [n for n in names if n not in found]
    if missing:
        raise Fatal("%s has no %s" % (path, ", ".join(sorted(missing))))
    return found


def secrets_from_env_file(plan):
    """In a secret-free render the plan holds no password but names, in
    secrets_from, the variable of heat.env (HEATCONF_ENV_FILE) of each."""
    wanted = plan.get("secrets_from") or {}
    if not wanted:
        return
    path = os.environ.get("HEATCONF_ENV_FILE") or ""
    if not path:
        raise Fatal("the plan's passwords are in heat.env: set HEATCONF_ENV_FILE")
    values = read_env_file(path, set(wanted.values()))
    for field, name in wanted.items():
        plan[field] = values[name]


def main(argv):
    dry_run = False
    for arg in argv:
        if arg == "--dry-run":
            dry_run = True
        else:
            complain("unknown argument %s (see --help)" % arg)
            return 2
    try:
        plan = json.load(sys.stdin)
    except ValueError as exc:
        complain("the plan on standard input is not JSON: %s" % exc)
        return 2
    if not isinstance(plan, dict):
        complain("the plan on standard input is not a JSON object")
        return 2
    try:
        secrets_from_env_file(plan)
    except Fatal as exc:
        complain(str(exc))
        return 2
    strong = plan.get("strong_secrets") or []
    for field in ("heat_password", "stack_domain_admin_password"):
        value = plan.get(field)
        if isinstance(value, str) and value:
            (STRONG if field in strong else WEAK).append(value)
    admin = os.environ.get("OS_PASSWORD") or ""
    if admin:
        (STRONG if len(admin) >= 16 else WEAK).append(admin)
    try:
        check_region(plan.get("region"))
    except Fatal as exc:
        complain("the plan is not usable: %s" % exc)
        return 2
    try:
        import openstack
    except ImportError:
        complain("python3-openstacksdk is missing: apt-get install python3-openstacksdk")
        return 3
    try:
        conn = openstack.connect()
        adapter = conn.identity
    except Exception as exc:  # openstacksdk raises many kinds here
        complain("cannot use the admin credentials from OS_* or clouds.yaml: %s" % exc)
        return 3
    ks = Keystone(adapter, dry_run)
    what = "keystone bootstrap"
    counts = "%d changed, %d unchanged"
    if dry_run:
        what = "keystone bootstrap dry run"
        counts = "%d would change, %d unchanged; nothing was changed"
    try:
        run(plan, ks)
    except Fatal as exc:
        complain(str(exc))
        say("heatconf: %s failed after %s" % (what, counts % (ks.changed, ks.unchanged)))
        return 1
    except Exception as exc:
        complain("%s: %s" % (type(exc).__name__, exc))
        say("heatconf: %s failed after %s" % (what, counts % (ks.changed, ks.unchanged)))
        return 1
    say("heatconf: %s done: %s" % (what, counts % (ks.changed, ks.unchanged)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
