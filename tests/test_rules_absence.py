"""SA304: claims that something was not said or asked, against the transcript."""

from __future__ import annotations

import pytest

from summary_audit import audit
from tests.helpers import make_summary, make_transcript

STOP = make_transcript(
    [
        ("OFC. REYES", "Do you have any weapons or drugs in the car?"),
        ("DRIVER", "no sir. nothing."),
        ("OFC. REYES", "The speed limit here is thirty-five and you were doing fifty-two."),
        ("DRIVER", "I didn't know, I'm sorry. I was late for my shift at the hospital."),
    ]
)


def flags(summary: str) -> list[tuple[str, str]]:
    report = audit(STOP, make_summary(summary), select=["SA304"])
    return [(f.code, f.summary_span.text) for f in report.flags]


def test_when_summary_says_a_question_was_not_asked_but_it_was_then_SA304() -> None:
    found = audit(STOP, make_summary("I did not ask about weapons or drugs."), select=["SA304"])
    [flag] = found.flags
    assert (flag.code, flag.summary_span.text) == ("SA304", "did not ask")
    assert "weapons" in (flag.evidence[0].quote or "")


def test_when_summary_says_the_driver_failed_to_mention_what_he_said_then_SA304() -> None:
    assert flags("The driver failed to mention his shift at the hospital.") == [
        ("SA304", "failed to mention")
    ]


@pytest.mark.parametrize(
    "summary",
    [
        "I did not ask about his insurance or registration.",  # really not asked
        "I told him I would not ask him about the weapons or drugs.",  # a promise
        'He said, "I did not mention weapons or drugs."',  # quoted words are SA2's business
        "I asked about weapons and drugs in the car.",  # no absence claimed
    ],
)
def test_when_nothing_said_is_denied_then_no_SA304(summary: str) -> None:
    assert flags(summary) == []


@pytest.mark.parametrize(
    ("turns", "summary"),
    [
        (
            [("OFC. SOLIS", "Andre, last name?"), ("ANDRE", "I'd rather not, man.")],
            "Andre did not tell me his last name.",
        ),
        (
            [("OFC. SOLIS", "Can I see your ID?"), ("ANDRE", "I don't have my ID on me.")],
            "Andre did not mention his ID.",
        ),
    ],
)
def test_when_the_thing_was_only_asked_for_or_denied_then_not_giving_it_is_no_SA304(
    turns: list[tuple[str, str]], summary: str
) -> None:
    assert audit(make_transcript(turns), make_summary(summary), select=["SA304"]).flags == ()


def test_when_a_quote_precedes_the_absence_claim_then_the_span_is_still_exact() -> None:
    summary = make_summary('He said "no sir" but I did not ask about weapons or drugs.')
    [flag] = audit(STOP, summary, select=["SA304"]).flags
    assert flag.summary_span.text == "did not ask"


def test_when_summary_says_there_was_no_mention_of_what_was_said_then_SA304() -> None:
    assert flags("There was no mention of his shift at the hospital.") == [("SA304", "no mention")]
