"""SA5xx omissions: legally significant events the summary leaves out."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.text.events import event_kinds, speaker_role
from tests.helpers import make_summary, make_transcript

INTERVIEW = [
    (
        "DET. OKAFOR",
        "You have the right to remain silent. Anything you say can be used against you.",
    ),
    ("SUSPECT", "uh, I I want a lawyer."),
    ("SUSPECT", "and that bag is not mine."),
    ("SUSPECT", "hey, my chest hurts, I can't breathe."),
]


def _codes(
    turns: list[tuple[str | None, str]], summary: str, **options: object
) -> dict[str, object]:
    report = audit(make_transcript(turns), make_summary(summary), select=["SA5"], **options)
    return {f.code: f for f in report.flags}


@pytest.mark.parametrize(
    ("code", "turns"),
    [
        ("SA501", [("DRIVER", "I don't want to talk anymore. I want a lawyer.")]),
        ("SA501", [("SPEAKER_01", "I'm not answering any questions without my attorney.")]),
        ("SA502", [("OFC. REYES", "You have the right to remain silent.")]),
        (
            "SA503",
            [
                ("OFC. REYES", "Do you mind if I search the car?"),
                ("DRIVER", "no, I don't consent."),
            ],
        ),
        ("SA504", [("MALE", "I can't breathe! I can't breathe!")]),
        ("SA505", [("WOMAN", "ow, my wrist, you're hurting me.")]),
        ("SA505", [("MALE", "I rolled my ankle on the fence.")]),
        ("SA506", [("DRIVER", "I want to talk to your supervisor.")]),
        ("SA508", [("DRIVER", "I wasn't driving, my cousin was.")]),
        ("SA508", [("MALE", "those pills aren't mine.")]),
    ],
)
def test_when_event_is_not_in_summary_then_its_code_is_flagged(code, turns) -> None:  # type: ignore[no-untyped-def]
    flags = _codes(turns, "I arrived on scene and spoke with the people there. I cleared the call.")
    assert code in flags


def test_when_commands_precede_taser_and_summary_omits_them_then_SA507() -> None:
    turns = [
        ("OFC. DIAZ", "Show me your hands! Get on the ground!"),
        ("MALE", "no!"),
        ("OFC. DIAZ", "Taser! Taser!"),
    ]
    assert "SA507" in _codes(turns, "I deployed my Taser and handcuffed the man.")
    assert "SA507" not in _codes(turns, "I ordered him to get on the ground. I deployed my Taser.")


@pytest.mark.parametrize(
    ("code", "turns", "summary"),
    [
        ("SA501", [("DRIVER", "I want a lawyer.")], 'He said, "I want a lawyer."'),
        ("SA501", [("DRIVER", "I want a lawyer.")], "He asked for an attorney and I stopped."),
        ("SA502", [("OFC. REYES", "You have the right to remain silent.")], "I read him Miranda."),
        ("SA504", [("MALE", "I can't breathe!")], "He said he could not breathe."),
        ("SA505", [("MALE", "I rolled my ankle on the fence.")], "He said he hurt his ankle."),
        ("SA506", [("DRIVER", "Get me your sergeant.")], "He asked for a sergeant."),
        ("SA508", [("DRIVER", "I wasn't driving.")], "He said he was not driving."),
        ("SA508", [("MALE", "I didn't take it.")], "He denied taking the phone."),
    ],
)
def test_when_summary_mentions_the_event_then_no_flag(code, turns, summary) -> None:  # type: ignore[no-untyped-def]
    assert code not in _codes(turns, summary)


def test_when_miranda_sentence_names_a_lawyer_the_invocation_still_counts_as_omitted() -> None:
    summary = "I read him his Miranda rights, including the right to an attorney. He left."
    flags = _codes(INTERVIEW, summary)
    assert "SA501" in flags and "SA502" not in flags


def test_when_officer_asks_about_a_lawyer_then_no_invocation_is_detected() -> None:
    turns = [
        ("OFFICER SMITH", "Do you want a lawyer? I can't breathe in this heat, I need a lawyer.")
    ]
    assert _codes(turns, "I spoke with him.") == {}


def test_when_tv_says_the_words_then_no_event() -> None:
    from summary_audit.types import Segment

    t = make_transcript([("TV", "I want a lawyer! I can't breathe!")])
    seg = t.segments[0]
    media = t.model_copy(
        update={"segments": (Segment(**{**seg.model_dump(), "tags": ("media",)}),)}
    )
    report = audit(media, make_summary("I spoke with the resident."), select=["SA5"])
    assert report.flags == ()


def test_omission_flag_has_zero_width_span_at_end_and_transcript_evidence() -> None:
    text = "I spoke with the suspect."
    flag = _codes(INTERVIEW, text)["SA501"]
    assert (flag.summary_span.start, flag.summary_span.end, flag.summary_span.text) == (
        len(text),
        len(text),
        "",
    )
    (ev,) = flag.evidence
    assert ev.speaker == "SUSPECT" and ev.start_s == 5.0 and ev.segments == (1,)
    assert ev.span is not None and ev.span.text == "I want a lawyer"
    assert "00:00:05" in flag.message


def test_when_consent_was_refused_a_summary_saying_he_consented_does_not_mention_it() -> None:
    turns = [("OFC. REYES", "Mind if I search the car?"), ("DRIVER", "no. get a warrant.")]
    assert "SA503" in _codes(turns, "I asked to search the car and he consented.")
    assert "SA503" not in _codes(turns, "I asked to search the car and he refused consent.")


def test_when_consent_was_given_then_a_summary_saying_so_is_enough() -> None:
    turns = [("OFC. REYES", "Can I look in your backpack?"), ("JUVENILE", "yeah. go ahead.")]
    assert "SA503" not in _codes(turns, 'He said, "yeah. go ahead." I looked in the backpack.')
    assert "SA503" in _codes(turns, "I looked in the backpack.")


def test_when_only_civilian_favourable_events_are_omitted_then_SA509_gives_counts() -> None:
    summary = "I read him his Miranda rights. I left."
    flag = _codes(INTERVIEW, summary)["SA509"]
    assert flag.severity.value == "info"
    assert "3 of 3 civilian-favourable" in flag.message and "0 of 1 officer" in flag.message


def test_when_omissions_are_balanced_then_no_SA509() -> None:
    assert "SA509" not in _codes(INTERVIEW, "I spoke with him.")


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("OFFICER SMITH", "officer"),
        ("Ofc. Delgado", "officer"),
        ("SGT. MILLER", "officer"),
        ("DISPATCH", "dispatch"),
        ("SPEAKER_01", "unknown"),
        (None, "unknown"),
        ("DRIVER", "civilian"),
        ("Kayla", "civilian"),
    ],
)
def test_speaker_role_from_label(label, role) -> None:  # type: ignore[no-untyped-def]
    assert speaker_role(label) == role


def test_accountability_evaluation_finds_every_gold_error_of_the_acc_cases(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from summary_audit.evaluation.accountability import run, score
    from summary_audit.evaluation.cases import FIXTURES_DIR

    for case in sorted(FIXTURES_DIR.glob("acc-*")):
        (tmp_path / case.name).symlink_to(case)
    scores = score(tmp_path)
    expected = {f"SA50{i}" for i in range(1, 10)} | {f"SA60{i}" for i in range(1, 10)}
    assert expected <= set(scores.gold), "every SA5/SA6 code needs a gold case among acc-*"
    missed = {
        c: scores.gold[c] - scores.found[c] for c in scores.gold if scores.found[c] < scores.gold[c]
    }
    assert missed == {}
    assert scores.false_flags == []
    assert "| SA501 |" in run(None, tmp_path, None)


@pytest.mark.parametrize(
    "text",
    [
        "I want a LAWYER before I answer anything.",
        "I want a lawyer’s card, officer.",  # not ASCII: the plain pattern decides
        "Stop resisting! Stop resisting!",
        "nothing here at all",
    ],
)
def test_the_cheap_phrase_test_agrees_with_the_phrase_patterns(text: str) -> None:
    for kind in event_kinds():
        if kind.any_phrase is None:
            continue  # detected from question-and-answer exchanges, not phrases
        assert kind.any_phrase_lower is not None
        assert kind.may_occur(text) == (kind.any_phrase.search(text) is not None), kind.code


@pytest.mark.parametrize("said", ["Señor, I want a lawyer.", "I WANT A LAWYER."])
def test_when_the_invocation_is_in_accented_or_capital_letters_then_SA501_still_finds_it(
    said: str,
) -> None:
    assert "SA501" in _codes([("OFC. REYES", "Step out."), ("DRIVER", said)], "He left.")
