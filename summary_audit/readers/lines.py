"""The line formats: speaker turns (``NAME: text``, optionally ``[hh:mm:ss]``) and bracketed cues
(``[00:01:02.000 --> 00:01:05.500] NAME: text``).  A line without a prefix or label continues
the previous turn.
"""

from __future__ import annotations

import re

from summary_audit.errors import InputError
from summary_audit.readers.decode import split_lines
from summary_audit.readers.segments import TS, RawSegment, seconds, split_speaker

TURN_PREFIX = re.compile(rf"\[\s*({TS})\s*\]\s*")


CUE_PREFIX = re.compile(rf"\[\s*({TS})\s*-->\s*({TS})\s*\]\s*")


# A bracket at the start of a line holding a timestamp or an arrow that the format's prefix did not
# match: a typo to report, not text ("[inaudible 00:01:02]" has letters, so it is text).
_BAD_PREFIX = re.compile(r"\[(?:[\d:.,\s>-]*\d:[\d:.,\s>-]*|[^\]]*-->[^\]]*)\]")


def read_lines(text: str, fmt: str, path: str | None) -> list[RawSegment]:
    prefix = CUE_PREFIX if fmt == "cues" else TURN_PREFIX
    raws: list[RawSegment] = []
    for number, line in enumerate(split_lines(text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = prefix.match(stripped)
        if match is None and _BAD_PREFIX.match(stripped):
            kind = "cue timing" if fmt == "cues" else "timestamp"
            raise InputError(f"malformed {kind} {stripped.split(']')[0]}]", path=path, line=number)
        rest = stripped[match.end() :] if match else stripped
        speaker, rest = split_speaker(rest)
        if match is None and speaker is None and raws:
            raws[-1].parts.append(rest)  # a line without a prefix continues the previous turn
            continue
        raw = RawSegment(line=number, where="", speaker=speaker, parts=[rest])
        if match:
            raw.start = seconds(match.group(1), path, number)
            if fmt == "cues":
                raw.end = seconds(match.group(2), path, number)
        raws.append(raw)
    return raws
