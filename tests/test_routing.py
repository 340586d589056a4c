"""Judge routing (text/support.py): one decision, used by SA901 and by `eval --routing`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.text.align import TranscriptIndex
from summary_audit.text.claims import split_claims
from summary_audit.text.support import decided_spans, route_claims

from .helpers import STOP_TURNS, make_summary, make_transcript
from .openai_server import FakeOpenAI, Reply

TURNS = STOP_TURNS
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _routes(summary: str, flagged=(), min_missing: int = 1):
    transcript = make_transcript(TURNS)
    return route_claims(
        split_claims(summary), TranscriptIndex(transcript), flagged, min_missing=min_missing
    )


def test_a_claim_verbatim_in_the_transcript_is_not_sent() -> None:
    (route,) = _routes("I was just coming home from work.")
    assert not route.sent and route.reason == "verbatim"


def test_a_claim_with_a_word_missing_near_its_passage_is_sent_and_names_it() -> None:
    (route,) = _routes("The driver said he was coming home from a bar.")
    assert route.sent and route.reason == "missing"
    assert "bar" in route.missing


def test_a_settled_claim_is_not_sent() -> None:
    text = "The driver said he was coming home from a bar."
    (route,) = _routes(text, flagged=[(40, 44)])
    assert not route.sent and route.reason == "flagged"


def test_min_missing_sets_how_many_words_must_be_missing() -> None:
    (one,) = _routes("The driver said he was coming home from a bar.", min_missing=1)
    (many,) = _routes("The driver said he was coming home from a bar.", min_missing=9)
    assert one.sent and not many.sent and many.reason == "covered"


def test_a_short_fragment_is_never_sent() -> None:
    (route,) = _routes("Report: bar.")
    assert not route.sent and route.reason == "short"


SUMMARY = (
    "The driver said he was coming home from a bar downtown. "
    "The officer asked him to wait. "
    "The driver said sure, no problem. "
    "Dispatch asked for the unit's location on Oak Street."
)


def test_the_judge_sends_exactly_the_claims_the_routing_sends() -> None:
    answer = json.dumps({"verdict": "supported", "evidence_quotes": [], "reason": "ok"})
    with FakeOpenAI(default=Reply(answer)) as server:
        llm = {
            "base_url": server.base_url, "model": "fake", "cache_path": "off",
            "backoff_s": 0.0, "judge_prompt": "judge.v1",
        }  # fmt: skip
        report = audit(
            make_transcript(TURNS), make_summary(SUMMARY), select=["SA1", "SA2", "SA3", "SA901"],
            llm=llm,
        )  # fmt: skip
        sent_messages = [json.dumps(r.body["messages"]) for r in server.requests]
    rules_only = audit(make_transcript(TURNS), make_summary(SUMMARY), select=["SA1", "SA2", "SA3"])
    routes = route_claims(
        rules_only.claims,
        TranscriptIndex(rules_only.transcript),
        decided_spans(rules_only.flags),
    )
    expected = [r.claim.span.text for r in routes if r.sent]
    assert expected  # the test means something: some claims are sent, some not
    assert len(expected) < len(routes)
    assert len(sent_messages) == len(expected)  # judge.v1: one request per claim
    for text in expected:
        assert sum(json.dumps(text)[1:-1] in m for m in sent_messages) == 1
    assert not report.failures


def test_the_routing_section_reports_sent_share_recall_and_ceiling_on_the_fixtures() -> None:
    from summary_audit.evaluation import routing

    out = routing.run(None, FIXTURES, 3)
    assert "| fixtures (labelled errors) |" in out
    assert "perfect-judge ceiling BAcc %" in out
    assert "SummEdits skipped" in out and "DiaSumFact skipped" in out


def test_eval_routing_prints_the_section(capsys: pytest.CaptureFixture[str]) -> None:
    from summary_audit.cli import main

    code = main(["eval", "--routing", "--limit", "2", "--data", "/nonexistent"])
    assert code == 0
    assert "Judge routing" in capsys.readouterr().out


DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not (DATA / "summedits").is_dir(), reason="no SummEdits data in ../shared/data")
def test_the_routing_section_on_a_few_dev_rows() -> None:
    from summary_audit.evaluation import routing

    out = routing.run(DATA, FIXTURES, 2)
    assert "| SummEdits dev (8 domains) |" in out and "| DiaSumFact dev (sentences) |" in out
    assert "a perfect router reaching 90 %" in out
