"""Starting the review server: every check that can fail happens before anything is printed.

:func:`prepare` loads the run, opens the decision log, settles the token, loads the TLS files and
binds the socket; each failure is a :class:`ConfigError` or :class:`InputError` (one line, exit 2
from the CLI).  Only then does :func:`serve` hand the bound socket to uvicorn, so a busy port can
never show up as a server traceback after a "reviewing ..." line.
"""

from __future__ import annotations

import os
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summary_audit.errors import ConfigError, InputError
from summary_audit.report import plural
from summary_audit.review.access import (
    check_binding,
    check_token,
    fingerprint,
    generate_token,
    is_loopback,
    parse_auth,
)
from summary_audit.review.decisions import ReviewStore
from summary_audit.review.run_dir import load_run

TOKEN_FILE = "review.token"


@dataclass
class Prepared:
    """A review server ready to run: the app, its bound socket, what to tell the person."""

    app: object  # ReviewApp
    sock: socket.socket
    url: str
    notes: list[str] = field(default_factory=list)
    certfile: str | None = None
    keyfile: str | None = None
    server: Any = None  # the uvicorn.Server once serve() runs (tests stop it with should_exit)

    def banner(self) -> list[str]:
        return [f"reviewing at {self.url}", *self.notes]


def prepare(
    run_dir: Path,
    db: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    auth: str = "local",
    reviewer: str = "",
    allowed_hosts: tuple[str, ...] = (),
    certfile: str | None = None,
    keyfile: str | None = None,
    session_hours: float = 12.0,
) -> Prepared:
    """Everything short of serving; raises instead of half-starting."""
    from summary_audit.errors import import_extra

    import_extra("uvicorn", "ui", "the review app")  # checked before anything is printed
    from summary_audit.review.app import ReviewApp

    identity = parse_auth(auth)
    if not run_dir.is_dir():
        raise InputError("not a run directory (no such directory)", path=str(run_dir))
    review_run = load_run(run_dir)
    notes = []
    if token is not None:
        token = check_token(token)
        notes.append(f"access token: given ({fingerprint(token)}); reviewers sign in at /login")
    elif not is_loopback(host):
        token = generate_token()
        path = _write_token(run_dir / TOKEN_FILE, token)
        notes.append(
            f"access token: generated into {path} ({fingerprint(token)}, readable by you only); "
            "reviewers paste it once at /login"
        )
    check_binding(host, token)
    if bool(certfile) != bool(keyfile):
        raise ConfigError("--certfile and --keyfile go together")
    if certfile and keyfile:
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"cannot use the TLS certificate: {exc}") from None
    if session_hours <= 0:
        raise ConfigError("--session-hours must be positive")
    try:
        store = ReviewStore(db)
    except OSError as exc:
        raise ConfigError(f"{db}: cannot open the decision log: {exc.strerror or exc}") from None
    sock = bind(host, port)
    bound_port = sock.getsockname()[1]
    app = ReviewApp(
        review_run,
        store,
        token=token,
        default_reviewer=reviewer,
        identity=identity,
        host=host,
        port=bound_port,
        extra_hosts=allowed_hosts,
        session_max_age=int(session_hours * 3600),
    )
    shown = f"[{host}]" if ":" in host else host
    scheme = "https" if certfile else "http"
    hidden = review_run.hidden_versions
    notes.insert(
        0,
        f"{plural(len(review_run.entries), 'audit')}"
        + (f" ({plural(hidden, 'earlier version')} hidden)" if hidden else "")
        + f"; decisions in {db}",
    )
    if review_run.skipped:
        notes.append(
            f"warning: {plural(len(review_run.skipped), 'malformed line')} of audits.jsonl "
            f"skipped (first: {review_run.skipped[0]})"
        )
    problems = store.problems
    if problems:
        notes.append(
            f"warning: the decision log fails its integrity check ({plural(len(problems), 'problem')}"
            f"; first: {problems[0].message}); see /integrity"
        )
    return Prepared(app, sock, f"{scheme}://{shown}:{bound_port}/", notes, certfile, keyfile)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or ConfigError naming the address and the reason."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this: uvicorn writes a response's head and body
        # separately, and with Nagle on, a kept-alive connection waits ~40 ms for the ACK.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except (OSError, OverflowError) as exc:
        sock.close()
        reason = getattr(exc, "strerror", None) or str(exc)
        hint = " (another server is using it; choose another --port)" if _busy(exc) else ""
        raise ConfigError(f"cannot listen on {host}:{port}: {reason}{hint}") from None
    sock.set_inheritable(True)
    return sock


def _busy(exc: BaseException) -> bool:
    import errno

    return isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE


def _write_token(path: Path, token: str) -> Path:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(token + "\n")
        os.chmod(path, 0o600)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the generated token: {exc.strerror}") from None
    return path


def serve(prepared: Prepared) -> None:
    """Run until interrupted, on the socket :func:`prepare` bound."""
    import uvicorn

    config = uvicorn.Config(
        prepared.app.asgi(),  # type: ignore[attr-defined]
        log_level="warning",
        ssl_certfile=prepared.certfile,
        ssl_keyfile=prepared.keyfile,
        proxy_headers=False,
    )
    prepared.server = uvicorn.Server(config)
    prepared.server.run(sockets=[prepared.sock])
