"""A self-contained HTML page per audit: highlighted summary, flag list, transcript beside.

The page needs no network (CSS and JS are inlined from ``report/assets``) and works without
JavaScript: the flag list is plain HTML and every highlight is a link to its flag.  The script only
adds filters by severity and code family and cross-highlights transcript evidence.

Transcripts and summaries are untrusted input: every string from them goes through
:func:`html.escape` (attributes included), ids are reduced to ``[A-Za-z0-9_-]``, and a
Content-Security-Policy allows only the page's own inline script (by hash), so even a missed escape
could not run injected script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from functools import cache
from html import escape
from importlib import resources

from summary_audit.report import SOURCE_LABELS, claims_by_source, plural, short_path
from summary_audit.report.highlight import pieces, worst
from summary_audit.report.text import format_time, line_col
from summary_audit.rules.registry import FAMILIES
from summary_audit.types import AuditReport, Evidence, Flag, Segment, Severity, Transcript

_SEVERITIES = sorted(Severity, key=lambda s: -s.rank)


def esc(value: object) -> str:
    """HTML-escape any value for text or a double-quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


def safe_id(value: str) -> str:
    """``value`` reduced to ``[A-Za-z0-9_-]`` for element ids (flag ids, in reports and review)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", value)


@cache
def asset(name: str) -> str:
    """The text of ``report/assets/<name>`` (package data)."""
    return resources.files("summary_audit.report").joinpath("assets", name).read_text("utf-8")


def csp(script: str) -> str:
    """A Content-Security-Policy that allows inline styles and exactly this inline script."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"


def page(title: str, body: str, *, script: str = "") -> str:
    """A complete HTML document around ``body`` (already escaped) with the shared stylesheet."""
    script_tag = f"<script>{script}</script>" if script else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp(script))}">\n'
        f"<title>{esc(title)}</title>\n<style>{asset('report.css')}</style>\n</head>\n"
        f"<body>\n{body}\n{script_tag}\n</body>\n</html>\n"
    )


def describe_evidence(ev: Evidence) -> str:
    """Evidence as plain text (for tooltips): segment, speaker, time, quote, alignment."""
    if ev.alignment == "none" and not ev.segments:
        return ev.note or "not found in the transcript"
    who = ev.speaker or "unknown speaker"
    quote = f" “{ev.quote}”" if ev.quote else ""
    segs = ",".join(f"#{i}" for i in ev.segments)
    note = f" — {ev.note}" if ev.note else ""
    return f"{segs} {who} {format_time(ev.start_s)}{quote} ({ev.alignment}){note}".strip()


def _tooltip(flag: Flag) -> str:
    lines = [f"{flag.code} [{flag.severity.value}] {flag.message}"]
    lines += [f"evidence: {describe_evidence(ev)}" for ev in flag.evidence]
    return "\n".join(lines)


def highlighted_summary(report: AuditReport) -> str:
    """The summary text with flagged spans wrapped in links; overlapping spans are split."""
    out = []
    for piece, covering in pieces(report.summary_text, report.flags):
        if not covering:
            out.append(esc(piece))
            continue
        top = worst(covering)
        ids = " ".join(safe_id(f.id) for f in covering)
        title = "\n\n".join(_tooltip(f) for f in covering)
        out.append(
            f'<a class="mark sev-{top.severity.value}" href="#flag-{safe_id(top.id)}" '
            f'data-flags="{ids}" title="{esc(title)}">{esc(piece)}</a>'
        )
    return "".join(out)


def evidence_item(ev: Evidence, linked: bool) -> str:
    """One evidence line (segments, speaker, time, quote); ``linked`` makes the segments links."""
    if ev.alignment == "none" and not ev.segments:
        return f'<li class="none">{esc(ev.note or "not found in the transcript")}</li>'
    segs = " ".join(f'<a href="#seg-{i}">#{i}</a>' if linked else f"#{i}" for i in ev.segments)
    when = format_time(ev.start_s) + (f"–{format_time(ev.end_s)}" if ev.end_s is not None else "")
    quote = f' <span class="quote">“{esc(ev.quote)}”</span>' if ev.quote else ""
    note = f" — {esc(ev.note)}" if ev.note else ""
    return (
        f"<li>{segs} <b>{esc(ev.speaker or 'unknown speaker')}</b> <code>{esc(when)}</code>"
        f"{quote} <small>({esc(ev.alignment)}, {ev.score:.0f})</small>{note}</li>"
    )


def _flag_item(flag: Flag, text: str, linked: bool) -> str:
    sev = flag.severity.value
    segs = " ".join(str(i) for ev in flag.evidence for i in ev.segments)
    line, col = line_col(text, flag.summary_span.start)
    evidence = "".join(evidence_item(ev, linked) for ev in flag.evidence)
    parts = [
        f'<li id="flag-{safe_id(flag.id)}" class="flag sev-{sev}" data-sev="{sev}" '
        f'data-fam="{esc(flag.code[:3])}" data-segs="{esc(segs)}">',
        f'<div class="head"><span class="badge sev-{sev}">{sev}</span> '
        f"<code>{esc(flag.code)}</code>"
        f' <span class="rule">{esc(flag.rule)}</span> — {esc(flag.message)}</div>',
    ]
    if flag.summary_span.text:
        parts.append(
            f"<blockquote>{esc(flag.summary_span.text)} <small>(line {line}, col {col})</small>"
            "</blockquote>"
        )
    if evidence:
        parts.append(f'<ul class="evidence">{evidence}</ul>')
    parts.append(f'<p class="why">{esc(flag.explanation.text)}</p>')
    if flag.suggestion:
        parts.append(f'<p class="suggestion">Suggestion: {esc(flag.suggestion)}</p>')
    parts.append("</li>")
    return "".join(parts)


