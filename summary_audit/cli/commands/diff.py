"""`summary-audit diff DRAFT FINAL`: what changed between an AI draft and the signed final."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from summary_audit.cli.options import add_rule_options, add_verbosity, print_failures, rule_options

if TYPE_CHECKING:
    from summary_audit.provenance.diff import DraftFinalReport


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "diff",
        help="compare an AI draft with the final report (rubber-stamp check)",
        description="Align DRAFT and FINAL sentence by sentence and report the share of the final "
        "copied unchanged from the draft; with --transcript also audit both and list the flags "
        "fixed, surviving and new. Exit 0: clean; 1: the final keeps placeholders or planted "
        "errors, or flags at or above --fail-on remain; 2: bad input, usage or output; 3: a rule "
        "crashed (the comparison is incomplete).",
    )
    p.add_argument("draft", help="the AI draft (.txt, .md or .json)")
    p.add_argument("final", help="the final report (.txt, .md or .json)")
    p.add_argument("--transcript", metavar="FILE", help="audit both versions against this")
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default) or json (the whole comparison)",
    )
    add_verbosity(
        p,
        quiet="text: only the totals, leftovers and flags, not each changed sentence; "
        "-qq: print nothing, only the exit code tells",
        verbose=None,
    )
    add_rule_options(p)
    p.set_defaults(func=run)


def load_and_compare(args: argparse.Namespace) -> DraftFinalReport:
    """The DraftFinalReport for the parsed arguments (shared with `log diff`)."""
    from summary_audit.provenance.diff import compare
    from summary_audit.readers.summary import load_summary
    from summary_audit.readers.transcript import load_transcript

    transcript = (
        load_transcript(Path(args.transcript), format=args.transcript_format)
        if args.transcript
        else None
    )
    options = rule_options(args)
    options.pop("transcript_format", None)
    return compare(
        load_summary(Path(args.draft)), load_summary(Path(args.final)), transcript, **options
    )


def run(args: argparse.Namespace) -> int:
    from summary_audit.provenance.diff import render_text

    report = load_and_compare(args)
    if args.quiet >= 2:
        pass
    elif args.format == "json":
        print(report.model_dump_json(indent=2))
    else:
        print(render_text(report, sentences=not args.quiet), end="")
    print_failures(report.failures)
    return report.exit_code(args.fail_on)
