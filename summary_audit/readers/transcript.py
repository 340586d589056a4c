"""Transcript readers: speaker turns, cue lines, WebVTT, SRT and Whisper/WhisperX JSON.

Every reader produces the same normalized :class:`~summary_audit.types.Transcript`: segment texts
joined with ``"\\n"``, each segment's span covering exactly its text.  Speaker labels, timestamps
and markup are not part of the text.  Bad input raises :class:`~summary_audit.errors.InputError`
naming the file and the line (or cue / segment number), never another exception.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summary_audit.errors import InputError
from summary_audit.types import Segment, Span, Transcript, Word

FORMATS: tuple[str, ...] = ("turns", "cues", "vtt", "srt", "whisper")
MAX_BYTES = 20 * 2**20

_ALIASES = {
    "webvtt": "vtt",
    "json": "whisper",
    "whisperx": "whisper",
    "txt": "turns",
    "text": "turns",
}
_EXTENSIONS = {".vtt": "vtt", ".srt": "srt", ".json": "whisper"}

# Timestamps: [h:]mm:ss with an optional fraction ("." in VTT, "," in SRT); the reader is lenient
# about which separator and how many fraction digits, strict about the ranges.
_TS = r"(?:[0-9]{1,3}:)?[0-9]{1,2}:[0-9]{2}(?:[.,][0-9]{1,3})?"  # ASCII: \d also takes "٣"
_TURN_PREFIX = re.compile(rf"\[\s*({_TS})\s*\]\s*")
_CUE_PREFIX = re.compile(rf"\[\s*({_TS})\s*-->\s*({_TS})\s*\]\s*")
# A bracket at the start of a line holding a timestamp or an arrow that the format's prefix did not
# match: a typo to report, not text ("[inaudible 00:01:02]" has letters, so it is text).
_BAD_PREFIX = re.compile(r"\[(?:[\d:.,\s>-]*\d:[\d:.,\s>-]*|[^\]]*-->[^\]]*)\]")
_CUE_NUMBER = re.compile(r"[0-9]+")  # not str.isdigit(): that accepts "²", which int() refuses
_TIMING = re.compile(rf"({_TS})\s*-->\s*({_TS})(?:\s+.*)?")

# A speaker label: up to six words before ": ".  Every word starts with a capital, a digit, "[",
# "?" or "#" (or is a name particle), so "He said: stop" or "At 10:30" are not speakers.
_LABEL = re.compile(
    r"([^\W_][\w.'’()\[\]#-]*|[\[(?#][\w.'’()\[\]#?-]*)(?:[ \t]+[\w.'’()\[\]#?-]+){0,5}"
)
_PARTICLES = frozenset(
    {"de", "la", "del", "van", "von", "da", "di", "du", "le", "der", "den", "el"}
)
_SPEAKER_SPLIT = re.compile(r"\s*:(?:\s+|$)")

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>|\{\\[^{}]*\}")
_ANNOTATION = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)")
_WORD = re.compile(r"[A-Za-z0-9?]+")

_MEDIA_WORDS = frozenset(
    {"TV", "TELEVISION", "RADIO", "MEDIA", "BACKGROUND", "MOVIE", "FILM", "BROADCAST", "MUSIC"}
)
# Diarization labels (SPEAKER_00, Speaker A), UNKNOWN..., "?": nobody knows who spoke.
_UNKNOWN_SPEAKER = re.compile(r"SPEAKER(?: ?(?:[0-9]+|[A-Z]))?|(?:UNKNOWN|UNIDENTIFIED)\b.*|\?+")


@dataclass
class _Raw:
    """A segment as a reader found it, before spans and tags are computed."""

    line: int | None
    where: str  # "cue 3" / "segment 3" for messages; "" when the line says it all
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    parts: list[str] = field(default_factory=list)
    confidence: float | None = None
    words: tuple[Word, ...] = ()


# ---------------------------------------------------------------------------------------------
# Bytes -> text (shared with summary.py)


def read_input(path: str | Path, kind: str = "file") -> bytes:
    """The bytes of ``path``, refusing files over :data:`MAX_BYTES` before reading them all."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise InputError(_too_big(size), path=name)
        with open(path, "rb") as handle:
            # Read one byte more than the limit: stat() lies for pipes and growing files.
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read {kind}: {exc.strerror or exc}", path=name) from None
    if len(data) > MAX_BYTES:
        raise InputError(_too_big(len(data)), path=name)
    return data


