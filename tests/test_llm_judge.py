"""SA901: which claims go to the judge, what is sent, how answers become flags or failures."""

from __future__ import annotations

import json

import pytest

from summary_audit.errors import LLMError
from summary_audit.llm import judge
from summary_audit.llm.judge import parse_verdict
from summary_audit.rules.registry import AuditContext
from summary_audit.types import Claim, Evidence, Span

from .helpers import make_summary, make_transcript
from .openai_server import FakeOpenAI, Reply

TURNS = [
    ("OFFICER", "Where are you headed tonight?"),
    ("DRIVER", "I was just coming home from work."),
    ("OFFICER", "Okay. Wait here please."),
    ("DRIVER", "Sure, no problem."),
    ("DISPATCH", "Unit four, copy your location."),
    ("OFFICER", "Copy, on Elm Street."),
]
SUMMARY = "The driver said he was leaving a bar downtown. The officer asked him to wait in the car."


class StubIndex:
    """A stand-in for align.TranscriptIndex: scripted search results, substring find."""

    def __init__(self, transcript, scores):
        self.t = transcript
        self.scores = scores  # claim text -> (segment, score)

    def search(self, text, *, limit=3):
        seg, score = self.scores[text]
        s = self.t.segments[seg]
        return [
            Evidence(span=s.span, segments=(seg,), alignment="fuzzy", score=score, quote=s.text)
        ]

    def find(self, text, **kwargs):
        at = self.t.text.find(text)
        if at < 0:
            return Evidence(alignment="none", note="not found")
        span = Span.of("transcript", self.t.text, at, at + len(text))
        return Evidence(span=span, alignment="exact", score=100.0, quote=text)

    def segment(self, i):
        return self.t.segments[i]

    def window(self, i, radius=1):
        return list(self.t.segments[max(0, i - radius) : i + radius + 1])


def make_ctx(server, scores, monkeypatch, flagged=()):
    transcript, summary = make_transcript(TURNS), make_summary(SUMMARY)
    options = {
        "llm": {"base_url": server.base_url, "model": "fake", "cache_path": "off", "backoff_s": 0.0}
    }
    ctx = AuditContext(transcript=transcript, summary=summary, options=options)
    first_end = SUMMARY.index(".") + 1
    claims = [
        Claim(index=0, sentence=0, span=Span.of("summary", SUMMARY, 0, first_end)),
        Claim(index=1, sentence=1, span=Span.of("summary", SUMMARY, first_end + 1, len(SUMMARY))),
    ]
    ctx.__dict__["claims"] = claims  # fill the cached properties: no claims.py/align.py needed
    ctx.__dict__["index"] = StubIndex(transcript, {c.span.text: scores[c.index] for c in claims})
    monkeypatch.setattr(judge, "_flagged_spans", lambda ctx: list(flagged))
    return ctx


def verdict(v, quotes=(), reason="because"):
    return json.dumps({"verdict": v, "evidence_quotes": list(quotes), "reason": reason})


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


def test_when_judge_says_contradicted_then_SA901_hit_with_realigned_quote(server, monkeypatch):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 95.0)}, monkeypatch)
    server.push(Reply(verdict("contradicted", ["I was just coming home from work."], "says work")))
    hits = list(judge.run_judge(ctx))
    assert len(server.requests) == 1  # claim 1 aligned strongly: not sent
    (hit,) = hits
    assert hit.span.text == "The driver said he was leaving a bar downtown."
    assert hit.method == "llm" and hit.prompt_id == "judge.v1"
    assert hit.evidence[0].alignment == "exact"
    assert ctx.transcript.text[hit.evidence[0].span.start : hit.evidence[0].span.end] == (
        "I was just coming home from work."
    )
    assert hit.confidence > 0.5


def test_only_the_claim_and_its_windows_are_sent(server, monkeypatch):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 95.0)}, monkeypatch)
    server.push(Reply(verdict("supported")))
    assert list(judge.run_judge(ctx)) == []
    sent = json.dumps(server.requests[0].body["messages"])
    assert "leaving a bar downtown" in sent
    assert "I was just coming home from work." in sent  # segment 1 and its neighbours
    assert "copy your location" not in sent  # segment 4 is outside the window


