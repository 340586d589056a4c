"""Precision and recall of the omission (SA5xx) and compliance (SA6xx) rules on the fixtures.

Every fixture case is audited with the options its ``case.json`` implies: ``metadata.profile``
(``ca``, ``ut``, or a profile file relative to the case folder) and the case's
``incident_type``.  A flag matches a gold error of the same code when: omissions — its evidence
overlaps the gold ``transcript_text``; document-level compliance flags (SA603-SA606, SA609,
zero-width spans) — the code alone, since a missing statement has no place; other compliance
flags — the summary spans overlap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from summary_audit.evaluation.common import fixture_audits, overlaps, pct, ratio, skipped, table
from summary_audit.types import Severity

if TYPE_CHECKING:
    from summary_audit.evaluation.cases import CaseSummary, GoldError
    from summary_audit.types import Flag, Transcript

TITLE = "Accountability: omissions (SA5xx) and compliance (SA6xx) on the fixtures"
DOCUMENT_LEVEL = frozenset({"SA603", "SA604", "SA605", "SA606", "SA609"})


@dataclass
class Scores:
    """Per-code counts: flags raised, flags matching gold, gold errors, gold errors found."""

    flags: Counter[str] = field(default_factory=Counter)
    flags_ok: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    summaries: int = 0
    false_flags: list[str] = field(default_factory=list)


def _gold_place(
    err: GoldError, cs: CaseSummary, text: str, transcript: Transcript
) -> tuple[int, int] | None:
    """Where a gold error is: its transcript range (omissions) or summary range (others)."""
    if err.transcript_text is not None:
        at = transcript.text.lower().find(err.transcript_text.lower())
        return (at, at + len(err.transcript_text)) if at >= 0 else None
    for gold, start, end in cs.error_spans(text):
        if gold is err:
            return start, end
    return None


def matches(flag: Flag, err: GoldError, place: tuple[int, int] | None) -> bool:
    """Whether ``flag`` reports the gold error ``err`` (see the module docstring)."""
    if flag.code != err.code:
        return False
    if flag.code in DOCUMENT_LEVEL:
        return True
    if place is None:
        return False
    if err.transcript_text is not None:
        return any(e.span and overlaps((e.span.start, e.span.end), place) for e in flag.evidence)
    return overlaps((flag.summary_span.start, flag.summary_span.end), place)


# Listings of claims by source (SA611 perceived, SA612 inferred, SA613 in no draft) are measured
# by `eval --only source_classes` and the drafts tests: they mark what to read, not what is wrong.
LISTINGS = frozenset({"SA611", "SA612", "SA613"})


def _note(flag: Flag) -> bool:
    """A listing rather than a finding: an info flag of a rule whose findings are warnings or
    errors (SA610's passages addressed to the model), or a claim-source listing."""
    from summary_audit.rules.registry import get_rule

    if flag.code in LISTINGS:
        return True
    return flag.severity == Severity.INFO and get_rule(flag.code).severity > Severity.INFO


def score(fixtures_dir: Path, limit: int | None = None) -> Scores:
    """Compare every fixture summary's SA5 and SA6 flags with the SA5/SA6 gold errors."""
    scores = Scores()
    for fa in fixture_audits(fixtures_dir, limit):
        case, cs = fa.case, fa.summary
        flags = [f for f in fa.report.flags if f.code[:3] in ("SA5", "SA6") and not _note(f)]
        scores.summaries += 1
        gold = [
            (e, _gold_place(e, cs, fa.text, fa.transcript))
            for e in cs.errors
            if e.family in ("SA5", "SA6") and e.code not in LISTINGS
        ]
        for err, place in gold:
            scores.gold[err.code] += 1
            scores.found[err.code] += any(matches(f, err, place) for f in flags)
        for f in flags:
            scores.flags[f.code] += 1
            if any(matches(f, err, place) for err, place in gold):
                scores.flags_ok[f.code] += 1
            else:
                scores.false_flags.append(f"{case.id}/{cs.file} {f.code}: {f.message}")
    return scores


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The accountability section: per-code precision and recall (Markdown)."""
    if not fixtures_dir.is_dir():
        return skipped(TITLE, f"no fixtures folder at {fixtures_dir}")
    s = score(fixtures_dir, limit)
    if not s.summaries:
        return skipped(TITLE, f"no cases in {fixtures_dir}")
    codes = sorted(set(s.gold) | set(s.flags))
    rows = [
        (
            c,
            s.gold[c],
            s.flags[c],
            pct(ratio(s.flags_ok[c], s.flags[c])),
            pct(ratio(s.found[c], s.gold[c])),
        )
        for c in codes
    ]
    total = (
        "all",
        s.gold.total(),
        s.flags.total(),
        pct(ratio(s.flags_ok.total(), s.flags.total())),
        pct(ratio(s.found.total(), s.gold.total())),
    )
    notes = [
        f"{s.summaries} summaries; all severities (SA509 is info); options from case.json "
        "(metadata.profile, incident_type).",
        "Matching: omissions by evidence overlapping the gold transcript_text; SA603-SA606 and "
        "SA609 by code (document-level); SA601/602/607/608 by summary span overlap.",
    ]
    notes += [f"unmatched flag: {line}" for line in s.false_flags[:10]]
    if len(s.false_flags) > 10:
        notes.append(f"... {len(s.false_flags) - 10} more unmatched flags")
    body = table(["code", "gold", "flags", "precision %", "recall %"], [*rows, total])
    return f"## {TITLE}\n\n{body}\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
