"""Transcripts: choose the format (extension, content, or the caller's word) and read it.

Every format reader produces the same normalized :class:`~summary_audit.types.Transcript`:
segment texts joined with ``"\\n"``, each segment's span covering exactly its text.  Speaker
labels, timestamps and markup are not part of the text.  Bad input raises
:class:`~summary_audit.errors.InputError` naming the file and the line (or cue / segment number),
never another exception.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from summary_audit.errors import InputError
from summary_audit.readers.decode import check_text, decode_input, read_input, split_lines
from summary_audit.readers.lines import CUE_PREFIX, TURN_PREFIX, read_lines
from summary_audit.readers.plain import read_plain
from summary_audit.readers.segments import build, recurring_labels, split_speaker, split_turns
from summary_audit.readers.subtitles import CUE_NUMBER, read_srt, read_vtt
from summary_audit.readers.whisper import read_whisper
from summary_audit.types import Transcript

FORMATS: tuple[str, ...] = ("turns", "cues", "vtt", "srt", "whisper", "plain")


_ALIASES = {
    "webvtt": "vtt",
    "json": "whisper",
    "whisperx": "whisper",
    "txt": "turns",
    "text": "turns",
    "prose": "plain",
    "asr": "plain",
}
# Share of lines that must open with a speaker label or a timestamp for the input to be read as
# turns; below it the labels are incidental ("Note: ...") and the text is read as plain prose.
_TURN_SHARE = 0.3


_EXTENSIONS = {".vtt": "vtt", ".srt": "srt", ".json": "whisper"}


def load_transcript(path: str | Path, format: str | None = None) -> Transcript:
    """Read and parse a transcript file; format from ``format``, else the extension or content."""
    name = str(path)
    data = read_input(path, "transcript")
    text = decode_input(data, name, "transcript")
    fmt = _resolve_format(format, text, name)
    return _parse(text, fmt, path=name, id=Path(path).stem, sha=hashlib.sha256(data).hexdigest())


def parse_transcript(
    text: str, format: str | None = None, *, source: str | None = None, id: str | None = None
) -> Transcript:
    """Parse transcript ``text``; ``source`` names it in errors, ``id`` defaults to a hash."""
    data = check_text(text, source, "transcript")
    sha = hashlib.sha256(data).hexdigest()
    text = text.removeprefix("\ufeff")
    fmt = _resolve_format(format, text, source)
    return _parse(text, fmt, path=source, id=id or f"transcript-{sha[:12]}", sha=sha)


def detect_format(text: str, filename: str | None = None) -> str:
    """The transcript format of ``text``: by extension, then by content.  Text with no layout a
    reader recognises is ``plain`` (prose): an unknown layout is read, never refused."""
    if filename:
        by_ext = _EXTENSIONS.get(Path(filename).suffix.lower())
        if by_ext:
            return by_ext
    lines = [line.strip() for line in split_lines(text.removeprefix("\ufeff")) if line.strip()][:40]
    if lines and lines[0].startswith("WEBVTT"):
        return "vtt"
    if lines and lines[0].startswith(("{", "[{")):
        return "whisper"
    if len(lines) > 1 and CUE_NUMBER.fullmatch(lines[0]) and "-->" in lines[1]:
        return "srt"
    if any(CUE_PREFIX.match(line) for line in lines):
        return "cues"
    labels = recurring_labels(lines)
    turns = sum(bool(TURN_PREFIX.match(line) or split_speaker(line, labels)[0]) for line in lines)
    if lines and (
        turns >= max(1, _TURN_SHARE * len(lines))
        or any(len(split_turns(line, labels)) > 1 for line in lines)
    ):
        return "turns"
    return "plain"


def _resolve_format(format: str | None, text: str, path: str | None) -> str:
    if format is None:
        return detect_format(text, path)
    fmt = _ALIASES.get(format.lower(), format.lower())
    if fmt not in FORMATS:
        raise InputError(
            f"unknown transcript format {format!r}; use one of: {', '.join(FORMATS)}", path=path
        )
    return fmt


def _parse(text: str, fmt: str, *, path: str | None, id: str, sha: str) -> Transcript:
    notes: list[str] = []
    if fmt == "whisper":
        raws = read_whisper(text, path)
    elif fmt == "plain":
        raws = read_plain(text, path, notes)
    elif fmt in ("turns", "cues"):
        raws = read_lines(text, fmt, path, notes)
    else:
        raws = {"vtt": read_vtt, "srt": read_srt}[fmt](text, fmt, path)
    return build(raws, fmt=fmt, path=path, id=id, sha=sha, notes=tuple(notes))
