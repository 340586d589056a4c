"""Bytes -> text for every input (transcripts and summaries): size limit, UTF-8, no binary."""

from __future__ import annotations

from pathlib import Path

from summary_audit.errors import InputError

MAX_BYTES = 20 * 2**20


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


def split_lines(text: str) -> list[str]:
    # Not str.splitlines(): it also splits on form feeds and U+2028, which would put line
    # numbers out of step with what an editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
