"""Read a batch run directory (``summary-audit batch --out DIR``) for review.

One row per audited summary: when ``audits.jsonl`` holds several versions of the same audit (the
same case and summary file audited again with other rule options, or after the summary changed),
the last one written is shown and the run says how many earlier versions it hides.
"""

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
    flag_ids: frozenset[str] = field(init=False)
    families: frozenset[str] = field(init=False)  # code families flagged (SA1, SA4, ...)
    total: int = field(init=False)  # number of flags
    # Keys of earlier versions of this audit that this one replaces (oldest first).
    replaces: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.counts = {s.value: 0 for s in Severity}
        for f in self.report.flags:
            self.counts[f.severity.value] += 1
        self.flag_ids = frozenset(f.id for f in self.report.flags)
        self.families = frozenset(f.code[:3] for f in self.report.flags)
        self.total = len(self.report.flags)

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two records versions of one audit: the case and the summary file."""
        return (self.case, self.summary_file)

    @property
    def risk(self) -> tuple[int, int, int]:
        """Errors first, then warnings, then infos (higher is riskier)."""
        return (self.counts["error"], self.counts["warning"], self.counts["info"])

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
    signatures: list[str] = field(default_factory=list)  # distinct rule sets (rule_set) shown

    @cached_property
    def by_key(self) -> dict[str, AuditEntry]:
        return {e.key: e for e in self.entries}

    @cached_property
    def position(self) -> dict[str, int]:
        """Index of each audit in the risk order."""
        return {e.key: i for i, e in enumerate(self.entries)}

    @cached_property
    def hidden_versions(self) -> int:
        """How many earlier versions of audits are not shown (the latest of each is)."""
        return sum(len(e.replaces) for e in self.entries)

    def values(self, meta_field: str) -> list[str]:
        return sorted(
            {str(e.metadata[meta_field]) for e in self.entries if e.metadata.get(meta_field)}
        )


def rule_set(signature: str) -> str:
    """The rule-set part of a report signature: version, rules, lexicon and the other layers, but
    not the inputs' hashes or the per-audit options (incident type)."""
    per_audit = ("transcript:", "summary:", "drafted:", "options:")
    return "|".join(p for p in signature.split("|") if not p.startswith(per_audit))


def load_run(directory: str | Path) -> Run:
    """Parse ``DIR/audits.jsonl``; a truncated or corrupt line is skipped (it was never completed)."""
    directory = Path(directory)
    path = directory / "audits.jsonl"
    if not path.is_file():
        raise InputError("not a run directory: audits.jsonl is missing", path=str(directory))
    latest: dict[tuple[str, str], AuditEntry] = {}
    failed: dict[tuple[str, str], str] = {}
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read the run: {exc.strerror}", path=str(path)) from None
    with handle as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a crash mid-write; never a completed audit
            if not isinstance(rec, dict) or not rec.get("key"):
                continue
            where = (str(rec.get("case") or ""), str(rec.get("summary_file") or rec["key"]))
            if rec.get("status") != "ok" or not rec.get("report"):
                failed[where] = str(rec["key"])
                continue
            try:
                report = AuditReport.model_validate(rec["report"])
            except ValueError:  # written by another version of the tool: counted, not shown
                failed[where] = str(rec["key"])
                continue
            entry = AuditEntry(
                key=str(rec["key"]),
                case=str(rec.get("case") or report.transcript_id),
                summary_file=str(rec.get("summary_file") or report.summary_id),
                metadata=dict(rec.get("metadata") or {}),
                report=report,
                run_dir=directory,
            )
            failed.pop(where, None)
            earlier = latest.pop(entry.identity, None)
            if earlier is not None and earlier.key != entry.key:
                entry.replaces = [*earlier.replaces, earlier.key]
            elif earlier is not None:
                entry.replaces = earlier.replaces
            latest[entry.identity] = entry
    entries = sorted(latest.values(), key=lambda e: (tuple(-n for n in e.risk), e.case, e.key))
    signatures = sorted({rule_set(e.report.signature) for e in entries})
    return Run(directory=directory, entries=entries, failed=len(failed), signatures=signatures)
