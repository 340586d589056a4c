"""Licence plates, written and spelled out on the radio.

Spelled plates use the phonetic alphabets in ``data/wordlists/phonetic.v1.json`` (the LAPD/APCO
table, Adam Boy Charles ... with Paul or Peter, and the ICAO/NATO one, Alpha Bravo ...), single
letters, digits and digit words ("niner" included), and "N as in Nancy".  A phonetic word is a
letter only inside a plate-like run: at least four characters with a letter and a digit ("Paul
Adam 3 4 7 9" is the plate ``PA3479``; "Victor Ramirez" is a person and "Mike said four" a name
and a number).  Written plates ("7KLM214", "ABC 123") are matched by :data:`WRITTEN_PLATE`.
"""

from __future__ import annotations

import re

from summary_audit.text.numbers import (
    A_NEXT,
    DIGIT_WORDS,
    NUMBER_WORDS,
    RUN_WORDS,
    RawToken,
    Read,
    Stream,
    Value,
    gap_ok,
)
from summary_audit.text.wordlists import PHONETIC

__all__ = [
    "PHONETIC",
    "WRITTEN_PLATE",
    "normalize_plate",
    "plate_cue_before",
    "plate_piece",
    "read_plate",
]

MIN_CHARS, MAX_CHARS = 4, 10
# Letters and digits mixed, written: "7KLM214", "ABC-123", "PA 3479" (a digit and a letter are
# checked after matching: lookaheads at every word are slow).
# A plate, or a longer code of letters and digits read out the same way (a serial, a VIN).
WRITTEN_PLATE = re.compile(r"\b(?:[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5}|[A-Z0-9]{10,17})\b")
# Not plates: ordinals, "4B", and road numbers ("US-101", "I-5", "SR 99", "Hwy 1").
_NOT_A_PLATE = re.compile(
    r"\d+(?:st|nd|rd|th)?|[A-Z]\d{1,2}|\d{1,2}[A-Z]|(?:US|I|SR|CA|HWY|RT|RTE|CR)[ -]?\d{1,3}"
)


# Words that name a plate ("plate", "tag", "registration"), and what may come between such a
# word and the number it names ("plate #", "receipt no.", "order number").
_PLATE_NAMES = r"plates?|tags?|licen[cs]e|registration"
_NUMBER_MARK = r"\W*(?:#|no\.?|number)?\W*"
_PLATE_CUE = re.compile(rf"\b(?:{_PLATE_NAMES}|reg|lic|LP)\b{_NUMBER_MARK}$", re.I)


# Before a number that is not a plate: a document's own number, rarely read out on the recording
# ("property receipt P25-0441", "order #A7731"), and money ("$58-59K").  Case, report and citation
# numbers, read out to people, are compared like plates.
_CODE_CUE = re.compile(
    r"(?:\b(?:receipt|invoice|order|confirmation|tracking|account|acct|policy|claim|ticket|"
    rf"booking)\b{_NUMBER_MARK}|\$[\d,.]*-?)$",
    re.I,
)
# Thousands and millions written short ("59K", "58-59K", "$1.2M"): money, not a plate.
_SHORT_AMOUNT = re.compile(r"(?:\d+(?:\.\d+)?-)?\d+(?:\.\d+)?[KM]", re.I)


def not_a_plate(text: str, start: int, chunk: str) -> bool:
    """Whether a written chunk of letters and digits at ``start`` is a code or an amount the
    words before it name ("receipt P25-0441", "$58-59K"), not a plate."""
    return (
        _SHORT_AMOUNT.fullmatch(chunk) is not None
        or _CODE_CUE.search(text[max(0, start - 30) : start]) is not None
    )


def plate_cue_before(text: str, start: int) -> bool:
    """Whether the words just before ``start`` say a plate follows ("plate", "tag", "license")."""
    return _PLATE_CUE.search(text[max(0, start - 30) : start]) is not None


