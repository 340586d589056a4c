"""Plain text: a transcript with no speaker labels and no timestamps (a raw ASR or Whisper ``.txt``
dump, a pasted paragraph).  Every sentence becomes a segment with no speaker and no time; a
sentence that runs on without punctuation (ASR output often does) is cut every
:data:`MAX_WORDS` words at a comma or a space, so a segment stays a passage the rules can cite.

Refusing such input would leave the user with nothing; reading it this way is stated in a note
on the transcript, so every report says how its evidence was located.
"""

from __future__ import annotations

import re

from summary_audit.readers.decode import split_lines
from summary_audit.readers.segments import RawSegment

MAX_WORDS = 40  # a longer run without a sentence end is cut into pieces of about this size
# A sentence ends at . ! ? or … (with closing quotes or brackets) before a space; a period after
# a single letter or a common abbreviation is not an end ("J. Smith", "Mr. Lee", "approx. 5").
# Matches start only where a run of end marks starts and give nothing back, so a run of
# thousands of periods is read once (retrying it at each of its periods was quadratic).
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?=\s)")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Za-z]|mr|mrs|ms|dr|st|ofc|sgt|det|lt|approx|vs)$", re.I)
_NUMBER_SIGN = re.compile(r"(?:^|\s)no$", re.I)  # "No. 5"; "he said no." ends a sentence
# How far back from a period the two patterns above can reach ("approx" and the space before it):
# they are searched in that window only, not from the start of the line at every period.
_REACH = 7
_NEXT_CHAR = re.compile(r"\s*+(.?)", re.S)
_WORD = re.compile(r"\S+")


def _sentences(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``line``."""
    out, start = [], 0
    for m in _END.finditer(line):
        window = max(0, m.start() - _REACH)
        if m.group().startswith(".") and (
            _ABBREVIATION.search(line, window, m.start())
            or (
                _NUMBER_SIGN.search(line, window, m.start())
                and _NEXT_CHAR.match(line, m.end()).group(1).isdigit()  # type: ignore[union-attr]
            )
        ):
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(line)))
    return [(a, b) for a, b in out if line[a:b].strip()]


def _pieces(text: str) -> list[str]:
    """``text`` cut into runs of at most about MAX_WORDS words, preferring a cut after a comma."""
    words = list(_WORD.finditer(text))
    if len(words) <= MAX_WORDS:
        return [text.strip()]
    out, start, count = [], 0, 0
    for i, w in enumerate(words):
        count += 1
        at_comma = w.group().endswith((",", ";", ":"))
        due = (count >= MAX_WORDS // 2 and at_comma) or count >= MAX_WORDS
        if due and len(words) - i - 1 >= 3:  # do not leave a two-word tail on its own
            out.append(text[start : w.end()].strip())
            start, count = w.end(), 0
    out.append(text[start:].strip())
    return [p for p in out if p]


def read_plain(text: str, path: str | None, notes: list[str]) -> list[RawSegment]:
    """One segment per sentence (long run-ons cut), no speakers, no times; a note says so."""
    raws: list[RawSegment] = []
    for number, line in enumerate(split_lines(text), start=1):
        for start, end in _sentences(line):
            for piece in _pieces(line[start:end]):
                raws.append(RawSegment(line=number, where="", parts=[piece]))
    notes.append(
        f"read as plain text: no speaker labels or timestamps, {len(raws)} sentence(s) as "
        "segments; evidence cannot name who spoke"
    )
    return raws
