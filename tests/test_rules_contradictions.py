"""SA3xx: negation flips, antonyms and event order against the transcript."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.text.polarity import polarities, stem
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


def test_stem_keeps_adverbs_apart_and_folds_irregular_past_forms() -> None:
    # "clearly, it is not devolved" says nothing about what is "clear"
    assert stem("comply") == "comply" and stem("clearly") != stem("clear")
    assert stem("knew") == stem("know") and stem("ran") == stem("run")


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("One-four, can you run Bell, date of birth 0209.", "run", None),  # a request
        ("I asked if I could search her car and she consented.", "consent", {True}),
        ("I asked if I could search her car.", "search", None),
    ],
)
def test_polarities_of_requests_and_clauses_after_if(
    text: str, word: str, polarity: set[bool] | None
) -> None:
    assert polarities(text).get(word) == polarity


def test_when_witness_said_he_did_not_run_and_summary_says_he_ran_then_SA301() -> None:
    transcript = make_transcript(
        [
            ("LP FERRARO", "yeah he came back in, he didn't run, he didn't fight or anything."),
            ("OFC. WHITAKER", "One-four, can you run Bell, Travis, date of birth oh two oh nine."),
        ]
    )
    report = audit(transcript, make_summary("Ferraro said he tried to run."), select=["SA3"])
    assert [(f.code, f.summary_span.text) for f in report.flags] == [("SA301", "run")]


EXCHANGE = [
    ("OFC. JENNINGS", "Do you mind if I search your car?"),
    ("DRIVER", "no. I don't consent to any searches."),
    ("OFC. JENNINGS", "Okay. Wait here please."),
]


def test_when_summary_says_consented_but_the_answer_was_a_refusal_then_SA302() -> None:
    summary = make_summary("I asked the driver if I could search her car and she consented.")
    report = audit(make_transcript(EXCHANGE), summary, select=["SA3"])
    assert [(f.code, f.summary_span.text) for f in report.flags] == [("SA302", "consented")]


def test_when_summary_says_she_refused_consent_then_no_flag() -> None:
    summary = make_summary("I asked the driver if I could search her car and she refused.")
    assert audit(make_transcript(EXCHANGE), summary, select=["SA3"]).flags == ()


HOSPITAL = [
    ("MEDIC", "Harold, with the hip I really want to take you in to the hospital."),
    ("VANCE", "I don't want to go to the hospital. I just need help up."),
    ("MEDIC", "It could be broken, we should get it looked at."),
    ("VANCE", "[crosstalk] ... okay. okay, if you think so."),
]


def test_when_the_last_answer_is_yes_then_a_claimed_refusal_is_SA302() -> None:
    summary = make_summary("Vance refused to be taken to the hospital.")
    report = audit(make_transcript(HOSPITAL), summary, select=["SA3"])
    assert [(f.code, f.summary_span.text) for f in report.flags] == [("SA302", "refused")]


def test_when_the_last_answer_is_a_refusal_then_no_flag() -> None:
    turns = [*HOSPITAL, ("MEDIC", "Are you sure?"), ("VANCE", "No. I'm not going.")]
    summary = make_summary("Vance refused to be taken to the hospital.")
    assert audit(make_transcript(turns), summary, select=["SA3"]).flags == ()


def test_when_summary_says_did_not_comply_but_he_did_then_flagged() -> None:
    transcript = make_transcript(
        [
            ("OFC. PARK", "Driver! Open the door! Step out, face away from me!"),
            ("OFC. PARK", "Hands up! Walk backwards toward my voice!"),
            ("DRIVER", "okay, okay, I'm doing it, I'm doing it."),
        ]
    )
    summary = make_summary("The driver did not comply with my commands to step out.")
    report = audit(transcript, summary, select=["SA3"])
    assert [f.code for f in report.flags] == ["SA302"]


def test_when_refusal_is_a_topic_or_a_reported_account_then_no_flag() -> None:
    transcript = make_transcript(
        [
            ("DISPATCH", "manager reports a male in the laundry room, refusing to leave."),
            ("OFC. VOSS", "You can't be on this property, you have to leave."),
            ("MALE", "alright, alright. I'm going, I'm going."),
            ("OFC. VOSS", "If you refuse the test your license is suspended. Will you take it?"),
            ("MALE", "yes. I'll do the test."),
        ]
    )
    summary = make_summary(
        "The manager reported a male in the laundry room who was refusing to leave. "
        "I told him the consequences of refusing the test."
    )
    assert audit(transcript, summary, select=["SA3"]).flags == ()


def test_when_dispatch_relays_a_refusal_then_the_encounter_still_decides() -> None:
    transcript = make_transcript(
        [
            ("DISPATCH", "manager reports a male in the laundry room, refusing to leave."),
            ("OFC. VOSS", "You can't be on this property, you have to leave."),
            ("MALE", "alright, alright. I'm going, I'm going."),
        ]
    )
    summary = make_summary("He refused to leave the property when I told him to.")
    assert [f.code for f in audit(transcript, summary, select=["SA3"]).flags] == ["SA302"]


def test_when_then_has_no_event_before_it_then_followed_by_orders_the_events() -> None:
    transcript = make_transcript(
        [
            ("OFC. HALE", "Now walk nine heel-to-toe steps on the line and turn around."),
            ("OFC. HALE", "Good. Now raise one leg and stand on the other leg."),
        ],
        step=60.0,
    )
    summary = make_summary(
        "She then stood on one leg and raised the other leg, followed by walking nine "
        "heel-to-toe steps on the line."
    )
    assert "SA303" in [f.code for f in audit(transcript, summary, select=["SA3"]).flags]


def test_when_the_writer_states_their_own_agreement_then_no_exchange_flag() -> None:
    summary = make_summary("I agreed to wait while the driver called her lawyer about the search.")
    assert audit(make_transcript(EXCHANGE), summary, select=["SA3"]).flags == ()


def test_contractions_negate_the_act_without_leaving_word_fragments() -> None:
    assert polarities("He won't leave and I can't stay.") == {"leave": {False}, "stay": {False}}


@pytest.mark.parametrize("prefix", ["agre", "refus", "no one", "zzz", "a", "consent", "declin"])
def test_sorted_vocabulary_lookup_agrees_with_the_plain_stem_test(prefix: str) -> None:
    from summary_audit.rules.contradictions import _has_stem, _has_stem_sorted

    words = {"agree", "agreements", "agreeableness", "refusal", "consented", "a", "zz", "decline"}
    assert _has_stem_sorted(sorted(words), prefix) == _has_stem(words, prefix)


def test_when_contraction_has_a_curly_apostrophe_then_it_is_split_into_not() -> None:
    from summary_audit.text.polarity import tokens as _tokens

    assert _tokens("I didn’t run, I WON'T") == ["i", "did", "not", "run", "i", "will", "not"]
    assert _tokens("Stop resisting now") == ["stop", "resisting", "now"]


DENIAL = make_transcript(
    [
        ("OFC. LEE", "What happened here?"),
        ("CLERK", "He was yelling at me about the refund."),
        ("DRIVER", "I didn't push him, I swear. I just put the bag down."),
    ]
)


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("The driver pushed the clerk during the argument.", True),  # he denied it, nobody said it
        ("I pushed the bag aside to get to the counter.", False),  # the officer's own act
        ("The driver said he did not push the clerk.", False),  # the summary reports the denial
    ],
)
def test_when_the_summary_states_an_act_the_person_denied_then_SA301(summary, flagged):
    report = audit(DENIAL, make_summary(summary), select=["SA301"])
    assert bool(report.flags) == flagged
    if flagged:
        (flag,) = report.flags
        assert flag.evidence[0].quote.startswith("I didn't push him")


def test_when_someone_on_the_recording_says_the_act_happened_then_the_denial_is_not_proof():
    said = make_transcript([("CLERK", "He pushed me!"), ("DRIVER", "I didn't push him, I swear.")])
    report = audit(said, make_summary("The driver pushed the clerk."), select=["SA301"])
    assert report.flags == ()
