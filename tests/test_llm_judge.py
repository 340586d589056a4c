"""SA901: which claims go to the judge, what is sent, how answers become flags or failures."""

from __future__ import annotations

import dataclasses
import json

import pytest

from summary_audit.errors import LLMError
from summary_audit.llm import judge
from summary_audit.llm.judge import parse_verdict
from summary_audit.rules import registry
from summary_audit.rules.registry import AuditContext, get_rule
from summary_audit.types import Claim, Evidence, Explanation, Flag, Span

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
    ctx.current = get_rule("SA901")  # as the engine sets it, so failures are recorded for SA901
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


def answer_by_claim(answers):
    """A reply that answers by which claim (a phrase of it) the request is about."""

    def respond(body):
        sent = json.dumps(body["messages"])
        return next(answer for phrase, answer in answers.items() if phrase in sent)

    return Reply(respond=respond)


def test_when_one_answer_is_unparseable_then_a_failure_names_it_and_the_other_claim_flags(
    server, monkeypatch
):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 40.0)}, monkeypatch)
    server.default = answer_by_claim(
        {
            "leaving a bar": "I think it is probably fine.",
            "asked him to wait": verdict("contradicted"),
        }
    )
    (hit,) = judge.run_judge(ctx)
    assert hit.span.text == "The officer asked him to wait in the car."
    (failure,) = ctx.failures
    assert failure.code == "SA901" and failure.error == "LLMError"
    assert failure.message.startswith('claim 0 "The driver said he was leaving a bar downtown."')
    assert "unparseable judge answer" in failure.message


def test_when_a_request_is_refused_then_a_failure_names_that_claim(server, monkeypatch):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 40.0)}, monkeypatch)
    ctx.options["llm"]["concurrency"] = 1  # claims go in order, so the queued replies line up
    server.push(Reply(verdict("not_in_transcript")), Reply(status=400, content="bad request"))
    (hit,) = judge.run_judge(ctx)
    assert hit.span.text.startswith("The driver said")
    (failure,) = ctx.failures
    assert failure.message.startswith('claim 1 "The officer asked him to wait')
    assert "refused" in failure.message


def test_when_every_answer_is_unparseable_then_one_failure_per_claim_and_no_hit(
    server, monkeypatch
):
    ctx = make_ctx(server, {0: (1, 40.0), 1: (2, 40.0)}, monkeypatch)
    server.default = Reply("no idea")
    assert list(judge.run_judge(ctx)) == []
    assert [f.message.split(" ")[:2] for f in ctx.failures] == [["claim", "0"], ["claim", "1"]]


# --- which spans count as already flagged ---------------------------------------------------


def flag_at(code, start, end):
    span = Span.of("summary", SUMMARY, start, end)
    expl = Explanation(rule="r", method="lexical", text="t")
    return Flag(id=code, code=code, rule="r", severity="warning", message="m",
                summary_span=span, explanation=expl)  # fmt: skip


def spy_on_deterministic_rules(monkeypatch, span=(30, 35)):
    """Replace every SA1-SA3 rule with one that records its call and flags ``span``."""
    called = []

    def make(code):
        def spy(ctx):
            called.append(code)
            yield registry.Hit(span=ctx.summary_span(*span), message="spy", explanation="spy")

        return spy

    for r in registry.select_rules(["SA1", "SA2", "SA3"]):
        monkeypatch.setitem(registry._RULES, r.code, dataclasses.replace(r, func=make(r.code)))
    return called


def plain_ctx():
    return AuditContext(transcript=make_transcript(TURNS), summary=make_summary(SUMMARY))


def test_when_all_deterministic_rules_ran_then_their_flags_are_used_and_none_is_rerun(
    monkeypatch,
):
    called = spy_on_deterministic_rules(monkeypatch)
    ctx = plain_ctx()
    ctx.ran = {r.code for r in registry.select_rules(["SA1", "SA2", "SA3"])} | {"SA401"}
    ctx.flags = [flag_at("SA101", 4, 10), flag_at("SA202", 50, 60), flag_at("SA401", 0, 3)]
    assert judge._flagged_spans(ctx) == [(4, 10), (50, 60)]  # the SA4 flag does not count
    assert called == []


