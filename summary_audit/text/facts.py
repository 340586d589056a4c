"""Fact extraction: typed, normalised facts with exact offsets, from summary or transcript text.

The same extractor runs on both sides so that a summary fact is supported when the transcript yields
a fact of the same kind with the same normalised value.  It reads values through the one grammar
the comparison tokens use (:func:`summary_audit.text.normalize.read_values`: "fifty-two" and "52"
both give ``52``, "half past nine" and "9:30" both give ``9:30``, "Adam Boy 3 4 7" and "AB347"
both give the plate ``AB347``), names through :mod:`summary_audit.text.names`, and the domain
vocabulary (weapons, drugs, vehicles, clothing, containers, rooms ...) through the word lists.  Everything is
deterministic and offline.

Each fact says what it is about where that decides whether two values compete: a quantity's
``unit`` (``mph``, ``$``, ``minute``, the counted noun) and an attribute's ``about`` (the object a
colour is said of: ``("civic",)`` for "a black Civic").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from summary_audit.text.matching import Mask, lines_where
from summary_audit.text.names import names, organisations, places
from summary_audit.text.normalize import _NUMBERISH, lowercase_regex, read_values
from summary_audit.text.numbers import NUMBER_WORDS, TEENS, TENS, UNITS, Value, fmt_number
from summary_audit.text.plates import (
    WRITTEN_PLATE,
    not_a_plate,
    plate_cue_before,
    written_plate_value,
)
from summary_audit.text.times import (
    MONTH_NAMES,
    MONTHS,
    VERB_MONTHS,
    date_norm,
    full_year,
    leads_into_next_line,
)
from summary_audit.text.wordlists import (
    STOP_WORDS,
    ValueFinder,
    WordLists,
    alternation,
    shipped_wordlists,
)

__all__ = [
    "KINDS",
    "LEXICON_KINDS",
    "VEHICLE_DETAILS",
    "Fact",
    "Vocabulary",
    "corrections",
    "day_dates",
    "digit_strings",
    "digitize",
    "extract_facts",
    "in_written_range",
    "spoken_dates",
    "spoken_measures",
    "values_of",
    "vocabulary",
]

KINDS = ("number", "time", "person", "place", "vehicle", "weapon", "drug", "injury", "force",
         "attribute")  # fmt: skip


@dataclass(frozen=True)
class Fact:
    """One fact found in a text.

    ``value`` is the comparable form (``"52"``, ``"9:47"``, ``"AB347"``, ``"knife"``); ``unit`` is
    the quantity's unit or counted noun (``"mph"``, ``"minute"``, ``"drink"``) when there is one, or
    the sub-kind (``"clock"``, ``"date"``, ``"colour"``, ``"make"``, ``"plate"``, ``"titled"``,
    ``"organisation"``, ``"member"``).  ``shown`` is the value in the form people read it,
    where that can differ from ``value``: clock times are compared on a 12-hour dial (``"9:47"``)
    but "2147 hours" is shown as ``"21:47"``.  ``about`` names the object an attribute is said
    of (the words after a colour: ``("honda", "civic")``); for a ``member`` of a list of
    values that exclude one another (a container, a room, a kind of place ...) it names the list's
    word for its values (``("room",)``).
    """

    kind: str
    value: str
    start: int
    end: int
    text: str
    unit: str | None = None
    shown: str = ""
    about: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """The value as people read it (``shown``, else ``value``), for messages."""
        return self.shown or self.value


# --- values: numbers, money, times, dates, plates --------------------------------------------

_VALUE_WORDS = frozenset(_NUMBERISH)
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


# Every ASCII letter lower-cased and every other byte a space: the words of an ASCII line (its
# runs of letters, lower-cased) are then its ``split()``, much cheaper than a regex per line.
_ASCII_LETTERS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


def _ascii_words(line: str) -> list[str]:
    """``_LETTERS.findall(line.lower())`` for an ASCII ``line``."""
    return line.encode("ascii").translate(_ASCII_LETTERS).decode("ascii").split()


def _may_hold_value(line: str) -> bool:
    """Whether a line has a digit or a word a value may start with (a cheap, exact test on
    lower-cased ASCII: the tokenizer's words are runs of letters)."""
    if _DIGIT.search(line) is not None:
        return True
    if line.isascii():
        return not _VALUE_WORDS.isdisjoint(_ascii_words(line))
    low = line.lower()
    return any(w in low for w in _VALUE_WORDS)


@lru_cache(maxsize=8)  # the SA1 rules read one long transcript several ways
def values_of(text: str) -> tuple[Value, ...]:
    """Every value of ``text`` (see :func:`~summary_audit.text.normalize.read_values`), read
    line by line: values never cross a line, and most transcript lines hold none."""
    out: list[Value] = []
    for a, b in lines_where(_may_hold_value, text):
        # A cue on the line before reads this line's numbers ("your date of birth?" /
        # "three twenty-two ninety-one" is 3/22/1991): read the two lines as one, keep this
        # line's values.
        before = text.rfind("\n", 0, max(0, a - 1)) + 1 if a else a
        if a and leads_into_next_line(text[max(before, a - 41) : a - 1]):
            out.extend(
                _shifted(v, before) for v in read_values(text[before:b]) if v.start >= a - before
            )
        else:
            out.extend(_shifted(v, a) if a else v for v in read_values(text[a:b]))
    return tuple(out)


def _shifted(v: Value, by: int) -> Value:
    inner = (v.inner[0] + by, v.inner[1] + by) if v.inner else None
    return Value(v.kind, v.norm, v.start + by, v.end + by, v.spoken, v.number, v.readings,
                 v.unit, inner)  # fmt: skip


_CHAIN_GAP = re.compile(r"[ \t,-]*")
# "oh" read out as a zero digit, once or more: "twenty-four oh six", "nine oh oh seven"
_OH_GAP = re.compile(r"[ \t,-]+(?:(?:oh|o)[ \t,-]+)+", re.I)
_OH = re.compile(r"\b(?:oh|o)\b", re.I)
_ZERO = Value("number", "0", 0, 0, True, Decimal(0))
_OH_END = re.compile(r"[ \t,-]+(?:oh|o)\b(?![ \t,-]*[a-z])", re.I)
_CHAIN_PIECES = 17  # a VIN; a microchip is 15 digits, a phone number 10
_NUMERIC = ("number", "money", "percent", "ordinal")


def digit_strings(text: str) -> set[str]:
    """Every number ``text`` may state, in every reading: each value's number and its other
    readings ("nine thirty" is also 9, 30 and 930), and numbers read digit by digit or in pairs
    ("two-one" -> 21, "fourteen twenty" -> 1420, "four four two one eight" -> 44218), as the
    canonical text of :func:`~summary_audit.text.numbers.fmt_number`.

    A summary number is supported when it is one of these; they never contradict anything."""
    out: set[str] = set()
    chain: list[Value] = []

    def flush() -> None:
        if chain and chain[-1] is not _ZERO and _OH_END.match(text, chain[-1].end):
            chain.append(_ZERO)  # "nine one two oh." ends in a zero
        if len(chain) > 1:
            parts = [_piece(v) for v in chain]
            for i in range(len(parts) - 1):
                # At most _CHAIN_PIECES pieces: a driver counting out loud must not make every
                # stretch of the count a number.
                for j in range(i + 2, min(len(parts), i + _CHAIN_PIECES) + 1):
                    out.add("".join(parts[i:j]).lstrip("0") or "0")
            last = chain[-1].number
            if last is not None and last < 100 and chain[-1] is not _ZERO:
                # "nineteen forty-nine" = $19.49, "one seventy-nine ninety-eight" = $179.98
                for i in range(len(chain) - 1):  # as fmt_number writes it: 187.40 is 187.4
                    out.add(fmt_number(Decimal(f"{''.join(parts[i:-1])}.{int(last):02d}")))
        chain.clear()

    for v in values_of(text):
        if v.kind in _NUMERIC and v.number is not None:
            out.add(fmt_number(v.number))
        elif v.kind == "number":
            out.add(v.norm)
        out.update(v.readings)
        if v.kind == "time":  # "three twelve" may be 1512 (a lock's log, a written 24-hour time)
            hour, minute = (int(p) for p in v.norm.split(":"))
            out.add(f"{hour % 12 + 12}{minute:02d}")
        if len(v.readings) >= 3 and all(len(r) == 1 for r in v.readings):
            out.add("".join(v.readings))  # "oh-oh-oh-seven" is also 0007 (a clock, a code)
        spoken_integer = v.kind == "number" and v.spoken and v.number is not None
        spoken_integer = spoken_integer and v.number == v.number.to_integral_value()  # type: ignore[union-attr]
        if spoken_integer and chain and _CHAIN_GAP.fullmatch(text, chain[-1].end, v.start):
            chain.append(v)
            continue
        if spoken_integer and chain and _OH_GAP.fullmatch(text, chain[-1].end, v.start):
            zeros = len(_OH.findall(text, chain[-1].end, v.start))
            chain += [_ZERO] * zeros + [v]  # "twenty-four oh six two oh eight" -> 2406208
            continue
        flush()
        if spoken_integer:
            chain.append(v)
    flush()
    # "three, four hundred dollars", "two or three thousand": the first number takes the scale
    # said after the second.
    for m in _SHARED_SCALE.finditer(text.lower()):
        out.add(str(_SMALL[m.group(1)] * (100 if m.group(2) == "hundred" else 1000)))
    return out


_SMALL = {**UNITS, **TEENS, **TENS}
_SHARED_SCALE = re.compile(
    rf"\b({alternation(_SMALL)})(?:\s*,\s*|\s+or\s+|\s+to\s+|-){alternation(_SMALL)}"
    r"\s+(hundred|thousand)\b"
)


def spoken_dates(text: str) -> set[str]:
    """Dates read out as a run of numbers with no cue ("Achterberg, six thirteen ninety",
    "four twenty-nine, oh nine", "seven nineteen, nineteen forty-four"), as ``M/D/YYYY``.

    A run of numbers is not surely a date, so these only support a summary date (never
    contradict one): the summary saying 6/13/1990 where "six thirteen ninety" was said."""
    out: set[str] = set()
    run: list[int] = []
    last_end = -1
    for v in values_of(text):
        if not v.spoken or v.kind not in ("number", "time"):
            _dates_in(run, out)
            run, last_end = [], -1
            continue
        gap = text[last_end : v.start] if last_end >= 0 else ""
        if last_end < 0 or not (_CHAIN_GAP.fullmatch(gap) or _OH_GAP.fullmatch(gap)):
            _dates_in(run, out)
            run = []
        elif _OH_GAP.fullmatch(gap):
            run += [0] * len(_OH.findall(gap))
        if v.kind == "time" and len(v.readings) >= 2:  # "seven nineteen" read as 7:19
            run += [int(v.readings[0]), int(v.readings[1])]
        elif (
            v.number is not None and v.number == v.number.to_integral_value() and v.number < 10_000
        ):
            run.append(int(v.number))
        else:
            _dates_in(run, out)
            run = []
        last_end = v.end
    _dates_in(run, out)
    return out


def _dates_in(run: list[int], out: set[str]) -> None:
    """Add every month-day-year a run of numbers reads as ("oh nine" is 9, "nineteen forty-four"
    is 1944); what a year or a calendar date is, is :mod:`summary_audit.text.times`'s."""

    def part(k: int) -> tuple[int, int] | None:
        if k >= len(run):
            return None
        if run[k] == 0 and k + 1 < len(run) and run[k + 1] < 10:
            return run[k + 1], k + 2
        return run[k], k + 1

    def year(k: int) -> int | None:
        if k + 1 < len(run) and run[k] in (19, 20) and 0 <= run[k + 1] <= 99:
            return run[k] * 100 + run[k + 1]
        got = part(k)
        if got is None or not (got[0] <= 99 or 1900 <= got[0] <= 2099):
            return None
        return full_year(got[0], 2 if got[0] <= 99 else 4)

    for i in range(len(run)):
        month = part(i)
        day = part(month[1]) if month else None
        y = year(day[1]) if month and day else None
        found = date_norm(month[0], day[0], y) if month and day and y is not None else None
        if found is not None:
            out.add(found)


_OFFSET_CLOCK = re.compile(r".+?[ \t]+(?:of|to|till?|past|after)[ \t]", re.I)
_BUCK_BEFORE = re.compile(r"\bbuck[ \t-]*$", re.I)
# A number word in the plural names things by that number: "the oxy thirties" (30 mg pills),
# "half a bottle of the fifteens", "six twenties" ($20 bills) -- but not an age ("in his
# thirties", "her early twenties").
_PLURALS = {
    (w[:-1] + "ies" if w.endswith("y") else w + "es" if w.endswith("x") else w + "s"): str(n)
    for w, n in {**UNITS, **TEENS, **TENS, "hundred": 100}.items()
    if n > 0
}
_PLURAL_NUMBER = re.compile(rf"\b({'|'.join(_PLURALS)})\b")  # searched in lower-cased text
_WORD_BEFORE = re.compile(r"([a-z]+|\d+)[ \t]+(?:of[ \t]+)?$")
_DENOMINATION_BILLS = re.compile(r"\b(?:([a-z]+) )?(hundred|thousand)-dollar bills?\b")  # lowered
_HALF_HOUR = re.compile(r"\bhalf an? hour\b|\ban? hour (and a half)\b")  # lower-cased text
_AGE_BEFORE = frozenset({"his", "her", "their", "my", "your", "early", "mid", "late"})
_BILL_VALUES = frozenset({"1", "5", "10", "20", "50", "100"})
_COUNTS = NUMBER_WORDS | {"couple", "few", "some", "several", "all", "in"}


def spoken_measures(text: str) -> set[tuple[str, str | None]]:
    """Measures said in shapes too loose to read as that measure everywhere, as ``(value,
    unit)`` pairs in the units of the fact extractor: a height said as a bare pair ("five-nine,
    buck fifty", "six-one, two-twenty": radio's "five-one" is a unit too), "a buck fifty" (a
    dollar fifty, or 150 pounds), a number word in the plural ("the oxy thirties" are 30 mg
    pills; "six twenties" are $20 bills; unit None: any unit).

    These only support a summary measure (5'9", $1.50, 30 mg), never contradict one."""
    out: set[tuple[str, str | None]] = set()
    values = values_of(text)
    for k, v in enumerate(values):
        if not v.spoken:
            continue  # written values are read as what they are
        pair: tuple[int, int] | None = None
        offset = _OFFSET_CLOCK.match(text, v.start, v.end) if v.kind == "time" else None
        if offset is not None:  # "ten of eight" says ten minutes before eight
            out.update((r, "minute") for r in v.readings[:1])
        elif v.kind in ("number", "time") and len(v.readings) >= 2:
            first, second = v.readings[0], v.readings[1]
            if first.isdigit() and second.isdigit():  # "five-nine" (59), "five ten" (5:10)
                pair = int(first), int(second)
        elif v.kind == "number" and k + 1 < len(values):
            after = values[k + 1]
            if (
                after.spoken
                and after.kind == "number"
                and v.number is not None
                and after.number is not None
                and _CHAIN_GAP.fullmatch(text, v.end, after.start)
            ):
                pair = int(v.number), int(after.number)
        if pair is not None and 4 <= pair[0] <= 7 and 0 <= pair[1] <= 11:
            out.add((f"{pair[0]}'{pair[1]}", "height"))
        if pair is not None and 1 <= pair[0] <= 3 and 10 <= pair[1] <= 99:
            out.add((str(pair[0] * 100 + pair[1]), "pound"))  # "one sixty", "two-twenty"
        number = v.number
        if (
            v.kind == "number"
            and number is not None
            and 10 <= number < 100
            and _BUCK_BEFORE.search(text, max(0, v.start - 12), v.start)
        ):
            out.add((fmt_number(1 + number / 100), "$"))
            out.update((f"1{int(number):02d}", unit) for unit in ("pound", "$"))
        if v.kind == "number" and number is not None and 1 <= number < 100:
            dollars = _dollars_before(text, values[k - 1] if k else None, v.start)
            if dollars is not None and not _MEASURE_AFTER.match(text, v.end):
                # "a dollar ten", "two dollars fifty" (not "twenty dollars ten minutes ago")
                out.add((fmt_number(dollars + number / 100), "$"))
        if v.kind == "number" and number is not None and 1 <= number < 100 and k + 1 < len(values):
            after = values[k + 1]  # "maybe three, three-fifty": 300 to 350
            if _RANGE_GAP.fullmatch(text, v.end, after.start):
                if number <= 9 and any(
                    r.isdigit() and len(r) == 3 and r[0] == str(int(number))
                    for r in (*after.readings, _piece(after))
                ):
                    out.add((str(int(number) * 100), None))
                scaled = _range_scale(number, after)
                if scaled is not None:
                    unit = "$" if after.kind == "money" else None  # "five, six hundred dollars"
                    out.add((fmt_number(number * scaled), unit))
    lowered = text.lower()  # the same offsets for the ASCII words searched
    for m in _HALF_HOUR.finditer(lowered):  # "for half an hour", "an hour and a half"
        out |= {("30", "minute")} if m.group(1) is None else {("90", "minute"), ("1.5", "hour")}
    for m in _DENOMINATION_BILLS.finditer(lowered):  # "six hundred-dollar bills": six $100 bills
        out.add(("100" if m.group(2) == "hundred" else "1000", "$"))
        if m.group(1) in _SMALL:
            out.add((str(_SMALL[m.group(1)]), None))
    for m in _PLURAL_NUMBER.finditer(lowered):
        said = _WORD_BEFORE.search(lowered, max(0, m.start() - 24), m.start())
        before, value = (said.group(1) if said else ""), _PLURALS[m.group(1)]
        if before in _AGE_BEFORE:
            continue
        out.add((value, None))
        if value in _BILL_VALUES and (before in _COUNTS or before.isdigit()):
            out.add((value, "$"))  # "six twenties" are $20 bills
    return out


def _range_scale(first: Decimal, after: Value) -> int | None:
    """The scale the second end of a spoken range gives the first ("eleven, maybe twelve
    hundred": 1,100; "fifty-eight, fifty-nine thousand": 58,000), or None when there is none."""
    if not after.spoken or after.kind not in ("number", "money") or after.number is None:
        return None
    for scale in (1000, 100):
        top = after.number / scale
        if after.number % scale == 0 and top == int(top) and 0 < top - first <= max(2, first / 4):
            return scale
    return None


_RANGE_GAP = re.compile(r"[ \t]*(?:(?:,|or|to|-)[ \t]*)?(?:maybe[ \t]+|like[ \t]+)?", re.I)
_MEASURE_AFTER = re.compile(r"[ \t]+(?:minute|hour|day|week|month|year|time|second|mile)", re.I)
_A_DOLLAR_BEFORE = re.compile(r"\b(?:a|one)[ \t]+dollar[ \t]+$", re.I)
_SPACES = re.compile(r"[ \t,]+")


def _dollars_before(text: str, before: Value | None, start: int) -> Decimal | None:
    """The whole dollars said just before a number of cents ("a dollar ten": 1; "two dollars
    fifty": 2), else None."""
    if _A_DOLLAR_BEFORE.search(text, max(0, start - 12), start):
        return Decimal(1)
    if (
        before is not None
        and before.kind == "money"
        and before.number is not None
        and before.number == int(before.number)
        and _SPACES.fullmatch(text, before.end, start)  # "four dollars, thirty-five cents"
        and re.search(r"dollars?[ \t]*$", text[before.start : before.end], re.I)
    ):
        return Decimal(before.number)
    return None


def day_dates(text: str) -> set[str]:
    """Dates said as a day of the month alone ("today's the twenty-first, yesterday's May
    twentieth"; "Thursday the seventeenth, so"), as ``M/D`` for every month the text names.

    The month is the text's own: a day said with no month named anywhere supports nothing.
    These only support a summary date, never contradict one."""
    months = {int(v.norm.split("/")[0]) for v in values_of(text) if v.kind == "date"}
    # "may" and "march" are months only when written with a capital ("I may", "we march").
    months |= {
        MONTHS[w.lower()]
        for w in _MONTH_WORD.findall(text)
        if w[0].isupper() or w not in VERB_MONTHS
    }
    if not months:
        return set()
    out: set[str] = set()
    for v in values_of(text):
        if v.kind != "ordinal" or v.number is None or not 1 <= v.number <= 31:
            continue
        if _THE_BEFORE.search(text, max(0, v.start - 5), v.start) and _DAY_AFTER.match(text, v.end):
            out.update(date_norm(m, int(v.number), None) or "" for m in months)
    out.discard("")
    return out


_THE_BEFORE = re.compile(r"\bthe[ \t]+$", re.I)
# A day of the month ends its phrase: "the seventeenth, so", not "the fourth floor".
_DAY_AFTER = re.compile(r"[ \t]*(?:[,.;:!?]|$|\n|and\b|so\b)", re.I)
_MONTH_WORD = re.compile(rf"\b({'|'.join(MONTH_NAMES)})\b", re.I)


def _piece(v: Value) -> str:
    return fmt_number(v.number) if v.number is not None else v.norm


def digitize(text: str) -> str:
    """``text`` with spoken numbers as digits and spelled plates as their letters and digits
    ("apartment four B" -> "apartment 4 B", "Adam Boy three" -> "AB3"), "oh" between digits as
    a zero ("six oh two" -> "6 0 2") and a spoken "dash" between a code's pieces as a space
    ("two four C dash zero six one eight")."""
    text = _SPOKEN_DASH.sub(" ", text)
    out, pos = [], 0
    for v in values_of(text):
        if v.kind == "plate":
            out += [text[pos : v.start], v.norm.upper()]
        elif v.spoken and v.kind in _NUMERIC and v.number is not None:
            out += [text[pos : v.start], fmt_number(v.number)]
        else:
            continue
        pos = v.end
    joined = "".join([*out, text[pos:]])
    return _DIGIT_OHS.sub(lambda m: _OH.sub("0", m.group()), joined)


_SPOKEN_DASH = re.compile(r"(?<=\w)[\s,]+dash[\s,]+(?=\w)", re.I)
_DIGIT_OHS = re.compile(r"(?<=\d)(?:[ \t,-]+(?:oh|o)\b)+(?=[ \t,-]+\d)", re.I)


# A quantity's unit: the word after the number (plural folded), with a few spelled-out synonyms.
_UNIT_SYNONYMS = {
    "mile": "mile", "mph": "mph", "dollar": "$", "buck": "$", "year": "year", "yr": "year",
    "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour",
    "second": "second", "sec": "second", "foot": "foot", "feet": "foot", "ft": "foot",
    "inch": "inch", "beer": "drink", "drink": "drink", "shot": "drink", "pound": "pound",
    "lb": "pound", "gram": "gram", "g": "gram", "block": "block", "percent": "%",
    "yard": "yard", "yd": "yard", "mi": "mile", "gal": "gallon", "oz": "ounce",
    # abbreviations too short for the plural folding below
    "yds": "yard", "hrs": "hour", "lbs": "pound", "yrs": "year",
}  # fmt: skip
_SPEED_RE = re.compile(r"\s+in\s+an?\s+(?:\d+|[a-z]+[- ]?[a-z]*)\s*(?:zone|mph)?\b", re.I)
_SPEED_RE_BEFORE = re.compile(r"\b(?:\d+|[a-z]+)\s+in\s+an?\s+$", re.I)
DURATION_UNITS = frozenset({"minute", "hour", "second", "day", "week", "month"})
_NEXT_WORD = re.compile(r"[ \t]*(?:-[ \t]*)?([A-Za-z]+)")
_COUNT_HINT = {"year", "minute", "hour", "second", "dollar", "buck", "mile", "beer", "drink", "day"}


def unit_word(word: str) -> str:
    """The unit a word names, plural folded: "minutes" -> "minute", "beers" -> "drink"."""
    word = word.lower()
    if (
        word.endswith("s")
        and len(word) > 3
        and (word[:-1] in _UNIT_SYNONYMS or word[:-1] in _COUNT_HINT)
    ):
        word = word[:-1]
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return _UNIT_SYNONYMS.get(word, word)


_PER_HOUR = re.compile(r"[ \t]+(?:an|a|per)[ \t]+hour\b", re.I)


def _unit_after(text: str, end: int) -> str | None:
    m = _NEXT_WORD.match(text, end)
    if not m:
        return None
    word = m.group(1).lower()
    if word in STOP_WORDS or word in NUMBER_WORDS:  # "thirty maybe" counts no maybes
        return None
    unit = unit_word(word)
    if unit == "mile" and _PER_HOUR.match(text, m.end()):
        return "mph"  # "fifty-two miles an hour"; "61,400 miles" is a distance
    return unit


def _clock_fact(v: Value, text: str) -> Fact:
    """A clock-time fact.  Its value is folded to a 12-hour dial so that 21:47 and 9:47 compare
    equal ("9:47" may be either); it is shown with the hour as written, on a 24-hour clock when
    a.m./p.m. or a military reading says which ("2217 hours" -> "22:17", "9 p.m." -> "21:00",
    "0930 hours" -> "09:30")."""
    hour, minute = (int(p) for p in v.norm.split(":"))
    written = text[v.start : v.end]
    pad = 2 if hour == 0 or (written[:1] == "0" and written[1:2].isdigit()) else 1
    return Fact("time", f"{hour % 12}:{minute:02d}", v.start, v.end, written, "clock",
                shown=f"{hour:0{pad}d}:{minute:02d}")  # fmt: skip


def _value_facts(text: str, covered: Mask) -> Iterator[Fact]:
    """Facts of the values in ``text`` outside the characters ``covered`` (places, written
    plates): times, dates, plates, money, percent, heights, numbers."""
    for v in values_of(text):
        if covered.all(v.start, v.end):
            continue
        written = text[v.start : v.end]
        if v.kind == "time":
            yield _clock_fact(v, text)
        elif v.kind == "date":
            yield Fact("time", v.norm, v.start, v.end, written, "date")
        elif v.kind == "plate":
            yield Fact("vehicle", v.norm.upper(), v.start, v.end, written, "plate")
        elif v.kind == "height":
            yield Fact("number", v.norm, v.start, v.end, written, "height")
        elif v.number is not None or v.kind == "number":
            fact = _quantity(v, text, written)
            if fact is not None:
                yield fact


def _quantity(v: Value, text: str, written: str) -> Fact | None:
    number = v.number
    if (
        v.spoken
        and number is not None
        and (
            number in (0, 1)
            or (number == Decimal("0.5") and "point" not in text[v.start : v.end].lower())
            or (number == 2 and text[v.end : v.end + 1] == "-")
        )
    ):
        # "one" is mostly a pronoun and "half an hour" is said many ways ("point five", "a
        # third left" are values); "two-vehicle" describes, it does not count
        return None
    value = fmt_number(number) if number is not None else v.norm
    about: tuple[str, ...] = ()
    per = _PER_ITEM.match(text, v.end)
    if per:  # "$48 each", "forty-two apiece": a price of one item, not a total
        about = ("each",)
    if v.kind == "money" or _MONEY_RANGE_BEFORE.search(text, max(0, v.start - 16), v.start):
        unit: str | None = "$"  # "$140-150": both ends are dollars
    elif v.kind == "percent" or _SHARE_RANGE_AFTER.match(text, v.end):
        unit = "%"  # "5-6%"
    elif v.unit is not None:
        unit = unit_word(v.unit)  # "a gram and a half"
    else:
        unit = _unit_after(text, v.end)
        if _SPEED_RE.match(text, v.end) or _SPEED_RE_BEFORE.search(
            text[max(0, v.start - 40) : v.start]
        ):
            unit = "mph"  # "fifty-two in a thirty-five"
    if unit in _QUALIFIERS or unit in _KIND_UNITS or unit in _NOT_COUNTED:
        unit = None  # "5 dates" counts dates; it is no calendar date
    if unit == "cent" and number is not None:
        value, unit = fmt_number(number / 100), "$"  # "eighty-two cents" is $0.82
    kind = "time" if unit in DURATION_UNITS else "number"
    return Fact(kind, value, v.start, v.end, written, unit, about=about)


# A range written with a dash ("$22,000-23,000", "5-6%"); its ends share the unit written at
# one of them ("$140-150", "5-6%").
_DASH = r"[ \t]*[-–][ \t]*"
_MONEY_RANGE_BEFORE = re.compile(rf"\$\d[\d,.]*{_DASH}$")
_SHARE_RANGE_AFTER = re.compile(rf"{_DASH}\d[\d.]*[ \t]*%")
_RANGE_BEFORE = re.compile(rf"\d[\d,.]*{_DASH}\$?$")
_RANGE_AFTER = re.compile(rf"{_DASH}\$?\d")


def in_written_range(text: str, start: int, end: int) -> bool:
    """Whether the value at ``start``-``end`` is an end of a range written with a dash
    ("$22,000-23,000", "5-6%", "0840-0845 hrs"): an estimate, not one value."""
    return bool(
        _RANGE_BEFORE.search(text, max(0, start - 16), start) or _RANGE_AFTER.match(text, end)
    )


# A price of one item, or a banknote's value ("six $20 bills"): never a total.  A word may come
# between a price and "each" ("$180 retail each"), not a conjunction ("$40 and each ...").
_PER_ITEM = re.compile(
    r"[ \t]*(?:(?:(?!(?:and|or|but|so|then)\b)[a-z]+[ \t]+)?(?:each|apiece)"
    r"|a piece|per (?:pair|item|unit|piece)|bills?|notes?|coins?)\b",
    re.I,
)
_QUALIFIERS = frozenset({"each", "apiece"})
# Words after a number that count nothing: a limit or a way of saying it ("thirty-five tops",
# "forty max", "twenty flat"), prepositions ("thirty-five through there"), when it was
# ("seventy-three last time", "fifty total") and how much is left ("a third full").
_NOT_COUNTED = frozenset(
    {"top", "tops", "max", "maximum", "minimum", "min", "flat", "even", "exactly", "ish", "straight",
     "through", "thru", "across", "past", "toward", "towards", "until", "during", "via", "per",
     "last", "next", "ago", "later", "earlier", "total", "altogether", "tonight", "today",
     "yesterday", "tomorrow", "now", "left", "full", "empty", "remaining", "gone"}
)  # fmt: skip
# Units the extractor gives facts of other kinds: a counted noun never takes one of these names.
_KIND_UNITS = frozenset(
    {"date", "clock", "plate", "colour", "member", "height", "make", "unit", "model year", "side"}
)


def _written_plates(text: str) -> Iterator[Fact]:
    for a, b in lines_where(_DIGIT.search, text):
        for m in WRITTEN_PLATE.finditer(text, a, b):
            value = written_plate_value(m.group())
            if value is None or text.startswith("/", m.end()):
                continue  # "DOB 06/03/1988": a date
            if not_a_plate(text, m.start(), m.group()):
                continue  # "property receipt P25-0441", "$58-59K"
            # Letters and digits apart ("DOB 11", "Route 6 WB", "Unit 4 B"), and short codes
            # (unit call signs "6B2", "3A12"), are a plate only where the text says so ("plate
            # ABC 123").
            if (" " not in m.group() and len(value) >= 5) or plate_cue_before(text, m.start()):
                yield Fact("vehicle", value, m.start(), m.end(), m.group(), "plate")


# --- lexicons and attributes ------------------------------------------------------------------

LEXICON_KINDS = {"weapon": "weapons", "drug": "drugs", "injury": "injuries", "force": "force"}


@dataclass(frozen=True)
class Vocabulary:
    """The word lists facts are read with (data/wordlists), compiled once per set of lists."""

    lexicon: dict[str, tuple[ValueFinder, ValueFinder | None, dict[str, str]]]
    colour: re.Pattern[str]
    make: re.Pattern[str]
    # The lists of values that exclude one another (exclusive_kinds): the word messages use
    # for the list's values, its finder (and a twin for lower-cased text) and each group's value.
    members: tuple[tuple[str, ValueFinder, ValueFinder | None, dict[str, str]], ...]
    vehicle_words: frozenset[str]  # makes, models and vehicle types: a colour of a vehicle
    make_words: frozenset[str]  # makes and models: a year before one is its model year
    # Things with a left and a right one (body_parts, sided_things): pattern, group -> value.
    sided: tuple[tuple[re.Pattern[str], dict[str, str]], ...]
    colour_words: frozenset[str]
    colour_one: re.Pattern[str]  # "the yellow one"
    object_before: re.Pattern[str]  # "his life jacket, " before it: the object it is said of


def _finders(lists: WordLists, name: str) -> tuple[ValueFinder, ValueFinder | None, dict[str, str]]:
    """A patterns list's finder, its twin for lower-cased text (case-folded matching is much slower
    in `re`: lower-cased text is searched when offsets survive) and the value of each group."""
    found = lists.finder(name)
    named, plain = lowercase_regex(found.named), lowercase_regex(found.plain)
    twin = ValueFinder(named, plain) if named is not None and plain is not None else None
    return found, twin, lists.matcher(name)[1]


@lru_cache(maxsize=8)
def _compile_vocabulary(lists: WordLists) -> Vocabulary:
    lexicon = {kind: _finders(lists, name) for kind, name in LEXICON_KINDS.items()}
    make_words = lists.words("vehicle_makes") | frozenset(lists.table("vehicle_models"))
    makes, nouns = alternation(make_words), lists.alternation("vehicle_types")
    worn, containers = lists.alternation("clothing"), lists.alternatives("containers")
    objects = rf"(?:{makes}|{nouns}|{worn}|{containers})"
    colour = re.compile(
        rf"\b({lists.alternation('colours')})\b(?=\s+(?:[\w-]+\s+){{0,2}}?({objects})\b)", re.I
    )
    vehicle_words = make_words | lists.words("vehicle_types")
    return Vocabulary(
        lexicon,
        colour,
        re.compile(rf"\b({makes})\b", re.I),
        tuple(
            (word, *_finders(lists, name)) for name, word in lists.table("exclusive_kinds").items()
        ),
        vehicle_words,
        make_words,
        (lists.matcher("body_parts"), lists.matcher("sided_things")),
        frozenset(w for c in lists.words("colours") for w in c.split()),
        re.compile(rf"\b(?:the|a)[ \t]+({lists.alternation('colours')})[ \t]+one\b", re.I),
        re.compile(rf"\b({objects})[ \t]*,?[ \t]*$", re.I),
    )


def vocabulary(lists: WordLists | None = None) -> Vocabulary:
    """The compiled vocabulary of ``lists`` (the shipped word lists by default)."""
    return _compile_vocabulary(lists or shipped_wordlists())


def _colours(text: str, vocab: Vocabulary) -> Iterator[Fact]:
    """Colours said of an object: a vehicle ("a gray Honda", kind ``vehicle``), clothing or a
    container ("a red hoodie", "a black backpack", kind ``attribute``).  ``about`` holds the
    words from the colour to the object word ("honda civic" in "gray Honda Civic").  Only the
    lines that name a colour are searched."""

    def has_colour(line: str) -> bool:
        words = _ascii_words(line) if line.isascii() else _LETTERS.findall(line.lower())
        return not vocab.colour_words.isdisjoint(words)

    for a, b in lines_where(has_colour, text):
        for m in vocab.colour.finditer(text, a, b):
            obj = m.group(2).lower()
            between = text[m.end(1) : m.end(2)].lower().split()
            about = tuple(w for w in between if w not in _ARTICLES)
            # A make is often followed by its model: "gray Honda Civic" is about both.
            if obj in vocab.vehicle_words:
                nxt = _NEXT_TOKEN.match(text, m.end(2), b)
                if nxt and nxt.group(1).lower() in vocab.vehicle_words:
                    about += (nxt.group(1).lower(),)
            kind = "vehicle" if obj in vocab.vehicle_words else "attribute"
            value = m.group(1).lower().replace("grey", "gray")
            yield Fact(kind, value, m.start(1), m.end(1), m.group(1), "colour", about=about)
        obj = ""  # "his life jacket, the yellow one", and then "the red one" of it
        for m in vocab.colour_one.finditer(text, a, b):
            named = vocab.object_before.search(text, max(a, m.start() - 40), m.start())
            if named is not None:
                obj = named.group(1).lower()
            elif not obj:
                continue  # "the red one" of nothing named on the line
            kind = "vehicle" if obj in vocab.vehicle_words else "attribute"
            value = m.group(1).lower().replace("grey", "gray")
            yield Fact(kind, value, m.start(1), m.end(1), m.group(1), "colour", about=(obj,))


_NEXT_TOKEN = re.compile(r"\s+([\w-]+)")
_ARTICLES = frozenset({"a", "an", "the", "his", "her", "their", "my", "dark", "light"})


def _members(text: str, vocab: Vocabulary, words: Collection[str] | None) -> Iterator[Fact]:
    """Values of the lists whose values exclude one another: "a backpack" (a container), "in the
    kitchen" (a room), "at school" (a kind of place); ``about`` names the list's word.  Only the
    lists named by ``words`` (all when None)."""
    lowered = text.lower()
    folded = len(lowered) == len(text)
    for word, pattern, lower, values in vocab.members:
        if words is not None and word not in words:
            continue
        found = lower.finditer(lowered) if folded and lower else pattern.finditer(text)
        for m in found:
            yield Fact(
                "attribute", values[m.lastgroup or ""], m.start(), m.end(), text[m.start() : m.end()],
                "member", about=(word,),
            )  # fmt: skip


# The word between a side and its thing is no preposition: "left across lane 2" leaves a truck
# there and "right across lane two" is "directly across" (neither is a side of the lane).
_NOT_BETWEEN = r"(?!(?:across|in|on|at|of|off|out|over|into|onto|by|behind|along|through|to)\s)"
_SIDE = re.compile(rf"\b(left|right)\s+(?:{_NOT_BETWEEN}[a-z]+\s+)?", re.I)
_SIDE_LOWER = re.compile(rf"\b(left|right)\s+(?:{_NOT_BETWEEN}[a-z]+\s+)?")  # lower-cased ASCII


def _sides(text: str, vocab: Vocabulary) -> Iterator[Fact]:
    """Sides said of a thing that has a left and a right one (word lists ``body_parts`` and
    ``sided_things``): "his left wrist", "the right upper arm", "the left lane"; ``about`` holds
    the thing's value."""
    # ASCII text is searched lower-cased through the case-sensitive twin (same offsets).
    found = _SIDE_LOWER.finditer(text.lower()) if text.isascii() else _SIDE.finditer(text)
    for m in found:
        # The thing follows the side, or one word later ("left upper arm", "right front lane").
        for pattern, values in vocab.sided:
            thing = pattern.match(text, m.end(1) + 1) or pattern.match(text, m.end())
            if thing is not None:
                said = text[m.start(1) : m.end(1)]
                yield Fact("attribute", said.lower(), m.start(1), m.end(1), said, "side",
                           about=(values[thing.lastgroup or ""],))  # fmt: skip
                break


# --- values said and then corrected -------------------------------------------------------------

# Right after a value, the words that take it back: "four hundred. no, wait, four ninety",
# "twenty-one sixteen, uh, correction, twenty-two sixteen", "four four one. no wait. four one four".
_TAKEN_BACK = re.compile(
    r"[\s,.;:!?-]*(?:(?:uh|um|er)[\s,.;:!?-]+)*"
    r"(?:no|nope|wait|sorry|correction|i mean|actually|scratch that|make that|my bad)\b"
    r"(?:[\s,.;:!?-]+(?:no|wait|sorry|uh|um|i mean|make that|it's|it was|that's)\b)*[\s,.;:!?-]*",
    re.I,
)
# How far the new value may come after the "no": a plate is read again in full ("four one four.
# charlie mike ..."); a colour is said of its object again ("the yellow one. no wait. he took
# the red one").
_CORRECTED_WITHIN = {"plate": 80, "colour": 24}
_ONE_AFTER = re.compile(r"[ \t]+one\b", re.I)


def corrections(text: str, facts: list[Fact]) -> dict[Fact, Fact]:
    """Values the speaker took back, each with the value said instead: "the first one is four
    hundred. no, wait, four ninety" maps 400 to 490.  ``facts`` are ``text``'s, sorted by
    position.  The new value must follow at once (a plate may be read again in full), on the
    same line, with the kind and unit of the old one; a bare "no" before something else ("he's
    twenty. no, he doesn't drive") takes nothing back."""
    out: dict[Fact, Fact] = {}
    for n, old in enumerate(facts):
        if old.kind not in ("number", "time", "vehicle", "attribute") or old.unit == "make":
            continue
        if old.kind == "attribute" and old.unit != "colour":
            continue
        one = _ONE_AFTER.match(text, old.end) if old.unit == "colour" else None
        back = _TAKEN_BACK.match(text, one.end() if one else old.end)  # "the yellow one. no"
        if back is None or "\n" in back.group():
            continue
        # The new value follows at once ("no, wait, four ninety", not "no, Renee, was it
        # sixty-five?"); a plate may be read again in full a few words on.
        reach = _CORRECTED_WITHIN.get(old.unit or "", 0)
        for new in facts[n + 1 :]:
            if new.start > back.end() + reach or "\n" in text[old.end : new.start]:
                break
            if new.kind == old.kind and new.unit == old.unit and new.about[-1:] == old.about[-1:]:
                if new.value != old.value:
                    out[old] = new
                break
    return out


# --- the extractor ------------------------------------------------------------------------------


VEHICLE_DETAILS = ("plate", "colour", "make")


def extract_facts(
    text: str,
    *,
    kinds: tuple[str, ...] = KINDS,
    vehicle_details: tuple[str, ...] = VEHICLE_DETAILS,
    lists: WordLists | None = None,
    members: Collection[str] | None = None,
) -> list[Fact]:
    """Every fact in ``text`` of the given kinds, sorted by position, read with the word
    ``lists`` (weapons, drugs, vehicles ...; the shipped ones by default).

    Numbers that are part of a time, an address or a plate are reported only as that fact.
    Spelled "one" is not a number fact: it is a pronoun far more often than a count.
    ``vehicle_details`` limits the vehicle facts to those units (colours and makes are slow to
    find in a long transcript and hide no numbers, so a caller that needs none can skip them);
    ``members`` limits the attributes read from exclusive lists to the lists of those words
    (``"room"``, ``"container"``; all when None).
    """
    lists = lists or shipped_wordlists()
    vocab = vocabulary(lists)
    facts: list[Fact] = []
    covered = Mask(len(text))  # characters of places and written plates: their numbers are theirs
    if "place" in kinds or "number" in kinds or "time" in kinds:
        for n in places(text):
            facts.append(Fact("place", n.value, n.start, n.end, n.text, n.detail))
            covered.add(n.start, n.end)
    # Values are numbers, times and plates (which names and places must not take): reading only
    # colours or makes needs none of them.
    values = not {"number", "time", "person", "place"}.isdisjoint(kinds)
    values = values or "plate" in vehicle_details
    if ("vehicle" in kinds or "number" in kinds) and values:
        for f in _written_plates(text):
            facts.append(f)
            covered.add(f.start, f.end)
    if {"number", "time", "vehicle"} & set(kinds) and values:
        facts += [_model_year(f, vocab) for f in _value_facts(text, covered)]
    if "vehicle" in kinds or "attribute" in kinds:
        if "colour" in vehicle_details:
            facts += _colours(text, vocab)
        if "make" in vehicle_details:
            facts += [
                Fact("vehicle", m.group(1).lower(), m.start(), m.end(), m.group(), "make")
                for m in vocab.make.finditer(text)
            ]
    if "attribute" in kinds:
        facts += _members(text, vocab, members)
        facts += _sides(text, vocab)
    if "person" in kinds or "place" in kinds:
        taken = Mask(len(text))
        for f in facts:
            if f.kind == "place" or f.unit == "plate":
                taken.add(f.start, f.end)
        for n in organisations(text, lists):
            if not taken.any(n.start, n.end):
                facts.append(Fact("place", n.value, n.start, n.end, n.text, "organisation"))
                taken.add(n.start, n.end)
        if "person" in kinds:
            for n in names(text, taken, vocab.make):
                facts.append(Fact("person", n.value, n.start, n.end, n.text, n.detail))
    # Case-folded matching is much slower in `re`; search the lower-cased text when offsets survive.
    lowered = text.lower()
    folded = len(lowered) == len(text)
    for kind, (pattern, lower, values) in vocab.lexicon.items():
        if kind in kinds:
            found = lower.finditer(lowered) if folded and lower else pattern.finditer(text)
            facts += [
                Fact(kind, values[m.lastgroup or ""], m.start(), m.end(), text[m.start() : m.end()])
                for m in found
            ]
    wanted = {f for f in facts if f.kind in kinds}
    if vehicle_details != VEHICLE_DETAILS:
        wanted = {f for f in wanted if f.kind != "vehicle" or f.unit in vehicle_details}
    return _drop_nested(sorted(wanted, key=_outer_first))


def _model_year(f: Fact, vocab: Vocabulary) -> Fact:
    """A year before a make or model is the vehicle's model year, compared by its last two
    digits: "a 2017 Honda Accord" and "a seventeen Accord" both say 17."""
    if f.kind != "number" or f.unit not in vocab.make_words or not f.value.isdigit():
        return f
    year = int(f.value)
    if not (10 <= year <= 99 or 1980 <= year <= 2039):
        return f  # "two Hondas" counts cars
    short = f"{year % 100:02d}"
    return Fact("vehicle", short, f.start, f.end, f.text, "model year", shown=f.text)


def _outer_first(f: Fact) -> tuple[int, int, str, str]:
    return (f.start, -f.end, f.kind, f.value)


def _drop_nested(facts: list[Fact]) -> list[Fact]:
    """Drop a lexicon fact inside a longer one of its kind ("probes struck" is a Taser use)."""
    out: list[Fact] = []
    last: dict[str, Fact] = {}  # facts come sorted by start, so a container precedes its parts
    for f in facts:
        outer = last.get(f.kind)
        if f.kind in LEXICON_KINDS and outer is not None and f.end <= outer.end:
            continue
        last[f.kind] = f
        out.append(f)
    return sorted(out, key=lambda f: (f.start, f.end, f.kind, f.value))
