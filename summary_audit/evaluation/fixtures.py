"""Flag precision and recall per code family on the labelled fixture cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from summary_audit.evaluation.common import fixture_audits, overlaps, pct, ratio, skipped, table
from summary_audit.types import Flag, Severity

TITLE = "Fixtures: flags against the gold errors"
FAMILIES = ("SA1", "SA2", "SA3", "SA4", "SA5", "SA6")


@dataclass
class FixtureScores:
    """Counts gathered over the fixture summaries (warning and error flags only)."""

    flags: Counter[str] = field(default_factory=Counter)  # family -> flags raised
    flags_ok: Counter[str] = field(default_factory=Counter)  # family -> flags matching a gold error
    gold: Counter[str] = field(default_factory=Counter)
    gold_found: Counter[str] = field(default_factory=Counter)
    gold_found_error: Counter[str] = field(default_factory=Counter)  # found by an error flag
    faithful: int = 0
    faithful_flags: int = 0
    faithful_by_family: Counter[str] = field(default_factory=Counter)
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    summaries: int = 0
    false_flags: list[str] = field(default_factory=list)  # "case/file CODE 'text'" for review


def _serious(flags: tuple[Flag, ...]) -> list[Flag]:
    return [f for f in flags if f.severity >= Severity.WARNING]


def _hints(flags: tuple[Flag, ...]) -> list[Flag]:
    """Flags of hint rules (default severity info: "quote it", "check the audio"): they find
    their gold labels but are not findings, so they never count as false flags."""
    from summary_audit.rules.registry import get_rule

    return [
        f
        for f in flags
        if f.severity == Severity.INFO and get_rule(f.code).severity == Severity.INFO
    ]


Gold = tuple[str, str, tuple[int, int] | None, tuple[int, int] | None]  # family, code, spans


def _matches(flag: Flag, gold: Gold) -> bool:
    family, code, span, t_span = gold
    if flag.code[:3] != family:
        return False
    if flag.summary_span.start == flag.summary_span.end and t_span is None:
        return flag.code == code  # a document-level finding (missing statement) has no place
    if span is not None:
        return overlaps((flag.summary_span.start, flag.summary_span.end), span)
    return t_span is not None and any(
        e.span is not None and overlaps((e.span.start, e.span.end), t_span) for e in flag.evidence
    )


def score_fixtures(fixtures_dir: Path, limit: int | None = None) -> FixtureScores:
    """Compare every fixture summary's flags with the gold labels."""
    scores = FixtureScores()
    for fa in fixture_audits(fixtures_dir, limit):
        case, cs = fa.case, fa.summary
        lowered = fa.transcript.text.lower()
        flags = _serious(fa.report.flags)
        scores.summaries += 1
        gold: list[Gold] = []
        for err, start, end in cs.error_spans(fa.text):
            gold.append((err.family, err.code, (start, end), None))
        for err in cs.errors:
            if err.transcript_text is not None:
                at = lowered.find(err.transcript_text.lower())
                t_span = (at, at + len(err.transcript_text)) if at >= 0 else None
                gold.append((err.family, err.code, None, t_span))
        hints = _hints(fa.report.flags)
        for g in gold:
            scores.gold[g[0]] += 1
            scores.gold_found[g[0]] += any(_matches(f, g) for f in [*flags, *hints])
            scores.gold_found_error[g[0]] += any(
                _matches(f, g) for f in flags if f.severity >= Severity.ERROR
            )
        for f in flags:
            family = f.code[:3]
            scores.flags[family] += 1
            if any(_matches(f, g) for g in gold):
                scores.flags_ok[family] += 1
            else:
                scores.false_flags.append(f"{case.id}/{cs.file} {f.code} {f.summary_span.text!r}")
        if cs.kind == "faithful":
            scores.faithful += 1
            scores.faithful_flags += len(flags)
            scores.faithful_by_family.update(f.code[:3] for f in flags)
        for _neg, start, end in cs.hard_negative_spans(fa.text):
            scores.hard_negatives += 1
            scores.hard_negatives_flagged += any(
                overlaps((f.summary_span.start, f.summary_span.end), (start, end)) for f in flags
            )
    return scores


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The fixtures section: per-family precision/recall, false flags on faithful summaries."""
    return fixtures_section(TITLE, fixtures_dir, limit)


def fixtures_section(title: str, fixtures_dir: Path, limit: int | None, note: str = "") -> str:
    """Per-family precision/recall, false flags on faithful summaries, refused inputs."""
    from summary_audit.evaluation.common import refused_fixtures

    if not fixtures_dir.is_dir():
        return skipped(title, f"no fixtures folder at {fixtures_dir}")
    s = score_fixtures(fixtures_dir, limit)
    refused = refused_fixtures(fixtures_dir, limit)
    if not s.summaries and not refused:
        return skipped(title, f"no cases in {fixtures_dir}")
    rows = [
        (
            fam,
            s.gold[fam],
            s.flags[fam],
            pct(ratio(s.flags_ok[fam], s.flags[fam])),
            pct(ratio(s.gold_found[fam], s.gold[fam])),
            pct(ratio(s.gold_found_error[fam], s.gold[fam])),
            s.faithful_by_family[fam],
        )
        for fam in FAMILIES
    ]
    per_faithful = ratio(s.faithful_flags, s.faithful)
    notes = [
        f"{s.summaries} summaries, audited with their case options (profile, incident type); "
        "warning and error flags (and the info flags of hint rules such as SA204 and SA607 for "
        "their own gold labels); a flag matches a gold error of its family when the spans "
        "overlap (omissions: evidence overlaps the transcript text; missing statements: same code).",
        f"False flags per faithful summary: {per_faithful:.2f} "
        f"({s.faithful_flags} on {s.faithful})."
        if per_faithful is not None
        else "No faithful summaries.",
        f"Hard negatives flagged: {s.hard_negatives_flagged} of {s.hard_negatives}.",
        f"Refused inputs: {len(refused)}" + "".join(f"; {r}" for r in refused) + ".",
    ]
    if note:
        notes.append(note)
    body = table(
        ["family", "gold errors", "flags", "precision %", "recall %", "recall at error %",
         "flags on faithful"],
        rows,
    )  # fmt: skip
    return f"## {title}\n\n{body}\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