def _too_big(size: int) -> str:
    return f"file is {size:,} bytes, larger than the limit of {MAX_BYTES:,} bytes"


def decode_input(data: bytes, path: str | None = None, kind: str = "file") -> str:
    """UTF-8 text of ``data`` without a BOM; empty, binary and non-UTF-8 input raise InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{kind} is UTF-16; save it as UTF-8", path=path, line=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{kind} looks binary (NUL byte at offset {nul})", path=path, line=_line_at(data, nul)
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{kind} is not valid UTF-8 (byte offset {exc.start})",
            path=path,
            line=_line_at(data, exc.start),
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{kind} is empty", path=path)
    return text


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_text(text: str, path: str | None, kind: str) -> bytes:
    """UTF-8 bytes of an in-memory ``text``, with the same checks as a file's."""
    if len(text) > MAX_BYTES:  # a character is at least one byte: no need to encode to know
        raise InputError(_too_big(len(text)), path=path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{kind} contains an unencodable character at offset {exc.start}",
            path=path,
            line=text.count("\n", 0, exc.start) + 1,
        ) from None
    if len(data) > MAX_BYTES:
        raise InputError(_too_big(len(data)), path=path)
    decode_input(data, path, kind)  # same empty / binary checks as for files
    return data


# ---------------------------------------------------------------------------------------------
# Public API


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
    """The transcript format of ``text``: by extension, then by content.  Unknown -> InputError."""
    if filename:
        by_ext = _EXTENSIONS.get(Path(filename).suffix.lower())
        if by_ext:
            return by_ext
    lines = [line.strip() for line in _lines(text.removeprefix("\ufeff")) if line.strip()][:40]
    if lines and lines[0].startswith("WEBVTT"):
        return "vtt"
    if lines and lines[0].startswith(("{", "[{")):
        return "whisper"
    if len(lines) > 1 and _CUE_NUMBER.fullmatch(lines[0]) and "-->" in lines[1]:
        return "srt"
    if any(_CUE_PREFIX.match(line) for line in lines):
        return "cues"
    if any(_TURN_PREFIX.match(line) or _split_speaker(line)[0] for line in lines):
        return "turns"
    raise InputError(
        f"cannot tell the transcript format; pass one of: {', '.join(FORMATS)}", path=filename
    )


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
    readers = {"turns": _read_lines, "cues": _read_lines, "vtt": _read_vtt, "srt": _read_srt}
    raws = _read_whisper(text, path) if fmt == "whisper" else readers[fmt](text, fmt, path)
    return _build(raws, fmt=fmt, path=path, id=id, sha=sha)


def _lines(text: str) -> list[str]:
    # Not str.splitlines(): it also splits on form feeds and U+2028, which would put line
    # numbers out of step with what an editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# ---------------------------------------------------------------------------------------------
# Building the Transcript


