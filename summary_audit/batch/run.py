"""A whole batch run into an output folder: discover, skip what is done, audit, aggregate, write."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from summary_audit import __version__
from summary_audit.batch.discovery import discover
from summary_audit.batch.items import BatchItem, BatchResult
from summary_audit.batch.keys import audit_key, rules_signature
from summary_audit.batch.pool import RunOutput, _execute, write_html
from summary_audit.batch.stats import RunStats
from summary_audit.batch.store import (
    AUDITS_FILE,
    JsonlWriter,
    load_completed,
    load_saved_transcript,
    read_record,
)
from summary_audit.errors import ConfigError
from summary_audit.types import AuditReport, Severity

RUN_FILE = "run.json"
DEFAULT_BUDGET_S = 120.0  # seconds one audit may take before its worker is stopped


@dataclass
class BatchOutcome:
    """What :func:`run_batch` did: the run summary plus where things were written."""

    out_dir: Path
    run: dict[str, Any]
    stats: RunStats
    new: int
    resumed: int
    skipped_duplicates: int
    exit_code: int
    # (skipped item, the item it duplicates) as ``case/summary file`` labels, in input order.
    duplicates: list[tuple[str, str]] = field(default_factory=list)


Progress = Callable[[BatchResult | None, BatchItem | None], None]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_batch(
    source: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    html: bool = False,
    fail_on: Severity | str = Severity.WARNING,
    limit: int | None = None,
    budget_s: float | None = DEFAULT_BUDGET_S,
    on_result: Callable[[BatchResult], None] | None = None,
    **options: Any,
) -> BatchOutcome:
    """Audit everything in ``source`` into ``out_dir`` (layout in the module docstring).

    ``budget_s`` is each audit's time budget: an audit running longer has its worker killed and
    becomes an ``AuditTimeout`` failure record (``None``: no budget, and with ``workers=1`` the
    audits run in this process).  ``on_result`` is called in the parent for each newly finished audit (progress display).
    """
    started = _now()
    threshold = Severity(fail_on)
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html_dir = out / "reports" if html else None
    output = RunOutput(str(out), html)
    signature = rules_signature(options)
    audits_path = out / AUDITS_FILE
    completed = load_completed(audits_path)
    stats = RunStats()
    counters = {"resumed": 0}
    duplicates: list[tuple[str, str]] = []
    seen: dict[str, str] = {}  # key -> label of the first item with it

    def todo() -> Iterator[tuple[str, BatchItem]]:
        items = discover(source)
        for n, item in enumerate(items):
            if limit is not None and n >= limit:
                break
            key = audit_key(item, signature)
            if key in seen:
                duplicates.append((item.label, seen[key]))
                continue
            seen[key] = item.label
            if key in completed:
                record = read_record(audits_path, completed[key])
                stats.add(record)
                counters["resumed"] += 1
                if html_dir is not None and not (html_dir / f"{item.name}.html").exists():
                    _rerender_html(out, html_dir / f"{item.name}.html", item, record)
                continue
            yield key, item

    writer = JsonlWriter(audits_path)
    new = 0
    try:
        for result in _execute(todo(), options, workers, output, budget_s):
            record = result.record()
            writer.write(record)
            stats.add(record)
            new += 1
            if on_result is not None:
                on_result(result)
    finally:
        writer.close()
    summary = stats.summary()
    flagged = sum(
        summary["counts"]["flags_by_severity"][s.value] for s in Severity if s >= threshold
    )
    exit_code = 2 if stats.failed else (1 if flagged else 0)
    run = {
        "tool": "summary-audit",
        "version": __version__,
        "input": os.fspath(source),
        "signature": signature,
        "options": {k: v for k, v in sorted(options.items()) if v not in (None, False, [])},
        "workers": workers,
        "audit_timeout_s": budget_s,
        "fail_on": threshold.value,
        **summary,
        "flags_at_or_above_fail_on": flagged,
        "exit_code": exit_code,
        "this_run": {
            "audited": new,
            "resumed": counters["resumed"],
            "duplicates_skipped": len(duplicates),
        },
        "started": started,
        "finished": _now(),
    }
    (out / RUN_FILE).write_text(json.dumps(run, indent=2, default=str) + "\n", encoding="utf-8")
    _write_overviews(out, run, stats, html)
    return BatchOutcome(
        out, run, stats, new, counters["resumed"], len(duplicates), exit_code, duplicates
    )


def _rerender_html(out: Path, path: Path, item: BatchItem, record: Mapping[str, Any]) -> None:
    """An HTML report for an audit resumed from a run that did not write HTML."""
    report = AuditReport.model_validate(record["report"])
    transcript = load_saved_transcript(out, report.transcript_sha256)
    write_html(path, report.model_copy(update={"transcript": transcript}), item.title)


def _write_overviews(out: Path, run: dict[str, Any], stats: RunStats, html: bool) -> None:
    from summary_audit.report.overview import render_overview_html, render_overview_markdown

    data = {
        **run,
        "top_flags": stats.top_flags(),
        "audits": stats.top_audits(),
        "failures": stats.failures(),
    }
    (out / "overview.md").write_text(
        render_overview_markdown(data, html_reports=html), encoding="utf-8"
    )
    if html:
        (out / "overview.html").write_text(render_overview_html(data), encoding="utf-8")
