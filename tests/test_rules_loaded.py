"""SA401-SA411: loaded language grounded in the transcript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.engine import run_rules
from summary_audit.evaluation.cases import FIXTURES_DIR, Case, iter_cases
from summary_audit.rules.registry import AuditContext, all_rules, select_rules
from summary_audit.types import Flag, Severity, Transcript
from tests.helpers import make_summary, make_transcript

OFFICER = "OFC. REYES"
DRIVER = "DRIVER"
CALM = [(OFFICER, "Can I see your license?"), (DRIVER, "Sure, here it is.")]


def flags_for(turns: list[tuple[str | None, str]] | Transcript, summary: str) -> list[Flag]:
    transcript = turns if isinstance(turns, Transcript) else make_transcript(turns)
    ctx = AuditContext(transcript=transcript, summary=make_summary(summary))
    flags, failures = run_rules(ctx, select_rules(["SA4"]))
    assert failures == []
    return flags


def only(flags: list[Flag], code: str) -> list[Flag]:
    return [f for f in flags if f.code == code]


def test_when_intensifier_is_not_in_transcript_then_SA406_with_search_evidence() -> None:
    (flag,) = only(flags_for(CALM, "The driver lunged at me."), "SA406")
    assert flag.summary_span.text == "lunged"
    assert flag.severity == Severity.WARNING
    assert flag.category == "E"
    assert flag.suggestion == "moved toward"
    (ev,) = flag.evidence
    assert ev.alignment == "none" and "'lunged'" in (ev.note or "") and "e.lunge" in (ev.note or "")


def test_when_speaker_said_the_lemma_then_unattributed_term_is_only_info() -> None:
    turns = [(OFFICER, "Have you been drinking?"), (DRIVER, "I admit I had two beers.")]
    (flag,) = only(flags_for(turns, "Marsh admitted to drinking two beers."), "SA405")
    assert flag.severity == Severity.INFO
    assert flag.evidence[0].speaker == DRIVER
    assert flag.evidence[0].span is not None and flag.evidence[0].span.text == "admit"


def test_when_supported_term_is_attributed_then_no_flag() -> None:
    turns = [(OFFICER, "He lunged at me!"), (DRIVER, "No I didn't.")]
    assert only(flags_for(turns, "Officer Reyes said the driver lunged at him."), "SA406") == []


def test_when_quoted_term_was_said_then_it_is_not_the_writers_language() -> None:
    turns = [("MANAGER", "He's some kind of junkie."), (OFFICER, "Okay.")]
    summary = 'The manager called him "some kind of junkie" and asked him to leave.'
    assert only(flags_for(turns, summary), "SA401") == []


def test_when_quoted_term_was_never_said_then_it_is_flagged() -> None:
    summary = 'The manager called him "a junkie" and asked him to leave.'
    (flag,) = only(flags_for(CALM, summary), "SA401")
    assert flag.severity == Severity.ERROR and flag.summary_span.text == "junkie"


def test_when_identity_detail_is_absent_then_SA409_error_whatever_the_tone() -> None:
    flags = only(flags_for(CALM, "I contacted a white male in his forties."), "SA409")
    assert [f.summary_span.text for f in flags] == ["white male", "in his forties"]
    assert all(f.severity == Severity.ERROR and f.category == "H" for f in flags)


def test_when_identity_detail_is_in_transcript_then_no_flag_at_all() -> None:
    turns = [(OFFICER, "How old are you?"), (DRIVER, "I'm forty-four years old.")]
    assert only(flags_for(turns, "The driver, in his forties, was calm."), "SA409") == []


def test_when_complainant_is_called_suspect_without_accusation_then_SA402() -> None:
    turns = [(OFFICER, "You called about the music?"), ("CALLER", "Yes, it's too loud.")]
    (flag,) = only(flags_for(turns, "I spoke with the suspect about the music."), "SA402")
    assert flag.category == "B"


def test_when_transcript_establishes_an_arrest_then_suspect_is_not_flagged() -> None:
    turns = [(OFFICER, "Turn around, you're under arrest for theft."), (DRIVER, "Okay.")]
    assert only(flags_for(turns, "I handcuffed the suspect."), "SA402") == []


def test_when_another_person_is_arrested_then_named_complainant_as_suspect_is_flagged() -> None:
    turns = [
        ("CALLER", "Tasha Greer. He pushed me."),
        (OFFICER, "Darnell, you're under arrest for battery."),
    ]
    flags = only(flags_for(turns, "I spoke with the suspect, Tasha Greer, in the hall."), "SA402")
    assert [f.summary_span.text for f in flags] == ["suspect"]


def test_when_officer_says_not_under_arrest_then_offender_is_flagged() -> None:
    turns = [("DISPATCH", "Vandalism in progress."), (OFFICER, "You're not under arrest.")]
    assert len(only(flags_for(turns, "The offender gave his name."), "SA402")) == 1


def test_when_doubt_verb_has_a_civilian_subject_then_SA404() -> None:
    (flag,) = only(flags_for(CALM, "Marsh claimed he had paid the policy."), "SA404")
    assert flag.suggestion == "said" and flag.category == "D1"


def test_when_doubt_verb_has_an_officer_subject_then_no_SA404() -> None:
    summary = "Officer Banks insisted that both drivers stay on the sidewalk."
    assert only(flags_for(CALM, summary), "SA404") == []


def test_when_claim_is_not_a_speech_verb_then_no_SA404() -> None:
    assert only(flags_for(CALM, "Marsh claimed ownership of the bag."), "SA404") == []


def test_when_officer_advised_and_civilian_claimed_then_SA411_with_both_spans() -> None:
    summary = "I advised him of the lapse. Marsh claimed he had renewed the policy."
    (flag,) = only(flags_for(CALM, summary), "SA411")
    assert flag.summary_span.text == "claimed"
    loaded, neutral = flag.evidence
    assert loaded.span is not None and loaded.span.text == "claimed"
    assert neutral.span is not None and neutral.span.text == "advised"
    assert "officer" in (neutral.note or "")


def test_when_both_parties_are_reported_neutrally_then_no_SA411() -> None:
    summary = "I advised him of the lapse. Marsh said he had renewed the policy."
    assert only(flags_for(CALM, summary), "SA411") == []


def test_when_only_background_tv_says_the_word_then_it_is_not_support() -> None:
    base = make_transcript([("TV", "Police say the thug fled."), (OFFICER, "Hello sir.")])
    tv = base.segments[0].model_copy(update={"tags": ("media",)})
    transcript = base.model_copy(update={"segments": (tv, *base.segments[1:])})
    (flag,) = only(flags_for(transcript, "The thug gave his name."), "SA401")
    assert flag.severity == Severity.ERROR


def test_user_lexicon_option_changes_flags_and_signature(tmp_path: Path) -> None:
    user = tmp_path / "lex.json"
    user.write_text(
        json.dumps(
            {
                "version": 1,
                "entries": [
                    {"id": "x.zorp", "term": "zorped", "category": "E", "severity": "error",
                     "rationale": "test", "neutral": "walked", "source": "test"}
                ],
            }
        )
    )  # fmt: skip
    transcript = "OFC. REYES: Hello.\nDRIVER: Hi."
    summary = "The driver zorped away."
    plain = audit(transcript, summary, select=["SA4"])
    custom = audit(transcript, summary, select=["SA4"], lexicon=str(user))
    assert not [f for f in plain.flags if f.code == "SA406"]
    assert [f.summary_span.text for f in custom.flags if f.code == "SA406"] == ["zorped"]
    assert "lexicon:" in plain.signature and plain.signature != custom.signature
    assert "lexicon:" not in audit(transcript, summary, select=["SA1"]).signature


def test_every_registered_SA4_code_has_a_gold_fixture_case() -> None:
    gold = {e.code for case in iter_cases() for s in case.summaries for e in s.errors}
    codes = {r.code for r in all_rules() if r.code.startswith("SA4")}
    assert codes == {f"SA4{n:02d}" for n in range(1, 12)}
    assert codes <= gold


LL_CASES = [c for c in iter_cases(FIXTURES_DIR) if c.id.startswith("ll-")]


@pytest.mark.parametrize("case", LL_CASES, ids=[c.id for c in LL_CASES])
def test_ll_fixture_gold_errors_are_found_and_negatives_left_alone(case: Case) -> None:
    transcript = case.transcript_path
    for cs in case.summaries:
        text = cs.read_text()
        flags = [
            f
            for f in audit(transcript, text, select=["SA4"]).flags
            if f.severity >= Severity.WARNING
        ]
        spans = [(f.code, f.summary_span.start, f.summary_span.end) for f in flags]
        for err, a, b in cs.error_spans(text):
            if err.family != "SA4":
                continue
            assert any(c == err.code and s < b and a < e for c, s, e in spans), (cs.file, err)
        for neg, a, b in cs.hard_negative_spans(text):
            assert not any(s < b and a < e for _c, s, e in spans), (cs.file, neg.text)
        if cs.kind == "faithful":
            assert flags == [], cs.file
