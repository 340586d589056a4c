"""One small client for any OpenAI-compatible chat endpoint (OpenAI, llama.cpp, vLLM, Ollama).

It adds what the SDK call alone does not give this project: a SQLite answer cache, bounded retries
with exponential backoff on 429/5xx/timeouts/connection errors, a concurrency limit shared by all
threads, JSON mode, and errors that are :class:`~summary_audit.errors.LLMError` with the API key
scrubbed out.  The openai SDK is imported lazily so ``import summary_audit`` stays light.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summary_audit.errors import LLMError, import_extra
from summary_audit.llm.cache import AnswerCache, cache_key, open_cache
from summary_audit.llm.config import DUMMY_KEY, LLMConfig
from summary_audit.llm.tokens import count_message_tokens, count_tokens

Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Completion:
    """One answer: its text, the model that wrote it, token usage, whether it came from cache."""

    text: str
    model: str
    usage: dict[str, int] = field(default_factory=dict)
    cached: bool = False


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
        self._sdk: Any = None
        self._sdk_lock = threading.Lock()
        self.requests_sent = 0  # network requests made, retries included (benchmarks read it)

    def __repr__(self) -> str:
        return f"LLMClient(base_url={self.config.base_url!r}, model={self.config.model!r})"

    def _client(self) -> Any:
        with self._sdk_lock:
            if self._sdk is None:
                openai = import_extra("openai", "llm", "the LLM client")
                self._sdk = openai.OpenAI(
                    base_url=self.config.base_url,
                    api_key=self.config.key(),
                    timeout=self.config.timeout_s,
                    max_retries=0,  # retries are ours: bounded, logged in the error, testable
                )
            return self._sdk

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
        openai = import_extra("openai", "llm", "the LLM client")
        retryable = (openai.RateLimitError, openai.APIConnectionError, openai.InternalServerError)
        cfg = self.config
        last: Exception | None = None
        for attempt in range(cfg.max_retries + 1):
            if attempt:
                time.sleep(self._delay(attempt - 1, last))
            try:
                with self._slots:
                    self.requests_sent += 1
                    return self._send(messages, params, schema, stream)
            except retryable as exc:
                last = exc
            except openai.APIStatusError as exc:
                if exc.status_code < 500:
                    raise LLMError(
                        self._scrub(f"LLM endpoint refused the request: {exc}")
                    ) from None
                last = exc
            except openai.OpenAIError as exc:
                raise LLMError(self._scrub(f"LLM request failed: {exc}")) from None
        what = "unreachable" if isinstance(last, openai.APIConnectionError) else "failing"
        raise LLMError(
            self._scrub(
                f"LLM endpoint {cfg.base_url} {what} after {cfg.max_retries + 1} attempts: "
                f"{type(last).__name__}: {last}"
            )
        )

    def _delay(self, retry: int, exc: Exception | None) -> float:
        """Seconds before retry number ``retry`` (0-based): Retry-After if given, else doubling."""
        cfg = self.config
        response = getattr(exc, "response", None)
        header = response.headers.get("retry-after") if response is not None else None
        try:
            if header is not None:
                return min(float(header), cfg.max_backoff_s)
        except ValueError:
            pass  # an HTTP-date Retry-After: fall back to our own backoff
        return min(cfg.backoff_s * 2**retry, cfg.max_backoff_s)

    def _send(
        self, messages: Messages, params: dict[str, Any], schema: JsonSchema | None, stream: bool
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
            return self._collect_stream(
                self._client().chat.completions.create(**request, stream=True), messages
            )
        response = self._client().chat.completions.create(**request)
        if not response.choices or response.choices[0].message.content is None:
            raise LLMError("the LLM endpoint returned no answer text")
        text = response.choices[0].message.content
        usage = response.usage
        return Completion(
            text=text,
            model=response.model or cfg.model,
            usage={
                "prompt_tokens": usage.prompt_tokens if usage else count_message_tokens(messages),
                "completion_tokens": usage.completion_tokens if usage else count_tokens(text),
            },
        )

    def _collect_stream(self, chunks: Any, messages: Messages) -> Completion:
        parts: list[str] = []
        model = self.config.model
        for chunk in chunks:
            model = chunk.model or model
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
        text = "".join(parts)
        usage = {
            "prompt_tokens": count_message_tokens(messages),
            "completion_tokens": count_tokens(text),
        }
        return Completion(text=text, model=model, usage=usage)

    def _scrub(self, message: str) -> str:
        """Remove the API key from a message (error bodies may echo request headers)."""
        key = self.config.key()
        if key and key != DUMMY_KEY:
            message = message.replace(key, "***")
        return message
