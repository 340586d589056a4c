"""Fact extraction: typed, normalised facts with exact offsets, from summary or transcript text.

The same extractor runs on both sides so that a summary fact is supported when the transcript yields
a fact of the same kind with the same normalised value ("fifty-two" and "52" both give ``52``,
"half past nine" and "9:30" both give ``9:30``, "Adam Boy 3 4 7" and "AB347" both give the plate
``AB347``).  Everything is regular expressions and small word lists: deterministic and offline.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from summary_audit.text.normalize import lowercase_regex
from summary_audit.text.wordlists import NOT_NAMES, PHONETIC, WordLists, shipped_wordlists

KINDS = ("number", "time", "person", "place", "vehicle", "weapon", "drug", "injury", "force")


@dataclass(frozen=True)
class Fact:
    """One fact found in a text.

    ``value`` is the comparable form (``"52"``, ``"9:47"``, ``"AB347"``, ``"knife"``); ``unit`` is
    the quantity's unit or counted noun (``"mph"``, ``"minute"``, ``"drink"``) when there is one, or
    the sub-kind for vehicles (``"colour"``, ``"make"``, ``"plate"``).  ``shown`` is the value in
    the form people read it, where that can differ from ``value``: clock times are compared on a
    12-hour dial (``"9:47"``) but "2147 hours" is shown as ``"21:47"``.
    """

    kind: str
    value: str
    start: int
    end: int
    text: str
    unit: str | None = None
    shown: str = ""

    @property
    def display(self) -> str:
        """The value as people read it (``shown``, else ``value``), for messages."""
        return self.shown or self.value


# --- numbers -------------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
# Ordinals read as their cardinal ("the thirtieth" = "the 30th"); "first" and "second" are left out
# because they are far more often an adverb or a unit of time.
_ORDINALS = {
    "third": "three", "fourth": "four", "fifth": "five", "sixth": "six", "seventh": "seven",
    "eighth": "eight", "ninth": "nine", "tenth": "ten", "eleventh": "eleven", "twelfth": "twelve",
    "thirteenth": "thirteen", "fourteenth": "fourteen", "fifteenth": "fifteen",
    "sixteenth": "sixteen", "seventeenth": "seventeen", "eighteenth": "eighteen",
    "nineteenth": "nineteen", "twentieth": "twenty", "thirtieth": "thirty",
}  # fmt: skip
_NUMBER_WORDS = {**_UNITS, **_TENS, **_SCALES}
_COUNTING_WORDS = frozenset(_NUMBER_WORDS) - {"oh"}
# "oh" is a number only inside a time ("nine oh five"); alone it is an interjection.
# A newline is a token so that number runs never join two transcript segments.
_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\$?\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|\n|\S")
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")


@cache
def _twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    return lowercase_regex(pattern)


def _finditer_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at ``starts`` (ascending) and
    never matches empty: only those positions are tried, not every character of a long text."""
    pos = 0
    for i in starts:
        if i >= pos and (m := pattern.match(text, i)) is not None:
            yield m
            pos = m.end()


def _ci_finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for an IGNORECASE pattern: on ASCII text its case-sensitive twin
    runs on the lower-cased text (same matches, same offsets, about twice as fast).  Group texts
    may then be lower-cased: take case-sensitive text from ``text`` by offsets."""
    twin = _twin(pattern)
    if twin is not None and text.isascii():
        return twin.finditer(text.lower())
    return pattern.finditer(text)


def _occurrences(text: str, words: Iterable[str]) -> set[int]:
    """Every offset where one of ``words`` occurs in ``text`` (overlapping ones too)."""
    out: set[int] = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            out.add(at)
            at = text.find(word, at + 1)
    return out


def _word_before(text: str, at: int) -> int | None:
    """Start of the lower-case ASCII word that whitespace separates from ``at``, if any."""
    j = at
    while j and text[j - 1].isspace():
        j -= 1
    k = j
    while k and "a" <= text[k - 1] <= "z":
        k -= 1
    return k if k < j < at else None


def _lines_where(test: Callable[[str], object], text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` that passes ``test``.

    Numbers and plates never cross a line (a newline ends every run), so the extractors only read
    the lines that can hold one: on a long transcript most lines hold none.
    """
    pos = 0
    for line in text.split("\n"):
        if test(line):
            yield pos, pos + len(line)
        pos += len(line) + 1


