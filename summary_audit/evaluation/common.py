"""Shared pieces of the evaluation harness: metrics, Markdown tables, and the adapter that turns a
public dataset's source document (a chat, a meeting, an ASR transcript, a news article) into a
:class:`~summary_audit.types.Transcript` the rules can read.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from summary_audit.types import AuditReport, Summary, Transcript

if TYPE_CHECKING:
    from summary_audit.evaluation.cases import Case, CaseSummary

REPO_DIR = Path(__file__).resolve().parent.parent.parent
DATA_ENV = "SUMMARY_AUDIT_DATA"


def default_data_dir() -> Path:
    """``$SUMMARY_AUDIT_DATA`` if set, else ``../shared/data`` next to the repository."""
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else (REPO_DIR.parent / "shared" / "data").resolve()


# --- metrics -------------------------------------------------------------------------------------


def balanced_accuracy(gold: Sequence[bool], predicted: Sequence[bool]) -> float | None:
    """Mean of the recall on positives and the recall on negatives (None when nothing to score).

    When only one class occurs in ``gold`` the score is that class's recall.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    recalls = []
    for cls in (True, False):
        idx = [i for i, g in enumerate(gold) if g is cls]
        if idx:
            recalls.append(sum(predicted[i] is cls for i in idx) / len(idx))
    return sum(recalls) / len(recalls) if recalls else None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open ranges share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlap_precision_recall(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> tuple[int, int, int, int]:
    """Span-overlap counts: (predicted spans hitting a gold span, predicted, gold spans hit, gold).

    Counts rather than ratios so callers can sum them over many documents before dividing.
    """
    tp_pred = sum(any(overlaps(p, g) for g in gold) for p in predicted)
    tp_gold = sum(any(overlaps(g, p) for p in predicted) for g in gold)
    return tp_pred, len(predicted), tp_gold, len(gold)


def ratio(num: float, den: float) -> float | None:
    """``num / den``, or None when ``den`` is 0."""
    return num / den if den else None


def pct(value: float | None) -> str:
    """A percentage with one decimal, or an en dash for 'not defined'."""
    return "–" if value is None else f"{100 * value:.1f}"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def skipped(title: str, reason: str) -> str:
    """The section printed when a dataset is not available."""
    return f"## {title}\n\nskipped: {reason}\n"


def make_summary(text: str, id: str = "summary") -> Summary:
    """A dataset's summary text read as a plain-text summary (the reader a user's file gets)."""
    from summary_audit.readers import parse_summary

    return parse_summary(text, format="text", id=id)


@dataclass(frozen=True)
class FixtureAudit:
    """One fixture summary audited with every rule and its case's options."""

    case: Case
    summary: CaseSummary
    transcript: Transcript
    text: str
    report: AuditReport


def fixture_audits(fixtures_dir: Path, limit: int | None = None) -> tuple[FixtureAudit, ...]:
    """Every fixture summary audited once, shared by the sections that score the fixtures.

    Rules do not depend on each other's results, so each section reads its families' flags from
    the same full audit instead of auditing every summary again with a narrower selection.
    Inputs the readers refuse are left out and listed by :func:`refused_fixtures`.
    """
    return _fixture_run(fixtures_dir, limit)[0]


def refused_fixtures(fixtures_dir: Path, limit: int | None = None) -> tuple[str, ...]:
    """``case/file: reason`` for each fixture input the readers refused (should be none)."""
    return _fixture_run(fixtures_dir, limit)[1]


@functools.cache
def _fixture_run(
    fixtures_dir: Path, limit: int | None
) -> tuple[tuple[FixtureAudit, ...], tuple[str, ...]]:
    from summary_audit.engine import audit
    from summary_audit.errors import InputError
    from summary_audit.evaluation.cases import iter_cases
    from summary_audit.readers import load_summary, load_transcript

    out, refused = [], []
    for case in list(iter_cases(fixtures_dir))[:limit]:
        try:
            transcript = load_transcript(case.transcript_path)
        except InputError as exc:
            refused.append(f"{case.id}/{case.transcript}: {exc.reason}")
            continue
        for cs in case.summaries:
            try:
                summary = load_summary(cs.path)
            except InputError as exc:
                refused.append(f"{case.id}/{cs.file}: {exc.reason}")
                continue
            report = audit(transcript, summary, **case.audit_options())
            out.append(FixtureAudit(case, cs, transcript, summary.text, report))
    return tuple(out), tuple(refused)
