"""One small client for any OpenAI-compatible chat endpoint (OpenAI, llama.cpp, vLLM, Ollama).

It speaks HTTP through :mod:`summary_audit.llm.transport` (standard library) rather than the
openai SDK, because the SDK cannot bound a request as a whole: here every request has an overall
deadline (``deadline_s``), a reply size cap (``max_reply_bytes``), and strict parsing, so that any
malformed reply (HTML with status 200, invalid JSON or UTF-8, ``choices`` of the wrong type, not
HTTP at all, a trickled body) is one :class:`~summary_audit.errors.LLMError` and nothing refused
is cached.  It adds a SQLite answer cache, bounded retries with exponential backoff on
429/5xx/timeouts/connection errors, a concurrency limit shared by all threads, JSON mode,
``max_tokens`` enforced on the answer, and errors with the API key scrubbed out.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from summary_audit import __version__
from summary_audit.errors import LLMError
from summary_audit.llm.cache import AnswerCache, cache_key, open_cache
from summary_audit.llm.config import DUMMY_KEY, LLMConfig
from summary_audit.llm.tokens import count_message_tokens, count_tokens
from summary_audit.llm.transport import Request, TransportError, Unreachable

# An answer may exceed max_tokens by our count by this factor (plus 16) before it is refused:
# our tokenizer (cl100k) is not every model's, and the server's own count is checked exactly.
TOKEN_MARGIN = 1.5


class _RetryableStatus(Exception):
    """A 429 or 5xx reply: asked again after a pause (Retry-After when the server gives one)."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str]) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.headers = headers


def _kind(value: Any) -> str:
    return "missing" if value is None else f"a {type(value).__name__}"