def words_to_number(words: list[str]) -> int | None:
    """The value of a list of lower-case number words (``["fifty", "two"]`` -> 52), else None."""
    total, current, seen = 0, 0, False
    for w in words:
        if w in _UNITS and w != "oh":
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if w == "thousand":
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


@dataclass(frozen=True)
class _Num:
    value: float
    start: int
    end: int
    spelled: bool


# Number words, for a substring test of a lower-cased line (a superset: "often" passes for "ten").
_NUMBER_WORD_HINT = re.compile(
    "|".join(sorted({*_NUMBER_WORDS, *_ORDINALS}, key=len, reverse=True))
)


_NUMBER_TOKENS = frozenset({*_NUMBER_WORDS, *_ORDINALS})
_ASCII_WORD = re.compile(r"[a-z]+")


def _may_hold_number(line: str) -> bool:
    """Whether a line has a digit or a number word.

    On ASCII text a word token of ``_WORD_RE`` is a whole run of letters unless it follows a digit
    ("5thten"), so a set test of the letter runs is exact (and faster than a substring search)."""
    if _DIGIT.search(line) is not None:
        return True
    if line.isascii():
        return not _NUMBER_TOKENS.isdisjoint(_ASCII_WORD.findall(line.lower()))
    return _NUMBER_WORD_HINT.search(line.lower()) is not None


@lru_cache(maxsize=8)  # extract_facts, digitize and spoken_digit_strings share one long text
def _numbers(text: str) -> tuple[_Num, ...]:
    """Every number in ``text``: digit strings and runs of number words, with their offsets.

    A run of words is split where a new number obviously starts: "twenty one forty seven" gives 21
    and 47 (a units or tens word after a units word starts a new number).
    """
    out: list[_Num] = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        if run:
            value = words_to_number([w for w, _, _ in run])
            if value is not None:
                out.append(_Num(value, run[0][1], run[-1][2], True))
            run.clear()

    for a, b in _lines_where(_may_hold_number, text):
        for m in _WORD_RE.finditer(text, a, b):
            tok = m.group().lower()
            tok = _ORDINALS.get(tok, tok)
            if tok in _COUNTING_WORDS:
                prev = run[-1][0] if run else None
                new_number = prev is not None and (
                    (prev in _UNITS and tok not in _SCALES)
                    or (prev in _TENS and tok in _TENS)
                    or (prev in _TENS and tok in _UNITS and _UNITS[tok] >= 10)
                )
                if new_number:
                    flush()
                run.append((tok, m.start(), m.end()))
            elif tok in ("-", "and") and run and run[-1][0] in _NUMBER_WORDS:
                continue  # "fifty-two", "two hundred and five"
            else:
                if run:
                    flush()
                if tok[0].isdigit() or (tok[0] == "$" and len(tok) > 1):
                    digits = re.sub(r"(?:st|nd|rd|th)$", "", tok.lstrip("$").replace(",", ""))
                    with contextlib.suppress(ValueError):
                        out.append(_Num(float(digits), m.start(), m.end(), False))
        flush()  # the newline after the line ends a run
    return tuple(out)


def _digits(chain: list[_Num], k: int) -> str:
    """One chain element's digits, with a leading 0 for "oh" ("nine oh five" -> 9, 05)."""
    value = fmt_number(chain[k].value)
    return (
        f"0{value}"
        if k and chain[k].start - chain[k - 1].end > 3 and value.isdigit() and len(value) == 1
        else value
    )


def digitize(text: str) -> str:
    """``text`` with spelled numbers as digits ("apartment four B" -> "apartment 4 B")."""
    out, pos = [], 0
    for n in _numbers(text):
        if n.spelled:
            out += [text[pos : n.start], fmt_number(n.value)]
            pos = n.end
    return "".join([*out, text[pos:]])


