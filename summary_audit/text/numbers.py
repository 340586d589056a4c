"""Numbers as people write and say them: the one grammar every rule family reads numbers with.

Written: ``52``, ``1,200``, ``0.08``, ``.5``, ``1.5 million``, ``21st``, ``$1,200.50``, ``15%``.
Spoken: ``fifty-two``, ``two hundred and five``, ``a dozen``, ``one point five``, ``point oh
eight``, ``two and a half``, ``twenty-first``, ``forty dollars``, ``fifteen percent``.  A height
(``5'9"``, ``five foot nine``) is a number with two units and is read here too.

Values are :class:`~decimal.Decimal` (never float: a 400-digit number is kept, not overflowed) and
are compared through :func:`fmt_number`, their canonical text (``52``, ``1.5``, ``0.08``).

The grammar reads a stream of raw tokens (:class:`Stream`): :mod:`summary_audit.text.normalize`
cuts text into them, and the readers of :mod:`~summary_audit.text.times` (clock times, dates) and
:mod:`~summary_audit.text.plates` (licence plates) read the same stream, so that every consumer --
alignment, quotes, the fact extractor -- sees one reading of each phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from summary_audit.text.wordlists import FILLERS

__all__ = [
    "DIGIT_WORDS",
    "NUMBER_WORDS",
    "RawToken",
    "Stream",
    "Value",
    "fmt_number",
    "number_run",
    "ordinal_suffix",
    "parse_number",
    "to_decimal",
]

RawToken = tuple[str, int, int, str]  # (norm, start, end, kind): the fast token form

# Digit strings longer than this are kept as text: no arithmetic on them (a 400-digit number is a
# number, but nobody says it and Decimal arithmetic would round it to 28 digits).
MAX_DIGITS = 18


def _numbered(words: str, first: int, step: int = 1) -> dict[str, int]:
    """``_numbered("ten eleven", 10)`` -> ``{"ten": 10, "eleven": 11}``."""
    return {w: first + i * step for i, w in enumerate(words.split())}


UNITS = _numbered("one two three four five six seven eight nine", 1)
TEENS = _numbered(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10
)
TENS = {
    **_numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10),
    "fourty": 40,  # a common misspelling in typed transcripts
}
SCALES = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# Ordinal words with the cardinal kind they behave like.  The bare word "second" is left out on
# purpose: it is far more often a unit of time ("wait a second") than an ordinal; "twenty-second"
# is read by number_run.
ORDINAL_WORDS: dict[str, tuple[int, str]] = {
    **{
        w: (v, "unit")
        for w, v in _numbered(
            "first second third fourth fifth sixth seventh eighth ninth", 1
        ).items()
        if w != "second"
    },
    **{
        w: (v, "teen")
        for w, v in _numbered(
            "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
            "eighteenth nineteenth",
            10,
        ).items()
    },
    **{
        w: (v, "tens")
        for w, v in _numbered(
            "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth", 20, 10
        ).items()
    },
    "hundredth": (100, "hundred"),
    "thousandth": (1000, "scale"),
}
# Words read digit by digit: "point oh eight", "four one niner", "oh nine hundred".
DIGIT_WORDS = {"zero": 0, "oh": 0, "niner": 9, **UNITS}
NUMBER_WORDS = frozenset(
    set(UNITS) | set(TEENS) | set(TENS) | set(SCALES) | set(ORDINAL_WORDS) | {"zero", "hundred"}
)
# Which word kind may follow which: the grammar of spoken cardinal numbers.
_FOLLOWS = {
    "unit": {None, "tens", "hundred", "scale", "and"},
    "teen": {None, "hundred", "scale", "and"},
    "tens": {None, "hundred", "scale", "and"},
    "hundred": {"unit", "teen", "a"},
    "scale": {"unit", "teen", "tens", "hundred", "a"},
    "dozen": {"unit", "a"},
    "zero": {None},
}
MONEY_WORDS = frozenset({"dollars", "dollar", "bucks", "buck"})
PERCENT_WORDS = frozenset({"percent", "per cent", "pct"})
CENTS = frozenset({"cents", "cent"})
_NUM = ("num", "word")
FEET_WORDS = frozenset({"foot", "feet", "ft"})
INCH_WORDS = frozenset({"inches", "inch", "in"})
HALF = Decimal("0.5")
# What "and" adds after a whole number: "two and a half", "six and three quarters".
_FRACTIONS = {
    ("a", "half"): HALF,
    ("one", "half"): HALF,
    ("a", "quarter"): Decimal("0.25"),
    ("one", "quarter"): Decimal("0.25"),
    ("three", "quarters"): Decimal("0.75"),
}


@dataclass(frozen=True, slots=True)
class Value:
    """One value read from text: what every consumer compares.

    ``kind`` is ``number``, ``ordinal``, ``money``, ``percent``, ``height``, ``time``, ``date`` or
    ``plate``; ``norm`` its comparison form (``52``, ``21st``, ``$1200.50``, ``15%``, ``5'9``,
    ``21:30``, ``3/3/2024``, ``pa3479``); ``start``/``end`` point into the text (a trailing comma
    or full stop is never inside).  ``number`` is the numeric value of a number, ordinal, money or
    percent; ``spoken`` says it was read from words.  ``readings`` are other plausible readings
    as numbers ("nine thirty" is a time, but may also be 9 and 30, or 930) that may support a
    claim but never contradict one.
    """

    kind: str
    norm: str
    start: int
    end: int
    spoken: bool = False
    number: Decimal | None = None
    readings: tuple[str, ...] = ()
    # A unit said inside the value ("a gram and a half"): the unit word and where the number
    # part ends and the unit word starts, so comparison tokens read "1.5 gram" like "1.5 grams".
    unit: str | None = None
    inner: tuple[int, int] | None = None

    def raw(self) -> RawToken:
        return (self.norm, self.start, self.end, self.kind)

    def tokens(self) -> list[RawToken]:
        """The comparison tokens of this value: one, or the number and its inner unit word."""
        if self.inner is None or self.unit is None:
            return [(self.norm, self.start, self.end, self.kind)]
        return [
            (self.norm, self.start, self.inner[0], self.kind),
            (self.unit, self.inner[1], self.end, "word"),
        ]


def to_decimal(digits: str) -> Decimal | None:
    """The value of a digit string (commas allowed), or None when it is not one or too long to
    do arithmetic on (see ``MAX_DIGITS``)."""
    plain = digits.replace(",", "")
    if len(plain.lstrip("0").split(".")[0]) > MAX_DIGITS:
        return None
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def fmt_number(value: Decimal | int | float | str) -> str:
    """The canonical text of a number: ``52``, ``1.5``, ``0.08`` (no exponent, no trailing zero).

    A digit string too long for arithmetic is returned as written, without commas."""
    if isinstance(value, str):
        parsed = to_decimal(value)
        if parsed is None:
            return value.replace(",", "").lstrip("0") or "0"
        value = parsed
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def money_norm(value: Decimal) -> str:
    """``$40``, ``$1200.50``, ``$0.125``: whole amounts without cents, others with at least two
    decimals ("$6.5" and "$6.50" are the same amount)."""
    if value == value.to_integral_value():
        return f"${int(value)}"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return f"${value.quantize(Decimal('0.01'))}"
    return f"${fmt_number(value)}"


def ordinal_suffix(n: int) -> str:
    """``st``, ``nd``, ``rd`` or ``th`` for ``n``."""
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _classify(word: str) -> tuple[str, int, bool] | None:
    """(kind, value, is_ordinal) of one number word, or None."""
    if word in UNITS:
        return "unit", UNITS[word], False
    if word in TEENS:
        return "teen", TEENS[word], False
    if word in TENS:
        return "tens", TENS[word], False
    if word in SCALES:
        return "scale", SCALES[word], False
    if word == "hundred":
        return "hundred", 100, False
    if word == "dozen":
        return "dozen", 12, False
    if word == "zero":
        return "zero", 0, False
    if word in ORDINAL_WORDS:
        value, kind = ORDINAL_WORDS[word]
        return kind, value, True
    return None


def number_run(words: Sequence[str]) -> tuple[Decimal, int, bool] | None:
    """The longest prefix of ``words`` that reads as one number: (value, words used, ordinal).

    ``["two", "hundred", "and", "five", "men"]`` -> ``(205, 4, False)``; ``["five", "nine"]`` ->
    ``(5, 1, False)`` (two units in a row are two numbers); ``["one", "point", "five"]`` ->
    ``(1.5, 3, False)``; ``["two", "and", "a", "half"]`` -> ``(2.5, 4, False)``.
    """
    total = current = 0
    last: str | None = None
    best: tuple[Decimal, int, bool] | None = None
    last_scale = 0  # scales fall left to right ("two million four thousand")
    before_group = None  # the reading up to the last scale: where a repeated scale cuts back to
    for i, word in enumerate(words):
        if word == "and" and last not in (None, "a", "zero"):
            part = _FRACTIONS.get(tuple(words[i + 1 : i + 3]))
            if part is not None:  # "two and a half", "twenty-six and three quarters"
                return Decimal(total + current) + part, i + 3, False
        if word == "and" and last in ("hundred", "scale"):
            last = "and"
            continue
        if word == "a" and i == 0:
            last = "a"
            continue
        if word == "point" and (last not in (None, "a", "and") or i == 0):
            digits = []
            for w in words[i + 1 :]:
                if w not in DIGIT_WORDS:
                    break
                digits.append(str(DIGIT_WORDS[w]))
            # A leading "point" needs two digits, so "at that point one of them" stays words.
            if len(digits) >= (2 if last is None else 1):
                value = Decimal(f"{total + current}.{''.join(digits)}")
                return value, i + 1 + len(digits), False
            break
        info = ("unit", 2, True) if word == "second" and last == "tens" else _classify(word)
        if info is None:
            break
        kind, value, ordinal = info
        if i == 0 and kind == "hundred":
            last = "a"  # "hundred and five", "every hundred yards", said alone, are "a hundred"
        if last not in _FOLLOWS[kind] or (kind == "unit" and last == "tens" and value == 0):
            break
        if current >= 100 and words[i + 1 : i + 2] == ["hundred"]:
            break  # "one hundred twenty one hundred": the second "one" starts a number
        if kind == "hundred":
            if current >= 100:
                break  # "five hundred five hundred one" is a count, not 50501
            current = max(current, 1) * 100
        elif kind == "scale":
            if last_scale and value >= last_scale:
                # "four million four million" is a count: the second "four" starts a number
                return before_group
            total += max(current, 1) * value
            current, last_scale = 0, value
            before_group = (Decimal(total), i + 1, False)
        elif kind == "dozen":
            current = max(current, 1) * 12
        else:
            current += value
        best = (Decimal(total + current), i + 1, ordinal)
        if ordinal or kind == "zero":
            break
        last = kind
    return best


_NUMBER_CHARS = frozenset("0123456789.,$")


def parse_number(words: str) -> Decimal | None:
    """The value of a number written in digits or words, or None if ``words`` is not one number.

    ``"fifty-two"`` -> 52, ``"two hundred and five"`` -> 205, ``"1,200"`` -> 1200, ``"$40"`` ->
    40, ``"point oh eight"`` -> 0.08, ``"21st"`` -> 21, ``"a dozen"`` -> 12, ``"one and a half"``
    -> 1.5.  It reads through the same grammar as running text (see :func:`read_values`).
    """
    from summary_audit.text.normalize import read_values  # the reader builds on this module

    text = words.strip()
    found = read_values(text)
    if len(found) != 1:
        return None
    v = found[0]
    if v.start != 0 or v.end != len(text) or v.kind in ("time", "date", "height", "plate"):
        return None
    if v.number is None and v.norm.isdigit():
        return Decimal(v.norm)  # too long for arithmetic, but a number all the same
    return v.number


_FILLER_GAP = re.compile(
    r"[ \t-]*(?:(?:" + "|".join(sorted(FILLERS, key=len, reverse=True)) + r")\b[ \t-]*)*",
    re.IGNORECASE,
)


def gap_ok(text: str, end: int, start: int) -> bool:
    """True if only spaces, hyphens or fillers separate two tokens (no comma, period or line
    break), so "a um hundred" reads as one number just like "a hundred"."""
    if start - end == 1 and text[end] in " -":  # the common case, without slicing
        return True
    return _FILLER_GAP.fullmatch(text, end, start) is not None


class Stream:
    """Raw tokens of one text and the joins between them: what every value reader walks."""

    __slots__ = ("raw", "text")

    def __init__(self, text: str, raw: list[RawToken]) -> None:
        self.text = text
        self.raw = raw

    def joined(self, j: int) -> bool:
        """Whether raw token ``j`` follows ``j - 1`` with only spaces, hyphens or fillers."""
        raw = self.raw
        return 0 < j < len(raw) and gap_ok(self.text, raw[j - 1][2], raw[j][1])

    def joined_words(
        self, i: int, limit: int = 10, only: frozenset[str] | None = None
    ) -> list[str]:
        """Word norms from ``i`` on, as long as they are joined by spaces or hyphens only (and,
        with ``only``, are among those words: a number run stops at its first other word)."""
        raw, text, words = self.raw, self.text, []
        for j in range(i, min(len(raw), i + limit)):
            tok = raw[j]
            if tok[3] != "word" or (only is not None and tok[0] not in only):
                break
            if j > i and not gap_ok(text, raw[j - 1][2], tok[1]):
                break
            words.append(tok[0])
        return words

    def next_norm(self, j: int, kinds: tuple[str, ...] = ("word",)) -> str | None:
        """The norm of raw token ``j`` if it exists, is joined to ``j - 1`` and has a kind in
        ``kinds``."""
        raw = self.raw
        if j < len(raw) and raw[j][3] in kinds and self.joined(j):
            return raw[j][0]
        return None

    def hyphen_after(self, j: int) -> bool:
        """Whether a hyphen joins raw token ``j`` to the next one ("twenty-dollar")."""
        raw = self.raw
        return j + 1 < len(raw) and "-" in self.text[raw[j][2] : raw[j + 1][1]]

    def is_number(self, j: int) -> bool:
        return 0 <= j < len(self.raw) and (
            self.raw[j][3] == "num" or self.raw[j][0] in NUMBER_WORDS
        )

    def number_at(self, j: int) -> tuple[Decimal | None, int, bool, bool] | None:
        """(value, raw tokens used, ordinal, spoken) of a number starting at raw token ``j``.

        The value is None for a digit string too long to do arithmetic on."""
        norm, _, end, kind = self.raw[j]
        if kind == "num":
            value = to_decimal(norm)
            after = self.raw[j + 1] if j + 1 < len(self.raw) else None
            if (
                after is not None
                and after[3] == "num"
                and self.text[end : after[1]] == " "
                and "/" in self.text[after[1] : after[2]]
                and value is not None
                and value == value.to_integral_value()
            ):  # "3 1/2" is 3.5
                return value + Decimal(after[0]), 2, False, False
            return value, 1, False, False
        if kind == "word" and norm in TRIGGERS:
            words = self.joined_words(j, only=RUN_WORDS)
            run = number_run(words)
            if run:
                return run[0], run[1], run[2], True
            if (
                norm == "a"
                and self.next_norm(j + 1) == "grand"
                and self.next_norm(j + 2) not in _GRAND_THINGS
            ):
                return Decimal(1), 1, False, True  # "maybe a grand" is $1,000
            if norm == "point" and len(words) > 1 and words[1] in SINGLE_DIGITS:
                # "it said point four": one digit after a "point" no determiner names ("at
                # that point one of them" is the noun)
                before = self.raw[j - 1][0] if j > 0 else ""
                if before not in _POINT_NAMED_BY:
                    return Decimal(f"0.{SINGLE_DIGITS[words[1]]}"), 2, False, True
        if kind == "word" and norm == "another" and self.next_norm(j + 1) in A_NEXT:
            run = number_run(["a", *self.joined_words(j + 1, only=RUN_WORDS)])
            if run:  # "another thousand" is a thousand more
                return run[0], run[1], run[2], True
        return None


# What "a grand" names when it is no thousand dollars ("a grand total", "a grand jury").
_GRAND_THINGS = frozenset(str.split("total theft larceny jury piano opening prize scheme"))
# Words before a "point" that make it a noun ("that point", "the point", "a point").
_POINT_NAMED_BY = frozenset(
    str.split("a the that this which what some any every each no one my his her your our their its")
)
# Words at which a number may start; everything else is a plain word (the tokenizer's fast path).
TRIGGERS = frozenset(NUMBER_WORDS | {"a", "dozen", "point"})
# Words a number run may hold (number_run stops at any other).
RUN_WORDS = frozenset(
    TRIGGERS | set(DIGIT_WORDS) | {"and", "half", "quarter", "quarters", "one", "second"}
)
A_NEXT = frozenset({"hundred", "thousand", "million", "billion", "dozen"})

Read = tuple[Value, int]  # a value and how many raw tokens it used
SINGLE_DIGITS = {w: v for w, v in DIGIT_WORDS.items() if v <= 9}


def read_digit_string(s: Stream, i: int) -> Read | None:
    """ "two-one" -> 21, "seven-one" -> 71, "one-two-three" -> 123: single digits joined by
    hyphens are one number read digit by digit (radio call signs, unit numbers), whose digits
    are other readings; so is a digit before a spoken "zero" ("ETA four zero minutes" -> 40)."""
    raw = s.raw
    digits: list[str] = []
    j = i
    while j < len(raw) and raw[j][3] == "word" and raw[j][0] in SINGLE_DIGITS:
        gap = s.text[raw[j - 1][2] : raw[j][1]] if j > i else "-"
        if gap != "-" and not (gap == " " and (raw[j][0] == "zero" or "0" in digits)):
            break
        digits.append(str(SINGLE_DIGITS[raw[j][0]]))
        j += 1
    if len(digits) < 2:
        return None
    spaced = any(s.text[raw[k][2] : raw[k + 1][1]] == " " for k in range(i, j - 1))
    if spaced and (digits[0] == "0" or s.is_number(i - 1) or s.is_number(j)):
        return None  # "zero zero twelve" is a time, a long run of digits is read elsewhere
    value = Decimal("".join(digits))
    found = Value("number", fmt_number(value), raw[i][1], raw[j - 1][2], True, value,
                  tuple(digits))  # fmt: skip
    return found, j - i


_ONE = frozenset({"a", "an", "one"})
# What a spoken quarter is a quarter of ("a quarter mile"); a quarter alone is a coin or a clock.
_FRACTION_UNITS = frozenset(str.split("mile miles inch pound pounds gallon tank cup ounce"))


def read_unit_and_a_half(s: Stream, i: int) -> Read | None:
    """ "a gram and a half", "an hour and a half" -> 1.5 with the unit inside; "half a gram",
    "half an hour" -> 0.5."""
    raw = s.raw
    words = s.joined_words(i, 5)
    if (
        len(words) >= 5
        and words[0] in _ONE
        and words[2:5] in (["and", "a", "half"], ["and", "one", "half"])
    ):
        value, unit_at, upto = Decimal("1.5"), i + 1, i + 5
    elif len(words) >= 3 and words[0] == "half" and words[1] in ("a", "an"):
        value, unit_at, upto = HALF, i + 2, i + 3
    elif len(words) >= 3 and words[0] in _ONE and words[1] == "quarter":
        # "a quarter mile", "a quarter of a mile" -> 0.25 (not "a quarter past", "a quarter to")
        unit_at = i + 4 if words[2:4] in (["of", "a"], ["of", "an"]) and len(words) >= 5 else i + 2
        value, upto = Decimal("0.25"), unit_at + 1
        if raw[unit_at][0] not in _FRACTION_UNITS:
            return None
    else:
        return None
    unit = raw[unit_at][0]
    if unit in NUMBER_WORDS or unit in ("a", "an", "and", "the"):
        return None
    number_end = raw[unit_at - 1][2]
    found = Value("number", fmt_number(value), raw[i][1], raw[upto - 1][2], True, value,
                  unit=unit, inner=(number_end, raw[unit_at][1]))  # fmt: skip
    return found, upto - i


def read_quantity(s: Stream, i: int, number: tuple[Decimal | None, int, bool, bool]) -> Read | None:
    """Money, percent, a scaled number ("1.5 million") or a height that starts with the number
    at raw token ``i`` (already read by :meth:`Stream.number_at`), or None if there is none.

    The unit belongs to the number it is attached to: "forty-two each, so eighty-four dollars"
    is the number 42 and the money $84.
    """
    value, used, ordinal, spoken = number
    if ordinal or value is None:
        return None
    raw = s.raw
    start, j = raw[i][1], i + used
    follower = s.next_norm(j)
    scaled = follower in SCALES and not spoken  # "1.5 million", "$2 billion"
    if scaled:
        value *= SCALES[follower]  # type: ignore[index]
        j += 1
        follower = s.next_norm(j)
    if follower == "grand" and not scaled:  # "eight grand" is $8,000
        value *= 1000
        return Value("money", money_norm(value), start, raw[j][2], spoken, value), j + 1 - i
    if raw[i][3] == "money" or follower in MONEY_WORDS:
        upto = j + 1 if follower in MONEY_WORDS else j
        if follower in MONEY_WORDS and s.next_norm(upto) == "and" and s.next_norm(upto + 1, _NUM):
            # "two hundred six dollars and seventeen cents" is $206.17
            cents = s.number_at(upto + 1)
            after = upto + 1 + cents[1] if cents else upto
            if cents and cents[0] is not None and cents[0] < 100 and s.next_norm(after) in CENTS:
                value += cents[0] / 100
                upto = after + 1
        return Value("money", money_norm(value), start, raw[upto - 1][2], spoken, value), upto - i
    if follower == "tenths" and _whole(value) and 1 <= value <= 9 and not scaled:
        value = value / 10  # "eight-tenths of a mile" is 0.8
        return Value("number", fmt_number(value), start, raw[j][2], spoken, value), j + 1 - i
    if follower in PERCENT_WORDS:
        norm = f"{fmt_number(value)}%"
        return Value("percent", norm, start, raw[j][2], spoken, value), j + 1 - i
    if follower in FEET_WORDS and not scaled and _whole(value) and 3 <= value <= 8:
        inches = s.number_at(j + 1) if s.next_norm(j + 1, ("num", "word")) else None
        inch = inches[0] if inches and not inches[2] else None
        if inches and inch is not None and _whole(inch) and 0 <= inch <= 11:
            end = j + 1 + inches[1]
            end += 1 if s.next_norm(end) in INCH_WORDS else 0
            norm = f"{int(value)}'{int(inch)}"
            return Value("height", norm, start, raw[end - 1][2], spoken), end - i
    if scaled:
        return Value("number", fmt_number(value), start, raw[j - 1][2], spoken, value), j - i
    return None


def _whole(value: Decimal) -> bool:
    return value == value.to_integral_value()
