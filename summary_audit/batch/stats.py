"""Order-independent aggregates of a run (``run.json``, the overviews)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from typing import Any

from summary_audit.batch.items import BatchItem
from summary_audit.types import Severity

BREAKDOWNS = ("officer", "unit", "model", "incident_type")


SEVERITY_ORDER = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]


_RANK = {s.value: s.rank for s in Severity}


def _empty_counts() -> dict[str, Any]:
    return {"audits": 0, "summary_words": 0, "flags": 0, **{s: 0 for s in SEVERITY_ORDER}}


class RunStats:
    """Order-independent totals of a run, so that the summary does not depend on completion order.

    Only bounded lists are kept (the ``top`` most severe flags and the ``top`` worst audits), so
    memory stays flat however many audits the run has.
    """

    def __init__(self, top_flags: int = 200, top_audits: int = 500) -> None:
        self.totals = _empty_counts()
        self.failed = 0
        self.rule_failures = 0
        self.audits_with_rule_failures = 0
        self.by_family: dict[str, int] = {}
        self.by_code: dict[str, int] = {}
        self.breakdowns: dict[str, dict[str, dict[str, Any]]] = {b: {} for b in BREAKDOWNS}
        self._flag_heap: list[tuple[Any, ...]] = []
        self._audit_heap: list[tuple[Any, ...]] = []
        self._failure_heap: list[tuple[Any, ...]] = []
        self._crash_heap: list[tuple[Any, ...]] = []
        self._top_flags, self._top_audits = top_flags, top_audits

    @staticmethod
    def _push(heap: list[tuple[Any, ...]], limit: int, entry: tuple[Any, ...]) -> None:
        # Min-heap of (priority, payload) keeping the `limit` highest priorities; the priorities
        # form a total order, so the kept set is the same whatever the arrival order.
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one ``audits.jsonl`` record."""
        where = (record.get("case") or "", record.get("summary_file") or "")
        if record["status"] != "ok":
            self.failed += 1
            self._push(
                self._failure_heap,
                self._top_audits,
                (
                    (_neg((*where, record["key"])),),
                    {"case": where[0], "summary_file": where[1], "error": record["error"]},
                ),
            )
            return
        report = record["report"]
        words = report["stats"]["summary_words"]
        severities = [f["severity"] for f in report["flags"]]
        crashes = report.get("failures") or ()
        if crashes:
            self.rule_failures += len(crashes)
            self.audits_with_rule_failures += 1
            self._push(
                self._crash_heap,
                self._top_audits,
                (
                    (_neg((*where, record["key"])),),
                    {
                        "case": where[0],
                        "summary_file": where[1],
                        "failures": [
                            {k: f.get(k) for k in ("code", "error", "message")} for f in crashes
                        ],
                        "name": BatchItem(None, None, where[0] or None, where[1] or None).name,
                    },
                ),
            )
        self._count(self.totals, words, severities)
        meta = record.get("metadata") or {}
        for dim in BREAKDOWNS:
            value = str(meta.get(dim) or "(unknown)")
            self._count(self.breakdowns[dim].setdefault(value, _empty_counts()), words, severities)
        for flag in report["flags"]:
            self.by_code[flag["code"]] = self.by_code.get(flag["code"], 0) + 1
            family = flag["code"][:3]
            self.by_family[family] = self.by_family.get(family, 0) + 1
            span = flag["summary_span"]
            priority = (
                _RANK[flag["severity"]],
                _neg(where),
                -span["start"],
                _neg((flag["code"], flag["id"], record["key"])),
            )
            self._push(
                self._flag_heap,
                self._top_flags,
                (
                    priority,
                    {
                        "case": where[0],
                        "summary_file": where[1],
                        "code": flag["code"],
                        "severity": flag["severity"],
                        "text": span["text"],
                        "message": flag["message"],
                    },
                ),
            )
        counts = {s: severities.count(s) for s in SEVERITY_ORDER}
        # Most severe first: more errors, then more warnings, then more infos (the review
        # queue's order too), never the total (7 errors rank above 2 errors and 9 infos).
        priority = (*(counts[s] for s in SEVERITY_ORDER), _neg((*where, record["key"])))
        self._push(
            self._audit_heap,
            self._top_audits,
            (
                priority,
                {
                    "case": where[0],
                    "summary_file": where[1],
                    "summary_words": words,
                    "flags": len(severities),
                    **counts,
                    "rule_failures": len(crashes),
                    "name": BatchItem(None, None, where[0] or None, where[1] or None).name,
                },
            ),
        )

    @staticmethod
    def _count(bucket: dict[str, Any], words: int, severities: list[str]) -> None:
        bucket["audits"] += 1
        bucket["summary_words"] += words
        bucket["flags"] += len(severities)
        for s in severities:
            bucket[s] += 1

    def top_flags(self) -> list[dict[str, Any]]:
        """The most severe flags kept, most severe first."""
        return [entry[1] for entry in sorted(self._flag_heap, key=lambda e: e[0], reverse=True)]

    def top_audits(self) -> list[dict[str, Any]]:
        """The most severe audits first: by errors, then warnings, then infos."""
        return [entry[1] for entry in sorted(self._audit_heap, key=lambda e: e[0], reverse=True)]

    def failures(self) -> list[dict[str, Any]]:
        return [entry[1] for entry in sorted(self._failure_heap, key=lambda e: e[0], reverse=True)]

    def crashed(self) -> list[dict[str, Any]]:
        """Audits in which a rule crashed (their results are incomplete), by case."""
        return [entry[1] for entry in sorted(self._crash_heap, key=lambda e: e[0], reverse=True)]

    def summary(self) -> dict[str, Any]:
        """The deterministic part of ``run.json`` (everything but times)."""
        totals = self.totals
        return {
            "counts": {
                "audits": totals["audits"] + self.failed,
                "ok": totals["audits"],
                "failed": self.failed,
                "rule_failures": self.rule_failures,
                "audits_with_rule_failures": self.audits_with_rule_failures,
                "summary_words": totals["summary_words"],
                "flags": totals["flags"],
                "flags_by_severity": {s: totals[s] for s in SEVERITY_ORDER},
                "flags_by_family": dict(sorted(self.by_family.items())),
                "flags_by_code": dict(sorted(self.by_code.items())),
            },
            "flags_per_1000_words": per_thousand(totals["flags"], totals["summary_words"]),
            "by": {
                dim: {
                    k: {**v, "flags_per_1000_words": per_thousand(v["flags"], v["summary_words"])}
                    for k, v in sorted(groups.items())
                }
                for dim, groups in self.breakdowns.items()
            },
        }


def _neg(strings: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    """A key that sorts strings in reverse, so 'higher priority' means alphabetically first."""
    return tuple((*tuple(-ord(c) for c in s), 1) for s in strings)


def per_thousand(flags: int, words: int) -> float:
    """Flags per 1,000 summary words, rounded to 2 places (0.0 when there are no words)."""
    return round(1000 * flags / words, 2) if words else 0.0
