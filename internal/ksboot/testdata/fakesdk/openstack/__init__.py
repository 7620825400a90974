"""A stand-in for openstacksdk, just what keystone_bootstrap.py uses.

connect() authenticates as OS_USERNAME/OS_PASSWORD in OS_USER_DOMAIN_NAME
against OS_AUTH_URL (a v3 URL) and returns a connection whose identity
attribute behaves like openstacksdk's identity proxy (a keystoneauth
Adapter): request(url, method, raise_exc=..., params=..., json=...,
authenticated=...) returns a response with status_code, text and json().

Like keystoneauth over requests and urllib3, it joins the endpoint and the
path as strings, takes what follows a '?' as the query and drops what follows
a '#', and removes '.' and '..' segments before sending: an unescaped name in
a path reaches the server as the real client would send it.
With KSBOOT_CLIENT=keystoneauth, identity is a real keystoneauth1 Adapter.
"""
import json as jsonlib
import os
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit, urlunsplit


class Response:
    def __init__(self, status_code, data, headers):
        self.status_code = status_code
        self.text = data.decode("utf-8", "replace")
        self.headers = headers

    def json(self):
        return jsonlib.loads(self.text)


class HttpError(Exception):
    pass


def remove_dot_segments(path):
    out = []
    for seg in path.split("/")[1:]:
        if seg == "..":
            if out:
                out.pop()
        elif seg != ".":
            out.append(seg)
    if path.endswith(("/.", "/..")):
        out.append("")
    return "/" + "/".join(out)


class Adapter:
    def __init__(self, endpoint, token=None):
        self.endpoint = endpoint.rstrip("/")
        self.token = token

    def request(self, url, method, raise_exc=True, params=None, json=None, authenticated=True, **kw):
        if kw:
            raise TypeError("unexpected arguments %s" % sorted(kw))
        full = self.endpoint + "/" + url.lstrip("/")
        parts = urlsplit(full)
        query = parts.query
        if params:
            query = "&".join(q for q in (query, urlencode(params)) if q)
        full = urlunsplit((parts.scheme, parts.netloc, remove_dot_segments(parts.path), query, ""))
        data = None
        headers = {"Accept": "application/json"}
        if json is not None:
            data = jsonlib.dumps(json).encode()
            headers["Content-Type"] = "application/json"
        if authenticated:
            headers["X-Auth-Token"] = self.token
        req = urllib.request.Request(full, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                result = Response(resp.status, resp.read(), resp.headers)
        except urllib.error.HTTPError as exc:
            result = Response(exc.code, exc.read(), exc.headers)
        if raise_exc and result.status_code >= 400:
            raise HttpError("%s %s: HTTP %d" % (method, url, result.status_code))
        return result


class Connection:
    def __init__(self, identity):
        self.identity = identity


def keystoneauth_adapter(endpoint, token):
    """The real HTTP client of openstacksdk: a keystoneauth1 Adapter over
    requests, with a fixed endpoint and token instead of discovery."""
    from keystoneauth1 import adapter, session
    from keystoneauth1.token_endpoint import Token
    return adapter.Adapter(session.Session(auth=Token(endpoint, token)), endpoint_override=endpoint)


def connect():
    auth_url = os.environ.get("OS_AUTH_URL")
    if not auth_url:
        raise RuntimeError("OS_AUTH_URL is not set")
    identity = Adapter(auth_url)
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": os.environ.get("OS_USERNAME"),
        "domain": {"name": os.environ.get("OS_USER_DOMAIN_NAME", "Default")},
        "password": os.environ.get("OS_PASSWORD"),
    }}}}}
    resp = identity.request("/auth/tokens", "POST", raise_exc=False, json=body, authenticated=False)
    if resp.status_code != 201:
        raise RuntimeError("The request you have made requires authentication. (HTTP %d)" % resp.status_code)
    identity.token = resp.headers["X-Subject-Token"]
    if os.environ.get("KSBOOT_CLIENT") == "keystoneauth":
        return Connection(keystoneauth_adapter(auth_url, identity.token))
    return Connection(identity)
