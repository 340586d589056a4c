"""TranscriptIndex: exact > normalized > fuzzy alignment with exact transcript offsets."""

from __future__ import annotations

import pytest

from summary_audit.text.align import TranscriptIndex
from summary_audit.types import Evidence, Transcript
from tests.helpers import make_transcript

TURNS = [
    ("Officer Reyes", "Step out of the car, please."),  # 0
    ("Driver", "Um, I I didn't touch him, I swear."),  # 1
    ("Officer Reyes", "Okay. Do you have anything on you?"),  # 2
    ("Driver", "No, sir. I want a"),  # 3
    ("Driver", "lawyer before I answer anything."),  # 4
    ("Officer Lee", "I didn't touch him either."),  # 5
    ("Driver", "I paid forty dollars for it at nine thirty pm."),  # 6
    ("Witness", "He pushed the officer first, I saw it."),  # 7
]


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    return make_transcript(TURNS)


@pytest.fixture(scope="module")
def index(transcript: Transcript) -> TranscriptIndex:
    return TranscriptIndex(transcript)


def check_offsets(transcript: Transcript, evidence: Evidence) -> None:
    assert evidence.span is not None and evidence.span.doc == "transcript"
    assert transcript.text[evidence.span.start : evidence.span.end] == evidence.span.text
    assert evidence.quote == evidence.span.text


def test_when_phrase_is_verbatim_then_exact_with_segment_speaker_and_times(
    index: TranscriptIndex, transcript: Transcript
) -> None:
    evidence = index.find("Step out of the car")
    check_offsets(transcript, evidence)
    assert (evidence.alignment, evidence.score) == ("exact", 100.0)
    assert evidence.quote == "Step out of the car"
    assert evidence.segments == (0,)
    assert evidence.speaker == "Officer Reyes"
    assert (evidence.start_s, evidence.end_s) == (0.0, 5.0)


def test_when_quote_has_surrounding_quote_marks_then_they_are_ignored(
    index: TranscriptIndex,
) -> None:
    assert index.find('"Step out of the car"').alignment == "exact"


def test_when_match_is_inside_a_word_then_it_is_not_exact(index: TranscriptIndex) -> None:
    # "car" occurs in the transcript, "ar" only inside it.
    assert index.find("ar", min_score=101).alignment == "none"


def test_when_transcript_has_asr_noise_then_quote_is_found_normalized(
    transcript: Transcript,
) -> None:
    noisy = make_transcript([("Driver", "Um, I I didn't, uh, touch him.")])
    evidence = TranscriptIndex(noisy).find("I didn't touch him")
    check_offsets(noisy, evidence)
    assert evidence.alignment == "normalized"
    assert evidence.quote == "I I didn't, uh, touch him"


def test_when_numbers_are_written_differently_then_match_is_normalized(
    index: TranscriptIndex, transcript: Transcript
) -> None:
    evidence = index.find("I paid $40 for it at 9:30 p.m.")
    check_offsets(transcript, evidence)
    assert evidence.alignment == "normalized"
    assert evidence.quote == "I paid forty dollars for it at nine thirty pm"


def test_when_quote_spans_two_segments_then_both_are_evidence(
    index: TranscriptIndex, transcript: Transcript
) -> None:
    evidence = index.find("I want a lawyer before I answer")
    check_offsets(transcript, evidence)
    assert evidence.alignment == "normalized"
    assert evidence.segments == (3, 4)
    assert evidence.quote == "I want a\nlawyer before I answer"
    assert (evidence.start_s, evidence.end_s) == (15.0, 25.0)


def test_when_quote_is_reworded_then_fuzzy_with_score_below_100(
    index: TranscriptIndex, transcript: Transcript
) -> None:
    evidence = index.find("Do you have any weapons on you", min_score=70)
    check_offsets(transcript, evidence)
    assert evidence.alignment == "fuzzy"
    assert 70 <= evidence.score < 100
    assert evidence.segments == (2,)
    assert evidence.quote == "Do you have anything on you"


def test_when_fuzzy_score_is_below_min_score_then_not_found(index: TranscriptIndex) -> None:
    evidence = index.find("Do you have any weapons on you", min_score=99)
    assert evidence.alignment == "none"
    assert evidence.span is None and evidence.quote is None
    assert "not found" in (evidence.note or "")


def test_when_quote_is_absent_then_alignment_none(index: TranscriptIndex) -> None:
    evidence = index.find("I have a gun in the glovebox")
    assert (evidence.alignment, evidence.segments, evidence.quote) == ("none", (), None)
    assert evidence.note and evidence.note.startswith("not found")


