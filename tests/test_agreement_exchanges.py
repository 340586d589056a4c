"""One question, one answer: every rule family reads a consent exchange the same way.

Each row is an officer's request, the answer, and the one reading every family must agree on.
The reader (text.exchanges), the omission rule (SA503: what the omitted exchange was) and the
contradiction rule (SA302: "he consented" / "he refused") are asked; a failing row names the
families that disagree.  The decisions recorded here:

* a bare "no" answers its question: to "do you mind if I search?" it grants the search, to "can I
  search?" it refuses it (before, SA503 read every bare "no" as a refusal);
* a bare "yes" to "do you mind?" is unclear (yes, I mind / yes, go ahead);
* explicit words decide before bare ones ("no, go ahead" grants; "no, I don't consent" refuses).
"""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.readers import parse_summary
from summary_audit.text.exchanges import exchanges
from summary_audit.types import Transcript

ROWS = [
    ("Do you mind if I search the car?", "No.", "given"),
    ("Do you mind if I search the car?", "No, go ahead.", "given"),
    ("Would you object to me looking in the trunk?", "Nope.", "given"),
    ("Do you mind if I search the car?", "No. I don't consent to any search.", "refused"),
    ("Can I search your car?", "No.", "refused"),
    ("Can I search your car?", "Yeah, go ahead.", "given"),
    ("Is it okay if I look in the bag?", "No, you can't.", "refused"),
    ("Do I have your consent to search the vehicle?", "Not without a warrant.", "refused"),
    ("Mind if I search your pockets?", "Sure.", "given"),
    ("Do you mind if I search the car?", "Yes.", "unclear"),
    ("Can I search your car?", "Why?", "unclear"),
]


def _transcript(question: str, answer: str) -> Transcript:
    return Transcript.from_turns(
        [
            ("OFC. LANE", None, None, "License and registration, please."),
            ("DRIVER", None, None, "Here you go."),
            ("OFC. LANE", None, None, question),
            ("DRIVER", None, None, answer),
            ("OFC. LANE", None, None, "Alright. Wait here."),
        ],
        id="exchange",
    )


def _flags(transcript: Transcript, summary: str, code: str) -> list[str]:
    report = audit(transcript, parse_summary(summary, format="text"), select=[code])
    return [f.message for f in report.flags if f.code == code]


@pytest.mark.parametrize(("question", "answer", "reading"), ROWS)
def test_every_family_reads_the_exchange_the_same_way(question, answer, reading):
    t = _transcript(question, answer)
    readings: dict[str, str | None] = {}
    (ex,) = exchanges(t.segments)
    readings["text.exchanges"] = ex.outcome
    omitted = _flags(t, "I checked his license.", "SA503")
    readings["SA503 omission"] = (
        "given" if any("asked and given" in m for m in omitted)
        else "refused" if any("asked and refused" in m for m in omitted)
        else "unclear" if omitted else None
    )  # fmt: skip
    says_consent = bool(_flags(t, "He consented to the search.", "SA302"))
    says_refusal = bool(_flags(t, "He refused the search.", "SA302"))
    readings["SA302 contradiction"] = (
        "refused" if says_consent and not says_refusal
        else "given" if says_refusal and not says_consent
        else "unclear" if not (says_consent or says_refusal)
        else "both"
    )  # fmt: skip
    disagree = {family: r for family, r in readings.items() if r != reading}
    assert not disagree, f"{question!r} / {answer!r} is {reading}; these disagree: {disagree}"


@pytest.mark.parametrize(
    ("turn", "asked"),
    [
        (
            "Kayla, do you want to press charges? You're seventeen.",
            "Kayla, do you want to press charges?",
        ),
        ("okay. any numbness or tingling?", "any numbness or tingling?"),
        ("where?? here?", "here?"),
        ("#" * 5000 + " anything else?", "#" * 5000 + " anything else?"),
    ],
)
def test_the_question_a_no_answers_is_the_turns_last(turn: str, asked: str) -> None:
    from summary_audit.text.exchanges import _last_question

    assert _last_question(turn) == asked
