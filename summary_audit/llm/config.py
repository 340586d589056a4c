"""Where the LLM layer gets its settings: flags > environment > config file > defaults.

Environment: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``SUMMARY_AUDIT_MODEL``.  Config file:
``~/.config/summary-audit/config.toml`` (or ``--config PATH``), table ``[llm]`` with the field names
of :class:`LLMConfig`.  The API key is a ``SecretStr``: it never appears in a repr, a log line, an
error message or a report.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from summary_audit.errors import ConfigError

DEFAULT_CONFIG_PATH = Path("~/.config/summary-audit/config.toml")
DEFAULT_CACHE_PATH = Path("~/.cache/summary-audit/llm-cache.sqlite3")
OPENAI_BASE_URL = "https://api.openai.com/v1"
# A local endpoint (llama.cpp, vLLM, Ollama) accepts any key; the SDK insists on one.
DUMMY_KEY = "sk-no-key-required"

ENV_VARS = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "model": "SUMMARY_AUDIT_MODEL",
}


class LLMConfig(BaseModel):
    """Everything needed to talk to one OpenAI-compatible endpoint, and how to do it politely."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = OPENAI_BASE_URL
    model: str
    api_key: SecretStr = SecretStr(DUMMY_KEY)
    temperature: float = 0.0
    seed: int | None = 0
    max_tokens: int = Field(default=512, ge=1)
    context_tokens: int = Field(default=8192, ge=256, description="the model's context window")
    budget: int | None = Field(default=None, ge=64, description="max prompt tokens per request")
    timeout_s: float = Field(default=60.0, gt=0, description="per read: seconds without a byte")
    deadline_s: float = Field(
        default=300.0, gt=0, description="whole request, retries included: seconds at most"
    )
    max_reply_bytes: int = Field(default=4 * 2**20, ge=1024, description="larger replies refused")
    max_retries: int = Field(default=3, ge=0, le=10)
    backoff_s: float = Field(default=0.5, ge=0, description="first retry delay; doubles each time")
    max_backoff_s: float = Field(default=8.0, ge=0)
    concurrency: int = Field(default=4, ge=1, le=64)
    json_mode: Literal["schema", "object", "off"] = "schema"
    cache_path: str | None = str(DEFAULT_CACHE_PATH)

    def key(self) -> str:
        """The API key in clear, for the HTTP client only."""
        return self.api_key.get_secret_value()

    def request_parameters(self) -> dict[str, Any]:
        """The sampling parameters that change an answer (recorded in provenance and cache keys)."""
        return {"temperature": self.temperature, "seed": self.seed, "max_tokens": self.max_tokens}


def _read_file(path: Path, explicit: bool) -> dict[str, Any]:
    path = path.expanduser()
    if not path.is_file():
        if explicit:
            raise ConfigError(f"{path}: config file not found")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [llm] must be a table")
    return table


def resolve_config(
    flags: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    config_path: str | os.PathLike[str] | None = None,
) -> LLMConfig:
    """Merge flags > environment > config file > defaults into an :class:`LLMConfig`.

    ``None`` flag values count as not given.  Raises :class:`ConfigError` when no model is named,
    when the real OpenAI endpoint is used without a key, or when a value is invalid (the message
    never contains the key).
    """
    env = os.environ if env is None else env
    path = Path(config_path) if config_path is not None else DEFAULT_CONFIG_PATH
    merged: dict[str, Any] = dict(_read_file(path, explicit=config_path is not None))
    merged.update({field: env[var] for field, var in ENV_VARS.items() if env.get(var)})
    merged.update({k: v for k, v in (flags or {}).items() if v is not None})
    if not merged.get("model"):
        raise ConfigError(
            "no LLM model named: pass --model, set SUMMARY_AUDIT_MODEL, or set model in [llm]"
        )
    base_url = str(merged.get("base_url") or OPENAI_BASE_URL).rstrip("/")
    merged["base_url"] = base_url
    if not merged.get("api_key"):
        if base_url == OPENAI_BASE_URL:
            raise ConfigError("no API key for api.openai.com: set OPENAI_API_KEY")
        merged["api_key"] = DUMMY_KEY
    try:
        return LLMConfig(**merged)
    except ValidationError as exc:
        # pydantic echoes input values; report field names and reasons only, never the key.
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"bad LLM configuration: {problems}") from None
