"""The LLM client against a real HTTP server on 127.0.0.1: retries, cache, JSON mode, redaction."""

from __future__ import annotations

import json
import socket

import pytest

from summary_audit.errors import LLMError
from summary_audit.llm.cache import AnswerCache
from summary_audit.llm.client import JsonSchema, LLMClient
from summary_audit.llm.config import LLMConfig

from .openai_server import FakeOpenAI, Reply

KEY = "sk-test-SECRET-0123456789"
ASK = [{"role": "user", "content": "Say hi."}]


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


def make_client(server: FakeOpenAI, tmp_path=None, **overrides) -> LLMClient:
    settings = {
        "base_url": server.base_url,
        "model": "fake",
        "api_key": KEY,
        "backoff_s": 0.01,
        "max_retries": 2,
        "timeout_s": 5.0,
        "cache_path": str(tmp_path / "cache.sqlite3") if tmp_path else None,
    }
    return LLMClient(LLMConfig(**(settings | overrides)))


def test_request_uses_temperature_zero_seed_and_the_key(server):
    server.push(Reply("hi"))
    assert make_client(server).chat(ASK, prompt_id="t.v1").text == "hi"
    sent = server.requests[0]
    assert sent.path == "/v1/chat/completions"
    assert sent.body["temperature"] == 0.0 and sent.body["seed"] == 0
    auth = {k.lower(): v for k, v in sent.headers.items()}["authorization"]
    assert auth == f"Bearer {KEY}"


def test_when_rate_limited_then_retried_until_success(server):
    server.push(Reply(status=429), Reply(status=503), Reply("done"))
    client = make_client(server)
    assert client.chat(ASK, prompt_id="t.v1").text == "done"
    assert len(server.requests) == 3
    assert client.requests_sent == 3


def test_when_errors_persist_then_llm_error_after_bounded_attempts(server):
    server.push(*[Reply(status=500) for _ in range(5)])
    with pytest.raises(LLMError, match="after 3 attempts"):
        make_client(server).chat(ASK, prompt_id="t.v1")
    assert len(server.requests) == 3


def test_when_the_request_is_bad_then_no_retry(server):
    server.push(Reply(status=400, content="bad request"))
    with pytest.raises(LLMError, match="refused"):
        make_client(server).chat(ASK, prompt_id="t.v1")
    assert len(server.requests) == 1


def test_when_the_server_is_slow_then_timeout_is_retried(server):
    server.push(Reply("late", delay_s=1.0), Reply("on time"))
    client = make_client(server, timeout_s=0.3)
    assert client.chat(ASK, prompt_id="t.v1").text == "on time"


def test_when_unreachable_then_clear_llm_error():
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = LLMConfig(
        base_url=f"http://127.0.0.1:{port}/v1",
        model="m",
        max_retries=1,
        backoff_s=0.01,
        cache_path=None,
    )
    with pytest.raises(LLMError, match="unreachable after 2 attempts"):
        LLMClient(config).chat(ASK, prompt_id="t.v1")


def test_when_asked_again_then_answer_comes_from_cache(server, tmp_path):
    server.push(Reply("first"))
    client = make_client(server, tmp_path)
    first = client.chat(ASK, prompt_id="t.v1")
    again = make_client(server, tmp_path).chat(ASK, prompt_id="t.v1")  # a new process, same file
    assert (first.cached, again.cached) == (False, True)
    assert again.text == "first"
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "change",
    [{"model": "other"}, {"max_tokens": 7}, {"temperature": 0.5}],
    ids=["model", "max_tokens", "temperature"],
)
def test_when_model_or_parameters_change_then_cache_misses(server, tmp_path, change):
    server.push(Reply("a"), Reply("b"))
    make_client(server, tmp_path).chat(ASK, prompt_id="t.v1")
    assert make_client(server, tmp_path, **change).chat(ASK, prompt_id="t.v1").text == "b"


def test_when_prompt_id_changes_then_cache_misses(server, tmp_path):
    server.push(Reply("a"), Reply("b"))
    client = make_client(server, tmp_path)
    client.chat(ASK, prompt_id="t.v1")
    assert client.chat(ASK, prompt_id="t.v2").text == "b"


