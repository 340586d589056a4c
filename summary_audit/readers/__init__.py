"""Readers: bytes -> :class:`~summary_audit.types.Transcript` | :class:`~summary_audit.types.Summary`.

:mod:`.decode` turns bytes into text; :mod:`.transcript` chooses a transcript format and hands
the text to its reader (:mod:`.lines`, :mod:`.subtitles`, :mod:`.whisper`), each producing the raw
segments of :mod:`.segments`; :mod:`.summary` reads summaries.  A new transcript format is one new
module here plus its name in :data:`.transcript.FORMATS`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from summary_audit.readers.summary import load_summary, parse_summary
from summary_audit.readers.transcript import (
    FORMATS,
    detect_format,
    load_transcript,
    parse_transcript,
)
from summary_audit.types import Summary, Transcript

TranscriptInput = Transcript | str | os.PathLike[str]
SummaryInput = Summary | str | os.PathLike[str]

_FILE_SUFFIX = re.compile(r"\.(txt|vtt|srt|json|md|markdown)$", re.IGNORECASE)


def _looks_like_path(value: str) -> bool:
    """A one-line string naming an existing file, or ending in a known suffix (a missing file is
    then reported as missing rather than audited as text)."""
    if "\n" in value or len(value) >= 4096:
        return False
    return os.path.isfile(value) or bool(_FILE_SUFFIX.search(value.strip()))


def resolve_transcript(value: TranscriptInput, *, format: str | None = None) -> Transcript:
    """A Transcript from a Transcript, a path, or the transcript's text itself."""
    if isinstance(value, Transcript):
        return value
    if isinstance(value, os.PathLike) or _looks_like_path(value):
        return load_transcript(Path(value), format=format)
    return parse_transcript(value, format=format)


def resolve_summary(value: SummaryInput) -> Summary:
    """A Summary from a Summary, a path, or the summary's text itself."""
    if isinstance(value, Summary):
        return value
    if isinstance(value, os.PathLike) or _looks_like_path(value):
        return load_summary(Path(value))
    return parse_summary(value)


__all__ = [
    "FORMATS",
    "SummaryInput",
    "TranscriptInput",
    "detect_format",
    "load_summary",
    "load_transcript",
    "parse_summary",
    "parse_transcript",
    "resolve_summary",
    "resolve_transcript",
]
