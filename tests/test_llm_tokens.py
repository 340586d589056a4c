"""Offline token counting with the bundled cl100k_base file, and chunking within a budget."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from summary_audit.llm import tokens
from summary_audit.llm.summarize import chunk_lines


def test_bundled_bpe_file_matches_tiktokens_pinned_hash():
    data = Path(tokens.data_file()).read_bytes()
    # The expected_hash tiktoken_ext/openai_public.py pins for cl100k_base.
    pinned = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
    assert hashlib.sha256(data).hexdigest() == pinned


def test_encoding_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    tokens.encoding.cache_clear()
    enc = tokens.encoding()
    assert enc is not None
    # Known cl100k_base ids (OpenAI's published examples): "hello world" -> [15339, 1917].
    assert enc.encode("hello world") == [15339, 1917]
    assert tokens.tokenizer_name() == "cl100k_base"


def test_special_token_text_is_counted_as_plain_text():
    assert tokens.count_tokens("<|endoftext|>") > 1


def test_approximation_is_close_to_the_real_count_on_prose():
    text = "The officer asked the driver for his license and registration. " * 20
    real, approx = tokens.count_tokens(text), tokens.approximate_tokens(text)
    assert 0.7 * real <= approx <= 1.5 * real


@pytest.mark.parametrize("budget", [20, 50, 200])
def test_chunks_respect_the_budget_and_keep_every_line_in_order(budget):
    lines = [f"[00:00:{i:02d}] OFFICER: line number {i} of the stop" for i in range(40)]
    chunks = chunk_lines(lines, budget)
    assert [ln for c in chunks for ln in c] == lines
    for chunk in chunks:
        assert tokens.count_tokens("\n".join(chunk)) <= budget


def test_an_overlong_line_is_split_on_words():
    line = "word " * 300
    chunks = chunk_lines([line.strip()], 50)
    assert len(chunks) > 1
    assert " ".join(p for c in chunks for p in c).split() == line.split()


def test_chunking_counts_each_line_once(monkeypatch):
    import importlib

    summarize_module = importlib.import_module("summary_audit.llm.summarize")
    counted: list[str] = []

    def spy(text: str) -> int:
        counted.append(text)
        return tokens.count_tokens(text)

    monkeypatch.setattr(summarize_module, "count_tokens", spy)
    lines = [f"[00:00:{i:02d}] OFFICER: line number {i} of the stop" for i in range(40)]
    chunks = chunk_lines(lines, 50)
    assert counted == lines
    assert [ln for c in chunks for ln in c] == lines