def written_plate_value(text: str) -> str | None:
    """The plate a :data:`WRITTEN_PLATE` match stands for ("ABC-123" -> "ABC123"), or None when
    it is not one (no digit, no letter, an ordinal, "4B")."""
    if not (re.search(r"\d", text) and re.search(r"[A-Z]", text)) or _NOT_A_PLATE.fullmatch(text):
        return None
    return text.upper().replace(" ", "").replace("-", "")


def plate_piece(word: str) -> str | None:
    """The characters one spoken or written piece of a plate stands for: "adam" -> "A", "niner"
    -> "9", "three" -> "3", "b" -> "B", "347" -> "347", "x-ray" -> "X"; None for other words."""
    low = word.lower().replace("-", "") if word.lower() != "x-ray" else "xray"
    if low in PHONETIC:
        return PHONETIC[low]
    if low in DIGIT_WORDS and DIGIT_WORDS[low] <= 9:
        return str(DIGIT_WORDS[low])
    if low.isdigit() or (low.isalnum() and low.isascii() and len(low) == 1):
        return low.upper()
    return None


def normalize_plate(text: str) -> str:
    """A text known to be a plate as letters and digits: ``"Adam Boy 3 4 7"`` -> ``"AB347"``.

    Every piece is read with :func:`plate_piece` (the same table as running text); other words
    are kept as written, upper-cased."""
    out = []
    for word in re.findall(r"x-ray|[^\W_]+", text.lower()):
        out.append(plate_piece(word) or word.upper())
    return "".join(out)


def _gap(s: Stream, j: int) -> str | None:
    """How raw token ``j`` joins the one before inside a plate: ``","`` (commas, "4, Frank,
    Ocean"), ``" "`` (spaces or hyphens) or None (anything else ends the plate)."""
    raw = s.raw
    if not 0 < j < len(raw):
        return None
    if s.joined(j):  # spaces, hyphens, fillers ("Adam um Boy")
        return " "
    gap = s.text[raw[j - 1][2] : raw[j][1]]
    if "," in gap and gap_ok(gap.replace(",", " "), 0, len(gap)):
        return ","
    return None


def as_in_at(raw: list[RawToken], j: int) -> bool:
    """Whether raw tokens ``j`` and ``j + 1`` are the "as in" of a spelled letter ("N as in
    Nancy")."""
    return j + 1 < len(raw) and raw[j][0] == "as" and raw[j + 1][0] == "in"


