"""Who may use the review app and as whom: tokens, Host checks, signed sessions, identity hooks.

* **Token.**  Required beyond loopback.  At least 128 bits (22 URL-safe characters); one is
  generated when none is given.  It is never put in a URL or a cookie: a reviewer pastes it once
  on the login page (or a script sends ``Authorization: Bearer``), and the session cookie then
  carries only a keyed fingerprint of it, so changing the token signs everyone out.
* **Host.**  A request's ``Host`` must name the address the server is bound to (or one given with
  ``--allowed-host``), so a page on another site cannot reach a loopback server by DNS rebinding.
* **Sessions.**  Stateless cookies signed with HMAC (the key lives beside the decision log, so a
  restart keeps everyone signed in): a random session id, the reviewer's name, the issue time.
  Nothing is kept per session on the server.  Sessions expire after ``max_age`` seconds and get a
  new id (and so a new CSRF token) whenever the name is set or the token is entered.
* **Identity.**  By default a reviewer declares a name once per session; it is then fixed for the
  session (decisions never carry a name of their own).  Agencies with single sign-on can take the
  name from a reverse proxy's header (``--auth header:X-Remote-User``) or from their own function
  (``--auth hook:package.module:function``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import importlib
import ipaddress
import json
import secrets
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from summary_audit.errors import ConfigError
from summary_audit.review.decisions import MAX_REVIEWER, clean_text

MIN_TOKEN_CHARS = 22  # 22 URL-safe characters carry 132 bits
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
MAX_COOKIE = 1024

Identity = Callable[[Mapping[str, str]], str | None]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_token(token: str) -> str:
    """``token`` if it is long and plain enough, else ConfigError (the message never echoes it)."""
    token = token.strip()
    if not token.isascii() or not token.isprintable() or " " in token:
        raise ConfigError("the review token must be printable ASCII without spaces")
    if len(token) < MIN_TOKEN_CHARS or len(set(token)) < 8:
        raise ConfigError(
            f"the review token is too weak: use at least {MIN_TOKEN_CHARS} random characters "
            "(128 bits), or leave it unset to have one generated"
        )
    return token


def generate_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def fingerprint(token: str) -> str:
    """A short, non-secret name for a token, for messages (``sha256:1a2b3c4d``)."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:8]


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond loopback without a token."""
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to bind to {host} without a token: the review app shows transcripts; "
            "only loopback may be served without one"
        )


def allowed_hosts(bind_host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` header values accepted for a server bound to ``bind_host:port``."""
    names: set[str] = set()
    if is_loopback(bind_host):
        names.update(LOOPBACK_NAMES)
    elif bind_host in ("0.0.0.0", "::", ""):
        names.update(LOOPBACK_NAMES)
        hostname = socket.gethostname()
        names.update({hostname, socket.getfqdn()})
        with contextlib.suppress(OSError):
            names.update(str(info[4][0]) for info in socket.getaddrinfo(hostname, None))
    else:
        names.add(bind_host)
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    names.update(e.lower() for e in extra)
    return frozenset({n.lower() for n in names} | {f"{n.lower()}:{port}" for n in names})


@dataclass(frozen=True)
class Session:
    sid: str
    reviewer: str = ""
    issued: int = 0
    auth: str = ""  # keyed fingerprint of the token this session logged in with ("" = none)


class SessionCodec:
    """Signs and checks session cookies; derives each session's CSRF token."""

    def __init__(self, key: bytes, max_age: int) -> None:
        self._key = key
        self.max_age = max_age

    def new(self, now: int, reviewer: str = "", auth: str = "") -> Session:
        return Session(secrets.token_urlsafe(16), reviewer, now, auth)

    def _mac(self, purpose: str, data: bytes) -> bytes:
        return hmac.new(self._key, purpose.encode() + b"\0" + data, hashlib.sha256).digest()

    def encode(self, session: Session) -> str:
        payload = json.dumps(
            [session.sid, session.reviewer, session.issued, session.auth],
            ensure_ascii=True,
            separators=(",", ":"),
        ).encode()
        sig = self._mac("cookie", payload)
        return f"{_b64(payload)}.{_b64(sig)}"

    def decode(self, cookie: str, now: int) -> Session | None:
        """The session in ``cookie``, or None when it is malformed, forged or expired."""
        if not cookie or len(cookie) > MAX_COOKIE or not cookie.isascii():
            return None
        body, _, sig = cookie.partition(".")
        try:
            payload, offered = _unb64(body), _unb64(sig)
        except ValueError:
            return None
        if not hmac.compare_digest(offered, self._mac("cookie", payload)):
            return None
        try:
            sid, reviewer, issued, auth = json.loads(payload)
            session = Session(str(sid), str(reviewer), int(issued), str(auth))
        except (ValueError, TypeError):
            return None
        if not 0 <= now - session.issued < self.max_age:
            return None
        return session

    def csrf(self, session: Session) -> str:
        return _b64(self._mac("csrf", session.sid.encode()))[:32]

    def csrf_ok(self, session: Session, offered: str) -> bool:
        return offered.isascii() and hmac.compare_digest(
            offered.encode("ascii"), self.csrf(session).encode("ascii")
        )

    def token_mark(self, token: str) -> str:
        """What a session keeps of the token: a keyed fingerprint, useless to anyone who reads it."""
        return _b64(self._mac("token", token.encode("utf-8")))[:22]

    def session_tag(self, session: Session) -> str:
        """A short, stable, non-secret id of a session, stored with its decisions."""
        return _b64(self._mac("tag", session.sid.encode()))[:10]


def token_matches(offered: str, token: str) -> bool:
    """Constant-time comparison that any offered string (non-ASCII, huge) can go through."""
    if len(offered) > 4 * len(token) + 64:
        return False
    return hmac.compare_digest(offered.encode("utf-8", "replace"), token.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or len(text) % 4 == 1:
        raise ValueError("bad base64")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def clean_reviewer(name: str) -> str:
    """A reviewer name as it will be recorded (one line, at most MAX_REVIEWER characters)."""
    return clean_text(name, MAX_REVIEWER, "the reviewer name", one_line=True)


def header_identity(header: str) -> Identity:
    """Identity from a trusted reverse proxy's header (it must strip the header from clients)."""
    name = header.lower()

    def identify(headers: Mapping[str, str]) -> str | None:
        return headers.get(name) or None

    return identify


def load_hook(spec: str) -> Identity:
    """``package.module:function``: called with the request headers, returns a name or None."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise ConfigError(f"--auth hook:{spec}: expected hook:package.module:function")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"--auth hook:{spec}: cannot load it ({exc})") from None
    if not callable(fn):
        raise ConfigError(f"--auth hook:{spec}: not a function")
    return fn  # type: ignore[no-any-return]


def parse_auth(spec: str | None) -> Identity | None:
    """``local`` (or nothing): names declared per session; ``header:NAME``; ``hook:MOD:FUNC``."""
    if not spec or spec == "local":
        return None
    kind, _, rest = spec.partition(":")
    if kind == "header" and rest:
        return header_identity(rest)
    if kind == "hook" and rest:
        return load_hook(rest)
    raise ConfigError(f"--auth {spec}: expected local, header:HEADER-NAME or hook:module:function")