def _build(raws: list[_Raw], *, fmt: str, path: str | None, id: str, sha: str) -> Transcript:
    for raw in raws:
        raw.parts = [_clean(" ".join(raw.parts))]
    raws = [r for r in raws if r.parts[0]]  # empty cues and turns carry nothing to audit
    _check_times(raws, path)
    if fmt == "turns":  # a turn lasts until the next one starts
        for raw, nxt in itertools.pairwise(raws):
            if raw.start is not None and nxt.start is not None:
                raw.end = nxt.start
    segments, texts, offset = [], [], 0
    for index, raw in enumerate(raws):
        seg_text = raw.parts[0]
        span = Span(doc="transcript", start=offset, end=offset + len(seg_text), text=seg_text)
        segments.append(
            Segment(
                index=index,
                speaker=raw.speaker,
                start_s=raw.start,
                end_s=raw.end,
                text=seg_text,
                confidence=raw.confidence,
                span=span,
                words=raw.words,
                tags=_tags(raw.speaker, seg_text),
                line=raw.line,
            )
        )
        texts.append(seg_text)
        offset += len(seg_text) + 1
    if not any(any(c.isalnum() for c in _ANNOTATION.sub("", t)) for t in texts):
        raise InputError("transcript has no speech (no segment with spoken text)", path=path)
    return Transcript(
        id=id, source=path, format=fmt, text="\n".join(texts), segments=tuple(segments), sha256=sha
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def _check_times(raws: list[_Raw], path: str | None) -> None:
    previous: float | None = None
    for raw in raws:
        where = f"{raw.where}: " if raw.where else ""
        if raw.start is not None and raw.end is not None and raw.end < raw.start:
            raise InputError(
                f"{where}end {_fmt(raw.end)} is before start {_fmt(raw.start)}",
                path=path,
                line=raw.line,
            )
        if raw.start is None:
            continue
        if previous is not None and raw.start < previous:
            raise InputError(
                f"{where}timestamps go backwards: {_fmt(raw.start)} is before the previous "
                f"start {_fmt(previous)}",
                path=path,
                line=raw.line,
            )
        previous = raw.start


def _fmt(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _seconds(stamp: str, path: str | None, line: int | None) -> float:
    """Seconds of ``[h:]mm:ss[.fff]``; minutes and seconds must be below 60."""
    main, _, frac = stamp.replace(",", ".").partition(".")
    fields = [int(x) for x in main.split(":")]
    hours, minutes, secs = ([0, *fields] if len(fields) == 2 else fields)[-3:]
    if minutes >= 60 or secs >= 60:
        raise InputError(f"bad timestamp {stamp!r}", path=path, line=line)
    millis = int(frac.ljust(3, "0")) if frac else 0
    return (hours * 3_600_000 + minutes * 60_000 + secs * 1000 + millis) / 1000


# ---------------------------------------------------------------------------------------------
# Speakers and tags


def _split_speaker(text: str) -> tuple[str | None, str]:
    """``("OFFICER SMITH", "rest")`` for ``"OFFICER SMITH: rest"``, else ``(None, text)``."""
    colon = _SPEAKER_SPLIT.search(text)
    if not colon or colon.start() > 60:
        return None, text
    label = text[: colon.start()].strip()
    return (label, text[colon.end() :]) if _is_label(label) else (None, text)


@functools.lru_cache(maxsize=1024)  # the same few speaker labels start most lines
def _is_label(label: str) -> bool:
    return bool(_LABEL.fullmatch(label)) and all(_capitalized(w) for w in label.split())


def _capitalized(word: str) -> bool:
    if word.lower() in _PARTICLES:
        return True
    letter = next((c for c in word if c.isalpha()), None)
    return letter is None or letter.isupper()


def _tags(speaker: str | None, text: str) -> tuple[str, ...]:
    tags = set(_speaker_tags(speaker))
    # A sound note inside someone's turn ("sorry [TV volume drops] okay") does not make the turn
    # media; a note carrying the media's words ("[background TV: ...]") or standing alone does.
    alone = not _ANNOTATION.sub("", text).strip()
    for match in _ANNOTATION.finditer(text):
        label, _, content = (match.group(1) or match.group(2) or "").partition(":")
        words = _WORD.findall(label.upper())
        if alone or content.strip():
            tags.update(_source_tags(words))
        if {"CROSSTALK", "OVERLAPPING"} & set(words) or "CROSS-TALK" in label.upper():
            tags.add("crosstalk")
        if {"INAUDIBLE", "UNINTELLIGIBLE", "INDISCERNIBLE"} & set(words):
            tags.add("inaudible")
    return tuple(sorted(tags))


@functools.lru_cache(maxsize=1024)
def _speaker_tags(speaker: str | None) -> frozenset[str]:
    if speaker is None:
        return frozenset()
    key = " ".join(_WORD.findall(speaker.upper()))
    tags = _source_tags(key.split())
    if _UNKNOWN_SPEAKER.fullmatch(key) or key == "":
        tags.add("unknown_speaker")
    return frozenset(tags)


def _source_tags(words: list[str]) -> set[str]:
    """``dispatch`` for DISPATCH / POLICE RADIO, ``media`` for TV, RADIO, BACKGROUND..."""
    police_radio = "RADIO" in words and ("POLICE" in words or "TRAFFIC" in words)
    if police_radio or any(w.startswith("DISPATCH") for w in words):
        return {"dispatch"}
    if _MEDIA_WORDS.intersection(words):
        return {"media"}
    return set()


# ---------------------------------------------------------------------------------------------
# "turns" and "cues": one line per turn, optional timestamp prefix, continuation lines


def _read_lines(text: str, fmt: str, path: str | None) -> list[_Raw]:
    prefix = _CUE_PREFIX if fmt == "cues" else _TURN_PREFIX
    raws: list[_Raw] = []
    for number, line in enumerate(_lines(text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = prefix.match(stripped)
        if match is None and _BAD_PREFIX.match(stripped):
            kind = "cue timing" if fmt == "cues" else "timestamp"
            raise InputError(f"malformed {kind} {stripped.split(']')[0]}]", path=path, line=number)
        rest = stripped[match.end() :] if match else stripped
        speaker, rest = _split_speaker(rest)
        if match is None and speaker is None and raws:
            raws[-1].parts.append(rest)  # a line without a prefix continues the previous turn
            continue
        raw = _Raw(line=number, where="", speaker=speaker, parts=[rest])
        if match:
            raw.start = _seconds(match.group(1), path, number)
            if fmt == "cues":
                raw.end = _seconds(match.group(2), path, number)
        raws.append(raw)
    return raws


# ---------------------------------------------------------------------------------------------
# WebVTT and SRT: blank-line separated blocks


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line number, lines)`` of each run of non-blank lines."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(_lines(text), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line.strip())
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _cue(
    timing: str, payload: list[str], line: int, cue: int, path: str | None, *, voice: bool
) -> _Raw:
    """A cue from its timing line (at ``line``) and payload lines."""
    match = _TIMING.fullmatch(timing)
    if match is None:
        raise InputError(f"cue {cue}: malformed timing line {timing!r}", path=path, line=line)
    for offset, text in enumerate(payload, start=1):
        if _TIMING.fullmatch(text):
            raise InputError(
                f"cue {cue}: timing line inside cue text (missing blank line?)",
                path=path,
                line=line + offset,
            )
    body = " ".join(payload)
    speaker = None
    if voice and (found := _VOICE.search(body)):
        speaker = found.group(1).strip() or None
    body = html.unescape(_TAG.sub("", body))
    if speaker is None:
        speaker, body = _split_speaker(body.strip())
    return _Raw(
        line=line,
        where=f"cue {cue}",
        speaker=speaker,
        start=_seconds(match.group(1), path, line),
        end=_seconds(match.group(2), path, line),
        parts=[body],
    )


def _check_last_cue(raws: list[_Raw], path: str | None) -> None:
    # A final cue with a timing line but no text is what a cut-off file looks like.
    if raws and not _clean(" ".join(raws[-1].parts)):
        raise InputError(
            f"{raws[-1].where} has no text (truncated file?)", path=path, line=raws[-1].line
        )


def _read_vtt(text: str, fmt: str, path: str | None) -> list[_Raw]:
    blocks = list(_blocks(text))
    if not blocks or not re.fullmatch(r"WEBVTT(?:[ \t].*)?", blocks[0][1][0]):
        raise InputError("WebVTT file does not start with a WEBVTT header", path=path, line=1)
    header_line, header = blocks.pop(0)
    for offset, line in enumerate(header):
        if "-->" in line:
            raise InputError(
                "missing blank line after the WEBVTT header", path=path, line=header_line + offset
            )
    raws: list[_Raw] = []
    for start, block in blocks:
        if not block or re.match(r"(NOTE|STYLE|REGION)(?:\s|$)", block[0]):
            continue
        has_id = "-->" not in block[0]
        if has_id and len(block) < 2:
            raise InputError(
                f"cue {len(raws) + 1}: no timing line after {block[0]!r}", path=path, line=start
            )
        timing_at = 1 if has_id else 0
        raws.append(
            _cue(
                block[timing_at],
                block[timing_at + 1 :],
                start + timing_at,
                len(raws) + 1,
                path,
                voice=True,
            )
        )
    _check_last_cue(raws, path)
    return raws


def _read_srt(text: str, fmt: str, path: str | None) -> list[_Raw]:
    raws: list[_Raw] = []
    for start, block in _blocks(text):
        if not _CUE_NUMBER.fullmatch(block[0]):
            raise InputError(
                f"cue number {block[0][:40]!r} is not a number (after cue {len(raws)})",
                path=path,
                line=start,
            )
        if len(block) < 2:
            raise InputError(f"cue {block[0]} has no timing line", path=path, line=start)
        cue = _cue(block[1], block[2:], start + 1, int(block[0]), path, voice=False)
        raws.append(cue)
    _check_last_cue(raws, path)
    return raws


# ---------------------------------------------------------------------------------------------
# Whisper / WhisperX JSON


def _read_whisper(text: str, path: str | None) -> list[_Raw]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path=path) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("segments"), list):
        raise InputError('Whisper JSON needs an object with a "segments" list', path=path)
    return [_whisper_segment(seg, n, path) for n, seg in enumerate(doc["segments"], start=1)]


def _whisper_segment(seg: Any, number: int, path: str | None) -> _Raw:
    where = f"segment {number}"
    if not isinstance(seg, dict):
        raise InputError(f"{where}: must be an object", path=path)
    text = seg.get("text")
    speaker = seg.get("speaker")
    if not isinstance(text, str):
        raise InputError(f'{where}: "text" must be a string', path=path)
    if speaker is not None and not isinstance(speaker, str):
        raise InputError(f'{where}: "speaker" must be a string', path=path)
    words_in = seg.get("words", [])
    if not isinstance(words_in, list):
        raise InputError(f'{where}: "words" must be a list', path=path)
    words = tuple(_whisper_word(w, where, i, path) for i, w in enumerate(words_in, 1))
    scores = [w.confidence for w in words if w.confidence is not None]
    logprob = _number(seg, "avg_logprob", where, path, signed=True)
    confidence = None
    if scores:
        confidence = sum(scores) / len(scores)
    elif logprob is not None:
        confidence = min(1.0, max(0.0, math.exp(min(logprob, 0.0))))
    return _Raw(
        line=None,
        where=where,
        speaker=(speaker.strip() or None) if speaker else None,
        start=_number(seg, "start", where, path),
        end=_number(seg, "end", where, path),
        parts=[text],
        confidence=confidence,
        words=words,
    )


def _whisper_word(word: Any, segment: str, number: int, path: str | None) -> Word:
    if type(word) is dict:
        text, start, end = word.get("word"), word.get("start"), word.get("end")
        score = word.get("score", word.get("probability"))
        # Fast path: a long transcript has tens of thousands of words, nearly all well formed.
        if type(text) is str and _plain(start) and _plain(end) and _plain(score, 1.0):
            return Word(text=text.strip(), start_s=start, end_s=end, confidence=score)
    return _checked_word(word, f"{segment} word {number}", path)


def _plain(value: Any, limit: float = math.inf) -> bool:
    """True for None or a JSON number in ``[0, limit]`` (NaN fails the comparison)."""
    return value is None or (type(value) in (int, float) and 0 <= value <= limit)


def _checked_word(word: Any, where: str, path: str | None) -> Word:
    """The slow path of :func:`_whisper_word`, which names what is wrong."""
    if not isinstance(word, dict) or not isinstance(word.get("word"), str):
        raise InputError(f'{where}: must be an object with a "word" string', path=path)
    score = _number(word, "score", where, path)
    if score is None:
        score = _number(word, "probability", where, path)
    if score is not None and score > 1:
        raise InputError(f"{where}: score {score} is not between 0 and 1", path=path)
    return Word(
        text=word["word"].strip(),
        start_s=_number(word, "start", where, path),
        end_s=_number(word, "end", where, path),
        confidence=score,
    )


def _number(
    obj: dict[str, Any], key: str, where: str, path: str | None, *, signed: bool = False
) -> float | None:
    """``obj[key]`` as a finite float (non-negative unless ``signed``), or None when absent."""
    value = obj.get(key)
    if value is None:
        return None
    # type() rather than isinstance(): True is an int to isinstance, and JSON has no such number.
    if type(value) not in (int, float) or not math.isfinite(value):
        raise InputError(f"{where}: {key!r} must be a number, not {value!r}"[:200], path=path)
    if value < 0 and not signed:
        raise InputError(f"{where}: {key!r} must not be negative ({value})", path=path)
    return float(value)
