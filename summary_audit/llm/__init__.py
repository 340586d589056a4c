"""The optional LLM layer: draft summaries and judge undecided claims via an OpenAI-compatible API.

Needs the ``llm`` extra (openai, tiktoken).  Nothing here is imported by ``import summary_audit``.
"""

from __future__ import annotations

from summary_audit.llm.client import Completion, JsonSchema, LLMClient
from summary_audit.llm.config import LLMConfig, resolve_config
from summary_audit.llm.prompts import PromptTemplate, load_prompt
from summary_audit.llm.summarize import summarize, summary_to_json

__all__ = [
    "Completion",
    "JsonSchema",
    "LLMClient",
    "LLMConfig",
    "PromptTemplate",
    "load_prompt",
    "resolve_config",
    "summarize",
    "summary_to_json",
]
