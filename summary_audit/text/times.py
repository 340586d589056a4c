"""Clock times and dates as people write and say them, read from the token stream of
:mod:`summary_audit.text.numbers`.

Clock times (``norm`` ``H:MM``, on a 24-hour clock when a.m./p.m. says which, as spoken
otherwise):

==========================================  =============  ==========================================
written or spoken                            norm           why
==========================================  =============  ==========================================
``9:30 p.m.``, ``nine thirty pm``            ``21:30``      am/pm decides the 24-hour reading
``nine thirty``, ``two-thirty``              ``9:30``       an hour word and a minutes word (10-59)
``twelve fifty``                             ``12:50``      (also the numbers 1250 and 12.5)
``twenty-three forty``                       ``23:40``      military hours 13-23 need no cue either
``oh nine hundred``, ``0900 hours``          ``9:00``       a leading "oh"/"zero" or "hours" marks
                                                            a four-digit clock
``fourteen hundred hours``                   ``14:00``
``half past nine``, ``quarter to two``       ``9:30``,
                                             ``1:45``
``ten past nine``, ``at ten to nine``         ``9:10``,      "N to H" needs a word such as "at" or
                                             ``8:50``       "like" before it ("ten to nine people")
``nine o'clock``, ``9 pm``                   ``9:00``, ``21:00``
``noon``, ``midnight``                       ``12:00``, ``0:00``
==========================================  =============  ==========================================

Dates (``norm`` ``M/D`` or ``M/D/YYYY``; numeric dates are read month first, as US reports write
them; a two-digit year is 20YY up to 30, else 19YY):

``March third``, ``March 3rd``, ``3 March``, ``the 3rd of March``, ``March the third`` -> ``3/3``;
``03/03/2024``, ``2024-03-03``, ``March 3, 2024`` -> ``3/3/2024``; after "date of birth", "DOB",
"born" or "birthday", numbers read out in a row are a date: ``six thirteen ninety`` ->
``6/13/1990``.  Without such a cue "six thirteen" is a clock time.
"""

from __future__ import annotations

import re
from decimal import Decimal

from summary_audit.text.numbers import (
    DIGIT_WORDS,
    SINGLE_DIGITS,
    TEENS,
    UNITS,
    Read,
    Stream,
    Value,
    fmt_number,
    number_run,
)
from summary_audit.text.wordlists import STOP_WORDS

__all__ = [
    "CLOCK_STARTS",
    "MONTHS",
    "MONTH_NAMES",
    "VERB_MONTHS",
    "clock",
    "read_clock_after_number",
    "read_clock_phrase",
    "read_date_after_number",
    "read_date_token",
    "read_dob",
    "read_month_date",
    "read_time_token",
]

AMPM = {"am": False, "pm": True}
HOURS_WORDS = frozenset({"hours", "hrs", "hundred"})
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
MONTHS = {
    **{m: i + 1 for i, m in enumerate(MONTH_NAMES)},
    **{"jan": 1, "feb": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
       "oct": 10, "nov": 11, "dec": 12},
}  # fmt: skip
# Month names that are also common words: a date only when written with a capital.
VERB_MONTHS = frozenset({"may", "march"})
_DOB_CUES = frozenset({"birth", "dob", "born", "birthday", "birthdate"})
# Words that start a clock phrase ("half past nine", "oh nine hundred", "noon").
CLOCK_STARTS = frozenset({"half", "quarter", "oh", "zero", "noon", "midnight"})
# After a spoken pair, these make it a count, not a time ("nine thirty dollar bills").
_COUNTED_AFTER = frozenset(
    {"dollars", "dollar", "bucks", "percent", "years", "year", "minutes", "minute", "hours",
     "hour", "seconds", "days", "weeks", "months", "times", "people", "each", "cents", "mph",
     "miles", "feet", "foot", "pounds", "grams", "units", "per"}
)  # fmt: skip


def clock(hour: int, minute: int, pm: bool | None) -> str:
    """``H:MM``; 24-hour when am/pm is known, as spoken otherwise."""
    if pm is not None:
        hour = hour % 12 + (12 if pm else 0)
    return f"{hour}:{minute:02d}"


def _ampm(s: Stream, j: int) -> bool | None:
    """True for pm, False for am at raw token ``j``, None if there is none."""
    return AMPM.get(s.next_norm(j, ("ampm", "word")) or "")


