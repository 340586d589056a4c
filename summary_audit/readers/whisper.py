"""Whisper and WhisperX JSON: ``segments`` with optional ``speaker`` and scored ``words``."""

from __future__ import annotations

import math
from typing import Any

from summary_audit.errors import InputError
from summary_audit.readers.decode import load_json
from summary_audit.readers.segments import RawSegment
from summary_audit.types import Word

# A time past this (about 116 days) is not a recording's: refused rather than overflowing later.
MAX_SECONDS = 1e7


def read_whisper(text: str, path: str | None) -> list[RawSegment]:
    doc = load_json(text, path, "transcript")
    if not isinstance(doc, dict) or not isinstance(doc.get("segments"), list):
        raise InputError('Whisper JSON needs an object with a "segments" list', path=path)
    return [_whisper_segment(seg, n, path) for n, seg in enumerate(doc["segments"], start=1)]


def _whisper_segment(seg: Any, number: int, path: str | None) -> RawSegment:
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
    return RawSegment(
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
        if (
            type(text) is str
            and _plain(start, MAX_SECONDS)
            and _plain(end, MAX_SECONDS)
            and _plain(score, 1.0)
        ):
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
    if key in ("start", "end") and value > MAX_SECONDS:
        raise InputError(
            f"{where}: {key!r} of {value:.3g} s is not a time in a recording "
            f"(at most {MAX_SECONDS:.0e} s)",
            path=path,
        )
    return float(value)
