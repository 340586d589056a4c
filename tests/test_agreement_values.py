"""One reading per value: every consumer that reads numbers, times, dates, money and plates agrees.

Each row is a phrase and the values it states, as ``(kind, norm)`` in the comparison tokens'
terms.  Asked: the comparison tokens (``normalize.scan``: alignment, quotes, polarity and the
SA607 fact words read these), the value reader itself (``normalize.read_values``), the fact
extractor of the SA1 rules (``facts.extract_facts``), and where the phrase is one plate or one
number, ``plates.normalize_plate`` and ``numbers.parse_number``.  A failing row names the
consumers that disagree.  Decisions recorded here (where two readers used to differ):

* "Paul Adam 3 4 7 9" is the plate PA3479 everywhere (the fact extractor read PA3479, the tokens
  kept five words); a phonetic word is a letter only inside a plate-like run, so "Victor Ramirez"
  is a name and "I told Mike 4 5 6 7" a name and four numbers;
* "one point five grams" is 1.5 (the fact extractor read 5);
* "nine thirty", "two-thirty", "twelve fifty", "twenty-three forty" are clock times without a cue
  (the fact extractor needed "at" or "hours"); they stay the numbers 9, 30, 930 ... as other
  readings that can support a summary number, never contradict one;
* a spoken pair before a capitalised name is a house number ("nine oh five Wexford Street");
* "five nine" is a height only after "he's", "about", "height" ... or before "tall" (the tokens
  read every isolated "five nine" as a height, radio's "unit five-one" included);
* single digits joined by hyphens are one number read digit by digit ("two-one" = 21);
* the unit belongs to the number it is attached to ("forty-two each, so eighty-four dollars");
* dates are one value ("March third" = "the 3rd of March" = "03/03"; the tokens kept "march 3rd"
  and the fact extractor a bare 3); after "date of birth" numbers read out are a date, without
  such a cue "six thirteen ninety" is three numbers (a number joined on either side of a pair
  makes it a count, not a time: "nine ten eleven");
* values never cross a line (a transcript segment is a line).
"""

from __future__ import annotations

import re

import pytest

from summary_audit.rules.compliance import _is_fact
from summary_audit.text.facts import Fact, extract_facts
from summary_audit.text.normalize import read_values, scan, tokenize
from summary_audit.text.numbers import fmt_number, money_norm, ordinal_suffix, parse_number
from summary_audit.text.plates import normalize_plate

Reading = tuple[str, str]

ROWS: list[tuple[str, list[Reading]]] = [
    ("fifty-two", [("number", "52")]),
    ("52", [("number", "52")]),
    ("1,200", [("number", "1200")]),
    ("one point five grams", [("number", "1.5")]),
    ("a gram and a half", [("number", "1.5")]),
    ("one and a half hours", [("number", "1.5")]),
    ("1.5 million", [("number", "1500000")]),
    ("the twenty-first", [("ordinal", "21st")]),
    ("the 21st", [("ordinal", "21st")]),
    ("$1,200.50", [("money", "$1200.50")]),
    ("forty dollars", [("money", "$40")]),
    ("forty-two each, so eighty-four dollars", [("number", "42"), ("money", "$84")]),
    ("15%", [("percent", "15%")]),
    ("fifteen percent", [("percent", "15%")]),
    ("9:30 p.m.", [("time", "21:30")]),
    ("nine thirty", [("time", "9:30")]),
    ("two-thirty", [("time", "2:30")]),
    ("two-fifteen, two-twenty", [("time", "2:15"), ("time", "2:20")]),
    ("twelve fifty", [("time", "12:50")]),
    ("twenty-three forty", [("time", "23:40")]),
    ("time is twenty-one forty-seven", [("time", "21:47")]),
    ("oh nine hundred", [("time", "9:00")]),
    ("time oh nine fifty-two", [("time", "9:52")]),
    ("0930 hours", [("time", "9:30")]),
    ("fourteen hundred hours", [("time", "14:00")]),
    ("quarter to two", [("time", "1:45")]),
    ("half past nine", [("time", "9:30")]),
    ("ten past nine", [("time", "9:10")]),
    ("nine o'clock", [("time", "9:00")]),
    ("March third", [("date", "3/3")]),
    ("the 3rd of March", [("date", "3/3")]),
    ("03/03", [("date", "3/3")]),
    ("March 3, 2024", [("date", "3/3/2024")]),
    ("date of birth six thirteen ninety", [("date", "6/13/1990")]),
    ("date of birth oh four twelve eighty-nine", [("date", "4/12/1989")]),
    ("six thirteen ninety", [("number", "6"), ("number", "13"), ("number", "90")]),
    ("Paul Adam 3 4 7 9", [("plate", "pa3479")]),
    ("Adam Boy three four seven", [("plate", "ab347")]),
    ("four frank ocean young seven two niner", [("plate", "4foy729")]),
    ("4, Frank, Ocean, Young, 7, 2, 9", [("plate", "4foy729")]),
    ("six N as in Nancy P as in Paul three three one", [("plate", "6np331")]),
    ("Victor Ramirez", []),
    ("I told Mike 4 5 6 7", [("number", "4"), ("number", "5"), ("number", "6"), ("number", "7")]),
    ("two-one", [("number", "21")]),
    ("unit five-one", [("number", "51")]),
    ("he is five nine", [("height", "5'9")]),
    ("five foot nine", [("height", "5'9")]),
    ("nineteen ninety", [("number", "1990")]),
    ("nine oh five Wexford Street", [("number", "905")]),
    ("then three\npoint five", [("number", "3"), ("number", "0.5")]),
    ("1" * 400, [("number", "1" * 400)]),
]


