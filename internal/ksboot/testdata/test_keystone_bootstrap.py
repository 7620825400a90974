"""Behaviour of keystone_bootstrap.py against a stub Keystone.

Each test starts a stub Keystone (stub_keystone.py), runs the program the way
bootstrap-keystone.sh does (python3 PROGRAM-FILE [--dry-run], the plan on standard input,
admin credentials in OS_*), with the stand-in openstacksdk of fakesdk/, and
checks its report, its exit status and what it left in Keystone.

KSBOOT_PROGRAM names the program file (the Go test writes the embedded text).
"""
import json
import os
import subprocess
import sys
import unittest

import stub_keystone

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM_PATH = os.environ.get("KSBOOT_PROGRAM") or os.path.join(HERE, "..", "keystone_bootstrap.py")
with open(PROGRAM_PATH, encoding="utf-8") as f:
    PROGRAM = f.read()

# Hostile passwords: quotes, backslash, shell and format characters.
ADMIN_PASSWORD = "admin-\"pw'\\$%s-strong-enough"
HEAT_PASSWORD = "p@ss:w/rd'\"$x%;#\\"
DOMAIN_ADMIN_PASSWORD = " \"$$ {quoted} ${x} 'end' "
SECRETS = (ADMIN_PASSWORD, HEAT_PASSWORD, DOMAIN_ADMIN_PASSWORD)

HEAT_URL = "https://heat.example.net:8004/v1/%(tenant_id)s"
CFN_URL = "https://heat.example.net:8000/v1"

# What a first run on a fresh Keystone reports: region, service project, heat
# user, its grant, 2 services, 6 endpoints, stack domain, its admin, the
# admin's grant, 2 roles, the stack owner's grant.
FIRST_RUN_CHANGES = 18


def make_plan(region="RegionOne"):
    return {
        "region": region,
        "service_domain": "Default",
        "service_project": "service",
        "heat_user": "heat",
        "heat_password": HEAT_PASSWORD,
        "heat_roles": ["admin"],
        "services": [
            {"name": "heat", "type": "orchestration", "description": "Orchestration",
             "endpoints": {"public": HEAT_URL, "internal": HEAT_URL, "admin": HEAT_URL}},
            {"name": "heat-cfn", "type": "cloudformation", "description": "Orchestration",
             "endpoints": {"public": CFN_URL, "internal": CFN_URL, "admin": CFN_URL}},
        ],
        "stack_domain": "heat",
        "stack_domain_description": "Stack projects and users",
        "stack_domain_admin": "heat_domain_admin",
        "stack_domain_admin_password": DOMAIN_ADMIN_PASSWORD,
        "roles": ["heat_stack_user", "heat_stack_owner"],
        "stack_owner_role": "heat_stack_owner",
        "stack_owners": [{"user": "demo", "project": "demo", "domain": "Default"}],
        "strong_secrets": ["heat_password", "stack_domain_admin_password"],
    }


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        lines = self.out.splitlines()
        self.last = lines[-1] if lines else ""
        # the report's lines for changed objects, as printed
        self.changes = [l for l in lines if not l.startswith(("ok ", "heatconf: "))]
        self.unchanged = [l for l in lines if l.startswith("ok ")]