def _time(s: Stream, i: int, upto: int, norm: str, readings: tuple[str, ...] = ()) -> Read:
    """A time value covering raw tokens ``i`` to ``upto`` (exclusive)."""
    raw = s.raw
    return Value("time", norm, raw[i][1], raw[upto - 1][2], True, None, readings), upto - i


def read_time_token(s: Stream, i: int) -> Read:
    """A written clock time ("9:30", "21:47:05") and the a.m./p.m. after it."""
    hour, minute = s.raw[i][0].split(":")[:2]
    pm = _ampm(s, i + 1)
    upto = i + 1 + (pm is not None)
    value = Value("time", clock(int(hour), int(minute), pm), s.raw[i][1], s.raw[upto - 1][2])
    return value, upto - i


def _int(value: Decimal | None) -> int | None:
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


# Words between two times of a range or an estimate ("1840 or 1845", "2215, possibly 2220").
_BETWEEN_TIMES = frozenset({"or", "to", "and", "possibly", "maybe", "perhaps", "probably"})
_AFTER_TIMES = _BETWEEN_TIMES | {"not"}


_FOUR_DIGITS = re.compile(r"\d{4}")  # a written 24-hour time
_ZERO_LED = re.compile(r"0\d{3}")  # "0900", "0012": only a clock is written so


def _hours_before(s: Stream, i: int) -> bool:
    """Whether "hours" comes before the written number at raw token ``i``, at once ("posted
    hours 1100-1930") or before the time it is paired with ("1100-1930" after "hours"; "at 1600
    hours, not 1500", "2215 hours or 2220")."""
    j = i - 1
    if j < 1:
        return j == 0 and s.raw[0][0] in ("hours", "hrs")
    dashed = s.text[s.raw[j][2] : s.raw[i][1]] in "-–"
    if (dashed and _FOUR_DIGITS.fullmatch(s.raw[j][0])) or s.raw[j][0] in _AFTER_TIMES:
        j -= 1
    return s.raw[j][0] in ("hours", "hrs")


_UNTIL = frozenset({"to", "until", "till", "through"})
_PHRASE_END = re.compile(r"[ \t]*(?:[,.;:)!?]|$|hours\b|hrs\b)")


def _from_to(s: Stream, i: int) -> bool:
    """Whether the written number at ``i`` is one end of "from 1400 to 1500," (the span ends the
    phrase: "from 1500 to 2000 people" counts people)."""
    raw, four = s.raw, _FOUR_DIGITS

    def at(k: int) -> str:
        return raw[k][0] if 0 <= k < len(raw) else ""

    def ends(k: int) -> bool:
        return 0 <= k < len(raw) and _PHRASE_END.match(s.text, raw[k][2]) is not None

    first = (
        at(i - 1) == "from" and at(i + 1) in _UNTIL and four.fullmatch(at(i + 2)) and ends(i + 2)
    )
    second = at(i - 1) in _UNTIL and four.fullmatch(at(i - 2)) and at(i - 3) == "from" and ends(i)
    return bool(first or second)