def test_when_validation_fails_then_answer_is_not_cached(server, tmp_path):
    server.push(Reply("not json"), Reply('{"ok": true}'))
    client = make_client(server, tmp_path)
    with pytest.raises(ValueError):
        client.chat(ASK, prompt_id="t.v1", validate=json.loads)
    assert len(AnswerCache(tmp_path / "cache.sqlite3")) == 0
    assert client.chat(ASK, prompt_id="t.v1", validate=json.loads).text == '{"ok": true}'


def test_streamed_answer_is_assembled(server):
    server.push(Reply("the driver stepped out"))
    reply = make_client(server).chat(ASK, prompt_id="t.v1", stream=True)
    assert reply.text == "the driver stepped out"
    assert server.requests[0].body["stream"] is True


SCHEMA = JsonSchema("thing", {"type": "object", "properties": {}, "additionalProperties": False})


def test_json_schema_mode_sends_the_schema(server):
    server.push(Reply("{}"))
    make_client(server).chat(ASK, prompt_id="t.v1", schema=SCHEMA)
    fmt = server.requests[0].body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"] == SCHEMA.schema


def test_json_object_mode_for_endpoints_without_schemas(server):
    server.push(Reply("{}"))
    make_client(server, json_mode="object").chat(ASK, prompt_id="t.v1", schema=SCHEMA)
    assert server.requests[0].body["response_format"] == {"type": "json_object"}


def test_when_an_error_echoes_the_key_then_it_is_scrubbed(server):
    server.push(Reply(status=401, content=f"invalid key {KEY}"))
    client = make_client(server)
    with pytest.raises(LLMError) as info:
        client.chat(ASK, prompt_id="t.v1")
    assert KEY not in str(info.value)
    assert "***" in str(info.value)
    assert KEY not in repr(client) and KEY not in repr(client.config)


def test_when_the_answer_has_no_text_then_llm_error(server):
    server.push(
        Reply(
            body={"id": "x", "object": "chat.completion", "created": 0, "model": "f", "choices": []}
        )
    )
    with pytest.raises(LLMError, match="no answer"):
        make_client(server).chat(ASK, prompt_id="t.v1")


# ----------------------------------------------------------------------------- token counts


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """Every text the client counts tokens of (the real count still runs)."""
    from summary_audit.llm import client as client_module
    from summary_audit.llm.tokens import count_tokens

    texts: list[str] = []

    def spy(text: str) -> int:
        texts.append(text)
        return count_tokens(text)

    monkeypatch.setattr(client_module, "count_tokens", spy)
    return texts


def _without_usage(content: str) -> Reply:
    message = {"role": "assistant", "content": content}
    choice = {"index": 0, "finish_reason": "stop", "message": message}
    return Reply(body={"id": "x", "object": "chat.completion", "model": "f", "choices": [choice]})


@pytest.mark.parametrize("how", ["usage reported", "no usage", "streamed"])
def test_each_answer_is_counted_once_and_the_count_is_its_usage_when_none_is_reported(
    server, counted, how
):
    from summary_audit.llm.tokens import count_message_tokens, count_tokens

    text = "The driver stepped out of the car and handed over his license."
    server.push(_without_usage(text) if how == "no usage" else Reply(text))
    reply = make_client(server).chat(ASK, prompt_id="t.v1", stream=how == "streamed")
    assert counted == [text]
    if how == "usage reported":  # the server's own numbers (the fake server's len // 4)
        assert reply.usage["completion_tokens"] == len(text) // 4
    else:
        assert reply.usage == {
            "prompt_tokens": count_message_tokens(ASK),
            "completion_tokens": count_tokens(text),
        }


def test_a_cached_answer_is_not_counted_again_and_keeps_its_usage(server, tmp_path, counted):
    server.push(_without_usage("first answer"))
    first = make_client(server, tmp_path).chat(ASK, prompt_id="t.v1")
    again = make_client(server, tmp_path).chat(ASK, prompt_id="t.v1")
    assert again.cached and again.usage == first.usage
    assert counted == ["first answer"]


def test_an_answer_over_max_tokens_by_our_count_is_refused_when_the_server_reports_none(
    server, counted
):
    server.push(_without_usage("word " * 200))
    with pytest.raises(LLMError, match=r"answered with 201 tokens, more than max_tokens \(64\)"):
        make_client(server, max_tokens=64).chat(ASK, prompt_id="t.v1")
    assert counted == ["word " * 200]