class BootstrapTest(unittest.TestCase):
    maxDiff = None
    client = "urllib"  # the HTTP client of the stand-in openstacksdk

    def setUp(self):
        self.stub = stub_keystone.Stub()
        self.addCleanup(self.stub.stop)
        s = self.stub
        self.default = s.add("domains", id="default", name="Default", description="The default domain")
        s.add_user("admin", "default", ADMIN_PASSWORD)
        self.admin_role = s.add("roles", name="admin", domain_id=None)
        s.add("roles", name="member", domain_id=None)

    def seed_demo(self, user_id=None, project_id=None):
        self.demo_user = self.stub.add_user("demo", "default", "demo-password", id=user_id)
        self.demo_project = self.stub.add("projects", id=project_id, name="demo", domain_id="default")

    def bootstrap(self, plan, *args):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": os.path.join(HERE, "fakesdk"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "OS_AUTH_URL": self.stub.url + "/v3",
            "OS_USERNAME": "admin",
            "OS_PASSWORD": ADMIN_PASSWORD,
            "OS_USER_DOMAIN_NAME": "Default",
            "KSBOOT_CLIENT": self.client,
        }
        proc = subprocess.run([sys.executable, PROGRAM_PATH, *args], input=json.dumps(plan), env=env,
                              capture_output=True, text=True, timeout=120)
        r = Result(proc)
        for secret in SECRETS:
            for form in (secret, json.dumps(secret)[1:-1], repr(secret)[1:-1]):
                self.assertNotIn(form, r.out, "a password in the program's stdout")
                self.assertNotIn(form, r.err, "a password in the program's stderr")
        return r

    def assertDone(self, r, changed, unchanged):
        self.assertEqual(r.err, "")
        self.assertEqual(r.code, 0, r.out)
        self.assertEqual(r.last, "heatconf: keystone bootstrap done: %d changed, %d unchanged" % (changed, unchanged))
        self.assertEqual(len(r.changes), changed, r.out)
        self.assertEqual(len(r.unchanged), unchanged, r.out)

    def assertPassword(self, user, password):
        self.assertEqual(self.stub.passwords[user["id"]], password, "password of %s" % user["name"])

    def assertGranted(self, kind, target, user, role):
        self.assertIn((kind, target["id"], user["id"], role["id"]), self.stub.assignments)

    def assertBootstrapped(self, region="RegionOne"):
        s = self.stub
        self.assertIn(region, s.objects["regions"])
        service = s.one("projects", name="service", domain_id="default")
        heat = s.one("users", name="heat", domain_id="default")
        self.assertPassword(heat, HEAT_PASSWORD)
        self.assertGranted("project", service, heat, self.admin_role)
        for name, type_, url in (("heat", "orchestration", HEAT_URL), ("heat-cfn", "cloudformation", CFN_URL)):
            svc = s.one("services", name=name, type=type_)
            self.assertEqual((svc["description"], svc["enabled"]), ("Orchestration", True))
            eps = s.find("endpoints", service_id=svc["id"])
            self.assertEqual(sorted((e["interface"], e["url"], e["region_id"]) for e in eps),
                             [(i, url, region) for i in ("admin", "internal", "public")])
        stack = s.one("domains", name="heat")
        self.assertEqual(stack["description"], "Stack projects and users")
        domain_admin = s.one("users", name="heat_domain_admin", domain_id=stack["id"])
        self.assertPassword(domain_admin, DOMAIN_ADMIN_PASSWORD)
        self.assertGranted("domain", stack, domain_admin, self.admin_role)
        s.one("roles", name="heat_stack_user")
        owner = s.one("roles", name="heat_stack_owner")
        self.assertGranted("project", self.demo_project, self.demo_user, owner)
        self.assertEqual(len(s.assignments), 3)

    # -- idempotence -------------------------------------------------------------
    def test_first_run_creates_everything(self):
        self.seed_demo()
        r = self.bootstrap(make_plan())
        self.assertDone(r, FIRST_RUN_CHANGES, 0)
        verbs = sorted(l.split()[0] for l in r.changes)
        self.assertEqual(verbs, ["created"] * 15 + ["granted"] * 3, r.out)
        self.assertIn("created  endpoint orchestration public %s" % HEAT_URL, r.changes)
        self.assertIn("granted  role heat_stack_owner for user demo on project demo", r.changes)
        self.assertBootstrapped()

    def test_second_run_changes_nothing(self):
        self.seed_demo()
        self.assertDone(self.bootstrap(make_plan()), FIRST_RUN_CHANGES, 0)
        mark = self.stub.mark()
        r = self.bootstrap(make_plan())
        self.assertDone(r, 0, FIRST_RUN_CHANGES)
        self.assertNoWrites(mark, "the second run")
        self.assertBootstrapped()

    def test_drift_is_repaired(self):
        self.seed_demo()
        self.assertDone(self.bootstrap(make_plan()), FIRST_RUN_CHANGES, 0)
        s = self.stub
        orchestration = s.one("services", type="orchestration")
        public = s.one("endpoints", service_id=orchestration["id"], interface="public")
        public["url"] = "http://old.example.net:8004/v1/%(tenant_id)s"
        heat = s.one("users", name="heat")
        s.passwords[heat["id"]] = "a password someone else set"

        r = self.bootstrap(make_plan())
        self.assertDone(r, 2, FIRST_RUN_CHANGES - 2)
        self.assertEqual(r.changes, [
            "updated  user heat in domain Default (password)",
            "updated  endpoint orchestration public %s (was http://old.example.net:8004/v1/%%(tenant_id)s)" % HEAT_URL,
        ])
        self.assertBootstrapped()
        self.assertEqual(s.one("endpoints", service_id=orchestration["id"], interface="public")["id"], public["id"],
                         "the endpoint was replaced instead of corrected")
        self.assertDone(self.bootstrap(make_plan()), 0, FIRST_RUN_CHANGES)

    # -- dry run -----------------------------------------------------------------
    def assertNoWrites(self, mark, what):
        writes = [(m, p) for m, p in self.stub.requests_since(mark)
                  if m not in ("GET", "HEAD") and not (m == "POST" and p == "/v3/auth/tokens")]
        self.assertEqual(writes, [], what + " wrote to Keystone")

    def test_dry_run_on_a_fresh_keystone_changes_nothing(self):
        self.seed_demo()
        mark = self.stub.mark()
        users = len(self.stub.objects["users"])
        r = self.bootstrap(make_plan(), "--dry-run")
        self.assertEqual((r.code, r.err), (0, ""), r.out)
        self.assertEqual(r.last, "heatconf: keystone bootstrap dry run done: %d would change, 0 unchanged; "
                                 "nothing was changed" % FIRST_RUN_CHANGES)
        self.assertEqual(sorted(l.rsplit(" ", 0)[0].split()[1] for l in r.changes),
                         sorted(["create"] * 15 + ["grant"] * 3), r.out)
        self.assertIn("would create endpoint orchestration public %s" % HEAT_URL, r.changes)
        self.assertIn("would create user heat_domain_admin in domain heat", r.changes)
        self.assertIn("would grant role heat_stack_owner for user demo on project demo", r.changes)
        self.assertNoWrites(mark, "a dry run")
        self.assertEqual(len(self.stub.objects["users"]), users)
        # the real run then does what the dry run said
        r = self.bootstrap(make_plan())
        self.assertDone(r, FIRST_RUN_CHANGES, 0)
        self.assertBootstrapped()

    def test_dry_run_shows_repairs_and_deletions(self):
        self.seed_demo()
        self.assertDone(self.bootstrap(make_plan()), FIRST_RUN_CHANGES, 0)
        s = self.stub
        orchestration = s.one("services", type="orchestration")
        public = s.one("endpoints", service_id=orchestration["id"], interface="public")
        public["url"] = "http://old.example.net:8004/v1/%(tenant_id)s"
        s.add("endpoints", service_id=orchestration["id"], interface="internal", url="http://dup.example.net:8004/v1",
              region_id="RegionOne", enabled=True)
        heat = s.one("users", name="heat")
        s.passwords[heat["id"]] = "a password someone else set"

        mark = s.mark()
        r = self.bootstrap(make_plan(), "--dry-run")
        self.assertEqual((r.code, r.err), (0, ""), r.out)
        self.assertEqual(r.changes, [
            "would update user heat in domain Default (password)",
            "would update endpoint orchestration public %s (was http://old.example.net:8004/v1/%%(tenant_id)s)" % HEAT_URL,
            "would delete duplicate endpoint orchestration internal http://dup.example.net:8004/v1",
        ])
        self.assertEqual(r.last, "heatconf: keystone bootstrap dry run done: 3 would change, %d unchanged; "
                                 "nothing was changed" % (FIRST_RUN_CHANGES - 2))
        self.assertNoWrites(mark, "a dry run")
        self.assertEqual(s.passwords[heat["id"]], "a password someone else set")
        self.assertEqual(len(s.find("endpoints", service_id=orchestration["id"], interface="internal")), 2)

        r = self.bootstrap(make_plan())
        self.assertEqual(r.code, 0, r.out)
        self.assertBootstrapped()

    def test_unknown_argument(self):
        r = self.bootstrap(make_plan(), "--dry")
        self.assertEqual(r.code, 2)
        self.assertEqual(r.err, "bootstrap-keystone.sh: unknown argument --dry (see --help)\n")

    # -- errors ------------------------------------------------------------------
    def test_api_error_is_reported(self):
        self.seed_demo()
        self.stub.fail("POST", "/v3/services", 403, json.dumps({"error": {
            "code": 403, "title": "Forbidden",
            "message": "You are not authorized to perform the requested action: identity:create_service."}}))
        r = self.bootstrap(make_plan())
        self.assertEqual(r.code, 1, r.out)
        self.assertEqual(r.err, "bootstrap-keystone.sh: POST /services: HTTP 403 You are not authorized to perform "
                                "the requested action: identity:create_service.\n")
        # region, service project, heat user and its grant came before
        self.assertEqual(r.last, "heatconf: keystone bootstrap failed after 4 changed, 0 unchanged")
        self.assertEqual(self.stub.objects["services"], {})

    def test_error_that_quotes_a_password_is_masked(self):
        # Keystone's schema validation quotes the value it refused
        message = "Invalid input for field 'user/password': %r is too long" % HEAT_PASSWORD
        for name, body, ctype in (
                ("json", json.dumps({"error": {"code": 400, "title": "Bad Request", "message": message}}),
                 "application/json"),
                ("text", "<p>%s</p> %s" % (message, json.dumps(HEAT_PASSWORD)), "text/html")):
            with self.subTest(body=name):
                self.stub.fail("POST", "/v3/users", 400, body, ctype)
                r = self.bootstrap(make_plan())  # checks that no password shows
                self.assertEqual(r.code, 1, r.out)
                self.assertIn("bootstrap-keystone.sh: POST /users: HTTP 400 ", r.err)
                self.assertIn("'****' is too long", r.err)
                self.assertTrue(r.last.startswith("heatconf: keystone bootstrap failed after "), r.out)

    def test_lab_passwords_leave_output_readable(self):
        # "heat" is weak: it is masked only where quoted, so the report's
        # "user heat" lines stay as they are
        self.seed_demo()
        plan = make_plan()
        plan.update(heat_password="heat", stack_domain_admin_password="heat", strong_secrets=[])
        message = "Invalid input for field 'user/password': 'heat' is too short"
        self.stub.fail("POST", "/v3/users", 400,
                       json.dumps({"error": {"code": 400, "title": "Bad Request", "message": message}}),
                       "application/json")
        r = self.bootstrap(plan)
        self.assertIn("'****' is too short", r.err)
        self.assertIn("POST /users", r.err)
        self.stub.failures.clear()
        r = self.bootstrap(plan)
        self.assertNotIn("****", r.out)
        self.assertEqual(r.code, 0, r.out + r.err)
        self.assertTrue(any("user heat " in l for l in r.changes), r.out)

    def test_wrong_admin_credentials(self):
        s = self.stub
        s.passwords[s.one("users", name="admin")["id"]] = "changed"
        r = self.bootstrap(make_plan())
        self.assertEqual(r.code, 3)
        self.assertIn("cannot use the admin credentials", r.err)

    def test_bad_plan(self):
        for name, plan in (("not json", "{"), ("not an object", "[]")):
            with self.subTest(plan=name):
                proc = subprocess.run([sys.executable, "-c", PROGRAM], input=plan, capture_output=True, text=True,
                                      env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, timeout=60)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn("bootstrap-keystone.sh: the plan on standard input is not", proc.stderr)

    # -- what goes into URL paths ------------------------------------------------
    def test_region_is_escaped_in_paths(self):
        self.seed_demo()
        self.assertDone(self.bootstrap(make_plan()), FIRST_RUN_CHANGES, 0)
        for region, escaped in (("R1#frag", "R1%23frag"), ("R1?x=y&z", "R1%3Fx%3Dy%26z"),
                                ("R 1%2F", "R%201%252F"), ("Région", "R%C3%A9gion")):
            with self.subTest(region=region):
                # start from a Keystone without the catalog, where R1 exists:
                # a request that lost "#frag" or "?x=y" would find it
                for name in ("services", "endpoints", "regions"):
                    self.stub.objects[name].clear()
                self.stub.add("regions", id="R1")
                mark = self.stub.mark()
                r = self.bootstrap(make_plan(region))
                # the region, 2 services and 6 endpoints are new; the rest stays
                self.assertDone(r, 9, FIRST_RUN_CHANGES - 9)
                self.assertIn(region, self.stub.objects["regions"])
                reqs = self.stub.requests_since(mark)
                self.assertIn(("GET", "/v3/regions/" + escaped), reqs)
                for method, raw in reqs:
                    if raw.startswith("/v3/regions/"):
                        self.assertEqual(raw, "/v3/regions/" + escaped)
                    self.assertNotIn("#", raw)
                for e in self.stub.objects["endpoints"].values():
                    self.assertEqual(e["region_id"], region)
                self.assertBootstrapped(region)

    def test_region_that_a_path_cannot_carry_is_refused(self):
        for region in ("R1/../../projects", "R1/x", "..", ".", "", "R1\nx", "x" * 256, None, 7):
            with self.subTest(region=region):
                mark = self.stub.mark()
                r = self.bootstrap(make_plan(region))
                self.assertEqual(r.code, 2, r.out + r.err)
                self.assertIn("bootstrap-keystone.sh: the plan is not usable: region", r.err)
                self.assertEqual(self.stub.requests_since(mark), [], "requests made with a refused region")

    def test_ids_are_escaped_in_paths(self):
        # Keystone makes hex IDs, but an identity backend (LDAP) or another
        # tool may have made these; each must stay one path segment.
        self.seed_demo(user_id="demo/../../users#x", project_id="p?x=1 y")
        mark = self.stub.mark()
        r = self.bootstrap(make_plan())
        self.assertDone(r, FIRST_RUN_CHANGES, 0)
        owner = self.stub.one("roles", name="heat_stack_owner")
        where = "/v3/projects/p%3Fx%3D1%20y/users/demo%2F..%2F..%2Fusers%23x/roles/" + owner["id"]
        reqs = self.stub.requests_since(mark)
        self.assertIn(("HEAD", where), reqs)
        self.assertIn(("PUT", where), reqs)
        self.assertBootstrapped()



def have_keystoneauth():
    try:
        import keystoneauth1  # noqa: F401
        import requests  # noqa: F401
    except ImportError:
        return False
    return True


@unittest.skipUnless(have_keystoneauth() or os.environ.get("CI") == "true",  # CI=true: fail, never skip
                     "keystoneauth1 (python3-keystoneauth1) is missing")
class KeystoneauthTest(BootstrapTest):
    """The same cases through keystoneauth1 and requests, openstacksdk's own
    HTTP client: what they do to a path is what Keystone sees."""
    client = "keystoneauth"


# the cases where the HTTP client matters; the others would only repeat
for _name in [n for n in dir(BootstrapTest) if n.startswith("test_")]:
    if _name not in ("test_first_run_creates_everything", "test_second_run_changes_nothing",
                     "test_drift_is_repaired", "test_api_error_is_reported",
                     "test_region_is_escaped_in_paths", "test_ids_are_escaped_in_paths"):
        setattr(KeystoneauthTest, _name, None)


if __name__ == "__main__":
    unittest.main()