def read_clock_after_number(
    s: Stream, i: int, number: tuple[Decimal | None, int, bool, bool]
) -> Read | None:
    """A clock time that starts with the number at raw token ``i``: "9 pm", "nine o'clock",
    "0930 hours", "fourteen hundred hours", "nine thirty", "twenty-three forty"."""
    value, used, ordinal, spoken = number
    first = _int(value)
    if ordinal or first is None:
        return None
    j = i + used
    follower = s.next_norm(j)
    if 1 <= first <= 12:
        pm = _ampm(s, j)
        if pm is not None:
            return _time(s, i, j + 1, clock(first, 0, pm))
        if follower == "oclock":  # "the eleven o'clock service" also says 11 and 1100
            pm = _ampm(s, j + 1)
            upto = j + 2 if pm is not None else j + 1
            return _time(s, i, upto, clock(first, 0, pm), (str(first), f"{first}00"))
    # "1840 or 1845 hours", "1840 to 1845 hours", "between 2230 and 2245 hours", "2215, possibly
    # 2220 hours": the cue after the second time is the first's.
    k = j
    while k < min(len(s.raw), j + 2) and s.raw[k][0] in _BETWEEN_TIMES:
        k += 1
    # "1500-1515 hours": a dash between two written times ranges them too.
    dashed = k == j < len(s.raw) and s.text[s.raw[j - 1][2] : s.raw[j][1]].strip() in "-–"
    ranged = (
        (k > j or dashed)
        and k + 1 < len(s.raw)
        and re.fullmatch(r"\d{3,4}", s.raw[k][0]) is not None
        and s.next_norm(k + 1) in ("hours", "hrs")
    )
    # A written four-digit number led by a zero ("0900", "0012") is a 24-hour clock: no count
    # or amount is written that way.
    zero_led = not spoken and _ZERO_LED.fullmatch(s.raw[i][0]) is not None
    four_digits = not spoken and _FOUR_DIGITS.fullmatch(s.raw[i][0]) is not None
    # "0700-1900": the second end of a range led by a 24-hour clock is one too.
    after_clock = (
        four_digits
        and i > 0
        and s.text[s.raw[i - 1][2] : s.raw[i][1]] in ("-", "–")
        and _ZERO_LED.fullmatch(s.raw[i - 1][0]) is not None
    )
    after_hours = four_digits and (_hours_before(s, i) or _from_to(s, i) or after_clock)
    if follower in ("hours", "hrs") or ranged or zero_led or after_hours:
        # "2147 hours", "0012 hours", "fourteen hundred hours": a four-digit 24-hour clock.
        norm = s.raw[i][0]
        hhmm = (
            first
            # "oh one hundred hours", not "a hundred hours" (a duration)
            if (spoken and first >= 100 and norm not in ("a", "hundred"))
            or four_digits
            or re.fullmatch(r"\d{3}", norm)
            else None
        )
        if hhmm is not None and hhmm // 100 < 24 and hhmm % 100 < 60:
            upto = j + 1 if follower in ("hours", "hrs") else j
            return _time(s, i, upto, f"{hhmm // 100}:{hhmm % 100:02d}")
    if spoken and 1 <= first <= 23:
        return _spoken_pair(s, i, first, j)
    return None


def _minutes(s: Stream, j: int) -> tuple[int, int, bool] | None:
    """(minute, raw tokens used, read as "oh five") of a spoken minutes reading at ``j``."""
    if not s.joined(j):
        return None
    words = s.joined_words(j, 3)
    if words[:1] in (["oh"], ["zero"]) and len(words) > 1 and words[1] in UNITS:
        return UNITS[words[1]], 2, True
    run = number_run(words)
    minute = _int(run[0]) if run and not run[2] else None
    if run is None or minute is None or minute >= 60:
        return None
    return minute, run[1], False


def _spoken_pair(s: Stream, i: int, first: int, j: int) -> Read | None:
    """ "nine thirty [pm]" -> time, "five nine" -> height, "nineteen ninety" -> the year 1990."""
    found = _minutes(s, j)
    if found is None:
        return _year(s, i, first, j)
    second, used, oh = found
    end = j + used
    if (
        used == 2
        and not oh
        and second > 20
        and second % 10 == first
        and _hour_again(s, end - 1, first)
    ):
        # "eight forty eight forty-five": the hour said again starts the next time
        second, used, end = second - first, 1, j + 1
    pm = _ampm(s, end)
    readings = (str(first), str(second), f"{first}{second:02d}")
    if pm is not None and first <= 12:
        return _time(s, i, end + 1, clock(first, second, pm), readings)
    # A number joined on either side is counting; one across a comma is the next value ("five
    # eleven, one seventy" is a height and a weight).
    isolated = not (s.is_number(i - 1) and s.joined(i)) and not (s.is_number(end) and s.joined(end))
    if (
        4 <= first <= 6
        and second <= 11
        and used == 1
        and isolated
        and not oh
        and _height_cue(s, i, end)
        and not _said_again_as_time(s, end, first)
    ):
        raw = s.raw
        return Value("height", f"{first}'{second}", raw[i][1], raw[end - 1][2], True), end - i
    # "three twenty-dollar bills", "nine thirty dollars" are counts, not times; so is "nine ten
    # eleven" (a number joined on either side: someone counting).
    if s.hyphen_after(end - 1) or s.next_norm(end) in _COUNTED_AFTER:
        return None
    if (s.joined(i) and s.is_number(i - 1) and not _after_same_hour(s, i, first)) or (
        s.joined(end) and s.is_number(end) and not _hour_again(s, end, first)
    ):
        return None
    if _street_name_after(s, end):  # "nine oh five Wexford Street", "eight fifteen Alder"
        raw = s.raw
        number = Decimal(first * (100 if second < 100 else 1000) + second)
        value = Value("number", fmt_number(number), raw[i][1], raw[end - 1][2], True, number,
                      readings)  # fmt: skip
        return value, end - i
    if second >= 10 or oh:
        cents = f"{first}.{second:02d}".rstrip("0").rstrip(".")
        return _time(s, i, end, clock(first, second, None), (*readings, cents))
    return None