@pytest.mark.parametrize(
    ("speaker", "segment"),
    [(None, 1), ("Driver", 1), ("Officer Lee", 5), ("Lee", 5), ("OFFICER LEE", 5)],
)
def test_when_speaker_is_given_then_their_match_is_preferred(
    index: TranscriptIndex, speaker: str | None, segment: int
) -> None:
    evidence = index.find("I didn't touch him", speaker=speaker)
    assert evidence.alignment == "exact"
    assert evidence.segments == (segment,)


def test_when_speaker_never_said_it_then_the_other_match_is_returned(
    index: TranscriptIndex,
) -> None:
    evidence = index.find("I didn't touch him", speaker="Witness")
    assert evidence.segments == (1,)
    assert evidence.speaker == "Driver"


def test_when_only_fuzzy_matches_then_speaker_still_preferred() -> None:
    transcript = make_transcript(
        [("Driver", "I never touched that man at all"), ("Officer", "I never touched that man")]
    )
    index = TranscriptIndex(transcript)
    query = "I never touched the man"
    assert index.find(query, min_score=70).speaker == "Driver"  # equal scores: the first
    evidence = index.find(query, speaker="Officer", min_score=70)
    assert evidence.alignment == "fuzzy"
    assert (evidence.speaker, evidence.segments) == ("Officer", (1,))


def test_search_ranks_the_segment_the_claim_is_about_first(
    index: TranscriptIndex, transcript: Transcript
) -> None:
    results = index.search("The witness said the man pushed the officer first.")
    assert results and results[0].segments[0] == 7
    for evidence in results:
        check_offsets(transcript, evidence)
        assert 0 <= evidence.score <= 100
    scores = [e.score for e in results]
    assert scores == sorted(scores, reverse=True)
    assert len(results) <= 3


def test_when_claim_occurs_verbatim_then_search_returns_it_first_as_exact(
    index: TranscriptIndex,
) -> None:
    [first, *_] = index.search("He pushed the officer first")
    assert (first.alignment, first.score, first.segments) == ("exact", 100.0, (7,))


def test_search_results_do_not_overlap(index: TranscriptIndex) -> None:
    results = index.search("I didn't touch him, I want a lawyer", limit=5)
    seen: set[int] = set()
    for evidence in results:
        assert seen.isdisjoint(evidence.segments)
        seen.update(evidence.segments)


def test_when_limit_is_zero_or_text_empty_then_search_is_empty(index: TranscriptIndex) -> None:
    assert index.search("anything", limit=0) == []
    assert index.search("  ...  ") == []


def test_lookups_segments_with_contains_and_window(index: TranscriptIndex) -> None:
    assert index.segments_with("touch") == [1, 5]
    assert index.segments_with("lawyer") == [4]
    assert index.segments_with("gun") == []
    assert index.contains("i want a lawyer")
    assert index.contains("forty dollars")  # normalized to "$40" on both sides
    assert not index.contains("i want a gun")
    assert index.segment(4).text == TURNS[4][1]
    assert [s.index for s in index.window(0)] == [0, 1]
    assert [s.index for s in index.window(4, radius=2)] == [2, 3, 4, 5, 6]


def test_idf_weighs_rare_tokens_more(index: TranscriptIndex) -> None:
    assert index.idf("lawyer") > index.idf("i") > 0
    assert index.idf("never-seen") >= index.idf("lawyer")


def test_when_transcript_is_empty_then_nothing_is_found() -> None:
    empty = TranscriptIndex(make_transcript([]))
    assert empty.find("anything").alignment == "none"
    assert empty.search("anything") == []
    assert not empty.contains("anything")


def test_same_input_gives_same_evidence(transcript: Transcript) -> None:
    first = TranscriptIndex(transcript).search("the man pushed the officer")
    second = TranscriptIndex(transcript).search("the man pushed the officer")
    assert [e.model_dump_json() for e in first] == [e.model_dump_json() for e in second]


def test_when_a_claim_is_searched_again_then_the_same_evidence_in_a_fresh_list(
    index: TranscriptIndex, transcript: Transcript
) -> None:
    first = index.search("The witness said the man pushed the officer first.")
    first.clear()  # a caller changing its list must not change the next caller's answer
    again = index.search("The witness said the man pushed the officer first.")
    assert again == TranscriptIndex(transcript).search(
        "The witness said the man pushed the officer first."
    )
    assert again and again[0].segments[0] == 7
    assert index.search("The witness said the man pushed the officer first.", limit=1) == again[:1]
