"""Markdown report: a table of flags, then each flag with its transcript evidence.

Input text is untrusted, so everything from it is escaped: Markdown punctuation gets a backslash
and ``<``/``>``/``&`` become entities, so a transcript cannot inject HTML or links into a page.
"""

from __future__ import annotations

import re

from summary_audit.report import SOURCE_LABELS, claims_by_source, plural, short_path
from summary_audit.report.text import EVIDENCE_LABELS, format_time, line_col
from summary_audit.types import AuditReport, Evidence, Flag, Severity

# Only what is special inside a line: escaped text never starts a line, so list and heading
# markers ("- ", "1. ", "# ") cannot trigger and stay readable.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: object, limit: int | None = None) -> str:
    """Escape text for Markdown (one line; HTML-significant characters as entities)."""
    flat = " ".join(str(text or "").split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _evidence_line(ev: Evidence) -> str:
    label = EVIDENCE_LABELS[ev.relation]
    if ev.alignment == "none" and not ev.segments:
        return f"    - {label}: {md_escape(ev.note or 'not found in the transcript')}"
    segs = ", ".join(f"#{i}" for i in ev.segments) or "-"
    quote = f" “{md_escape(ev.quote)}”" if ev.quote else ""
    note = f" ({md_escape(ev.note)})" if ev.note else ""
    return (
        f"    - {label}: segment {segs}, **{md_escape(ev.speaker or 'unknown speaker')}** at "
        f"`{format_time(ev.start_s)}`{quote} — {ev.alignment} match{note}"
    )


def _flag_section(n: int, flag: Flag, text: str) -> list[str]:
    line, col = line_col(text, flag.summary_span.start)
    out = [
        f"{n}. **{flag.code}** ({flag.severity.value}, {md_escape(flag.rule)}) at line {line}, "
        f"column {col}: {md_escape(flag.message)}",
    ]
    if flag.summary_span.text:
        out.append(f"    - summary: “{md_escape(flag.summary_span.text)}”")
    out += [_evidence_line(ev) for ev in flag.evidence]
    out.append(f"    - why: {md_escape(flag.explanation.text)}")
    if flag.suggestion:
        out.append(f"    - suggestion: {md_escape(flag.suggestion)}")
    return out


def render_markdown(report: AuditReport) -> str:
    """The whole report as Markdown, ending with the signature.

    The audit is named by the sources' folder and file name, e.g.
    ``05-welfare-check/summary.flawed.txt``; inputs given as text are named by their ids.
    """
    n = report.stats.flags
    counts = ", ".join(
        f"{n.get(s.value, 0)} {s.value}" for s in sorted(Severity, key=lambda s: -s.rank)
    )
    summary_name = short_path(report.summary_source, report.summary_id)
    transcript_name = short_path(report.transcript_source, report.transcript_id)
    lines = [
        f"# Audit of {md_escape(summary_name)}",
        "",
        f"Transcript: {md_escape(transcript_name)} · {plural(len(report.flags), 'flag')} "
        f"({counts}) · {plural(report.stats.claims, 'claim')} · "
        f"{plural(report.stats.summary_words, 'summary word')}",
        "",
    ]
    if report.notes:
        lines += [*(f"> Note: {md_escape(n)}" for n in report.notes), ""]
    if report.flags:
        lines += ["| # | code | severity | summary text | message |", "|---|---|---|---|---|"]
        for i, f in enumerate(report.flags, 1):
            lines.append(
                f"| {i} | {f.code} | {f.severity.value} | {md_escape(f.summary_span.text, 60)} | "
                f"{md_escape(f.message, 120)} |"
            )
        lines += ["", "## Flags", ""]
        for i, f in enumerate(report.flags, 1):
            lines += _flag_section(i, f, report.summary_text)
    else:
        lines.append("No flags.")
    groups = claims_by_source(report)
    if groups:
        lines += ["", "## Claims by source", ""]
        for source, claims in groups:
            lines.append(f"- **{md_escape(SOURCE_LABELS[source])}**: {len(claims)}")
            for c in claims:
                cue = f" (cue: “{md_escape(c.source_span.text)}”)" if c.source_span else ""
                lines.append(f"    - “{md_escape(c.span.text, 160)}”{cue}")
    if report.failures:
        lines += ["", "## Rule failures", ""]
        lines += [
            f"- {x.code} {md_escape(x.rule)}: {md_escape(x.error)}: {md_escape(x.message)}"
            for x in report.failures
        ]
    lines += ["", f"`{report.signature.replace('`', '')}`", ""]
    return "\n".join(lines)