def test_when_one_deterministic_rule_was_not_selected_then_only_it_is_run(monkeypatch):
    called = spy_on_deterministic_rules(monkeypatch, span=(30, 35))
    codes = [r.code for r in registry.select_rules(["SA1", "SA2", "SA3"])]
    ctx = plain_ctx()
    ctx.ran = set(codes[1:])
    ctx.flags = [flag_at(codes[1], 4, 10)]
    assert judge._flagged_spans(ctx) == [(4, 10), (30, 35)]
    assert called == [codes[0]]


def test_when_no_deterministic_rule_ran_then_all_are_run(monkeypatch):
    called = spy_on_deterministic_rules(monkeypatch)
    assert judge._flagged_spans(plain_ctx()) == [(30, 35)]  # all spies flag it: one span
    assert called == [r.code for r in registry.select_rules(["SA1", "SA2", "SA3"])]


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


def audit_with_judge(server, summary=SUMMARY, select=("SA901",), **llm):
    pytest.importorskip("summary_audit.align", reason="align.py (another helper) not written yet")
    from summary_audit import audit

    settings = {"base_url": server.base_url, "model": "fake", "cache_path": "off", "backoff_s": 0.0}
    # Threshold above 100: every claim without a deterministic flag goes to the judge.
    settings |= {"judge_threshold": 101} | llm
    return audit(make_transcript(TURNS), make_summary(summary), select=list(select), llm=settings)


def test_full_audit_records_unparseable_judge_answer_as_check_failure(server):
    server.default = Reply("no idea")
    report = audit_with_judge(server)
    assert server.requests
    assert {f.code for f in report.failures} == {"SA901"}
    assert "unparseable judge answer" in report.failures[0].message
    assert "prompts:judge.v1@" in report.signature and "model:fake" in report.signature


def test_full_audit_with_one_garbage_and_one_valid_answer_has_one_flag_and_one_failure(server):
    server.default = answer_by_claim(
        {"leaving a bar": "}{ not json", "asked him to wait": verdict("not_in_transcript")}
    )
    report = audit_with_judge(server)
    (flag,) = report.flags
    assert flag.code == "SA901" and flag.summary_span.text.startswith("The officer asked him")
    (failure,) = report.failures
    assert failure.code == "SA901" and failure.rule == "llm-judge"
    assert "claim 0" in failure.message and "leaving a bar" in failure.message


BEERS = (
    "The driver said he had 3 beers at a bar downtown. The officer asked him to wait in the car."
)


def sent_phrases(server, phrases):
    return sorted(p for p in phrases if any(p in json.dumps(r.body) for r in server.requests))


def test_a_claim_flagged_by_sa101_is_not_judged_whether_or_not_sa1_ran_in_the_audit(
    server, monkeypatch
):
    sa101 = get_rule("SA101")
    calls = []

    def counted(ctx):
        calls.append(1)
        return sa101.func(ctx)

    monkeypatch.setitem(registry._RULES, "SA101", dataclasses.replace(sa101, func=counted))
    server.default = Reply(verdict("supported"))
    phrases = ["3 beers", "asked him to wait"]

    with_rules = audit_with_judge(server, BEERS, select=("SA1", "SA2", "SA3", "SA901"))
    assert [f.code for f in with_rules.flags] == ["SA101"]
    assert len(calls) == 1  # the judge reused the engine's SA101 flag instead of rerunning it
    assert sent_phrases(server, phrases) == ["asked him to wait"]

    server.requests.clear()
    judge_only = audit_with_judge(server, BEERS)
    assert len(calls) == 2  # not selected: the judge ran SA101 itself
    assert sent_phrases(server, phrases) == ["asked him to wait"]
    assert judge_only.flags == ()


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
