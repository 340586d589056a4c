"""Read a batch run directory (``summary-audit batch --out DIR``) for review."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from summary_audit.errors import InputError
from summary_audit.types import AuditReport, Severity, Transcript

FAMILY_NAMES = ("SA1", "SA2", "SA3", "SA4", "SA5", "SA6", "SA9")


@dataclass
class AuditEntry:
    """One successful audit of a run."""

    key: str
    case: str
    summary_file: str
    metadata: dict[str, Any]
    report: AuditReport
    run_dir: Path
    counts: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.counts = {s.value: 0 for s in Severity}
        for f in self.report.flags:
            self.counts[f.severity.value] += 1

    @property
    def risk(self) -> tuple[int, int, int]:
        """Errors first, then warnings, then infos (higher is riskier)."""
        return (self.counts["error"], self.counts["warning"], self.counts["info"])

    @property
    def families(self) -> set[str]:
        return {f.code[:3] for f in self.report.flags}

    @property
    def title(self) -> str:
        return f"{self.case} / {self.summary_file}"

    def load_transcript(self) -> Transcript | None:
        """The transcript for side-by-side display, as the batch saved it (never re-parsed)."""
        from summary_audit.batch.store import load_saved_transcript

        return load_saved_transcript(self.run_dir, self.report.transcript_sha256)


@dataclass
class Run:
    """All audits of a run directory, ordered by risk."""

    directory: Path
    entries: list[AuditEntry]
    failed: int

    @cached_property
    def by_key(self) -> dict[str, AuditEntry]:
        return {e.key: e for e in self.entries}

    def values(self, meta_field: str) -> list[str]:
        return sorted(
            {str(e.metadata[meta_field]) for e in self.entries if e.metadata.get(meta_field)}
        )


def load_run(directory: str | Path) -> Run:
    """Parse ``DIR/audits.jsonl``; a truncated or corrupt line is skipped (it was never completed)."""
    directory = Path(directory)
    path = directory / "audits.jsonl"
    if not path.is_file():
        raise InputError("not a run directory: audits.jsonl is missing", path=str(directory))
    latest: dict[str, AuditEntry] = {}
    failed = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(rec, dict) or rec.get("status") != "ok" or not rec.get("report"):
                failed += 1
                continue
            report = AuditReport.model_validate(rec["report"])
            latest[rec["key"]] = AuditEntry(
                key=str(rec["key"]),
                case=str(rec.get("case") or report.transcript_id),
                summary_file=str(rec.get("summary_file") or report.summary_id),
                metadata=dict(rec.get("metadata") or {}),
                report=report,
                run_dir=directory,
            )
    entries = sorted(latest.values(), key=lambda e: (tuple(-n for n in e.risk), e.case, e.key))
    return Run(directory=directory, entries=entries, failed=failed)