def _filters(report: AuditReport) -> str:
    families = sorted({f.code[:3] for f in report.flags})
    if not families:
        return ""

    def box(name: str, value: str, label: str) -> str:
        attrs = f'type="checkbox" name="{name}" value="{esc(value)}" checked'
        return f"<label><input {attrs}> {label}</label>"

    sev = "".join(box("sev", s.value, s.value) for s in _SEVERITIES)
    fam = "".join(box("fam", f, f"{esc(f)} {esc(FAMILIES.get(f, ''))}") for f in families)
    return (
        '<form id="filters" hidden><fieldset><legend>Severity</legend>'
        f"{sev}</fieldset><fieldset><legend>Family</legend>{fam}</fieldset>"
        f'<span>showing <b id="shown-count">{len(report.flags)}</b> of {len(report.flags)}</span>'
        "</form>"
    )


def transcript_rows(
    transcript: Transcript, cited: set[int], text_html: Callable[[Segment], str] | None = None
) -> str:
    """The transcript as ``<li>`` rows (time, speaker, escaped text, tags; cited segments
    marked), shared by the report and the review app; ``text_html`` renders a segment's text
    (default: escaped as is)."""
    rows = []
    for seg in transcript.segments:
        cls = "seg cited" if seg.index in cited else "seg"
        tags = "".join(f'<span class="tag">{esc(t)}</span>' for t in seg.tags)
        speaker = f'<span class="spk">{esc(seg.speaker)}:</span>' if seg.speaker else ""
        text = text_html(seg) if text_html is not None else esc(seg.text)
        rows.append(
            f'<li id="seg-{seg.index}" class="{cls}"><span class="ts">{format_time(seg.start_s)}'
            f"</span>{speaker}{text}{tags}</li>"
        )
    return "".join(rows)


def _transcript_panel(transcript: Transcript, cited: set[int]) -> str:
    return (
        f'<section class="panel transcript"><h2>Transcript <small>{esc(_transcript_label(transcript))}'
        "</small></h2>"
        f"<ol>{transcript_rows(transcript, cited)}</ol></section>"
    )


def _transcript_label(transcript: Transcript) -> str:
    """``05-welfare-check/transcript.vtt (vtt, 49 segments)``."""
    name = short_path(transcript.source, transcript.id)
    return f"{name} ({transcript.format}, {plural(len(transcript.segments), 'segment')})"


def claims_section(report: AuditReport) -> str:
    """The "Claims by source" list (everything escaped); empty when the report has no claims."""
    groups = claims_by_source(report)
    if not groups:
        return ""
    items = []
    for source, claims in groups:
        rows = "".join(
            f"<li>{esc(c.span.text)}"
            + (f' <span class="cue">cue: {esc(c.source_span.text)}</span>' if c.source_span else "")
            + "</li>"
            for c in claims
        )
        items.append(
            f'<li class="source-{esc(source)}"><b>{esc(SOURCE_LABELS[source])}</b>: '
            f"{len(claims)}<ul>{rows}</ul></li>"
        )
    return (
        '<section class="claims-by-source"><h2>Claims by source</h2>'
        f"<ul>{''.join(items)}</ul></section>"
    )


def render_html(report: AuditReport, *, title: str | None = None) -> str:
    """The audit as one self-contained HTML page, with the transcript beside when the report
    carries it (``report.transcript``: an audit's own report does; one read back from JSON not).

    ``title`` names the audit in the heading (a batch passes ``case / summary file``); without
    it the heading shows the summary's folder and file name.
    """
    transcript = report.transcript
    name = title or short_path(report.summary_source, report.summary_id)
    against = _transcript_label(transcript) if transcript else report.transcript_id
    counts = report.stats.flags
    badges = "".join(
        f'<span class="badge sev-{s.value}">{counts.get(s.value, 0)} {s.value}</span>'
        for s in _SEVERITIES
    )
    cited = {i for f in report.flags for ev in f.evidence for i in ev.segments}
    flags = "".join(
        _flag_item(f, report.summary_text, transcript is not None) for f in report.flags
    )
    failures = "".join(
        f"<li><code>{esc(x.code)}</code> {esc(x.rule)} crashed: "
        f"{esc(x.error)}: {esc(x.message)}</li>"
        for x in report.failures
    )
    body = [
        f"<header><h1>Summary audit: {esc(name)} <small>against transcript "
        f"{esc(against)}</small></h1>",
        f'<p class="counts">{badges} in {plural(report.stats.claims, "claim")}, '
        f"{plural(report.stats.summary_words, 'word')}; "
        f"{plural(report.stats.rules_run, 'rule')} run</p>",
        _filters(report),
        "</header>",
        f'<main class="grid{" with-transcript" if transcript else ""}">',
        '<section class="panel summary"><h2>Summary</h2>'
        f'<div class="summary-text">{highlighted_summary(report)}</div></section>',
        _transcript_panel(transcript, cited) if transcript else "",
        "</main>",
        f'<section class="flags"><h2>Flags ({len(report.flags)})</h2>',
        f'<ol class="flag-list">{flags}</ol>' if flags else "<p>No flags.</p>",
        "</section>",
        claims_section(report),
    ]
    if failures:
        body.append(
            f'<section class="failures"><h2>Rule failures</h2><ul>{failures}</ul></section>'
        )
    body.append(f'<footer><p class="sig">{esc(report.signature)}</p></footer>')
    return page(f"Audit: {name}", "\n".join(body), script=asset("report.js"))