def spoken_digit_strings(text: str) -> set[str]:
    """Numbers read digit by digit or in pairs: "two-one" -> "21", "fourteen twenty" -> "1420".

    Only the transcript side needs these: a summary writes "Patrol 21" for radio "two-one".
    """
    out: set[str] = set()
    nums = _numbers(text)
    chain: list[_Num] = []
    for n in [*nums, None]:
        if (
            n is not None
            and chain
            and n.spelled
            and _CHAIN_GAP.fullmatch(text, chain[-1].end, n.start)
        ):
            chain.append(n)
            continue
        if len(chain) == 2 and chain[1].value < 100:  # "nineteen forty-nine" = 19.49
            out.add(f"{fmt_number(chain[0].value)}.{int(chain[1].value):02d}")
        if len(chain) > 1:
            for i in range(len(chain) - 1):
                for j in range(i + 2, len(chain) + 1):
                    out.add("".join(_digits(chain, k) for k in range(i, j)))
        chain = [n] if n is not None and n.spelled else []
    for m in _point_matches(text):  # "point one one" = 0.11, "three point five" = 3.5
        whole = words_to_number(m.group(1).lower().split()) if m.group(1) else 0
        digits = "".join(str(_UNITS[w]) for w in m.group(2).lower().split())
        out.add(f"{fmt_number(whole or 0)}.{digits}")
    return out


_CHAIN_GAP = re.compile(r"[ \t,-]*(?:oh[ \t]+)?")
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_POINT_RE = re.compile(rf"(?:\b([a-z]+)\s+)?\bpoint\s+({_DIGIT_WORD}(?:\s+{_DIGIT_WORD})*)\b", re.I)


_POINT = re.compile("point")


def _point_matches(text: str) -> Iterator[re.Match[str]]:
    """``_POINT_RE.finditer(text)``; on ASCII text only where "point" or the word before it starts
    (a match has at most one word before "point"), on the lower-cased text."""
    twin = _twin(_POINT_RE)
    if twin is None or not text.isascii():
        return _POINT_RE.finditer(text)
    low = text.lower()
    starts: set[int] = set()
    for m in _POINT.finditer(low):
        starts.add(m.start())
        j = m.start()
        while j and low[j - 1].isspace():
            j -= 1
        k = j
        while k and "a" <= low[k - 1] <= "z":
            k -= 1
        if k < j < m.start():
            starts.add(k)
    return _finditer_at(twin, low, sorted(starts))


def fmt_number(value: float) -> str:
    """``52.0`` -> ``"52"``, ``0.08`` -> ``"0.08"``."""
    return str(int(value)) if value == int(value) else f"{value:g}"


# A quantity's unit: the word after the number (plural folded), with a few spelled-out synonyms.
_UNIT_SYNONYMS = {
    "mile": "mph", "mph": "mph", "dollar": "$", "buck": "$", "year": "year", "yr": "year",
    "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour",
    "second": "second", "sec": "second", "foot": "foot", "feet": "foot", "ft": "foot",
    "inch": "inch", "beer": "drink", "drink": "drink", "shot": "drink", "pound": "pound",
    "lb": "pound", "gram": "gram", "g": "gram", "block": "block", "percent": "%",
}  # fmt: skip
_SPEED_RE = re.compile(r"\s+in\s+an?\s+(?:\d+|[a-z]+[- ]?[a-z]*)\s*(?:zone|mph)?\b", re.I)
_SPEED_RE_BEFORE = re.compile(r"\b(?:\d+|[a-z]+)\s+in\s+an?\s+$", re.I)
_DURATION_UNITS = {"minute", "hour", "second", "day", "week", "month"}
_SKIP_AFTER = {"of", "in", "or", "and", "to", "a", "the", "at", "on", "for", "by"}


_NEXT_WORD = re.compile(r"[ \t]*(?:-[ \t]*)?([A-Za-z]+)")


def _unit_after(text: str, end: int) -> str | None:
    m = _NEXT_WORD.match(text, end)
    if not m:
        return None
    word = m.group(1).lower()
    if word in _SKIP_AFTER or word in _NUMBER_WORDS:
        return None
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


_COUNT_HINT = {"year", "minute", "hour", "second", "dollar", "buck", "mile", "beer", "drink", "day"}


