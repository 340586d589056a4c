"""SA2xx: quotes checked word for word, who said them, and legal statements left unquoted."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.rules.quotes import meaning_changes, role_of
from tests.helpers import make_summary, make_transcript

STOP = make_transcript(
    [
        ("OFC. REYES", "Reason I stopped you, you were doing fifty-two in a thirty-five."),
        ("DRIVER", "fifty-two? oh man. I- I didn't know I was going that fast."),
        ("OFC. REYES", "Step out of the car for me, please."),
        ("DRIVER", "Am I under arrest? I want a lawyer."),
        ("SPEAKER_03", "this is all on camera you know."),
    ]
)


def flags(summary: str) -> list[tuple[str, str]]:
    report = audit(STOP, make_summary(summary), select=["SA2"])
    return [(f.code, f.summary_span.text) for f in report.flags]


def test_when_quote_is_trimmed_and_stutter_dropped_then_no_flag() -> None:
    assert flags('The driver said, "I didn\'t know I was going that fast."') == []


def test_when_quote_is_reworded_then_SA202() -> None:
    found = flags('The driver said, "I know I was going too fast."')
    assert [code for code, _ in found] == ["SA202"]
    assert found[0][1].startswith('"') and found[0][1].endswith('"')


def test_when_quote_was_never_said_then_SA201() -> None:
    report = audit(STOP, make_summary('He yelled, "I am going to kill you all."'), select=["SA2"])
    [flag] = report.flags
    assert flag.code == "SA201" and flag.evidence[0].alignment == "none"


def test_when_officer_words_are_given_to_the_driver_then_SA203() -> None:
    assert ("SA203", '"Step out of the car for me,"') in flags(
        'The driver said, "Step out of the car for me," and laughed.'
    )


def test_when_speaker_label_is_unknown_then_no_misattribution_guess() -> None:
    assert flags('I said, "this is all on camera you know."') == []


def test_when_lawyer_request_is_paraphrased_then_SA204() -> None:
    assert flags("The driver asked for an attorney.") == [("SA204", "attorney")]


def test_when_lawyer_request_is_quoted_then_no_SA204() -> None:
    assert flags('The driver said, "I want a lawyer."') == []


@pytest.mark.parametrize(
    ("quote", "heard", "changed"),
    [
        ("I didn't know I was going that fast", "I- I didn't know I was going that fast", False),
        ("I didn't know", "um, I I didn't know, okay", False),
        ("I knew I was going fast", "I didn't know I was going that fast", True),
        ("I had four beers", "I had two beers", True),
        ("she hit me", "he hit me", True),
        ("I did touch him", "I did not touch him", True),
    ],
)
def test_meaning_changes(quote: str, heard: str, changed: bool) -> None:
    assert bool(meaning_changes(quote, heard)) is changed


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("OFC. REYES", "officer"),
        ("Sgt. Miller", "officer"),
        ("DISPATCH", "dispatch"),
        ("DRIVER", "civilian"),
        ("the driver", "civilian"),
        ("I", "officer"),
        ("SPEAKER_00", None),
        ("UNKNOWN", None),
        ("Faye", None),
        (None, None),
    ],
)
def test_role_of(label: str | None, role: str | None) -> None:
    assert role_of(label) == role


def test_when_a_quoted_term_was_never_said_then_SA201() -> None:
    assert flags('He called the officer a "pig" and walked off.') == [("SA201", '"pig"')]


def test_when_a_quoted_term_was_said_then_no_flag() -> None:
    assert flags('He said he did not know he was going "that fast" on the road.') == []


def test_when_quoted_initials_were_spelled_out_then_no_flag() -> None:
    transcript = make_transcript([("OFC. MABRY", "That's fresh paint right there. Silver. K R T.")])
    summary = make_summary('The wall read "KRT" in silver paint.')
    assert audit(transcript, summary, select=["SA2"]).flags == ()


def test_when_the_driver_said_the_officers_words_then_SA203_from_the_hint_before() -> None:
    assert [code for code, _ in flags('The driver said, "Step out of the car for me."')] == [
        "SA203"
    ]


@pytest.mark.parametrize("said", ["Señor, I want a lawyer.", "I WANT A LAWYER."])
def test_when_the_request_is_in_accented_or_capital_letters_then_SA204_still_finds_it(
    said: str,
) -> None:
    transcript = make_transcript([("OFC. REYES", "Step out."), ("DRIVER", said)])
    report = audit(transcript, make_summary("The driver asked for an attorney."), select=["SA204"])
    assert [(f.code, f.summary_span.text) for f in report.flags] == [("SA204", "attorney")]


def test_an_altered_quote_names_what_differs_not_a_pronoun_that_was_said() -> None:
    changes = meaning_changes(
        "I know I was going too fast", "I- I didn't know I was going that fast."
    )
    assert changes == ["leaves out 'did not'", "'too' where the recording has 'that'"]