def read_plate(s: Stream, i: int) -> Read | None:
    """A spelled-out plate starting at raw token ``i``, or None.

    A run of pieces (phonetic words, single letters, digits and digit words, singly or in pairs,
    "as in" spellings) is a plate when it holds four to ten characters, a letter and a digit, and
    at least two pieces.  The run stops before a piece that would make it longer than ten
    characters, at a change of separator ("Adam Boy 3 4 7, two men" ends at 7) and at a comma
    that does not part single characters.  A written chunk ("7KLM214") stays one token."""
    raw = s.raw
    n = len(raw)
    if i > 0 and s.text[raw[i - 1][2] : raw[i][1]] == "/":
        return None  # "S/N 3380419", "P/N": the letter ends an abbreviation
    for k in range(i, min(n, i + MAX_CHARS)):  # cheap look-ahead: a plate needs a letter
        norm, kind = raw[k][0], raw[k][3]
        if kind == "word" and (norm in PHONETIC or len(norm) == 1):
            break
        if kind != "num" and norm not in RUN_WORDS:
            return None
    else:
        return None
    chars: list[str] = []
    size = letters = 0
    as_in = False
    j = end = i
    style: str | None = None
    switched = False
    while j < n:
        # "as in" spells the letter before it: its gap sets no style ("P as in Paul, K as in king")
        if j > i and not as_in_at(raw, j):
            gap = _gap(s, j)
            # A pause between the letters and the digits is one change of separator a plate
            # may have ("alpha bravo x-ray, five five two zero").
            switch = not switched and chars[-1].isalpha() and raw[j][0] in _DIGIT_PIECES
            if gap is None or (style is not None and gap != style and not switch):
                break
            if switch and (style is not None or gap == ","):  # the digits set their own style
                switched, style = True, None
            else:
                if gap == "," and (len(chars[-1]) > 1 or _long_piece(raw[j][0])):
                    break  # commas part single letters and digits only: "4, Frank, Ocean, 7"
                style = gap
        norm, kind = raw[j][0], raw[j][3]
        used = 1
        piece: str | None = None
        if kind == "num":
            piece = norm if norm.isdigit() and len(norm) <= 4 else None  # as said: < 10,000
        elif kind == "word":
            if chars and as_in_at(raw, j) and j + 2 < n:
                if raw[j + 2][0][:1].upper() != chars[-1][-1:]:
                    break
                j = end = j + 3  # "N as in Nancy": the letter is already read
                as_in = True
                continue
            if norm in NUMBER_WORDS or (norm == "a" and s.next_norm(j + 1) in A_NEXT):
                # Digits read singly or in pairs ("Adam Boy thirty-four seventy-nine").
                number = s.number_at(j)
                value = number[0] if number and not number[2] else None
                if value is not None and value < 10_000 and value == value.to_integral_value():
                    piece, used = str(int(value)), number[1]  # type: ignore[index]
            elif (
                norm in ("a", "i")
                and (j == i or not s.text[raw[j][1]].isupper())
                and not as_in_at(raw, j + 1)
            ):
                break  # "a" and "I" are words before they are letters (a capital "A" inside, or
                # one spelled: "A as in Adam")
            else:
                if norm == "x" and s.next_norm(j + 1) == "ray":  # "x-ray" is read as two words
                    used = 2
                piece = plate_piece(norm)
                letters += piece is not None and piece.isalpha()
        if piece is None or size + len(piece) > MAX_CHARS:
            break
        chars.append(piece)
        size += len(piece)
        j = end = j + used
    while len(chars) > 1 and raw[end - 1][0] in ("a", "i"):  # "... 3 4 A man" ends at 4
        dropped = chars.pop()
        size -= len(dropped)
        letters -= dropped.isalpha()
        end -= 1
    plate = "".join(chars)
    # "Mike 4 5 6 7", "Victor 10 20": one phonetic word first, then numbers, is a name and a
    # number more often than a plate -- unless the line has just said a plate comes ("commercial
    # plate on a box truck, Charlie four four one zero eight").
    name_first = (
        letters == 1
        and raw[i][0] in PHONETIC
        and not as_in
        and not _plate_said_before(s.text, raw[i][1])
    )
    if (
        name_first
        or len(chars) < 2
        or not letters
        or size < MIN_CHARS
        or not any(c.isdigit() for c in plate)
    ):
        return None
    value = Value("plate", plate.lower(), raw[i][1], raw[end - 1][2], True)
    return value, end - i


_PLATE_WORD = re.compile(rf"\b(?:{_PLATE_NAMES}|apportioned)\b", re.I)
_PLATE_REACH = 40
_SENTENCE_GAP = re.compile(r"[.!?]\s|\n")


def _plate_said_before(text: str, start: int) -> bool:
    """Whether "plate", "tag" or the like is said shortly before ``start`` in its sentence."""
    lo = max(0, start - _PLATE_REACH)
    for end in _SENTENCE_GAP.finditer(text, lo, start):
        lo = end.end()
    return _PLATE_WORD.search(text, lo, start) is not None


_DIGIT_PIECES = frozenset(w for w, d in DIGIT_WORDS.items() if d <= 9) | set("0123456789")


def _long_piece(norm: str) -> bool:
    """A piece that stands for more than one character ("thirty-four", "347")."""
    return len(norm) > 1 and norm not in PHONETIC and norm not in DIGIT_WORDS
