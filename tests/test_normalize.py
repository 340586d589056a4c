"""Comparison forms: numbers, times, money, heights, fillers, stutters, plates, with offsets."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summary_audit.text.normalize import lowercase_regex, normalize, read_values, tokenize
from summary_audit.text.numbers import parse_number
from summary_audit.text.plates import normalize_plate
from tests.helpers import count_out_loud


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Don't MOVE!", "dont move"),
        ("don’t move", "dont move"),
        ("fifty-two", "52"),
        ("fifty two", "52"),
        ("twenty five men", "25 men"),
        ("two hundred and five", "205"),
        ("a hundred", "100"),
        ("a dozen eggs", "12 eggs"),
        ("1,200 feet", "1200 feet"),
        ("0.08 BAC", "0.08 bac"),
        ("blew a point oh eight", "blew a 0.08"),
        ("at that point one of them ran", "at that point 1 of them ran"),
        ("the twenty-first", "the 21st"),
        ("the 21st", "the 21st"),
        ("the third car", "the 3rd car"),
        ("wait a second", "wait a second"),
        ("$40", "$40"),
        ("forty dollars", "$40"),
        ("40 bucks", "$40"),
        ("$1,200.50", "$1200.50"),
        ("9:30 p.m.", "21:30"),
        ("9:30PM", "21:30"),
        ("nine thirty pm", "21:30"),
        ("9 pm", "21:00"),
        ("12:15 am", "0:15"),
        ("nine thirty", "9:30"),
        ("half past nine", "9:30"),
        ("quarter to ten", "9:45"),
        ("nine o'clock", "9:00"),
        ("nine oh five", "9:05"),
        ("0930 hours", "9:30"),
        ("1430 hrs", "14:30"),
        ("5'9\"", "5'9"),
        ("5 foot 9", "5'9"),
        ("five foot nine inches", "5'9"),
        ("he is five nine", "he is 5'9"),
        ("about five ten", "about 5'10"),
        ("five ten", "5:10"),
        ("three twenty-dollar bills", "3 $20 bills"),
        ("Adam Boy three four seven", "ab347"),
        ("Paul Adam 3 4 7 9", "pa3479"),
        ("I told Mike 4 5 6 7", "i told mike 4 5 6 7"),
        ("um, uh, I think so", "i think so"),
        ("I I I didn't", "i didnt"),
        ("uh-huh", "uhhuh"),
        ("Mm-hmm.", "mmhmm"),
        ("Apt 4B", "apt 4b"),
        ("fifteen percent", "15%"),
        ("15.5%", "15.5%"),
        ("$2 billion", "$2000000000"),
        ("a gram and a half", "1.5 gram"),
        ("half an hour", "0.5 hour"),
        ("twenty twenty-four", "20:24"),
        ("oh nine thirty hours", "9:30"),
        ("zero zero twelve", "0:12"),
        ("0012 hours", "0:12"),
        ("ten past nine", "9:10"),
        ("twelve noon", "12 12:00"),
        ("the fifth of May", "the 5/5"),
        ("May fifth", "5/5"),
        ("you may five", "you may 5"),
        ("2024-03-03", "3/3/2024"),
        ("3/4 inch", "0.75 inch"),  # a fraction is one number
        ("3 1/2 feet", "3.5 feet"),
        ("24/7", "24 7"),
        ("DOB oh six thirteen ninety", "dob 6/13/1990"),
        ("nine thirty dollars", "9 $30"),
        ("fourteen twenty Bellwood", "1420 bellwood"),
        ("four four two one eight", "4 4 2 1 8"),
    ],
)
def test_normalize_table(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "norm", "covered"),
    [
        ("he had two hundred and five dollars", "$205", "two hundred and five dollars"),
        ("left at 9:30 p.m. sharp", "21:30", "9:30 p.m."),
        ("about five foot nine inches tall", "5'9", "five foot nine inches"),
        ("um, I I didn't touch him", "i", "I I"),
        ("she was 5'9\" maybe", "5'9", "5'9\""),
        ("half past nine", "9:30", "half past nine"),
    ],
)
def test_when_words_combine_then_one_token_spans_them_all(
    text: str, norm: str, covered: str
) -> None:
    token = next(t for t in tokenize(text) if t.norm == norm)
    assert text[token.start : token.end] == covered


def test_when_text_is_tokenized_then_kinds_name_the_quantity() -> None:
    kinds = {
        t.norm: t.kind for t in tokenize("At 9 pm he paid forty dollars, 5'9, the 3rd, 12 men")
    }
    assert kinds == {
        "at": "word",
        "21:00": "time",
        "he": "word",
        "paid": "word",
        "$40": "money",
        "5'9": "height",
        "the": "word",
        "3rd": "ordinal",
        "12": "number",
        "men": "word",
    }


def test_when_numbers_are_separated_by_a_comma_then_they_stay_apart() -> None:
    assert normalize("twenty, five") == "20 5"


def test_when_digits_follow_each_other_then_they_are_never_paired() -> None:
    assert normalize("plate 5 9 3") == "plate 5 9 3"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("fifty-two", 52),
        ("two hundred and five", 205),
        ("one thousand two hundred", 1200),
        ("twenty five", 25),
        ("a dozen", 12),
        ("1,200", 1200),
        ("$40", 40),
        ("0.08", 0.08),
        ("point oh eight", 0.08),
        ("21st", 21),
        ("zero", 0),
    ],
)
def test_parse_number_reads_digits_and_words(words: str, value: float) -> None:
    assert parse_number(words) == Decimal(str(value))


@pytest.mark.parametrize("words", ["", "fifty two men", "five nine", "hello", "a", "and"])
def test_parse_number_returns_none_for_non_numbers(words: str) -> None:
    assert parse_number(words) is None


@pytest.mark.parametrize(
    ("spoken", "plate"),
    [
        ("Adam Boy 3 4 7", "AB347"),
        ("adam boy three four seven", "AB347"),
        ("Alpha Bravo Charlie one two three", "ABC123"),
        ("X-ray Zulu niner", "XZ9"),
        ("Ocean Mary 7", "OM7"),
        ("7ABC123", "7ABC123"),
    ],
)
def test_normalize_plate_reads_phonetic_alphabets(spoken: str, plate: str) -> None:
    assert normalize_plate(spoken) == plate


_PIECES = [*"ab xyz9 0:$.,'\"’-\n", "five ", "nine ", "thirty ", "pm ", "hundred ", "and "]
_PIECES += ["um ", "I ", "dollars ", "foot ", "half past ", "a ", "dozen ", "point oh "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_TEXT)
def test_tokens_are_ordered_non_overlapping_and_inside_the_text(text: str) -> None:
    tokens = tokenize(text)
    for token in tokens:
        assert 0 <= token.start < token.end <= len(text)
        assert token.norm
    for left, right in pairwise(tokens):
        assert left.end <= right.start


@given(st.lists(st.sampled_from([p for p in _PIECES if p.strip().isalnum()]), max_size=30))
def test_when_text_has_no_punctuation_then_normalize_is_idempotent(pieces: list[str]) -> None:
    # Punctuation can keep words apart ("a: hundred") and is gone after one pass, so the property
    # only holds for text made of words and spaces.
    text = " ".join(pieces)
    once = normalize(text)
    assert normalize(once) == once


# --- lowercase_regex: the case-sensitive twin of an IGNORECASE pattern -------------------------

_TWIN_PATTERNS = [
    re.compile(r"\b(?:apartment|apt\.?|unit|room)\s+#?(\d+[A-Za-z]?|[A-Za-z]\d*)\b", re.I),
    re.compile(r"\bI (?:want|need) (?:a|my) (?P<who>lawyer|attorney)\b|\bstop resisting\b", re.I),
    re.compile(r"(?:\b([a-z]+)\s+)?\bpoint\s+((?:one|two|oh)(?:\s+(?:one|two|oh))*)\b", re.I),
]
_TWIN_WORDS = str.split(
    "I i want WANT a Lawyer apt Apt. 4B room C3 unit Stop RESISTING point POINT One two oh three , #"
)
_TWIN_TEXT = st.lists(st.sampled_from([*_TWIN_WORDS, "\n"]), max_size=30).map(" ".join)


@pytest.mark.parametrize("pattern", _TWIN_PATTERNS, ids=lambda p: p.pattern[:20])
@given(text=_TWIN_TEXT)
def test_lowercase_twin_matches_where_the_ignorecase_pattern_matches(
    pattern: re.Pattern[str], text: str
) -> None:
    twin = lowercase_regex(pattern)
    assert twin is not None and not twin.flags & re.IGNORECASE
    expected = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in twin.finditer(text.lower())] == expected


def test_lowercase_twin_keeps_upper_case_escapes_and_group_names() -> None:
    twin = lowercase_regex(re.compile(r"(?P<Word>A\W+B)\S", re.I))
    assert twin is not None
    assert twin.pattern == r"(?P<Word>a\W+b)\S"
    assert twin.match("a - bx").group("Word") == "a - b"


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"(?-i:\b[B-Z]\b)|\bboy\b", re.I),  # inline flags
        re.compile(r"[A-z]+", re.I),  # a range that lower-casing changes
        re.compile(r"\x41dam", re.I),  # a letter spelled by number
        re.compile(r"adam"),  # not case-insensitive: nothing to twin
    ],
)
def test_lowercase_twin_is_refused_when_lowering_would_change_the_pattern(
    pattern: re.Pattern[str],
) -> None:
    assert lowercase_regex(pattern) is None


# --- long and pathological inputs: linear, no overflow ----------------------------------------

COUNT_TO_1000 = count_out_loud(1000)


def test_when_a_driver_counts_to_1000_then_every_number_is_read_once() -> None:
    # "nine ten eleven" is a count, not the time 9:10; "one hundred twenty one hundred
    # twenty-one" is 120 and 121, not 121 and a stray "hundred".
    assert normalize(COUNT_TO_1000).split() == [str(n) for n in range(1, 1001)]


def test_when_the_count_is_four_times_longer_then_reading_it_takes_about_four_times_longer() -> (
    None
):
    def best(text: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            read_values(text)
            times.append(time.perf_counter() - start)
        return min(times)

    once, four = best(COUNT_TO_1000), best(" ".join([COUNT_TO_1000] * 4))
    assert four < 8 * once  # linear (4x) with room for a noisy machine; quadratic would be 16x


@pytest.mark.parametrize("digits", [400, 5000])
def test_when_a_number_has_hundreds_of_digits_then_it_is_kept_whole(digits: int) -> None:
    big = "7" * digits
    [value] = read_values(f"he said {big} times")
    assert (value.kind, value.norm) == ("number", big)
    assert parse_number(big) == Decimal(big)
    assert normalize(f"${big}.50") == f"${big}.50"


def test_a_span_of_four_digit_numbers_after_from_is_of_the_clock_when_it_ends_the_phrase() -> None:
    from summary_audit.text.facts import values_of

    assert [v.norm for v in values_of("he had it from 1400 to 1500, and left")] == [
        "14:00",
        "15:00",
    ]
    assert [v.kind for v in values_of("from 1500 to 2000 people came")] == ["number", "number"]


def test_a_plate_needs_a_letter_left_once_a_trailing_pronoun_is_dropped() -> None:
    # "I" ends the run as a word, so "0 thirty 9" holds no letter: no plate, and normalizing the
    # text again reads it the same way (it read "0309", a time, the second time).
    text = "0 thirty 9 I"
    assert [v.kind for v in read_values(text)] == ["number", "number", "number"]
    assert normalize(normalize(text)) == normalize(text)
