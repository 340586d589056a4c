"""HTML of the review app's pages: plain functions from data to markup, every value escaped.

The pages use the HTML reports' stylesheet (``report/assets/report.css``) and one static script
(``review/static/review.js``); no inline script or style, so the Content-Security-Policy can
forbid both.  Everything works without the script: forms post and redirect back to where the
reviewer was.  The script adds the keyboard flow and records decisions without a reload.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlencode

from summary_audit.errors import clip
from summary_audit.report import CRASH_MARK, plural
from summary_audit.report.html import (
    asset,
    claims_section,
    esc,
    evidence_item,
    highlighted_summary,
    safe_id,
    transcript_rows,
)
from summary_audit.review.decisions import (
    DECISIONS,
    LABELS,
    MAX_REASON,
    MAX_REVIEWER,
    Event,
    Problem,
    RuleTally,
)
from summary_audit.review.run_dir import FAMILY_NAMES, AuditEntry, Run, needs_decision
from summary_audit.rules.registry import FAMILIES
from summary_audit.types import Flag, Transcript

PAGE_SIZE = 50
SHOW = {"open": "Unreviewed", "all": "All", "done": "Reviewed"}
SMALL_N = 5  # fewer decisions than this: the observed precision is marked as a small sample
BUTTONS = {"confirm": "Confirm", "dismiss": "Dismiss", "follow_up": "Follow-up"}
KEYS = {"confirm": "c", "dismiss": "d", "follow_up": "f"}


@cache
def static_text(name: str) -> str:
    """A file of ``review/static`` (the app's script)."""
    return resources.files("summary_audit.review").joinpath("static", name).read_text("utf-8")


@cache
def asset_version() -> str:
    """Changes whenever the stylesheet or script does (cache busting in their URLs)."""
    data = (asset("report.css") + static_text("review.js")).encode()
    return hashlib.sha256(data).hexdigest()[:10]


# --------------------------------------------------------------------------- queue filters


@dataclass(frozen=True)
class Filters:
    """The queue's filters and page, as read from (and written back to) a query string."""

    show: str = "open"
    family: str = ""
    severity: str = ""
    officer: str = ""
    unit: str = ""
    page: int = 1

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> Filters:
        def text(name: str) -> str:
            return str(query.get(name, ""))[:200]

        try:
            page = max(1, min(10**6, int(query.get("page", "1"))))
        except ValueError:
            page = 1
        show = text("show")
        return cls(
            show=show if show in SHOW else "open",
            family=text("family") if text("family") in FAMILY_NAMES else "",
            severity=text("severity") if text("severity") in ("error", "warning", "info") else "",
            officer=text("officer"),
            unit=text("unit"),
            page=page,
        )

    def query(self, **changes: object) -> str:
        """The query string (``?...``, or "" when everything is the default)."""
        values = {**self.__dict__, **changes}
        defaults = Filters().__dict__
        kept = {k: v for k, v in values.items() if v != defaults[k]}
        return "?" + urlencode(kept) if kept else ""

    def matches(self, entry: AuditEntry, decided: int) -> bool:
        """Whether the queue shows ``entry`` with ``decided`` of its flags to decide decided (an
        audit whose flags are all listings has nothing to review, like one without flags)."""
        total = entry.to_decide
        if self.show == "open":
            # An audit in which a rule crashed stays open: its flags are not the whole story.
            if decided >= total and not entry.report.failures:
                return False
        elif self.show == "done" and (decided < total or not total):
            return False
        if self.family and self.family not in entry.families:
            return False
        if self.severity and not entry.counts[self.severity]:
            return False
        meta = entry.metadata
        if self.officer and str(meta.get("officer", "")) != self.officer:
            return False
        return not self.unit or str(meta.get("unit", "")) == self.unit


# --------------------------------------------------------------------------- layout


@dataclass
class Chrome:
    """What every page shows around its body: who is reviewing, warnings about the run."""

    csrf: str
    reviewer: str
    identity: str  # "local" (name set per session), "external" (proxy or hook), "none"
    problems: Sequence[Problem] = ()
    notes: Sequence[str] = ()
    run_name: str = ""
    back: str = "/"  # where the name form returns to


def layout(title: str, body: str, chrome: Chrome, *, page: str, status: str = "") -> str:
    """A whole page: app bar, banners, ``body`` (already escaped), shortcut legend."""
    v = asset_version()
    banners = ""
    if chrome.problems:
        first = "; ".join(p.message for p in chrome.problems[:2])
        more = len(chrome.problems) - 2
        banners += (
            '<div class="banner error" role="alert"><b>The decision log fails its integrity '
            f"check</b> ({plural(len(chrome.problems), 'problem')}): {esc(first)}"
            + (f" and {more} more" if more > 0 else "")
            + '. <a href="/integrity">Details</a></div>'
        )
    banners += "".join(f'<div class="banner info">{n}</div>' for n in chrome.notes)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · summary-audit review</title>"
        f'<link rel="stylesheet" href="/static/report.css?v={v}">'
        f'<script src="/static/review.js?v={v}" defer></script></head>'
        f'<body class="app" data-page="{esc(page)}" data-status="{esc(status)}">'
        '<header class="appbar"><a class="brand" href="/">summary-audit <b>review</b></a>'
        f'<span class="run">{esc(chrome.run_name)}</span>'
        + (_NAV if chrome.identity != "none" else "")
        + _who(chrome)
        + "</header>"
        + f'{banners}<main class="app-main">{body}</main>'
        '<div id="toast" role="status" aria-live="polite" hidden></div>'
        + _legend(page)
        + "</body></html>"
    )