def _said_again_as_time(s: Stream, k: int, first: int) -> bool:
    """Whether the pair at raw token ``k`` says ``first`` again with minutes no height has
    ("like four ten? four fifteen"): the guess before it was a time too."""
    if k >= len(s.raw) or DIGIT_WORDS.get(s.raw[k][0]) != first:
        return False
    found = _minutes(s, k + 1)
    return found is not None and found[0] >= 12


def _hour_again(s: Stream, k: int, hour: int) -> bool:
    """Whether raw token ``k``, joined to the time before it, says its ``hour`` again with minutes
    after it: "two fifteen two twenty", "eight forty eight forty-five" are one estimate said
    twice, not someone counting ("nine ten eleven")."""
    if not (s.joined(k) and DIGIT_WORDS.get(s.raw[k][0]) == hour and s.joined(k + 1)):
        return False
    # minutes, or cents: "three fifty three seventy-five"
    run = number_run(s.joined_words(k + 1, 3))
    return run is not None and not run[2] and 10 <= (_int(run[0]) or 0) < 100


def _after_same_hour(s: Stream, i: int, hour: int) -> bool:
    """Whether the time at raw token ``i`` is joined to a time of the same hour just before it
    ("eight forty | eight forty-five"): the second reading of :func:`_hour_again`."""
    raw = s.raw
    for b in (i - 2, i - 3):
        if b < 0 or DIGIT_WORDS.get(raw[b][0]) != hour:
            continue
        if not all(s.joined(k) for k in range(b + 1, i + 1)):
            continue
        run = number_run([raw[k][0] for k in range(b + 1, i)])
        if run is not None and run[1] == i - b - 1 and 10 <= (_int(run[0]) or 0) < 60:
            return True
    return False


_HEIGHT_BEFORE = frozenset(
    {"is", "s", "was", "about", "around", "approximately", "roughly", "maybe", "like", "height",
     "stands", "tall", "male", "female", "guy", "man", "woman", "between"}
)  # fmt: skip


def _height_cue(s: Stream, i: int, end: int) -> bool:
    """Whether "five nine" at raw tokens ``i``..``end`` is said as a height: after "he's",
    "about", "height" ... or before "tall", and not hyphenated (radio's "five-one" is a unit)."""
    raw = s.raw
    if "-" in s.text[raw[i][2] : raw[i + 1][1]]:
        return False
    before = raw[i - 1][0] if i > 0 else ""
    # "height and weight?", "he wasn't that tall. five nine, five ten"
    asked = any(raw[k][0] in ("height", "tall") for k in range(max(0, i - 4), i))
    return before in _HEIGHT_BEFORE or asked or s.next_norm(end) == "tall"


_NOT_STREETS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i", "am",
     "pm", "hours", "tonight", "today", "tomorrow", "yesterday"}
) | frozenset(MONTHS)  # fmt: skip


def _street_name_after(s: Stream, end: int) -> bool:
    """Whether a capitalised name follows raw token ``end - 1`` on the same line: a spoken
    house number ("nine oh five Wexford Street") rather than a clock time."""
    raw = s.raw
    if end >= len(raw) or raw[end][3] != "word" or not s.joined(end):
        return False
    norm, start = raw[end][0], raw[end][1]
    return s.text[start].isupper() and len(norm) > 1 and norm not in _NOT_STREETS


def _year(s: Stream, i: int, first: int, j: int) -> Read | None:
    """ "nineteen ninety" -> 1990 (a year: nineteen or twenty hundred); "twenty twenty-four" is
    a time (20:24) read above, with 2024 among its readings."""
    if not (first in (19, 20) and s.joined(j)) or (s.joined(i) and s.is_number(i - 1)):
        return None
    run = number_run(s.joined_words(j, 3))
    second = _int(run[0]) if run and not run[2] else None
    if run is None or second is None or not 10 <= second <= 99 or s.hyphen_after(j + run[1] - 1):
        return None
    end = j + run[1]
    raw = s.raw
    year = Decimal(first * 100 + second)
    readings = (str(first), str(second), f"{first}.{second:02d}".rstrip("0"))  # $19.99
    value = Value("number", fmt_number(year), raw[i][1], raw[end - 1][2], True, year, readings)
    return value, end - i


