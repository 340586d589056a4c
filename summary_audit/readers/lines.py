"""The line formats: speaker turns (``NAME: text``, optionally ``[hh:mm:ss]``) and bracketed cues
(``[00:01:02.000 --> 00:01:05.500] NAME: text``).  A line without a prefix or label continues
the previous turn.
"""

from __future__ import annotations

import re

from summary_audit.errors import InputError
from summary_audit.readers.decode import split_lines
from summary_audit.readers.segments import (
    TS,
    RawSegment,
    recurring_labels,
    seconds,
    split_speaker,
    split_turns,
)

TURN_PREFIX = re.compile(rf"\[\s*({TS})\s*\]\s*")


CUE_PREFIX = re.compile(rf"\[\s*({TS})\s*-->\s*({TS})\s*\]\s*")


# A bracket at the start of a line holding a timestamp or an arrow that the format's prefix did not
# match: a typo to report, not text ("[inaudible 00:01:02]" has letters, so it is text).
# Each alternative finds its first "d:" or "-->" and then reads the rest of the bracket once
# (atomic and possessive): a line of thousands of "0:" without "]" is not retried at every split.
_BAD_PREFIX = re.compile(r"\[(?:(?>[\d:.,\s>-]*?\d:)[\d:.,\s>-]*+|(?>[^\]]*?-->)[^\]]*+)\]")


def read_lines(
    text: str, fmt: str, path: str | None, notes: list[str] | None = None
) -> list[RawSegment]:
    """Turns or cues, one per line; a line holding several labelled turns ("A: hi. B: ok.", a
    whole chat exported on one line) is cut into them, with a note in ``notes``."""
    prefix = CUE_PREFIX if fmt == "cues" else TURN_PREFIX
    lines = split_lines(text)
    labels = recurring_labels([_after_prefix(line, prefix) for line in lines])
    raws: list[RawSegment] = []
    joined = 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = prefix.match(stripped)
        if match is None and _BAD_PREFIX.match(stripped):
            kind = "cue timing" if fmt == "cues" else "timestamp"
            raise InputError(f"malformed {kind} {stripped.split(']')[0]}]", path=path, line=number)
        turns = split_turns(stripped[match.end() :] if match else stripped, labels)
        joined += len(turns) > 1
        for i, turn in enumerate(turns):
            speaker, rest = split_speaker(turn, labels)
            if (i or match is None) and speaker is None and raws:
                raws[-1].parts.append(rest)  # a line without a prefix continues the turn
                continue
            raw = RawSegment(line=number, where="", speaker=speaker, parts=[rest])
            if match and i == 0:
                raw.start = seconds(match.group(1), path, number)
                if fmt == "cues":
                    raw.end = seconds(match.group(2), path, number)
            raws.append(raw)
    if joined and notes is not None:
        notes.append(f"{joined} line(s) held several speakers' turns; each turn read on its own")
    lower = sorted({r.speaker for r in raws if r.speaker and not r.speaker[:1].isupper()})
    if lower and notes is not None:
        notes.append(f"lower-case speaker labels read as speakers: {', '.join(lower[:6])}")
    return raws


def _after_prefix(line: str, prefix: re.Pattern[str]) -> str:
    stripped = line.strip()
    match = prefix.match(stripped)
    return stripped[match.end() :] if match else stripped
