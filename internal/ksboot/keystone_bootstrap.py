"""Keystone bootstrap for Heat (embedded by heatconf in bootstrap-keystone.sh).

Reads its plan as JSON from standard input and the admin credentials from OS_* variables or clouds.yaml (OS_CLOUD) through
openstacksdk. Every step looks before it acts, so a second run changes nothing.
One process talks to Keystone's REST API directly: no `openstack` CLI start-up
per step. Passwords are never printed.
"""
import json
import sys


class Fatal(Exception):
    pass


class Keystone:
    def __init__(self, adapter):
        self.api = adapter
        self.changed = 0
        self.unchanged = 0

    # -- HTTP ---------------------------------------------------------------
    def call(self, method, path, ok=(200,), **kw):
        resp = self.api.request(path, method, raise_exc=False, **kw)
        if resp.status_code not in ok:
            detail = ""
            try:
                detail = resp.json().get("error", {}).get("message", "")
            except ValueError:
                detail = resp.text[:200]
            raise Fatal("%s %s: HTTP %d %s" % (method, path.split("?")[0], resp.status_code, detail))
        return resp

    def get(self, path, **params):
        return self.call("GET", path, params=params).json()

    # -- reporting ----------------------------------------------------------
    def ok(self, what):
        self.unchanged += 1
        print("ok       " + what)

    def did(self, verb, what):
        self.changed += 1
        print("%-8s %s" % (verb, what))

    # -- lookups ------------------------------------------------------------
    def find_one(self, collection, key, label, **params):
        items = self.get("/" + collection, **params)[collection]
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
            d = self.call("POST", "/domains", ok=(201,), json=body).json()["domain"]
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
            p = self.call("POST", "/projects", ok=(201,), json=body).json()["project"]
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
            u = self.call("POST", "/users", ok=(201,), json=body).json()["user"]
            self.did("created", label)
            return u
        # Keystone revokes a user's tokens on every password change, so
        # change it only when the wanted password does not authenticate.
        body = {"auth": {"identity": {"methods": ["password"],
                                      "password": {"user": {"id": u["id"], "password": password}}}}}
        resp = self.api.request("/auth/tokens", "POST", json=body, authenticated=False, raise_exc=False)
        if resp.status_code == 201:
            self.ok(label)
        elif resp.status_code == 401:
            self.call("PATCH", "/users/" + u["id"], json={"user": {"password": password}})
            self.did("updated", label + " (password)")
        else:
            raise Fatal("checking the password of %s: HTTP %d" % (label, resp.status_code))
        if not u.get("enabled", True):
            self.call("PATCH", "/users/" + u["id"], json={"user": {"enabled": True}})
            self.did("enabled", label)
        return u

    def role(self, name, create=False):
        label = "role %s" % name
        r = self.find_one("roles", "role", label, name=name)
        if r is None:
            if not create:
                raise Fatal("%s does not exist" % label)
            r = self.call("POST", "/roles", ok=(201,), json={"role": {"name": name}}).json()["role"]
            self.did("created", label)
        elif create:
            self.ok(label)
        return r

    def grant(self, target_kind, target, user, role):
        label = "role %s for user %s on %s %s" % (role["name"], user["name"], target_kind, target["name"])
        path = "/%ss/%s/users/%s/roles/%s" % (target_kind, target["id"], user["id"], role["id"])
        resp = self.call("HEAD", path, ok=(200, 204, 404))
        if resp.status_code == 404:
            self.call("PUT", path, ok=(200, 201, 204))
            self.did("granted", label)
        else:
            self.ok(label)

    def region(self, name):
        label = "region %s" % name
        resp = self.call("GET", "/regions/" + name, ok=(200, 404))
        if resp.status_code == 404:
            self.call("POST", "/regions", ok=(201,), json={"region": {"id": name}})
            self.did("created", label)
        else:
            self.ok(label)

    def service(self, spec):
        label = "service %s (%s)" % (spec["name"], spec["type"])
        found = [s for s in self.get("/services", type=spec["type"])["services"] if s.get("name") == spec["name"]]
        if len(found) > 1:
            raise Fatal("%s: %d services match, expected one" % (label, len(found)))
        if not found:
            body = {"service": {"name": spec["name"], "type": spec["type"],
                                "description": spec["description"], "enabled": True}}
            svc = self.call("POST", "/services", ok=(201,), json=body).json()["service"]
            self.did("created", label)
            return svc
        svc = found[0]
        want = {"description": spec["description"], "enabled": True}
        if any(svc.get(k) != v for k, v in want.items()):
            self.call("PATCH", "/services/" + svc["id"], json={"service": want})
            self.did("updated", label)
        else:
            self.ok(label)
        return svc

    def endpoint(self, svc, interface, url, region):
        label = "endpoint %s %s %s" % (svc["type"], interface, url)
        eps = self.get("/endpoints", service_id=svc["id"], interface=interface)["endpoints"]
        eps = [e for e in eps if region in (e.get("region_id"), e.get("region"))]
        keep, extra = (eps[0], eps[1:]) if eps else (None, [])
        for e in extra:
            self.call("DELETE", "/endpoints/" + e["id"], ok=(204,))
            self.did("deleted", "duplicate endpoint %s %s %s" % (svc["type"], interface, e["url"]))
        if keep is None:
            body = {"endpoint": {"service_id": svc["id"], "interface": interface, "url": url,
                                 "region_id": region, "enabled": True}}
            self.call("POST", "/endpoints", ok=(201,), json=body)
            self.did("created", label)
        elif keep["url"] != url or not keep.get("enabled", True):
            old = keep["url"]
            self.call("PATCH", "/endpoints/" + keep["id"], json={"endpoint": {"url": url, "enabled": True}})
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


def main():
    try:
        plan = json.load(sys.stdin)
    except ValueError as exc:
        sys.stderr.write("bootstrap-keystone.sh: the plan on standard input is not JSON: %s\n" % exc)
        return 2
    try:
        import openstack
    except ImportError:
        sys.stderr.write("bootstrap-keystone.sh: python3-openstacksdk is missing: apt-get install python3-openstacksdk\n")
        return 3
    try:
        conn = openstack.connect()
        adapter = conn.identity
    except Exception as exc:  # openstacksdk raises many kinds here
        sys.stderr.write("bootstrap-keystone.sh: cannot use the admin credentials from OS_* or clouds.yaml: %s\n" % exc)
        return 3
    ks = Keystone(adapter)
    try:
        run(plan, ks)
    except Fatal as exc:
        sys.stderr.write("bootstrap-keystone.sh: %s\n" % exc)
        print("heatconf: keystone bootstrap failed after %d changed, %d unchanged" % (ks.changed, ks.unchanged))
        return 1
    except Exception as exc:
        sys.stderr.write("bootstrap-keystone.sh: %s: %s\n" % (type(exc).__name__, exc))
        print("heatconf: keystone bootstrap failed after %d changed, %d unchanged" % (ks.changed, ks.unchanged))
        return 1
    print("heatconf: keystone bootstrap done: %d changed, %d unchanged" % (ks.changed, ks.unchanged))
    return 0


sys.exit(main())
