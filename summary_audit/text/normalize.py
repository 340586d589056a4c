"""Comparison forms of text, with offsets back to the original.

:func:`tokenize` turns text into :class:`Token` objects whose ``norm`` is a canonical form and whose
``start``/``end`` point into the original text, so a match found on normalized tokens can always be
shown as the exact original characters.  Numbers, money, times, dates, heights and plates are read
by one grammar (:mod:`~summary_audit.text.numbers`, :mod:`~summary_audit.text.times`,
:mod:`~summary_audit.text.plates`) that the fact extractor reads through :func:`read_values` too,
so alignment, quotes and the SA1 rules agree on every value.  The canonical forms:

==========================================  ==========================================
written or spoken                            norm
==========================================  ==========================================
``Don't``, ``don’t``                         ``dont`` (lowercase, apostrophes dropped)
``fifty-two``, ``52``, ``1,200``             ``52``, ``52``, ``1200`` (one token)
``one point five``, ``one and a half``       ``1.5``
``twenty-first``, ``21st``                   ``21st`` (the bare word ``second`` stays)
``$40``, ``forty dollars``, ``40 bucks``     ``$40``
``$1,200.50``                                ``$1200.50``
``15%``, ``fifteen percent``                 ``15%``
``9:30 p.m.``, ``nine thirty pm``            ``21:30``  (24-hour when am/pm is given)
``half past nine``, ``nine thirty``          ``9:30``   (as spoken when it is not)
``0930 hours``, ``oh nine thirty``           ``9:30``
``March 3rd``, ``the third of March``        ``3/3``
``03/03/2024``, ``March 3, 2024``            ``3/3/2024``
``5'9"``, ``5 foot 9``, ``five nine``        ``5'9``
``Adam Boy 3 4 7 9``, ``A B three four7 9``  ``ab3479`` (a spelled plate)
``uh``, ``um``, ``er``, ``ah``, ``hmm``      (dropped)
``uh-huh``, ``mm-hmm``                       ``uhhuh``, ``mmhmm`` (kept: they mean yes)
``I I I``                                    ``i`` (stutters collapse; one token spans all)
==========================================  ==========================================

Two bare number words read as a time ("nine thirty" -> ``9:30``) when the first is 1-23 and the
second 10-59, and as a height ("five nine" -> ``5'9``) when the first is 4-6, the second 0-11 and no
other number is next to them.  Digits are never paired that way, so plates and addresses written
as digits ("3 4 7") stay separate tokens.  See :mod:`~summary_audit.text.times` for every clock
and date form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from summary_audit.text.numbers import (
    A_NEXT,
    DIGIT_WORDS,
    NUMBER_WORDS,
    SINGLE_DIGITS,
    TRIGGERS,
    Read,
    Stream,
    Value,
    fmt_number,
    ordinal_suffix,
    read_digit_string,
    read_quantity,
    read_unit_and_a_half,
    to_decimal,
)
from summary_audit.text.numbers import RawToken as RawToken
from summary_audit.text.plates import PHONETIC, as_in_at, read_plate
from summary_audit.text.times import (
    CLOCK_STARTS,
    MONTHS,
    dob_cue,
    read_clock_after_number,
    read_clock_phrase,
    read_date_after_number,
    read_date_token,
    read_dob,
    read_month_date,
    read_time_token,
)
from summary_audit.text.wordlists import FILLERS

__all__ = [
    "Token",
    "Value",
    "lowercase_regex",
    "normalize",
    "read_values",
    "scan",
    "tokenize",
]


@dataclass(frozen=True, slots=True)
class Token:
    """One comparison token: ``norm`` is the canonical form of ``text[start:end]``.

    ``kind`` is one of ``word``, ``number``, ``ordinal``, ``time``, ``date``, ``money``,
    ``percent``, ``height``, ``plate`` or ``alnum`` (letters and digits mixed, such as ``4B``).
    """

    norm: str
    start: int
    end: int
    kind: str = "word"


_RAW_RE = re.compile(
    r"""
     (?P<yes>\b(?:uh[-\s]?huh|mm[-\s]?hmm?|mhm|uh-uh)\b)
    |(?P<money>\$\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)
    |(?P<height>\b[3-8]\s?['’]\s?(?:1[01]|\d)(?![\d'’])(?:\s?(?:"|”|''|’’))?)
    |(?P<time>\b\d{1,2}:\d{2}(?::\d{2})?(?!\d))
    |(?P<date>\b(?:\d{1,2}/\d{1,2}(?:/\d{2}(?:\d{2})?)?|\d{4}-\d{2}-\d{2})\b)
    |(?P<percent>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%)
    |(?P<ampm>(?<![^\W\d_])[ap]\.\s?m\b\.?)
    |(?P<ordinal>\b\d+(?:st|nd|rd|th)\b)
    |(?P<numap>\d{1,4}(?=[ap]\.?m\b))
    |(?P<alnum>[^\W_]*(?:\d[^\W\d_]|[^\W\d_]\d)[^\W_]*)
    |(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
    |(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_YES = {"mhm": "mmhmm", "mmhm": "mmhmm", "mhmm": "mmhmm", "uhhuh": "uhhuh"}
_SINGLE_LETTERS = frozenset("bcdefghjklmnopqrstuvwxyz")
# Words at which a value may start: numbers, clock phrases, month names, plate pieces.
_STARTS = frozenset(
    TRIGGERS | CLOCK_STARTS | set(MONTHS) | set(PHONETIC) | set(DIGIT_WORDS) | {"an"}
)
_STARTS |= _SINGLE_LETTERS
# Words that send a text through the combining pass (a plate needs a digit, so phonetic words and
# single letters alone never do), and fillers (dropped on the fast path).
_SPECIAL_WORDS = (TRIGGERS - {"a"}) | CLOCK_STARTS | set(MONTHS) | FILLERS | set(_YES)
_AMOUNT_WORDS = frozenset({"grand"})  # "a grand" is $1,000 (numbers.Stream.number_at)
_SPECIAL_WORDS |= {"oh", "zero", "niner"} | _AMOUNT_WORDS
# Words that always go to the value readers (numbers, clock phrases, months).
_NUMBERISH = frozenset(
    (TRIGGERS - {"a"}) | CLOCK_STARTS | set(MONTHS) | set(DIGIT_WORDS) | {"niner"} | _AMOUNT_WORDS
)
# What may follow the first piece of a spelled plate.
_PLATE_WORDS = frozenset(
    set(PHONETIC) | set(DIGIT_WORDS) | NUMBER_WORDS | _SINGLE_LETTERS | {"a", "i", "as", "dozen"}
)


def _piece_like(tok: RawToken) -> bool:
    """Whether a raw token may continue a spelled plate (a cheap test before reading one)."""
    return tok[3] in ("num", "alnum") or tok[0] in _PLATE_WORDS


# Repeats that are not stutters: "three three one", "Boy Boy 4" are read out one by one.
_NO_STUTTER = _SPECIAL_WORDS | set(PHONETIC) | (_SINGLE_LETTERS - {"a", "i"})
# A chunk: word characters joined by inner punctuation ("don't", "9:30", "$1,200.50", "a.m",
# "03/03"), and a percent sign at its end.  Only the chunk is matched (not the gap before it):
# a gap group retried at every position of a long run of punctuation was quadratic.
# A decimal written without its zero (".177 pellets", ".45 caliber") keeps its point.
_CHUNK_RE = re.compile(r"(?:(?<![\w.])\.(?=\d))?[\w$]+(?:[.,:'’/-][\w$]+)*%?")
# Fractions written with a slash are not dates: "1/2 mile", "3/4 inch".
_FRACTION = re.compile(r"[1-9]/(?:2|3|4|8|16)")


def _raw_tokens(text: str) -> tuple[list[RawToken], bool]:
    """Raw tokens of ``text`` (fillers dropped, repeated words merged) and whether any of them
    needs the combining pass (digits, number words, hyphens ...).

    Speed matters here (every transcript word passes through): text is cut into chunks with one
    ``findall`` and plain words, the vast majority, take a fast path; only the other chunks go
    through the detailed regex.
    """
    out: list[RawToken] = []
    special = False
    prev = None  # norm of the last plain word, for stutters ("I I I")
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ("İ") grow when lowered: keep offsets
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for match in _CHUNK_RE.finditer(lowered):
        chunk = match.group()
        start, pos = match.span()
        if chunk.isalpha():
            norm = chunk
        else:
            norm = chunk.replace("'", "").replace("’", "")
            if not norm.isalpha():
                special = True
                _detail(text, start, pos, out)
                prev = None
                continue
            norm = norm.lower()
        if norm in _SPECIAL_WORDS:
            if norm in FILLERS:
                continue
            norm = _YES.get(norm, norm)
            special = True
        if norm == prev and norm not in _NO_STUTTER:
            out[-1] = (norm, out[-1][1], pos, "word")
        else:
            out.append((norm, start, pos, "word"))
            prev = norm
    return out, special


def _detail(text: str, start: int, end: int, out: list[RawToken]) -> None:
    """Raw tokens of one chunk with digits, hyphens or other marks, appended to ``out``."""
    for m in _RAW_RE.finditer(text, start, end):
        kind = m.lastgroup or "word"
        raw = m.group().lower()
        if kind == "word":
            out.append((raw.replace("'", "").replace("’", ""), m.start(), m.end(), "word"))
        elif kind in ("num", "numap"):
            out.append((raw.replace(",", ""), m.start(), m.end(), "num"))
        elif kind == "yes":
            letters = re.sub(r"[^a-z]", "", raw)
            norm = "uhuh" if letters == "uhuh" else "uhhuh" if letters.startswith("uh") else "mmhmm"
            out.append((norm, m.start(), m.end(), "word"))
        elif kind == "money":
            out.append(("$" + re.sub(r"[$,\s]", "", raw), m.start(), m.end(), "money"))
        elif kind == "percent":
            out.append((raw.replace(",", ""), m.start(), m.end(), "percent"))
        elif kind == "height":
            feet, inches = re.findall(r"\d+", raw)
            out.append((f"{feet}'{int(inches)}", m.start(), _past(text, m.end(), '"”'), "height"))
        elif kind == "ampm":
            out.append((raw[0] + "m", m.start(), _past(text, m.end(), "."), "ampm"))
        elif kind == "date" and _FRACTION.fullmatch(raw):
            # "1/2 mile", "3 1/2 feet": one number (0.5); the number before it takes it in
            top, bottom = raw.split("/")
            value = (Decimal(top) / Decimal(bottom)).quantize(Decimal("0.0001")).normalize()
            out.append((format(value, "f"), m.start(), m.end(), "num"))
        elif kind == "date" and not _calendar_date(raw):
            # "24/7": the numbers, as they were read before dates were
            for d in re.finditer(r"\d+", raw):
                out.append((d.group(), m.start() + d.start(), m.start() + d.end(), "num"))
        else:  # time, date, ordinal, alnum
            out.append((raw, m.start(), m.end(), kind))


def _calendar_date(raw: str) -> bool:
    """Whether a numeric date token names a calendar date (month first, or ISO)."""
    parts = [int(p) for p in re.split(r"[/-]", raw)]
    month, day = (parts[1], parts[2]) if "-" in raw else (parts[0], parts[1])
    return 1 <= month <= 12 and 1 <= day <= 31


def _past(text: str, end: int, marks: str) -> int:
    """``end``, moved past one closing mark (the last "." of "p.m.", the '"' of 5'9") if any."""
    return end + 1 if end < len(text) and text[end] in marks and text[end - 1] not in marks else end


def _read_value(s: Stream, i: int) -> Read | None:
    """The value starting at raw token ``i`` (see the module docstring), or None.

    The order is the grammar's: a spelled plate before the numbers in it, a date before its day,
    a clock phrase, then a number and what follows it (money, percent, height, a clock time, a
    date, a date of birth)."""
    norm, start, end, kind = s.raw[i]
    if kind in ("word", "num", "alnum") and i + 1 < len(s.raw) and _piece_like(s.raw[i + 1]):
        plate = read_plate(s, i)
        if plate is not None:
            return plate
    if (
        kind == "word"
        and norm in SINGLE_DIGITS
        and (s.hyphen_after(i) or (s.raw[i + 1 : i + 2] and s.raw[i + 1][0] == "zero"))
    ):
        digits = read_digit_string(s, i)
        if digits is not None:
            return digits
    if kind == "word" and norm in ("oh", "zero") and dob_cue(s, i):
        dob = read_dob(s, i)
        if dob is not None:
            return dob
    if kind == "word":
        if norm in MONTHS:
            return read_month_date(s, i)
        if norm in CLOCK_STARTS:
            phrase = read_clock_phrase(s, i) or read_unit_and_a_half(s, i)
            if phrase is not None or norm not in DIGIT_WORDS:
                return phrase
        if norm in ("a", "an", "one"):
            half = read_unit_and_a_half(s, i)
            if half is not None:
                return half
    elif kind == "time":
        return read_time_token(s, i)
    elif kind == "date":
        return read_date_token(s, i)
    elif kind == "height":
        return Value("height", norm, start, end), 1
    elif kind == "percent":
        value = to_decimal(norm[:-1])
        return Value("percent", f"{fmt_number(norm[:-1])}%", start, end, False, value), 1
    elif kind == "ordinal":
        date = read_date_after_number(s, i, 1)
        if date is not None:
            return date
        n = to_decimal(norm[:-2])
        return Value("ordinal", norm, start, end, False, n), 1
    number = (to_decimal(norm[1:]), 1, False, False) if kind == "money" else s.number_at(i)
    if number is None:
        return None
    value, used, ordinal, spoken = number
    j = i + used
    if spoken and s.next_norm(j) in ("past", "after", "minutes", "minute", "to", "till", "of"):
        clock = read_clock_phrase(s, i)  # "ten past nine", "at ten to nine"
        if clock is not None:
            return clock
    if kind != "money" and dob_cue(s, i):
        dob = read_dob(s, i)
        if dob is not None:
            return dob
    for reader in (read_quantity, read_clock_after_number):
        got = reader(s, i, number)  # type: ignore[operator]
        if got is not None:
            return got
    date = read_date_after_number(s, i, used)
    if date is not None:
        return date
    upto = s.raw[j - 1][2]
    if ordinal and value is not None and _a_fraction(s, i, j, value):
        part = (1 / value).quantize(Decimal("0.0001")).normalize()  # as "1/3" is written
        return Value("number", fmt_number(part), start, upto, spoken, part), used
    if ordinal and value is not None:
        n = int(value)
        return Value("ordinal", f"{n}{ordinal_suffix(n)}", start, upto, spoken, value), used
    written = not spoken and "." not in norm and used == 1  # "3 1/2" is written 3.5
    plain = norm if written else fmt_number(value if value is not None else norm)
    readings: tuple[str, ...] = ()
    if norm.startswith("."):
        # ".22", ".177": a caliber, a name said "twenty-two" (or "point two two")
        plain, value = norm[1:], to_decimal(norm[1:])
    elif spoken and value is not None and 0 < value < 1 and len(plain) > 3:
        readings = (plain[2:],)  # "point one seven seven" says .177 too
    elif spoken and value is not None and s.raw[j - 1][0] == "dozen":
        readings = (fmt_number(value / 12),)  # "three dozen" eggs: 36, and 3 (dozen)
    return Value("number", plain, start, upto, spoken, value, readings), used


# After "a third": words that make it a share of something, not the third of a row.
_SHARE_OF = frozenset(str.split("of left full empty gone remaining"))


def _a_fraction(s: Stream, i: int, j: int, value: Decimal) -> bool:
    """Whether the ordinal at raw tokens ``i``..``j`` is a share ("about a third left", "a
    fifth of it"): "a" before it, and a share word or nothing after it."""
    if not 3 <= value <= 10 or i == 0 or s.raw[i - 1][0] != "a":
        return False
    after = s.next_norm(j)
    return after in _SHARE_OF or after is None or not s.joined(j)


_A_NEXT_OR_QUARTER = A_NEXT | {"quarter"} | _AMOUNT_WORDS  # "a quarter mile", "a grand"


def _combine(text: str, raw: list[RawToken]) -> list[RawToken | Value]:
    """``raw`` with every value combined into one :class:`Value` (one pass, left to right)."""
    s = Stream(text, raw)
    out: list[RawToken | Value] = []
    i, n = 0, len(raw)
    while i < n:
        tok = raw[i]
        norm, kind = tok[0], tok[3]
        if kind == "word":
            if norm in FILLERS:
                i += 1
                continue
            if norm in _NUMBERISH:
                got = _read_value(s, i)
            elif norm in ("a", "an", "i", "another"):  # "a hundred", "A as in Adam"
                ahead = norm != "i" and (
                    (i + 1 < n and raw[i + 1][0] in _A_NEXT_OR_QUARTER)
                    or (i + 2 < n and raw[i + 2][0] == "and")
                )
                got = _read_value(s, i) if ahead or as_in_at(raw, i + 1) else None
            elif norm in _STARTS and i + 1 < n and _piece_like(raw[i + 1]):
                got = _read_value(s, i)  # a phonetic word or a letter: a spelled plate?
            else:
                got = None
            if got is None:
                # Stutters ("I I I") collapse into one token spanning all repeats.
                last = out[-1] if out else None
                if isinstance(last, tuple) and last[0] == norm and last[3] == "word":
                    out[-1] = (norm, last[1], tok[2], "word")
                else:
                    out.append(tok)
                i += 1
                continue
        elif kind == "ampm":
            out.append((norm, tok[1], tok[2], "word"))
            i += 1
            continue
        else:
            got = _read_value(s, i)
        if got is None:
            out.append(tok)
            i += 1
        else:
            out.append(_scale_again(text, out, _year_again(text, out, got[0])))
            i += got[1]
    return out


_MORE = re.compile(r"[ \t]+more\b", re.I)
_ANOTHER = re.compile(r"\banother[ \t]+$", re.I)


def _scale_again(text: str, out: list[RawToken | Value], value: Value) -> Value:
    """``value``, with the scale of the amount said before it on its line among its readings
    when it adds to that amount ("six thousand to replace ... maybe two and a half more",
    "another two"): the thousands are not said again."""
    n = value.number
    if value.kind != "number" or n is None or not 0 < n < 10 or value.unit is not None:
        return value  # a leading digit or two and a half, not "another fifty"
    another = _ANOTHER.search(text, max(0, value.start - 12), value.start)  # a window: linear
    if not (_MORE.match(text, value.end) or another):
        return value
    before = next((v for v in reversed(out) if isinstance(v, Value)), None)
    if before is None or before.number is None or "\n" in text[before.end : value.start]:
        return value
    for scale in (1000, 100):
        if before.number >= scale and before.number % scale == 0:
            return replace(value, readings=(*value.readings, fmt_number(n * scale)))
    return value


# What may stand between a year and the last two digits of the next one ("2008 or '09").
_YEAR_GAP = re.compile(r"[\s,/'’–-]*(?:(?:or|to|maybe)[\s,'’]*)*")
# "oh nine" just before or at a value (the "oh" may have been read as a filler).
_OH_LED = re.compile(r"\boh(?:[ -]?$|[ -]?(?=\w))", re.I)


def _year_again(text: str, out: list[RawToken | Value], value: Value) -> Value:
    """``value``, with a later year of the same century among its readings when it is a number
    under 100 said just after a year: "two thousand eight, oh-nine", "1998 or 99"; and with
    2000-2009 when a digit is said led by "oh" ("an oh nine": a model year, or a time)."""
    n = value.number
    if value.kind != "number" or n is None or not 0 <= n < 100 or n != n.to_integral_value():
        return value
    said_oh = _OH_LED.search(text, max(0, value.start - 4), value.start + 2) is not None
    if n < 10 and value.spoken and said_oh and value.readings in ((), ("0", str(n))):
        return replace(value, readings=(*value.readings, str(2000 + int(n))))
    k = len(out) - 1
    while k >= 0 and isinstance(out[k], tuple) and out[k][0] in ("or", "to", "maybe"):
        k -= 1
    year = out[k] if k >= 0 else None
    if not isinstance(year, Value) or year.kind != "number" or year.number is None:
        return value
    if not 1900 <= year.number < 2100 or not _YEAR_GAP.fullmatch(text, year.end, value.start):
        return value
    later = year.number // 100 * 100 + n
    if later <= year.number:
        return value
    return replace(value, readings=(*value.readings, str(later)))


@lru_cache(maxsize=4096)
def _read_cached(text: str) -> tuple[tuple[RawToken, ...], tuple[Value, ...]]:
    """The comparison tokens and the values of one text, read once.

    The transcript index tokenizes every segment and the fact extractor reads the same segment
    lines for values: within an audit the second reading is a lookup.  Texts are short (a
    segment, a claim), so the cache stays small."""
    raw, special = _raw_tokens(text)
    if not special:
        return tuple(raw), ()
    tokens: list[RawToken] = []
    values: list[Value] = []
    for t in _combine(text, raw):
        if isinstance(t, Value):
            tokens += t.tokens()
            values.append(t)
        else:
            tokens.append(t)
    return tuple(tokens), tuple(values)


def clear_cache() -> None:
    """Forget every text read (for benchmarks that time a cold audit)."""
    _read_cached.cache_clear()


def scan(text: str) -> list[RawToken]:
    """The tokens of ``text`` as ``(norm, start, end, kind)`` tuples.

    The fast form of :func:`tokenize`: indexes use it to avoid building one object per token.
    """
    return list(_read_cached(text)[0])


def read_values(text: str) -> list[Value]:
    """Every value in ``text`` (numbers, ordinals, money, percent, heights, clock times, dates,
    spelled plates) in the one reading alignment and quotes compare too."""
    return list(_read_cached(text)[1])


def tokenize(text: str) -> list[Token]:
    """Comparison tokens of ``text`` with offsets into ``text`` (see the module docstring)."""
    return [Token(*t) for t in scan(text)]


def normalize(text: str) -> str:
    """The comparison form of ``text``: its token norms joined by single spaces."""
    return " ".join(t[0] for t in scan(text))


# Constructs whose meaning changes when a pattern is lower-cased: inline flags, escapes that spell a
# character by number or name, and class ranges from an upper-case letter to anything else.
_NOT_LOWERABLE = re.compile(r"\(\?[aiLmsux-]+[:)]|\\[NxuU0-9]|[A-Z]-(?![A-Z])")
_ESCAPE_OR_NAME = re.compile(r"\\.|\(\?P[<=]\w+[>)]", re.S)


def lowercase_regex(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-sensitive twin of an ``re.IGNORECASE`` pattern, for lower-cased ASCII text.

    For ASCII ``text``, ``twin.search(text.lower())`` matches exactly where
    ``pattern.search(text)`` does, at the same offsets, and is about twice as fast: ``re`` skips
    a failing alternative on its first letter only when matching case-sensitively.  Letters are
    lower-cased except in escapes (``\\W``, ``\\S``) and group names.  None when the pattern
    uses a construct that lower-casing would change (then use ``pattern`` itself).
    """
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or _NOT_LOWERABLE.search(source):
        return None
    parts, pos = [], 0
    for m in _ESCAPE_OR_NAME.finditer(source):
        parts += [source[pos : m.start()].lower(), m.group()]
        pos = m.end()
    parts.append(source[pos:].lower())
    return re.compile("".join(parts), pattern.flags & ~re.IGNORECASE)