def test_when_a_quote_cited_by_the_model_is_not_in_transcript_then_low_confidence(
    server, monkeypatch
):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 95.0)}, monkeypatch)
    server.push(Reply(verdict("not_in_transcript", ["I left the bar at ten."])))
    (hit,) = judge.run_judge(ctx)
    assert hit.evidence[0].alignment == "none"
    assert "not in the transcript" in hit.evidence[0].note
    assert hit.confidence < 0.5


def test_when_a_deterministic_rule_flagged_the_claim_then_it_is_not_sent(server, monkeypatch):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 40.0)}, monkeypatch, flagged=[(4, 10)])
    server.push(Reply(verdict("supported")))
    list(judge.run_judge(ctx))
    assert len(server.requests) == 1
    assert "asked him to wait" in json.dumps(server.requests[0].body["messages"])


def test_when_the_answer_is_unparseable_then_the_rule_raises_naming_the_claim(server, monkeypatch):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 40.0)}, monkeypatch)
    server.default = Reply("I think it is probably fine.")
    with pytest.raises(LLMError, match=r"judge failed on 2 of 2 claims: claim 0"):
        list(judge.run_judge(ctx))


def test_when_no_endpoint_is_configured_then_config_error(server, monkeypatch, tmp_path):
    from summary_audit.errors import ConfigError

    for var in ("SUMMARY_AUDIT_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("summary_audit.llm.config.DEFAULT_CONFIG_PATH", tmp_path / "none.toml")
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 40.0)}, monkeypatch)
    ctx.options.pop("llm")
    with pytest.raises(ConfigError, match="no LLM model"):
        list(judge.run_judge(ctx))


@pytest.mark.parametrize(
    "text",
    [
        '{"verdict": "supported", "evidence_quotes": [], "reason": "ok"}',
        'Here:\n```json\n{"verdict": "contradicted", "evidence_quotes": ["x"], "reason": "r"}\n```',
    ],
)
def test_verdicts_parse_plain_or_fenced(text):
    assert parse_verdict(text).verdict in ("supported", "contradicted")


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"verdict": "maybe", "evidence_quotes": [], "reason": "r"}',
        '{"verdict": "supported", "evidence_quotes": [], "reason": "r", "extra": 1}',
        '{"verdict": "supported"}',
    ],
    ids=["prose", "bad-verdict", "extra-key", "missing-keys"],
)
def test_malformed_verdicts_raise_llm_error(text):
    with pytest.raises(LLMError, match="unparseable"):
        parse_verdict(text)


def audit_with_judge(server, **llm):
    pytest.importorskip("summary_audit.align", reason="align.py (another helper) not written yet")
    from summary_audit import audit

    settings = {"base_url": server.base_url, "model": "fake", "cache_path": "off", "backoff_s": 0.0}
    # Threshold above 100: every claim without a deterministic flag goes to the judge.
    settings |= {"judge_threshold": 101} | llm
    return audit(make_transcript(TURNS), make_summary(SUMMARY), select=["SA901"], llm=settings)


def test_full_audit_records_unparseable_judge_answer_as_check_failure(server):
    server.default = Reply("no idea")
    report = audit_with_judge(server)
    assert server.requests
    assert [f.code for f in report.failures] == ["SA901"]
    assert "unparseable judge answer" in report.failures[0].message
    assert "prompts:judge.v1@" in report.signature and "model:fake" in report.signature


def test_full_audit_flags_a_contradicted_claim_with_located_evidence(server):
    quote = "I was just coming home from work."
    server.default = Reply(
        respond=lambda body: (
            verdict("contradicted", [quote])
            if "leaving a bar" in json.dumps(body)
            else verdict("supported")
        )
    )
    report = audit_with_judge(server)
    (flag,) = report.flags
    assert flag.code == "SA901" and flag.explanation.method == "llm"
    assert flag.summary_span.text.startswith("The driver said he was leaving a bar")
    assert flag.evidence[0].quote == quote and flag.evidence[0].alignment == "exact"


def test_the_signature_names_the_judge_model(server):
    server.default = Reply(verdict("supported"))
    one = audit_with_judge(server, model="model-a").signature
    two = audit_with_judge(server, model="model-b").signature
    assert "model:model-a" in one and "model:model-b" in two


def test_full_audit_without_preview_does_not_run_the_judge(server):
    pytest.importorskip("summary_audit.align", reason="align.py (another helper) not written yet")
    from summary_audit import audit

    report = audit(make_transcript(TURNS), make_summary(SUMMARY), select=["SA9"])
    assert report.stats.rules_run == 0 and not server.requests