class _Mask:
    """Which characters of a text are already taken by a fact (linear, unlike pairwise checks)."""

    def __init__(self, size: int) -> None:
        self.bits = bytearray(size)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * (end - start)

    def any(self, start: int, end: int) -> bool:
        return 1 in self.bits[start:end]

    def all(self, start: int, end: int) -> bool:
        return 0 not in self.bits[start:end]


# --- times ---------------------------------------------------------------------------------------

_TIME_PATTERNS = [
    # 2147 hours, 0930 hrs
    (re.compile(r"\b([01]?\d|2[0-3])([0-5]\d)\s*(?:hours|hrs)\b", re.I), "hhmm"),
    # 9:30, 9:30 p.m., 21:47
    (re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)(?:\s*([ap])\.?\s?m\b\.?)?", re.I), "hm"),
    # 9 p.m., 9pm
    (re.compile(r"\b(1[0-2]|0?[1-9])\s*([ap])\.?\s?m\b\.?", re.I), "h_ampm"),
]
_SPELLED_TIME = re.compile(
    r"\b(half|quarter)\s+(past|after|to|till)\s+([a-z]+)\b|\b([a-z]+)\s+o'?clock\b", re.I
)


def _spelled_time_matches(text: str) -> Iterator[re.Match[str]]:
    """``_SPELLED_TIME.finditer(text)``; on ASCII text only where a match can start ("half",
    "quarter", or the word before "o'clock"), on the lower-cased text."""
    twin = _twin(_SPELLED_TIME)
    if twin is None or not text.isascii():
        return _SPELLED_TIME.finditer(text)
    low = text.lower()
    starts = _occurrences(low, ("half", "quarter"))
    for at in _occurrences(low, ("clock",)):
        o = at - 2 if low[at - 1 : at] == "'" else at - 1  # "o'clock" or "oclock"
        if o >= 0 and low[o] == "o" and (k := _word_before(low, o)) is not None:
            starts.add(k)
    return _finditer_at(twin, low, sorted(starts))


_TIME_CUE = re.compile(
    r"\b(?:at|time(?:\s+is|\s+now)?|about|around|approximately|by|until|since)\s*$", re.I
)


_CLOCK_GAP = re.compile(r"[ \t]+(?:oh[ \t]+)?", re.I)
_CLOCK_SUFFIX = re.compile(r"[ \t]*(?:hours|hrs|[ap]\.?m\b)", re.I)


def _clock(text: str, start: int, end: int, hour: int, minute: int, ampm: str | None) -> Fact:
    """A clock-time fact.  Its value is folded to a 12-hour dial so that 21:47 and 9:47 compare
    equal ("9:47" may be either); it is shown with the hour as written, on a 24-hour clock when
    a.m./p.m. says which ("2217 hours" -> "22:17", "9 p.m." -> "21:00", "0930 hours" -> "09:30")."""
    if ampm and ampm.lower() == "p" and hour < 12:
        hour += 12
    elif ampm and ampm.lower() == "a" and hour == 12:
        hour = 0
    written = text[start:end]
    pad = 2 if hour == 0 or (written[:1] == "0" and written[1:2].isdigit()) else 1  # "0930"
    return Fact(
        "time",
        f"{hour % 12}:{minute:02d}",
        start,
        end,
        written,
        "clock",
        shown=f"{hour:0{pad}d}:{minute:02d}",
    )


