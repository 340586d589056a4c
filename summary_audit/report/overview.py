"""Run-level overview of a batch (Markdown and HTML): worst audits, rates, breakdowns, bar charts.

Input is the ``run.json`` content plus the bounded lists the batch keeps (``top_flags``,
``audits``, ``failures``).  The overview leaves out times and worker counts so that the same
inputs give the same bytes however the run was scheduled or resumed.

What to act on comes first: the audits, most severe first (errors, then warnings, then infos).
The charts rank groups by their rate, show each group's number of audits (n), and put groups with
fewer than :data:`SMALL_N` audits last, marked: a rate over two audits ranks nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from summary_audit.report import CRASH_MARK, crash_counts, plural
from summary_audit.report.html import esc, page
from summary_audit.report.markdown import md_escape
from summary_audit.rules.registry import FAMILIES

SEVERITIES = ("error", "warning", "info")
DIMENSIONS = (
    ("officer", "officer"),
    ("unit", "unit"),
    ("model", "model version"),
    ("incident_type", "incident type"),
)
BAR_WIDTH = 24
SMALL_N = 5  # groups with fewer audits than this are marked and listed after the others
HELP = (
    "Each audit checks one AI-written summary against its body-camera transcript. A flag is a "
    "claim, quote or word the transcript does not support, or something legally significant "
    "the summary leaves out. Open a summary below to see its flagged spans beside the transcript."
)


def _bar(value: float, top: float) -> str:
    return "█" * (round(BAR_WIDTH * value / top) if top else 0)


def _family_rows(data: Mapping[str, Any]) -> list[tuple[str, int]]:
    """Families by number of flags, most first."""
    fams = data["counts"]["flags_by_family"]
    ranked = sorted(fams.items(), key=lambda item: (-item[1], item[0]))
    return [(f"{f} {FAMILIES.get(f, '')}".strip(), n) for f, n in ranked]


def _ranked_groups(groups: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, Mapping[str, Any]]]:
    """Groups by flags per 1,000 words, highest first; small groups after the rest."""
    return sorted(
        groups.items(),
        key=lambda item: (
            item[1]["audits"] < SMALL_N,
            -item[1]["flags_per_1000_words"],
            item[0],
        ),
    )


def _small_n_note(groups: Mapping[str, Mapping[str, Any]]) -> str:
    small = sum(1 for g in groups.values() if g["audits"] < SMALL_N)
    if not small:
        return ""
    return (
        f"{plural(small, 'group')} with fewer than {SMALL_N} audits "
        "(marked, listed last): too few to compare."
    )


def _report_link(row: Mapping[str, Any]) -> str:
    return f"reports/{row['name']}.html"


def _failure_where(err: Mapping[str, Any]) -> str:
    """``path:line`` of a failed input's error (the file that failed, often not the summary)."""
    where, line = err.get("path") or "", err.get("line")
    if line:
        where = f"{where}:{line}" if where else f"line {line}"
    return where


def _audit_counts(c: Mapping[str, Any]) -> str:
    """``1 audit (1 ok, 0 failed)``, and the crashed rules when there are any."""
    text = f"{plural(c['audits'], 'audit')} ({c['ok']} ok, {c['failed']} failed)"
    if c.get("rule_failures"):
        text += f" · {crash_counts(c)}"
    return text


def _crash_text(row: Mapping[str, Any]) -> str:
    """``SA101 (OverflowError: ...), SA102 (...)``: the crashed rules of one audit."""
    return ", ".join(
        f"{f.get('code')} ({f.get('error')}: {str(f.get('message') or '')[:120]})"
        for f in row["failures"]
    )


