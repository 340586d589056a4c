"""A tamper-evident, append-only record of audits and draft/final comparisons (JSONL).

Each line is one entry in canonical JSON (sorted keys, no spaces, ASCII)::

    {"details":{...},"hash":"<sha256>","inputs":{"summary":"<sha256>","transcript":"<sha256>"},
     "kind":"audit","prev":"<hash of the previous entry>","report":"<sha256 of the report JSON>",
     "seq":0,"when":"2026-01-05T14:03:11Z","who":"ofc.reyes"}

``hash`` is the SHA-256 of the canonical JSON of every other field, and ``prev`` is the previous
entry's ``hash`` (64 zeros for the first entry), so the entries form a chain.  :func:`verify`
detects any edited byte, any reordered, inserted or removed entry, and a log whose first entry
is missing.

Limits, honestly:

* Removing entries from the *end* leaves a valid shorter chain.  It is detected only against a
  head hash kept elsewhere: :func:`append_audit` also writes ``LOG.head`` (the last ``seq`` and
  ``hash``) and :func:`verify` compares with it, or with a head hash you pass in.  Whoever can
  rewrite both files can truncate undetected, so copy the head hash somewhere they cannot reach
  (the case file, an e-mail, a second machine).
* There is no secret key: someone who rewrites the whole log can recompute every hash.  The
  chain proves integrity relative to a head hash recorded earlier, not authorship.
* ``when`` and ``who`` are what the appending process reported (clock and user name); the log
  does not prove them.
* Reports themselves are not stored, only their hashes: keep the report files to prove which
  report an entry refers to (:func:`report_hash`).
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import getpass
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summary_audit.errors import InputError
from summary_audit.report import plural

if TYPE_CHECKING:
    from summary_audit.provenance.diff import DraftFinalReport
    from summary_audit.types import AuditReport

GENESIS = "0" * 64
Kind = Literal["audit", "diff"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LedgerEntry(_Strict):
    """One line of the log."""

    seq: int = Field(ge=0)
    kind: Kind
    when: str
    who: str
    inputs: dict[str, str]
    report: str
    details: dict[str, Any] = Field(default_factory=dict)
    prev: str
    hash: str


class Problem(_Strict):
    """One thing wrong with a log: the 1-based line (0 = the head check) and what."""

    line: int
    message: str


class VerifyResult(_Strict):
    """The outcome of :func:`verify`."""

    ok: bool
    entries: int
    head: str | None = Field(description="hash of the last entry, or None for an empty log")
    head_checked: bool = Field(description="whether a recorded head hash was compared")
    problems: tuple[Problem, ...] = ()


def canonical(data: Any) -> str:
    """The one JSON spelling of ``data`` that hashes are computed over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an entry's fields other than ``hash``."""
    body = {k: v for k, v in fields.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("ascii")).hexdigest()


def report_hash(report: BaseModel) -> str:
    """SHA-256 of a report's JSON: the value logged in ``report``."""
    return hashlib.sha256(report.model_dump_json().encode("utf-8")).hexdigest()


