"""A whole batch run into an output folder: discover, skip what is done, audit, aggregate, write."""

from __future__ import annotations

import contextlib
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
from summary_audit.batch.keys import _unset, audit_key, rules_signature
from summary_audit.batch.pool import RunOutput, _execute, failed_result, write_html
from summary_audit.batch.stats import RunStats
from summary_audit.batch.store import (
    AUDITS_FILE,
    JsonlWriter,
    atomic_write_text,
    compact,
    encode_record,
    encode_record_safely,
    load_completed,
    load_saved_transcript,
    read_record,
    record_identity,
)
from summary_audit.errors import ConfigError, OutputError, ReportNotSerializable, clip
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
    allow_outside_input: bool = False,
    on_result: Callable[[BatchResult], None] | None = None,
    **options: Any,
) -> BatchOutcome:
    """Audit everything in ``source`` into ``out_dir`` (layout in the module docstring).

    ``budget_s`` is each audit's time budget: an audit running longer has its worker killed and
    becomes an ``AuditTimeout`` failure record (``None``: no budget, and with ``workers=1`` the
    audits run in this process).  ``allow_outside_input`` lets manifest and ``case.json`` paths
    leave the input folder (refused by default, each as a failure record).  ``on_result`` is
    called in the parent for each newly finished audit (progress display).

    ``settings.json`` in ``out_dir`` records the input and the options that decide results; a
    rerun into the same folder with other ones raises :class:`ConfigError` naming the option
    (options that only schedule the work, such as ``workers``, may change).  A full disk raises
    :class:`OutputError` with nothing corrupted: every file is written whole or not at all.
    """
    started = _now()
    threshold = Severity(fail_on)
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror or exc}") from None
    html_dir = out / "reports" if html else None
    output = RunOutput(str(out), html)
    signature = rules_signature(options)
    _check_settings(out, source, options, allow_outside_input)
    audits_path = out / AUDITS_FILE
    completed = load_completed(audits_path)
    stats = RunStats()
    counters = {"resumed": 0}
    duplicates: list[tuple[str, str]] = []
    seen: dict[str, str] = {}  # key -> label of the first item with it
    final: dict[tuple[str, ...], str] = {}  # input identity -> key of its record in this run

    def todo() -> Iterator[tuple[str, BatchItem]]:
        items = discover(source, allow_outside_input=allow_outside_input)
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
                final[record_identity(record)] = key
                stats.add(record)
                counters["resumed"] += 1
                if html_dir is not None and not (html_dir / f"{item.name}.html").exists():
                    _rerender_html(out, html_dir / f"{item.name}.html", item, record)
                continue
            yield key, item

    try:
        writer = JsonlWriter(audits_path)
    except OSError as exc:
        raise _output_error(audits_path, exc) from None
    new = 0
    try:
        with contextlib.closing(_execute(todo(), options, workers, output, budget_s)) as results:
            for result in results:
                if not result.ok and (result.error or {}).get("type") == "OutputError":
                    raise OutputError(f"{result.error['message']}; {_STOPPED}")
                result, line = _encoded(result)
                try:
                    writer.write_line(line)
                except OSError as exc:  # the line is undone; what was written before stays
                    raise _output_error(audits_path, exc) from None
                record = result.record()
                final[record_identity(record)] = result.key
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
    # The worst fact decides: a rule crashed (results incomplete) > an input failed > findings.
    exit_code = 3 if stats.rule_failures else 2 if stats.failed else (1 if flagged else 0)
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
    try:
        if limit is None:  # the whole input was seen: one record per input from now on
            compact(out, final)
        atomic_write_text(out / RUN_FILE, json.dumps(run, indent=2, default=str) + "\n")
        _write_overviews(out, run, stats, html)
    except OSError as exc:
        raise _output_error(out / RUN_FILE, exc) from None
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
        "crashed": stats.crashed(),
    }
    atomic_write_text(out / "overview.md", render_overview_markdown(data, html_reports=html))
    if html:
        atomic_write_text(out / "overview.html", render_overview_html(data))


def _encoded(result: BatchResult) -> tuple[BatchResult, bytes]:
    """The result and its ``audits.jsonl`` line; a report JSON cannot carry (NaN, an unpaired
    surrogate) becomes a ``ReportNotSerializable`` failure instead of a corrupt line."""
    try:
        return result, encode_record(result.record())
    except (ValueError, TypeError) as exc:
        failed = failed_result(
            result.key,
            result.item,
            ReportNotSerializable(f"the report cannot be stored as JSON: {clip(str(exc), 120)}"),
        )
        return failed, encode_record_safely(failed.record())


_STOPPED = (
    "the run stopped, finished audits are saved and nothing written is corrupt: free space and "
    "run the same command to resume"
)


def _output_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}; {_STOPPED}")


SETTINGS_FILE = "settings.json"
# Options that only schedule the work or shape the output: a rerun may change them.
_SCHEDULING = ("workers", "html", "limit", "budget_s", "fail_on", "on_result")


def _settings(
    source: str | os.PathLike[str], options: Mapping[str, Any], allow_outside_input: bool
) -> dict[str, Any]:
    settings = {"input": os.path.abspath(os.fspath(source))}
    settings.update(
        {k: v for k, v in sorted(options.items()) if not _unset(v) and k not in _SCHEDULING}
    )
    if allow_outside_input:
        settings["allow_outside_input"] = True
    return json.loads(json.dumps(settings, default=str))  # as stored, so comparisons are fair


def _check_settings(
    out: Path, source: str | os.PathLike[str], options: Mapping[str, Any], allow: bool
) -> None:
    """Record the run's settings, or refuse a rerun whose settings differ (one line, naming the
    first option that changed): one output folder holds one run's results, not a mix."""
    now = _settings(source, options, allow)
    path = out / SETTINGS_FILE
    try:
        then = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or unreadable (a crash mid-write of an older tool)
        then = None  # written below
    if isinstance(then, dict):
        for name in sorted(set(then) | set(now)):
            if then.get(name) != now.get(name):
                raise ConfigError(
                    f"{out} holds a run with other settings; use another output folder or the "
                    f"same settings: {name}: {_shown(then.get(name))} then, "
                    f"{_shown(now.get(name))} now"
                )
        return
    try:
        atomic_write_text(path, json.dumps(now, indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        raise _output_error(path, exc) from None


def _shown(value: Any) -> str:
    return "not set" if value is None else clip(json.dumps(value, ensure_ascii=False), 60)
