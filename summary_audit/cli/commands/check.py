"""`summary-audit check TRANSCRIPT SUMMARY`: audit one summary and print the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summary_audit.cli.options import add_rule_options, rule_options


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help="audit one summary against its transcript",
        description="Audit SUMMARY against TRANSCRIPT and print the flags. "
        "Exit 0: nothing at or above --fail-on; 1: findings (or a rule crashed); 2: bad input.",
    )
    p.add_argument("transcript", help="transcript file (.txt, .vtt, .srt, Whisper .json)")
    p.add_argument("summary", help="summary file (.txt, .md, or .json with metadata)")
    p.add_argument(
        "--format",
        choices=["text", "json", "markdown", "html"],
        default="text",
        help="report format (default: text)",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    add_rule_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from summary_audit.engine import audit
    from summary_audit.report import get_renderer, plural
    from summary_audit.report.text import render_text

    report = audit(Path(args.transcript), Path(args.summary), **rule_options(args))
    if args.format == "text":
        color = args.color == "always" or (
            args.color == "auto" and not args.output and sys.stdout.isatty()
        )
        out = render_text(report, color=color)
    else:
        out = get_renderer(args.format)(report)
        out = out if out.endswith("\n") else out + "\n"
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
        print(f"report written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    if report.failures:
        print(
            f"summary-audit: {plural(len(report.failures), 'rule')} crashed; see the report",
            file=sys.stderr,
        )
        return max(1, report.exit_code(args.fail_on))
    return report.exit_code(args.fail_on)