def read_clock_phrase(s: Stream, i: int) -> Read | None:
    """ "half past nine" -> 9:30, "quarter to ten" -> 9:45, "ten past nine" -> 9:10, "oh nine
    hundred" -> 9:00, "noon" -> 12:00 (optionally followed by am/pm)."""
    word = s.raw[i][0]
    if word == "noon":
        return _time(s, i, i + 1, "12:00")
    if word == "midnight":
        return _time(s, i, i + 1, "0:00")
    if word in ("oh", "zero"):
        return _military(s, i)
    words = s.joined_words(i, 4)
    if word in ("half", "quarter"):
        minute, rest = (30 if word == "half" else 15), 1
    else:  # "ten past nine", "twenty-five after two"
        run = number_run(words)
        minute = _int(run[0]) if run and not run[2] else None
        if run is None or minute is None or not 1 <= minute <= 29:
            return None
        rest = run[1]
        if len(words) > rest and words[rest] in ("minutes", "minute"):
            rest += 1
        if len(words) <= rest or words[rest] not in ("past", "after", "to", "till", "of"):
            return None
        if words[rest] in ("to", "till", "of") and not _clock_before_hour(s, i, i + rest + 2):
            return None  # "ten to nine people", "five to ten years", "two of three": no time
        if words[rest] == "of" and minute not in (5, 10, 20, 25):
            return None  # "ten of eight" is 7:50; "two of three" counts
    if len(words) < rest + 1 or words[rest] not in ("past", "after", "to", "till", "of"):
        return None
    end = i + min(rest + 2, len(words))
    if end == i + rest + 1:  # "ten to eleven? maybe quarter to."
        hour = _hour_said_before(s, i, words[rest]) if word in ("half", "quarter") else None
    else:
        hour = UNITS.get(words[rest + 1]) or TEENS.get(words[rest + 1])
    if hour is None or hour > 12:
        return None
    if s.is_number(end) and (s.joined(end) or not _at_time_before(s, i)):
        return None  # counting ("ten past nine ten"); "around quarter to eight, ten to eight"
    # The numbers said are readings that support, never contradict: "ten of eight" says ten
    # (minutes) and eight.
    readings = () if word in ("half", "quarter") else (str(minute), str(hour))
    if words[rest] in ("to", "till", "of"):
        if word == "half":
            return None
        hour, minute = _before_the_hour(minute, hour)
    pm = _ampm(s, end)
    return _time(s, i, end + (pm is not None), clock(hour, minute, pm), readings)


def _hour_said_before(s: Stream, i: int, direction: str) -> int | None:
    """The hour of a clock said just before raw token ``i`` on its line with the same
    ``direction`` ("ten to eleven? maybe quarter to"): the one a bare "quarter to" leaves out."""
    raw = s.raw
    for k in range(i - 1, max(0, i - 6), -1):
        if "\n" in s.text[raw[k][2] : raw[i][1]]:
            return None
        if raw[k - 1][0] == direction and raw[k][3] == "word":
            return _HOURS_12.get(raw[k][0]) or None
    return None


def _before_the_hour(minute: int, hour: int) -> tuple[int, int]:
    """(hour, minute) of ``minute`` minutes before ``hour`` on a 12-hour clock: 10 to 9 is 8:50."""
    return (hour - 2) % 12 + 1, 60 - minute


_HOURS_12 = {w: n for w, n in {**UNITS, **TEENS}.items() if n <= 12}
_OFFSET_WORDS = {"five": 5, "ten": 10}
_CLOCK_OFFSET = re.compile(
    rf"\b({'|'.join(_OFFSET_WORDS)})[ \t]+(?:to|of|till?|before)[ \t]+({'|'.join(_HOURS_12)})\b"
)  # searched in lower-cased text


def offset_clocks(text: str) -> set[str]:
    """Clock times said as minutes before the hour with a word that also names a range, which
    :func:`read_clock_phrase` reads only with a cue ("at ten to nine"): "five to three" (2:55),
    "ten of eight" (7:50), as ``h:mm`` on a 12-hour clock.  "Five to ten people" is a range, so
    these only support a summary time, never contradict one."""
    out = set()
    for m in _CLOCK_OFFSET.finditer(text.lower()):
        hour, minute = _before_the_hour(_OFFSET_WORDS[m.group(1)], _HOURS_12[m.group(2)])
        out.add(f"{hour}:{minute:02d}")
    return out