_NAV = (
    '<nav><a href="/">Queue</a><a href="/stats">Rule precision</a>'
    '<a href="/export.csv">Export CSV</a><a href="/export.jsonl">JSONL</a>'
    '<a href="/integrity">Log</a></nav>'
    '<button type="button" class="keys-btn" data-legend title="Keyboard shortcuts (?)">?</button>'
)


def _who(chrome: Chrome) -> str:
    if chrome.identity == "external":
        return f'<span class="who">Signed in as <b>{esc(chrome.reviewer)}</b></span>'
    if chrome.identity == "none":
        return ""
    if chrome.reviewer:
        return (
            f'<form class="who" method="post" action="/signout">{_csrf(chrome.csrf)}{_back(chrome)}'
            f"Reviewing as <b>{esc(chrome.reviewer)}</b> "
            '<button type="submit" class="link">switch</button></form>'
        )
    return (
        f'<form class="who" id="who" method="post" action="/reviewer">{_csrf(chrome.csrf)}'
        f"{_back(chrome)}"
        f'<label>Your name <input name="reviewer" required maxlength="{MAX_REVIEWER}" '
        'autocomplete="name" placeholder="e.g. Sgt. Ames"></label> '
        '<button type="submit">Start reviewing</button></form>'
    )


_LEGENDS = {
    "queue": [
        ("j / k", "next / previous audit in the list"),
        ("Enter or o", "open the selected audit"),
        ("n / p", "next / previous page"),
        ("u", "show unreviewed only / all"),
        ("?", "this help"),
    ],
    "audit": [
        ("j / k", "next / previous flag"),
        ("c", "confirm the selected flag"),
        ("d", "dismiss: type the reason, Enter records the dismissal"),
        ("f", "follow-up: optional note, Enter records it"),
        ("u", "undo the selected flag's decision"),
        ("n / p", "next / previous audit (same filters)"),
        ("q", "back to the queue"),
        ("Esc", "leave a text field"),
        ("?", "this help"),
    ],
}


def _legend(page: str) -> str:
    rows = _LEGENDS.get(page)
    if not rows:
        return ""
    items = "".join(f"<dt><kbd>{esc(k)}</kbd></dt><dd>{esc(v)}</dd>" for k, v in rows)
    hint = " · ".join(
        f"<kbd>{esc(k)}</kbd> {esc(v.split(':')[0])}" for k, v in rows[:6] if k != "?"
    )
    return (
        f'<footer class="legend-hint">{hint} · <kbd>?</kbd> all shortcuts</footer>'
        '<dialog id="legend" aria-label="Keyboard shortcuts"><h2>Keyboard shortcuts</h2>'
        f'<dl class="keys">{items}</dl><form method="dialog"><button>Close</button></form>'
        "</dialog>"
    )


def _back(chrome: Chrome) -> str:
    return f'<input type="hidden" name="back" value="{esc(chrome.back)}">'


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{esc(token)}">'


# --------------------------------------------------------------------------- queue


@dataclass
class QueueRow:
    entry: AuditEntry
    decided: int
    number: int  # 1-based position in the risk order


