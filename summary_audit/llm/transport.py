"""HTTP for the LLM client, on the standard library (``http.client``), with limits the openai SDK
cannot enforce: an overall deadline per request (a server trickling one byte a second never trips
a per-read timeout; here a watchdog shuts the socket down at the deadline), a cap on the reply's
size (refused on its ``Content-Length`` or cut while reading), and strict parsing: anything that is
not a well-formed HTTP reply is one :class:`TransportError`.

Proxies come from the environment as for the SDK (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

_CHUNK = 1 << 16


class TransportError(Exception):
    """The request did not produce a usable HTTP reply.  ``retryable``: worth asking again."""

    retryable = False


class Unreachable(TransportError):
    """No connection could be made (refused, DNS, TLS handshake)."""

    retryable = True


class ReadTimeout(TransportError):
    """No byte arrived within the per-read timeout."""

    retryable = True


class DeadlineExceeded(TransportError):
    """The whole request took longer than its deadline (the socket was shut down)."""


class ReplyTooLarge(TransportError):
    """The reply is larger than the cap."""


class MalformedReply(TransportError):
    """The server's bytes are not a well-formed HTTP reply."""


class _Watchdog:
    """Shuts ``conn``'s socket down when ``deadline`` (``time.monotonic()``) passes."""

    def __init__(self, conn: http.client.HTTPConnection, deadline: float) -> None:
        self.conn = conn
        self.fired = False
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(deadline,), name="llm-deadline", daemon=True
        )
        self._thread.start()

    def _run(self, deadline: float) -> None:
        if self._stop.wait(max(0.0, deadline - time.monotonic())):
            return
        self.fired = True
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._stop.set()


class Request:
    """One POST of a JSON body; use as a context manager, read with :meth:`read` or
    :meth:`lines` (server-sent events).  Every failure is a :class:`TransportError`."""

    def __init__(
        self,
        url: str,
        body: bytes,
        headers: dict[str, str],
        *,
        timeout_s: float,
        deadline: float,
        max_bytes: int,
    ) -> None:
        self.url, self.body, self.headers = url, body, headers
        self.timeout_s, self.deadline, self.max_bytes = timeout_s, deadline, max_bytes
        self._conn: http.client.HTTPConnection | None = None
        self._watchdog: _Watchdog | None = None
        self.response: http.client.HTTPResponse | None = None
        self._received = 0

    def __enter__(self) -> Request:
        self._conn, path = _connection(self.url, self.timeout_s)
        self._watchdog = _Watchdog(self._conn, self.deadline)
        try:
            with self._errors():
                try:
                    self._conn.request("POST", path, body=self.body, headers=self.headers)
                except OSError as exc:
                    if self._watchdog.fired or isinstance(exc, TimeoutError):
                        raise
                    raise Unreachable(f"cannot connect: {_reason(exc)}") from None
                self.response = self._conn.getresponse()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self._conn is not None:
            self._conn.close()

    @property
    def status(self) -> int:
        assert self.response is not None
        return self.response.status

    @property
    def reply_headers(self) -> dict[str, str]:
        assert self.response is not None
        return {k.lower(): v for k, v in self.response.getheaders()}

    def read(self) -> bytes:
        """The whole body, refused past :attr:`max_bytes` (by Content-Length, or while reading)."""
        assert self.response is not None
        length = self.response.getheader("content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                raise MalformedReply(f"bad Content-Length {length[:20]!r}") from None
            if size > self.max_bytes:
                raise ReplyTooLarge(_too_large(size, self.max_bytes))
        parts: list[bytes] = []
        with self._errors():
            while True:
                chunk = self.response.read1(_CHUNK) if hasattr(self.response, "read1") else b""
                if not chunk:
                    break
                self._count(len(chunk))
                parts.append(chunk)
        return b"".join(parts)

    def lines(self) -> Iterator[bytes]:
        """The body line by line (server-sent events), under the same size cap and deadline."""
        assert self.response is not None
        with self._errors():
            while True:
                line = self.response.readline(self.max_bytes - self._received + 1)
                if not line:
                    return
                self._count(len(line))
                yield line

    def _count(self, n: int) -> None:
        self._received += n
        if self._received > self.max_bytes:
            raise ReplyTooLarge(_too_large(self._received, self.max_bytes, cut=True))

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Translate what http.client and sockets raise into TransportErrors."""
        try:
            yield
        except TransportError:
            raise
        except (http.client.HTTPException, ValueError) as exc:
            if self._watchdog is not None and self._watchdog.fired:
                raise DeadlineExceeded(_late()) from None
            raise MalformedReply(f"not a well-formed HTTP reply ({_reason(exc)})") from None
        except TimeoutError:
            if self._watchdog is not None and self._watchdog.fired:
                raise DeadlineExceeded(_late()) from None
            raise ReadTimeout(f"no reply within {self.timeout_s:g} s") from None
        except OSError as exc:
            if self._watchdog is not None and self._watchdog.fired:
                raise DeadlineExceeded(_late()) from None
            raise Unreachable(f"connection failed: {_reason(exc)}") from None
        if self._watchdog is not None and self._watchdog.fired:
            raise DeadlineExceeded(_late())


def _late() -> str:
    return "the reply did not arrive within the request's deadline (deadline_s)"


def _too_large(size: int, limit: int, *, cut: bool = False) -> str:
    what = "more than" if cut else f"{size:,} bytes,"
    return f"the reply is {what} {limit:,} bytes (max_reply_bytes); refused"


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__  # one line, whatever the server sent
    return f"{type(exc).__name__}: {text[:120]}"


def _connection(url: str, timeout_s: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for ``url`` (through a proxy from the environment when one applies) and the
    request target to send."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Unreachable(f"not an http(s) URL: {url[:80]!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(parts.hostname):
        p = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        proxy_port = p.port or 80
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                p.hostname or "",
                proxy_port,
                timeout=timeout_s,
                context=ssl.create_default_context(),
            )
            conn.set_tunnel(parts.hostname, port)
            return conn, target
        return http.client.HTTPConnection(p.hostname or "", proxy_port, timeout=timeout_s), url
    if parts.scheme == "https":
        context = ssl.create_default_context()
        return http.client.HTTPSConnection(
            parts.hostname, port, timeout=timeout_s, context=context
        ), target
    return http.client.HTTPConnection(parts.hostname, port, timeout=timeout_s), target
