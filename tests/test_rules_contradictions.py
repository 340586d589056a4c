"""SA3xx: negation flips, antonyms and event order against the transcript."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.rules.contradictions import polarities, stem
from tests.helpers import make_summary, make_transcript

ARREST = make_transcript(
    [
        ("OFC. DIAZ", "Put your hands behind your back."),
        ("OFC. DIAZ", "Stop resisting! Stop resisting!"),
        ("SUSPECT", "okay okay, I'm done."),
        ("OFC. DIAZ", "Can I search your car?"),
        ("DRIVER", "No. I refuse, you can't search my car."),
        ("OFC. DIAZ", "You have the right to remain silent. Do you understand?"),
        ("DRIVER", "yeah. I understand. I want to call my wife."),
        ("OFC. DIAZ", "Will you come to the hospital with the medics?"),
        ("PATIENT", "okay. okay. I'll go."),
    ],
    step=30.0,
)


def codes(summary: str) -> list[str]:
    return [f.code for f in audit(ARREST, make_summary(summary), select=["SA3"]).flags]


def test_when_summary_says_did_not_resist_against_stop_resisting_then_SA301() -> None:
    report = audit(ARREST, make_summary("He did not resist."), select=["SA3"])
    [flag] = report.flags
    assert flag.code == "SA301" and flag.summary_span.text == "not resist"
    assert flag.evidence[0].quote == "Stop resisting! Stop resisting!"


def test_when_summary_agrees_with_the_polarity_then_no_flag() -> None:
    assert codes("He resisted while I handcuffed him. He refused a search of his car.") == []


def test_when_refusal_becomes_agreement_then_SA302() -> None:
    report = audit(
        ARREST, make_summary("The driver agreed to a search of his car."), select=["SA3"]
    )
    assert [(f.code, f.summary_span.text) for f in report.flags] == [("SA302", "agreed")]


def test_when_compliance_becomes_refusal_then_SA302() -> None:
    transcript = make_transcript(
        [
            ("OFC. DIAZ", "Will you come to the hospital with the medics?"),
            ("PATIENT", "okay. okay. I'll go."),
        ]
    )
    summary = make_summary("The patient refused to go to the hospital with the medics.")
    report = audit(transcript, summary, select=["SA3"])
    assert [(f.code, f.summary_span.text) for f in report.flags] == [("SA302", "refused")]


def test_when_the_transcript_has_a_refusal_somewhere_then_no_compliance_guess() -> None:
    assert codes("The patient refused to go to the hospital with the medics.") == []


def test_when_events_are_told_out_of_order_then_SA303() -> None:
    summary = (
        "I read him the right to remain silent and he understood, then I told him to put his "
        "hands behind his back."
    )
    assert "SA303" in codes(summary)


def test_when_events_are_told_in_order_then_no_SA303() -> None:
    summary = (
        "I told him to put his hands behind his back, then I read him the right to remain silent "
        "and he understood."
    )
    assert "SA303" not in codes(summary)


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("He did not resist.", "resist", {False}),
        ("Stop resisting!", "resist", {True}),
        ("no, no, I renewed it", "renew", {True}),
        ("Did you renew it?", "renew", None),  # questions assert nothing
        ("If you refuse, you lose your license.", "refus", None),
        ("I didn't even see the sign", "see", {False}),
        ("I didn't even see the sign", "sign", {True}),
    ],
)
def test_polarities(text: str, word: str, polarity: set[bool] | None) -> None:
    assert polarities(text).get(word) == polarity


def test_stem_folds_inflections() -> None:
    assert stem("resisted") == stem("resisting") == stem("resists") == "resist"