# Words before "ten to nine" that make it a time of day rather than a range.
_AT_TIME = frozenset(
    {"at", "about", "around", "like", "approximately", "approx", "by", "until", "before",
     "after", "since", "roughly", "maybe"}
)  # fmt: skip


def _at_time_before(s: Stream, i: int) -> bool:
    """Whether a word such as "at" or "around" comes just before raw token ``i``."""
    return i > 0 and s.raw[i - 1][3] == "word" and s.raw[i - 1][0] in _AT_TIME


def _clock_before_hour(s: Stream, i: int, end: int) -> bool:
    """Whether "N to H" or "N of H" at raw tokens ``i``..``end`` is a time of day: a word such as
    "at" or "like" before it, or the start of a turn with the hour ending its phrase; and no noun
    after the hour ("ten to nine people")."""
    before = s.raw[i - 1][0] if i > 0 and s.raw[i - 1][3] == "word" else None
    after = s.next_norm(end)
    if after is not None and after not in STOP_WORDS and after not in AMPM:
        return False
    # A word such as "at" before it, or nothing: a turn that answers "what time?" ("ten of
    # eight. I looked at my phone").
    gap = s.text[s.raw[i - 1][2] : s.raw[i][1]] if i > 0 else "\n"
    starts_turn = "\n" in gap or ":" in gap
    # A second guess after a time of the same shape: "quarter to eight, ten to eight".
    second_guess = "," in gap and i >= 2 and s.raw[i - 2][0] in ("to", "of", "till", "past")
    return (
        before in _AT_TIME
        or second_guess
        or (starts_turn and s.text[s.raw[end - 1][2] : s.raw[end - 1][2] + 1] in ".,!?")
    )


def _military(s: Stream, i: int) -> Read | None:
    """ "oh nine hundred" -> 9:00, "zero nine thirty" -> 9:30, "oh nine oh five" -> 9:05, "zero
    zero twelve" -> 0:12, "oh seven four one" -> 7:41: a clock read as four digits, led by "oh"
    or "zero"."""
    words = s.joined_words(i, 5)
    if len(words) < 3:
        return None
    hour_word = words[1]
    if hour_word in ("oh", "zero"):
        hour, k = 0, 2
    elif hour_word in UNITS:
        hour, k = UNITS[hour_word], 2
    else:
        return None
    if words[k] == "hundred":
        minute, k = 0, k + 1
    elif words[k] in ("oh", "zero") and len(words) > k + 1 and words[k + 1] in DIGIT_WORDS:
        minute, k = DIGIT_WORDS[words[k + 1]], k + 2
    elif words[k] in DIGIT_WORDS and len(words) > k + 1 and words[k + 1] in DIGIT_WORDS:
        # digit by digit: "oh seven four one" is 07:41; a longer run is a number ("oh six one
        # three two", a case number)
        minute, k = 10 * DIGIT_WORDS[words[k]] + DIGIT_WORDS[words[k + 1]], k + 2
        longer = (len(words) > k and words[k] in DIGIT_WORDS) or s.is_number(i + k)
        if minute > 59 or longer or (s.joined(i) and s.is_number(i - 1)):
            return None
    else:
        run = number_run(words[k:])
        minute = _int(run[0]) if run and not run[2] else None
        if run is None or minute is None or not 10 <= minute <= 59:
            return None
        k += run[1]
    if len(words) > k and words[k] in ("hours", "hrs"):
        k += 1
    return _time(s, i, i + k, f"{hour}:{minute:02d}")


# --- dates ---------------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"(\d{1,4})[/-](\d{1,2})(?:[/-](\d{2,4}))?")


def full_year(y: int, digits: int) -> int:
    if digits > 2:
        return y
    return 2000 + y if y <= 30 else 1900 + y


