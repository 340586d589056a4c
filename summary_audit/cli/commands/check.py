"""`summary-audit check TRANSCRIPT SUMMARY`: audit one summary and print the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summary_audit.cli.options import (
    add_incident_type,
    add_rule_options,
    add_verbosity,
    output_file,
    print_failures,
    rule_options,
    write_output,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help="audit one summary against its transcript",
        description="Audit SUMMARY against TRANSCRIPT and print the flags. Exit 0: nothing at "
        "or above --fail-on; 1: findings; 2: bad input, usage or output; 3: a rule crashed "
        "(the audit is incomplete).",
    )
    p.add_argument("transcript", help="transcript file (.txt, .vtt, .srt, Whisper .json)")
    p.add_argument("summary", help="summary file (.txt, .md, or .json with metadata)")
    p.add_argument(
        "--format",
        choices=["text", "json", "markdown", "html"],
        default="text",
        help="report format (default: text)",
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=output_file,
        help="write the report here instead of stdout (its folder must exist)",
    )
    p.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="color the text report: auto (when stdout is a terminal), always or never",
    )
    add_verbosity(
        p,
        quiet="text report: one line per flag; -qq: print no report, only the exit code tells",
        verbose="text report: also how each flag was found and the audit's statistics",
    )
    add_incident_type(p)
    p.add_argument(
        "--against-drafts",
        metavar="DIR",
        help="a folder of independent drafts of the same transcript (summarize --drafts N "
        "--out DIR): claims no draft supports are marked SA613 (info)",
    )
    add_rule_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from summary_audit.engine import audit
    from summary_audit.report import get_renderer
    from summary_audit.report.text import render_text

    options = rule_options(args)
    if args.against_drafts:
        options["drafts"] = args.against_drafts
    report = audit(Path(args.transcript), Path(args.summary), **options)
    if args.format == "text":
        color = args.color == "always" or (
            args.color == "auto" and not args.output and sys.stdout.isatty()
        )
        out = render_text(report, color=color, verbosity=min(args.verbose, 1) - min(args.quiet, 1))
    else:
        out = get_renderer(args.format)(report)
        out = out if out.endswith("\n") else out + "\n"
    if args.output:
        write_output(args.output, out)
        if not args.quiet:
            print(f"report written to {args.output}", file=sys.stderr)
    elif args.quiet < 2:
        sys.stdout.write(out)
    print_failures(report.failures)
    return report.exit_code(args.fail_on, preview=args.preview)
