"""`summary-audit batch INPUT --out DIR`: audit a folder of cases or a manifest, resumably.

Exit codes, the worst that applies: 3 when a rule crashed in an audit (its results are incomplete),
2 when any input failed (the batch is incomplete, so it cannot be called clean), 1 when a flag is at
or above ``--fail-on``, else 0.  Every fact is printed whatever the code.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from summary_audit.cli.options import add_rule_options, positive_float, positive_int, rule_options

DEFAULT_BUDGET_S = 120.0  # summary_audit.batch.run.DEFAULT_BUDGET_S (not imported: a light CLI)
SHOW_FLAGS = 25  # flags listed at the end; the rest are counted in a "... N more" line
SHOW_DUPLICATES = 10  # skipped duplicates named at the end, likewise
_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "batch",
        help="audit many summaries (a folder of cases or a CSV/JSONL manifest), resumably",
        description="Audit every case in INPUT into DIR: audits.jsonl (one line per audit, "
        "resumable), run.json, overview.md, and with --html overview.html plus one page per "
        "audit. Exit 0: clean; 1: flags at or above --fail-on; 2: an input failed or bad usage; "
        "3: a rule crashed (results incomplete).",
    )
    p.add_argument("input", help="folder of case folders, or a .csv/.jsonl manifest")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument(
        "--workers",
        type=positive_int,
        default=min(4, os.cpu_count() or 1),
        metavar="N",
        help="worker processes (default: cores, at most 4)",
    )
    p.add_argument(
        "--audit-timeout",
        type=positive_float,
        default=DEFAULT_BUDGET_S,
        metavar="SECONDS",
        help="time budget of one audit: a longer one is stopped and recorded as failed "
        f"(AuditTimeout) and the batch goes on (default: {DEFAULT_BUDGET_S:g})",
    )
    p.add_argument(
        "--allow-outside-input",
        action="store_true",
        help="let manifest and case.json paths lead outside the input folder (refused by "
        "default: each such pair becomes a failure record and its files are not read)",
    )
    p.add_argument("--html", action="store_true", help="also write HTML reports and overview.html")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress; print only failures")
    p.add_argument("--limit", type=positive_int, metavar="N", help="audit only the first N pairs")
    add_rule_options(p)
    p.set_defaults(func=run)


def _progress_line(result: Any) -> str:
    from summary_audit.report import crashed_rules, plural

    where = result.item.label
    if not result.ok:
        return f"FAILED {where}: {_failure_detail(result.error or {}, result.item.origin)}"
    n = result.report_data["stats"]["flags"]
    by_sev = f"{n['error']} error, {n['warning']} warning, {n['info']} info"
    crashes = result.report_data.get("failures") or []
    if crashes:
        named = crashed_rules([(f["code"], f["error"], f["message"]) for f in crashes])
        return (
            f"CRASHED {where}: {plural(len(crashes), 'rule')} crashed, results incomplete: "
            f"{named}; {plural(sum(n.values()), 'flag')} ({by_sev})"
        )
    return f"ok     {where}: {plural(sum(n.values()), 'flag')} ({by_sev})"


def _crashed(result: Any) -> bool:
    return result.ok and bool(result.report_data.get("failures"))


def _failure_detail(err: dict[str, Any], origin: str | None) -> str:
    """``InputError: cannot read transcript: ... (file: PATH:LINE; listed at MANIFEST:ROW)``.

    The failing file is named separately because it is often not the summary the line is
    labelled with (a missing transcript, say), and the manifest row says where to fix it.
    """
    path = err.get("path")
    if path and err.get("line"):
        path = f"{path}:{err['line']}"
    context = "; ".join(
        x for x in (f"file: {path}" if path else "", f"listed at {origin}" if origin else "") if x
    )
    return f"{err.get('type')}: {err.get('message')}" + (f" ({context})" if context else "")


def _flag_lines(flags: list[dict[str, Any]], total: int, color: bool) -> list[str]:
    lines = []
    for f in flags[:SHOW_FLAGS]:
        sev = f"{f['severity']:<7}"
        if color:
            sev = f"{_COLORS.get(f['severity'], '')}{sev}{_RESET}"
        text = " ".join(f["text"].split())
        # Omissions (SA5) have no summary span; their message quotes the transcript instead.
        text = f"“{text}”" if len(text) <= 40 else f"“{text[:39]}…”"
        text = text if f["text"] else "(omitted)"
        lines.append(
            f"  {sev} {f['code']}  {f['case']}/{f['summary_file']}  {text}  {f['message']}"
        )
    if total > len(lines):
        lines.append(f"  ... {total - len(lines)} more (see overview.md / audits.jsonl)")
    return lines


def run(args: argparse.Namespace) -> int:
    from summary_audit.batch import discover, run_batch

    options = rule_options(args)
    tty = sys.stdout.isatty() and not args.quiet
    on_result, progress = None, None
    if tty:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        total = sum(1 for _ in discover(args.input))
        total = min(total, args.limit) if args.limit is not None else total
        progress = Progress(
            TextColumn("[bold]auditing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("failed {task.fields[failed]} · flags {task.fields[flags]}"),
            TimeRemainingColumn(),
            transient=True,
        )
        task = progress.add_task("audits", total=total, failed=0, flags=0)
        tally = {"failed": 0, "flags": 0}

        def on_result(result: Any) -> None:
            if result.ok:
                tally["flags"] += len(result.report_data["flags"])
                if _crashed(result):
                    progress.console.print(_progress_line(result), markup=False, highlight=False)
            else:
                tally["failed"] += 1
                progress.console.print(_progress_line(result), markup=False, highlight=False)
            progress.update(task, advance=1, **tally)

        progress.start()
    else:

        def on_result(result: Any) -> None:
            if not (args.quiet and result.ok and not _crashed(result)):
                print(_progress_line(result), flush=True)

    try:
        outcome = run_batch(
            args.input,
            args.out,
            workers=args.workers,
            html=args.html,
            fail_on=args.fail_on,
            limit=args.limit,
            budget_s=args.audit_timeout,
            allow_outside_input=args.allow_outside_input,
            on_result=on_result,
            **options,
        )
        if progress is not None:
            # Resumed audits never reach on_result: complete the bar before it disappears.
            progress.update(task, completed=total)
    finally:
        if progress is not None:
            progress.stop()
    _print_summary(outcome, args, color=sys.stdout.isatty())
    return outcome.exit_code


def _duplicate_lines(duplicates: list[tuple[str, str]]) -> list[str]:
    """Which pairs were skipped as duplicates, and of what (the first few, then a count)."""
    from summary_audit.report import plural

    if not duplicates:
        return []
    lines = [f"{plural(len(duplicates), 'duplicate pair')} skipped (same content and rules):"]
    lines += [f"  {skipped} (same as {first})" for skipped, first in duplicates[:SHOW_DUPLICATES]]
    if len(duplicates) > SHOW_DUPLICATES:
        lines.append(f"  ... {len(duplicates) - SHOW_DUPLICATES} more")
    return lines


def _print_summary(outcome: Any, args: argparse.Namespace, *, color: bool) -> None:
    from summary_audit.report import crash_counts, plural

    run, out = outcome.run, Path(outcome.out_dir)
    c = run["counts"]
    sev = c["flags_by_severity"]
    if c["flags"] and not args.quiet:
        print("\nFlags, most severe first:")
        for line in _flag_lines(outcome.stats.top_flags(), c["flags"], color):
            print(line)
    print(
        f"\n{plural(c['audits'], 'audit')} ({c['ok']} ok, {c['failed']} failed; "
        f"{outcome.new} run now, {outcome.resumed} already done): {plural(c['flags'], 'flag')} "
        f"({sev['error']} error, {sev['warning']} warning, {sev['info']} info), "
        f"{run['flags_per_1000_words']} per 1,000 summary words"
    )
    for line in _duplicate_lines(outcome.duplicates):
        print(line)
    crashed = f"; {crash_counts(c)}" if c.get("rule_failures") else ""
    print(
        f"{plural(run['flags_at_or_above_fail_on'], 'flag')} at or above {run['fail_on']}; "
        f"{plural(c['failed'], 'input')} failed{crashed} -> exit {outcome.exit_code}"
    )
    print(f"Results: {out / 'audits.jsonl'}, {out / 'run.json'}, {out / 'overview.md'}")
    if args.html:
        print(
            f"Open in a browser: {out / 'overview.html'} (one page per audit in {out / 'reports'})"
        )