def _times(text: str, nums: list[_Num]) -> list[Fact]:
    out: list[Fact] = []
    taken = _Mask(len(text))
    digit_starts = [m.start() for m in _DIGITS.finditer(text)]
    for pattern, shape in _TIME_PATTERNS:
        # Each pattern starts with a word boundary and a digit: try only where digits start.
        for m in _finditer_at(pattern, text, digit_starts):
            if taken.any(m.start(), m.end()):
                continue
            hour = int(m.group(1))
            if shape == "h_ampm":
                out.append(_clock(text, m.start(), m.end(), hour, 0, m.group(2)))
            else:
                ampm = m.group(3) if shape == "hm" else None
                out.append(_clock(text, m.start(), m.end(), hour, int(m.group(2)), ampm))
            taken.add(m.start(), m.end())
    for m in _spelled_time_matches(text):
        word = (m.group(3) or m.group(4)).lower()
        hour = _UNITS.get(word) or (int(word) if word.isdigit() else None)
        if hour is None or hour > 12:
            continue
        minute = 0
        if m.group(1):
            minute = 30 if m.group(1).lower() == "half" else 15
            if m.group(2).lower() in ("to", "till"):
                hour, minute = (hour - 1) % 12, 60 - minute
        out.append(_clock(text, m.start(), m.end(), hour, minute, None))
        taken.add(m.start(), m.end())
    # Spoken clock readings: "nine forty-seven", "twenty-one forty-seven", "nine oh five".
    for a, b in itertools.pairwise(nums):
        # Cheapest tests first: most pairs of numbers are not two spelled clock-like numbers.
        clock_like = 1 <= a.value <= 23 and 0 <= b.value <= 59 and a.value == int(a.value)
        if not (clock_like and a.spelled and b.spelled):
            continue
        if not _CLOCK_GAP.fullmatch(text, a.end, b.start):
            continue
        cue = _TIME_CUE.search(text[max(0, a.start - 30) : a.start]) or _CLOCK_SUFFIX.match(
            text[b.end : b.end + 12]
        )
        if cue:
            out.append(_clock(text, a.start, b.end, int(a.value), int(b.value), None))
    return out


# --- lexicons ------------------------------------------------------------------------------------

LEXICON_KINDS = {"weapon": "weapons", "drug": "drugs", "injury": "injuries", "force": "force"}


@dataclass(frozen=True)
class Vocabulary:
    """The word lists facts are read with (data/wordlists), compiled once per set of lists."""

    lexicon: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, str]]]
    colour: re.Pattern[str]
    make: re.Pattern[str]


@lru_cache(maxsize=8)
def _compile_vocabulary(lists: WordLists) -> Vocabulary:
    lexicon = {}
    for kind, name in LEXICON_KINDS.items():
        pattern, values = lists.matcher(name)
        # Case-folded matching is much slower in `re`: search lower-cased text when offsets survive.
        lexicon[kind] = (pattern, lowercase_regex(pattern), values)
    makes, nouns = lists.alternation("vehicle_makes"), lists.alternation("vehicle_types")
    colour = re.compile(
        rf"\b({lists.alternation('colours')})\b(?=\s+(?:\w+\s+){{0,2}}(?:{makes}|{nouns})\b)", re.I
    )
    return Vocabulary(lexicon, colour, re.compile(rf"\b({makes})\b", re.I))


def vocabulary(lists: WordLists | None = None) -> Vocabulary:
    """The compiled vocabulary of ``lists`` (the shipped word lists by default)."""
    return _compile_vocabulary(lists or shipped_wordlists())


# Letters and digits mixed (checked after matching: lookaheads at every word are slow).
_PLATE_RE = re.compile(r"\b[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5}\b")

_AS_IN = re.compile(r"[ \t]+in[ \t]+[a-z]+", re.I)


def spoken_plates(text: str) -> list[Fact]:
    """Plates read out: runs of phonetic-alphabet words, single letters and digits (>= 4 chars)."""
    # Most lines hold no plate at all: skip them without tokenising.
    return [
        Fact(f.kind, f.value, f.start + a, f.end + a, f.text, f.unit)
        for a, b in _lines_where(_may_hold_plate, text)
        for f in _line_plates(text[a:b])
    ]


_PLATE_HINT = re.compile(
    # A lone capital (not the words "I" and "A") or a phonetic-alphabet word.
    r"(?-i:\b[B-HJ-Z]\b)|\b(?:" + "|".join(sorted(PHONETIC, key=len, reverse=True)) + r")\b",
    re.I,
)
# The same test in parts that run fast on lower-cased ASCII lines, and the digit a plate needs (a
# digit or a digit word; a substring test, so a superset).
_LONE_CAPITAL = re.compile(r"\b[B-HJ-Z]\b")
PHONETIC_LOWER = re.compile(r"\b(?:" + "|".join(sorted(PHONETIC, key=len, reverse=True)) + r")\b")
_DIGIT_HINT = re.compile(r"\d|zero|oh|one|two|three|four|five|six|seven|eight|nine")


