"""Exports a supervisor can read on their own: one row per decided flag, with what was flagged.

Rows hold the current decision of each flag (corrections and undos applied); the full event log,
superseded events included, is a separate export (``/log.jsonl``).  CSV cells that a spreadsheet
would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from summary_audit.review.decisions import LABELS, ReviewStore
from summary_audit.review.run_dir import AuditEntry, Run

COLUMNS = (
    "case",
    "file",
    "officer",
    "unit",
    "code",
    "severity",
    "span_text",
    "message",
    "decision",
    "reason",
    "reviewer",
    "time",
    "version",
    "audit_key",
    "flag_id",
    "event",
)


def decision_rows(run: Run, store: ReviewStore) -> Iterator[dict[str, object]]:
    """The current decisions, in queue order (riskiest audit first, then flag order)."""
    current = store.current()
    by_key: dict[str, tuple[AuditEntry, str]] = {e.key: (e, "latest") for e in run.entries}
    for e in run.entries:
        for old in e.replaces:
            by_key.setdefault(old, (e, "earlier"))
    order = {e.key: i for i, e in enumerate(run.entries)}

    def sort_key(item: tuple[tuple[str, str], object]) -> tuple[int, int, str, str]:
        (key, fid), _ = item
        entry = by_key.get(key)
        flag_pos = (
            next((i for i, f in enumerate(entry[0].report.flags) if f.id == fid), 10**6)
            if entry
            else 10**6
        )
        return (order.get(entry[0].key, 10**9) if entry else 10**9, flag_pos, key, fid)

    for (key, fid), event in sorted(current.items(), key=sort_key):
        entry, version = by_key.get(key, (None, "unknown"))
        flag = entry.flag(fid) if entry is not None and version == "latest" else None
        meta = entry.metadata if entry is not None else {}
        yield {
            "case": entry.case if entry else "",
            "file": entry.summary_file if entry else "",
            "officer": str(meta.get("officer", "")),
            "unit": str(meta.get("unit", "")),
            "code": event.code,
            "severity": flag.severity.value if flag else "",
            "span_text": flag.summary_span.text if flag else "",
            "message": flag.message if flag else "",
            "decision": LABELS[event.decision],
            "reason": event.reason,
            "reviewer": event.reviewer,
            "time": event.at,
            "version": version,
            "audit_key": key,
            "flag_id": fid,
            "event": event.seq,
        }


def export_csv(run: Run, store: ReviewStore) -> str:
    """The decisions as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents)."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in decision_rows(run, store):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def export_jsonl(run: Run, store: ReviewStore) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in decision_rows(run, store))


def export_log(store: ReviewStore) -> str:
    """Every event with its chain fields, oldest first (what :meth:`ReviewStore.verify` checks)."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in store.iter_chain())


def _cell(value: object) -> object:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
