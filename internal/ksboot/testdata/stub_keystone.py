"""A Keystone v3 stub for the tests of keystone_bootstrap.py.

It keeps domains, projects, users (and their passwords), roles, role
assignments, services, endpoints and regions in memory and answers the calls
the program makes, with Keystone's status codes and body shapes. It listens on
127.0.0.1 on a port the OS chooses and records every request line as it came
(method and raw path), so tests can see exactly what reached the server.
"""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ADMIN_TOKEN = "stub-admin-token"

# collection name -> the member's key in request and response bodies
SINGULAR = {
    "domains": "domain",
    "projects": "project",
    "users": "user",
    "roles": "role",
    "services": "service",
    "endpoints": "endpoint",
    "regions": "region",
}


class HTTPError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class Stub:
    """The state of one stub Keystone and the server that serves it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.objects = {name: {} for name in SINGULAR}
        self.passwords = {}  # user id -> password
        self.assignments = set()  # (target kind, target id, user id, role id)
        self.requests = []  # (method, raw path) in the order they came
        self.failures = {}  # (method, raw path without query) -> (status, body text, content type)
        self.last_id = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.stub = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return "http://%s:%d" % (host, port)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    # -- set-up and inspection for tests --------------------------------------
    def new_id(self):
        self.last_id += 1
        return "%032x" % self.last_id

    def add(self, collection, id=None, **fields):
        obj = dict(fields, id=id or self.new_id())
        if collection in ("domains", "projects", "users", "services", "endpoints"):
            obj.setdefault("enabled", True)
        self.objects[collection][obj["id"]] = obj
        return obj

    def add_user(self, name, domain_id, password, id=None):
        user = self.add("users", id=id, name=name, domain_id=domain_id)
        self.passwords[user["id"]] = password
        return user

    def fail(self, method, raw_path, status, body, content_type="application/json"):
        """Answers method raw_path with status and body from now on."""
        self.failures[(method, raw_path)] = (status, body, content_type)

    def find(self, collection, **fields):
        return [o for o in self.objects[collection].values() if all(o.get(k) == v for k, v in fields.items())]

    def one(self, collection, **fields):
        found = self.find(collection, **fields)
        if len(found) != 1:
            raise AssertionError("%d %s match %r" % (len(found), collection, fields))
        return found[0]

    def mark(self):
        """The number of requests so far, for requests_since."""
        with self.lock:
            return len(self.requests)

    def requests_since(self, mark):
        with self.lock:
            return list(self.requests[mark:])

    # -- the API -----------------------------------------------------------------
    def handle(self, method, segs, query, body, token):
        if segs == ["auth", "tokens"] and method == "POST":
            return self.authenticate(body)
        if token != ADMIN_TOKEN:
            raise HTTPError(401, "The request you have made requires authentication.")
        if len(segs) == 6 and segs[0] in ("projects", "domains") and segs[2] == "users" and segs[4] == "roles":
            return self.assignment(method, segs[0], segs[1], segs[3], segs[5])
        if not segs or segs[0] not in SINGULAR:
            raise HTTPError(404, "The resource could not be found.")
        collection = segs[0]
        if len(segs) == 1 and method == "GET":
            return 200, {collection: [self.public(collection, o) for o in self.listing(collection, query)]}
        if len(segs) == 1 and method == "POST":
            return 201, {SINGULAR[collection]: self.public(collection, self.create(collection, body))}
        if len(segs) != 2:
            raise HTTPError(404, "The resource could not be found.")
        obj = self.objects[collection].get(segs[1])
        if obj is None:
            raise HTTPError(404, "Could not find %s: %s." % (SINGULAR[collection], segs[1]))
        if method == "GET":
            return 200, {SINGULAR[collection]: self.public(collection, obj)}
        if method == "PATCH":
            changes = dict(self.member(collection, body))
            changes.pop("id", None)
            if collection == "users" and "password" in changes:
                self.passwords[obj["id"]] = changes.pop("password")
            obj.update(changes)
            return 200, {SINGULAR[collection]: self.public(collection, obj)}
        if method == "DELETE":
            del self.objects[collection][obj["id"]]
            return 204, None
        raise HTTPError(405, "The method is not allowed for the requested URL.")

    def authenticate(self, body):
        try:
            ident = body["auth"]["identity"]["password"]["user"]
        except (KeyError, TypeError):
            raise HTTPError(400, "Expecting to find identity in auth.")
        if "id" in ident:
            user = self.objects["users"].get(ident["id"])
        else:
            domains = self.find("domains", name=ident.get("domain", {}).get("name"))
            users = self.find("users", name=ident.get("name"), domain_id=domains[0]["id"]) if domains else []
            user = users[0] if users else None
        if user is None or not user.get("enabled") or self.passwords.get(user["id"]) != ident.get("password"):
            raise HTTPError(401, "The request you have made requires authentication.")
        token = ADMIN_TOKEN if user["name"] == "admin" else "token-of-" + user["id"]
        return 201, {"token": {"user": {"id": user["id"], "name": user["name"]}}}, {"X-Subject-Token": token}

    def listing(self, collection, query):
        items = self.objects[collection].values()
        if collection == "roles" and "domain_id" not in query:
            items = [r for r in items if r.get("domain_id") is None]
        return [o for o in items if all(str(o.get(k)) == v for k, v in query.items())]

    def member(self, collection, body):
        obj = (body or {}).get(SINGULAR[collection])
        if not isinstance(obj, dict):
            raise HTTPError(400, "Expecting to find %s in request body." % SINGULAR[collection])
        return obj

    def create(self, collection, body):
        obj = dict(self.member(collection, body))
        password = obj.pop("password", None)
        if collection == "regions":
            if obj.get("id") in self.objects["regions"]:
                raise HTTPError(409, "Conflict occurred attempting to store region - Duplicate ID, %s." % obj["id"])
            return self.add("regions", **obj)
        obj.pop("id", None)
        if collection in ("domains", "roles") and self.find(collection, name=obj.get("name")):
            raise HTTPError(409, "Conflict occurred attempting to store %s - Duplicate entry." % SINGULAR[collection])
        if collection in ("projects", "users"):
            if obj.get("domain_id") not in self.objects["domains"]:
                raise HTTPError(400, "Could not find domain: %s." % obj.get("domain_id"))
            if self.find(collection, name=obj.get("name"), domain_id=obj["domain_id"]):
                raise HTTPError(409, "Conflict occurred attempting to store %s - Duplicate entry." % SINGULAR[collection])
        if collection == "endpoints":
            if obj.get("service_id") not in self.objects["services"]:
                raise HTTPError(400, "Could not find service: %s." % obj.get("service_id"))
            if obj.get("region_id") not in self.objects["regions"]:
                raise HTTPError(400, "Could not find region: %s." % obj.get("region_id"))
            if obj.get("interface") not in ("public", "internal", "admin"):
                raise HTTPError(400, "Invalid input for field 'interface'.")
            obj["region"] = obj["region_id"]
        created = self.add(collection, **obj)
        if collection == "users":
            self.passwords[created["id"]] = password
        return created

    def assignment(self, method, targets, target_id, user_id, role_id):
        kind = targets[:-1]
        for collection, id in ((targets, target_id), ("users", user_id), ("roles", role_id)):
            if id not in self.objects[collection]:
                raise HTTPError(404, "Could not find %s: %s." % (SINGULAR[collection], id))
        key = (kind, target_id, user_id, role_id)
        if method == "HEAD":
            if key not in self.assignments:
                raise HTTPError(404, "Could not find role assignment.")
            return 204, None
        if method == "PUT":
            self.assignments.add(key)
            return 204, None
        raise HTTPError(405, "The method is not allowed for the requested URL.")

    @staticmethod
    def public(collection, obj):
        return dict(obj)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: without this, a keep-alive
    # client waits for the delayed ACK on every request
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def dispatch(self, method):
        stub = self.server.stub
        raw = self.path
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        with stub.lock:
            stub.requests.append((method, raw))
            parts = urlsplit(raw)
            failure = stub.failures.get((method, parts.path))
            if failure:
                status, text, ctype = failure
                return self.answer(status, text.encode(), ctype)
            headers = {}
            try:
                if not parts.path.startswith("/v3/"):
                    raise HTTPError(404, "The resource could not be found.")
                # like a WSGI server: split the path on '/' first, then
                # decode each segment, so %2F stays inside its segment
                segs = [unquote(s) for s in parts.path[len("/v3/"):].split("/")]
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                try:
                    body = json.loads(data) if data else None
                except ValueError:
                    raise HTTPError(400, "Malformed request body.")
                result = stub.handle(method, segs, query, body, self.headers.get("X-Auth-Token"))
                status, payload = result[0], result[1]
                if len(result) > 2:
                    headers = result[2]
            except HTTPError as exc:
                status = exc.status
                payload = {"error": {"code": exc.status, "message": exc.message, "title": "Error"}}
        text = b"" if payload is None else json.dumps(payload).encode()
        self.answer(status, text, "application/json", headers)

    def answer(self, status, text, ctype, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if text:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(text) if self.command != "HEAD" else 0))
        self.end_headers()
        if text and self.command != "HEAD":
            self.wfile.write(text)

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")