def _may_hold_plate(line: str) -> bool:
    """Whether :func:`_line_plates` may find a plate in ``line`` (a cheap superset test)."""
    if not line.isascii():
        return _PLATE_HINT.search(line) is not None
    low = line.lower()
    return _DIGIT_HINT.search(low) is not None and (
        _LONE_CAPITAL.search(line) is not None or PHONETIC_LOWER.search(low) is not None
    )


def _line_plates(text: str) -> list[Fact]:
    out: list[Fact] = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        if not run:
            return
        chars = "".join(c for c, _, _ in run)
        if len(chars) >= 4 and any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars):
            out.append(
                Fact("vehicle", chars, run[0][1], run[-1][2], text[run[0][1] : run[-1][2]], "plate")
            )
        run.clear()

    skip_to = 0  # the spelling word after "as in" ("N as in nancy") is not part of the plate
    for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?|\d+|\n|[^\sA-Za-z\d]", text):
        if m.start() < skip_to:
            continue
        tok = m.group()
        low = tok.lower()
        if low in PHONETIC:
            run.append((PHONETIC[low], m.start(), m.end()))
        elif tok.isdigit() and len(tok) <= 7:
            run.append((tok, m.start(), m.end()))
        elif low in _UNITS and _UNITS[low] < 10:
            run.append((str(_UNITS[low]), m.start(), m.end()))
        elif len(tok) == 1 and tok.isalpha() and tok.isupper():
            run.append((tok, m.start(), m.end()))
        elif tok in ",-" and run:
            continue
        elif low == "as" and run and _AS_IN.match(text, m.end()):
            skip_to = _AS_IN.match(text, m.end()).end()
            continue
        else:
            flush()
    flush()
    return out


# --- names and places ----------------------------------------------------------------------------

_TITLE = (
    r"(?:Officer|Ofc\.?|Sgt\.?|Sergeant|Det\.?|Detective|Lt\.?|Lieutenant|Cpl\.?|Corporal|Deputy|"
    r"Dep\.?|Capt\.?|Captain|Trooper|Agent|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)"
)
_CAP = r"[A-Z](?:'[A-Z])?[a-z]+(?:-[A-Z][a-z]+)?(?!-[a-z])"  # Smith-Jones, O'Brien; not Sims-based
# Names never run across a line break: a heading line ("Officer Narrative") is not the first half
# of a name on the next line.
_TITLED_NAME = re.compile(rf"\b{_TITLE}[ \t]+((?:{_CAP}[ \t]+)?{_CAP})")
_STREET = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Court|"
    r"Ct\.?|Place|Pl\.?|Highway|Hwy\.?|Parkway|Pkwy\.?|Circle|Terrace|Park|Plaza|Mall"
)
_PLACE_RE = re.compile(
    rf"\b(?:(\d+)\s+)?((?:{_CAP}|\d+(?:st|nd|rd|th))(?:\s+{_CAP})?)\s+(?:{_STREET})(?![a-z])"
)
_STREET_WORD = re.compile(rf"(?:{_STREET})(?![a-z])")


def _place_matches(text: str) -> Iterator[re.Match[str]]:
    """``_PLACE_RE.finditer(text)``, trying only the starts a match can have.

    A match ends with a street word after at most three whitespace-separated pieces (number,
    name, name), so it starts within the three runs of non-space characters before a street
    word: a few positions per street word instead of every character of a long transcript."""
    pos = 0  # finditer resumes at the end of the last match; starts below were all tried
    for hit in _STREET_WORD.finditer(text):
        lo = hit.start()
        for _ in range(3):
            while lo and text[lo - 1].isspace():
                lo -= 1
            while lo and not text[lo - 1].isspace():
                lo -= 1
        for start in range(max(pos, lo), hit.start() + 1):
            if (m := _PLACE_RE.match(text, start)) is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = max(pos, hit.start() + 1)


_APARTMENT_RE = re.compile(
    r"\b(?:apartment|apt\.?|unit|room)\s+#?(\d+[A-Za-z]?|[A-Za-z]\d*)\b", re.I
)


def _apartment_matches(text: str) -> Iterator[re.Match[str]]:
    """``_APARTMENT_RE.finditer(text)``; on ASCII text only where one of its words starts."""
    twin = _twin(_APARTMENT_RE)
    if twin is None or not text.isascii():
        return _APARTMENT_RE.finditer(text)
    low = text.lower()
    return _finditer_at(twin, low, sorted(_occurrences(low, ("apartment", "apt", "unit", "room"))))


