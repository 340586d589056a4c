"""The review record: decisions on flags as append-only events in SQLite.

Nothing is updated in place or deleted (triggers refuse it); the current decision on a flag is the
latest event for it.  WAL mode and a busy timeout let several reviewers write at once without losing
each other's decisions.  Each event stores the flag's content hash, so a decision stays tied to the
exact flag that was reviewed even if a later run changes the flag.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from summary_audit.errors import ConfigError

DECISIONS = ("confirm", "dismiss", "follow_up")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    reviewer   TEXT NOT NULL,
    audit_key  TEXT NOT NULL,
    flag_id    TEXT NOT NULL,
    flag_hash  TEXT NOT NULL,
    code       TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'follow_up', 'note')),
    reason     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_flag ON events (audit_key, flag_id, seq);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
"""


@dataclass(frozen=True)
class Event:
    seq: int
    at: str
    reviewer: str
    audit_key: str
    flag_id: str
    flag_hash: str
    code: str
    decision: str
    reason: str
    note: str


@dataclass(frozen=True)
class RuleTally:
    code: str
    confirmed: int
    dismissed: int
    follow_up: int

    @property
    def observed_precision(self) -> float | None:
        decided = self.confirmed + self.dismissed
        return self.confirmed / decided if decided else None


class ReviewStore:
    """Append-only decisions.  One connection per thread (sqlite3 objects are not shared)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

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
        note: str = "",
        at: datetime | None = None,
    ) -> Event:
        """Append one decision.  Dismissing requires a reason."""
        reviewer, reason, note = reviewer.strip(), reason.strip(), note.strip()
        if decision not in (*DECISIONS, "note"):
            raise ConfigError(f"unknown decision {decision!r}; choose from {', '.join(DECISIONS)}")
        if not reviewer:
            raise ConfigError("a reviewer name is required")
        if decision == "dismiss" and not reason:
            raise ConfigError("dismissing a flag requires a reason")
        if decision == "note" and not note:
            raise ConfigError("a note cannot be empty")
        stamp = (at or datetime.now(UTC)).isoformat(timespec="seconds")
        conn = self._connect()
        cur = conn.execute(
            "INSERT INTO events (at, reviewer, audit_key, flag_id, flag_hash, code, decision,"
            " reason, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (stamp, reviewer, audit_key, flag_id, flag_hash, code, decision, reason, note),
        )
        seq = cur.lastrowid or 0
        return Event(
            seq, stamp, reviewer, audit_key, flag_id, flag_hash, code, decision, reason, note
        )

    def events(self, audit_key: str | None = None) -> list[Event]:
        sql = "SELECT * FROM events"
        args: tuple[str, ...] = ()
        if audit_key is not None:
            sql += " WHERE audit_key = ?"
            args = (audit_key,)
        rows = self._connect().execute(sql + " ORDER BY seq", args).fetchall()
        return [Event(**dict(r)) for r in rows]

    def current(self, audit_key: str | None = None) -> dict[tuple[str, str], Event]:
        """The latest decision (not note) per (audit_key, flag_id): the derived state."""
        state: dict[tuple[str, str], Event] = {}
        for e in self.events(audit_key):
            if e.decision != "note":
                state[(e.audit_key, e.flag_id)] = e
        return state

    def decided_counts(self) -> dict[str, int]:
        """Per audit key, how many flags have a current decision."""
        counts: dict[str, int] = {}
        for audit_key, _ in self.current():
            counts[audit_key] = counts.get(audit_key, 0) + 1
        return counts

    def tallies(self) -> list[RuleTally]:
        """Confirmed / dismissed / follow-up counts per rule code from the current decisions."""
        by_code: dict[str, list[int]] = {}
        index = {d: i for i, d in enumerate(DECISIONS)}
        for e in self.current().values():
            by_code.setdefault(e.code, [0, 0, 0])[index[e.decision]] += 1
        return [RuleTally(code, *by_code[code]) for code in sorted(by_code)]

    def export_jsonl(self) -> str:
        return "".join(json.dumps(asdict(e), sort_keys=True) + "\n" for e in self.events())

    def export_csv(self) -> str:
        buf = io.StringIO()
        fields = list(Event.__dataclass_fields__)
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for e in self.events():
            writer.writerow(_csv_safe(asdict(e)))
        return buf.getvalue()


def _csv_safe(row: dict[str, object]) -> dict[str, object]:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    return {
        k: ("'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v)
        for k, v in row.items()
    }
