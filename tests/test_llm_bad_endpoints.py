"""Bad LLM endpoints (issue 15): each a real server on 127.0.0.1 misbehaving one way.  Every case
is one LLMError (nothing cached, nothing retried that cannot improve), and through the CLI one
line on stderr with exit 2 and no traceback."""

from __future__ import annotations

import json
import time

import pytest

from summary_audit import cli
from summary_audit.errors import LLMError
from summary_audit.llm.cache import AnswerCache
from summary_audit.llm.client import LLMClient
from summary_audit.llm.config import LLMConfig

from .openai_server import FakeOpenAI, Reply

ASK = [{"role": "user", "content": "Say hi."}]
TRANSCRIPT = "Officer: Good evening, license please.\nDriver: Here you go.\n"
HTML = b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>"

# name -> (the reply, what the one-line error says, config overrides)
CASES: dict[str, tuple[Reply, str, dict]] = {
    "html_with_200": (Reply(raw=HTML, content_type="text/html"), "is not JSON", {}),
    "invalid_json": (Reply(raw=b'{"choices": [{"message": '), "is not JSON", {}),
    "invalid_utf8": (Reply(raw=b'{"choices": "\xff\xfe"}'), "not valid UTF-8", {}),
    "choices_a_string": (Reply(raw=b'{"choices": "hello"}'), "'choices' is a str", {}),
    "content_a_number": (
        Reply(raw=b'{"choices": [{"message": {"content": 7}}]}'),
        "content' is a int",
        {},
    ),
    "json_array": (Reply(raw=b"[1, 2, 3]"), "is a list, not a JSON object", {}),
    "not_http": (Reply(not_http=b"SSH-2.0-OpenSSH_9.6\r\n"), "not a well-formed HTTP reply", {}),
    "trickled_body": (Reply(trickle_s=0.05), "deadline", {"deadline_s": 1.0}),
    "trickled_headers": (
        Reply(trickle_s=0.05, trickle_headers=True),
        "deadline",
        {"deadline_s": 1.0},
    ),
    "oversized_declared": (Reply(big=3 * 2**20), "max_reply_bytes", {"max_reply_bytes": 2**20}),
    "oversized_undeclared": (
        Reply(big=3 * 2**20, declare_length=False),
        "max_reply_bytes",
        {"max_reply_bytes": 2**20},
    ),
    "over_max_tokens_by_usage": (
        Reply(
            body={
                "model": "m",
                "choices": [{"message": {"content": "hi"}}],
                "usage": {"prompt_tokens": 3, "completion_tokens": 5000},
            }
        ),
        "more than max_tokens",
        {"max_tokens": 64},
    ),
    "over_max_tokens_by_text": (
        Reply(body={"model": "m", "choices": [{"message": {"content": "word " * 2000}}]}),
        "more than max_tokens",
        {"max_tokens": 64},
    ),
}


def make_client(server: FakeOpenAI, cache: str | None = None, **overrides) -> LLMClient:
    settings = {
        "base_url": server.base_url,
        "model": "fake",
        "backoff_s": 0.01,
        "max_retries": 2,
        "timeout_s": 5.0,
        "cache_path": cache,
    }
    return LLMClient(LLMConfig(**(settings | overrides)))


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_reply_is_one_llm_error_and_nothing_is_cached(tmp_path, name):
    reply, expected, overrides = CASES[name]
    cache = str(tmp_path / "cache.sqlite3")
    with FakeOpenAI(default=Reply("should not be asked")) as server:
        server.push(reply)
        started = time.monotonic()
        with pytest.raises(LLMError) as info:
            make_client(server, cache, **overrides).chat(ASK, prompt_id="t.v1")
        assert time.monotonic() - started < 10  # a bounded wait, not a timing claim
        assert expected in str(info.value)
        assert len(server.requests) == 1  # a malformed reply is not asked for again
    assert len(AnswerCache(cache)) == 0


def test_after_a_refused_reply_a_good_one_is_answered_and_cached(tmp_path):
    cache = str(tmp_path / "cache.sqlite3")
    with FakeOpenAI() as server:
        server.push(Reply(raw=HTML, content_type="text/html"), Reply("hello"))
        client = make_client(server, cache)
        with pytest.raises(LLMError):
            client.chat(ASK, prompt_id="t.v1")
        assert client.chat(ASK, prompt_id="t.v1").text == "hello"
    assert len(AnswerCache(cache)) == 1


def test_the_deadline_covers_retries_too():
    with FakeOpenAI() as server:
        server.push(*[Reply(status=503) for _ in range(50)])
        client = make_client(server, deadline_s=1.0, backoff_s=0.4, max_retries=10)
        started = time.monotonic()
        with pytest.raises(LLMError, match="failing after"):
            client.chat(ASK, prompt_id="t.v1")
        assert time.monotonic() - started < 10
        assert len(server.requests) < 11  # stopped by the deadline, not by max_retries


def test_an_oversized_stream_is_cut_while_reading():
    with FakeOpenAI() as server:
        server.push(Reply("word " * 300_000))
        with pytest.raises(LLMError, match="max_reply_bytes"):
            make_client(server, max_reply_bytes=2**20, max_tokens=10**6).chat(
                ASK, prompt_id="t.v1", stream=True
            )


@pytest.mark.parametrize("name", sorted(CASES))
def test_through_the_cli_each_is_one_line_and_exit_2(tmp_path, capsys, name):
    reply, expected, overrides = CASES[name]
    transcript = tmp_path / "t.txt"
    transcript.write_text(TRANSCRIPT)
    config = tmp_path / "config.toml"
    config.write_text(
        "[llm]\nmax_retries = 0\nbackoff_s = 0.01\n"
        + "".join(f"{k} = {json.dumps(v)}\n" for k, v in overrides.items())
    )
    with FakeOpenAI(default=Reply("should not be asked")) as server:
        server.push(reply)
        argv = [
            "summarize",
            str(transcript),
            "--model",
            "m",
            "--base-url",
            server.base_url,
            "--no-cache",
            "--config",
            str(config),
        ]
        if "max_tokens" in overrides:
            argv += ["--max-tokens", str(overrides["max_tokens"])]
        code = cli.main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    assert "Traceback" not in captured.err + captured.out