_CAP_RUN = re.compile(rf"\b{_CAP}(?:[ \t]+{_CAP})*\b")
# Capitalised words that are not names of people in a report narrative.
_STREET_AFTER = re.compile(rf"[ \t]+(?:{_STREET})\b")


# Heading and label lines of a report: their capitals mark a heading, not a name.
_MINOR = r"(?:of|and|the|to|in|for|on|at|by|with|or|a|an|&|/|-)"
_TITLE_WORD = r"[A-Z][\w'’/&-]*"
_TITLE_PHRASE = rf"{_TITLE_WORD}(?:[ \t]+(?:{_TITLE_WORD}|{_MINOR})){{0,3}}"  # up to four words
_MARKUP = r"(?:\*\*?|__?)?"
_MARKDOWN_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t].*)?")
# "**Narrative**", "*Details:*" (not an emphasised sentence: that ends with a full stop).
_EMPHASISED_LINE = re.compile(r"[ \t]*(\*\*?|__?)(?:(?![.!?]|\1).)+\1[ \t]*:?[ \t]*")
_SHORT_TITLE_LINE = re.compile(rf"[ \t]*{_TITLE_PHRASE}[ \t]*:?[ \t]*")  # "Evidence Collected"
_LABEL = re.compile(rf"[ \t]*(?:[-*+][ \t]+)?{_MARKUP}{_TITLE_PHRASE}{_MARKUP}[ \t]*:{_MARKUP}")


