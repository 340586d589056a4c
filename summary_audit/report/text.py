"""Plain-text report in the style of ruff: location, code, message, the line with a caret, evidence."""

from __future__ import annotations

from summary_audit.report import claims_by_source, plural, source_counts
from summary_audit.types import AuditReport, Evidence, Flag, Severity

CONTEXT = 48  # characters of summary shown on each side of a flagged span
_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def format_time(seconds: float | None) -> str:
    """``83.5`` -> ``"00:01:23.5"``; ``None`` -> ``"--:--:--"``."""
    if seconds is None:
        return "--:--:--"
    whole = int(seconds)
    tenths = round((seconds - whole) * 10)
    if tenths == 10:
        whole, tenths = whole + 1, 0
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" + (f".{tenths}" if tenths else "")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _excerpt(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The summary line holding ``start``, clipped around the span; caret columns within it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    end = min(end, line_end)
    lo = max(line_start, start - CONTEXT)
    hi = min(line_end, max(end, start + 1) + CONTEXT)
    prefix = "…" if lo > line_start else ""
    suffix = "…" if hi < line_end else ""
    shown = prefix + text[lo:hi] + suffix
    return shown, len(prefix) + start - lo, len(prefix) + end - lo


# How each kind of evidence is introduced: a nearest passage must never read as support.
EVIDENCE_LABELS = {
    "states": "evidence",
    "contradicts": "transcript says",
    "nearest": "nearest passage (not support)",
    "searched": "searched",
}


def describe_evidence(ev: Evidence) -> str:
    """One line: segment, speaker, times, quote and how it was aligned."""
    if not ev.segments:  # a searched-for absence, or a pointer into the summary itself
        quote = f'"{_one_line(ev.quote)}"' if ev.quote else ""
        return " — ".join(p for p in (quote, ev.note) if p) or "not found in the transcript"
    segs = ",".join(f"#{i}" for i in ev.segments) or "-"
    speaker = ev.speaker or "unknown speaker"
    when = "" if ev.start_s is None else f" {format_time(ev.start_s)}-{format_time(ev.end_s)}"
    quote = f' "{_one_line(ev.quote)}"' if ev.quote else ""
    how = f" ({ev.alignment}, {ev.score:.0f})" if ev.alignment != "none" else ""
    note = f" — {ev.note}" if ev.note else ""
    return f"{segs} {speaker}{when}{quote}{how}{note}"


def _one_line(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render_flag(
    flag: Flag, text: str, path: str, *, color: bool = False, verbosity: int = 0
) -> str:
    """One flag: the location line, and unless ``verbosity < 0`` the excerpt with a caret, the
    evidence and why; with ``verbosity > 0`` also how it was found (method, score, id)."""
    span = flag.summary_span
    line, col = line_col(text, span.start)
    sev = flag.severity.value
    if color:
        sev = f"{_COLORS[flag.severity]}{sev}{_RESET}"
        code = f"{_BOLD}{flag.code}{_RESET}"
    else:
        code = flag.code
    out = [f"{path}:{line}:{col}: {code} [{sev}] {flag.message}"]
    if verbosity < 0:
        return out[0]
    gutter = " " * len(str(line))
    if span.end > span.start:
        shown, c0, c1 = _excerpt(text, span.start, span.end)
        out.append(f"{gutter} |")
        out.append(f"{line} | {shown}")
        out.append(f"{gutter} | {' ' * c0}{'^' * max(1, c1 - c0)}")
    for ev in flag.evidence:
        out.append(f"{gutter} = {EVIDENCE_LABELS[ev.relation]}: {describe_evidence(ev)}")
    out.append(f"{gutter} = why: {_one_line(flag.explanation.text, 300)}")
    if flag.suggestion:
        out.append(f"{gutter} = suggestion: {flag.suggestion}")
    if verbosity > 0:
        out.append(f"{gutter} = found by: {_provenance(flag)}")
    return "\n".join(out)


def _provenance(flag: Flag) -> str:
    """``rule unsupported-number, method normalized, raw score 87, confidence 0.9, id 1a2b...``."""
    how = flag.explanation
    parts = [f"rule {how.rule}", f"method {how.method}"]
    if how.prompt_id:
        parts.append(f"prompt {how.prompt_id}")
    if how.raw_score is not None:
        parts.append(f"raw score {how.raw_score:g}")
    parts.append(f"confidence {flag.confidence:g}")
    if flag.category:
        parts.append(f"category {flag.category}")
    return ", ".join([*parts, f"id {flag.id}"])


def _claims_block(report: AuditReport) -> str:
    """Claims by source: each class with its claims, their lines and the cue that decided."""
    lines = ["claims by source:"]
    for source, claims in claims_by_source(report):
        lines.append(f"  {source} ({len(claims)}):")
        for c in claims:
            line, col = line_col(report.summary_text, c.span.start)
            cue = f" [{c.source_span.text}]" if c.source_span else ""
            lines.append(f"    {line}:{col}: {_one_line(c.span.text, 100)}{cue}")
    return "\n".join(lines)


def render_text(report: AuditReport, *, color: bool = False, verbosity: int = 0) -> str:
    """The whole report as text; ends with the counts and the signature line.  Flags are
    located ruff style: ``summary path:line:column``.

    ``verbosity``: -1 one line per flag and per failure, nothing else (``-q``); 0 the default;
    1 also how each flag was found and the audit's statistics (``-v``).
    """
    path = report.summary_source
    blocks = [
        render_flag(f, report.summary_text, path, color=color, verbosity=verbosity)
        for f in report.flags
    ]
    for failure in report.failures:
        blocks.append(
            f"{path}: {failure.code} [failure] rule {failure.rule} crashed: "
            f"{failure.error}: {failure.message}"
        )
    if verbosity < 0:
        return "".join(block + "\n" for block in blocks)
    if report.notes:  # how the inputs were read: evidence depends on it
        blocks.append("\n".join(f"{report.transcript_source}: note: {n}" for n in report.notes))
    n = report.stats.flags
    total = sum(n.values())
    tail = (
        f"{plural(total, 'flag')} "
        f"({n.get('error', 0)} error, {n.get('warning', 0)} warning, {n.get('info', 0)} info)"
        f" in {plural(report.stats.claims, 'claim')}"
    )
    if report.claims:
        tail += f" ({source_counts(report)})"
    if report.failures:
        tail += f"; {plural(len(report.failures), 'rule failure')}"
    if verbosity > 0 and report.claims:
        blocks.append(_claims_block(report))
    if verbosity > 0:
        st = report.stats
        tail += (
            f"\n{plural(st.rules_run, 'rule')} run on {plural(st.summary_words, 'summary word')} "
            f"and {plural(st.transcript_words, 'transcript word')} in "
            f"{plural(st.segments, 'segment')} ({report.transcript_source})"
        )
    blocks.append(tail + "\n" + report.signature)
    return "\n\n".join(blocks) + "\n"
