"""Subtitle formats: WebVTT (``<v Speaker>`` voice tags) and SubRip (optional ``NAME:`` prefix)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from summary_audit.errors import InputError
from summary_audit.readers.decode import split_lines
from summary_audit.readers.segments import TS, RawSegment, clean, seconds, split_speaker

CUE_NUMBER = re.compile(r"[0-9]+")  # not str.isdigit(): that accepts "²", which int() refuses


_TIMING = re.compile(rf"({TS})\s*-->\s*({TS})(?:\s+.*)?")


_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")


_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>|\{\\[^{}]*\}")


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line number, lines)`` of each run of non-blank lines."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(split_lines(text), start=1):
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
) -> RawSegment:
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
        speaker, body = split_speaker(body.strip())
    return RawSegment(
        line=line,
        where=f"cue {cue}",
        speaker=speaker,
        start=seconds(match.group(1), path, line),
        end=seconds(match.group(2), path, line),
        parts=[body],
    )


def _check_last_cue(raws: list[RawSegment], path: str | None) -> None:
    # A final cue with a timing line but no text is what a cut-off file looks like.
    if raws and not clean(" ".join(raws[-1].parts)):
        raise InputError(
            f"{raws[-1].where} has no text (truncated file?)", path=path, line=raws[-1].line
        )


def read_vtt(text: str, fmt: str, path: str | None) -> list[RawSegment]:
    blocks = list(_blocks(text))
    if not blocks or not re.fullmatch(r"WEBVTT(?:[ \t].*)?", blocks[0][1][0]):
        raise InputError("WebVTT file does not start with a WEBVTT header", path=path, line=1)
    header_line, header = blocks.pop(0)
    for offset, line in enumerate(header):
        if "-->" in line:
            raise InputError(
                "missing blank line after the WEBVTT header", path=path, line=header_line + offset
            )
    raws: list[RawSegment] = []
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


def read_srt(text: str, fmt: str, path: str | None) -> list[RawSegment]:
    raws: list[RawSegment] = []
    for start, block in _blocks(text):
        if not CUE_NUMBER.fullmatch(block[0]):
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
