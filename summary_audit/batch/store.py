"""A run directory's records: ``audits.jsonl`` (durable appends, resume offsets, a torn last line
repaired) and ``transcripts/`` (each audited transcript once, parsed, for reports and review)."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from summary_audit.types import Transcript

AUDITS_FILE = "audits.jsonl"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half:
    a temporary file in the same folder, fsync-ed, then renamed over ``path``.

    On any failure (a full disk) the temporary file is removed, ``path`` is untouched, and the
    ``OSError`` propagates.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """:func:`atomic_write_bytes` of ``text`` as UTF-8."""
    atomic_write_bytes(path, text.encode("utf-8"))


def load_completed(path: Path) -> dict[str, int]:
    """Offsets of the ``ok`` records in ``audits.jsonl``, by key; repairs a truncated last line.

    A line without its newline, or one that is not valid JSON at the end of the file, is what a
    ``kill -9`` mid-write leaves behind: the file is truncated back to the last complete record.
    """
    done: dict[str, int] = {}
    if not path.exists():
        return done
    good_end = 0
    with path.open("rb") as handle:
        offset = 0
        for raw in handle:
            try:
                record = json.loads(raw) if raw.endswith(b"\n") else None
            except ValueError:
                record = None
            if not isinstance(record, dict) or "key" not in record:
                offset += len(raw)
                continue  # a torn line; truncated below when it is the last one
            if record.get("status") == "ok":
                done[record["key"]] = offset
            else:
                done.pop(record["key"], None)
            offset += len(raw)
            good_end = offset
    if good_end < path.stat().st_size:
        os.truncate(path, good_end)
    return done


def read_record(path: Path, offset: int) -> dict[str, Any]:
    """The record stored at ``offset`` in ``audits.jsonl``."""
    with path.open("rb") as handle:
        handle.seek(offset)
        return json.loads(handle.readline())


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete record of ``audits.jsonl`` (a torn last line is skipped)."""
    with path.open("rb") as handle:
        for raw in handle:
            if raw.endswith(b"\n"):
                try:
                    yield json.loads(raw)
                except ValueError:
                    continue


class JsonlWriter:
    """Appends records durably: write, flush, fsync, one line at a time."""

    def __init__(self, path: Path) -> None:
        self._handle = path.open("ab")

    def write(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        self._handle.write(line.encode("utf-8"))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


TRANSCRIPTS_DIR = "transcripts"


def _transcript_path(out_dir: Path, sha256: str) -> Path:
    return out_dir / TRANSCRIPTS_DIR / f"{sha256[:32]}.json"


def save_transcript(out_dir: Path, transcript: Transcript) -> None:
    """Keep the parsed transcript (once per content hash) so that reports and the review app
    never read or parse the source file again; written atomically."""
    path = _transcript_path(out_dir, transcript.sha256)
    if path.exists():
        return
    atomic_write_text(path, transcript.model_dump_json())


def load_saved_transcript(out_dir: Path, sha256: str) -> Transcript | None:
    """The transcript saved by :func:`save_transcript`, or None (older runs kept none)."""
    path = _transcript_path(out_dir, sha256)
    try:
        return Transcript.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None
