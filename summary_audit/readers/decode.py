"""Bytes -> text for every input (transcripts and summaries): size limit, UTF-8, no binary;
regular files only; JSON without non-finite or absurdly long numbers or unpaired surrogates."""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from summary_audit.errors import InputError

MAX_BYTES = 20 * 2**20
# Digits an integer in an input JSON file may have.  Far above any real count or timestamp, far
# below Python's int-string limit (4,300 digits) and the float range (309 digits).
MAX_JSON_DIGITS = 100

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def special_file(mode: int) -> str | None:
    """What a non-regular file is (``"a FIFO (named pipe)"``), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


class NotRegularFile(OSError):
    """A path that is not a regular file: a FIFO, a socket, a device, a folder."""


@contextlib.contextmanager
def open_regular(path: str | os.PathLike[str]) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """``path`` opened for binary reading, with its ``fstat()``, if it is a regular file (a
    context manager).

    A FIFO, a socket or a device (``/dev/zero``) is refused without a blocking open (a FIFO with
    no writer would hang forever): ``stat()`` first, then ``open()`` with O_NONBLOCK and
    ``fstat()`` on the descriptor, in case the path was swapped for a FIFO since.  Raises
    :class:`NotRegularFile` saying what the path is."""
    what = special_file(os.stat(path).st_mode)
    if what is not None:
        raise NotRegularFile(f"{what}, not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        what = special_file(info.st_mode)
        if what is not None:
            raise NotRegularFile(f"{what}, not a regular file")
        yield handle, info


def read_input(path: str | Path, kind: str = "file") -> bytes:
    """The bytes of ``path``, refusing files over :data:`MAX_BYTES` before reading them all.

    Only regular files are read: a FIFO, a socket or a device (``/dev/zero``) is refused without
    being opened for a blocking read (a FIFO with no writer would hang the audit forever).
    """
    name = str(path)
    try:
        with open_regular(path) as (handle, info):
            if info.st_size > MAX_BYTES:
                raise InputError(_too_big(info.st_size), path=name)
            # Read one byte more than the limit: a growing file may outgrow its stat() size.
            data = handle.read(MAX_BYTES + 1)
    except NotRegularFile as exc:
        raise InputError(f"cannot read {kind}: {exc}", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read {kind}: {exc.strerror or exc}", path=name) from None
    except ValueError as exc:  # a path with a NUL byte or an unencodable character
        raise InputError(f"cannot read {kind}: {exc}", path=name) from None
    if len(data) > MAX_BYTES:
        raise InputError(_too_big(len(data)), path=name)
    return data


class _BadNumber(ValueError):
    def __init__(self, token: str, reason: str) -> None:
        super().__init__(reason)
        self.token = token
        self.reason = reason


def _parse_int(token: str) -> int:
    digits = len(token) - token.startswith("-")
    if digits > MAX_JSON_DIGITS:
        raise _BadNumber(token, f"a number with {digits:,} digits (at most {MAX_JSON_DIGITS})")
    return int(token)


def _parse_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _BadNumber(token, f"a number too large for a float ({token[:20]}...)")
    return value


def _parse_constant(token: str) -> float:
    raise _BadNumber(token, f"{token}, which is not a number JSON allows")


def load_json(text: str, path: str | None, kind: str = "file") -> Any:
    """``json.loads(text)`` for untrusted input: every problem is an :class:`InputError` naming
    ``path`` and the line, including what :mod:`json` accepts but nothing downstream can use:
    ``NaN``/``Infinity``, numbers beyond the float range, integers of more than
    :data:`MAX_JSON_DIGITS` digits, and ``\\ud800``-style escapes of unpaired surrogates (text
    that cannot be written back as UTF-8)."""
    try:
        doc = json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
        )
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except _BadNumber as exc:
        at = text.find(exc.token)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        raise InputError(f"{kind} JSON holds {exc.reason}", path=path, line=line) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path=path) from None
    except ValueError as exc:
        raise InputError(f"invalid JSON: {exc}", path=path) from None
    if "\\u" in text:  # a surrogate can only come from an escape: the text itself is UTF-8
        _check_strings(doc, text, path, kind)
    return doc


def _check_strings(doc: Any, text: str, path: str | None, kind: str) -> None:
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                escape = f"\\u{ord(value[exc.start]):04x}"
                at = text.lower().find(escape)
                raise InputError(
                    f"{kind} JSON holds an unpaired surrogate ({escape}): not text",
                    path=path,
                    line=text.count("\n", 0, at) + 1 if at >= 0 else None,
                ) from None


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


def split_lines(text: str) -> list[str]:
    # Not str.splitlines(): it also splits on form feeds and U+2028, which would put line
    # numbers out of step with what an editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
