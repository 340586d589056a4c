"""A run directory's records: ``audits.jsonl`` (durable appends, resume offsets, a torn last line
repaired) and ``transcripts/`` (each audited transcript once, parsed, for reports and review)."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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


NOT_JSON = object()  # Line.value of a line that is not JSON


@dataclass(frozen=True, slots=True)
class Line:
    """One line of ``audits.jsonl`` as read: where it is, its bytes, its JSON, and why it is not
    a record (None when it is one)."""

    number: int  # 1-based
    offset: int  # of its first byte
    raw: bytes
    value: Any  # the parsed JSON, or NOT_JSON
    problem: str | None

    @property
    def complete(self) -> bool:
        """Whether the line has its newline (a ``kill -9`` mid-write leaves one without)."""
        return self.raw.endswith(b"\n")

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def end(self) -> int:
        return self.offset + len(self.raw)

    @property
    def record(self) -> dict[str, Any] | None:
        """The record, when the line is one."""
        return self.value if self.problem is None else None


def read_lines(path: Path) -> Iterator[Line]:
    """Every line of ``audits.jsonl`` with its JSON and, when it is not a record, why: blank,
    cut short (no newline) or not valid JSON, or not the shape of a record (:func:`check_record`).
    A last line without its newline that is valid JSON is read like any other; callers that
    repair the file treat it as torn (:attr:`Line.complete`)."""
    with path.open("rb") as handle:
        offset = 0
        for number, raw in enumerate(handle, 1):
            value: Any = NOT_JSON
            if not raw.strip():
                problem: str | None = "blank line"
            else:
                with contextlib.suppress(ValueError, RecursionError):
                    value = json.loads(raw)
                if value is NOT_JSON:
                    problem = (
                        "cut short (no newline)" if not raw.endswith(b"\n") else "not valid JSON"
                    )
                else:
                    problem = check_record(value)
            yield Line(number, offset, raw, value, problem)
            offset += len(raw)


def load_completed(path: Path) -> dict[str, int]:
    """Offsets of the ``ok`` records in ``audits.jsonl``, by key; repairs a truncated last line.

    A line without its newline, or one that is not valid JSON at the end of the file, is what a
    ``kill -9`` mid-write leaves behind: the file is truncated back to the last complete record.
    """
    done: dict[str, int] = {}
    if not path.exists():
        return done
    good_end = 0
    for line in read_lines(path):
        value = line.value
        if not line.complete or not isinstance(value, dict) or "key" not in value:
            continue  # a torn line; truncated below when it is the last one
        good_end = line.end
        if line.problem is not None:  # not ours to trust: that input is re-audited
            continue
        if value.get("status") == "ok":
            done[value["key"]] = line.offset
        else:
            done.pop(value["key"], None)
    if good_end < path.stat().st_size:
        os.truncate(path, good_end)
    return done


def read_record(path: Path, offset: int) -> dict[str, Any]:
    """The record stored at ``offset`` in ``audits.jsonl``."""
    with path.open("rb") as handle:
        handle.seek(offset)
        return json.loads(handle.readline())


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete line's JSON in ``audits.jsonl`` (a torn last line is skipped)."""
    for line in read_lines(path):
        if line.complete and line.value is not NOT_JSON:
            yield line.value


def encode_record(record: Mapping[str, Any]) -> bytes:
    """One ``audits.jsonl`` line.  Raises ``ValueError`` (NaN or infinity, an unpaired surrogate)
    or ``TypeError`` (an object JSON has no form for) when the record cannot be stored as JSON."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (line + "\n").encode("utf-8")


def encode_record_safely(record: Mapping[str, Any]) -> bytes:
    """:func:`encode_record`, falling back to ASCII escapes for file names that are not UTF-8
    (``os.listdir`` hands those back with surrogates), so a failure record can always be stored."""
    try:
        return encode_record(record)
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
        return (line + "\n").encode("ascii")


class JsonlWriter:
    """Appends records durably: write, fsync, one line at a time.

    A write that fails part-way (a full disk) is undone: the file is truncated back to the end of
    the last complete line before the error propagates, so the file never holds half a record.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self._end = os.fstat(self._fd).st_size

    def write(self, record: Mapping[str, Any]) -> None:
        self.write_line(encode_record(record))

    def write_line(self, line: bytes) -> None:
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._end)
            raise
        self._end += len(line)

    def close(self) -> None:
        os.close(self._fd)


SUPERSEDED_FILE = "superseded.jsonl"
_REQUIRED = {"key": str, "status": str}


