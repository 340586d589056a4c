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

from summary_audit.errors import InputError, clip
from summary_audit.readers.summary import load_summary, parse_summary
from summary_audit.readers.transcript import (
    _ALIASES,
    FORMATS,
    detect_format,
    load_transcript,
    parse_transcript,
)
from summary_audit.types import Summary, Transcript

TranscriptInput = Transcript | str | os.PathLike[str]
SummaryInput = Summary | str | os.PathLike[str]

# Every name ``format=`` accepts for a transcript: the formats and their aliases (``webvtt``).
TRANSCRIPT_FORMAT_NAMES: tuple[str, ...] = FORMATS + tuple(sorted(_ALIASES))

_FILE_SUFFIX = re.compile(r"\.(txt|vtt|srt|json|md|markdown)$", re.IGNORECASE)


def _looks_like_path(value: str) -> bool:
    """A one-line string naming an existing file, or ending in a known suffix (a missing file is
    then reported as missing rather than audited as text)."""
    if "\n" in value or len(value) >= 4096:
        return False
    return os.path.isfile(value) or bool(_FILE_SUFFIX.search(value.strip()))


def check_input_type(value: object, cls: type, argument: str, kind: str) -> None:
    """A :class:`TypeError` with a sentence, not a raw AttributeError later, when ``value`` is
    neither a ``cls`` (Transcript, Summary), a path nor text."""
    if not isinstance(value, cls | str | os.PathLike):
        what = "None" if value is None else f"{type(value).__name__} {clip(repr(value), 40)}"
        hint = " (decode bytes to str first)" if isinstance(value, bytes | bytearray) else ""
        raise TypeError(
            f"{argument} must be a {cls.__name__}, a file path or the {kind}'s text (str), "
            f"not {what}{hint}"
        )


def _check_path_type(value: object) -> None:
    if not isinstance(value, str | os.PathLike):
        raise TypeError(
            f"path must be a str or os.PathLike naming a file, not {type(value).__name__} "
            f"{clip(repr(value), 40)}"
        )


def _check_path(value: str | os.PathLike[str], kind: str) -> Path:
    """``value`` as a path to read.  A string that names no file is quoted clipped in the error:
    it may be the text itself passed where a file name belongs (``load_transcript(text)``)."""
    text = os.fspath(value)
    if os.path.isfile(text):
        return Path(text)
    if "\n" in text:
        raise InputError(
            f"cannot read {kind}: this is text, not a file name; pass text to audit() or "
            f"parse_{kind}()",
            path=clip(text),
        )
    if len(text) > 255 or (len(text) > 80 and os.sep not in text):  # a sentence, not a path
        raise InputError(f"cannot read {kind}: no such file", path=clip(text))
    return Path(text)


def read_transcript(value: str | os.PathLike[str], *, format: str | None = None) -> Transcript:
    """:func:`load_transcript` for a caller's argument: text passed by mistake is not echoed."""
    _check_path_type(value)
    return load_transcript(_check_path(value, "transcript"), format=format)


def read_summary(value: str | os.PathLike[str]) -> Summary:
    """:func:`load_summary` for a caller's argument: text passed by mistake is not echoed."""
    _check_path_type(value)
    return load_summary(_check_path(value, "summary"))


def resolve_transcript(
    value: TranscriptInput, *, format: str | None = None, argument: str = "transcript"
) -> Transcript:
    """A Transcript from a Transcript, a path, or the transcript's text itself.

    Raises :class:`TypeError` naming ``argument`` when ``value`` is none of these.
    """
    check_input_type(value, Transcript, argument, "transcript")
    if isinstance(value, Transcript):
        return value
    if isinstance(value, os.PathLike) or _looks_like_path(value):
        return load_transcript(_check_path(value, "transcript"), format=format)
    return parse_transcript(value, format=format)


def resolve_summary(value: SummaryInput, *, argument: str = "summary") -> Summary:
    """A Summary from a Summary, a path, or the summary's text itself.

    Raises :class:`TypeError` naming ``argument`` when ``value`` is none of these.
    """
    check_input_type(value, Summary, argument, "summary")
    if isinstance(value, Summary):
        return value
    if isinstance(value, os.PathLike) or _looks_like_path(value):
        return load_summary(_check_path(value, "summary"))
    return parse_summary(value)


__all__ = [
    "FORMATS",
    "TRANSCRIPT_FORMAT_NAMES",
    "SummaryInput",
    "TranscriptInput",
    "check_input_type",
    "detect_format",
    "load_summary",
    "load_transcript",
    "parse_summary",
    "parse_transcript",
    "read_summary",
    "read_transcript",
    "resolve_summary",
    "resolve_transcript",
]