def date_norm(month: int, day: int, year: int | None) -> str | None:
    """``M/D`` or ``M/D/YYYY``, or None when it is not a calendar date."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{month}/{day}" if year is None else f"{month}/{day}/{year}"


_SCORE_BEFORE = frozenset({"rated", "rates", "rating", "pain", "scale", "score", "a", "of"})


def read_date_token(s: Stream, i: int) -> Read | None:
    """A written numeric date: "03/03", "3/3/24", "2024-03-03" (None for "24/7")."""
    norm = s.raw[i][0]
    m = _NUMERIC_DATE.fullmatch(norm)
    if m is None:
        return None
    a, b, c = m.group(1), m.group(2), m.group(3)
    if len(a) == 4:  # ISO: year-month-day
        if c is None:
            return None
        found = date_norm(int(b), int(c), int(a))
    else:
        if c is None and b == "10" and i > 0 and s.raw[i - 1][0] in _SCORE_BEFORE:
            return None  # "rated 4/10", "pain 7/10": a score out of ten
        year = full_year(int(c), len(c)) if c else None
        found = date_norm(int(a), int(b), year)
    if found is None:
        return None
    raw = s.raw
    return Value("date", found, raw[i][1], raw[i][2]), 1


def _is_month(s: Stream, j: int, sure: bool = False) -> int | None:
    """The month number of raw token ``j`` if it is a month name (a capital for May/March,
    unless ``sure``: where the verb cannot stand, "the fourteenth of may", "may fourteenth")."""
    if not 0 <= j < len(s.raw):
        return None
    norm, start, _, kind = s.raw[j]
    month = MONTHS.get(norm) if kind == "word" else None
    if month is not None and norm in VERB_MONTHS and not sure and not s.text[start].isupper():
        return None
    return month


def _ordinal_at(s: Stream, j: int) -> bool:
    """Whether raw token ``j`` is an ordinal ("14th", "fourteenth"): no verb takes one after it."""
    if not 0 <= j < len(s.raw):
        return False
    if s.raw[j][3] == "ordinal":
        return True
    number = s.number_at(j)
    return number is not None and number[2]


def _day_at(s: Stream, j: int) -> tuple[int, int] | None:
    """(day, raw tokens used) of a day of the month at raw token ``j`` ("3", "3rd", "third",
    "twenty-first")."""
    if not 0 <= j < len(s.raw):
        return None
    norm, _, _, kind = s.raw[j]
    if kind == "ordinal":
        day = int(norm[:-2])
        return (day, 1) if 1 <= day <= 31 else None
    if norm == "second":  # "August second": next to a month it is the ordinal, not the unit
        return 2, 1
    number = s.number_at(j)
    if number is None:
        return None
    day = _int(number[0])
    return (day, number[1]) if day is not None and 1 <= day <= 31 else None


def _year_at(s: Stream, j: int) -> tuple[int, int] | None:
    """(year, raw tokens used) at raw token ``j``, after a comma or a space: "2024", "nineteen
    ninety", "two thousand five"."""
    raw = s.raw
    if not 0 < j < len(raw) or not re.fullmatch(
        r"[ \t]*,?[ \t]*", s.text[raw[j - 1][2] : raw[j][1]]
    ):
        return None
    norm, _, _, kind = raw[j]
    if kind == "num":
        if len(norm) == 4 and 1900 <= int(norm) <= 2099:
            return int(norm), 1
        return None
    words = s.joined_words(j, 4)
    run = number_run(words)
    if run is None or run[2]:
        return None
    first = _int(run[0])
    if first is not None and 1900 <= first <= 2099:
        return first, run[1]
    if first is not None and 19 <= first <= 20 and len(words) > run[1]:
        rest = number_run(words[run[1] :])
        second = _int(rest[0]) if rest and not rest[2] else None
        if second is not None and 0 <= second <= 99:
            return first * 100 + second, run[1] + rest[1]  # type: ignore[index]
    return None


def _date(s: Stream, i: int, upto: int, month: int, day: int, year: int | None) -> Read | None:
    norm = date_norm(month, day, year)
    if norm is None:
        return None
    raw = s.raw
    return Value("date", norm, raw[i][1], raw[upto - 1][2], True), upto - i


def read_month_date(s: Stream, i: int) -> Read | None:
    """ "March third", "March 3rd, 2024", "March the 3rd" (a month name at raw token ``i``)."""
    j = i + 1
    if s.next_norm(j) == "the":
        j += 1
    # "Oct. 6": an abbreviated month's full stop joins it to its day
    joined = s.joined(j) or (
        j == i + 1
        and j < len(s.raw)
        and s.raw[i][0] not in MONTH_NAMES
        and s.text[s.raw[i][2] : s.raw[j][1]] in (". ", ".")
    )
    month = _is_month(s, i, sure=joined and _ordinal_at(s, j))
    if month is None:
        return None
    day = _day_at(s, j) if joined else None
    if day is None:
        return None
    end = j + day[1]
    year = _year_at(s, end) or (_short_year_at(s, end) if dob_cue(s, i) else None)
    if year:
        end += year[1]
    return _date(s, i, end, month, day[0], year[0] if year else None)