def _tokens(phrase: str) -> list[Reading]:
    return [(kind, norm) for norm, _, _, kind in scan(phrase) if kind not in ("word", "alnum")]


def _values(phrase: str) -> list[Reading]:
    return [(v.kind, v.norm) for v in read_values(phrase)]


_ORDINAL_TEXT = re.compile(r"(?:\d(?:st|nd|rd|th)|first|second|third|th)$", re.I)


def _fact_reading(f: Fact) -> Reading | None:
    """A value fact in the tokens' terms (the SA1 rules compare clock times on a 12-hour dial
    and ordinals as cardinals: that is comparison, not reading, so the fact's text decides)."""
    if f.unit == "clock":
        return ("time", f.display.lstrip("0") if not f.display.startswith("0:") else f.display)
    if f.unit == "date":
        return ("date", f.value)
    if f.unit == "plate":
        return ("plate", f.value.lower())
    if f.unit == "$":
        return ("money", money_norm(parse_number(f.value)))  # type: ignore[arg-type]
    if f.unit == "%":
        return ("percent", f"{f.value}%")
    if f.unit == "height":
        return ("height", f.value)
    if f.kind in ("number", "time"):
        if _ORDINAL_TEXT.search(f.text):
            return ("ordinal", f"{f.value}{ordinal_suffix(int(f.value))}")
        return ("number", f.value)
    return None


def _facts(phrase: str) -> list[Reading]:
    # Spelled 1 is not a number fact (a pronoun far more often): the rows avoid it.
    found = extract_facts(phrase, kinds=("number", "time", "vehicle"), vehicle_details=("plate",))
    return [r for f in found if (r := _fact_reading(f)) is not None]


@pytest.mark.parametrize(("phrase", "expected"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_every_consumer_reads_the_value_the_same_way(phrase: str, expected: list[Reading]):
    readings = {
        "normalize.scan (alignment, quotes)": _tokens(phrase),
        "normalize.read_values": _values(phrase),
        "facts.extract_facts (SA1)": _facts(phrase),
    }
    if len(expected) == 1 and expected[0][0] == "plate" and "as in" not in phrase:
        readings["plates.normalize_plate"] = [("plate", normalize_plate(phrase).lower())]
    values = read_values(phrase)
    whole = len(values) == 1 and (values[0].start, values[0].end) == (0, len(phrase))
    if whole and expected[0][0] == "number":  # the phrase is one number and nothing else
        value = parse_number(phrase)
        readings["numbers.parse_number"] = [] if value is None else [("number", fmt_number(value))]
    disagree = {who: got for who, got in readings.items() if got != expected}
    assert not disagree, f"{phrase!r} reads {expected}; these disagree: {disagree}"


@pytest.mark.parametrize(("phrase", "expected"), [r for r in ROWS if r[1]][:30])
def test_every_value_token_is_a_fact_word_for_SA607(phrase: str, expected: list[Reading]):
    # SA607 (low-confidence ASR basis) treats numbers and names as fact words: each value is.
    values = [t for t in tokenize(phrase) if t.kind not in ("word", "alnum")]
    assert values and all(_is_fact(phrase, t) for t in values)


def test_a_value_span_never_ends_in_punctuation() -> None:
    text = "He paid $1,200, then 68, then forty dollars."
    spans = [text[v.start : v.end] for v in read_values(text)]
    assert spans == ["$1,200", "68", "forty dollars"]