def queue_body(
    run: Run,
    rows: Sequence[QueueRow],
    matched: int,
    filters: Filters,
    totals: Mapping[str, int],
    options: Mapping[str, list[str]],
) -> str:
    """The queue: progress, filters, one page of audits, pager."""
    pages = max(1, -(-matched // PAGE_SIZE))
    q = filters.query()
    body_rows = "".join(_queue_row(r, q) for r in rows) or (
        '<tr><td colspan="8" class="empty">'
        + (
            "Every audit that matches is reviewed. "
            f'<a href="/{filters.query(show="all", page=1)}">Show all</a>'
            if filters.show == "open"
            else "No audits match these filters."
        )
        + "</td></tr>"
    )
    done, flags = totals["decided"], totals["to_decide"]
    share = f"{100 * done / flags:.0f}%" if flags else "–"
    prev_link = (
        f'<a id="prev-page" href="/{filters.query(page=filters.page - 1)}">‹ Previous</a>'
        if filters.page > 1
        else '<span class="off">‹ Previous</span>'
    )
    next_link = (
        f'<a id="next-page" href="/{filters.query(page=filters.page + 1)}">Next ›</a>'
        if filters.page < pages
        else '<span class="off">Next ›</span>'
    )
    first = (filters.page - 1) * PAGE_SIZE
    shown = f"{first + 1}–{first + len(rows)} of {matched}" if rows else f"0 of {matched}"
    return (
        '<div class="page-head"><h1>Review queue</h1>'
        f'<p class="counts">{plural(len(run.entries), "audit")} · '
        f"{plural(flags, 'flag')} to decide · "
        f"<b>{done}</b> decided ({share}) "
        f'<meter min="0" max="{max(flags, 1)}" value="{done}"></meter>'
        + (f" · {plural(run.failed, 'failed input')}" if run.failed else "")
        + (
            f' · <span class="badge crashed">{plural(crashed, "audit")} with a rule crashed '
            "(results incomplete)</span>"
            if (crashed := run.crashed)
            else ""
        )
        + (
            f" · {plural(len(run.skipped), 'malformed line')} of audits.jsonl skipped"
            if getattr(run, "skipped", None)
            else ""
        )
        + "</p></div>"
        + _filters(filters, options)
        + '<table class="queue"><thead><tr><th class="n">#</th><th>audit</th><th>officer</th>'
        '<th>unit</th><th class="n">errors</th><th class="n">warnings</th><th class="n">info</th>'
        f"<th>reviewed</th></tr></thead><tbody>{body_rows}</tbody></table>"
        f'<nav class="pager">{prev_link}<span>Page {min(filters.page, pages)} of {pages} · '
        f"{shown} {'unreviewed ' if filters.show == 'open' else ''}audits</span>{next_link}</nav>"
    )


def _queue_row(row: QueueRow, q: str) -> str:
    e = row.entry
    total = e.to_decide
    href = f"/audit/{esc(e.key)}{esc(q)}"
    state = "done" if total and row.decided >= total else ("started" if row.decided else "")
    return (
        f'<tr class="{state}" data-href="{href}"><td class="n">{row.number}</td>'
        f'<td><a href="{href}">{esc(e.case)}</a> <span class="sub">{esc(e.summary_file)}</span>'
        + (
            f' <span class="badge crashed" title="results incomplete">{CRASH_MARK}</span>'
            if e.report.failures
            else ""
        )
        + "</td>"
        f"<td>{esc(e.metadata.get('officer', ''))}</td><td>{esc(e.metadata.get('unit', ''))}</td>"
        + "".join(
            f'<td class="n{" sev-" + s if e.counts[s] else ""}">{e.counts[s]}</td>'
            for s in ("error", "warning", "info")
        )
        + f"{_progress(row)}</tr>"
    )


def _progress(row: QueueRow) -> str:
    """The queue's progress cell: decided of the flags to decide, or why there is nothing."""
    e = row.entry
    if e.to_decide:
        return f'<td class="progress">{row.decided}/{e.to_decide}</td>'
    if e.listed:
        return f'<td class="progress">nothing to decide ({plural(e.listed, "listing")})</td>'
    return "<td>no flags</td>"


def _select(name: str, label: str, options: Sequence[tuple[str, str]], current: str) -> str:
    opts = "".join(
        f'<option value="{esc(v)}"{" selected" if v == current else ""}>{esc(text)}</option>'
        for v, text in options
    )
    return f'<label>{esc(label)} <select name="{esc(name)}">{opts}</select></label>'


def _filters(f: Filters, options: Mapping[str, list[str]]) -> str:
    anyone = [("", "any")]
    families = [(k, f"{k} {FAMILIES.get(k, '')}".strip()) for k in FAMILY_NAMES]
    return (
        '<form class="filters" method="get" action="/">'
        + _select("show", "Show", list(SHOW.items()), f.show)
        + _select("family", "Family", anyone + families, f.family)
        + _select(
            "severity",
            "Severity",
            anyone + [(s, s) for s in ("error", "warning", "info")],
            f.severity,
        )
        + _select("officer", "Officer", anyone + [(o, o) for o in options["officer"]], f.officer)
        + _select("unit", "Unit", anyone + [(u, u) for u in options["unit"]], f.unit)
        + '<button type="submit">Filter</button> <a href="/?show=all">clear</a></form>'
    )


# --------------------------------------------------------------------------- audit page


@dataclass
class AuditView:
    """Everything the audit page shows."""

    entry: AuditEntry
    state: Mapping[str, Event]  # current decision per flag id
    history: Mapping[str, list[Event]]  # every event per flag id, oldest first
    transcript: Transcript | None
    filters: Filters
    position: int  # 1-based in the risk order
    total: int
    prev_key: str | None
    next_key: str | None
    notice: Event | None = None  # the decision just recorded (after a redirect)
    errors: Mapping[str, str] = field(default_factory=dict)  # flag id -> message
    typed: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # flag id -> form values
    focus: str = ""  # flag id to select on load
    older_versions: int = 0


def audit_body(view: AuditView, csrf: str) -> str:
    e, report = view.entry, view.entry.report
    q = view.filters.query(page=1) if view.filters.page == 1 else view.filters.query()
    nav_q = view.filters.query(page=1)
    prev_link = (
        f'<a id="prev-audit" href="/audit/{esc(view.prev_key)}{esc(nav_q)}">‹ Previous audit</a>'
        if view.prev_key
        else '<span class="off">‹ Previous audit</span>'
    )
    next_link = (
        f'<a id="next-audit" href="/audit/{esc(view.next_key)}{esc(nav_q)}">Next audit ›</a>'
        if view.next_key
        else '<span class="off">Next audit ›</span>'
    )
    decided = e.decided(view.state)
    listed = (
        f' <span class="listed">· {plural(e.listed, "listing")} (nothing to decide)</span>'
        if e.listed
        else ""
    )
    meta = " · ".join(
        f"{esc(label)} <b>{esc(e.metadata[name])}</b>"
        for name, label in (
            ("officer", "officer"),
            ("unit", "unit"),
            ("incident_type", "incident"),
            ("model", "model"),
        )
        if e.metadata.get(name)
    )
    badges = "".join(
        f'<span class="badge sev-{s}">{e.counts[s]} {s}</span>'
        for s in ("error", "warning", "info")
    )
    notes = ""
    if report.failures:
        crashed = "; ".join(
            f"{esc(f.code)} ({esc(f.error)}: {esc(clip(f.message, 120))})" for f in report.failures
        )
        notes += (
            '<p class="error-summary crashed" role="alert"><span class="badge crashed">'
            f"{CRASH_MARK}</span> Results incomplete: "
            f"{plural(len(report.failures), 'rule')} crashed in this audit and its flags are "
            f"missing: {crashed}.</p>"
        )
    if view.notice is not None:
        notes += _notice(view.notice, report.flags, csrf)
    if view.older_versions:
        notes += (
            '<p class="note">This is the latest version of this audit; '
            f"{plural(view.older_versions, 'earlier version')} (other rule options or an edited "
            "summary) in this run directory "
            + ("is" if view.older_versions == 1 else "are")
            + " not shown.</p>"
        )
    if view.errors:
        notes += (
            '<p class="error-summary" role="alert">Not recorded: '
            + "; ".join(esc(m) for m in dict.fromkeys(view.errors.values()))
            + "</p>"
        )
    cards = "".join(
        flag_card(
            e.key,
            f,
            view.state.get(f.id),
            view.history.get(f.id, []),
            csrf,
            q,
            error=view.errors.get(f.id, ""),
            typed=view.typed.get(f.id, {}),
        )
        for f in report.flags
    )
    transcript = (
        transcript_panel(view.transcript, report.flags)
        if view.transcript is not None
        else '<section class="panel transcript"><h2>Transcript</h2><p class="none">The run '
        "directory keeps no parsed transcript for this audit; the evidence quotes are shown "
        "with each flag.</p></section>"
    )
    return (
        f'<nav class="crumbs"><a id="to-queue" href="/{esc(q)}">← Queue</a>{prev_link}'
        f"<span>audit {view.position} of {view.total}</span>{next_link}</nav>"
        f'<div class="page-head"><h1>{esc(e.case)} <small>/ {esc(e.summary_file)}</small></h1>'
        f'<p class="meta">{meta}</p><p class="counts">{badges} '
        f'<span id="progress" data-total="{e.to_decide}">'
        + (
            f"{decided} of {plural(e.to_decide, 'flag')} decided"
            if e.to_decide or not e.listed
            else "Nothing to decide"
        )
        + f"</span>{listed}</p></div>{notes}"
        f'<div class="review-grid" data-focus="{esc(safe_id(view.focus))}">'
        f'<section class="flags" aria-label="Flags"><h2>Flags ({len(report.flags)})</h2>'
        + (f'<ol class="flag-list">{cards}</ol>' if cards else "<p>No flags.</p>")
        + '</section><div class="context">'
        '<section class="panel summary"><h2>Summary</h2>'
        f'<div class="summary-text">{highlighted_summary(report)}</div></section>'
        f"{transcript}</div></div>"
        f"{claims_section(report)}"
        f'<footer class="sig">{esc(report.signature)}</footer>'
    )


def _notice(event: Event, flags: Sequence[Flag], csrf: str) -> str:
    flag = next((f for f in flags if f.id == event.flag_id), None)
    code = flag.code if flag else event.code
    if event.decision == "undo":
        return f'<div class="notice" role="status">Undone: {esc(code)} decision #{event.supersedes}.</div>'
    return (
        f'<div class="notice" role="status">Recorded: <b>{esc(code)} {esc(event.label)}</b> by '
        f"{esc(event.reviewer)}"
        + (f" — “{esc(event.reason)}”" if event.reason else "")
        + f" {_undo_form(event.seq, csrf)}</div>"
    )


def _undo_form(seq: int, csrf: str) -> str:
    return (
        f'<form class="undo" method="post" action="/undo/{seq}">{_csrf(csrf)}'
        '<button type="submit" class="link">Undo</button></form>'
    )


def status_line(current: Event | None, csrf: str) -> str:
    if current is None:
        return '<div class="status open">Not reviewed</div>'
    return (
        f'<div class="status d-{esc(current.decision)}"><b>{esc(current.label)}</b> by '
        f"{esc(current.reviewer)} <time>{esc(current.at.replace('T', ' ')[:16])}</time>"
        + (f" — “{esc(current.reason)}”" if current.reason else "")
        + f" · {_undo_form(current.seq, csrf)}</div>"
    )


def _history(events: Sequence[Event]) -> str:
    if len(events) < 2:
        return ""
    items = "".join(
        f"<li>#{ev.seq} {esc(ev.at.replace('T', ' ')[:16])} {esc(ev.reviewer)}: "
        + (
            f"undid #{ev.supersedes}"
            if ev.decision == "undo"
            else f"{esc(ev.label)}"
            + (f" — “{esc(ev.reason)}”" if ev.reason else "")
            + (f" (replaces #{ev.supersedes})" if ev.supersedes else "")
        )
        + "</li>"
        for ev in events
    )
    return f'<details class="history"><summary>History ({len(events)} events)</summary><ol>{items}</ol></details>'


def flag_card(
    audit_key: str,
    f: Flag,
    current: Event | None,
    history: Sequence[Event],
    csrf: str,
    q: str = "",
    *,
    error: str = "",
    typed: Mapping[str, str] | None = None,
) -> str:
    """One flag with what it says, its evidence, its current decision and the decision forms.

    Each decision is its own form, so Enter in the dismissal reason submits the dismissal (and
    Enter in the follow-up note the follow-up), with or without the script.
    """
    sev = f.severity.value
    fid = safe_id(f.id)
    segs = " ".join(str(i) for ev in f.evidence for i in ev.segments)
    evidence = "".join(evidence_item(ev, True) for ev in f.evidence)
    typed = typed or {}
    action = f"/audit/{esc(audit_key)}/flag/{esc(f.id)}"
    back = f'<input type="hidden" name="q" value="{esc(q)}">'

    def form(decision: str, field: str) -> str:
        button = (
            f'<button type="submit" class="d-{decision}">{BUTTONS[decision]} '
            f"<kbd>{KEYS[decision]}</kbd></button>"
        )
        text = ""
        if field:
            required = " required" if decision == "dismiss" else ""
            hint = "why dismiss?" if decision == "dismiss" else "note (optional)"
            text = (
                f'<input name="reason" maxlength="{MAX_REASON}"{required} aria-label="{hint}" '
                f'placeholder="{hint}" value="{esc(typed.get(decision, ""))}">'
            )
        return (
            f'<form class="decide" method="post" action="{action}" data-decision="{decision}">'
            f'{_csrf(csrf)}{back}<input type="hidden" name="decision" value="{decision}">'
            f"{text}{button}</form>"
        )

    listing = not needs_decision(f.code)
    forms = form("confirm", "") + form("dismiss", "reason") + form("follow_up", "note")
    parts = [
        f'<li id="flag-{fid}" class="flag sev-{sev}{" listing" if listing else ""}'
        f'{" decided" if current else ""}" '
        f'data-flag="{fid}" data-segs="{esc(segs)}" tabindex="-1">',
        f'<div class="head"><span class="badge sev-{sev}">{sev}</span> <code>{esc(f.code)}</code>'
        f' <span class="rule">{esc(f.rule)}</span> — {esc(f.message)}</div>',
    ]
    if f.summary_span.text:
        parts.append(
            f'<blockquote><a href="#flag-{fid}">{esc(f.summary_span.text)}</a></blockquote>'
        )
    if evidence:
        parts.append(f'<ul class="evidence">{evidence}</ul>')
    parts.append(f'<p class="why">{esc(f.explanation.text)}</p>')
    if f.suggestion:
        parts.append(f'<p class="suggestion">Suggestion: {esc(f.suggestion)}</p>')
    if listing:  # a decision from before listings were told apart stays shown, and undoable
        parts.append(
            '<div class="status listing">Listed for attention: nothing to confirm or dismiss'
            "</div>" + (status_line(current, csrf) if current else "")
        )
    else:
        parts.append(status_line(current, csrf))
    if error:
        parts.append(f'<p class="card-error" role="alert">{esc(error)}</p>')
    if not listing:
        parts.append(f'<div class="decide-row">{forms}</div>')
    parts.append(f"{_history(history)}</li>")
    return "".join(parts)


def transcript_panel(transcript: Transcript, flags: Sequence[Flag]) -> str:
    """The transcript with every segment a flag cites marked, and each evidence quote found in
    its segment wrapped so the selected flag's quotes can be highlighted."""
    quotes: dict[int, list[tuple[int, int, str]]] = {}
    cited: set[int] = set()
    for f in flags:
        for ev in f.evidence:
            cited.update(ev.segments)
            if not ev.quote:
                continue
            for i in ev.segments:
                if 0 <= i < len(transcript.segments):
                    text = transcript.segments[i].text
                    at = text.lower().find(ev.quote.lower())
                    if at >= 0:
                        quotes.setdefault(i, []).append((at, at + len(ev.quote), safe_id(f.id)))
    rows = transcript_rows(
        transcript, cited, lambda seg: _marked(seg.text, quotes.get(seg.index, []))
    )
    return (
        '<section class="panel transcript"><h2>Transcript <small>'
        f"{plural(len(transcript.segments), 'segment')}</small></h2>"
        f"<ol>{rows}</ol></section>"
    )


def _marked(text: str, spans: list[tuple[int, int, str]]) -> str:
    if not spans:
        return esc(text)
    cuts = sorted({0, len(text)} | {p for s, e, _ in spans for p in (s, e)})
    out = []
    for start, end in itertools.pairwise(cuts):
        ids = sorted({fid for s, e, fid in spans if s <= start and end <= e})
        piece = esc(text[start:end])
        out.append(
            f'<mark class="ev" data-flags="{" ".join(ids)}">{piece}</mark>' if ids else piece
        )
    return "".join(out)


# --------------------------------------------------------------------------- other pages


def stats_body(tallies: Sequence[RuleTally], by_reviewer: Mapping[str, Mapping[str, int]]) -> str:
    """Observed precision per rule, least precise first, with n shown and small n marked."""

    def key(t: RuleTally) -> tuple[int, float, str]:
        p = t.observed_precision
        return (t.decided < SMALL_N, 2.0 if p is None else p, t.code)

    rows = []
    for t in sorted(tallies, key=key):
        p = t.observed_precision
        small = t.decided < SMALL_N
        shown = "–" if p is None else f"{p:.2f}"
        rows.append(
            f'<tr class="{"small-n" if small else ""}"><td><code>{esc(t.code)}</code> '
            f"{esc(FAMILIES.get(t.code[:3], ''))}</td>"
            f'<td class="n">{t.confirmed}</td><td class="n">{t.dismissed}</td>'
            f'<td class="n">{t.follow_up}</td><td class="n">{t.decided}</td>'
            f'<td><meter min="0" max="1" low="0.5" high="0.8" optimum="1" value="{p or 0:.3f}">'
            f"</meter> {shown}"
            + (' <span class="tag">small n</span>' if small else "")
            + "</td></tr>"
        )
    people = "".join(
        f"<tr><td>{esc(name)}</td>"
        + "".join(f'<td class="n">{counts.get(d, 0)}</td>' for d in DECISIONS)
        + "</tr>"
        for name, counts in sorted(by_reviewer.items())
    )
    return (
        '<div class="page-head"><h1>Rule precision</h1><p class="help">From the current '
        "decisions: observed precision = confirmed / (confirmed + dismissed); follow-ups count "
        f"for neither. Rules with fewer than {SMALL_N} decisions are marked <i>small n</i> and "
        "listed last; their precision says little yet.</p></div>"
        + (
            '<table class="data"><thead><tr><th>rule</th><th class="n">confirmed</th>'
            '<th class="n">dismissed</th><th class="n">follow-up</th><th class="n">n</th>'
            f"<th>observed precision</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            if rows
            else "<p>No decisions yet.</p>"
        )
        + (
            '<h2>Decisions by reviewer</h2><table class="data"><thead><tr><th>reviewer</th>'
            + "".join(f'<th class="n">{esc(LABELS[d].lower())}</th>' for d in DECISIONS)
            + f"</tr></thead><tbody>{people}</tbody></table>"
            if people
            else ""
        )
    )


def integrity_body(
    problems: Sequence[Problem], events: int, head: str, paths: Sequence[str]
) -> str:
    where = " · ".join(f"<code>{esc(p)}</code>" for p in paths)
    if problems:
        items = "".join(
            f"<li>{'#' + str(p.seq) + ': ' if p.seq else ''}{esc(p.message)}</li>" for p in problems
        )
        verdict = (
            f'<div class="banner error"><b>{plural(len(problems), "problem")}</b> found in the '
            f"decision log. Someone changed the file outside the review app, or it was damaged. "
            f"Keep a copy of it as it is now before anything else.</div><ul>{items}</ul>"
        )
    else:
        verdict = (
            f'<p class="notice">Intact: {plural(events, "event")}, each chained to the one '
            f"before and signed with the run's key; the newest is {esc(head)}.</p>"
        )
    return (
        '<div class="page-head"><h1>Decision log</h1><p class="help">Every decision, correction '
        "and undo is an event appended to the log; nothing is changed or deleted. The check below "
        f"reads every event again.</p></div>{verdict}<p>Files: {where}</p>"
        '<p><a href="/log.jsonl">Download the full log (JSONL, with chain hashes)</a></p>'
    )


def login_body(csrf: str, error: str = "") -> str:
    message = f'<p class="card-error" role="alert">{esc(error)}</p>' if error else ""
    return (
        '<div class="login panel"><h1>Sign in</h1><p>This review server needs its access '
        "token. Whoever started it has it (in the file it named, or in "
        "<code>$SUMMARY_AUDIT_REVIEW_TOKEN</code>).</p>"
        f'{message}<form method="post" action="/login">{_csrf(csrf)}<label>Access token '
        '<input type="password" name="token" required autocomplete="current-password" '
        'maxlength="512"></label> <button type="submit">Sign in</button></form></div>'
    )


def message_body(title: str, text: str) -> str:
    return f'<div class="page-head"><h1>{esc(title)}</h1></div><p>{esc(text)}</p><p><a href="/">Queue</a></p>'