def _short_year_at(s: Stream, j: int) -> tuple[int, int] | None:
    """A year said in two digits after a date of birth's day and a comma ("June twenty,
    fifty-eight"; "October fourth, oh one"), as (year, raw tokens used)."""
    raw = s.raw
    if not 0 < j < len(raw) or "," not in s.text[raw[j - 1][2] : raw[j][1]]:
        return None
    words = s.joined_words(j, 3)
    oh = 1 if words[:1] in (["oh"], ["zero"]) else 0
    run = number_run(words[oh:])
    value = _int(run[0]) if run and not run[2] else None
    if value is None or not (0 <= value <= 9 if oh else 10 <= value <= 99):
        return None
    return full_year(value, 2), oh + run[1]  # type: ignore[index]


def read_date_after_number(s: Stream, i: int, used: int) -> Read | None:
    """ "3rd of March", "the third of March, 2024", "3 March 2024": a day at raw token ``i``
    (``used`` tokens) followed by a month."""
    raw, j = s.raw, i + used
    ahead = {raw[k][0] for k in (j, j + 1) if k < len(raw)}
    if ahead.isdisjoint(MONTHS):  # the common case: no month next, no date
        return None
    day = _day_at(s, i)
    if day is None or day[1] != used:
        return None
    j = i + used
    said_of = s.next_norm(j) == "of"
    if said_of:
        j += 1
    month = _is_month(s, j, sure=said_of) if s.joined(j) else None
    if month is None:
        return None
    end = j + 1
    year = _year_at(s, end)
    if year:
        end += year[1]
    return _date(s, i, end, month, day[0], year[0] if year else None)


_NEXT_LINE_CUES = _DOB_CUES | {"height"}


def leads_into_next_line(line: str) -> bool:
    """Whether a line ends in a cue that reads the next line's numbers (a date of birth or a
    height asked for in one turn and read out in the next)."""
    tail = re.findall(r"[a-z]+", line[-40:].lower())[-4:]
    return not _NEXT_LINE_CUES.isdisjoint(tail)


def dob_cue(s: Stream, i: int) -> bool:
    """Whether one of the four raw tokens before ``i`` says a date of birth follows."""
    raw = s.raw
    return any(raw[k][0] in _DOB_CUES for k in range(max(0, i - 4), i))


def read_dob(s: Stream, i: int) -> Read | None:
    """A date of birth read out as numbers: "six thirteen ninety" -> 6/13/1990, "oh four twelve
    eighty-nine" -> 4/12/1989, digit by digit "oh six one three nine zero" -> 6/13/1990 (each
    part is two digits when two single digits come in a row)."""
    raw = s.raw
    month = _digit_pair(s, i)
    if month is None or not 1 <= month[0] <= 12:  # "four two nineteen seventy-nine": April
        month_n = s.number_at(i)
        value = _int(month_n[0]) if month_n and not month_n[2] else None
        month = (value, month_n[1]) if value is not None else None  # type: ignore[index]
    if month is None or not 1 <= month[0] <= 12:
        return None
    j = i + month[1]
    if not s.joined(j):
        return None
    day = _digit_pair(s, j) or _day_at(s, j)
    if day is None or not 1 <= day[0] <= 31:
        return None
    k = j + day[1]
    if not s.joined(k):
        return None
    year = _year_at(s, k)
    if year:
        return _date(s, i, k + year[1], month[0], day[0], year[0])
    two = _digit_pair(s, k)
    if two is None:
        number = s.number_at(k)
        yy = _int(number[0]) if number and not number[2] else None
        two = (yy, number[1]) if yy is not None else None  # type: ignore[index]
    if two is None or not 0 <= two[0] <= 99 or k + two[1] > len(raw):
        return None
    return _date(s, i, k + two[1], month[0], day[0], full_year(two[0], 2))


def _digit_pair(s: Stream, j: int) -> tuple[int, int] | None:
    """(value, 2) when raw tokens ``j`` and ``j + 1`` are two single digits said in a row
    ("oh six", "one three"), else None."""
    raw = s.raw
    if j + 1 >= len(raw) or not s.joined(j + 1):
        return None
    a, b = raw[j][0], raw[j + 1][0]
    if a in SINGLE_DIGITS and b in SINGLE_DIGITS and raw[j][3] == raw[j + 1][3] == "word":
        return SINGLE_DIGITS[a] * 10 + SINGLE_DIGITS[b], 2
    return None
