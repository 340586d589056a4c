"""The review record: decisions on flags as an append-only, hash-chained event log in SQLite.

Nothing is updated in place or deleted: triggers refuse it, a correction is a new event that
supersedes the earlier one, and an undo is an event that withdraws one.  The current decision on a
flag (the *derived state*) is the latest decision event for it that has not been undone; it is kept
in memory and updated incrementally from new rows, so reading it costs the same at 100 events as at
100,000.

Tamper evidence, like the provenance ledger but keyed: every event stores ``prev`` (the previous
event's ``hash``) and ``hash`` = HMAC-SHA256 over its fields and ``prev``, with a secret kept in a
key file beside the database (``review.key``, mode 0600).  The last ``seq`` and ``hash`` are also
written to ``review.head``.  :meth:`ReviewStore.verify` then reports

* an edited event (UPDATE with the triggers dropped): its HMAC no longer matches;
* a deleted event: a gap in ``seq`` or a broken ``prev``;
* an inserted event, back-dated or not: whoever lacks the key cannot make a valid HMAC;
* events cut from the end: the head file names a later event than the log holds;
* removed triggers.

Limits, honestly: someone who can read the key file can rewrite the whole log and the head file
consistently; keep the key where the database's editors cannot read it if that matters.  ``at``
and ``reviewer`` are what the app recorded (its clock, the session's identity).
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from summary_audit.errors import ConfigError

DECISIONS = ("confirm", "dismiss", "follow_up")
KINDS = (*DECISIONS, "undo")
# How a decision reads in exports and on the page.
LABELS = {
    "confirm": "Confirmed",
    "dismiss": "Dismissed",
    "follow_up": "Follow-up",
    "undo": "Undone",
}
MAX_REVIEWER = 80
MAX_REASON = 1000
MAX_ID = 128  # audit keys are 64 hex digits, flag ids shorter
GENESIS = "0" * 64
FULL_CHECK_EVERY_S = 5.0  # after another connection wrote, re-check the chain this often
TABLE = "decision_log"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    reviewer   TEXT NOT NULL,
    session    TEXT NOT NULL,
    audit_key  TEXT NOT NULL,
    flag_id    TEXT NOT NULL,
    flag_hash  TEXT NOT NULL,
    code       TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'follow_up', 'undo')),
    reason     TEXT NOT NULL,
    supersedes INTEGER,
    prev       TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {TABLE}_audit ON {TABLE} (audit_key, seq);
CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
"""
_TRIGGERS = {f"{TABLE}_no_update", f"{TABLE}_no_delete"}
_FIELDS = (
    "seq",
    "at",
    "reviewer",
    "session",
    "audit_key",
    "flag_id",
    "flag_hash",
    "code",
    "decision",
    "reason",
    "supersedes",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the log (without its chain fields)."""

    seq: int
    at: str
    reviewer: str
    session: str
    audit_key: str
    flag_id: str
    flag_hash: str
    code: str
    decision: str  # one of KINDS
    reason: str
    supersedes: int | None  # the event this one corrects (a decision) or withdraws (an undo)

    @property
    def label(self) -> str:
        return LABELS[self.decision]


@dataclass(frozen=True)
class Problem:
    """Something wrong with the log: the event it concerns (0: the log as a whole) and what."""

    seq: int
    message: str


@dataclass(frozen=True)
class RuleTally:
    code: str
    confirmed: int
    dismissed: int
    follow_up: int

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def observed_precision(self) -> float | None:
        return self.confirmed / self.decided if self.decided else None


def clean_text(value: str, limit: int, what: str, *, one_line: bool = False) -> str:
    """``value`` stripped (and with whitespace runs collapsed when ``one_line``), or ConfigError
    when it is longer than ``limit`` characters or holds control characters."""
    if one_line:
        value = " ".join(value.split())
    value = value.strip()
    if len(value) > limit:
        raise ConfigError(f"{what} is {len(value)} characters long; the limit is {limit}")
    if any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in value):
        raise ConfigError(f"{what} contains control characters")
    return value


def _canonical(values: tuple[object, ...], prev: str) -> bytes:
    return json.dumps([*values, prev], ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_key(path: Path) -> tuple[bytes, bool]:
    """The secret in ``path`` (created with mode 0600 when missing) and whether it was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        text = path.read_text(encoding="ascii").strip()
        try:
            key = bytes.fromhex(text)
        except ValueError:
            key = b""
        if len(key) < 16:
            raise ConfigError(f"{path}: not a key file (expected at least 32 hex digits)") from None
        return key, False
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key, True


def derive(key: bytes, purpose: str) -> bytes:
    """A separate secret for each use of the key file (chain, sessions)."""
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()


class ReviewStore:
    """Append-only, chained decisions with an incrementally kept current state.

    One connection, guarded by a lock, serves every thread of the process; several processes may
    share the file (WAL mode and a busy timeout; each write takes SQLite's write lock first, so the
    chain has one order).
    """

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path)
        self.key_path = self.path.with_suffix(".key")
        self.head_path = self.path.with_suffix(".head")
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            startup = self._startup_problems()
            self._conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise ConfigError(f"{self.path}: cannot open the decision log: {exc}") from None
        existing = self._count()
        key, created = load_key(self.key_path)
        self._chain_key = derive(key, "summary-audit review chain v1")
        self.session_key = derive(key, "summary-audit review sessions v1")
        self._migrate_v1()
        if created and existing:
            startup.append(
                Problem(
                    0,
                    f"the key file {self.key_path.name} was missing; a new one was made, "
                    "so the existing events cannot be verified",
                )
            )
        # Derived state: per audit, per flag, the decision events not undone (latest last).
        self._state: dict[str, dict[str, list[Event]]] = {}
        self._active: dict[int, Event] = {}
        self._tally: dict[str, list[int]] = {}
        self._last_seq, self._last_hash = 0, GENESIS
        self._incremental: list[Problem] = []
        self._checked: list[Problem] = []
        self._startup = startup
        self._data_version = -1
        self._verify_due, self._verified_at = False, -FULL_CHECK_EVERY_S
        with self._lock:
            self._refresh_locked()
            self._checked = self._verify_locked()

    # -- reading ----------------------------------------------------------------------------

    def _count(self) -> int:
        return int(self._conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])

    def _startup_problems(self) -> list[Problem]:
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)
        ).fetchone()
        if not exists:
            return []
        triggers = {
            r[0]
            for r in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=?", (TABLE,)
            )
        }
        if triggers >= _TRIGGERS:
            return []
        return [Problem(0, "the append-only triggers had been removed (they are restored now)")]

    def _refresh_locked(self) -> None:
        """Fold rows written since the last look (by this or another process) into the state."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        changed_elsewhere = self._data_version not in (-1, version)
        self._data_version = version
        rows = self._conn.execute(
            f"SELECT {', '.join(_FIELDS)}, prev, hash FROM {TABLE} WHERE seq > ? ORDER BY seq",
            (self._last_seq,),
        ).fetchall()
        for row in rows:
            self._check_row(row)
            self._apply(_event(row))
        if changed_elsewhere:
            # Another connection committed: usually another reviewer's process, possibly an
            # out-of-band edit of rows already read.  Check the whole chain again, at most once
            # every few seconds (a full check reads every row).
            self._verify_due = True
        if self._verify_due and time.monotonic() - self._verified_at >= FULL_CHECK_EVERY_S:
            self._verified_at = time.monotonic()
            self._checked = self._verify_locked()

    def _check_row(self, row: tuple[object, ...]) -> None:
        seq, prev, digest = int(row[0]), str(row[-2]), str(row[-1])  # type: ignore[call-overload]
        if seq != self._last_seq + 1:
            self._incremental.append(
                Problem(seq, f"events #{self._last_seq + 1}–#{seq - 1} are missing (deleted)")
            )
        elif prev != self._last_hash:
            self._incremental.append(Problem(seq, f"event #{seq} does not follow #{seq - 1}"))
        if not hmac.compare_digest(digest, self._mac(tuple(row[:-2]), prev)):
            self._incremental.append(
                Problem(
                    seq,
                    f"event #{seq} fails its integrity check: "
                    "edited or inserted outside the review app",
                )
            )
        self._last_seq, self._last_hash = seq, digest

    def _mac(self, values: tuple[object, ...], prev: str) -> str:
        return hmac.new(self._chain_key, _canonical(values, prev), hashlib.sha256).hexdigest()

    def _apply(self, event: Event) -> None:
        flags = self._state.setdefault(event.audit_key, {})
        stack = flags.setdefault(event.flag_id, [])
        before = stack[-1] if stack else None
        if event.decision == "undo":
            target = self._active.pop(event.supersedes or 0, None)
            if target is not None:
                tstack = self._state[target.audit_key][target.flag_id]
                tstack.remove(target)
                stack = tstack
        else:
            stack.append(event)
            self._active[event.seq] = event
        after = stack[-1] if stack else None
        if before is not after:
            if before is not None:
                self._tally.setdefault(before.code, [0, 0, 0])[
                    DECISIONS.index(before.decision)
                ] -= 1
            if after is not None:
                self._tally.setdefault(after.code, [0, 0, 0])[DECISIONS.index(after.decision)] += 1

    def refresh(self) -> None:
        with self._lock:
            self._refresh_locked()

    def state_for(self, audit_key: str) -> dict[str, Event]:
        """The current decision per flag id of one audit."""
        with self._lock:
            self._refresh_locked()
            return {fid: s[-1] for fid, s in self._state.get(audit_key, {}).items() if s}

    def current(self, audit_key: str | None = None) -> dict[tuple[str, str], Event]:
        """The current decision per ``(audit_key, flag_id)``: the derived state."""
        with self._lock:
            self._refresh_locked()
            keys = [audit_key] if audit_key is not None else list(self._state)
            return {
                (k, fid): stack[-1]
                for k in keys
                for fid, stack in self._state.get(k, {}).items()
                if stack
            }

    def decided_ids(self) -> dict[str, set[str]]:
        """Per audit key, the flag ids that have a current decision."""
        with self._lock:
            self._refresh_locked()
            return {
                k: {fid for fid, stack in flags.items() if stack}
                for k, flags in self._state.items()
            }

    def decided_counts(self, flag_ids: Mapping[str, AbstractSet[str]]) -> dict[str, int]:
        """Per audit key of ``flag_ids``, how many of those flags have a current decision."""
        with self._lock:
            self._refresh_locked()
            counts = {}
            for key, ids in flag_ids.items():
                flags = self._state.get(key)
                if flags:
                    counts[key] = sum(1 for fid in ids if flags.get(fid))
            return counts

    def version(self) -> int:
        """The newest event's ``seq`` after folding in new rows: changes whenever state may."""
        with self._lock:
            self._refresh_locked()
            return self._last_seq

    def events_count(self) -> int:
        with self._lock:
            return self._count()

    def head_text(self) -> str:
        """The newest event as ``#seq (hash prefix)``, for people comparing notes."""
        with self._lock:
            self._refresh_locked()
            return f"#{self._last_seq} ({self._last_hash[:12]}…)" if self._last_seq else "none"

    def tallies(self) -> list[RuleTally]:
        """Confirmed / dismissed / follow-up counts per rule code from the current decisions."""
        with self._lock:
            self._refresh_locked()
            return [RuleTally(c, *n) for c, n in sorted(self._tally.items()) if any(n)]

    def event(self, seq: int) -> Event | None:
        row = self._conn.execute(
            f"SELECT {', '.join(_FIELDS)}, prev, hash FROM {TABLE} WHERE seq = ?", (seq,)
        ).fetchone()
        return _event(row) if row else None

    def events(self, audit_key: str | None = None) -> list[Event]:
        """Every event (decisions, corrections and undos), oldest first."""
        sql = f"SELECT {', '.join(_FIELDS)}, prev, hash FROM {TABLE}"
        args: tuple[str, ...] = ()
        if audit_key is not None:
            sql += " WHERE audit_key = ?"
            args = (audit_key,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY seq", args).fetchall()
        return [_event(r) for r in rows]

    def iter_chain(self) -> Iterator[dict[str, object]]:
        """Every row with its chain fields (the full log export)."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(_FIELDS)}, prev, hash FROM {TABLE} ORDER BY seq"
            ).fetchall()
        for row in rows:
            yield dict(zip((*_FIELDS, "prev", "hash"), row, strict=True))

    # -- integrity --------------------------------------------------------------------------

    @property
    def problems(self) -> list[Problem]:
        """What is wrong with the log, as last checked (startup, full checks, new rows)."""
        with self._lock:
            self._refresh_locked()
            seen: set[tuple[int, str]] = set()
            out = []
            for p in (*self._startup, *self._checked, *self._incremental):
                if (p.seq, p.message) not in seen:
                    seen.add((p.seq, p.message))
                    out.append(p)
            return out

    def verify(self) -> list[Problem]:
        """Check the whole chain now (and remember the result for :attr:`problems`)."""
        with self._lock:
            self._checked = self._verify_locked()
            self._incremental = []
            return self.problems

    def _verify_locked(self) -> list[Problem]:
        self._verify_due = False
        problems = []
        expected_seq, prev_hash = 1, GENESIS
        for row in self._conn.execute(
            f"SELECT {', '.join(_FIELDS)}, prev, hash FROM {TABLE} ORDER BY seq"
        ):
            seq, prev, digest = int(row[0]), str(row[-2]), str(row[-1])
            if seq != expected_seq:
                gap = (
                    f"#{expected_seq}" if seq == expected_seq + 1 else f"#{expected_seq}–#{seq - 1}"
                )
                problems.append(Problem(seq, f"events {gap} are missing (deleted)"))
            elif prev != prev_hash:
                problems.append(Problem(seq, f"event #{seq} does not follow #{seq - 1}"))
            if not hmac.compare_digest(digest, self._mac(tuple(row[:-2]), prev)):
                problems.append(
                    Problem(
                        seq,
                        f"event #{seq} fails its integrity check: "
                        "edited or inserted outside the review app",
                    )
                )
            expected_seq, prev_hash = seq + 1, digest
        head = _read_head(self.head_path)
        if head is not None:
            seq, digest = head
            row = self._conn.execute(f"SELECT hash FROM {TABLE} WHERE seq = ?", (seq,)).fetchone()
            if row is None:
                problems.append(
                    Problem(
                        seq,
                        f"event #{seq} was recorded but is no longer in the log "
                        f"(the log ends at #{expected_seq - 1})",
                    )
                )
            elif row[0] != digest:
                problems.append(Problem(seq, f"event #{seq} differs from the recorded head"))
        return problems

    # -- writing ----------------------------------------------------------------------------

    def record(
        self,
        *,
        reviewer: str,
        audit_key: str,
        flag_id: str,
        flag_hash: str,
        code: str,
        decision: str,
        reason: str = "",
        session: str = "",
    ) -> Event:
        """Append one decision; it supersedes the flag's current decision, if any.

        Raises :class:`ConfigError` (nothing is written) for an unknown decision, a missing
        reviewer, a dismissal without a reason, or a field over its length limit.
        """
        if decision not in DECISIONS:
            raise ConfigError(f"unknown decision {decision!r}; choose from {', '.join(DECISIONS)}")
        reviewer = clean_text(reviewer, MAX_REVIEWER, "the reviewer name", one_line=True)
        reason = clean_text(reason, MAX_REASON, "the reason")
        if not reviewer:
            raise ConfigError("set a reviewer name before deciding")
        if decision == "dismiss" and not reason:
            raise ConfigError("dismissing a flag needs a reason")
        for value, what in ((audit_key, "audit key"), (flag_id, "flag id"), (code, "code")):
            clean_text(value, MAX_ID, what)
        with self._lock:
            return self._write(
                lambda: (
                    reviewer,
                    session,
                    audit_key,
                    flag_id,
                    flag_hash,
                    code,
                    decision,
                    reason,
                    self._current_seq(audit_key, flag_id),
                )
            )

    def undo(self, seq: int, *, reviewer: str, session: str = "") -> Event:
        """Withdraw decision ``seq`` (an event saying so is appended); the flag's state falls back
        to the decision before it, or to undecided."""
        reviewer = clean_text(reviewer, MAX_REVIEWER, "the reviewer name", one_line=True)
        if not reviewer:
            raise ConfigError("set a reviewer name before undoing")

        def fields() -> tuple[object, ...]:
            target = self._active.get(seq)
            if target is None:
                raise ConfigError(f"decision #{seq} is not in effect (already undone, or no such)")
            return (
                reviewer,
                session,
                target.audit_key,
                target.flag_id,
                target.flag_hash,
                target.code,
                "undo",
                "",
                seq,
            )

        with self._lock:
            return self._write(fields)

    def _current_seq(self, audit_key: str, flag_id: str) -> int | None:
        stack = self._state.get(audit_key, {}).get(flag_id)
        return stack[-1].seq if stack else None

    def _write(self, fields: Callable[[], tuple[object, ...]]) -> Event:
        """Append one event in a transaction that holds SQLite's write lock, after folding in
        whatever other processes wrote, so the chain has a single order.  ``fields`` is computed
        inside the transaction (the flag's current decision may just have changed)."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ConfigError(f"the decision log is busy or read-only: {exc}") from None
        try:
            self._refresh_locked()
            reviewer, session, audit_key, flag_id, flag_hash, code, decision, reason, sup = fields()
            at = self._clock().astimezone(UTC).isoformat(timespec="seconds")
            values = (
                self._last_seq + 1,
                at,
                reviewer,
                session,
                audit_key,
                flag_id,
                flag_hash,
                code,
                decision,
                reason,
                sup,
            )
            digest = self._mac(values, self._last_hash)
            self._conn.execute(
                f"INSERT INTO {TABLE} ({', '.join(_FIELDS)}, prev, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, self._last_hash, digest),
            )
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        event = _event(values)
        self._last_seq, self._last_hash = event.seq, digest
        self._apply(event)
        _write_head(self.head_path, event.seq, digest)
        return event

    def _migrate_v1(self) -> None:
        """Copy the events of the first, unchained schema (table ``events``) into the chain once."""
        has_v1 = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'"
        ).fetchone()
        if not has_v1 or self._count():
            return
        self._last_seq, self._last_hash = 0, GENESIS
        self._state, self._active, self._tally = {}, {}, {}
        rows = self._conn.execute(
            "SELECT at, reviewer, audit_key, flag_id, flag_hash, code, decision, reason, note "
            "FROM events WHERE decision != 'note' ORDER BY seq"
        ).fetchall()
        self._conn.execute("BEGIN IMMEDIATE")
        for at, reviewer, audit_key, flag_id, flag_hash, code, decision, reason, note in rows:
            values = (
                self._last_seq + 1,
                at,
                reviewer,
                "v1",
                audit_key,
                flag_id,
                flag_hash,
                code,
                decision,
                reason or note,
                None,
            )
            digest = self._mac(values, self._last_hash)
            self._conn.execute(
                f"INSERT INTO {TABLE} ({', '.join(_FIELDS)}, prev, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, self._last_hash, digest),
            )
            self._last_seq, self._last_hash = int(values[0]), digest  # type: ignore[call-overload]
        self._conn.execute("COMMIT")
        _write_head(self.head_path, self._last_seq, self._last_hash)
        self._last_seq, self._last_hash = 0, GENESIS

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _event(row: tuple[object, ...]) -> Event:
    values = list(row[: len(_FIELDS)])
    # Names, codes and keys repeat across thousands of events: share one string each.
    for i in (2, 4, 7, 8):
        values[i] = sys.intern(str(values[i]))
    return Event(*values)  # type: ignore[arg-type]


def _read_head(path: Path) -> tuple[int, str] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["seq"]), str(data["hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_head(path: Path, seq: int, digest: str) -> None:
    """Record the newest event; never moves back (several processes may write in any order)."""
    with open(path.with_suffix(".head.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = _read_head(path)
        if current is not None and current[0] >= seq:
            return
        tmp = path.with_suffix(f".head.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"seq": seq, "hash": digest}) + "\n", encoding="utf-8")
        os.replace(tmp, path)


def event_dict(event: Event) -> dict[str, object]:
    return asdict(event)
