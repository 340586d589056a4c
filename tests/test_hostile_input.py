"""Hostile and pathological input (issue 15): long runs of punctuation, spaces, quotes, colons and
numbers are read to the right result, and no rule crashes.  Each input here took seconds to
minutes before the readers were made linear; these tests check the result, never the time
(``python -m benchmarks fuzz`` prints the times)."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.errors import InputError
from summary_audit.readers.lines import read_lines
from summary_audit.readers.plain import _sentences as plain_sentences
from summary_audit.readers.segments import RawSegment, _check_times, split_speaker, split_turns
from summary_audit.rules.contradictions import _ORDER
from summary_audit.text.claims import find_quotes, split_claims
from summary_audit.text.evidence import claim_at
from summary_audit.text.normalize import normalize
from summary_audit.text.polarity import _sentences as polarity_sentences
from summary_audit.text.polarity import content_stems
from tests.helpers import count_out_loud, make_summary, make_transcript

TRANSCRIPT = (
    "[00:00:02] OFC. REYES: You were doing fifty-two in a thirty-five.\n"
    "[00:00:09] DRIVER: Sorry officer, I was late for work.\n"
)
SUMMARY = "I stopped the driver for going 52 in a 35. He said he was late for work."


def _clean(report: object) -> None:
    assert not report.failures, report.failures  # type: ignore[attr-defined]
    report.model_dump_json()  # type: ignore[attr-defined]


@pytest.mark.parametrize("run", [".", '"', "-", "?!", ",", "…"])
def test_when_a_turn_ends_in_50000_marks_then_the_audit_reads_it_and_reports(run: str) -> None:
    transcript = TRANSCRIPT + "[00:00:15] DRIVER: okay" + run * (50_000 // len(run)) + "\n"
    report = audit(transcript, SUMMARY)
    _clean(report)
    assert report.transcript.segments[-1].text.startswith("okay" + run)  # type: ignore[union-attr]


def test_when_a_run_of_periods_ends_a_word_then_tokens_skip_it() -> None:
    assert normalize("okay" + "." * 50_000 + " yes") == "okay yes"
    assert normalize("okay" + "?!" * 20_000) == "okay"


@pytest.mark.parametrize("run", [".", "?!", " "])
def test_when_a_summary_holds_a_long_run_then_its_claims_are_cut_as_usual(run: str) -> None:
    text = "He ran" + run * 20_000 + ". He left."
    claims = [c.span.text for c in split_claims(text)]
    assert claims[-1] == "He left."
    assert claims[0].startswith("He ran")
    _clean(audit(TRANSCRIPT, SUMMARY + " " + text))


def test_when_a_summary_has_thousands_of_sentences_then_each_is_a_claim() -> None:
    text = "He ran. " * 5_000
    assert len(split_claims(text)) == 5_000
    assert len(polarity_sentences(text)) == 5_001  # the empty rest after the last end


def test_when_a_sentence_has_many_clause_cuts_then_words_are_counted_per_cut() -> None:
    text = "; ".join(["he ran to the car"] * 2_000) + "."
    assert len(split_claims(text)) == 2_000
    # Two words a clause: a cut needs four words since the last cut, so every second one is cut.
    short = [c.span.text for c in split_claims("; ".join(["he ran"] * 2_000) + ".")]
    assert len(short) == 1_000 and short[0] == "he ran; he ran"


def test_when_a_summary_quotes_thousands_of_times_then_every_quote_is_found() -> None:
    text = "He said " + ' "no" and' * 5_000 + " left."
    quotes = find_quotes(text)
    assert len(quotes) == 5_000
    assert {q.inner.text for q in quotes} == {"no"}
    assert len(split_claims(text)) == 1


def test_when_a_claim_orders_events_after_thousands_of_spaces_then_the_order_is_read() -> None:
    pattern = _ORDER[0][0]
    m = pattern.match("I searched the car" + " " * 20_000 + "then found a knife")
    assert m is not None and (m.group("a"), m.group("b")) == ("I searched the car", "found a knife")
    assert pattern.match("I searched the car" + " " * 20_000 + "thenx") is None
    _clean(audit(TRANSCRIPT, "He stopped" + " " * 20_000 + "then he left."))


def test_when_a_plain_transcript_has_thousands_of_initials_then_no_sentence_ends_at_them() -> None:
    line = "J. " * 10_000 + "Smith ran. He left."
    assert plain_sentences(line) == [(0, 30_010), (30_010, len(line))]
    assert len(plain_sentences("He ran. " * 5_000)) == 5_000


def test_when_a_line_has_thousands_of_spaces_before_a_label_then_the_speaker_is_read() -> None:
    assert split_speaker("DRIVER" + " " * 20_000 + ": hi") == ("DRIVER", "hi")
    assert split_speaker(" " * 20_000 + "hi there") == (None, " " * 20_000 + "hi there")


def test_when_a_whole_chat_is_on_one_line_then_every_turn_is_cut() -> None:
    line = "Ann: I saw it. Mike: okay. " * 2_000
    turns = split_turns(line.strip(), frozenset({"ann", "mike"}))
    assert len(turns) == 4_000
    assert turns[:2] == ["Ann: I saw it.", "Mike: okay."]


def test_when_a_line_has_thousands_of_colons_then_no_label_is_taken_from_them() -> None:
    transcript = TRANSCRIPT + "[00:00:15] DRIVER: okay" + " a:" * 20_000 + "\n"
    _clean(audit(transcript, SUMMARY))


@pytest.mark.parametrize("body", ["0:" * 20_000, "-->" * 20_000])
def test_when_a_bracket_holds_thousands_of_time_pieces_then_it_is_a_malformed_timestamp(
    body: str,
) -> None:
    with pytest.raises(InputError, match="malformed timestamp"):
        read_lines(f"[00:00:01] A: hi\n[{body}] B: ok\n", "turns", None)
    # without the closing bracket it is text, not a timestamp
    raws = read_lines(f"[00:00:01] A: hi\n[{body} B: ok\n", "turns", None)
    assert raws[-1].parts[-1].startswith("[")


def test_when_a_time_is_1e308_seconds_then_the_note_states_it_without_overflow() -> None:
    raws = [
        RawSegment(line=1, where="segment 1", start=1e308, parts=["a"]),
        RawSegment(line=2, where="segment 2", start=1.0, end=0.5, parts=["b"]),
    ]
    notes = _check_times(raws)
    assert any("1e+308 s" in note for note in notes)
    assert any("ends (00:00:00.500) before it starts (00:00:01.000)" in note for note in notes)


@pytest.mark.parametrize("digits", [400, 5_000])
def test_when_a_number_has_thousands_of_digits_then_no_rule_crashes(digits: int) -> None:
    big = "4" + "1" * (digits - 1)
    transcript = make_transcript([("DRIVER", f"the amount was {big} dollars")])
    report = audit(transcript, make_summary(f"He said the amount was {big} dollars."))
    _clean(report)
    assert not [f for f in report.flags if f.code.startswith("SA1")]
    wrong = audit(transcript, make_summary(f"He said the amount was {big}7 dollars."))
    _clean(wrong)
    assert [f.code for f in wrong.flags if f.code.startswith("SA1")]


def test_when_a_driver_counts_to_1000_out_loud_then_the_audit_reads_1_to_1000() -> None:
    count = count_out_loud(1000)
    assert normalize(count).split() == [str(n) for n in range(1, 1001)]
    report = audit(make_transcript([("DRIVER", count)]), make_summary("He counted to 1000."))
    _clean(report)


def test_when_a_claim_holds_thousands_of_numbers_then_each_is_flagged_once_up_to_the_limit() -> (
    None
):
    from summary_audit.engine import MAX_FLAGS_PER_RULE

    numbers = " ".join(str(n) for n in range(1001, 4001))
    report = audit(TRANSCRIPT, f"He said the numbers {numbers}.")
    _clean(report)
    flagged = [f.summary_span.text for f in report.flags if f.code == "SA101"]
    assert len(flagged) == len(set(flagged)) == MAX_FLAGS_PER_RULE
    assert flagged[0] == "1001"


def test_claim_at_finds_the_claim_holding_an_offset_in_any_order() -> None:
    claims = split_claims("He ran. She left. They stayed.")
    assert claim_at(claims, 9).span.text == "She left."  # type: ignore[union-attr]
    assert claim_at(claims, 7) is None  # the space between two claims
    assert claim_at(list(reversed(claims)), 0).span.text == "He ran."  # type: ignore[union-attr]


def test_content_stems_gives_a_fresh_set_each_time() -> None:
    first = content_stems("he resisted the officers")
    first.add("changed")
    assert content_stems("he resisted the officers") == {"resist", "officer"}


def test_a_rule_stops_at_its_flag_limit_and_the_report_says_so() -> None:
    from summary_audit import audit
    from summary_audit.engine import MAX_FLAGS_PER_RULE

    summary = " ".join(f"${n}," for n in range(1, 3 * MAX_FLAGS_PER_RULE))
    report = audit("OFFICER: hello.\nDRIVER: hi.\n", summary)
    sa101 = [f for f in report.flags if f.code == "SA101"]
    assert len(sa101) == MAX_FLAGS_PER_RULE
    assert any(n.startswith(f"SA101 stopped at {MAX_FLAGS_PER_RULE} flags") for n in report.notes)


def test_a_counted_noun_named_like_a_fact_kind_is_a_count() -> None:
    from summary_audit.text.facts import extract_facts

    facts = extract_facts("On the listed $99999999999999999999999date he had 5 dates and 3 plates")
    assert all(f.unit not in ("date", "plate") for f in facts if f.kind == "number")
    report = audit(TRANSCRIPT, "On the listed $99999999999999999999999date I stopped him.")
    assert not report.failures


def test_a_quote_of_thousands_of_words_is_located_by_its_opening() -> None:
    count = " ".join(["one two three four five six seven eight nine ten"] * 300)
    report = audit(TRANSCRIPT, f'He said "{count}".')
    assert not report.failures
