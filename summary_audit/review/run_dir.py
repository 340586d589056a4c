"""Read a batch run directory (``summary-audit batch --out DIR``) for review.

One row per audited input, the same state ``run.json`` counts (``batch.store.read_state``): when
``audits.jsonl`` holds several versions of the same audit (the same input audited again with
other rule options, or after the summary changed), the last one written is shown and the run says
how many earlier versions it hides.  Malformed lines are skipped and listed, never fatal.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from summary_audit.errors import ConfigError, InputError
from summary_audit.rules.registry import get_rule
from summary_audit.types import AuditReport, Flag, Severity, Transcript

FAMILY_NAMES = ("SA1", "SA2", "SA3", "SA4", "SA5", "SA6", "SA9")


@cache
def needs_decision(code: str) -> bool:
    """Whether a reviewer confirms or dismisses the flags of rule ``code``: every rule's but a
    listing's (:attr:`~summary_audit.rules.registry.Rule.listing`: SA611 lists claims for the
    officer's attestation, SA607 points at words to check in the audio), whose flags stay on the
    audit page with nothing to decide.  A code this version does not know needs a decision."""
    try:
        return not get_rule(code).listing
    except ConfigError:
        return True


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
    # The flags a reviewer decides (:func:`needs_decision`); the others are listings.
    decide_ids: frozenset[str] = field(init=False)
    # Keys of earlier versions of this audit that this one replaces (oldest first).
    replaces: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.counts = {s.value: 0 for s in Severity}
        for f in self.report.flags:
            self.counts[f.severity.value] += 1
        self.flag_ids = frozenset(f.id for f in self.report.flags)
        self.families = frozenset(f.code[:3] for f in self.report.flags)
        self.total = len(self.report.flags)
        self.decide_ids = frozenset(f.id for f in self.report.flags if needs_decision(f.code))

    @property
    def to_decide(self) -> int:
        """How many of the flags a reviewer decides."""
        return len(self.decide_ids)

    @property
    def listed(self) -> int:
        """How many of the flags are listings (nothing to decide)."""
        return self.total - self.to_decide

    def decided(self, state: Container[str]) -> int:
        """How many of the flags to decide have a decision in ``state`` (flag ids)."""
        return sum(1 for fid in self.decide_ids if fid in state)

    def flag(self, flag_id: str) -> Flag | None:
        return next((f for f in self.report.flags if f.id == flag_id), None)

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
    skipped: list[str] = field(default_factory=list)  # malformed lines of audits.jsonl, and why

    @cached_property
    def by_key(self) -> dict[str, AuditEntry]:
        return {e.key: e for e in self.entries}

    @cached_property
    def position(self) -> dict[str, int]:
        """Index of each audit in the risk order."""
        return {e.key: i for i, e in enumerate(self.entries)}

    @cached_property
    def crashed(self) -> int:
        """How many audits had a rule crash (their results are incomplete)."""
        return sum(1 for e in self.entries if e.report.failures)

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
    """The run's final state as ``run.json`` counts it (:func:`summary_audit.batch.store.read_state`:
    one record per input, the latest).  A line that is torn, not JSON, or not a valid record is
    skipped and listed in :attr:`Run.skipped` (line number and why); it never stops the review."""
    from summary_audit.batch.store import read_state

    directory = Path(directory)
    path = directory / "audits.jsonl"
    if not path.is_file():
        raise InputError("not a run directory: audits.jsonl is missing", path=str(directory))
    try:
        state = read_state(directory)
    except OSError as exc:
        raise InputError(f"cannot read the run: {exc.strerror}", path=str(path)) from None
    skipped = [f"line {n}: {why}" for n, why in state.malformed]
    entries: list[AuditEntry] = []
    failed = 0
    for rec in state.records:
        if rec["status"] != "ok":
            failed += 1
            continue
        try:
            report = AuditReport.model_validate(rec["report"])
        except ValueError as exc:  # written by another version of the tool: listed, not shown
            first = exc.errors()[0] if hasattr(exc, "errors") else {}
            where = ".".join(str(p) for p in first.get("loc", ())) or "report"
            skipped.append(f"audit {str(rec['key'])[:12]}: report field {where!r} is not valid")
            continue
        entries.append(
            AuditEntry(
                key=rec["key"],
                case=str(rec.get("case") or report.transcript_id),
                summary_file=str(rec.get("summary_file") or report.summary_id),
                metadata=dict(rec.get("metadata") or {}),
                report=report,
                run_dir=directory,
                replaces=list(state.replaced.get(rec["key"], [])),
            )
        )
    entries.sort(key=lambda e: (tuple(-n for n in e.risk), e.case, e.key))
    signatures = sorted({rule_set(e.report.signature) for e in entries})
    return Run(
        directory=directory,
        entries=entries,
        failed=failed,
        signatures=signatures,
        skipped=skipped,
    )