def record_identity(record: Mapping[str, Any]) -> tuple[str, ...]:
    """Which input a record is about: case, summary file and the two input paths.  A later record
    with the same identity supersedes an earlier one (a retried failure, a changed summary)."""
    return tuple(
        str(record.get(k) or "") for k in ("case", "summary_file", "transcript", "summary")
    )


def check_record(record: Any) -> str | None:
    """Why ``record`` is not an ``audits.jsonl`` record, or None when its shape is right."""
    if not isinstance(record, dict):
        return "not a JSON object"
    for name, kind in _REQUIRED.items():
        if not isinstance(record.get(name), kind) or not record[name]:
            return f"{name!r} missing or not a {kind.__name__}"
    if record["status"] not in ("ok", "failed"):
        return f"unknown status {str(record['status'])[:40]!r}"
    for name in ("case", "summary_file", "transcript", "summary"):
        if record.get(name) is not None and not isinstance(record[name], str):
            return f"{name!r} is not a string"
    if record.get("metadata") is not None and not isinstance(record["metadata"], dict):
        return "'metadata' is not an object"
    if record["status"] == "ok":
        report = record.get("report")
        if not isinstance(report, dict) or not isinstance(report.get("flags"), list):
            return "an ok record without a report"
        stats = report.get("stats")
        if not isinstance(stats, dict) or not isinstance(stats.get("summary_words"), int):
            return "a report without stats"
    elif record.get("error") is not None and not isinstance(record["error"], dict):
        return "'error' is not an object"
    return None


@dataclass
class RunState:
    """The final state of a run directory: one record per input (the latest), the lines that
    were superseded, and the lines that could not be read (line number, why)."""

    records: list[dict[str, Any]]
    superseded: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)
    # key of a final record -> keys of the earlier records of the same input, oldest first
    replaced: dict[str, list[str]] = field(default_factory=dict)


def read_state(out_dir: str | os.PathLike[str]) -> RunState:
    """The records ``run.json`` describes: the last one per key and per input, in file order.

    Never raises on a bad line: a line that is not JSON or not a record is reported in
    ``malformed`` (a torn last line included) and skipped.
    """
    path = Path(out_dir) / AUDITS_FILE
    latest: dict[tuple[str, ...], tuple[int, dict[str, Any]]] = {}
    history: dict[tuple[str, ...], list[str]] = {}
    malformed: list[tuple[int, str]] = []
    lines = 0
    for line in read_lines(path):
        if line.blank:
            continue
        lines += 1
        record = line.record
        if record is None:
            malformed.append((line.number, str(line.problem)))
            continue
        identity = record_identity(record)
        keys = history.setdefault(identity, [])
        if record["key"] in keys:
            keys.remove(record["key"])
        keys.append(record["key"])
        latest[identity] = (line.number, record)
    by_key: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, record in sorted(latest.values(), key=lambda e: e[0]):
        by_key[record["key"]] = (number, record)  # the same key under two names: the later one
    records = [r for _, r in sorted(by_key.values(), key=lambda e: e[0])]
    replaced = {
        r["key"]: [k for k in history[record_identity(r)] if k != r["key"]] for r in records
    }
    return RunState(records, lines - len(malformed) - len(records), malformed, replaced)


def compact(out_dir: Path, keep: Mapping[str, Any]) -> int:
    """Rewrite ``audits.jsonl`` atomically to one line per input: for each identity in ``keep``
    (identity -> key of its final record) the last line with that key; lines of identities not in
    ``keep`` stay.  Every displaced line is appended to ``superseded.jsonl``.  Returns how many
    lines were displaced."""
    path = out_dir / AUDITS_FILE
    kept: dict[tuple[str, ...], int] = {}  # identity -> index in `lines` of the line kept
    lines: list[bytes] = []
    displaced: list[bytes] = []
    for line in read_lines(path):
        record, raw = line.record, line.raw
        if not line.complete:
            displaced.append(raw + b"\n")
            continue
        if record is None:
            displaced.append(raw)
            continue
        identity = record_identity(record)
        wanted = keep.get(identity)
        if wanted is not None and record["key"] != wanted:
            displaced.append(raw)
            continue
        if identity in kept:
            displaced.append(lines[kept[identity]])
            lines[kept[identity]] = b""
        kept[identity] = len(lines)
        lines.append(raw)
    if not displaced:
        return 0
    with (out_dir / SUPERSEDED_FILE).open("ab") as old:
        old.write(b"".join(displaced))
        old.flush()
        os.fsync(old.fileno())
    atomic_write_bytes(path, b"".join(lines))
    return len(displaced)


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