def _malformed(what: str) -> LLMError:
    return LLMError(f"the LLM endpoint sent a malformed reply: {what}")


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    """``raw`` as a JSON object: strict UTF-8, strict JSON (no NaN), else one LLMError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _malformed(f"the {what} is not valid UTF-8 (byte {exc.start})") from None
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        start = " ".join(text[:40].split())
        raise _malformed(f"the {what} is not JSON (it starts {start!r})") from None
    if not isinstance(doc, dict):
        raise _malformed(f"the {what} is {_kind(doc)}, not a JSON object")
    return doc


def _no_constant(token: str) -> Any:
    raise ValueError(f"{token} is not JSON")


def _count(usage: Mapping[str, Any] | None, name: str) -> int | None:
    if usage is None or usage.get(name) is None:
        return None
    value = usage[name]
    if type(value) is not int or value < 0:
        raise _malformed(f"'usage.{name}' is not a count")
    return value


def _error_message(raw: bytes) -> str:
    """The message of an error reply (``{"error": {"message": ...}}``), else its start."""
    text = raw[:2000].decode("utf-8", "replace")
    try:
        doc = json.loads(text)
        message = doc["error"]["message"] if isinstance(doc.get("error"), dict) else doc["error"]
        if isinstance(message, str):
            return " ".join(message.split())[:300]
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return " ".join(text.split())[:200] or "(no message)"


Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Completion:
    """One answer: its text, the model that wrote it, token usage, whether it came from cache."""

    text: str
    model: str
    usage: dict[str, int] = field(default_factory=dict)
    cached: bool = False


@dataclass(frozen=True)
class _Answer:
    """A reply as the endpoint sent it: the text, the model, and the token counts it reported
    (None where it reported none)."""

    text: str
    model: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class JsonSchema:
    """A JSON Schema the answer must follow (sent as ``response_format`` in JSON mode)."""

    name: str
    schema: dict[str, Any]


class LLMClient:
    """Chat completions with cache, retries, backoff and a concurrency limit."""

    def __init__(
        self, config: LLMConfig, *, cache: AnswerCache | None = None, use_cache: bool = True
    ) -> None:
        self.config = config
        self.cache = cache if cache is not None or not use_cache else open_cache(config.cache_path)
        self._slots = threading.BoundedSemaphore(config.concurrency)
        self.requests_sent = 0  # network requests made, retries included (benchmarks read it)

    def __repr__(self) -> str:
        return f"LLMClient(base_url={self.config.base_url!r}, model={self.config.model!r})"

    def chat(
        self,
        messages: Messages,
        *,
        prompt_id: str,
        schema: JsonSchema | None = None,
        max_tokens: int | None = None,
        stream: bool = False,
        validate: Callable[[str], object] | None = None,
    ) -> Completion:
        """Send ``messages`` and return the answer, from cache when the same request was answered.

        ``validate(text)`` runs before the answer is cached; if it raises, the exception propagates
        and nothing is stored.  Raises :class:`LLMError` when the endpoint fails after the retries.
        """
        cfg = self.config
        params = {**cfg.request_parameters(), "json_mode": cfg.json_mode if schema else "off"}
        if max_tokens is not None:
            params["max_tokens"] = max_tokens
        key = cache_key(prompt_id, cfg.model, params, messages)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            return Completion(text=hit[0], model=cfg.model, usage=hit[1], cached=True)
        completion = self._with_retries(messages, params, schema, stream)
        if validate is not None:
            validate(completion.text)
        if self.cache is not None:
            self.cache.put(key, prompt_id, cfg.model, completion.text, completion.usage)
        return completion

    def _with_retries(
        self, messages: Messages, params: dict[str, Any], schema: JsonSchema | None, stream: bool
    ) -> Completion:
        cfg = self.config
        deadline = time.monotonic() + cfg.deadline_s  # the whole request, retries included
        last: Exception | None = None
        attempts = 0
        for attempt in range(cfg.max_retries + 1):
            if attempt:
                pause = self._delay(attempt - 1, last)
                if time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)
            try:
                with self._slots:
                    attempts += 1
                    self.requests_sent += 1
                    return self._send(messages, params, schema, stream, deadline)
            except _RetryableStatus as exc:
                last = exc
            except TransportError as exc:
                if not exc.retryable:
                    raise LLMError(self._scrub(f"LLM endpoint {cfg.base_url}: {exc}")) from None
                last = exc
        what = "unreachable" if isinstance(last, Unreachable) else "failing"
        if last is None:
            raise LLMError(
                f"LLM endpoint {cfg.base_url}: no reply within the request's deadline "
                f"({cfg.deadline_s:g} s)"
            )
        raise LLMError(
            self._scrub(
                f"LLM endpoint {cfg.base_url} {what} after {attempts} attempts: "
                f"{type(last).__name__}: {last}"
            )
        )

    def _delay(self, retry: int, exc: Exception | None) -> float:
        """Seconds before retry number ``retry`` (0-based): Retry-After if given, else doubling."""
        cfg = self.config
        header = exc.headers.get("retry-after") if isinstance(exc, _RetryableStatus) else None
        try:
            if header is not None:
                seconds = float(header)
                if math.isfinite(seconds) and seconds >= 0:
                    return min(seconds, cfg.max_backoff_s)
        except ValueError:
            pass  # an HTTP-date Retry-After: fall back to our own backoff
        return min(cfg.backoff_s * 2**retry, cfg.max_backoff_s)

    def _request(self, body: dict[str, Any], deadline: float) -> Request:
        cfg = self.config
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {cfg.key()}",
            "User-Agent": f"summary-audit/{__version__}",
        }
        data = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
        return Request(
            f"{cfg.base_url}/chat/completions",
            data,
            headers,
            timeout_s=cfg.timeout_s,
            deadline=deadline,
            max_bytes=cfg.max_reply_bytes,
        )

    def _check_status(self, req: Request, body: bytes | None) -> None:
        """Raise for a reply that is not a 200: 429 and 5xx may be retried, the rest may not."""
        if req.status == 200:
            return
        message = _error_message(body or b"")
        if req.status == 429 or req.status >= 500:
            raise _RetryableStatus(req.status, message, req.reply_headers)
        raise LLMError(
            self._scrub(f"LLM endpoint refused the request: HTTP {req.status}: {message}")
        )

    def _send(
        self,
        messages: Messages,
        params: dict[str, Any],
        schema: JsonSchema | None,
        stream: bool,
        deadline: float,
    ) -> Completion:
        cfg = self.config
        request: dict[str, Any] = {
            "model": cfg.model,
            "messages": messages,
            "temperature": params["temperature"],
            "max_tokens": params["max_tokens"],
        }
        if params["seed"] is not None:
            request["seed"] = params["seed"]
        if schema is not None and cfg.json_mode == "schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema.name, "schema": schema.schema, "strict": True},
            }
        elif schema is not None and cfg.json_mode == "object":
            request["response_format"] = {"type": "json_object"}
        if stream:
            request["stream"] = True
        with self._request(request, deadline) as req:
            if req.status != 200:
                self._check_status(req, req.read())
            answer = self._collect_stream(req) if stream else self._parse(req.read())
        # Our count of the answer, made once: the usage when the server gives none, and the
        # length check either way.
        ours = count_tokens(answer.text)
        reported = answer.completion_tokens if answer.completion_tokens is not None else ours
        self._check_length(reported, ours, params["max_tokens"])
        prompt_tokens = answer.prompt_tokens
        return Completion(
            text=answer.text,
            model=answer.model,
            usage={
                "prompt_tokens": prompt_tokens
                if prompt_tokens is not None
                else count_message_tokens(messages),
                "completion_tokens": reported,
            },
        )

    def _parse(self, raw: bytes) -> _Answer:
        """The answer in a reply body; anything malformed is one LLMError."""
        doc = _json_object(raw, "reply")
        choices = doc.get("choices")
        if not isinstance(choices, list):
            raise _malformed(f"'choices' is {_kind(choices)}, not a list")
        if not choices:
            raise LLMError("the LLM endpoint returned no answer text (no choices)")
        first = choices[0]
        message = first.get("message") if isinstance(first, dict) else None
        if not isinstance(message, dict):
            raise _malformed("'choices[0].message' is not an object")
        text = message.get("content")
        if text is None:
            raise LLMError("the LLM endpoint returned no answer text")
        if not isinstance(text, str):
            raise _malformed(f"'choices[0].message.content' is {_kind(text)}, not a string")
        model = doc.get("model")
        usage = doc.get("usage")
        if usage is not None and not isinstance(usage, dict):
            raise _malformed(f"'usage' is {_kind(usage)}, not an object")
        return _Answer(
            text=text,
            model=model if isinstance(model, str) and model else self.config.model,
            prompt_tokens=_count(usage, "prompt_tokens"),
            completion_tokens=_count(usage, "completion_tokens"),
        )

    def _collect_stream(self, req: Request) -> _Answer:
        parts: list[str] = []
        model = self.config.model
        for line in req.lines():
            line = line.strip()
            if not line or line.startswith(b":"):
                continue  # keep-alive comments and event separators
            if not line.startswith(b"data:"):
                continue  # event:, id:, retry: fields carry no content
            data = line[5:].strip()
            if data == b"[DONE]":
                break
            chunk = _json_object(data, "streamed chunk")
            if isinstance(chunk.get("model"), str) and chunk["model"]:
                model = chunk["model"]
            choices = chunk.get("choices")
            if not isinstance(choices, list):
                raise _malformed(f"a streamed chunk's 'choices' is {_kind(choices)}, not a list")
            if choices:
                delta = choices[0].get("delta") if isinstance(choices[0], dict) else None
                if not isinstance(delta, dict):
                    raise _malformed("a streamed chunk's 'choices[0].delta' is not an object")
                piece = delta.get("content")
                if piece is not None and not isinstance(piece, str):
                    raise _malformed(f"a streamed chunk's content is {_kind(piece)}")
                if piece:
                    parts.append(piece)
        return _Answer(text="".join(parts), model=model)  # a stream reports no usage

    def _check_length(self, reported: int, ours: int, max_tokens: int) -> None:
        """Refuse an answer longer than ``max_tokens``: by the server's own count (``reported``;
        ours when it gives none), or by ours with a margin (our tokenizer is not the model's)."""
        if reported > max_tokens or ours > max_tokens * TOKEN_MARGIN + 16:
            raise LLMError(
                f"the LLM endpoint answered with {max(reported, ours):,} tokens, more than "
                f"max_tokens ({max_tokens:,}); refused"
            )

    def _scrub(self, message: str) -> str:
        """Remove the API key from a message (error bodies may echo request headers)."""
        key = self.config.key()
        if key and key != DUMMY_KEY:
            message = message.replace(key, "***")
        return message
