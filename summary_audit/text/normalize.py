"""Comparison forms of text, with offsets back to the original.

:func:`tokenize` turns text into :class:`Token` objects whose ``norm`` is a canonical form and whose
``start``/``end`` point into the original text, so a match found on normalized tokens can always be
shown as the exact original characters.  The canonical forms:

==========================================  ==========================================
written or spoken                            norm
==========================================  ==========================================
``Don't``, ``don’t``                         ``dont`` (lowercase, apostrophes dropped)
``fifty-two``, ``52``, ``1,200``             ``52``, ``52``, ``1200`` (one token)
``twenty-first``, ``21st``                   ``21st`` (the bare word ``second`` stays)
``$40``, ``forty dollars``, ``40 bucks``     ``$40``
``9:30 p.m.``, ``nine thirty pm``            ``21:30``  (24-hour when am/pm is given)
``half past nine``, ``nine thirty``          ``9:30``   (as spoken when it is not)
``0930 hours``                               ``9:30``
``5'9"``, ``5 foot 9``, ``five nine``        ``5'9``
``uh``, ``um``, ``er``, ``ah``, ``hmm``      (dropped)
``uh-huh``, ``mm-hmm``                       ``uhhuh``, ``mmhmm`` (kept: they mean yes)
``I I I``                                    ``i`` (stutters collapse; one token spans all)
==========================================  ==========================================

Two bare number words read as a time ("nine thirty" -> ``9:30``) when the first is 1-12 and the
second 10-59, and as a height ("five nine" -> ``5'9``) when the first is 4-6, the second 0-11 and no
other number is next to them.  Digits are never paired that way, so plates and addresses written
as digits ("3 4 7") stay separate tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summary_audit.text.wordlists import FILLERS, PHONETIC

__all__ = [
    "Token",
    "lowercase_regex",
    "normalize",
    "normalize_plate",
    "parse_number",
    "scan",
    "tokenize",
]


@dataclass(frozen=True, slots=True)
class Token:
    """One comparison token: ``norm`` is the canonical form of ``text[start:end]``.

    ``kind`` is one of ``word``, ``number``, ``ordinal``, ``time``, ``money``, ``height`` or
    ``alnum`` (letters and digits mixed, such as ``4B``).
    """

    norm: str
    start: int
    end: int
    kind: str = "word"


RawToken = tuple[str, int, int, str]  # (norm, start, end, kind): the fast form used for indexing

_RAW_RE = re.compile(
    r"""
     (?P<yes>\b(?:uh[-\s]?huh|mm[-\s]?hmm?|mhm|uh-uh)\b)
    |(?P<money>\$\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)
    |(?P<height>\b[3-8]\s?['’]\s?(?:1[01]|\d)(?![\d'’])(?:\s?(?:"|”|''|’’))?)
    |(?P<time>\b\d{1,2}:\d{2}(?::\d{2})?(?!\d))
    |(?P<ampm>(?<![^\W\d_])[ap]\.\s?m\b\.?)
    |(?P<ordinal>\b\d+(?:st|nd|rd|th)\b)
    |(?P<numap>\d{1,4}(?=[ap]\.?m\b))
    |(?P<alnum>[^\W_]*(?:\d[^\W\d_]|[^\W\d_]\d)[^\W_]*)
    |(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
    |(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _numbered(words: str, first: int, step: int = 1) -> dict[str, int]:
    """``_numbered("ten eleven", 10)`` -> ``{"ten": 10, "eleven": 11}``."""
    return {w: first + i * step for i, w in enumerate(words.split())}


_UNITS = _numbered("one two three four five six seven eight nine", 1)
_TEENS = _numbered(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10
)
_TENS = _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
_SCALES = {"thousand": 1000, "million": 1_000_000}
# Ordinal words with the cardinal kind they behave like.  The bare word "second" is left out on
# purpose: it is far more often a unit of time ("wait a second") than an ordinal; "twenty-second"
# is read by _number_run.
_ORDINAL_WORDS: dict[str, tuple[int, str]] = {
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
_DIGIT_WORDS = {"zero": 0, "oh": 0, **_UNITS}
_NUMBER_WORDS = (
    set(_UNITS)
    | set(_TEENS)
    | set(_TENS)
    | set(_SCALES)
    | set(_ORDINAL_WORDS)
    | {"zero", "hundred"}
)
# Words at which the number/time reader is tried; everything else is a plain word (fast path).
_TRIGGERS = frozenset(_NUMBER_WORDS | {"a", "dozen", "half", "quarter", "point"})
_A_NEXT = frozenset({"hundred", "thousand", "million", "dozen"})
# Words that send a text through the combining pass, and fillers (dropped on the fast path).
_YES = {"mhm": "mmhmm", "mmhm": "mmhmm", "mhmm": "mmhmm", "uhhuh": "uhhuh"}
_SPECIAL_WORDS = (_TRIGGERS - {"a"}) | FILLERS | set(_YES)
# A chunk: word characters joined by inner punctuation ("don't", "9:30", "$1,200.50", "a.m").
_CHUNK_RE = re.compile(r"([^\w$]*)([\w$]+(?:[.,:'’-][\w$]+)*)")
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
_MONEY_WORDS = frozenset({"dollars", "dollar", "bucks"})
_HOURS_WORDS = frozenset({"hours", "hrs"})
_FEET_WORDS = frozenset({"foot", "feet", "ft"})
_INCH_WORDS = frozenset({"inches", "inch"})
_AMPM = {"am": False, "pm": True}


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _fmt(value: float) -> str:
    """Canonical text of a number: ``52``, ``0.08``."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _classify(word: str) -> tuple[str, int, bool] | None:
    """(kind, value, is_ordinal) of one number word, or None."""
    if word in _UNITS:
        return "unit", _UNITS[word], False
    if word in _TEENS:
        return "teen", _TEENS[word], False
    if word in _TENS:
        return "tens", _TENS[word], False
    if word in _SCALES:
        return "scale", _SCALES[word], False
    if word == "hundred":
        return "hundred", 100, False
    if word == "dozen":
        return "dozen", 12, False
    if word == "zero":
        return "zero", 0, False
    if word in _ORDINAL_WORDS:
        value, kind = _ORDINAL_WORDS[word]
        return kind, value, True
    return None


def _number_run(words: Sequence[str]) -> tuple[float, int, bool] | None:
    """The longest prefix of ``words`` that reads as one number: (value, words used, ordinal).

    ``["two", "hundred", "and", "five", "men"]`` -> ``(205, 4, False)``; ``["five", "nine"]`` ->
    ``(5, 1, False)`` (two units in a row are two numbers).
    """
    total = current = 0
    last: str | None = None
    best: tuple[float, int, bool] | None = None
    for i, word in enumerate(words):
        if word == "and" and last in ("hundred", "scale"):
            last = "and"
            continue
        if word == "a" and i == 0:
            last = "a"
            continue
        if word == "point" and (last not in (None, "a", "and") or i == 0):
            digits = []
            for w in words[i + 1 :]:
                if w not in _DIGIT_WORDS:
                    break
                digits.append(str(_DIGIT_WORDS[w]))
            # A leading "point" needs two digits, so "at that point one of them" stays words.
            if len(digits) >= (2 if last is None else 1):
                value = total + current + float("0." + "".join(digits))
                return value, i + 1 + len(digits), False
            break
        info = ("unit", 2, True) if word == "second" and last == "tens" else _classify(word)
        if info is None:
            break
        kind, value, ordinal = info
        if last not in _FOLLOWS[kind] or (kind == "unit" and last == "tens" and value == 0):
            break
        if kind == "hundred":
            current = max(current, 1) * 100
        elif kind == "scale":
            total += max(current, 1) * value
            current = 0
        elif kind == "dozen":
            current = max(current, 1) * 12
        else:
            current += value
        best = (total + current, i + 1, ordinal)
        if ordinal or kind == "zero":
            break
        last = kind
    return best


def parse_number(words: str) -> float | None:
    """The value of a number written in digits or words, or None if ``words`` is not one number.

    ``"fifty-two"`` -> 52, ``"two hundred and five"`` -> 205, ``"1,200"`` -> 1200, ``"$40"`` ->
    40, ``"point oh eight"`` -> 0.08, ``"21st"`` -> 21, ``"a dozen"`` -> 12.
    """
    text = words.strip().lower()
    digits = re.fullmatch(
        r"\$?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:st|nd|rd|th)?", text
    )
    if digits:
        return float(digits.group(1).replace(",", ""))
    parts = re.findall(r"[a-z]+", text)
    if not parts or re.search(r"[^a-z\s-]", text):
        return None
    run = _number_run(parts)
    if run is None or run[1] != len(parts):
        return None
    return float(run[0])


def _raw_tokens(text: str) -> tuple[list[RawToken], bool]:
    """Raw tokens of ``text`` (fillers dropped, repeated words merged) and whether any of them
    needs the combining pass (digits, number words, hyphens ...).

    Speed matters here (every transcript word passes through): text is cut into chunks with one
    ``findall`` and plain words, the vast majority, take a fast path; only the other chunks go
    through the detailed regex.
    """
    out: list[RawToken] = []
    special = False
    pos = 0
    prev = None  # norm of the last plain word, for stutters ("I I I")
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ("İ") grow when lowered: keep offsets
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for gap, chunk in _CHUNK_RE.findall(lowered):
        start = pos + len(gap)
        pos = start + len(chunk)
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
        if norm == prev:
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
            value = float(re.sub(r"[$,\s]", "", raw))
            norm = "$" + (_fmt(value) if value.is_integer() else f"{value:.2f}")
            out.append((norm, m.start(), m.end(), "money"))
        elif kind == "height":
            feet, inches = re.findall(r"\d+", raw)
            out.append((f"{feet}'{int(inches)}", m.start(), _past(text, m.end(), '"”'), "height"))
        elif kind == "time":
            hour, minute = raw.split(":")[:2]
            out.append((f"{int(hour)}:{minute}", m.start(), m.end(), "time"))
        elif kind == "ampm":
            out.append((raw[0] + "m", m.start(), _past(text, m.end(), "."), "ampm"))
        else:  # ordinal, alnum
            out.append((raw, m.start(), m.end(), kind))


def _past(text: str, end: int, marks: str) -> int:
    """``end``, moved past one closing mark (the last "." of "p.m.", the '"' of 5'9") if any."""
    return end + 1 if end < len(text) and text[end] in marks and text[end - 1] not in marks else end


def _gap_ok(text: str, end: int, start: int) -> bool:
    """True if only spaces, hyphens or fillers separate two tokens (no comma, period or line
    break), so "a um hundred" reads as one number just like "a hundred"."""
    gap = text[end:start]
    if gap.strip(" \t-") == "":
        return True
    return all(w.lower() in FILLERS for w in gap.replace("-", " ").split()) and "\n" not in gap


class _Reader:
    """Combines raw tokens into numbers, times, money and heights (one pass, left to right)."""

    def __init__(self, text: str, raw: list[RawToken]) -> None:
        self.text = text
        self.raw = raw

    def joined_words(self, i: int, limit: int = 10) -> list[str]:
        """Word norms from ``i`` on, as long as they are joined by spaces or hyphens only."""
        raw, words = self.raw, []
        for j in range(i, min(len(raw), i + limit)):
            if raw[j][3] != "word" or (j > i and not _gap_ok(self.text, raw[j - 1][2], raw[j][1])):
                break
            words.append(raw[j][0])
        return words

    def next_norm(self, j: int, kinds: tuple[str, ...] = ("word",)) -> str | None:
        """The norm of raw token ``j`` if it exists, is joined to ``j - 1`` and has a kind in
        ``kinds``."""
        raw = self.raw
        if j < len(raw) and raw[j][3] in kinds and _gap_ok(self.text, raw[j - 1][2], raw[j][1]):
            return raw[j][0]
        return None

    def ampm(self, j: int) -> bool | None:
        """True for pm, False for am at raw token ``j``, None if there is none."""
        return _AMPM.get(self.next_norm(j, ("ampm", "word")) or "")

    def number_at(self, j: int) -> tuple[float, int, bool, bool] | None:
        """(value, raw tokens used, ordinal, from_words) of a number starting at ``j``."""
        norm, _, _, kind = self.raw[j]
        if kind == "num":
            return float(norm), 1, False, False
        if kind == "word" and norm in _TRIGGERS:
            run = _number_run(self.joined_words(j))
            if run:
                return float(run[0]), run[1], run[2], True
        return None

    def is_number(self, j: int) -> bool:
        return 0 <= j < len(self.raw) and (
            self.raw[j][3] == "num" or self.raw[j][0] in _NUMBER_WORDS
        )

    def read(self, i: int) -> tuple[RawToken, int] | None:
        """A combined token starting at raw token ``i`` and how many raw tokens it used."""
        raw = self.raw
        norm = raw[i][0]
        if norm in ("half", "quarter"):
            return self._clock_phrase(i)
        number = self.number_at(i)
        if number is None:
            return None
        value, used, ordinal, from_words = number
        j = i + used

        def token(norm: str, upto: int, kind: str) -> tuple[RawToken, int]:
            return (norm, raw[i][1], raw[upto - 1][2], kind), upto - i

        if ordinal:
            n = int(value)
            return token(f"{n}{_ordinal_suffix(n)}", j, "ordinal")
        whole = value.is_integer()
        follower = self.next_norm(j)
        if follower in _MONEY_WORDS:
            return token("$" + (_fmt(value) if whole else f"{value:.2f}"), j + 1, "money")
        if whole and 1 <= value <= 12:
            pm = self.ampm(j)
            if pm is not None:
                return token(_clock(int(value), 0, pm), j + 1, "time")
            if follower == "oclock":
                pm = self.ampm(j + 1)
                end = j + 2 if pm is not None else j + 1
                return token(_clock(int(value), 0, pm), end, "time")
        if follower in _HOURS_WORDS and not from_words and re.fullmatch(r"\d{4}", norm):
            hour, minute = int(norm[:2]), int(norm[2:])
            if hour < 24 and minute < 60:
                return token(f"{hour}:{minute:02d}", j + 1, "time")
        if follower in _FEET_WORDS and whole and 3 <= value <= 8 and j + 1 < len(raw):
            inches = self.number_at(j + 1) if self.next_norm(j + 1, ("num", "word")) else None
            if inches and inches[0].is_integer() and 0 <= inches[0] <= 11 and not inches[2]:
                end = j + 1 + inches[1]
                end += 1 if self.next_norm(end) in _INCH_WORDS else 0
                return token(f"{int(value)}'{int(inches[0])}", end, "height")
        if from_words and whole and 1 <= value <= 12:
            pair = self._spoken_pair(i, int(value), j)
            if pair:
                return token(pair[0], pair[1], pair[2])
        plain = norm if not from_words and "." not in norm else _fmt(value)
        return token(plain, j, "number")

    def _spoken_pair(self, i: int, first: int, j: int) -> tuple[str, int, str] | None:
        """ "nine thirty [pm]" -> time, "five nine" -> height: (norm, end index, kind) or None."""
        if self.next_norm(j) is None:
            return None
        words = self.joined_words(j, 3)
        if words[:1] == ["oh"] and len(words) > 1 and words[1] in _UNITS:
            second, used, oh = _UNITS[words[1]], 2, True
        else:
            run = _number_run(words)
            if run is None or run[2] or not float(run[0]).is_integer():
                return None
            second, used, oh = int(run[0]), run[1], False
        if second >= 60:
            return None
        end = j + used
        pm = self.ampm(end)
        if pm is not None:
            return _clock(first, second, pm), end + 1, "time"
        isolated = not self.is_number(i - 1) and not self.is_number(end)
        if 4 <= first <= 6 and second <= 11 and used == 1 and isolated:
            return f"{first}'{second}", end, "height"
        # "three twenty-dollar bills" is not a time: the minutes word must not be hyphenated on.
        hyphened = end < len(self.raw) and "-" in self.text[self.raw[end - 1][2] : self.raw[end][1]]
        if (second >= 10 or oh) and not hyphened:
            return f"{first}:{second:02d}", end, "time"
        return None

    def _clock_phrase(self, i: int) -> tuple[RawToken, int] | None:
        """ "half past nine" -> 9:30, "quarter to ten" -> 9:45 (optionally followed by am/pm)."""
        words = self.joined_words(i, 3)
        if len(words) < 3 or words[1] not in ("past", "after", "to"):
            return None
        hour = _UNITS.get(words[2]) or _TEENS.get(words[2])
        if hour is None or hour > 12:
            return None
        minute = 30 if words[0] == "half" else 15
        if words[1] == "to":
            if words[0] == "half":
                return None
            hour, minute = (hour - 2) % 12 + 1, 45
        end = i + 3
        pm = self.ampm(end)
        end += pm is not None
        return (_clock(hour, minute, pm), self.raw[i][1], self.raw[end - 1][2], "time"), end - i


def _clock(hour: int, minute: int, pm: bool | None) -> str:
    """``H:MM``; 24-hour when am/pm is known, as spoken otherwise."""
    if pm is not None:
        hour = hour % 12 + (12 if pm else 0)
    return f"{hour}:{minute:02d}"


def scan(text: str) -> list[RawToken]:
    """The tokens of ``text`` as ``(norm, start, end, kind)`` tuples.

    The fast form of :func:`tokenize`: indexes use it to avoid building one object per token.
    """
    raw, special = _raw_tokens(text)
    if not special:
        return raw
    reader = _Reader(text, raw)
    out: list[RawToken] = []
    i, n = 0, len(raw)
    while i < n:
        tok = raw[i]
        norm, kind = tok[0], tok[3]
        if kind == "word":
            if norm in FILLERS:
                i += 1
                continue
            if norm not in _TRIGGERS or (norm == "a" and reader.next_norm(i + 1) not in _A_NEXT):
                # Stutters ("I I I") collapse into one token spanning all repeats.
                if out and out[-1][0] == norm and out[-1][3] == "word":
                    out[-1] = (norm, out[-1][1], tok[2], "word")
                else:
                    out.append(tok)
                i += 1
                continue
        elif kind == "ampm":
            out.append((norm, tok[1], tok[2], "word"))
            i += 1
            continue
        elif kind == "time":
            pm = reader.ampm(i + 1)
            if pm is not None:
                hour, minute = norm.split(":")
                tok = (_clock(int(hour), int(minute), pm), tok[1], raw[i + 1][2], "time")
                i += 1
            out.append(tok)
            i += 1
            continue
        elif kind != "num":
            out.append(tok)
            i += 1
            continue
        combined = reader.read(i)
        if combined is None:
            out.append(tok)
            i += 1
        else:
            out.append(combined[0])
            i += combined[1]
    return out


def tokenize(text: str) -> list[Token]:
    """Comparison tokens of ``text`` with offsets into ``text`` (see the module docstring)."""
    return [Token(*t) for t in scan(text)]


def normalize(text: str) -> str:
    """The comparison form of ``text``: its token norms joined by single spaces."""
    return " ".join(t[0] for t in scan(text))


def normalize_plate(text: str) -> str:
    """A licence plate as letters and digits: ``"Adam Boy 3 4 7"`` -> ``"AB347"``.

    Reads the LAPD and NATO phonetic alphabets and digit words ("three", "oh", "zero"); other
    letters and digits are kept as written.
    """
    out = []
    for word in re.findall(r"x-ray|[^\W_]+", text.lower()):
        word = word.replace("-", "")
        if word in PHONETIC:
            out.append(PHONETIC[word])
        elif word in _DIGIT_WORDS or word == "niner":
            out.append(str(_DIGIT_WORDS.get(word, 9)))
        else:
            out.append(word.upper())
    return "".join(out)


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
