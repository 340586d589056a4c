"""A small OpenAI-compatible HTTP server on 127.0.0.1 with scripted replies, for tests.

The openai SDK 3.x talks through httpx2, which respx cannot intercept, so tests use a real server::

    with FakeOpenAI() as server:
        server.push(Reply("hello"))
        server.push(Reply(status=429), Reply("after retry"))
        client = LLMClient(LLMConfig(base_url=server.base_url, model="fake", ...))

Replies are consumed in order; when the queue is empty, ``default`` answers (a 500 by default, so
an unexpected request is loud).  Every request is recorded (path, headers, JSON body).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: text content, or an error status, optionally slow or streamed."""

    content: str = ""
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    model: str = "fake-model"
    body: dict[str, Any] | None = None  # a raw JSON body overrides everything else
    respond: Callable[[dict[str, Any]], str] | None = None  # compute content from the request
    # Misbehaviour, for the bad-endpoint tests:
    raw: bytes | None = None  # this body as is, with ``status`` and ``content_type``
    content_type: str = "application/json"
    not_http: bytes | None = None  # these bytes instead of an HTTP reply, then close
    trickle_s: float = 0.0  # send the reply (headers and body) one byte at a time, this far apart
    trickle_headers: bool = False  # trickle only the status line and headers
    big: int = 0  # a 200 reply of this many bytes (a JSON string padded out), sent in blocks
    declare_length: bool = True  # with ``big``: send Content-Length (else chunked, no length)


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-reply (a refused 400 MiB body, a deadline) is what the
    misbehaving replies are for: the default handler printed its traceback to stderr, where a
    later test reading stderr found it."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeOpenAI:
    """The server; a context manager that starts it on a free port and stops it on exit."""

    def __init__(self, default: Reply | None = None) -> None:
        self.replies: deque[Reply] = deque()
        self.default = default or Reply(status=500, content="no scripted reply left")
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def push(self, *replies: Reply) -> None:
        """Queue replies, answered in order."""
        with self._lock:
            self.replies.extend(replies)

    def _next(self) -> Reply:
        with self._lock:
            return self.replies.popleft() if self.replies else self.default

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length) if length else b"{}"
                body = json.loads(raw or b"{}")
                with server._lock:
                    server.requests.append(Recorded(self.path, dict(self.headers), body))
                reply = server._next()
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if self._misbehave(reply):
                    return
                if reply.status != 200:
                    payload = {"error": {"message": reply.content, "type": "fake", "code": None}}
                    return self._send_json(reply.status, payload, reply.headers)
                content = reply.respond(body) if reply.respond else reply.content
                if body.get("stream"):
                    return self._send_stream(content, reply.model)
                payload = reply.body or {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": 0,
                    "model": reply.model,
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                    "usage": {
                        "prompt_tokens": len(json.dumps(body.get("messages", ""))) // 4,
                        "completion_tokens": len(content) // 4,
                        "total_tokens": 0,
                    },
                }
                self._send_json(200, payload, reply.headers)

            def _misbehave(self, reply: Reply) -> bool:
                """Send a scripted bad reply; True when one was sent."""
                out = self.wfile
                try:
                    if reply.not_http is not None:
                        out.write(reply.not_http)
                        out.flush()
                        self.close_connection = True
                        return True
                    if reply.big:
                        return self._send_big(reply)
                    if reply.raw is None and not reply.trickle_s:
                        return False
                    body = reply.raw if reply.raw is not None else b'{"choices": []}'
                    head = (
                        f"HTTP/1.1 {reply.status} X\r\ncontent-type: {reply.content_type}\r\n"
                        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
                    ).encode()
                    if reply.trickle_s:
                        payload = head if reply.trickle_headers else head + body
                        for i in range(len(payload)):
                            out.write(payload[i : i + 1])
                            out.flush()
                            time.sleep(reply.trickle_s)
                        if reply.trickle_headers:
                            out.write(body)
                    else:
                        out.write(head + body)
                    out.flush()
                except OSError:
                    pass  # the client hung up, as it should when it gives up
                self.close_connection = True
                return True

            def _send_big(self, reply: Reply) -> bool:
                block = b"x" * 65536
                prefix = b'{"choices": [{"message": {"role": "assistant", "content": "'
                suffix = b'"}}]}'
                pad = max(0, reply.big - len(prefix) - len(suffix))
                headers = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                if reply.declare_length:
                    headers += f"content-length: {len(prefix) + pad + len(suffix)}\r\n"
                headers += "connection: close\r\n\r\n"
                try:
                    self.wfile.write(headers.encode() + prefix)
                    while pad > 0:
                        self.wfile.write(block[: min(pad, len(block))])
                        pad -= len(block)
                    self.wfile.write(suffix)
                    self.wfile.flush()
                except OSError:
                    pass  # refused part-way: the client closed the connection
                self.close_connection = True
                return True

            def _send_json(
                self, status: int, payload: dict[str, Any], headers: dict[str, str]
            ) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _send_stream(self, content: str, model: str) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                words = content.split(" ")
                pieces = [w if i == 0 else " " + w for i, w in enumerate(words)]
                for piece in pieces:
                    chunk = {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": model,
                        "choices": [
                            {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                        ],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
