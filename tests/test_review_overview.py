"""The run overview puts what to act on first: most severe audits by errors, then warnings; charts
ranked by rate with n shown and small groups marked."""

from __future__ import annotations

import re

from summary_audit.batch.stats import RunStats
from summary_audit.report.overview import (
    SMALL_N,
    render_overview_html,
    render_overview_markdown,
)


def _record(case: str, severities: list[str], officer: str, words: int = 100) -> dict:
    flags = [
        {
            "id": f"{case}-{i}",
            "code": "SA101" if s == "error" else "SA401",
            "severity": s,
            "message": "m",
            "summary_span": {"start": i, "end": i + 1, "text": "x"},
        }
        for i, s in enumerate(severities)
    ]
    return {
        "key": case,
        "case": case,
        "summary_file": "summary.txt",
        "status": "ok",
        "metadata": {"officer": officer},
        "report": {"flags": flags, "stats": {"summary_words": words}, "failures": []},
    }


def _overview(records: list[dict]) -> dict:
    stats = RunStats()
    for r in records:
        stats.add(r)
    return {
        **stats.summary(),
        "signature": "sig",
        "top_flags": stats.top_flags(),
        "audits": stats.top_audits(),
        "failures": stats.failures(),
    }


RECORDS = [
    _record("two-errors-many-infos", ["error"] * 2 + ["info"] * 9, "Ofc. Busy"),
    _record("seven-errors", ["error"] * 7, "Ofc. Busy"),
    _record("three-errors-warnings", ["error"] * 2 + ["warning"] * 5, "Ofc. Busy"),
    _record("two-errors-one-warning", ["error"] * 2 + ["warning"], "Ofc. Busy"),
    _record("clean", [], "Ofc. Busy"),
    _record("lone", ["warning"] * 9, "Ofc. Lone", words=50),
]


def test_audits_are_most_severe_first_by_errors_then_warnings_not_by_total() -> None:
    data = _overview(RECORDS)
    assert [a["case"] for a in data["audits"]] == [
        "seven-errors",
        "three-errors-warnings",
        "two-errors-one-warning",
        "two-errors-many-infos",
        "lone",
        "clean",
    ]


def test_the_actionable_table_comes_before_the_charts() -> None:
    data = _overview(RECORDS)
    md = render_overview_markdown(data)
    assert md.index("## Audits, most severe first") < md.index("## Flags by code family")
    html = render_overview_html(data)
    assert html.index("Audits, most severe first") < html.index("Flags by code family")
    assert html.index("seven-errors") < html.index("two-errors-many-infos")


def test_charts_rank_groups_by_rate_show_n_and_mark_small_groups_last() -> None:
    data = _overview(RECORDS)
    by_officer = data["by"]["officer"]
    assert (
        by_officer["Ofc. Lone"]["flags_per_1000_words"]
        > by_officer["Ofc. Busy"]["flags_per_1000_words"]
    )
    html = render_overview_html(data)
    section = html[html.index("by officer") :]
    labels = [
        (small, label.strip())
        for small, label in re.findall(
            r'<div class="bar-row( small-n)?"><span class="bar-label">([^<]+)', section
        )
    ]
    # Ofc. Lone has the higher rate but one audit (< SMALL_N): marked and listed after Ofc. Busy.
    assert labels[:2] == [("", "Ofc. Busy"), (" small-n", "Ofc. Lone")]
    assert "n=5" in section and "n=1" in section
    assert f"fewer than {SMALL_N} audits" in section
    md = render_overview_markdown(data)
    table = md[md.index("## By officer") :]
    assert table.index("Ofc. Busy") < table.index("Ofc. Lone *(small n)*")


def test_families_are_ranked_by_count() -> None:
    md = render_overview_markdown(_overview(RECORDS))
    families = md[md.index("## Flags by code family") :]
    assert families.index("SA4") < families.index("SA1")  # 15 warnings vs 13 errors