def heading_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the heading or label text in each line of ``text``.

    A whole line is a heading when it is a Markdown heading, wholly emphasised, or a short
    title-case line (at most four words, no sentence punctuation) that opens the text or a
    paragraph.  A label is the "Words:" opening of a line that goes on: "Suspect: Kevin Marsh"
    gives "Suspect:" and leaves the name to be checked.
    """
    out: list[tuple[int, int]] = []
    pos, prev_blank = 0, True
    for line in text.split("\n"):
        if (
            _MARKDOWN_HEADING.fullmatch(line)
            or _EMPHASISED_LINE.fullmatch(line)
            # Only where a paragraph starts: in a bare list of names ("Persons involved:" then
            # "Kevin Marsh") a short title-case line states a person.
            or (prev_blank and _SHORT_TITLE_LINE.fullmatch(line))
        ):
            out.append((pos, pos + len(line)))
        elif m := _LABEL.match(line):
            out.append((pos, pos + m.end()))
        pos += len(line) + 1
        prev_blank = not line.strip()
    return out


def _names(text: str, vocab: Vocabulary) -> list[Fact]:
    out: list[Fact] = []
    taken = _Mask(len(text))
    for m in _TITLED_NAME.finditer(text):
        if all(w.lower() in NOT_NAMES for w in m.group(1).split()):
            continue  # "Officer Narrative", "Officer Report" are section titles
        out.append(Fact("person", m.group(1).lower(), m.start(), m.end(), m.group(), "titled"))
        taken.add(m.start(), m.end())
    # Capitalised runs in a heading are title case, not names (titled names above still count).
    headings = _Mask(len(text))
    for start, end in heading_spans(text):
        headings.add(start, end)
    for m in _CAP_RUN.finditer(text):
        if taken.any(m.start(), m.end()) or headings.any(m.start(), m.end()):
            continue
        words = m.group().split()
        # Drop leading/trailing non-name words ("Then Marcus" -> "Marcus").
        start = m.start()
        while words and words[0].lower() in NOT_NAMES:
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[-1].lower() in NOT_NAMES:
            words = words[:-1]
        if not words or (_sentence_initial(text, start) and len(words) == 1):
            continue
        phrase = " ".join(words)
        end = start + len(phrase)
        if text[start:end] != phrase or _STREET_AFTER.match(text, end):
            continue
        if any(vocab.make.fullmatch(w) or w.lower() in PHONETIC for w in words):
            continue
        out.append(Fact("person", phrase.lower(), start, end, phrase, "name"))
    return out


def _sentence_initial(text: str, start: int) -> bool:
    # Markdown emphasis is not a word: "**Disposition:** Arrested" starts after the label.
    before = text[max(0, start - 40) : start].rstrip().rstrip("*_#>").rstrip()
    return not before or before[-1] in '.!?:\n"“(-' or before.endswith(("'", "‘"))


# --- the extractor -------------------------------------------------------------------------------


VEHICLE_DETAILS = ("plate", "colour", "make")


def extract_facts(
    text: str,
    *,
    kinds: tuple[str, ...] = KINDS,
    vehicle_details: tuple[str, ...] = VEHICLE_DETAILS,
    lists: WordLists | None = None,
) -> list[Fact]:
    """Every fact in ``text`` of the given kinds, sorted by position, read with the word
    ``lists`` (weapons, drugs, vehicles ...; the shipped ones by default).

    Numbers that are part of a time, an address or a plate are reported only as that fact.
    Spelled "one" is not a number fact: it is a pronoun far more often than a count.
    ``vehicle_details`` limits the vehicle facts to those units (colours and makes are slow to
    find in a long transcript and hide no numbers, so a caller that needs none can skip them).
    """
    vocab = vocabulary(lists)
    nums = _numbers(text)
    facts: list[Fact] = []
    if "time" in kinds or "number" in kinds:
        facts += _times(text, nums)
    if "place" in kinds or "number" in kinds:
        for m in _place_matches(text):
            facts.append(
                Fact("place", m.group(2).lower(), m.start(), m.end(), m.group(), m.group(1))
            )
        for m in _apartment_matches(text):
            unit = m.group(1).upper()
            facts.append(Fact("place", unit, m.start(), m.end(), text[m.start() : m.end()], "unit"))
    if "vehicle" in kinds or "number" in kinds:
        facts += [
            Fact(
                "vehicle",
                m.group().upper().replace(" ", "").replace("-", ""),
                m.start(),
                m.end(),
                m.group(),
                "plate",
            )
            for a, b in _lines_where(_DIGIT.search, text)  # a plate has a digit
            for m in _PLATE_RE.finditer(text, a, b)
            if re.search(r"\d", m.group()) and re.search(r"[A-Z]", m.group())
            if not re.fullmatch(r"\d+(?:st|nd|rd|th)?|[A-Z]\d{1,2}|\d{1,2}[A-Z]", m.group())
        ]
        facts += spoken_plates(text)
    if "vehicle" in kinds and "colour" in vehicle_details:
        facts += [
            Fact(
                "vehicle",
                m.group(1).lower().replace("grey", "gray"),
                m.start(),
                m.end(),
                m.group(),
                "colour",
            )
            for m in vocab.colour.finditer(text)
        ]
    if "vehicle" in kinds and "make" in vehicle_details:
        facts += [
            Fact("vehicle", m.group(1).lower(), m.start(), m.end(), m.group(), "make")
            for m in vocab.make.finditer(text)
        ]
    if "number" in kinds:
        covered = _Mask(len(text))
        for f in facts:
            if f.kind in ("time", "place") or f.unit == "plate":
                covered.add(f.start, f.end)
        for n in nums:
            if covered.all(n.start, n.end):
                continue
            if n.spelled and (n.value <= 1 or (n.value == 2 and text[n.end : n.end + 1] == "-")):
                continue  # "one" is mostly a pronoun; "two-vehicle" describes, it does not count
            unit = _unit_after(text, n.end)
            if _SPEED_RE.match(text, n.end) or _SPEED_RE_BEFORE.search(
                text[max(0, n.start - 40) : n.start]
            ):
                unit = "mph"  # "fifty-two in a thirty-five"
            if text[max(0, n.start - 1) : n.start] == "$" or text[n.start] == "$":
                unit = "$"
            kind = "time" if unit in _DURATION_UNITS else "number"
            facts.append(
                Fact(kind, fmt_number(n.value), n.start, n.end, text[n.start : n.end], unit)
            )
    if "person" in kinds:
        facts += _names(text, vocab)
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
    if "vehicle" in kinds and vehicle_details != VEHICLE_DETAILS:
        wanted = {f for f in wanted if f.kind != "vehicle" or f.unit in vehicle_details}
    return _drop_nested(sorted(wanted, key=_outer_first))


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