def render_overview_markdown(data: Mapping[str, Any], *, html_reports: bool = False) -> str:
    """The overview as Markdown (``DIR/overview.md``)."""
    c = data["counts"]
    sev = c["flags_by_severity"]
    lines = [
        "# Batch audit overview",
        "",
        f"{_audit_counts(c)} · {plural(c['flags'], 'flag')} "
        f"({', '.join(f'{sev[s]} {s}' for s in SEVERITIES)}) · "
        f"**{data['flags_per_1000_words']} flags per 1,000 summary words** "
        f"({plural(c['summary_words'], 'word')})",
        "",
        f"Signature: `{data['signature']}`",
        "",
        HELP,
        "",
    ]
    if data["audits"]:
        lines += [
            "## Audits, most severe first",
            "",
            "| case | summary | error | warning | info | flags | words |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for row in data["audits"]:
            summary = md_escape(row["summary_file"])
            if html_reports:
                summary = f"[{summary}]({_report_link(row)})"
            if row.get("rule_failures"):
                summary += f" **{CRASH_MARK}**"
            lines.append(
                f"| {md_escape(row['case'])} | {summary} | {row['error']} | {row['warning']} "
                f"| {row['info']} | {row['flags']} | {row['summary_words']} |"
            )
        shown = len(data["audits"])
        if c["ok"] > shown:
            lines.append(f"\n… {plural(c['ok'] - shown, 'more audit')} in audits.jsonl")
        lines.append("")
    if data.get("crashed"):
        lines += [
            "## Rule crashes (results incomplete)",
            "",
            "These audits ran without the rules named: their flags are not the whole story.",
            "",
        ]
        lines += [
            f"- {md_escape(r['case'])} / {md_escape(r['summary_file'])}: "
            f"{md_escape(_crash_text(r), 400)}"
            for r in data["crashed"]
        ]
        lines.append("")
    lines += ["## Flags by code family", ""]
    rows = _family_rows(data)
    top = max((n for _, n in rows), default=0)
    lines += [f"    {name:<40} {n:>5} {_bar(n, top)}" for name, n in rows] or ["No flags."]
    for dim, label in DIMENSIONS:
        groups = data["by"][dim]
        if list(groups) == ["(unknown)"]:
            continue
        top_rate = max((g["flags_per_1000_words"] for g in groups.values()), default=0)
        lines += [
            "",
            f"## By {label}",
            "",
            f"| {label} | audits | words | flags | error | warning | info | per 1,000 words | |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, g in _ranked_groups(groups):
            small = " *(small n)*" if g["audits"] < SMALL_N else ""
            lines.append(
                f"| {md_escape(name)}{small} | {g['audits']} | {g['summary_words']} | {g['flags']} | "
                f"{g['error']} | {g['warning']} | {g['info']} | {g['flags_per_1000_words']} | "
                f"{_bar(g['flags_per_1000_words'], top_rate)} |"
            )
        if _small_n_note(groups):
            lines += ["", _small_n_note(groups)]
    if data["failures"]:
        lines += ["", "## Failed inputs", ""]
        for f in data["failures"]:
            err = f["error"] or {}
            where = _failure_where(err)
            lines.append(
                f"- {md_escape(f['case'])} / {md_escape(f['summary_file'])}: "
                f"{md_escape(err.get('type'))}: {md_escape(err.get('message'), 200)}"
                + (f" ({md_escape(where)})" if where else "")
            )
    return "\n".join(lines) + "\n"


def _html_bars(rows: list[tuple[str, float, str, bool]]) -> str:
    """A CSS bar chart: (label, value, shown text, small sample) rows."""
    top = max((v for _, v, _, _ in rows), default=0) or 1
    items = "".join(
        f'<div class="bar-row{" small-n" if small else ""}"><span class="bar-label">{esc(label)}'
        + (' <span class="tag">small n</span>' if small else "")
        + f'</span><span class="bar"><span style="width:{100 * value / top:.1f}%"></span></span>'
        f'<span class="bar-value">{esc(shown)}</span></div>'
        for label, value, shown, small in rows
    )
    return f'<div class="bars">{items}</div>'


def _failure_item(failure: Mapping[str, Any]) -> str:
    err = failure["error"] or {}
    where = _failure_where(err)
    return (
        f"<li>{esc(failure['case'])} / {esc(failure['summary_file'])}: "
        f"{esc(err.get('type'))}: {esc(err.get('message'))}"
        + (f" <code>{esc(where)}</code>" if where else "")
        + "</li>"
    )


def render_overview_html(data: Mapping[str, Any]) -> str:
    """The overview as one self-contained HTML page (``DIR/overview.html``)."""
    c = data["counts"]
    sev = c["flags_by_severity"]
    badges = "".join(f'<span class="badge sev-{s}">{sev[s]} {s}</span>' for s in SEVERITIES)
    parts = [
        '<div class="overview"><header><h1>Batch audit overview</h1>',
        f'<p class="counts">{esc(_audit_counts(c))} · '
        f"{badges} · <b>{data['flags_per_1000_words']}</b> flags per 1,000 summary words "
        f"({plural(c['summary_words'], 'word')})</p>",
        f'<p class="sig">{esc(data["signature"])}</p>',
        f'<p class="help">{HELP}</p></header><main>',
    ]
    if data["audits"]:
        body = "".join(
            f'<tr><td>{esc(r["case"])}</td><td><a href="{esc(_report_link(r))}">'
            f"{esc(r['summary_file'])}</a>"
            + (
                f' <span class="badge crashed">{CRASH_MARK}</span>'
                if r.get("rule_failures")
                else ""
            )
            + "</td>"
            + "".join(f'<td class="n">{r[s]}</td>' for s in SEVERITIES)
            + f'<td class="n">{r["flags"]}</td><td class="n">{r["summary_words"]}</td></tr>'
            for r in data["audits"]
        )
        more = c["ok"] - len(data["audits"])
        parts += [
            '<section class="panel"><h2>Audits, most severe first <small>(errors, then '
            "warnings, then infos)</small></h2><table><tr><th>case</th><th>summary</th>"
            '<th class="n">error</th><th class="n">warning</th><th class="n">info</th>'
            f'<th class="n">flags</th><th class="n">words</th></tr>{body}</table>'
            + (
                f'<p class="small-note">… {plural(more, "more audit")} in audits.jsonl</p>'
                if more > 0
                else ""
            )
            + "</section>"
        ]
    if data.get("crashed"):
        items = "".join(
            f"<li>{esc(r['case'])} / {esc(r['summary_file'])}: {esc(_crash_text(r))}</li>"
            for r in data["crashed"]
        )
        parts += [
            '<section class="panel crashed"><h2>Rule crashes <small>(results incomplete)</small>'
            f"</h2><ul>{items}</ul></section>"
        ]
    if data["failures"]:
        items = "".join(_failure_item(f) for f in data["failures"])
        parts += [f'<section class="panel"><h2>Failed inputs</h2><ul>{items}</ul></section>']
    parts += [
        '<section class="panel"><h2>Flags by code family</h2>',
        _html_bars([(name, n, str(n), False) for name, n in _family_rows(data)])
        if c["flags"]
        else "<p>No flags.</p>",
        "</section>",
    ]
    for dim, label in DIMENSIONS:
        groups = data["by"][dim]
        if list(groups) == ["(unknown)"]:
            continue
        rows = [
            (
                name,
                g["flags_per_1000_words"],
                f"{g['flags_per_1000_words']} · n={g['audits']}",
                g["audits"] < SMALL_N,
            )
            for name, g in _ranked_groups(groups)
        ]
        note = _small_n_note(groups)
        parts += [
            f'<section class="panel"><h2>Flags per 1,000 words by {esc(label)} '
            "<small>(n = audits)</small></h2>",
            _html_bars(rows),
            f'<p class="small-note">{esc(note)}</p>' if note else "",
            "</section>",
        ]
    parts.append("</main></div>")
    return page("Batch audit overview", "\n".join(parts))