def head_path(path: str | Path) -> Path:
    """Where the head hash of ``path`` is kept: ``LOG.head`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".head")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


def append(
    path: str | Path,
    *,
    kind: Kind,
    inputs: dict[str, str],
    report: str,
    details: dict[str, Any] | None = None,
    who: str | None = None,
    when: str | None = None,
) -> LedgerEntry:
    """Append one entry, chained to the last one, under an exclusive lock; fsync'd.

    Raises :class:`InputError` when the log cannot be opened or its last line is not an entry.
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as exc:
        raise InputError(f"cannot open log: {exc.strerror}", path=str(p)) from None
    with os.fdopen(fd, "r+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # two writers must not chain to the same entry
        last = _last_entry(fh, p)
        fields: dict[str, Any] = {
            "seq": 0 if last is None else last.seq + 1,
            "kind": kind,
            "when": when or _now(),
            "who": who or _who(),
            "inputs": dict(sorted(inputs.items())),
            "report": report,
            "details": details or {},
            "prev": GENESIS if last is None else last.hash,
        }
        fields["hash"] = entry_hash(fields)
        entry = LedgerEntry.model_validate(fields)
        fh.write(canonical(fields).encode("ascii") + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
        _write_head(p, entry)
    return entry


def _write_head(path: Path, entry: LedgerEntry) -> None:
    tmp = head_path(path).with_suffix(".head.tmp")
    tmp.write_text(canonical({"seq": entry.seq, "hash": entry.hash}) + "\n", encoding="ascii")
    os.replace(tmp, head_path(path))


def _last_entry(fh: Any, path: Path) -> LedgerEntry | None:
    """The last entry, read from the end of the file (logs grow; never read them whole)."""
    size = fh.seek(0, os.SEEK_END)
    if size == 0:
        return None
    chunk = b""
    pos = size
    while pos > 0 and chunk.count(b"\n") < 2:
        step = min(pos, 65536)
        pos -= step
        fh.seek(pos)
        chunk = fh.read(step) + chunk
    line = chunk.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        return LedgerEntry.model_validate_json(line)
    except ValidationError:
        raise InputError(
            "the last line is not a log entry; run verify-log before appending", path=str(path)
        ) from None


def append_audit(
    path: str | Path, report: AuditReport, *, who: str | None = None, when: str | None = None
) -> LedgerEntry:
    """Record an audit: the input hashes, the report's hash, its signature and flag counts."""
    return append(
        path,
        kind="audit",
        inputs={"transcript": report.transcript_sha256, "summary": report.summary_sha256},
        report=report_hash(report),
        details={
            "transcript_id": report.transcript_id,
            "summary_id": report.summary_id,
            "signature": report.signature,
            "flags": dict(sorted(report.stats.flags.items())),
        },
        who=who,
        when=when,
    )


def append_diff(
    path: str | Path,
    report: DraftFinalReport,
    *,
    who: str | None = None,
    when: str | None = None,
) -> LedgerEntry:
    """Record a draft/final comparison: both summaries' hashes (and the transcript's, if any)."""
    inputs = {"draft": report.draft_sha256, "final": report.final_sha256}
    if report.transcript_sha256:
        inputs["transcript"] = report.transcript_sha256
    return append(
        path,
        kind="diff",
        inputs=inputs,
        report=report_hash(report),
        details={
            "draft_id": report.draft_id,
            "final_id": report.final_id,
            "identical_share": report.identical_share,
            "rubber_stamp": report.rubber_stamp,
        },
        who=who,
        when=when,
    )


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as fh:
        yield from enumerate(fh, 1)


def recorded_head(path: str | Path) -> str | None:
    """The head hash in ``LOG.head``, or None when there is none (or it is unreadable)."""
    try:
        return json.loads(head_path(path).read_text(encoding="ascii"))["hash"]
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def verify(path: str | Path, *, head: str | None = None) -> VerifyResult:
    """Check every entry's hash, the chain of ``prev`` links and the sequence numbers.

    ``head`` (a hash kept elsewhere) or, failing that, ``LOG.head`` is compared with the last
    entry to catch truncation.  Raises :class:`InputError` only when the file cannot be read or
    is not a log at all (no line even resembles an entry: a binary file, a different JSON file).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("no such log file", path=str(p))
    problems: list[Problem] = []
    prev, expected_seq, count, seen = GENESIS, 0, 0, {GENESIS: -1}
    resembles_log = False
    try:
        for number, raw in _lines(p):
            count += 1
            resembles_log = resembles_log or _resembles_entry(raw)
            entry = _check_line(number, raw, problems)
            if entry is None:
                prev, expected_seq = "?", -1
                continue
            if entry.seq != expected_seq and expected_seq >= 0:
                problems.append(Problem(line=number, message=_seq_problem(entry.seq, expected_seq)))
            if entry.prev != prev and prev != "?":
                what = "points to an earlier entry" if entry.prev in seen else "has a broken link"
                problems.append(Problem(line=number, message=f"entry seq {entry.seq} {what}"))
            seen[entry.hash] = entry.seq
            prev, expected_seq = entry.hash, entry.seq + 1
    except OSError as exc:
        raise InputError(f"cannot read log: {exc.strerror}", path=str(p)) from None
    if count and not resembles_log:
        # Reporting each line of, say, a PDF as a tampered entry would bury the real mistake.
        raise InputError(
            f"not a summary-audit log: no log entry in its {plural(count, 'line')}",
            path=str(p),
        )
    last = prev if count and prev not in ("?", GENESIS) else None
    wanted = head or recorded_head(p)
    if wanted is not None and wanted != last:
        problems.append(
            Problem(
                line=0,
                message="the last entry is not the recorded head: entries removed "
                "from the end, or the log was replaced",
            )
        )
    return VerifyResult(
        ok=not problems,
        entries=count,
        head=last,
        head_checked=wanted is not None,
        problems=tuple(problems),
    )


def _seq_problem(seq: int, expected: int) -> str:
    if seq > expected:
        return f"seq {seq} where {expected} was expected: entries removed"
    return f"seq {seq} where {expected} was expected: entries reordered or inserted"


def _resembles_entry(raw: bytes) -> bool:
    """Whether a line carries an entry's chain fields, even if damaged.

    Two separate markers, so that one edited byte (or a lost newline merging two entries) still
    leaves the line recognisable and is reported as tampering rather than as "not a log".
    """
    return b'"hash":"' in raw or b'"prev":"' in raw


def _check_line(number: int, raw: bytes, problems: list[Problem]) -> LedgerEntry | None:
    """The entry on one line if it is intact; else None, with the problem recorded."""
    if not raw.endswith(b"\n"):
        problems.append(Problem(line=number, message="last line is incomplete (no newline)"))
        return None
    try:
        fields = json.loads(raw.decode("ascii"))
        entry = LedgerEntry.model_validate(fields)
    except (UnicodeDecodeError, ValueError, ValidationError):
        problems.append(Problem(line=number, message="not a valid log entry (edited or damaged)"))
        return None
    # Byte-exact: the line must be the canonical spelling, so edits to spacing are caught too.
    if canonical(fields).encode("ascii") + b"\n" != raw:
        problems.append(Problem(line=number, message=f"entry seq {entry.seq} is not canonical"))
    if entry_hash(fields) != entry.hash:
        problems.append(Problem(line=number, message=f"entry seq {entry.seq} was modified"))
    return entry
